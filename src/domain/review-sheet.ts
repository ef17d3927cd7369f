/**
 * The 審査記録 sheet as a real table: the rows and columns the add-in owns (header, one row per item, then a sign-off
 * block below a blank row) and the table's decoration (filter buttons, frozen header, a list on the status column,
 * a link from each item to its checksheet row). Adapters turn `table` into their format (OOXML table part, Office.js
 * tables.add / freezePanes / dataValidation / hyperlink). Plain TypeScript.
 */
import { toA1 } from "./a1";
import { EMPTY_ANSWER_TEXT, REVIEW_HEADERS, REVIEW_STATUS_LABELS, REVIEW_STATUSES, SIGNOFF_BLOCK_MARK, type ColumnKey, type ReviewEntry } from "./review";
import { isStale, signOffFields, type SignOffState } from "./signoff";
import type { CellValue, ItemClass } from "./types";

export interface ReviewSheetItem {
  id: string;
  /** Short heading of the item (paraphrase). */
  label: string;
  class: ItemClass;
  /** The id as the sheet shows it under its heading ("3.3(2) ３－１"); absent when the item is not on the sheet. */
  sheetLabel?: string;
  /** 0-based row of the item on the checksheet; absent when not on the sheet. */
  row?: number;
  /** Column of the cell the link goes to (the answer cell). */
  col?: number;
}

/** A link from a cell of the owned sheet to a cell of another sheet. */
export interface SheetLink {
  row: number;
  col: number;
  sheet: string;
  /** Target cell, A1. */
  cell: string;
}

/** Decoration of a table over the first rows of an owned sheet. */
export interface OwnedSheetTable {
  /** Table name (Excel: letters, digits, underscore; unique in the workbook). */
  name: string;
  /** 0-based header row; the table spans header..lastRow, columns 0..columns-1. */
  headerRow: number;
  lastRow: number;
  columns: number;
  /** Rows frozen at the top (the header stays visible). */
  freezeRows: number;
  /** Column (0-based) with a list validation, and its values. */
  list: { col: number; values: string[] } | null;
  links: SheetLink[];
}

export interface ReviewSheetLayout {
  rows: CellValue[][];
  /** Columns the add-in owns (from A). */
  columns: number;
  table: OwnedSheetTable;
}

export const REVIEW_TABLE_NAME = "PHR_Review";

export const REVIEW_COLUMNS: ColumnKey[] = [
  "itemId",
  "sheetLabel",
  "label",
  "class",
  "status",
  "comment",
  "reviewer",
  "at",
  "answer",
  "stale",
  "link",
  "history",
];

export interface ReviewSheetInput {
  entries: ReviewEntry[];
  /** Catalog items in catalog order, with their place on the sheet. */
  items: ReviewSheetItem[];
  /** Name of the checksheet the links go to. */
  checksheet: string;
  /** Current answers (itemId -> text), for the 回答変更 column. */
  answers: Record<string, string>;
  signoff: SignOffState;
  lang?: "ja" | "en";
}

export function reviewSheetLayout(input: ReviewSheetInput): ReviewSheetLayout {
  const cols = REVIEW_COLUMNS;
  const byId = new Map(input.entries.map((e) => [e.itemId, e]));
  const rows: CellValue[][] = [cols.map((k) => REVIEW_HEADERS[k].ja)];
  const links: SheetLink[] = [];
  const linkCol = cols.indexOf("link");
  const rowFor = (id: string, it: ReviewSheetItem | undefined, e: ReviewEntry | undefined): CellValue[] => {
    const target = it?.row !== undefined ? toA1(it.row, it.col ?? 0) : "";
    if (target) links.push({ row: rows.length, col: linkCol, sheet: input.checksheet, cell: target });
    return cols.map((k): CellValue => {
      switch (k) {
        case "itemId":
          return id;
        case "sheetLabel":
          return it?.sheetLabel ?? "";
        case "label":
          return it?.label ?? "";
        case "class":
          return it?.class ?? "";
        case "status":
          return REVIEW_STATUS_LABELS[e?.status ?? "unreviewed"].ja;
        case "comment":
          return e?.comment ?? "";
        case "reviewer":
          return e?.reviewer ?? "";
        case "at":
          return e?.at ?? "";
        case "answer":
          return e?.answer === undefined ? "" : e.answer === "" ? EMPTY_ANSWER_TEXT : e.answer;
        case "stale":
          return isStale(e, input.answers) ? `要再確認: ${input.answers[id] || EMPTY_ANSWER_TEXT}` : "";
        case "link":
          return target ? `${input.checksheet}!${target}` : "";
        case "history":
          return (e?.history ?? []).join("\n");
      }
    });
  };
  const seen = new Set<string>();
  for (const it of input.items) {
    if (seen.has(it.id)) continue;
    seen.add(it.id);
    rows.push(rowFor(it.id, it, byId.get(it.id)));
  }
  for (const e of input.entries) {
    if (seen.has(e.itemId)) continue;
    seen.add(e.itemId);
    rows.push(rowFor(e.itemId, undefined, e));
  }
  const lastRow = rows.length - 1;
  rows.push([]);
  rows.push([SIGNOFF_BLOCK_MARK]);
  for (const [label, value] of signOffFields(input.signoff, "ja")) rows.push([label, value]);
  return {
    rows,
    columns: cols.length,
    table: {
      name: REVIEW_TABLE_NAME,
      headerRow: 0,
      lastRow,
      columns: cols.length,
      freezeRows: 1,
      list: { col: cols.indexOf("status"), values: REVIEW_STATUSES.map((s) => REVIEW_STATUS_LABELS[s].ja) },
      links,
    },
  };
}

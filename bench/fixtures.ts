/**
 * Generated inputs for the benchmarks (all fictitious): checksheet books of a given row count,
 * certification JSON, and conversions to the strict fake Excel's seed.
 */
import { loadBundledCrosswalk } from "../src/domain/crosswalk";
import type { CellValue, Crosswalk } from "../src/domain/types";
import type { FakeSeed, FakeSeedSheet } from "../test/fakes/fake-excel";
import { standardLayout, type LayoutBook, type SheetSpec } from "../test/helpers/layouts";

export const crosswalk: Crosswalk = loadBundledCrosswalk();

export const CERT = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-BENCH-0001",
  holder: "ベンチマーク株式会社（架空）",
  serviceName: "ベンチPHR（架空）",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-04-01",
  expiresOn: "2027-03-31",
  status: "active",
};
export const TODAY = "2026-01-15";

/**
 * The standard layout with supplementary rows (補足) spread evenly after the items until the sheet has `rows` rows:
 * a long checksheet where reviewers keep notes under each item. Still 145 items.
 */
export function checksheetBook(rows: number, answers: (i: number) => CellValue = () => null): LayoutBook {
  const book = standardLayout(crosswalk.entries);
  const s = book.sheets[0];
  const itemRows = [...book.rowOf.values()].sort((a, b) => a - b);
  const extra = Math.max(0, rows - s.values.length);
  const per = Math.floor(extra / itemRows.length);
  let rest = extra - per * itemRows.length;
  const out: CellValue[][] = [];
  const itemSet = new Set(itemRows);
  const idOfRow = new Map([...book.rowOf].map(([id, r]) => [r, id]));
  const rowOf = new Map<string, number>();
  let n = 0;
  s.values.forEach((row, r) => {
    const copy = [...(row ?? [])];
    if (itemSet.has(r)) {
      copy[3] = answers(n++);
      rowOf.set(idOfRow.get(r)!, out.length);
    }
    out.push(copy);
    if (itemSet.has(r)) {
      const k = per + (rest > 0 ? 1 : 0);
      if (rest > 0) rest--;
      for (let j = 0; j < k; j++) out.push([null, null, null, null, `補足 ${j + 1}: 記録の所在は別紙（架空）`]);
    }
  });
  // Shift row-based hints (validations/bold/shaded rows) conservatively: keep only the header hint and a validation over the whole answer column.
  const sheet: SheetSpec = {
    name: s.name,
    values: out,
    boldRows: [0],
    widths: s.widths,
    validations: [{ ranges: [{ top: 1, left: 3, bottom: out.length - 1, right: 3 }], list: ["はい", "いいえ"] }],
  };
  return { sheets: [sheet], checksheet: s.name, rowOf };
}

export function fakeSeedOf(book: LayoutBook): FakeSeed {
  const sheets: FakeSeedSheet[] = book.sheets.map((s) => ({
    name: s.name,
    values: s.values.map((r) => (r ?? []).map((v) => (v === undefined ? null : v))),
    formulas: s.formulas,
    visibility: s.visibility,
    merges: s.merges,
    hiddenRows: s.hiddenRows,
    validations: s.validations?.map((v) => ({ ranges: v.ranges, list: v.list })),
  }));
  return { sheets };
}

/**
 * A dense checksheet: the standard layout with supplementary rows after the items until the sheet has `rows` rows, every
 * supplementary row holding three texts that occur nowhere else (columns C, E and F), so a shared-strings table of about
 * 3 × rows distinct entries: the case where a cache keyed by text cannot help. Still 145 items.
 */
export function denseChecksheetBook(rows: number): LayoutBook {
  const book = checksheetBook(145);
  const s = book.sheets[0];
  const itemRows = [...book.rowOf.values()].sort((a, b) => a - b);
  const extra = Math.max(0, rows - s.values.length);
  const per = Math.floor(extra / itemRows.length);
  let rest = extra - per * itemRows.length;
  const itemSet = new Set(itemRows);
  const idOfRow = new Map([...book.rowOf].map(([id, r]) => [r, id]));
  const rowOf = new Map<string, number>();
  const out: CellValue[][] = [];
  let g = 0;
  // A deterministic scramble so texts differ early, not only in a trailing counter.
  const tag = (n: number) => ((Math.imul(n + 1, 2654435761) >>> 0).toString(36) + (Math.imul(n + 7, 40503) >>> 0).toString(36)).toUpperCase();
  s.values.forEach((row, r) => {
    if (itemSet.has(r)) rowOf.set(idOfRow.get(r)!, out.length);
    out.push([...(row ?? [])]);
    if (!itemSet.has(r)) return;
    const k = per + (rest > 0 ? 1 : 0);
    if (rest > 0) rest--;
    for (let j = 0; j < k; j++, g++)
      out.push([
        null,
        null,
        `補足 ${tag(g)}: 受診記録 ${g + 1} の保管場所と確認手順（架空）`,
        null,
        `備考 ${g + 1}（${tag(g + 1_000_003)}）: 担当 架空 太郎${g % 97}`,
        `R-${tag(g + 2_000_003)}-${g + 1}`,
      ]);
  });
  const sheet: SheetSpec = {
    name: s.name,
    values: out,
    boldRows: [0],
    widths: [...(s.widths ?? []), 24],
    validations: [{ ranges: [{ top: 1, left: 3, bottom: out.length - 1, right: 3 }], list: ["はい", "いいえ"] }],
  };
  return { sheets: [sheet], checksheet: s.name, rowOf };
}

/** Text cells of a book and how many distinct texts they hold (the inputs' description in results.json). */
export function textStats(book: LayoutBook): { rows: number; textCells: number; distinctTexts: number } {
  const seen = new Set<string>();
  let textCells = 0;
  let rows = 0;
  for (const s of book.sheets) {
    rows += s.values.length;
    for (const row of s.values)
      for (const v of row ?? [])
        if (typeof v === "string" && v !== "") {
          textCells++;
          seen.add(v);
        }
  }
  return { rows, textCells, distinctTexts: seen.size };
}

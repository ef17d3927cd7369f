/**
 * The add-in record: everything the add-in (or the CLI) wrote into a workbook,
 * with the previous state of every cell it changed, so that "clear" restores
 * exactly. Stored as JSON chunks in column A of a very hidden sheet
 * (RECORD_SHEET_NAME), identically by the Office adapter and the OOXML adapter.
 *
 * Layout of the store sheet (column A, 0-based rows):
 *   row 0: RECORD_SCHEMA marker
 *   row 1: sha256 of the JSON text (tamper detection)
 *   row 2: number of chunks
 *   row 3..: JSON text in chunks of at most RECORD_CHUNK characters
 */
import { sha256 } from "./sha256";
import type { CellValue, Certification } from "./types";

export const RECORD_SHEET_NAME = "PHR_ADDIN_DATA";
export const RECORD_SCHEMA = "phr-addin-record/1";
/** Excel's cell text limit is 32,767 characters; stay well below it. */
export const RECORD_CHUNK = 30000;

/** Previous state of one cell, as it was before the add-in touched it. */
export interface CellSnapshot {
  row: number;
  col: number;
  value: CellValue;
  /** Formula text ("=SUM(A1:A3)") when the cell had one. */
  formula: string | null;
  /** Fill colour "#RRGGBB", or null for no fill. */
  fill: string | null;
  /** Wrap-text flag, when the adapter reads it. */
  wrap?: boolean;
  /** Adapter-specific token for an exact restore (e.g. the OOXML adapter's original `<c>` element). */
  native?: string;
}

/** What the add-in wrote into one cell (used to detect hand edits since). */
export interface AppliedCell {
  row: number;
  col: number;
  /** Value written; undefined when the value was left alone (format only). */
  value?: CellValue;
  /** Fill written; undefined when the fill was left alone. */
  fill?: string | null;
  /** Wrap flag written; undefined when left alone (and in records written before it was kept). */
  wrap?: boolean;
}

export type LayerKind = "annotate" | "bulk-mark";

/** One undoable operation. Layers are undone last-first. */
export interface MarkLayer {
  kind: LayerKind;
  sheet: string;
  /** ISO timestamp. */
  at: string;
  tool: "addin" | "cli";
  before: CellSnapshot[];
  after: AppliedCell[];
  /** Column widths the layer set (character units; null = default width). Optional: older records have none. */
  columns?: ColumnChange[];
  /** Adapter-specific token of all column widths before the layer (see SheetMatrix.columnsNative). */
  columnsNative?: string;
  /** The columns the add-in wrote its texts into (annotate), so a re-apply can tell them from the user's. */
  addinColumns?: number[];
  /** Print settings the layer applied, with the adapter's token of those before it (restored on clear). Optional. */
  print?: { native: string; fitToWidth: boolean; titleRows?: { top: number; bottom: number } };
}

/** A column width the add-in changed: `before` is restored on clear. */
export interface ColumnChange {
  /** 0-based column index. */
  col: number;
  before: number | null;
  after: number | null;
}

export interface EvidenceRef {
  /** Document name. */
  document: string;
  url?: string;
  page?: string;
  note?: string;
  addedAt: string;
}

export interface SignOff {
  reviewer: string;
  at: string;
  /** sha256 over the answers of all items at sign-off (see answersHash). */
  answersHash: string;
  /** The answers at sign-off, itemId -> answer text, to show which changed. */
  answers: Record<string, string>;
}

export interface AddinRecord {
  schema: typeof RECORD_SCHEMA;
  /** The applicant's certification as stored in the workbook (null when none). */
  certification: Certification | null;
  /** Crosswalk version used for the marks. */
  crosswalkVersion: string | null;
  /** SHA-256 of the crosswalk (canonical JSON) the marks came from; absent in records written before it was kept. */
  crosswalkHash?: string | null;
  /** Name of the checksheet sheet the marks were made on. */
  sheet: string | null;
  layers: MarkLayer[];
  /** Evidence references per item id (C/D items). */
  evidence: Record<string, EvidenceRef[]>;
  signoff: SignOff | null;
  /** Remarks template for bulk-mark, editable by the user. */
  remarksTemplate?: string;
  updatedAt: string;
}

export function emptyRecord(now: string): AddinRecord {
  return {
    schema: RECORD_SCHEMA,
    certification: null,
    crosswalkVersion: null,
    sheet: null,
    layers: [],
    evidence: {},
    signoff: null,
    updatedAt: now,
  };
}

/** Serialize to the store column (strings, one per cell, top to bottom). */
export function encodeRecord(record: AddinRecord): string[] {
  const json = JSON.stringify(record);
  const chunks: string[] = [];
  for (let i = 0; i < json.length; ) {
    let end = Math.min(i + RECORD_CHUNK, json.length);
    // Cut on a code-point boundary: a lone surrogate would not survive a cell (it becomes U+FFFD).
    if (end < json.length && isHighSurrogate(json.charCodeAt(end - 1))) end--;
    chunks.push(json.slice(i, end));
    i = end;
  }
  if (chunks.length === 0) chunks.push("");
  return [RECORD_SCHEMA, sha256(json), String(chunks.length), ...chunks];
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export { RecordError } from "./record-error";
import { RecordError } from "./record-error";

/**
 * Parse the store column. Returns null when there is no record at all;
 * throws RecordError when there is one but it was edited by hand or is malformed
 * (clear must then refuse rather than restore wrong values).
 */
export function decodeRecord(cells: ReadonlyArray<CellValue> | null | undefined): AddinRecord | null {
  if (!cells || cells.length === 0 || cells.every((c) => c === null || c === "")) return null;
  const text = cells.map((c) => (c === null || c === undefined ? "" : String(c)));
  if (text[0] !== RECORD_SCHEMA) {
    throw new RecordError("not-a-record", {
      ja: `シート ${RECORD_SHEET_NAME} の内容がアドインの記録ではありません。`,
      en: `Sheet ${RECORD_SHEET_NAME} does not hold an add-in record.`,
    });
  }
  const count = Number(text[2]);
  if (!Number.isInteger(count) || count < 1 || text.length < 3 + count) {
    throw new RecordError("malformed", {
      ja: "アドインの記録が壊れています（分割数が一致しません）。",
      en: "The add-in record is damaged (chunk count does not match).",
    });
  }
  const json = text.slice(3, 3 + count).join("");
  if (sha256(json) !== text[1]) {
    throw new RecordError("tampered", {
      ja: "アドインの記録が手作業で変更されています。誤った値を復元しないよう、処理を中止しました。",
      en: "The add-in record was edited by hand. Stopped rather than restore wrong values.",
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new RecordError("malformed", {
      ja: "アドインの記録を読み取れません（JSON が不正です）。",
      en: "The add-in record cannot be read (invalid JSON).",
    });
  }
  const rec = parsed as AddinRecord;
  if (!rec || rec.schema !== RECORD_SCHEMA || !Array.isArray(rec.layers)) {
    throw new RecordError("malformed", {
      ja: "アドインの記録の形式が不正です。",
      en: "The add-in record has an invalid shape.",
    });
  }
  rec.evidence ??= {};
  rec.signoff ??= null;
  return rec;
}

/** Stable hash of answers (itemId -> answer text), for sign-off. */
export function answersHash(answers: Record<string, string>): string {
  const keys = Object.keys(answers).sort();
  return sha256(JSON.stringify(keys.map((k) => [k, answers[k]])));
}

/**
 * Pure helpers for the Office adapter: A1 addresses, grouping cells into
 * rectangular blocks, and chunking RangeAreas address lists under the
 * getRanges() limit. No Office calls here (unit-testable, no Excel needed).
 */
import { columnIndex, toA1 as cellA1 } from "../domain/a1";
import type { CellRect, CellValue } from "../domain/types";

/** Documented getRanges() limit is 8,192 characters; stay below it. */
export const MAX_ADDRESS_CHARS = 8000;
/** office-js#5198 saw getRanges() failures around 500 areas; stay well below. */
export const MAX_AREAS_PER_CALL = 300;

export { columnLetters as columnName, columnIndex } from "../domain/a1";

export { toA1 as cellA1 } from "../domain/a1";

export function rectA1(r: CellRect): string {
  return r.top === r.bottom && r.left === r.right ? cellA1(r.top, r.left) : `${cellA1(r.top, r.left)}:${cellA1(r.bottom, r.right)}`;
}

/** Split on commas that are not inside a quoted sheet name. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'") {
      if (quoted && s[i + 1] === "'") {
        cur += "''";
        i++;
        continue;
      }
      quoted = !quoted;
    }
    if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

/** Parse one reference, with or without a sheet ("Sheet1!$A$1:$B$2", "'My sheet'!C3"). */
export function parseReference(ref: string): { sheet: string | null; rect: CellRect } | null {
  const s = ref.trim().replace(/^=/, "");
  const bang = s.lastIndexOf("!");
  let sheet: string | null = null;
  let addr = s;
  if (bang >= 0) {
    sheet = s.slice(0, bang);
    addr = s.slice(bang + 1);
    if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  }
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(addr.trim());
  if (!m) return null;
  const top = Number(m[2]) - 1;
  const left = columnIndex(m[1]);
  const bottom = m[4] ? Number(m[4]) - 1 : top;
  const right = m[3] ? columnIndex(m[3]) : left;
  return {
    sheet,
    rect: { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) },
  };
}

/** Parse a RangeAreas address ("Sheet1!A1:H3, Sheet1!A5:H9") into rectangles. */
export function parseAreasAddress(address: string): CellRect[] {
  const out: CellRect[] = [];
  for (const part of splitTopLevel(address)) {
    const p = parseReference(part);
    if (p) out.push(p.rect);
  }
  return out;
}

export interface Cell {
  row: number;
  col: number;
}

/**
 * Rectangles covering the given cells. Within a column, rows closer than
 * `maxGap` empty rows are joined (the gap cells are covered too: callers pass
 * null for them, which Excel treats as "leave unchanged"); columns with the
 * same row span are joined side by side. maxGap = 0 gives an exact cover.
 */
export function coverRects(cells: readonly Cell[], maxGap = 0): CellRect[] {
  const byCol = new Map<number, number[]>();
  for (const c of cells) {
    let rows = byCol.get(c.col);
    if (!rows) byCol.set(c.col, (rows = []));
    rows.push(c.row);
  }
  const spans = new Map<string, number[]>();
  for (const [col, rows] of byCol) {
    rows.sort((a, b) => a - b);
    let top = rows[0];
    let prev = rows[0];
    const flush = () => {
      const k = `${top}:${prev}`;
      let cols = spans.get(k);
      if (!cols) spans.set(k, (cols = []));
      cols.push(col);
    };
    for (let i = 1; i < rows.length; i++) {
      const r = rows[i];
      if (r === prev) continue;
      if (r - prev - 1 > maxGap) {
        flush();
        top = r;
      }
      prev = r;
    }
    flush();
  }
  const rects: CellRect[] = [];
  for (const [k, cols] of spans) {
    const [top, bottom] = k.split(":").map(Number);
    cols.sort((a, b) => a - b);
    let left = cols[0];
    let prev = cols[0];
    for (let i = 1; i <= cols.length; i++) {
      const c = cols[i];
      if (c === prev + 1) {
        prev = c;
        continue;
      }
      rects.push({ top, bottom, left, right: prev });
      left = c;
      prev = c;
    }
  }
  rects.sort((a, b) => a.top - b.top || a.left - b.left);
  return rects;
}

export function rectCells(r: CellRect): number {
  return (r.bottom - r.top + 1) * (r.right - r.left + 1);
}

/**
 * Join addresses with "," into strings of at most maxChars characters and
 * maxAreas areas each (for worksheet.getRanges). An address longer than
 * maxChars on its own cannot occur for A1 rectangles.
 */
export function chunkAddresses(addresses: readonly string[], maxChars = MAX_ADDRESS_CHARS, maxAreas = MAX_AREAS_PER_CALL): string[] {
  const chunks: string[] = [];
  let cur = "";
  let n = 0;
  for (const a of addresses) {
    if (cur && (cur.length + 1 + a.length > maxChars || n >= maxAreas)) {
      chunks.push(cur);
      cur = "";
      n = 0;
    }
    cur = cur ? `${cur},${a}` : a;
    n++;
  }
  if (cur) chunks.push(cur);
  return chunks;
}

/**
 * [R8] Would Excel turn this text into something else when it is written through Range.values (parsed as if
 * typed: docs/excel "values … are parsed"; office-js#1559: parsed as en-US)? Numbers ("001", "1,000", "50%",
 * "(1)", "1e5"), dates and times ("1-1", "3/2", "2026-01-15", "9:00", "1月2日", "Jan 2"), booleans, formulas and
 * error literals ("=x", "+1", "-a", "@x", "#N/A"). Deliberately broad: a false positive only adds an apostrophe.
 */
export function wouldCoerce(s: string): boolean {
  const t = s.trim();
  if (t === "") return s !== "";
  if (/^[=+\-@#']/.test(t)) return true;
  if (/^(true|false)$/i.test(t)) return true;
  if (/\d/.test(t)) {
    if (/^[\s\d.,:/\-+()%$¥€£eE]*$/.test(t)) return true;
    if (/\d\s*[年月日時分秒]/.test(t) && !/[^\s\d年月日時分秒.:/\-午前後]/.test(t)) return true;
    if (/^[\s\d.,:/\-]*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s\d.,:/\-]*$/i.test(t)) return true;
    if (/^\d+\s*(am|pm)$/i.test(t) || /^\d+\s+\d+\/\d+$/.test(t)) return true;
  }
  return false;
}

/**
 * What to send through Range.values / Range.formulas so Excel stores exactly this value: "" clears; text that
 * Excel would coerce gets a leading apostrophe (Excel keeps it as text; the apostrophe becomes the cell's quote
 * prefix, not part of the value) unless the cell is formatted as text ("@", which keeps text as typed); other
 * text is sent as is, so a restore leaves no quote prefix on a cell that had none.
 */
export function toExcelInput(v: CellValue | undefined, numberFormat?: string): string | number | boolean {
  if (v === null || v === undefined || v === "") return "";
  if (typeof v === "string") return wouldCoerce(v) && numberFormat !== "@" ? `'${v}` : v;
  return v;
}

/** A formula as Excel expects it ("=..."). */
export function toFormulaInput(f: string): string {
  return f.startsWith("=") ? f : `=${f}`;
}

/** "#rrggbb" -> "#RRGGBB" (throws on anything else: the adapter writes only hex colours). */
export function normalizeColor(c: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(c)) throw new Error(`Invalid fill colour "${c}" (expected #RRGGBB)`);
  return c.toUpperCase();
}

/**
 * Item ids that Excel turned into dates: typing 3-1 into a General cell stores the date 1 March (a serial
 * number such as 46082, shown as 3月1日); pasted text may also read 「3月1日」 or 2026/3/1. Detection cannot
 * know which id was meant for sure, so it says so and how to fix the sheet instead of guessing.
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import { columnLetters } from "./a1";
import { storedCells, storedRows } from "./sparse";
import type { CellValue, Localized, SheetMatrix } from "./types";

/** Excel serials of 1990-01-01 .. 2100-12-31 (the 1900 date system). */
const SERIAL_MIN = 32874;
const SERIAL_MAX = 73415;

/** Month and day of a cell that looks like an id turned into a date, or null. */
export function dateLikeId(v: CellValue): { month: number; day: number } | null {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < SERIAL_MIN || v > SERIAL_MAX) return null;
    const d = new Date(Date.UTC(1899, 11, 30) + v * 86_400_000);
    return { month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  if (typeof v !== "string") return null;
  const t = v.normalize("NFKC").trim();
  let m = /^(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (m) return { month: Number(m[1]), day: Number(m[2]) };
  m = /^\d{4}[/-](\d{1,2})[/-](\d{1,2})$/.exec(t);
  if (m) return { month: Number(m[1]), day: Number(m[2]) };
  return null;
}

export interface DateLikeIds {
  col: number;
  count: number;
  example: { row: number; shown: string; id: string };
}

/**
 * The column with the most date-like cells at or below `fromRow` (at least `min` of them), or null.
 * `cols` limits the search (e.g. to the id columns once they are known, so a 記入日 column is not taken for ids).
 */
export function findDateLikeIds(matrix: SheetMatrix, fromRow: number, min = 3, cols?: readonly number[]): DateLikeIds | null {
  const byCol = new Map<number, DateLikeIds>();
  for (const r of storedRows(matrix.values, fromRow)) {
    for (const { col, raw } of storedCells(matrix.values[r])) {
      if (cols && !cols.includes(col)) continue;
      const d = dateLikeId(raw);
      if (!d) continue;
      const hit = byCol.get(col);
      if (hit) hit.count++;
      else {
        const shown = typeof raw === "number" ? `${d.month}月${d.day}日` : String(raw).trim();
        byCol.set(col, { col, count: 1, example: { row: r, shown, id: `${d.month}-${d.day}` } });
      }
    }
  }
  let best: DateLikeIds | null = null;
  for (const h of byCol.values()) if (h.count >= min && (!best || h.count > best.count)) best = h;
  return best;
}

export function dateLikeIdsMessage(d: DateLikeIds): Localized {
  const cell = `${columnLetters(d.col)}${d.example.row + 1}`;
  return {
    ja: `列 ${columnLetters(d.col)} の ${d.count} 個のセル（例: ${cell} の「${d.example.shown}」）は、Excel が日付に変換した項目番号（${d.example.id}）のようです。列の書式を「文字列」にしてから ${d.example.id} のように入力し直すか、先頭に ' を付けて（'${d.example.id}）入力してください。`,
    en: `${d.count} cells in column ${columnLetters(d.col)} (e.g. ${cell}: "${d.example.shown}") look like item ids Excel turned into dates (${d.example.id}). Format the column as Text and type the ids again (${d.example.id}), or type them with a leading apostrophe ('${d.example.id}).`,
  };
}

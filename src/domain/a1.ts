/** A1 notation for 0-based cell coordinates: the one implementation for the domain, adapters, CLI and task pane. */
import type { CellRect } from "./types";

/** Column letters of a 0-based column index: 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetters(col: number): string {
  if (!Number.isInteger(col) || col < 0) throw new RangeError(`invalid column index ${col}`);
  let n = col + 1;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** 0-based column index of column letters: "A" → 0, "AA" → 26 (case-insensitive). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) & ~32) - 64;
  return n - 1;
}

/** A1 address of a 0-based cell: toA1(11, 4) → "E12". */
export function toA1(row: number, col: number): string {
  if (!Number.isInteger(row) || row < 0) throw new RangeError(`invalid row index ${row}`);
  return `${columnLetters(col)}${row + 1}`;
}

/** Parse "B12" / "$B$12" → 0-based {row, col}; null when not a cell reference. */
export function parseCellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(ref);
  if (!m) return null;
  const col = columnIndex(m[1]);
  const row = Number(m[2]) - 1;
  if (col > 16383 || row < 0 || row > 1048575) return null;
  return { row, col };
}

/** Parse "A1:B3" (or a single cell, or whole columns "A:A" / rows "3:5") to a 0-based rect. */
export function parseRange(ref: string): CellRect | null {
  const parts = ref.split(":");
  if (parts.length === 1) {
    const c = parseCellRef(parts[0]);
    return c ? { top: c.row, left: c.col, bottom: c.row, right: c.col } : null;
  }
  if (parts.length !== 2) return null;
  const a = parseCellRef(parts[0]);
  const b = parseCellRef(parts[1]);
  if (a && b) {
    return {
      top: Math.min(a.row, b.row),
      left: Math.min(a.col, b.col),
      bottom: Math.max(a.row, b.row),
      right: Math.max(a.col, b.col),
    };
  }
  const colA = /^\$?([A-Za-z]{1,3})$/.exec(parts[0]);
  const colB = /^\$?([A-Za-z]{1,3})$/.exec(parts[1]);
  if (colA && colB) {
    const l = columnIndex(colA[1]);
    const r = columnIndex(colB[1]);
    return { top: 0, left: Math.min(l, r), bottom: 1048575, right: Math.max(l, r) };
  }
  const rowA = /^\$?([0-9]+)$/.exec(parts[0]);
  const rowB = /^\$?([0-9]+)$/.exec(parts[1]);
  if (rowA && rowB) {
    const t = Number(rowA[1]) - 1;
    const b2 = Number(rowB[1]) - 1;
    return { top: Math.min(t, b2), left: 0, bottom: Math.max(t, b2), right: 16383 };
  }
  return null;
}


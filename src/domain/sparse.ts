/**
 * Sparse access to a SheetMatrix: iterate the cells that are stored, never the sheet's extent.
 * A single value in XFD1048576 makes the matrix 1,048,576 rows tall and its last row 16,384 wide;
 * everything here costs O(stored cells + rows), so such a sheet is as cheap as a small one.
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import type { CellRect, CellValue } from "./types";

/** Cells visited by detection (a time-independent cost measure for tests and benchmarks). */
export const sparseMeter = { cellsVisited: 0 };

/** Rows longer than this are walked by their own keys (holes skipped) instead of index by index. */
const DENSE_ROW = 256;

/** Non-empty stored cells of one row, in column order (null, undefined and "" are empty). */
export function storedCells(row: readonly CellValue[] | undefined | null): { col: number; raw: CellValue }[] {
  const out: { col: number; raw: CellValue }[] = [];
  if (!row || row.length === 0) return out;
  const take = (c: number) => {
    const v = row[c];
    sparseMeter.cellsVisited++;
    if (v !== null && v !== undefined && v !== "") out.push({ col: c, raw: v });
  };
  if (row.length <= DENSE_ROW) {
    for (let c = 0; c < row.length; c++) take(c);
    return out;
  }
  // Long rows: usually one far-right value after a gap (a hole or a run of nulls).
  // Object.keys lists only the present indices of a holey array, in ascending order.
  const keys = Object.keys(row);
  if (keys.length * 4 < row.length) {
    for (const k of keys) {
      const c = Number(k);
      if (Number.isInteger(c) && c >= 0) take(c);
    }
    return out;
  }
  for (let c = 0; c < row.length; c++) take(c);
  return out;
}

/** Row indexes (ascending, >= from) whose row array holds at least one element. */
export function storedRows(values: readonly (readonly CellValue[] | undefined | null)[], from = 0): number[] {
  const out: number[] = [];
  for (let r = from; r < values.length; r++) {
    const row = values[r];
    if (row && row.length > 0) out.push(r);
  }
  return out;
}

/** The rectangle holding every non-empty stored value (null: none), as Excel's used range of values. */
export function valuesExtent(values: readonly (readonly CellValue[] | undefined | null)[]): CellRect | null {
  let rect: CellRect | null = null;
  for (const r of storedRows(values)) {
    const cells = storedCells(values[r]);
    if (!cells.length) continue;
    const left = cells[0].col;
    const right = cells[cells.length - 1].col;
    if (!rect) rect = { top: r, left, bottom: r, right };
    else rect = { top: rect.top, bottom: r, left: Math.min(rect.left, left), right: Math.max(rect.right, right) };
  }
  return rect;
}

/** Rows taller than this are kept in a list instead of one bucket per row. */
const TALL = 64;

/**
 * Merged areas by cell without expanding them cell by cell (a merge A1:XFD1048576 is one entry):
 * short merges are bucketed by row, tall ones are scanned (there are few of those on a real sheet).
 */
export class MergeIndex {
  private readonly byRow = new Map<number, CellRect[]>();
  private readonly tall: CellRect[] = [];

  constructor(merges: readonly CellRect[]) {
    for (const g of merges) {
      if (g.bottom - g.top + 1 > TALL) {
        this.tall.push(g);
        continue;
      }
      for (let r = g.top; r <= g.bottom; r++) {
        const l = this.byRow.get(r);
        if (l) l.push(g);
        else this.byRow.set(r, [g]);
      }
    }
  }

  at(r: number, c: number): CellRect | null {
    const l = this.byRow.get(r);
    if (l) for (const g of l) if (c >= g.left && c <= g.right) return g;
    for (const g of this.tall) if (r >= g.top && r <= g.bottom && c >= g.left && c <= g.right) return g;
    return null;
  }
}

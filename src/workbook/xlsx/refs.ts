/** A1-style reference helpers (0-based rows/cols in the API, 1-based in the file). */
import type { CellRect } from "../../domain/types";

import { columnIndex, columnLetters, toA1 } from "../../domain/a1";

export const colToLetters = columnLetters;
export const lettersToCol = columnIndex;
export const cellRef = toA1;

export { parseCellRef, parseRange } from "../../domain/a1";
import { parseRange } from "../../domain/a1";

/** "A1:B2 D4" → rects (invalid parts skipped). */
export function parseSqref(sqref: string): CellRect[] {
  const out: CellRect[] = [];
  for (const part of sqref.trim().split(/\s+/)) {
    if (!part) continue;
    const r = parseRange(part);
    if (r) out.push(r);
  }
  return out;
}

/**
 * Split "'My Sheet'!$A$1:$A$3" / "Lists!A1:A3" / "$A$1:$A$3" into sheet and range.
 * Returns null when the text is not a plain (optionally sheet-qualified) range.
 */
export function parseQualifiedRange(text: string): { sheet: string | null; rect: CellRect } | null {
  let t = text.trim();
  if (t.startsWith("=")) t = t.slice(1).trim();
  let sheet: string | null = null;
  if (t.startsWith("'")) {
    let i = 1;
    let name = "";
    for (;;) {
      const q = t.indexOf("'", i);
      if (q < 0) return null;
      name += t.slice(i, q);
      if (t[q + 1] === "'") {
        name += "'";
        i = q + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    if (t[i] !== "!") return null;
    sheet = name;
    t = t.slice(i + 1);
  } else {
    const bang = t.lastIndexOf("!");
    if (bang >= 0) {
      sheet = t.slice(0, bang);
      if (!/^[^\s'![\]:*?/\\(),"]+$/.test(sheet)) return null;
      t = t.slice(bang + 1);
    }
  }
  const rect = parseRange(t);
  return rect ? { sheet, rect } : null;
}

/**
 * Shift the relative references of a formula by (dr, dc): used to expand
 * shared formulas (`<f t="shared" si="0"/>`) to their per-cell text.
 * String literals and quoted sheet names are skipped; tokens followed by "("
 * are function names, not references.
 */
export function shiftFormula(formula: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return formula;
  let out = "";
  let i = 0;
  const n = formula.length;
  const refRe = /(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![A-Za-z0-9_.(])/y;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      for (;;) {
        const q = formula.indexOf(ch, j);
        if (q < 0) {
          j = n;
          break;
        }
        if (formula[q + 1] === ch) {
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      out += formula.slice(i, j);
      i = j;
      continue;
    }
    const prev = i > 0 ? formula[i - 1] : "";
    if (!/[A-Za-z0-9_.$]/.test(prev)) {
      refRe.lastIndex = i;
      const m = refRe.exec(formula);
      if (m) {
        let col = lettersToCol(m[2]);
        let row = Number(m[4]) - 1;
        if (!m[1]) col += dc;
        if (!m[3]) row += dr;
        if (col >= 0 && row >= 0) {
          out += `${m[1]}${colToLetters(col)}${m[3]}${row + 1}`;
        } else {
          out += "#REF!";
        }
        i += m[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

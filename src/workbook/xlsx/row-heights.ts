/**
 * Row heights for the add-in's wrapped texts in a file. Excel autofits a row when text wraps in it while it runs, but
 * a row without a stored height (`<row ht>`) stays one line tall when the file is opened, so the added status and
 * reference texts would show clipped. The adapter therefore writes an estimated `ht` (never `customHeight`, so Excel
 * may fit the row again later) on rows without a height of their own, and remembers what it did (in its meta beside
 * the record, see xlsx-workbook.ts): the height before (absent, or the sheet's default) and the height it wrote. It
 * puts the height back when its wrapped texts leave the row (clear, undo), unless the row's height is no longer the
 * one it wrote (the user changed it since): restore by intent, as with column widths and print settings.
 */
import { removeAttr, setAttr, type Tag } from "./xml";

/** What the adapter did to one row: height before (raw `ht` text, null = none), height written, its wrapped columns. */
export interface RowHeightEntry {
  b: string | null;
  a: string;
  c: number[];
}
/** Per sheet name, per 0-based row (as a string key). */
export type RowHeightMemo = Record<string, Record<string, RowHeightEntry>>;

/** Largest row height Excel allows (points). */
export const MAX_ROW_HEIGHT = 409;

/** Is this code point drawn full width (about two digit widths) in a spreadsheet font? */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Width of a character in Excel character units (the default font's digit width): wide 2, others 1. */
function charUnits(ch: string): number {
  return isWide(ch.codePointAt(0)!) ? 2 : 1;
}

/**
 * Lines a text takes when wrapped in a column `width` character units wide: explicit line breaks, then greedy
 * filling; wide (CJK) characters break anywhere, runs of other characters at spaces (a run longer than the line is
 * cut where it overflows).
 */
export function wrappedLines(text: string, width: number): number {
  const avail = Math.max(1, width - 0.5); // the cell's padding
  let lines = 0;
  for (const para of text.split(/\r\n|\r|\n/)) {
    let line = 0;
    let count = 1;
    // tokens: a wide character alone, a run of spaces, or a run of other characters
    const tokens = para.match(/\s+|[^\s]/gu) ?? [];
    const words: { text: string; wide: boolean; space: boolean }[] = [];
    for (const t of tokens) {
      const wide = !/\s/.test(t) && isWide(t.codePointAt(0)!);
      const space = /^\s+$/.test(t);
      const last = words[words.length - 1];
      if (last && !wide && !space && !last.wide && !last.space) last.text += t;
      else words.push({ text: t, wide, space });
    }
    for (const w of words) {
      const units = [...w.text].reduce((s, ch) => s + charUnits(ch), 0);
      if (w.space) {
        line += units; // a trailing space never opens a new line
        continue;
      }
      if (line + units <= avail) {
        line += units;
        continue;
      }
      if (line > 0) {
        count++;
        line = 0;
      }
      if (units <= avail) {
        line = units;
        continue;
      }
      for (const ch of w.text) {
        const u = charUnits(ch);
        if (line + u > avail && line > 0) {
          count++;
          line = 0;
        }
        line += u;
      }
    }
    lines += count;
  }
  return Math.max(1, lines);
}

/** Estimated height (points, a multiple of 0.75 = one pixel) for wrapped texts, each with its column width. */
export function estimateHeight(texts: { text: string; width: number }[], lineHeight: number): number {
  let lines = 1;
  for (const t of texts) lines = Math.max(lines, wrappedLines(t.text, t.width));
  const h = Math.ceil((lines * lineHeight) / 0.75) * 0.75;
  return Math.min(MAX_ROW_HEIGHT, h);
}

/** A height as `ht` text (no trailing zeros). */
export function formatHeight(pt: number): string {
  return String(Number(pt.toFixed(2)));
}

/** The sheet's default row height (`<sheetFormatPr defaultRowHeight>`), 15 points when absent. */
export function defaultRowHeight(xml: string): number {
  const m = /<(?:[A-Za-z0-9_]+:)?sheetFormatPr\b[^>]*?\sdefaultRowHeight="([0-9.]+)"/.exec(xml);
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : 15;
}

/** The sheet's default column width in character units (`defaultColWidth`, else `baseColWidth` + padding, else 8.43). */
export function defaultColumnWidth(xml: string): number {
  const tag = /<(?:[A-Za-z0-9_]+:)?sheetFormatPr\b[^>]*>/.exec(xml)?.[0] ?? "";
  const d = Number(/\sdefaultColWidth="([0-9.]+)"/.exec(tag)?.[1]);
  if (Number.isFinite(d) && d > 0) return d;
  const b = Number(/\sbaseColWidth="([0-9.]+)"/.exec(tag)?.[1]);
  return Number.isFinite(b) && b > 0 ? b + 0.71 : 8.43;
}

/** A row's stored height: the raw `ht` (null = none) and whether the user set it (`customHeight`). */
export function rowHeightOf(tag: Tag): { ht: string | null; custom: boolean } {
  const c = tag.attrs.customHeight;
  return { ht: tag.attrs.ht ?? null, custom: c === "1" || c === "true" };
}

/** A row start tag with `ht` set (or removed for null); every other byte kept. */
export function withHeight(startTag: string, ht: string | null): string {
  return ht === null ? removeAttr(startTag, "ht") : setAttr(startTag, "ht", ht);
}

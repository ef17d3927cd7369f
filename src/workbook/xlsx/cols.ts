/**
 * Column widths in a worksheet part: the `<cols>` element(s) before `<sheetData>`.
 *
 * Reading: widths in Excel character units (SheetMatrix.columnWidths) and the exact-restore token
 * (SheetMatrix.columnsNative) = the original `<cols>…</cols>` text, "" when the sheet had none.
 *
 * Writing is surgical: a `<col min max>` span is split around the column written (the other columns keep
 * their attributes, style included), pieces that end up alike are merged again, untouched `<col>` elements keep
 * their bytes, `<cols>` is created right before `<sheetData>` when absent and removed when it ends up empty
 * (an empty `<cols/>` is not valid). A native token is used, byte for byte, only when it describes the same
 * widths as the surgical result (widths within 0.01, same other attributes; `customWidth`/`bestFit` ignored), so
 * widths changed by hand since the token was taken are kept.
 *
 * Units: OOXML `<col width>` counts maximum-digit widths including the 5 px padding (ECMA-376 §18.3.1.13):
 * px = width × 7 for the default font; characters ↔ pixels: charsToPixels / pixelsToChars (domain/plan.ts).
 * Written widths are truncated to 1/256 like Excel does.
 */
import { charsToPixels, pixelsToChars } from "../../domain/plan";
import type { ColumnWrite } from "../gateway";
import { unsupported } from "./errors";
import { findClose, parseTagAt, type Tag } from "./xml";

const MAX_COL = 16384;
/** Attributes that do not change what a column looks like (ignored when comparing with a native token). */
const HINT_ATTRS = new Set(["min", "max", "customWidth", "bestFit"]);

/** `<col width>` (file units) → Excel character units. */
export function fileWidthToChars(width: number): number {
  return pixelsToChars(width * 7);
}

/** Excel character units → `<col width>` (file units), truncated to 1/256 as Excel writes it. */
export function charsToFileWidth(chars: number): number {
  return Math.floor((charsToPixels(chars) / 7) * 256 + 1e-6) / 256;
}

interface ColEntry {
  min: number;
  max: number;
  /** Attributes in document order (raw, escaped values), min/max included. */
  attrs: [string, string][];
  /** Original element text when untouched. */
  raw: string | null;
}

interface ColsRegion {
  /** Offsets of the region in the sheet text: from the first `<cols` to the end of the last `</cols>`. */
  start: number;
  end: number;
  /** The first `<cols>` start tag text (as an opening tag). */
  open: string;
  entries: ColEntry[];
  /** Whitespace after the open tag, between entries, and before the close tag (pretty-printed parts). */
  lead: string;
  sep: string;
  trail: string;
}

function boundary(code: number): boolean {
  return code === 62 || code === 47 || code <= 32;
}

/** Locate and parse the `<cols>` region of a worksheet (`p` = namespace prefix). null when the sheet has none. */
function findRegion(xml: string, p: string, from = 0, limit?: number): ColsRegion | null {
  const sd = xml.indexOf("<" + p + "sheetData", from);
  const stop = limit ?? (sd < 0 ? xml.length : sd);
  const open = "<" + p + "cols";
  let start = -1;
  let end = -1;
  let firstOpen: Tag | null = null;
  const entries: ColEntry[] = [];
  let lead = "";
  let sep: string | null = null;
  let trail = "";
  let i = from;
  for (;;) {
    const k = xml.indexOf(open, i);
    if (k < 0 || k >= stop) break;
    if (!boundary(xml.charCodeAt(k + open.length))) {
      i = k + open.length;
      continue;
    }
    const tag = parseTagAt(xml, k);
    if (start < 0) {
      start = k;
      firstOpen = tag;
    }
    if (tag.selfClosing) {
      end = tag.end;
      i = tag.end;
      continue;
    }
    const close = findClose(xml, tag.name, tag.end);
    const closeEnd = xml.indexOf(">", close) + 1;
    const inner = xml.slice(tag.end, close);
    const colOpen = "<" + p + "col";
    let j = 0;
    let prevEnd = 0;
    let first = true;
    for (;;) {
      const c = inner.indexOf(colOpen, j);
      if (c < 0) break;
      if (!boundary(inner.charCodeAt(c + colOpen.length))) {
        j = c + colOpen.length;
        continue;
      }
      const t = parseTagAt(inner, c);
      const between = inner.slice(prevEnd, c);
      if (first && entries.length === 0) lead = between;
      else if (sep === null && /^\s*$/.test(between)) sep = between;
      first = false;
      let e = t.end;
      if (!t.selfClosing) e = inner.indexOf(">", findClose(inner, t.name, t.end)) + 1;
      const min = Number(t.attrs.min);
      const max = t.attrs.max !== undefined ? Number(t.attrs.max) : min;
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) throw new Error(`bad <col min="${t.attrs.min}" max="${t.attrs.max}">`);
      entries.push({ min, max, attrs: Object.entries(t.attrs), raw: t.selfClosing ? inner.slice(c, e) : null });
      prevEnd = e;
      j = e;
    }
    trail = inner.slice(prevEnd);
    if (!/^\s*$/.test(trail)) trail = "";
    end = closeEnd;
    i = closeEnd;
  }
  if (start < 0 || !firstOpen) return null;
  entries.sort((a, b) => a.min - b.min);
  const openText = xml.slice(firstOpen.start, firstOpen.end);
  return {
    start,
    end,
    open: firstOpen.selfClosing ? openText.slice(0, -2).replace(/\s+$/, "") + ">" : openText,
    entries,
    lead: /^\s*$/.test(lead) ? lead : "",
    sep: sep ?? "",
    trail,
  };
}

function attr(e: ColEntry, name: string): string | undefined {
  return e.attrs.find(([n]) => n === name)?.[1];
}

function widthOf(e: ColEntry | undefined): number | null {
  const w = e ? attr(e, "width") : undefined;
  if (w === undefined) return null;
  const n = Number(w);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * Widths (character units, null = default) of columns 0..count-1, and the native token of all widths.
 * Only the part before `<sheetData>` is searched.
 */
export function readColumnWidths(xml: string, p: string, count: number): { widths: (number | null)[]; native: string } {
  const region = findRegion(xml, p);
  const widths: (number | null)[] = new Array(count).fill(null);
  if (!region) return { widths, native: "" };
  for (const e of region.entries) {
    const w = widthOf(e);
    if (w === null) continue;
    for (let c = e.min; c <= Math.min(e.max, count); c++) widths[c - 1] = fileWidthToChars(w);
  }
  return { widths, native: xml.slice(region.start, region.end) };
}

function withAttrs(e: ColEntry, min: number, max: number, edit?: (attrs: [string, string][]) => [string, string][]): ColEntry {
  let attrs: [string, string][] = e.attrs.map(([n, v]) => [n, n === "min" ? String(min) : n === "max" ? String(max) : v]);
  if (!attrs.some(([n]) => n === "max")) attrs.splice(attrs.findIndex(([n]) => n === "min") + 1, 0, ["max", String(max)]);
  if (edit) attrs = edit(attrs);
  return { min, max, attrs, raw: null };
}

function setWidthAttrs(attrs: [string, string][], width: string | null): [string, string][] {
  const out = attrs.filter(([n]) => n !== "bestFit" && (width !== null || (n !== "width" && n !== "customWidth")));
  if (width === null) return out;
  const wi = out.findIndex(([n]) => n === "width");
  if (wi >= 0) out[wi] = ["width", width];
  else out.push(["width", width]);
  const ci = out.findIndex(([n]) => n === "customWidth");
  if (ci >= 0) out[ci] = ["customWidth", "1"];
  else out.push(["customWidth", "1"]);
  return out;
}

/** True when the entry says nothing beyond its span (it can be dropped). */
function empty(e: ColEntry): boolean {
  return e.attrs.every(([n]) => HINT_ATTRS.has(n));
}

function sameLook(a: [string, string][], b: [string, string][]): boolean {
  const x = a.filter(([n]) => n !== "min" && n !== "max");
  const y = b.filter(([n]) => n !== "min" && n !== "max");
  return x.length === y.length && x.every(([n, v], i) => y[i][0] === n && y[i][1] === v);
}

function entryText(e: ColEntry, p: string): string {
  if (e.raw !== null) return e.raw;
  return `<${p}col${e.attrs.map(([n, v]) => ` ${n}="${v}"`).join("")}/>`;
}

/** Apply one width write (1-based column) to the sorted entries. */
function applyOne(entries: ColEntry[], col: number, width: string | null): ColEntry[] {
  const i = entries.findIndex((e) => col >= e.min && col <= e.max);
  if (i < 0) {
    if (width === null) return entries;
    const fresh: ColEntry = { min: col, max: col, attrs: [["min", String(col)], ["max", String(col)], ["width", width], ["customWidth", "1"]], raw: null };
    const at = entries.findIndex((e) => e.min > col);
    const out = entries.slice();
    out.splice(at < 0 ? out.length : at, 0, fresh);
    return out;
  }
  const e = entries[i];
  const pieces: ColEntry[] = [];
  if (e.min < col) pieces.push(withAttrs(e, e.min, col - 1));
  const mid = withAttrs(e, col, col, (a) => setWidthAttrs(a, width));
  if (!empty(mid)) pieces.push(mid);
  if (e.max > col) pieces.push(withAttrs(e, col + 1, e.max));
  return [...entries.slice(0, i), ...pieces, ...entries.slice(i + 1)];
}

/** Merge adjacent entries that look alike when at least one of them was edited. */
function mergeTouched(entries: ColEntry[]): ColEntry[] {
  const out: ColEntry[] = [];
  for (const e of entries) {
    const prev = out[out.length - 1];
    if (prev && (prev.raw === null || e.raw === null) && prev.max + 1 === e.min && sameLook(prev.attrs, e.attrs)) {
      out[out.length - 1] = withAttrs(prev, prev.min, e.max);
      continue;
    }
    out.push(e);
  }
  // A piece whose text came back to an original form keeps that form (attribute order is preserved anyway).
  return out;
}

/** Per-column look for comparisons: attributes except hints, width as a number. */
function looksEqual(a: ColEntry | undefined, b: ColEntry | undefined): boolean {
  const norm = (e: ColEntry | undefined) => (e ? e.attrs.filter(([n]) => !HINT_ATTRS.has(n)) : []);
  const x = norm(a);
  const y = norm(b);
  if (x.length !== y.length) return false;
  const ym = new Map(y);
  for (const [n, v] of x) {
    const w = ym.get(n);
    if (w === undefined) return false;
    if (n === "width") {
      if (!(Math.abs(Number(v) - Number(w)) < 0.01)) return false;
    } else if (v !== w) return false;
  }
  return true;
}

/** Do two entry lists describe the same columns (ignoring span boundaries and hint attributes)? */
function sameColumns(a: ColEntry[], b: ColEntry[]): boolean {
  const points = new Set<number>([1]);
  for (const e of [...a, ...b]) {
    points.add(e.min);
    points.add(e.max + 1);
  }
  const at = (list: ColEntry[], c: number) => list.find((e) => c >= e.min && c <= e.max);
  for (const c of [...points].sort((x, y) => x - y)) {
    if (c > MAX_COL) break;
    const x = at(a, c);
    const y = at(b, c);
    if (!looksEqual(x && !empty(x) ? x : undefined, y && !empty(y) ? y : undefined)) return false;
  }
  return true;
}

/** Parse a native token: "" (no `<cols>`) or the full `<cols>…</cols>` text; null when it is not one of ours. */
function parseNative(token: string, p: string): ColEntry[] | null {
  if (token === "") return [];
  if (!token.startsWith("<" + p + "cols") || !boundary(token.charCodeAt(p.length + 5))) return null;
  try {
    const r = findRegion(token, p, 0, token.length);
    if (!r || r.start !== 0 || r.end !== token.length) return null;
    return r.entries;
  } catch {
    return null;
  }
}

/**
 * The sheet text after setting column widths. Throws UserFacingError("unsupported") on a column out of range.
 * `p` is the worksheet's namespace prefix.
 */
export function applyColumnWrites(xml: string, p: string, writes: readonly ColumnWrite[]): string {
  if (writes.length === 0) return xml;
  const region = findRegion(xml, p);
  let entries = region ? region.entries.slice() : [];
  for (const w of writes) {
    if (!Number.isInteger(w.col) || w.col < 0 || w.col >= MAX_COL)
      throw unsupported({ ja: `列位置が範囲外です（${w.col}）。`, en: `column position out of range (${w.col}).` });
    if (w.width !== null && !(Number.isFinite(w.width) && w.width >= 0 && w.width <= 255))
      throw unsupported({ ja: `列幅「${w.width}」は 0〜255 の範囲外です。`, en: `column width ${w.width} is outside 0-255.` });
    entries = applyOne(entries, w.col + 1, w.width === null ? null : String(charsToFileWidth(w.width)));
  }
  entries = mergeTouched(entries);
  let text: string;
  const token = writes.find((w) => w.native !== undefined)?.native;
  const native = token !== undefined ? parseNative(token, p) : null;
  if (token !== undefined && native !== null && sameColumns(entries, native)) text = token;
  else if (entries.length === 0) text = "";
  else if (region) text = region.open + region.lead + entries.map((e) => entryText(e, p)).join(region.sep) + region.trail + `</${p}cols>`;
  else text = `<${p}cols>${entries.map((e) => entryText(e, p)).join("")}</${p}cols>`;
  if (region) {
    if (xml.slice(region.start, region.end) === text) return xml;
    return xml.slice(0, region.start) + text + xml.slice(region.end);
  }
  if (text === "") return xml;
  const at = xml.indexOf("<" + p + "sheetData");
  if (at < 0 || !boundary(xml.charCodeAt(at + p.length + 10)))
    throw unsupported({ ja: "シートに sheetData がありません。", en: "the sheet has no sheetData." });
  return xml.slice(0, at) + text + xml.slice(at);
}

/**
 * Worksheet parts: a linear scan of <sheetData> for reading (no DOM; every
 * search is bounded to the current row/cell so the cost stays O(size)), and
 * surgical splicing for writing.
 */
import type { CellRect, CellValue } from "../../domain/types";
import type { CellWrite } from "../gateway";
import { protectedSheet, unsupported } from "./errors";
import { cellRef, parseCellRef, parseRange, shiftFormula } from "./refs";
import {
  escapeCellText,
  escapeText,
  findAll,
  findClose,
  findTag,
  innerText,
  parseTagAt,
  rootPrefix,
  setAttr,
  unescapeXml,
  unescapeXstring,
  type Tag,
} from "./xml";

/* ------------------------------------------------------------------ */
/* Strings                                                             */
/* ------------------------------------------------------------------ */

/** Plain text of a string item (<si> / <is>): all <t> runs, phonetic runs (<rPh>) excluded. */
export function richText(inner: string, p: string): string {
  let s = inner;
  if (s.indexOf("<" + p + "rPh") >= 0) {
    const q = p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    s = s.replace(new RegExp(`<${q}rPh\\b[^>]*?(?:/>|>[\\s\\S]*?</${q}rPh>)`, "g"), "");
  }
  let out = "";
  let i = 0;
  for (;;) {
    const t = findTag(s, p + "t", i);
    if (!t) break;
    if (t.selfClosing) {
      i = t.end;
      continue;
    }
    const close = s.indexOf("</" + p + "t>", t.end);
    if (close < 0) break;
    out += s.slice(t.end, close);
    i = close;
  }
  return unescapeXstring(unescapeXml(out));
}

export function parseSharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const p = rootPrefix(xml, "sst");
  const out: string[] = [];
  const open = "<" + p + "si";
  const close = "</" + p + "si>";
  let i = 0;
  for (;;) {
    const k = xml.indexOf(open, i);
    if (k < 0) break;
    const next = xml.charCodeAt(k + open.length);
    if (!(next === 62 || next === 47 || next <= 32)) {
      i = k + open.length;
      continue;
    }
    const tag = parseTagAt(xml, k);
    if (tag.selfClosing) {
      out.push("");
      i = tag.end;
      continue;
    }
    const c = xml.indexOf(close, tag.end);
    if (c < 0) break;
    out.push(richText(xml.slice(tag.end, c), p));
    i = c + close.length;
  }
  return out;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

export interface RawValidation {
  sqref: string;
  formula1: string;
}

export interface ColStyle {
  min: number;
  max: number;
  style: number;
}

export interface SheetScan {
  values: CellValue[][];
  formulas: (string | null)[][] | null;
  hiddenRows: number[];
  merges: CellRect[];
  validations: RawValidation[];
  protected: boolean;
  /** Columns spanned by stored cell elements with a reference (formatted or empty cells included): last column + 1. */
  usedColumns: number;
  /** The row index of the same text, built in the same pass (snapshot and write reuse it). */
  index: SheetIndex;
}

/**
 * Full passes over worksheet texts (scanSheet, indexSheet), with the length of each text: a time-independent measure
 * for tests that a command reads a big sheet once.
 */
export const sheetPassMeter = { lengths: [] as number[] };

interface ParsedCell {
  value: CellValue;
  /** Formula text without "=", or null. */
  f: string | null;
  fAttrs: Record<string, string> | null;
}

/** Parse the content of one <c> (between start and end tag). */
function parseCellContent(attrs: Record<string, string>, content: string, p: string, sst: string[]): ParsedCell {
  const t = attrs.t;
  let value: CellValue = null;
  let f: string | null = null;
  let fAttrs: Record<string, string> | null = null;
  const fTag = content.indexOf("<" + p + "f") >= 0 ? findTag(content, p + "f") : null;
  if (fTag) {
    fAttrs = fTag.attrs;
    f = unescapeXml(innerText(content, fTag));
  }
  if (t === "inlineStr") {
    const is = findTag(content, p + "is");
    value = is ? richText(innerText(content, is), p) : "";
    return { value, f, fAttrs };
  }
  const vTag = content.indexOf("<" + p + "v") >= 0 ? findTag(content, p + "v") : null;
  if (!vTag) return { value: null, f, fAttrs };
  const raw = innerText(content, vTag);
  switch (t) {
    case "s":
      value = sst[Number(raw)] ?? null;
      break;
    case "b":
      value = raw.trim() === "1" || raw.trim() === "true";
      break;
    case "str":
    case "e":
    case "d":
      value = unescapeXstring(unescapeXml(raw));
      break;
    default: {
      const n = Number(raw);
      value = raw.trim() === "" ? null : Number.isFinite(n) ? n : unescapeXml(raw);
    }
  }
  return { value, f, fAttrs };
}

/** "B12" → col/row (0-based) without regex, or null. */
function refPos(ref: string | undefined): { row: number; col: number } | null {
  if (!ref) return null;
  return parseCellRef(ref);
}

function isBoundary(code: number): boolean {
  return code === 62 || code === 47 || code <= 32;
}

export function sheetDataBounds(xml: string, p: string): { tag: Tag; close: number } | null {
  const tag = findTag(xml, p + "sheetData");
  if (!tag) return null;
  return { tag, close: tag.selfClosing ? tag.end : findClose(xml, tag.name, tag.end) };
}

/** Largest run of nulls written before a value; a longer gap is left as a hole, so memory follows the stored cells. */
const MAX_PAD = 64;

function padRow(row: unknown[], col: number): void {
  if (col - row.length > MAX_PAD) return;
  while (row.length < col) row.push(null);
}

export function scanSheet(xml: string, sst: string[], onlyColumnA = false): SheetScan {
  sheetPassMeter.lengths.push(xml.length);
  const p = rootPrefix(xml, "worksheet");
  const rowStarts: number[] = [];
  const rowEnds: number[] = [];
  const rowNums: number[] = [];
  let allHaveR = true;
  let usedColumns = 0;
  const values: CellValue[][] = [];
  let formulas: (string | null)[][] | null = null;
  const hiddenRows: number[] = [];
  const masters = new Map<string, { text: string; row: number; col: number }>();
  const sd = sheetDataBounds(xml, p);
  const rowOpen = "<" + p + "row";
  const rowClose = "</" + p + "row>";
  const cOpen = "<" + p + "c";
  const cClose = "</" + p + "c>";
  let tailFrom = 0;
  if (sd) {
    tailFrom = sd.tag.selfClosing ? sd.tag.end : sd.close;
    let i = sd.tag.end;
    let prevRow = -1;
    while (!sd.tag.selfClosing) {
      const k = xml.indexOf(rowOpen, i);
      if (k < 0 || k >= sd.close) break;
      if (!isBoundary(xml.charCodeAt(k + rowOpen.length))) {
        i = k + rowOpen.length;
        continue;
      }
      const rt = parseTagAt(xml, k);
      const r = rt.attrs.r !== undefined ? Number(rt.attrs.r) - 1 : prevRow + 1;
      if (rt.attrs.r === undefined) allHaveR = false;
      prevRow = r;
      rowStarts.push(k);
      rowNums.push(r);
      if (rt.attrs.hidden === "1" || rt.attrs.hidden === "true") hiddenRows.push(r);
      if (rt.selfClosing) {
        rowEnds.push(rt.end);
        i = rt.end;
        continue;
      }
      const rc = xml.indexOf(rowClose, rt.end);
      if (rc < 0) throw new Error("unterminated row");
      rowEnds.push(rc + rowClose.length);
      const rowText = xml.slice(rt.end, rc);
      i = rc + rowClose.length;
      let j = 0;
      let prevCol = -1;
      let rowVals: CellValue[] | null = null;
      for (;;) {
        const ck = rowText.indexOf(cOpen, j);
        if (ck < 0) break;
        if (!isBoundary(rowText.charCodeAt(ck + cOpen.length))) {
          j = ck + cOpen.length;
          continue;
        }
        const ct = parseTagAt(rowText, ck);
        const pos = refPos(ct.attrs.r);
        const col = pos ? pos.col : prevCol + 1;
        prevCol = col;
        if (pos && col >= usedColumns) usedColumns = col + 1;
        if (ct.selfClosing) {
          j = ct.end;
          continue;
        }
        const cc = rowText.indexOf(cClose, ct.end);
        if (cc < 0) throw new Error("unterminated cell");
        j = cc + cClose.length;
        if (onlyColumnA && col !== 0) continue;
        const cell = parseCellContent(ct.attrs, rowText.slice(ct.end, cc), p, sst);
        if (cell.value !== null) {
          if (!rowVals) {
            while (values.length < r) values.push([]);
            rowVals = values[r] ?? (values[r] = []);
          }
          padRow(rowVals, col);
          rowVals[col] = cell.value;
        }
        if (cell.fAttrs) {
          let text = cell.f ?? "";
          const si = cell.fAttrs.si;
          if (cell.fAttrs.t === "shared" && si !== undefined) {
            if (text !== "") masters.set(si, { text, row: r, col });
            else {
              const m = masters.get(si);
              text = m ? shiftFormula(m.text, r - m.row, col - m.col) : "";
            }
          }
          if (text !== "") {
            formulas ??= [];
            while (formulas.length <= r) formulas.push([]);
            const fr = formulas[r];
            padRow(fr, col);
            fr[col] = "=" + text;
          }
        }
      }
    }
  }
  // Shape formulas like values (within the padding bound of padRow).
  if (formulas) {
    const f = formulas;
    while (values.length < f.length) values.push([]);
    while (f.length < values.length) f.push([]);
    for (let r = 0; r < values.length; r++) {
      const row = f[r];
      const v = values[r];
      if (row.length > v.length) padRow(v, row.length);
      if (v.length > row.length) padRow(row, v.length);
    }
  }
  const tail = xml.slice(tailFrom);
  const merges: CellRect[] = [];
  for (const e of findAll(tail, p + "mergeCell")) {
    const r = e.tag.attrs.ref ? parseRange(e.tag.attrs.ref) : null;
    if (r) merges.push(r);
  }
  const prot = findTag(tail, p + "sheetProtection");
  const isProtected = !!prot && (prot.attrs.sheet === "1" || prot.attrs.sheet === "true");
  const index = new SheetIndex(xml, p, sd, rowStarts, rowEnds, rowNums, allHaveR);
  return { values, formulas, hiddenRows, merges, validations: onlyColumnA ? [] : readValidations(tail, p), protected: isProtected, usedColumns, index };
}

function readValidations(tail: string, p: string): RawValidation[] {
  const out: RawValidation[] = [];
  for (const e of findAll(tail, p + "dataValidation")) {
    if (e.tag.attrs.type !== "list" || e.tag.selfClosing) continue;
    const inner = tail.slice(e.tag.end, e.end);
    const f1 = findTag(inner, p + "formula1");
    if (!f1) continue;
    out.push({ sqref: e.tag.attrs.sqref ?? "", formula1: unescapeXml(innerText(inner, f1)) });
  }
  // Excel 2010+ extension list validations (x14:dataValidation), used for references to other sheets.
  const re = /<([A-Za-z0-9]+):dataValidation\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tail))) {
    const tag = parseTagAt(tail, m.index);
    if (tag.selfClosing) continue;
    const close = tail.indexOf(`</${m[1]}:dataValidation>`, tag.end);
    if (close < 0) break;
    re.lastIndex = close;
    if (tag.attrs.type !== "list") continue;
    const inner = tail.slice(tag.end, close);
    const f1 = /<(?:[A-Za-z0-9]+:)?formula1>\s*<(?:[A-Za-z0-9]+:)?f>([^<]*)</.exec(inner);
    const sq = /<(?:[A-Za-z0-9]+:)?sqref>([^<]*)</.exec(inner);
    if (f1 && sq) out.push({ sqref: sq[1], formula1: unescapeXml(f1[1]) });
  }
  return out;
}

export function readColStyles(xml: string, p: string): ColStyle[] {
  const cols = findTag(xml, p + "cols");
  if (!cols || cols.selfClosing) return [];
  const close = findClose(xml, cols.name, cols.end);
  const out: ColStyle[] = [];
  for (const e of findAll(xml, p + "col", cols.end, close)) {
    const a = e.tag.attrs;
    if (a.style !== undefined && a.min !== undefined) out.push({ min: Number(a.min) - 1, max: Number(a.max ?? a.min) - 1, style: Number(a.style) });
  }
  return out;
}

/* ------------------------------------------------------------------ */
/* Locating rows and cells                                             */
/* ------------------------------------------------------------------ */

export interface RowLoc {
  /** 0-based row index. */
  r: number;
  start: number;
  end: number;
  tag: Tag;
  hasR: boolean;
}

export interface CellLoc {
  col: number;
  /** Offsets within the sheet text. */
  start: number;
  end: number;
  tag: Tag;
  hasR: boolean;
}

/**
 * The rows of a worksheet text, in document order: offsets and row numbers only (a few numbers per row), the row's
 * start tag parsed again when a row is asked for. Built by scanSheet in its pass, or by indexSheet.
 */
export class SheetIndex {
  private byNumber: Map<number, number> | null = null;
  private readonly sorted: boolean;

  constructor(
    private readonly xml: string,
    readonly p: string,
    readonly sd: { tag: Tag; close: number } | null,
    private readonly starts: number[],
    private readonly ends: number[],
    private readonly nums: number[],
    /** Every row has an `r` attribute. */
    readonly allHaveR: boolean,
  ) {
    let sorted = true;
    for (let i = 1; i < nums.length && sorted; i++) if (nums[i]! <= nums[i - 1]!) sorted = false;
    this.sorted = sorted;
  }

  /** Whether this index was built from exactly this text. */
  isFor(xml: string): boolean {
    return this.xml === xml;
  }

  get count(): number {
    return this.starts.length;
  }

  /** Every row, in document order (each start tag parsed now). */
  get rows(): RowLoc[] {
    return this.starts.map((_, i) => this.loc(i));
  }

  private loc(i: number): RowLoc {
    const start = this.starts[i]!;
    const tag = parseTagAt(this.xml, start);
    return { r: this.nums[i]!, start, end: this.ends[i]!, tag, hasR: tag.attrs.r !== undefined };
  }

  /** The row with this 0-based number (the last one, should a number repeat). */
  row(r: number): RowLoc | undefined {
    if (this.sorted) {
      let lo = 0;
      let hi = this.nums.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = this.nums[mid]!;
        if (v === r) return this.loc(mid);
        if (v < r) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    }
    if (!this.byNumber) {
      this.byNumber = new Map();
      this.nums.forEach((n, i) => this.byNumber!.set(n, i));
    }
    const i = this.byNumber.get(r);
    return i === undefined ? undefined : this.loc(i);
  }

  /** The first row, in document order, whose number is greater than r. */
  firstAfter(r: number): RowLoc | undefined {
    if (this.sorted) {
      let lo = 0;
      let hi = this.nums.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.nums[mid]! <= r) lo = mid + 1;
        else hi = mid;
      }
      return lo < this.nums.length ? this.loc(lo) : undefined;
    }
    const i = this.nums.findIndex((n) => n > r);
    return i < 0 ? undefined : this.loc(i);
  }
}

export function indexSheet(xml: string): SheetIndex {
  sheetPassMeter.lengths.push(xml.length);
  const p = rootPrefix(xml, "worksheet");
  const sd = sheetDataBounds(xml, p);
  const starts: number[] = [];
  const ends: number[] = [];
  const nums: number[] = [];
  let allHaveR = true;
  if (sd && !sd.tag.selfClosing) {
    const rowOpen = "<" + p + "row";
    const rowClose = "</" + p + "row>";
    let i = sd.tag.end;
    let prev = -1;
    for (;;) {
      const k = xml.indexOf(rowOpen, i);
      if (k < 0 || k >= sd.close) break;
      if (!isBoundary(xml.charCodeAt(k + rowOpen.length))) {
        i = k + rowOpen.length;
        continue;
      }
      const tag = parseTagAt(xml, k);
      const hasR = tag.attrs.r !== undefined;
      if (!hasR) allHaveR = false;
      const r = hasR ? Number(tag.attrs.r) - 1 : prev + 1;
      prev = r;
      const end = tag.selfClosing ? tag.end : xml.indexOf(rowClose, tag.end) + rowClose.length;
      starts.push(k);
      ends.push(end);
      nums.push(r);
      i = end;
    }
  }
  return new SheetIndex(xml, p, sd, starts, ends, nums, allHaveR);
}

export function rowCells(xml: string, row: RowLoc, p: string): CellLoc[] {
  const out: CellLoc[] = [];
  if (row.tag.selfClosing) return out;
  const cOpen = "<" + p + "c";
  const cClose = "</" + p + "c>";
  const limit = row.end;
  let j = row.tag.end;
  let prev = -1;
  for (;;) {
    const k = xml.indexOf(cOpen, j);
    if (k < 0 || k >= limit) break;
    if (!isBoundary(xml.charCodeAt(k + cOpen.length))) {
      j = k + cOpen.length;
      continue;
    }
    const tag = parseTagAt(xml, k);
    const pos = refPos(tag.attrs.r);
    const col = pos ? pos.col : prev + 1;
    prev = col;
    const end = tag.selfClosing ? tag.end : xml.indexOf(cClose, tag.end) + cClose.length;
    out.push({ col, start: k, end, tag, hasR: !!pos });
    j = end;
  }
  return out;
}

/** Value and formula of one `<c>` element text (formula with "=", shared formulas expanded). */
export function readCellXml(sheetXml: string, cellXml: string, p: string, sst: string[], row: number, col: number): { value: CellValue; formula: string | null } {
  const tag = parseTagAt(cellXml, 0);
  if (tag.selfClosing) return { value: null, formula: null };
  const close = cellXml.lastIndexOf("</");
  const cell = parseCellContent(tag.attrs, cellXml.slice(tag.end, close), p, sst);
  let f = cell.f;
  if (cell.fAttrs && cell.fAttrs.t === "shared" && !f && cell.fAttrs.si !== undefined) {
    const m = findSharedMaster(sheetXml, p, cell.fAttrs.si);
    f = m ? shiftFormula(m.text, row - m.row, col - m.col) : null;
  }
  return { value: cell.value, formula: f ? "=" + f : null };
}

function findSharedMaster(xml: string, p: string, si: string): { text: string; row: number; col: number } | null {
  let i = 0;
  for (;;) {
    const f = findTag(xml, p + "f", i);
    if (!f) return null;
    i = f.end;
    if (f.attrs.t !== "shared" || f.attrs.si !== si || f.selfClosing || f.attrs.ref === undefined) continue;
    const text = unescapeXml(innerText(xml, f));
    const cStart = xml.lastIndexOf("<" + p + "c ", f.start);
    const pos = cStart >= 0 ? refPos(parseTagAt(xml, cStart).attrs.r) : null;
    if (!pos || !text) continue;
    return { text, row: pos.row, col: pos.col };
  }
}

/* ------------------------------------------------------------------ */
/* Native tokens                                                       */
/* ------------------------------------------------------------------ */

/** Token: the cell and its row were absent. */
export const NO_ROW = "<!--no-row-->";
/** Token: the cell was absent and <sheetData/> was empty (self-closing). */
export const NO_ROW_EMPTY_SHEETDATA = "<!--no-row:empty-sheetData-->";

/** The exact-restore token for a cell (see XlsxWorkbook docs). */
export function nativeToken(xml: string, idx: SheetIndex, row: number, col: number): string {
  const r = idx.row(row);
  if (!r) return idx.sd && idx.sd.tag.selfClosing ? NO_ROW_EMPTY_SHEETDATA : NO_ROW;
  const cells = rowCells(xml, r, idx.p);
  const c = cells.find((x) => x.col === col);
  if (c) return xml.slice(c.start, c.end);
  if (cells.length === 0) return xml.slice(r.start, r.end);
  return "";
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

export interface WriteContext {
  sheetName: string;
  protected: boolean;
  hasCalcChain: boolean;
  isLocked(xf: number): boolean;
  /** Style index of a cell that does not exist yet (row style, then column style, else 0). */
  defaultStyle(row: RowLoc | null, col: number): number;
  /** xf for a cell currently formatted `xf` after applying the write's fill/wrap. */
  derive(xf: number, write: CellWrite): number;
}

function cellInner(cellXml: string, tag: Tag): string {
  if (tag.selfClosing) return "";
  return cellXml.slice(tag.end, cellXml.lastIndexOf("</"));
}

function valueXml(value: CellValue, p: string): { t: string | null; body: string } {
  if (value === null) return { t: null, body: "" };
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw unsupported({ ja: "数値が有限ではありません。", en: "the number is not finite." });
    return { t: null, body: `<${p}v>${String(value)}</${p}v>` };
  }
  if (typeof value === "boolean") return { t: "b", body: `<${p}v>${value ? 1 : 0}</${p}v>` };
  const preserve = /^\s|\s$|[\n\t]/.test(value) ? ' xml:space="preserve"' : "";
  return { t: "inlineStr", body: `<${p}is><${p}t${preserve}>${escapeCellText(value)}</${p}t></${p}is>` };
}

/**
 * New text of one cell after a write (null = the cell is absent).
 * `current` is the cell's text or null when absent.
 */
function writeCell(current: string | null, w: CellWrite, ref: string, defaultXf: number, ctx: WriteContext, p: string): { text: string | null; rowToken?: string } {
  if (w.native !== undefined) {
    const n = w.native;
    if (n === "" || n === NO_ROW || n === NO_ROW_EMPTY_SHEETDATA) return { text: null, rowToken: n };
    if (n.startsWith("<" + p + "row") && isBoundary(n.charCodeAt(p.length + 4))) return { text: null, rowToken: n };
    if (n.startsWith("<" + p + "c") && isBoundary(n.charCodeAt(p.length + 2))) {
      try {
        const tag = parseTagAt(n, 0);
        if (tag.attrs.r === ref) return { text: n };
      } catch {
        /* not ours: fall back to value/formula/fill */
      }
    }
  }
  const tag = current ? parseTagAt(current, 0) : null;
  const attrs = tag?.attrs ?? {};
  const oldXf = attrs.s !== undefined ? Number(attrs.s) : current ? 0 : defaultXf;
  const xf = w.fill !== undefined || w.wrap !== undefined ? ctx.derive(oldXf, w) : oldXf;
  const contentChange = w.value !== undefined || w.formula !== undefined;
  if (!contentChange) {
    if (!current) return { text: xf === 0 ? null : `<${p}c r="${ref}" s="${xf}"/>` };
    if (xf === oldXf) return { text: current };
    const start = setAttr(current.slice(0, tag!.end), "s", String(xf));
    return { text: start + current.slice(tag!.end) };
  }
  // Content change: refuse what would leave the workbook inconsistent.
  if (current && tag && !tag.selfClosing) {
    const inner = cellInner(current, tag);
    const f = findTag(inner, p + "f");
    if (f) {
      if ((f.attrs.t === "shared" && f.attrs.ref !== undefined) || f.attrs.t === "array" || f.attrs.t === "dataTable") {
        throw unsupported({
          ja: `セル ${ref} は共有数式・配列数式の起点のため上書きできません。`,
          en: `cell ${ref} is the anchor of a shared or array formula and cannot be overwritten.`,
        });
      }
      if (w.formula === undefined && ctx.hasCalcChain) {
        throw unsupported({
          ja: `セル ${ref} の数式を値で上書きすると計算チェーン（calcChain.xml）と矛盾します。`,
          en: `overwriting the formula in cell ${ref} with a value would contradict the calculation chain (calcChain.xml).`,
        });
      }
    }
  }
  let open = `<${p}c r="${ref}"`;
  if (xf !== 0 || attrs.s !== undefined) open += ` s="${xf}"`;
  if (attrs.ph !== undefined) open += ` ph="${attrs.ph}"`;
  if (w.formula !== undefined) {
    const ftext = w.formula.startsWith("=") ? w.formula.slice(1) : w.formula;
    const cached = w.value === undefined || w.value === null ? null : w.value;
    let t: string | null = null;
    let v = "";
    if (typeof cached === "string") {
      t = "str";
      v = `<${p}v>${escapeText(cached)}</${p}v>`;
    } else if (cached !== null) {
      const x = valueXml(cached, p);
      t = x.t;
      v = x.body;
    }
    return { text: `${open}${t ? ` t="${t}"` : ""}><${p}f>${escapeText(ftext)}</${p}f>${v}</${p}c>` };
  }
  const x = valueXml(w.value as CellValue, p);
  if (!x.body) return { text: `${open}/>` };
  return { text: `${open}${x.t ? ` t="${x.t}"` : ""}>${x.body}</${p}c>` };
}

/**
 * Apply cell writes to a worksheet text. Writes to the same cell apply in
 * order. Throws (before anything is committed by the caller) on protection
 * or unsupported structures.
 */
export function applyCellWrites(xml: string, writes: CellWrite[], ctx: WriteContext, index?: SheetIndex): string {
  if (writes.length === 0) return xml;
  const idx = index?.isFor(xml) ? index : indexSheet(xml);
  const p = idx.p;
  if (!idx.sd) throw unsupported({ ja: "シートに sheetData がありません。", en: "the sheet has no sheetData." });
  const byRow = new Map<number, CellWrite[]>();
  for (const w of writes) {
    if (Number.isInteger(w.row) && w.row >= 0 && w.row <= 1048575 && w.col > 16383) {
      // e.g. the add-in's columns go right of the used range, and a stray value sits in the last column
      throw unsupported({
        ja: `書き込み先が最終列 XFD より右になります（${w.row + 1} 行目）。表の右側の離れたセルにある値を削除してから再実行してください。`,
        en: `the cell to write is right of the last column, XFD (row ${w.row + 1}). Delete the stray values far right of the table and try again.`,
      });
    }
    if (!Number.isInteger(w.row) || !Number.isInteger(w.col) || w.row < 0 || w.col < 0 || w.row > 1048575 || w.col > 16383) {
      throw unsupported({ ja: `セル位置が範囲外です（${w.row}, ${w.col}）。`, en: `cell position out of range (${w.row}, ${w.col}).` });
    }
    if (w.fill !== undefined && w.fill !== null && !/^#[0-9A-Fa-f]{6}$/.test(w.fill)) {
      throw unsupported({ ja: `塗りつぶし色「${w.fill}」は #RRGGBB 形式ではありません。`, en: `fill colour "${w.fill}" is not #RRGGBB.` });
    }
    let list = byRow.get(w.row);
    if (!list) byRow.set(w.row, (list = []));
    list.push(w);
  }
  const edits: { start: number; end: number; text: string; order: number }[] = [];
  let sawEmptySheetDataToken = false;
  const sortedRows = [...byRow.keys()].sort((a, b) => a - b);
  if (!idx.allHaveR) {
    throw unsupported({ ja: "行番号のない行を含むシートには書き込めません。", en: "rows without row numbers cannot be edited." });
  }
  for (const r of sortedRows) {
    const rowWrites = byRow.get(r)!;
    const loc = idx.row(r) ?? null;
    const cells = loc ? rowCells(xml, loc, p) : [];
    if (cells.some((c) => !c.hasR)) {
      throw unsupported({ ja: "セル番地のないセルを含む行には書き込めません。", en: "rows with cells lacking a reference cannot be edited." });
    }
    // Current state per column (text or null), original kept for comparison.
    const state = new Map<number, string | null>();
    for (const c of cells) state.set(c.col, xml.slice(c.start, c.end));
    const original = new Map(state);
    let rowToken: string | undefined;
    for (const w of rowWrites) {
      const ref = cellRef(r, w.col);
      const cur = state.has(w.col) ? state.get(w.col)! : null;
      const res = writeCell(cur, w, ref, ctx.defaultStyle(loc, w.col), ctx, p);
      state.set(w.col, res.text);
      if (res.rowToken !== undefined && res.rowToken !== "") rowToken = res.rowToken;
      if (res.rowToken === NO_ROW_EMPTY_SHEETDATA) sawEmptySheetDataToken = true;
    }
    // Protection: any changed cell that is locked (by its current format) is refused.
    if (ctx.protected) {
      for (const [col, text] of state) {
        const before = original.has(col) ? original.get(col)! : null;
        if (text === before) continue;
        let xf: number;
        if (before) {
          const s = parseTagAt(before, 0).attrs.s;
          xf = s !== undefined ? Number(s) : 0;
        } else xf = ctx.defaultStyle(loc, col);
        if (ctx.isLocked(xf)) throw protectedSheet(ctx.sheetName);
      }
    }
    const present = [...state.entries()].filter(([, t]) => t !== null).sort((a, b) => a[0] - b[0]);
    if (!loc) {
      if (present.length === 0) continue;
      const rowXml = `<${p}row r="${r + 1}">${present.map(([, t]) => t).join("")}</${p}row>`;
      const next = idx.firstAfter(r);
      const at = next ? next.start : idx.sd.tag.selfClosing ? -1 : idx.sd.close;
      edits.push({ start: at, end: at, text: rowXml, order: r });
      continue;
    }
    if (present.length === 0) {
      if (rowToken === NO_ROW || rowToken === NO_ROW_EMPTY_SHEETDATA) {
        edits.push({ start: loc.start, end: loc.end, text: "", order: r });
        continue;
      }
      if (rowToken && rowToken.startsWith("<" + p + "row")) {
        const t = parseTagAt(rowToken, 0);
        if (t.attrs.r === String(r + 1)) {
          edits.push({ start: loc.start, end: loc.end, text: rowToken, order: r });
          continue;
        }
      }
      if (cells.length === 0) continue; // nothing changed
    }
    // Rebuild the row content, keeping every untouched byte (inter-cell whitespace included).
    let out = "";
    let startTag = xml.slice(loc.tag.start, loc.tag.end);
    let pos = loc.tag.end;
    if (loc.tag.selfClosing) startTag = startTag.slice(0, -2).replace(/\s+$/, "") + ">";
    const inserts = [...state.entries()].filter(([col, t]) => t !== null && !original.has(col)).sort((a, b) => a[0] - b[0]);
    let ii = 0;
    for (const c of cells) {
      out += xml.slice(pos, c.start);
      while (ii < inserts.length && inserts[ii][0] < c.col) out += inserts[ii++][1];
      out += state.get(c.col) ?? "";
      pos = c.end;
    }
    const closeAt = loc.tag.selfClosing ? loc.end : xml.lastIndexOf("</", loc.end - 1);
    if (cells.length > 0) {
      // keep trailing text after the last cell, insert remaining cells right after the last cell
      const rest = inserts.slice(ii).map((x) => x[1]).join("");
      out += rest + xml.slice(pos, closeAt);
    } else {
      out += inserts.slice(ii).map((x) => x[1]).join("") + (loc.tag.selfClosing ? "" : xml.slice(pos, closeAt));
    }
    const endTag = loc.tag.selfClosing ? `</${p}row>` : xml.slice(closeAt, loc.end);
    edits.push({ start: loc.start, end: loc.end, text: startTag + out + endTag, order: r });
  }
  if (edits.length === 0) return xml;
  // Apply edits (sorted by position, insertions at the same point in row order).
  let result: string;
  if (idx.sd.tag.selfClosing) {
    const rowsXml = edits.sort((a, b) => a.order - b.order).map((e) => e.text).join("");
    const open = xml.slice(idx.sd.tag.start, idx.sd.tag.end).slice(0, -2).replace(/\s+$/, "") + ">";
    result = xml.slice(0, idx.sd.tag.start) + open + rowsXml + `</${p}sheetData>` + xml.slice(idx.sd.tag.end);
  } else {
    edits.sort((a, b) => a.start - b.start || a.order - b.order);
    let out = "";
    let pos = 0;
    for (const e of edits) {
      out += xml.slice(pos, e.start) + e.text;
      pos = e.end;
    }
    result = out + xml.slice(pos);
    if (sawEmptySheetDataToken) {
      const sd = sheetDataBounds(result, p)!;
      if (!sd.tag.selfClosing && result.slice(sd.tag.end, sd.close).trim() === "") {
        const end = result.indexOf(">", sd.close) + 1;
        result = result.slice(0, sd.tag.start) + result.slice(sd.tag.start, sd.tag.end - 1).replace(/\s+$/, "") + "/>" + result.slice(end);
      }
    }
  }
  return result;
}

/* ------------------------------------------------------------------ */
/* Whole sheets owned by the adapter                                   */
/* ------------------------------------------------------------------ */

function displayWidth(v: CellValue): number {
  if (v === null) return 0;
  let w = 0;
  for (const ch of String(v).split("\n")[0]) w += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  return w;
}

/** A complete worksheet part for the given rows (strings as inline strings). */
export function buildWorksheet(rows: CellValue[][], ns: { main: string; rel: string }, opts: { widths?: boolean; extra?: { row: number; col: number; value: CellValue }[] } = {}): string {
  const grid: CellValue[][] = rows.map((r) => r.slice());
  for (const e of opts.extra ?? []) {
    while (grid.length <= e.row) grid.push([]);
    while (grid[e.row].length <= e.col) grid[e.row].push(null);
    grid[e.row][e.col] = e.value;
  }
  let cols = "";
  if (opts.widths) {
    const widths: number[] = [];
    for (const r of grid) r.forEach((v, c) => (widths[c] = Math.max(widths[c] ?? 0, displayWidth(v))));
    const parts = widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${Math.min(80, Math.max(8, w + 2))}" customWidth="1"/>`);
    if (parts.length) cols = `<cols>${parts.join("")}</cols>`;
  }
  let data = "";
  grid.forEach((r, ri) => {
    let cells = "";
    r.forEach((v, ci) => {
      if (v === null || v === undefined) return;
      const x = valueXml(v, "");
      cells += `<c r="${cellRef(ri, ci)}"${x.t ? ` t="${x.t}"` : ""}>${x.body}</c>`;
    });
    if (cells) data += `<row r="${ri + 1}">${cells}</row>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n` +
    `<worksheet xmlns="${ns.main}" xmlns:r="${ns.rel}">${cols}<sheetData>${data}</sheetData></worksheet>`
  );
}

/**
 * XlsxWorkbook: the OOXML adapter of the workbook port for Node (CLI).
 *
 * Surgical editing of an in-memory .xlsx: parts are kept decompressed in their
 * original order; a write() edits only the parts it must (the target sheet,
 * styles.xml when a new format is needed, and workbook.xml + its rels +
 * [Content_Types].xml when the record/owned sheets are created or deleted).
 * Every other part is saved with its original bytes.
 *
 * Native tokens (CellSnapshot.native) for exact restore:
 *   - the original `<c …>…</c>` element text when the cell existed;
 *   - "" when the cell was absent in a row that had other cells;
 *   - the original `<row …/>` element text when the cell was absent and its row had no cells;
 *   - "<!--no-row-->" when the row was absent
 *     ("<!--no-row:empty-sheetData-->" when the sheet had no rows at all).
 *
 * Appended styles: the original number of <fill> / <cellXfs><xf> elements (and the
 * original count attributes) are kept as JSON in cell B1 of the record sheet
 * (RECORD_SHEET_NAME; column A is the record itself). When the record is deleted
 * (record: null) and no cell of any worksheet still uses an appended format, the
 * appended fills/xfs are cut off again, restoring styles.xml byte for byte.
 *
 * Column widths (WriteBatch.columns): `<cols>` edited surgically (cols.ts); the native token
 * (SheetMatrix.columnsNative) is the original `<cols>…</cols>` text ("" when none), used on restore
 * only when it agrees with the widths written.
 *
 * Owned sheets: rows in place, table decoration (review-table.ts), the legend's fills (OwnedSheetWrite.fills) and a
 * native chart (OwnedSheetWrite.chart, chart.ts: drawing + chart parts, replaced by name, removed with the sheet).
 *
 * Row heights (row-heights.ts): rows that receive the add-in's wrapped texts and have no height of their own get an
 * estimated `ht`; the meta JSON in B1 remembers it (`rows`) so that clear puts the height back unless changed since.
 *
 * Notes (WriteBatch.notes) are ignored by this adapter: the CLI keeps review
 * comments on the review sheet instead of legacy comments/VML.
 */
import { RECORD_SHEET_NAME, type CellSnapshot } from "../../domain/record";
import { sha256Bytes } from "../../domain/sha256";
import { storedCells } from "../../domain/sparse";
import type { CellAddress, CellValue, ListValidation, SheetMatrix } from "../../domain/types";
import type { CellWrite, ReadOptions, SheetInfo, SheetProbe, WorkbookGateway, WorkbookRead, WriteBatch } from "../gateway";
import { UserFacingError } from "../gateway";
import { valuesExtent } from "../../domain/sparse";
import { applyColumnWrites, readColumnWidths } from "./cols";
import { openContainer, zipParts, type ZipCodec } from "./container";
import { damagedPart, openError, protectedSheet, protectedStructure, sheetNotFound, unsupported } from "./errors";
import { addSheetEntry, dirOf, parseRels, parseWorkbook, relsPathOf, removeSheetEntry, type WbSheet, type WorkbookModel } from "./package";
import { applyPrintTitles, applySheetPrint, readPrintOriginal, restorePrint, type PrintOriginal, type PrintToken } from "./print";
import { parseQualifiedRange, parseSqref } from "./refs";
import { drawingNamesOf, drawOwnedChart, removeSheetDrawings } from "./chart";
import { decorateOwnedSheet, removeSheetTables, type PartIo } from "./review-table";
import {
  applyCellWrites,
  buildWorksheet,
  indexSheet,
  nativeToken,
  parseSharedStrings,
  readCellXml,
  readColStyles,
  rowCells,
  scanSheet,
  type RowLoc,
  type SheetIndex,
  type SheetScan,
} from "./sheet";
import { defaultColumnWidth, defaultRowHeight, estimateHeight, formatHeight, rowHeightOf, withHeight, type RowHeightEntry, type RowHeightMemo } from "./row-heights";
import { deriveFill, deriveWrap, parseTheme, Styles, trimStyles, type StyleBase } from "./styles";
import { decodeUtf8, encodeUtf8, parseTagAt, rootPrefix, setAttr } from "./xml";

const META_KEY = "phr-xlsx-adapter/1";

interface StyleMeta extends StyleBase {
  v: typeof META_KEY;
  /**
   * Validity stamp of the native tokens: SHA-256 of the parts a token depends on (each sheet the adapter wrote,
   * "#sst", "#styles"), as this adapter last wrote them. When any of them differs (the file was saved by Excel,
   * LibreOffice, ExcelJS… since), or the stamp is "broken" (it differed once), tokens are never used again and
   * restores go through value / formula / fill / wrap / width in the current file.
   */
  parts?: Record<string, string> | "broken";
  /** Row heights the adapter wrote for its wrapped texts, to put back on clear (row-heights.ts). */
  rows?: RowHeightMemo;
}

/**
 * Faster primitives a host may pass to `XlsxWorkbook.open` (the CLI passes Node's zlib and crypto); without them the
 * adapter uses fflate and the domain's SHA-256, and runs anywhere. Results are the same either way.
 */
export interface XlsxEngine {
  zip?: ZipCodec;
  /** SHA-256 of bytes as lowercase hex. */
  sha256Hex?: (bytes: Uint8Array) => string;
  /** Strict UTF-8 decoding (a BOM is kept as U+FEFF); must throw a TypeError on bytes that are not UTF-8. */
  decodeUtf8?: (bytes: Uint8Array) => string;
}

const NO_BYTES = new Uint8Array(0);

/** Stamp key of a sheet. */
const sheetKey = (name: string) => `sheet:${name}`;

export class XlsxWorkbook implements WorkbookGateway {
  private readonly parts: Map<string, Uint8Array>;
  private readonly texts = new Map<string, string>();
  /** Staged edits of the write() in progress: text, or null = delete. */
  private overlay: Map<string, string | null> | null = null;
  private readonly workbookPath: string;
  /** Style base known in memory when styles were appended without a record sheet to keep it in. */
  private pendingBase: StyleBase | null = null;
  private sstCache: { text: string; sst: string[] } | null = null;
  private readonly sha256Hex: (bytes: Uint8Array) => string;
  private readonly decode: (bytes: Uint8Array) => string;
  /** Digests of part bytes already hashed (a part is hashed once however often the stamp is checked or renewed). */
  private readonly digests = new WeakMap<Uint8Array, string>();
  /** UTF-8 bytes of staged texts, encoded once for the stamp and reused by commit(). */
  private readonly encoded = new Map<string, { text: string; bytes: Uint8Array }>();
  /** Row index of each worksheet part, from its last scan (valid while the part's text is the one scanned). */
  private readonly indexes = new Map<string, SheetIndex>();

  private constructor(parts: Map<string, Uint8Array>, workbookPath: string, private readonly fileName?: string, engine: XlsxEngine = {}) {
    this.parts = parts;
    this.workbookPath = workbookPath;
    this.sha256Hex = engine.sha256Hex ?? sha256Bytes;
    this.decode = engine.decodeUtf8 ?? decodeUtf8;
  }

  /** Run a parser over one part: any failure that is not already a UserFacingError is that part being damaged. */
  private parsed<T>(part: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof UserFacingError) throw e;
      throw damagedPart(part, this.fileName);
    }
  }

  /** Open .xlsx bytes; throws UserFacingError (empty/corrupt/encrypted/xls/not-xlsx). */
  static open(bytes: Uint8Array, fileName?: string, engine: XlsxEngine = {}): XlsxWorkbook {
    const parts = openContainer(bytes, fileName, engine.zip);
    if (!parts.has("[Content_Types].xml")) throw openError("not-xlsx", fileName);
    let wbPath = "xl/workbook.xml";
    const rootRels = parts.get("_rels/.rels");
    if (rootRels) {
      try {
        const rel = parseRels(decodeUtf8(rootRels), "").find((r) => /\/officeDocument$/.test(r.type));
        if (rel?.path) wbPath = rel.path;
      } catch {
        throw openError("corrupt", fileName);
      }
    }
    if (!parts.has(wbPath)) throw openError("not-xlsx", fileName);
    if (!/\.xml$/i.test(wbPath)) throw openError("not-xlsx", fileName); // e.g. .xlsb (workbook.bin)
    const wb = new XlsxWorkbook(parts, wbPath, fileName, engine);
    try {
      const model = wb.model();
      if (model.sheets.length === 0) throw new Error("no sheets");
    } catch (e) {
      if (e instanceof UserFacingError) throw e;
      throw openError("corrupt", fileName);
    }
    return wb;
  }

  /** The workbook as .xlsx bytes (untouched parts keep their exact bytes). */
  save(): Uint8Array {
    return zipParts(this.parts);
  }

  /** Decompressed part names, in zip order (for tests and diagnostics). */
  partNames(): string[] {
    return [...this.parts.keys()];
  }

  /** Decompressed bytes of one part. */
  part(name: string): Uint8Array | undefined {
    return this.parts.get(name);
  }

  /* ---------------------------------------------------------------- */
  /* Part access (through the staging overlay during write())          */
  /* ---------------------------------------------------------------- */

  private has(path: string): boolean {
    if (this.overlay?.has(path)) return this.overlay.get(path) !== null;
    return this.parts.has(path);
  }

  private text(path: string): string | null {
    if (this.overlay?.has(path)) return this.overlay.get(path) ?? null;
    const cached = this.texts.get(path);
    if (cached !== undefined) return cached;
    const bytes = this.parts.get(path);
    if (!bytes) return null;
    let t: string;
    try {
      t = this.decode(bytes);
    } catch (e) {
      // Only the decoder's own TypeError means "not UTF-8" (a too-long string is a RangeError).
      if (e instanceof TypeError) throw unsupported({ ja: `${path} が UTF-8 ではありません。`, en: `${path} is not UTF-8.` });
      throw damagedPart(path, this.fileName);
    }
    this.texts.set(path, t);
    return t;
  }

  private stage(path: string, text: string | null): void {
    if (!this.overlay) throw new Error("stage outside write");
    this.overlay.set(path, text);
  }

  /** UTF-8 bytes of a staged text (encoded once per write). */
  private encodedText(path: string, text: string): Uint8Array {
    const hit = this.encoded.get(path);
    if (hit && hit.text === text) return hit.bytes;
    const bytes = encodeUtf8(text);
    this.encoded.set(path, { text, bytes });
    return bytes;
  }

  private digest(bytes: Uint8Array): string {
    let h = this.digests.get(bytes);
    if (h === undefined) {
      h = this.sha256Hex(bytes);
      this.digests.set(bytes, h);
    }
    return h;
  }

  /**
   * SHA-256 of a part's text as it stands (staged edits included; "" when `path` is null or the part is absent), or
   * null when the part is a sheet that must exist. The text is hashed as its UTF-8 bytes: for a part read from the file
   * those are its bytes, so nothing is re-encoded and an unchanged part is hashed once per session.
   */
  private partDigest(path: string | null, mustExist = false): string | null {
    if (!path) return this.digest(NO_BYTES);
    const text = this.text(path); // also refuses parts that are not UTF-8
    if (text === null) return mustExist ? null : this.digest(NO_BYTES);
    if (this.overlay?.has(path)) return this.digest(this.encodedText(path, text));
    return this.digest(this.parts.get(path) ?? NO_BYTES);
  }

  private commit(): void {
    for (const [path, text] of this.overlay!) {
      this.texts.delete(path);
      if (text === null) {
        this.parts.delete(path);
        continue;
      }
      const orig = this.parts.get(path);
      const bytes = this.encodedText(path, text);
      if (orig && orig.length === bytes.length && orig.every((b, i) => b === bytes[i])) continue;
      this.parts.set(path, bytes);
      this.texts.set(path, text);
    }
    this.encoded.clear();
    this.sstCache = null;
  }

  /* ---------------------------------------------------------------- */
  /* Models                                                            */
  /* ---------------------------------------------------------------- */

  private model(): WorkbookModel {
    const xml = this.text(this.workbookPath);
    if (xml === null) throw openError("not-xlsx");
    const rels = this.text(relsPathOf(this.workbookPath));
    return this.parsed(this.workbookPath, () => parseWorkbook(this.workbookPath, xml, rels));
  }

  private relPath(model: WorkbookModel, tail: string): string | null {
    return model.rels.find((r) => r.type.endsWith("/" + tail))?.path ?? null;
  }

  private sst(model: WorkbookModel): string[] {
    const path = this.relPath(model, "sharedStrings");
    const xml = path ? this.text(path) : null;
    if (!xml) return [];
    if (this.sstCache?.text === xml) return this.sstCache.sst;
    const sst = this.parsed(path!, () => parseSharedStrings(xml));
    this.sstCache = { text: xml, sst };
    return sst;
  }

  private theme(model: WorkbookModel): string[] {
    const path = this.relPath(model, "theme");
    const xml = path ? this.text(path) : null;
    return this.parsed(path ?? "theme", () => parseTheme(xml));
  }

  private styles(model: WorkbookModel): Styles | null {
    const path = this.relPath(model, "styles");
    const xml = path ? this.text(path) : null;
    const theme = this.theme(model);
    return xml ? this.parsed(path!, () => new Styles(xml, theme)) : null;
  }

  /**
   * A sheet the adapter owns (the record, 審査記録): exact name only. A sheet whose name differs only by case is
   * the user's; since Excel does not allow both, the add-in refuses rather than take it over or add a twin.
   */
  private ownSheet(model: WorkbookModel, name: string): WbSheet | undefined {
    const exact = model.sheets.find((s) => s.name === name);
    if (exact) return exact;
    const twin = model.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (twin)
      throw unsupported({
        ja: `シート「${twin.name}」はアドインのシート「${name}」と大文字・小文字だけが違うため、アドインのシートを作れません。名前を変えてください。`,
        en: `sheet "${twin.name}" differs from the add-in's sheet "${name}" only by case, so the add-in cannot create its sheet. Rename it.`,
      });
    return undefined;
  }

  private findSheet(model: WorkbookModel, name: string): WbSheet | undefined {
    return model.sheets.find((s) => s.name === name) ?? model.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  private worksheetXml(sheet: WbSheet): string | null {
    if (sheet.kind !== "worksheet" || !sheet.path) return null;
    return this.text(sheet.path);
  }

  private isProtected(sheet: WbSheet): boolean {
    const xml = this.worksheetXml(sheet);
    return !!xml && scanProtected(xml);
  }

  /* ---------------------------------------------------------------- */
  /* read                                                              */
  /* ---------------------------------------------------------------- */

  async read(options: ReadOptions = {}): Promise<WorkbookRead> {
    const model = this.model();
    const sst = this.sst(model);
    const sheets: SheetInfo[] = model.sheets.map((s) => ({ name: s.name, visibility: s.state, protected: this.isProtected(s) }));
    const scans = new Map<string, SheetScan>();
    const scan = (s: WbSheet): SheetScan | null => {
      const hit = scans.get(s.name);
      if (hit) return hit;
      const xml = this.worksheetXml(s);
      if (!xml) return null;
      const r = this.parsed(s.path!, () => scanSheet(xml, sst));
      scans.set(s.name, r);
      this.indexes.set(s.path!, r.index);
      return r;
    };
    const wanted: WbSheet[] = [];
    if (options.recordOnly) {
      // sheet list, protection and record only
    } else if (options.sheet !== undefined) {
      const s = this.findSheet(model, options.sheet);
      if (!s) throw sheetNotFound(options.sheet);
      wanted.push(s);
    }
    if (!options.recordOnly && (options.sheet === undefined || options.allSheets)) {
      for (const s of model.sheets) if (s.state === "visible" && s.kind === "worksheet" && !wanted.includes(s)) wanted.push(s);
    }
    const matrices: SheetMatrix[] = [];
    for (const s of wanted) {
      const sc = scan(s);
      if (!sc) continue;
      const m: SheetMatrix = {
        name: s.name,
        values: sc.values,
        merges: sc.merges,
        hiddenRows: sc.hiddenRows,
        validations: this.resolveValidations(model, s, sc, scan),
        visibility: s.state,
        protectedSheet: sc.protected,
      };
      if (sc.formulas) m.formulas = sc.formulas;
      const xml = this.worksheetXml(s);
      if (xml) {
        let span = 0;
        for (const row of sc.values) span = Math.max(span, row.length);
        for (const g of sc.merges) span = Math.max(span, g.right + 1);
        const cw = this.parsed(s.path!, () => readColumnWidths(xml, rootPrefix(xml, "worksheet"), span + 4));
        m.columnWidths = cw.widths;
        m.columnsNative = cw.native;
        m.usedColumns = this.usedColumns(s, sc.usedColumns);
        const wbXml = this.text(this.workbookPath);
        if (wbXml !== null)
          m.printNative = JSON.stringify({ ...readPrintOriginal(xml, wbXml, rootPrefix(xml, "worksheet"), model.p), sheetName: s.name, localSheetId: s.index });
      }
      matrices.push(m);
    }
    const owned: SheetMatrix[] = [];
    for (const name of options.owned ?? []) {
      const s = model.sheets.find((x) => x.name === name);
      if (!s) continue;
      const done = matrices.find((m) => m.name === name);
      if (done) {
        owned.push(done);
        continue;
      }
      const sc = scan(s);
      if (!sc) continue;
      const m: SheetMatrix = { name: s.name, values: sc.values, merges: sc.merges, hiddenRows: sc.hiddenRows, visibility: s.state, protectedSheet: sc.protected };
      if (sc.formulas) m.formulas = sc.formulas;
      owned.push(m);
    }
    let recordCells: CellValue[] | null = null;
    const store = model.sheets.find((x) => x.name === RECORD_SHEET_NAME);
    if (store) {
      const xml = this.worksheetXml(store);
      recordCells = xml ? this.parsed(store.path!, () => scanSheet(xml, sst, true)).values.map((r) => (r.length ? r[0] : null)) : [];
    }
    // Probed sheets: the extent of their values and the names of their drawing objects.
    const probed: SheetProbe[] = [];
    for (const name of options.probe ?? []) {
      const s = model.sheets.find((x) => x.name === name);
      if (!s) continue;
      const values = matrices.find((m) => m.name === name)?.values ?? owned.find((m) => m.name === name)?.values ?? scan(s)?.values ?? [];
      probed.push({ name, used: valuesExtent(values), drawings: s.path ? drawingNamesOf(this.partIo(), s.path) : [] });
    }
    const active = model.sheets[model.activeTab] ?? model.sheets[0];
    return {
      sheets,
      activeSheet: active ? active.name : null,
      matrices,
      recordCells,
      owned,
      ...(options.probe ? { probed } : {}),
      capabilities: { comments: false, notes: false, mergeUndoGroup: false, removeOwned: true, print: true, charts: true },
    };
  }

  /**
   * Columns in use by anything besides values: every stored cell element (a format, an empty formula result) and
   * every comment anchor (legacy and threaded comments parts of the sheet).
   */
  private usedColumns(sheet: WbSheet, cellColumns: number): number {
    let used = cellColumns;
    let m: RegExpExecArray | null;
    if (sheet.path) {
      for (const r of parseRels(this.text(relsPathOf(sheet.path)), dirOf(sheet.path))) {
        if (!/comments/i.test(r.type) || !r.path) continue;
        const part = this.text(r.path);
        if (!part) continue;
        const refs = /\bref="([A-Z]{1,3})\d+"/g;
        while ((m = refs.exec(part))) used = Math.max(used, colOfLetters(m[1]) + 1);
      }
    }
    return used;
  }

  private resolveValidations(model: WorkbookModel, sheet: WbSheet, sc: SheetScan, scan: (s: WbSheet) => SheetScan | null): ListValidation[] {
    const out: ListValidation[] = [];
    for (const v of sc.validations) {
      const list = this.resolveList(model, sheet, v.formula1, scan, 0);
      const ranges = parseSqref(v.sqref);
      if (list && ranges.length) out.push({ ranges, list });
    }
    return out;
  }

  private resolveList(model: WorkbookModel, sheet: WbSheet, formula: string, scan: (s: WbSheet) => SheetScan | null, depth: number): string[] | null {
    let f = formula.trim();
    if (f.startsWith("=")) f = f.slice(1).trim();
    if (f.startsWith('"')) {
      if (!f.endsWith('"') || f.length < 2) return null;
      return f
        .slice(1, -1)
        .replace(/""/g, '"')
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== "");
    }
    const q = parseQualifiedRange(f);
    if (q) {
      const target = q.sheet === null ? sheet : this.findSheet(model, q.sheet);
      const sc = target ? scan(target) : null;
      if (!sc) return null;
      const out: string[] = [];
      const { top, left, bottom, right } = q.rect;
      for (let r = top; r <= Math.min(bottom, sc.values.length - 1); r++) {
        for (const { col: c, raw: v } of storedCells(sc.values[r])) {
          if (c < left || c > right) continue;
          out.push(typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v));
        }
      }
      return out;
    }
    if (depth < 5 && /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(f)) {
      const lname = f.toLowerCase();
      const cands = model.names.filter((n) => n.name.toLowerCase() === lname);
      const hit = cands.find((n) => n.localSheetId === sheet.index) ?? cands.find((n) => n.localSheetId === null);
      if (hit) return this.resolveList(model, sheet, hit.text, scan, depth + 1);
    }
    return null;
  }

  /* ---------------------------------------------------------------- */
  /* snapshot                                                          */
  /* ---------------------------------------------------------------- */

  async snapshot(sheetName: string, cells: CellAddress[]): Promise<CellSnapshot[]> {
    const model = this.model();
    const sheet = this.findSheet(model, sheetName);
    if (!sheet) throw sheetNotFound(sheetName);
    const xml = this.worksheetXml(sheet);
    if (xml === null) throw unsupported({ ja: `「${sheetName}」はワークシートではありません。`, en: `"${sheetName}" is not a worksheet.` });
    const sst = this.sst(model);
    const styles = this.styles(model);
    const idx = this.parsed(sheet.path!, () => this.sheetIndex(sheet.path!, xml));
    const colStyles = this.parsed(sheet.path!, () => readColStyles(xml, idx.p));
    const cache = new Map<number, ReturnType<typeof rowCells>>();
    return this.parsed(sheet.path!, () => cells.map(({ row, col }) => {
      const native = nativeToken(xml, idx, row, col);
      const loc = idx.row(row) ?? null;
      let rc = loc ? cache.get(row) : undefined;
      if (loc && !rc) cache.set(row, (rc = rowCells(xml, loc, idx.p)));
      const c = rc?.find((x) => x.col === col);
      let value: CellValue = null;
      let formula: string | null = null;
      let xf: number;
      if (c) {
        const r = readCellXml(xml, xml.slice(c.start, c.end), idx.p, sst, row, col);
        value = r.value;
        formula = r.formula;
        xf = c.tag.attrs.s !== undefined ? Number(c.tag.attrs.s) : 0;
      } else {
        xf = defaultStyle(loc, col, colStyles);
      }
      const fill = styles ? styles.fillColor(xf) : null;
      const wrap = styles ? styles.wraps(xf) : false;
      return { row, col, value, formula, fill, wrap, native };
    }));
  }

  /* ---------------------------------------------------------------- */
  /* write                                                             */
  /* ---------------------------------------------------------------- */

  async write(batch: WriteBatch): Promise<void> {
    this.overlay = new Map();
    let pending = this.pendingBase;
    try {
      pending = this.stageWrite(batch, pending);
      this.commit();
      this.pendingBase = pending;
    } catch (e) {
      if (e instanceof UserFacingError) throw e;
      throw unsupported({
        ja: `ブックの構造を解釈できませんでした（${(e as Error).message}）。`,
        en: `the workbook structure could not be interpreted (${(e as Error).message}).`,
      });
    } finally {
      this.overlay = null;
      this.encoded.clear();
    }
  }

  private stageWrite(batchIn: WriteBatch, pendingIn: StyleBase | null): StyleBase | null {
    let model = this.model();
    const stylesPath = this.relPath(model, "styles");
    const sstPath = this.relPath(model, "sharedStrings");
    const theme = this.theme(model);
    const storeBefore = this.ownSheet(model, RECORD_SHEET_NAME);
    const storedMetaText = storeBefore ? this.metaText(storeBefore, model) : null;
    const storedMeta = storeBefore ? this.readMeta(storeBefore, model) : null;
    const storedParts = storeBefore ? this.readStamp(storedMetaText) : undefined;
    // Native tokens are provably valid only while every part they depend on is as this adapter last wrote it.
    const nativeOk = !storeBefore || (storedParts !== undefined && storedParts !== "broken" && this.stampHolds(model, storedParts, sstPath, stylesPath));
    const batch: WriteBatch = nativeOk
      ? batchIn
      : {
          ...batchIn,
          cells: batchIn.cells.map((c) => {
            if (c.native === undefined) return c;
            const rest = { ...c };
            delete rest.native;
            return rest;
          }),
          ...(batchIn.columns ? { columns: batchIn.columns.map((c) => ({ col: c.col, width: c.width, ...(c.expect !== undefined ? { expect: c.expect } : {}) })) } : {}),
        };
    let base: StyleBase | null = storedMeta ?? pendingIn;
    if (!nativeOk) base = null; // appended-style counts mean nothing after another program rewrote styles.xml
    let baseIsNew = false;

    // Structure changes needed?
    const ownedChanges = [
      ...(batch.ownedSheets ?? []).filter((o) => !this.findSheet(model, o.name)),
      ...(batch.removeOwned ?? []).filter((n) => !!this.findSheet(model, n)),
    ];
    const structural = (batch.record === null && !!storeBefore) || (Array.isArray(batch.record) && !storeBefore) || ownedChanges.length > 0;
    if (structural && model.lockStructure) throw protectedStructure();

    // 1. Cell writes.
    if (batch.cells.length > 0) {
      const sheet = this.findSheet(model, batch.sheet);
      if (!sheet) throw sheetNotFound(batch.sheet);
      const xml = this.worksheetXml(sheet);
      if (xml === null || !sheet.path) throw unsupported({ ja: `「${batch.sheet}」はワークシートではありません。`, en: `"${batch.sheet}" is not a worksheet.` });
      if (sheet.name === RECORD_SHEET_NAME) throw unsupported({ ja: "記録シートのセルは直接変更できません。", en: "cells of the record sheet cannot be written directly." });
      const p = rootPrefix(xml, "worksheet");
      const colStyles = readColStyles(xml, p);
      const isProt = scanProtected(xml);
      const needsStyles = batch.cells.some((c) => (c.fill !== undefined || c.wrap !== undefined));
      if (needsStyles && (!stylesPath || this.text(stylesPath) === null)) {
        throw unsupported({ ja: "styles.xml がないため書式を変更できません。", en: "there is no styles.xml, so formats cannot be changed." });
      }
      const derive = (xf: number, w: CellWrite): number => {
        let stylesXml = this.text(stylesPath!)!;
        if (!base) {
          base = new Styles(stylesXml, theme).base();
          baseIsNew = true;
        }
        let index = xf;
        if (w.fill !== undefined) {
          const d = deriveFill(stylesXml, theme, index, w.fill, base);
          stylesXml = d.xml;
          index = d.index;
        }
        if (w.wrap !== undefined) {
          const d = deriveWrap(stylesXml, theme, index, w.wrap, base);
          stylesXml = d.xml;
          index = d.index;
        }
        if (stylesXml !== this.text(stylesPath!)) this.stage(stylesPath!, stylesXml);
        return index;
      };
      const lockStyles = this.styles(model);
      const newXml = applyCellWrites(xml, batch.cells, {
        sheetName: sheet.name,
        protected: isProt,
        hasCalcChain: !!this.relPath(model, "calcChain") && this.has(this.relPath(model, "calcChain")!),
        isLocked: (xf) => (lockStyles ? lockStyles.isLocked(xf) : true),
        defaultStyle: (row, col) => defaultStyle(row, col, colStyles),
        derive,
      }, this.indexes.get(sheet.path));
      if (newXml !== xml) this.stage(sheet.path, newXml);
    }

    // 1b. Column widths (after the cells, on the staged text).
    if ((batch.columns?.length ?? 0) > 0) {
      const sheet = this.findSheet(model, batch.sheet);
      if (!sheet) throw sheetNotFound(batch.sheet);
      const xml = this.worksheetXml(sheet);
      if (xml === null || !sheet.path) throw unsupported({ ja: `「${batch.sheet}」はワークシートではありません。`, en: `"${batch.sheet}" is not a worksheet.` });
      if (sheet.name === RECORD_SHEET_NAME) throw unsupported({ ja: "記録シートの列幅は変更できません。", en: "column widths of the record sheet cannot be changed." });
      if (columnsLocked(xml)) throw protectedSheet(sheet.name);
      const newXml = applyColumnWrites(xml, rootPrefix(xml, "worksheet"), batch.columns!);
      if (newXml !== xml) this.stage(sheet.path, newXml);
    }

    // 1b'. Print settings (fit to width, print titles), on the staged texts.
    if (batch.print) {
      const sheet = this.findSheet(model, batch.sheet);
      if (!sheet) throw sheetNotFound(batch.sheet);
      const xml = this.worksheetXml(sheet);
      const wbXml = this.text(this.workbookPath);
      if (xml === null || !sheet.path || wbXml === null) throw unsupported({ ja: `「${batch.sheet}」はワークシートではありません。`, en: `"${batch.sheet}" is not a worksheet.` });
      const p = rootPrefix(xml, "worksheet");
      const settings = { fitToWidth: batch.print.fitToWidth, ...(batch.print.titleRows ? { titleRows: batch.print.titleRows } : {}) };
      let next: { sheetXml: string; workbookXml: string };
      if (batch.print.restore !== undefined) {
        const t = JSON.parse(batch.print.restore) as PrintOriginal & { sheetName: string; localSheetId: number };
        const token: PrintToken = { v: 1, original: { sheetPr: t.sheetPr, pageSetup: t.pageSetup, definedNames: t.definedNames }, settings, sheetName: t.sheetName, localSheetId: t.localSheetId };
        next = restorePrint(xml, wbXml, p, model.p, token);
      } else next = { sheetXml: applySheetPrint(xml, p, settings), workbookXml: applyPrintTitles(wbXml, model.p, sheet.name, sheet.index, settings) };
      if (next.sheetXml !== xml) this.stage(sheet.path, next.sheetXml);
      if (next.workbookXml !== wbXml) {
        this.stage(this.workbookPath, next.workbookXml);
        model = this.model();
      }
    }

    // 1b''. Row heights for the add-in's wrapped texts (row-heights.ts), after the cells and widths they depend on.
    const rowMemo = readRowMemo(storedMetaText);
    if (batch.cells.length > 0 && stylesPath && this.text(stylesPath) !== null) {
      const sheet = this.findSheet(model, batch.sheet);
      const xml = sheet?.path ? this.text(sheet.path) : null;
      if (sheet?.path && xml !== null) {
        const next = this.parsed(sheet.path, () => fitRows(xml, sheet.name, batch.cells, rowMemo, new Styles(this.text(stylesPath)!, theme), this.sst(model)));
        if (next !== xml) this.stage(sheet.path, next);
      }
    }

    // 1c. The stamp of the parts native tokens depend on, as they will be saved.
    let parts: Record<string, string> | "broken";
    if (!nativeOk) parts = "broken";
    else {
      parts = { ...((storedParts as Record<string, string> | undefined) ?? {}) };
      if (batch.cells.length > 0 || (batch.columns?.length ?? 0) > 0 || batch.print) {
        const sheet = this.findSheet(model, batch.sheet);
        const h = sheet && sheet.kind === "worksheet" && sheet.path ? this.partDigest(sheet.path, true) : null;
        if (sheet && h !== null) parts[sheetKey(sheet.name)] = h;
      }
      parts["#sst"] = this.partDigest(sstPath)!;
      parts["#styles"] = this.partDigest(stylesPath)!;
    }
    const metaOf = (b: StyleBase | null) => JSON.stringify({ v: META_KEY, ...(b ?? {}), parts, ...(Object.keys(rowMemo).length ? { rows: rowMemo } : {}) });

    // 2. Record store.
    if (batch.record === null) {
      if (storeBefore) {
        this.deleteSheet(storeBefore);
        model = this.model();
      }
      if (base && stylesPath) {
        const stylesXml = this.text(stylesPath)!;
        const cur = new Styles(stylesXml, theme);
        if (cur.xfCount > base.cellXfs || cur.fillCount > base.fills) {
          // the owned sheets this batch removes (the summary and its legend fills) do not count
          if (!this.anyCellUsesXfFrom(model, base.cellXfs, new Set(batch.removeOwned ?? []))) {
            this.stage(stylesPath, trimStyles(stylesXml, theme, base));
            base = null;
          }
        } else base = null;
      }
    } else if (Array.isArray(batch.record)) {
      const meta = metaOf(base);
      const rows = batch.record.map((v) => [v]);
      const content = buildWorksheet(rows, model.ns, { extra: [{ row: 0, col: 1, value: meta }] });
      if (storeBefore?.path && storeBefore.kind === "worksheet") {
        this.stage(storeBefore.path, content);
        // A program without a very-hidden state (LibreOffice) saves the record sheet merely hidden: hide it from the
        // sheet tabs' "unhide" list again. A record sheet the user made visible stays visible (their choice).
        if (storeBefore.state === "hidden") this.setSheetState(RECORD_SHEET_NAME, "veryHidden");
      } else if (storeBefore) throw unsupported({ ja: "記録シートがワークシートではありません。", en: "the record sheet is not a worksheet." });
      else this.createSheet(model, RECORD_SHEET_NAME, "veryHidden", content);
      model = this.model();
    } else if (storeBefore?.path && metaOf(base) !== storedMetaText) {
      // Keep the style base and the stamp next to the existing record.
      const xml = this.text(storeBefore.path);
      if (xml) {
        const meta = metaOf(base);
        this.stage(storeBefore.path, applyCellWrites(xml, [{ row: 0, col: 1, value: meta }], {
          sheetName: RECORD_SHEET_NAME,
          protected: false,
          hasCalcChain: false,
          isLocked: () => false,
          defaultStyle: () => 0,
          derive: (xf) => xf,
        }));
      }
    }

    // 3. Owned sheets: created once, then rewritten in place (only the add-in's columns; never deleted and re-added).
    for (const o of batch.ownedSheets ?? []) {
      if (o.name === RECORD_SHEET_NAME) throw unsupported({ ja: "記録シートは ownedSheets で扱えません。", en: "the record sheet cannot be an owned sheet." });
      const existing = this.ownSheet(model, o.name);
      if (!existing) {
        let content = buildWorksheet(o.rows, model.ns, { widths: !o.widths });
        if (o.widths?.length) {
          const cols = o.widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join("");
          content = content.replace("<sheetData>", `<cols>${cols}</cols><sheetData>`);
        }
        if (o.print?.fitToWidth) content = applySheetPrint(content, "", { fitToWidth: true });
        this.createSheet(model, o.name, null, content);
        model = this.model();
        continue;
      }
      const xml = this.worksheetXml(existing);
      if (xml === null || !existing.path) throw unsupported({ ja: `「${o.name}」はワークシートではありません。`, en: `"${o.name}" is not a worksheet.` });
      const current = scanSheet(xml, this.sst(model)).values;
      const writes: CellWrite[] = [];
      const height = Math.max(o.rows.length, current.length);
      for (let r = 0; r < height; r++) {
        for (let c = 0; c < o.columns; c++) {
          const want = r < o.rows.length ? (o.rows[r]?.[c] ?? null) : null;
          const have = current[r]?.[c] ?? null;
          const w = want === "" ? null : want;
          const h = have === "" ? null : have;
          if (w === h) continue;
          writes.push({ row: r, col: c, value: w });
        }
      }
      if (!writes.length) continue;
      const colStyles = readColStyles(xml, rootPrefix(xml, "worksheet"));
      const lockStyles = this.styles(model);
      const next = applyCellWrites(xml, writes, {
        sheetName: existing.name,
        protected: scanProtected(xml),
        hasCalcChain: false,
        isLocked: (xf) => (lockStyles ? lockStyles.isLocked(xf) : true),
        defaultStyle: (row, col) => defaultStyle(row, col, colStyles),
        derive: (xf) => xf,
      });
      if (next !== xml) this.stage(existing.path, next);
    }

    // 3b. Table decoration of the owned sheets (review-table.ts), on the rows just written.
    for (const o of batch.ownedSheets ?? []) if (o.table) this.decorateOwned(this.model(), o);

    // 3c. Fills of the owned sheets (the legend's swatches), rewritten on every write, and their native chart.
    for (const o of batch.ownedSheets ?? []) {
      const m = this.model();
      const sheet = m.sheets.find((x) => x.name === o.name);
      if (!sheet?.path || sheet.kind !== "worksheet") continue;
      if (o.fills && stylesPath && this.text(stylesPath) !== null) {
        const xml = this.text(sheet.path)!;
        const next = this.fillOwned(xml, o, stylesPath, theme, () => {
          if (!base) {
            base = new Styles(this.text(stylesPath)!, theme).base();
            baseIsNew = true;
          }
          return base;
        });
        if (next !== xml) this.stage(sheet.path, next);
      }
      if (o.chart) {
        const xml = this.text(sheet.path)!;
        const next = drawOwnedChart(this.partIo(), sheet.path, xml, sheet.name, o.chart, o.rows, m.ns);
        if (next !== xml) this.stage(sheet.path, next);
      }
    }

    // 3d. Formats appended in 3c changed styles.xml after the stamp was taken: stamp and style base again, in B1.
    let restamped = false;
    if (parts !== "broken" && stylesPath) {
      const h = this.partDigest(stylesPath)!;
      if (parts["#styles"] !== h) parts["#styles"] = h;
    }
    const storeNow = model.sheets.find((x) => x.name === RECORD_SHEET_NAME);
    if (storeNow?.path && batch.record !== null && (baseIsNew || Array.isArray(batch.record) || storedMeta)) {
      const want = metaOf(base);
      const xml = this.text(storeNow.path);
      if (xml && this.metaText(storeNow, model) !== want) {
        this.stage(storeNow.path, applyCellWrites(xml, [{ row: 0, col: 1, value: want }], {
          sheetName: RECORD_SHEET_NAME,
          protected: false,
          hasCalcChain: false,
          isLocked: () => false,
          defaultStyle: () => 0,
          derive: (xf) => xf,
        }));
      }
      restamped = true;
    }

    for (const n of batch.removeOwned ?? []) {
      const existing = this.findSheet(model, n);
      if (existing && existing.name === n) {
        this.deleteSheet(existing);
        model = this.model();
      }
    }

    // Where does the style base live now?
    const storeAfter = model.sheets.find((x) => x.name === RECORD_SHEET_NAME);
    if (!base) return null;
    if (storeAfter && (Array.isArray(batch.record) || storedMeta || baseIsNew || restamped)) return null; // persisted in B1
    return base;
  }

  /**
   * The owned sheet's fills as asked (OwnedSheetWrite.fills, within its columns): each listed cell filled; a cell of
   * its columns that shows one of those colours elsewhere (a swatch of an earlier write whose row has moved) unfilled.
   */
  private fillOwned(xml: string, o: NonNullable<WriteBatch["ownedSheets"]>[number], stylesPath: string, theme: string[], baseOf: () => StyleBase): string {
    const want = new Map<string, string>();
    for (const f of o.fills ?? []) if (f.col >= 0 && f.col < o.columns && f.row >= 0) want.set(`${f.row}:${f.col}`, f.color.toUpperCase());
    const colours = new Set(want.values());
    const styles = new Styles(this.text(stylesPath)!, theme);
    const idx = indexSheet(xml);
    const writes: CellWrite[] = [];
    for (const loc of idx.rows) {
      for (const c of rowCells(xml, loc, idx.p)) {
        if (c.col >= o.columns || want.has(`${loc.r}:${c.col}`)) continue;
        const fill = styles.fillColor(c.tag.attrs.s !== undefined ? Number(c.tag.attrs.s) : 0);
        if (fill && colours.has(fill)) writes.push({ row: loc.r, col: c.col, fill: null });
      }
    }
    for (const [k, color] of want) {
      const [row, col] = k.split(":").map(Number);
      writes.push({ row, col, fill: color });
    }
    const colStyles = readColStyles(xml, idx.p);
    return applyCellWrites(xml, writes, {
      sheetName: o.name,
      protected: scanProtected(xml),
      hasCalcChain: false,
      isLocked: (xf) => styles.isLocked(xf),
      defaultStyle: (row, col) => defaultStyle(row, col, colStyles),
      derive: (xf, w) => {
        const cur = this.text(stylesPath)!;
        const d = deriveFill(cur, theme, xf, w.fill ?? null, baseOf());
        if (d.xml !== cur) this.stage(stylesPath, d.xml);
        return d.index;
      },
    });
  }

  /** The row index of a worksheet text: the one its scan built when the text is unchanged since, else a new pass. */
  private sheetIndex(path: string, xml: string): SheetIndex {
    const hit = this.indexes.get(path);
    if (hit?.isFor(xml)) return hit;
    const idx = indexSheet(xml);
    this.indexes.set(path, idx);
    return idx;
  }

  /** Cell B1 of the record sheet (the adapter's meta JSON), or null. */
  private metaText(store: WbSheet, model: WorkbookModel): string | null {
    const xml = this.worksheetXml(store);
    if (!xml) return null;
    const v = scanSheet(xml, this.sst(model)).values[0]?.[1];
    return typeof v === "string" ? v : null;
  }

  private readStamp(meta: string | null): Record<string, string> | "broken" | undefined {
    if (!meta) return undefined;
    try {
      const m = JSON.parse(meta) as StyleMeta;
      if (m.v !== META_KEY) return undefined;
      if (m.parts === "broken") return "broken";
      if (!m.parts || typeof m.parts !== "object") return undefined;
      return m.parts;
    } catch {
      return undefined;
    }
  }

  /** Every stamped part is byte-identical (by hash) to what this adapter last wrote. */
  private stampHolds(model: WorkbookModel, parts: Record<string, string>, sstPath: string | null, stylesPath: string | null): boolean {
    for (const [k, h] of Object.entries(parts)) {
      let d: string | null;
      if (k === "#sst") d = this.partDigest(sstPath);
      else if (k === "#styles") d = this.partDigest(stylesPath);
      else if (k.startsWith("sheet:")) {
        const sheet = model.sheets.find((s) => s.name === k.slice(6));
        d = sheet && sheet.kind === "worksheet" && sheet.path ? this.partDigest(sheet.path, true) : null;
        if (d === null) return false;
      } else return false;
      if (d !== h) return false;
    }
    return true;
  }

  private readMeta(store: WbSheet, model: WorkbookModel): StyleBase | null {
    const xml = this.worksheetXml(store);
    if (!xml) return null;
    const v = scanSheet(xml, this.sst(model)).values[0]?.[1];
    if (typeof v !== "string") return null;
    try {
      const m = JSON.parse(v) as StyleMeta;
      if (m.v !== META_KEY || !Number.isInteger(m.fills) || !Number.isInteger(m.cellXfs)) return null;
      return { fills: m.fills, fillsCount: m.fillsCount ?? null, cellXfs: m.cellXfs, cellXfsCount: m.cellXfsCount ?? null };
    } catch {
      return null;
    }
  }

  /** Does any cell (or row/column default) of any worksheet use an xf index >= from? */
  private anyCellUsesXfFrom(model: WorkbookModel, from: number, except: Set<string> = new Set()): boolean {
    for (const s of model.sheets) {
      if (except.has(s.name)) continue;
      const xml = this.worksheetXml(s);
      if (!xml) continue;
      const re = /<(?:[A-Za-z0-9]+:)?(?:c|row|col)\s[^>]*?\b(?:s|style)="(\d+)"/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(xml))) if (Number(m[1]) >= from) return true;
    }
    return false;
  }

  private structure() {
    const model = this.model();
    return {
      model,
      texts: {
        workbook: this.text(model.path)!,
        rels: this.text(model.relsPath) ?? "",
        contentTypes: this.text("[Content_Types].xml")!,
      },
    };
  }

  private stageStructure(model: WorkbookModel, t: { workbook: string; rels: string; contentTypes: string }): void {
    if (t.workbook !== this.text(model.path)) this.stage(model.path, t.workbook);
    if (t.rels !== this.text(model.relsPath)) this.stage(model.relsPath, t.rels);
    if (t.contentTypes !== this.text("[Content_Types].xml")) this.stage("[Content_Types].xml", t.contentTypes);
  }

  /** Set the state attribute of one sheet's <sheet> entry in the (staged) workbook part. */
  private setSheetState(name: string, state: "veryHidden"): void {
    const wbXml = this.text(this.workbookPath);
    const sheet = this.model().sheets.find((s) => s.name === name);
    if (wbXml === null || !sheet) return;
    const tag = parseTagAt(wbXml, sheet.start);
    this.stage(this.workbookPath, wbXml.slice(0, tag.start) + setAttr(wbXml.slice(tag.start, tag.end), "state", state) + wbXml.slice(tag.end));
  }

  private createSheet(_model: WorkbookModel, name: string, state: "veryHidden" | null, content: string): void {
    const { model, texts } = this.structure();
    const names = new Set([...this.parts.keys(), ...(this.overlay?.keys() ?? [])]);
    const res = addSheetEntry(texts, model, names, name, state);
    this.stageStructure(model, res.texts);
    this.stage(res.path, content);
  }

  /** Owned-sheet table decoration (review-table.ts): table part, frozen header, status list, links. */
  private decorateOwned(model: WorkbookModel, o: NonNullable<WriteBatch["ownedSheets"]>[number]): void {
    const sheet = model.sheets.find((s) => s.name === o.name);
    const xml = sheet?.path ? this.text(sheet.path) : null;
    if (!sheet?.path || xml === null || !o.table) return;
    const next = decorateOwnedSheet(this.partIo(), sheet.path, xml, o.table, o.rows[o.table.headerRow] ?? [], model.ns);
    if (next !== xml) this.stage(sheet.path, next);
  }

  private partIo(): PartIo {
    return {
      text: (path) => this.text(path),
      stage: (path, text) => this.stage(path, text),
      names: () => [...new Set([...this.parts.keys(), ...(this.overlay?.keys() ?? [])])].filter((n) => this.has(n)),
    };
  }

  private deleteSheet(sheet: WbSheet): void {
    if (sheet.path) {
      removeSheetTables(this.partIo(), sheet.path);
      removeSheetDrawings(this.partIo(), sheet.path);
    }
    const { model, texts } = this.structure();
    const current = model.sheets.find((s) => s.rid === sheet.rid && s.name === sheet.name) ?? sheet;
    const t = removeSheetEntry(texts, model, current);
    this.stageStructure(model, t);
    if (current.path) {
      this.stage(current.path, null);
      const rels = relsPathOf(current.path);
      if (this.has(rels)) this.stage(rels, null);
    }
  }
}

/** The row-height memo kept in the adapter's meta (row-heights.ts), or an empty one. */
function readRowMemo(meta: string | null): RowHeightMemo {
  if (!meta) return {};
  try {
    const m = JSON.parse(meta) as StyleMeta;
    if (m.v !== META_KEY || !m.rows || typeof m.rows !== "object") return {};
    return m.rows;
  } catch {
    return {};
  }
}

/**
 * Heights of the rows that hold the add-in's wrapped texts (cells written with wrap on), and of the rows it fitted
 * before that this batch touches: an estimated `ht` where the row has none (or the default one); the height before
 * put back when no wrapped text of the add-in is left in the row, unless the height changed since it was written.
 * Updates `memo` in place; returns the worksheet text.
 */
function fitRows(xml: string, sheetName: string, cells: CellWrite[], memo: RowHeightMemo, styles: Styles, sst: string[]): string {
  const entries: Record<string, RowHeightEntry> = { ...(memo[sheetName] ?? {}) };
  const wrapCols = new Map<number, Set<number>>();
  for (const w of cells) {
    if (w.wrap !== true) continue;
    let set = wrapCols.get(w.row);
    if (!set) wrapCols.set(w.row, (set = new Set()));
    set.add(w.col);
  }
  const touched = new Set(cells.map((c) => c.row));
  const rows = new Set([...wrapCols.keys(), ...Object.keys(entries).map(Number).filter((r) => touched.has(r))]);
  if (!rows.size) return xml;
  const idx = indexSheet(xml);
  const p = idx.p;
  let maxCol = 0;
  for (const r of rows) for (const c of [...(wrapCols.get(r) ?? []), ...(entries[r]?.c ?? [])]) maxCol = Math.max(maxCol, c);
  const widths = readColumnWidths(xml, p, maxCol + 1).widths;
  const defaultWidth = defaultColumnWidth(xml);
  const lineHeight = defaultRowHeight(xml);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const r of [...rows].sort((a, b) => a - b)) {
    const loc = idx.row(r);
    const entry = entries[r];
    if (!loc) {
      delete entries[r]; // the row went (restored to absent): nothing to put back
      continue;
    }
    const cols = new Set([...(entry?.c ?? []), ...(wrapCols.get(r) ?? [])]);
    const rc = rowCells(xml, loc, p);
    const texts: { text: string; width: number }[] = [];
    const kept: number[] = [];
    for (const col of [...cols].sort((a, b) => a - b)) {
      const c = rc.find((x) => x.col === col);
      if (!c) continue;
      if (!styles.wraps(c.tag.attrs.s !== undefined ? Number(c.tag.attrs.s) : 0)) continue;
      const v = readCellXml(xml, xml.slice(c.start, c.end), p, sst, r, col).value;
      if (typeof v !== "string" || !v.trim()) continue;
      texts.push({ text: v, width: widths[col] ?? defaultWidth });
      kept.push(col);
    }
    const { ht, custom } = rowHeightOf(loc.tag);
    let want: string | null | undefined;
    if (entry) {
      if (ht !== entry.a) {
        delete entries[r]; // changed since the add-in wrote it (by the user, or put back with the row): kept
        continue;
      }
      const base = entry.b !== null ? Number(entry.b) : lineHeight;
      const est = kept.length ? estimateHeight(texts, lineHeight) : 0;
      if (est <= base + 0.01) {
        want = entry.b;
        delete entries[r];
      } else {
        want = formatHeight(est);
        entries[r] = { b: entry.b, a: want, c: kept };
      }
    } else {
      if (!kept.length || custom) continue;
      if (ht !== null && !(Number(ht) <= lineHeight + 0.01)) continue; // a height of its own (fitted or set)
      const est = estimateHeight(texts, lineHeight);
      if (est <= (ht !== null ? Number(ht) : lineHeight) + 0.01) continue; // fits on one line
      want = formatHeight(est);
      entries[r] = { b: ht, a: want, c: kept };
    }
    if (want !== undefined && want !== ht) edits.push({ start: loc.tag.start, end: loc.tag.end, text: withHeight(xml.slice(loc.tag.start, loc.tag.end), want) });
  }
  if (Object.keys(entries).length) memo[sheetName] = entries;
  else delete memo[sheetName];
  if (!edits.length) return xml;
  // One forward pass (the edits are row start tags, one per row): splicing them into the text one at a time from the
  // end copied the whole sheet once per edit (145 times 16 MB on a 100,000-row sheet).
  edits.sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let pos = 0;
  for (const e of edits) {
    pieces.push(xml.slice(pos, e.start), e.text);
    pos = e.end;
  }
  pieces.push(xml.slice(pos));
  return pieces.join("");
}

function colOfLetters(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function defaultStyle(row: RowLoc | null, col: number, cols: { min: number; max: number; style: number }[]): number {
  if (row && (row.tag.attrs.customFormat === "1" || row.tag.attrs.customFormat === "true") && row.tag.attrs.s !== undefined) return Number(row.tag.attrs.s);
  const c = cols.find((x) => col >= x.min && col <= x.max);
  return c ? c.style : 0;
}

/** Protected sheet whose protection covers column formats (`formatColumns` defaults to locked). */
function columnsLocked(xml: string): boolean {
  if (!scanProtected(xml)) return false;
  const i = lastProtection(xml);
  const lt = xml.lastIndexOf("<", i);
  return !/\sformatColumns=["'](0|false)["']/.test(xml.slice(lt, xml.indexOf(">", i) + 1));
}

function scanProtected(xml: string): boolean {
  const i = lastProtection(xml);
  if (i < 0) return false;
  const lt = xml.lastIndexOf("<", i);
  return /\ssheet=["'](1|true)["']/.test(xml.slice(lt, xml.indexOf(">", i) + 1));
}


/**
 * Offset of the last "sheetProtection" after the cell data (where the schema puts <sheetProtection>), or -1. The
 * search starts at </sheetData>, found from the end: a backward search through a big sheet for a word it does not
 * hold is slow, a forward one over the short tail is not.
 */
function lastProtection(xml: string): number {
  const sd = xml.lastIndexOf("sheetData>");
  let last = -1;
  for (let k = xml.indexOf("sheetProtection", sd < 0 ? 0 : sd); k >= 0; k = xml.indexOf("sheetProtection", k + 1)) last = k;
  return last;
}

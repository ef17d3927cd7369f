/**
 * OfficeGateway: the WorkbookGateway adapter over the Excel JavaScript API.
 * The ONLY module that calls Excel.* (pure helpers live in office-ranges.ts,
 * error mapping in office-errors.ts).
 *
 * Round trips: every method is one Excel.run with exactly one context.sync():
 *   read()     sheet list, active sheet, the sheet(s) asked for (values, formulas, hidden rows,
 *              merged areas, list validations, column widths) and the record column, all queued before one sync;
 *   snapshot() value/formula/fill/wrap of the listed cells, read per covering block;
 *   write()    all writes (cells, column widths, notes, record, owned sheets) queued, then one sync.
 *              Protection is checked BEFORE anything is queued,
 *              from what the last read()/snapshot() of this gateway saw (they always refresh it).
 *              A write with no earlier read/snapshot costs one extra sync to learn it.
 *   select()   activate + select.
 *
 * Column widths: Office.js speaks points, the port speaks Excel character units (pointsToChars / charsToPoints).
 * read() loads them with getColumnProperties for row 1 from column A to 4 columns right of the used range (the
 * add-in's columns sit right after it), relative to the used range so no second sync is needed. A width written
 * back is the exact number of points read (so a clear restores it); null (a record made by the CLI for a default
 * width) sets format.useStandardWidth. Limitation: a used range ending within 4 columns of XFD makes the read fail.
 *
 * Null objects: the adapter relies on Excel's *OrNullObject semantics — methods and setters on a
 * null object are no-ops (`worksheets.getItemOrNullObject(n).delete()` is the documented
 * "delete if present" idiom) and navigation from a null object yields null objects. If a host
 * rejects the latter, read() falls back to two syncs (list, then contents).
 */
import { RECORD_SHEET_NAME, type CellSnapshot } from "../domain/record";
import type { CellAddress, CellRect, CellValue, ListValidation, SheetMatrix } from "../domain/types";
import {
  UserFacingError,
  type Capabilities,
  type CellWrite,
  type ReadOptions,
  type SheetInfo,
  type WorkbookGateway,
  type WorkbookRead,
  type WriteBatch,
} from "./gateway";
import { charsToPixels, pixelsToChars } from "../domain/plan";
import { OFFICE_MESSAGES, officeErrorCode, toUserFacing } from "./office-errors";
import {
  cellA1,
  columnName,
  chunkAddresses,
  coverRects,
  normalizeColor,
  parseAreasAddress,
  parseReference,
  rectA1,
  rectCells,
  toExcelInput,
  toFormulaInput,
} from "./office-ranges";

export interface OfficeGatewayOptions {
  /** The Excel namespace (default: the global `Excel`). Tests pass a fake. */
  excel?: typeof Excel;
  /** The Office namespace (default: the global `Office`). */
  office?: typeof Office;
  /** Refuse reads above this many cells (Excel's get limit is 5,000,000). */
  maxCells?: number;
  /** Most visible sheets read for sheet auto-pick. */
  maxAutoSheets?: number;
  /** Request payload budget on Excel on the web, in characters (limit: 5 MB). */
  webPayloadLimit?: number;
  /** Rows of gap bridged inside a value block / snapshot block (gap cells are left unchanged / ignored). */
  blockGap?: number;
}

export const MAX_READ_CELLS = 5_000_000;

/** Columns right of the used range whose widths read() loads (the add-in writes two columns there). */
export const WIDTH_MARGIN = 4;

/**
 * Office.js column width (points) → Excel character units, through pixels (1 px = 0.75 pt at 96 DPI;
 * characters ↔ pixels: domain/plan.ts). Inverse: charsToPoints.
 */
export function pointsToChars(points: number): number {
  return pixelsToChars(points / 0.75);
}

/** Excel character units → points; rounded to 1e-6 pt so that charsToPoints(pointsToChars(p)) === p for Excel's widths. */
export function charsToPoints(chars: number): number {
  return Math.round(charsToPixels(chars) * 0.75 * 1e6) / 1e6;
}

interface Knowledge {
  sheets: Map<string, SheetInfo>;
  workbookProtected: boolean;
}

const VISIBILITY: Record<string, SheetInfo["visibility"]> = { Visible: "visible", Hidden: "hidden", VeryHidden: "veryHidden" };

interface SheetQuery {
  ws: Excel.Worksheet;
  used: Excel.Range;
  visible: Excel.RangeAreas;
  validated: Excel.RangeAreas;
  merged: Excel.RangeAreas | null;
  /** Per-column widths of row 1, column A to WIDTH_MARGIN columns right of the used range. */
  widths: OfficeExtension.ClientResult<Excel.ColumnProperties[]>;
}

interface RecordQuery {
  sheet: Excel.Worksheet;
  used: Excel.Range;
}

const lower = (s: string) => s.toLowerCase();

export class OfficeGateway implements WorkbookGateway {
  private known: Knowledge | null = null;

  constructor(private readonly opts: OfficeGatewayOptions = {}) {}

  private get excel(): typeof Excel {
    const x = this.opts.excel ?? (globalThis as unknown as { Excel?: typeof Excel }).Excel;
    if (!x) throw new UserFacingError("no-excel", OFFICE_MESSAGES.unsupported);
    return x;
  }

  private get office(): typeof Office | undefined {
    return this.opts.office ?? (globalThis as unknown as { Office?: typeof Office }).Office;
  }

  private supports(set: string, version: string): boolean {
    try {
      return !!this.office?.context?.requirements?.isSetSupported(set, version);
    } catch {
      return false;
    }
  }

  capabilities(): Capabilities {
    return {
      comments: this.supports("ExcelApi", "1.10"),
      notes: this.supports("ExcelApi", "1.18"),
      mergeUndoGroup: this.supports("ExcelApi", "1.20"),
    };
  }

  private isWeb(): boolean {
    const p = this.office?.context?.platform ?? this.office?.context?.diagnostics?.platform;
    return String(p) === "OfficeOnline";
  }

  /** One Excel.run; errors mapped to UserFacingError. */
  private async run<T>(kind: "read" | "write", batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    if (!this.supports("ExcelApi", "1.9")) throw new UserFacingError("unsupported", OFFICE_MESSAGES.unsupported);
    const options: Excel.RunOptions = { delayForCellEdit: true };
    if (kind === "write" && this.supports("ExcelApi", "1.20")) options.mergeUndoGroup = true;
    try {
      return await this.excel.run(options, batch);
    } catch (e) {
      throw toUserFacing(e);
    }
  }

  private remember(coll: Excel.WorksheetCollection, wbProtection: Excel.WorkbookProtection): SheetInfo[] {
    const sheets = coll.items.map((ws) => ({
      name: ws.name,
      visibility: VISIBILITY[ws.visibility] ?? "visible",
      protected: ws.protection.protected,
    }));
    this.known = { sheets: new Map(sheets.map((s) => [lower(s.name), s])), workbookProtected: wbProtection.protected };
    return sheets;
  }

  private queueSheetList(ctx: Excel.RequestContext) {
    const coll = ctx.workbook.worksheets;
    coll.load("items/name,items/visibility,items/protection/protected");
    const wbProtection = ctx.workbook.protection;
    wbProtection.load("protected");
    return { coll, wbProtection };
  }

  /* ---------------------------------------------------------------- */
  /* read                                                               */
  /* ---------------------------------------------------------------- */

  private queueSheet(ws: Excel.Worksheet): SheetQuery {
    ws.load("name,visibility");
    const used = ws.getUsedRangeOrNullObject(true);
    used.load("values,formulas,rowIndex,columnIndex,rowCount,columnCount");
    // Hidden rows in bulk: the visible cells of the used range (rows not covered are hidden).
    const visible = used.getSpecialCellsOrNullObject("Visible");
    visible.load("address");
    // List validations in bulk: the areas holding a validation, each with its (uniform) rule.
    const validated = used.getSpecialCellsOrNullObject("DataValidations");
    validated.areas.load("items/address,items/dataValidation/type,items/dataValidation/rule");
    let merged: Excel.RangeAreas | null = null;
    if (this.supports("ExcelApi", "1.13")) {
      merged = used.getMergedAreasOrNullObject();
      merged.areas.load("items/address");
    }
    // Column widths in the same sync: row 1 from A to WIDTH_MARGIN columns past the used range (null object when empty).
    const widths = used
      .getRow(0)
      .getResizedRange(0, WIDTH_MARGIN)
      .getBoundingRect("A1")
      .getRow(0)
      .getColumnProperties({ columnIndex: true, format: { columnWidth: true } });
    return { ws, used, visible, validated, merged, widths };
  }

  private queueRecord(coll: Excel.WorksheetCollection): RecordQuery {
    const sheet = coll.getItemOrNullObject(RECORD_SHEET_NAME);
    const used = sheet.getRange("A:A").getUsedRangeOrNullObject(true);
    used.load("values,rowIndex");
    return { sheet, used };
  }

  async read(options: ReadOptions = {}): Promise<WorkbookRead> {
    try {
      return await this.run("read", async (ctx) => {
        const { coll, wbProtection } = this.queueSheetList(ctx);
        const active = coll.getActiveWorksheet();
        active.load("name");
        const queries: SheetQuery[] = [];
        if (options.sheet && !options.recordOnly) queries.push(this.queueSheet(coll.getItemOrNullObject(options.sheet)));
        if ((!options.sheet || options.allSheets) && !options.recordOnly) {
          let ws = coll.getFirst(true);
          for (let i = 0; i < (this.opts.maxAutoSheets ?? 20); i++) {
            queries.push(this.queueSheet(ws));
            ws = ws.getNextOrNullObject(true);
          }
        }
        const record = this.queueRecord(coll);
        await ctx.sync();
        // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read -- read after the await ctx.sync() above (the rule misses it)
        return this.finishRead(coll, wbProtection, active.name, queries, record);
      });
    } catch (e) {
      // Hosts that refuse navigation from a null object: list first, then read (2 syncs).
      const code = e instanceof UserFacingError ? e.code : null;
      if (code === "excel-error" || code === "not-found") return this.readTwoPhase(options);
      throw e;
    }
  }

  private async readTwoPhase(options: ReadOptions): Promise<WorkbookRead> {
    return this.run("read", async (ctx) => {
      const { coll, wbProtection } = this.queueSheetList(ctx);
      const active = coll.getActiveWorksheet();
      active.load("name");
      await ctx.sync();
      const names = coll.items.map((w) => ({ name: w.name, visibility: w.visibility as string }));
      const wanted = names.filter(
        (s) =>
          !options.recordOnly &&
          ((options.sheet !== undefined && lower(s.name) === lower(options.sheet)) ||
          ((!options.sheet || options.allSheets) && s.visibility === "Visible")),
      );
      const queries = wanted.slice(0, (this.opts.maxAutoSheets ?? 20) + 1).map((s) => this.queueSheet(coll.getItem(s.name)));
      const hasRecord = names.some((s) => s.name === RECORD_SHEET_NAME);
      let record: RecordQuery | null = null;
      if (hasRecord) {
        const sheet = coll.getItem(RECORD_SHEET_NAME);
        const used = sheet.getRange("A:A").getUsedRangeOrNullObject(true);
        used.load("values,rowIndex");
        record = { sheet, used };
      }
      await ctx.sync();
      // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read -- read after the await ctx.sync() above (the rule misses it)
      return this.finishRead(coll, wbProtection, active.name, queries, record);
    });
  }

  private finishRead(
    coll: Excel.WorksheetCollection,
    wbProtection: Excel.WorkbookProtection,
    activeName: string,
    queries: SheetQuery[],
    record: RecordQuery | null,
  ): WorkbookRead {
    const sheets = this.remember(coll, wbProtection);
    const maxCells = this.opts.maxCells ?? MAX_READ_CELLS;
    let total = 0;
    const seen = new Set<string>();
    const raw: { q: SheetQuery; info: SheetInfo }[] = [];
    for (const q of queries) {
      if (q.ws.isNullObject) continue;
      const name = q.ws.name;
      if (seen.has(lower(name)) || name === RECORD_SHEET_NAME) continue;
      seen.add(lower(name));
      const info = sheets.find((s) => s.name === name) ?? { name, visibility: VISIBILITY[q.ws.visibility] ?? "visible", protected: false };
      if (!q.used.isNullObject) {
        total += q.used.rowCount * q.used.columnCount;
        if (total > maxCells || q.used.values === null || q.used.values === undefined)
          throw new UserFacingError("too-large", OFFICE_MESSAGES.tooLarge);
      }
      raw.push({ q, info });
    }
    const matrices = raw.map(({ q, info }) => this.matrixOf(q, info));
    // List sources that refer to cells ("=$Z$1:$Z$3", "=Lists!A1:A3") resolve against the matrices read.
    for (const { q } of raw) this.attachValidations(q, matrices);
    let recordCells: CellValue[] | null = null;
    if (record && !record.sheet.isNullObject) {
      recordCells = [];
      if (!record.used.isNullObject) {
        for (let i = 0; i < record.used.rowIndex; i++) recordCells.push(null);
        for (const row of record.used.values) recordCells.push(row[0] === "" || row[0] === undefined ? null : (row[0] as CellValue));
      }
    }
    return { sheets, activeSheet: activeName ?? null, matrices, recordCells, capabilities: this.capabilities() };
  }

  private matrixOf(q: SheetQuery, info: SheetInfo): SheetMatrix {
    const m: SheetMatrix = { name: info.name, values: [], visibility: info.visibility, protectedSheet: info.protected };
    if (q.used.isNullObject) return m;
    const top = q.used.rowIndex;
    const left = q.used.columnIndex;
    const pad: null[] = new Array(left).fill(null);
    const values: CellValue[][] = [];
    for (let i = 0; i < top; i++) values.push([]);
    for (const row of q.used.values) values.push(pad.concat(row.map((v) => (v === "" ? null : (v as CellValue))) as never[]));
    m.values = values;
    let anyFormula = false;
    const formulas: (string | null)[][] = [];
    for (let i = 0; i < top; i++) formulas.push([]);
    for (const row of q.used.formulas) {
      const out: (string | null)[] = pad.slice();
      for (const f of row) {
        const isF = typeof f === "string" && f.startsWith("=");
        if (isF) anyFormula = true;
        out.push(isF ? (f as string) : null);
      }
      formulas.push(out);
    }
    if (anyFormula) m.formulas = formulas;
    const bottom = top + q.used.rowCount - 1;
    const hidden: number[] = [];
    if (q.visible.isNullObject) {
      for (let r = top; r <= bottom; r++) hidden.push(r);
    } else {
      const covered = new Uint8Array(q.used.rowCount);
      for (const a of parseAreasAddress(q.visible.address))
        for (let r = Math.max(a.top, top); r <= Math.min(a.bottom, bottom); r++) covered[r - top] = 1;
      for (let i = 0; i < covered.length; i++) if (!covered[i]) hidden.push(top + i);
    }
    if (hidden.length) m.hiddenRows = hidden;
    if (q.merged && !q.merged.isNullObject) {
      const merges: CellRect[] = [];
      for (const area of q.merged.areas.items) merges.push(...parseAreasAddress(area.address));
      if (merges.length) m.merges = merges;
    }
    const props = q.widths.value;
    if (Array.isArray(props)) {
      const widths: (number | null)[] = [];
      props.forEach((p, i) => {
        const w = p?.format?.columnWidth;
        const col = typeof p?.columnIndex === "number" ? p.columnIndex : i;
        if (typeof w === "number" && Number.isFinite(w)) widths[col] = pointsToChars(w);
      });
      if (widths.length) m.columnWidths = widths;
    }
    return m;
  }

  private attachValidations(q: SheetQuery, matrices: SheetMatrix[]) {
    if (q.validated.isNullObject) return;
    const m = matrices.find((x) => x.name === q.ws.name);
    if (!m) return;
    const byList = new Map<string, ListValidation>();
    for (const area of q.validated.areas.items) {
      const dv = area.dataValidation;
      if (dv.type !== "List") continue; // Inconsistent / MixedCriteria areas are skipped (documented limitation)
      const source = dv.rule?.list?.source;
      if (typeof source !== "string") continue;
      const list = resolveListSource(source, m.name, matrices);
      if (!list) continue;
      const k = JSON.stringify(list);
      let v = byList.get(k);
      if (!v) byList.set(k, (v = { ranges: [], list }));
      v.ranges.push(...parseAreasAddress(area.address));
    }
    if (byList.size) m.validations = [...byList.values()];
  }

  /* ---------------------------------------------------------------- */
  /* snapshot                                                           */
  /* ---------------------------------------------------------------- */

  async snapshot(sheet: string, cells: CellAddress[]): Promise<CellSnapshot[]> {
    const rects = coverRects(cells, this.opts.blockGap ?? 8);
    const size = rects.reduce((n, r) => n + rectCells(r), 0);
    if (size > (this.opts.maxCells ?? MAX_READ_CELLS)) throw new UserFacingError("too-large", OFFICE_MESSAGES.tooLarge);
    return this.run("read", async (ctx) => {
      const { coll, wbProtection } = this.queueSheetList(ctx);
      const ws = coll.getItem(sheet);
      const blocks = rects.map((rect) => {
        const range = ws.getRangeByIndexes(rect.top, rect.left, rect.bottom - rect.top + 1, rect.right - rect.left + 1);
        range.load("values,formulas");
        const props = range.getCellProperties({ format: { fill: { color: true, pattern: true }, wrapText: true } });
        return { rect, range, props };
      });
      try {
        await ctx.sync();
      } catch (e) {
        if (officeErrorCode(e) === "ItemNotFound") throw sheetMissing(sheet);
        throw e;
      }
      this.remember(coll, wbProtection);
      const found = new Map<string, CellSnapshot>();
      for (const b of blocks) {
        const values = b.range.values;
        const formulas = b.range.formulas;
        const props = b.props.value;
        for (let i = 0; i < values.length; i++)
          for (let j = 0; j < values[i].length; j++) {
            const row = b.rect.top + i;
            const col = b.rect.left + j;
            const v = values[i][j];
            const f = formulas[i][j];
            const format = props[i][j]?.format;
            const fill = format?.fill;
            found.set(`${row}:${col}`, {
              row,
              col,
              value: v === "" || v === undefined ? null : (v as CellValue),
              formula: typeof f === "string" && f.startsWith("=") ? f : null,
              fill: !fill || fill.pattern === "None" || !fill.color ? null : String(fill.color).toUpperCase(),
              wrap: !!format?.wrapText,
            });
          }
      }
      return cells.map((c) => found.get(`${c.row}:${c.col}`) ?? { row: c.row, col: c.col, value: null, formula: null, fill: null, wrap: false });
    });
  }

  /* ---------------------------------------------------------------- */
  /* write                                                              */
  /* ---------------------------------------------------------------- */

  async write(batch: WriteBatch): Promise<void> {
    const plan = planWrite(batch, this.opts.blockGap ?? 8);
    if (this.isWeb() && plan.payload > (this.opts.webPayloadLimit ?? 4_500_000))
      throw new UserFacingError("too-large", OFFICE_MESSAGES.tooLarge);
    const caps = this.capabilities();
    await this.run("write", async (ctx) => {
      if (!this.known) {
        // Cold write (no read/snapshot before): learn sheets and protection first (one extra sync).
        const { coll, wbProtection } = this.queueSheetList(ctx);
        await ctx.sync();
        this.remember(coll, wbProtection);
      }
      this.checkWritable(batch);
      const coll = ctx.workbook.worksheets;
      ctx.application.suspendApiCalculationUntilNextSync();
      ctx.application.suspendScreenUpdatingUntilNextSync();
      // Target-sheet cells first: if the sheet became protected meanwhile, the first op fails and nothing is changed.
      if (plan.blocks.length || plan.fills.size || plan.wraps.size || batch.columns?.length || (batch.notes?.length && caps.notes)) {
        const ws = coll.getItem(batch.sheet);
        for (const b of plan.blocks) {
          const range = ws.getRangeByIndexes(b.rect.top, b.rect.left, b.rect.bottom - b.rect.top + 1, b.rect.right - b.rect.left + 1);
          // eslint-disable-next-line office-addins/call-sync-after-load -- a write to range.formulas, not a read
          if (b.formulas) range.formulas = b.data;
          // eslint-disable-next-line office-addins/call-sync-after-load -- a write to range.values, not a read
          else range.values = b.data;
        }
        for (const [color, addresses] of plan.fills)
          for (const chunk of chunkAddresses(addresses)) {
            const areas = ws.getRanges(chunk);
            if (color === null) areas.format.fill.clear();
            else areas.format.fill.color = color;
          }
        for (const [wrap, addresses] of plan.wraps)
          for (const chunk of chunkAddresses(addresses)) ws.getRanges(chunk).format.wrapText = wrap;
        for (const c of batch.columns ?? []) {
          const letters = columnName(c.col);
          // eslint-disable-next-line office-addins/load-object-before-read -- a write to format.columnWidth, not a read
          const format = ws.getRange(`${letters}:${letters}`).format;
          if (c.width === null) format.useStandardWidth = true;
          else format.columnWidth = charsToPoints(c.width);
        }
        if (caps.notes)
          for (const n of batch.notes ?? []) {
            const addr = cellA1(n.row, n.col);
            ws.notes.getItemOrNullObject(addr).delete();
            if (n.text !== null) ws.notes.add(addr, n.text);
          }
      }
      for (const own of batch.ownedSheets ?? []) {
        coll.getItemOrNullObject(own.name).delete();
        if (own.rows) {
          const sheet = coll.add(own.name);
          const width = own.rows.reduce((w, r) => Math.max(w, r.length), 0);
          if (own.rows.length && width)
            sheet.getRangeByIndexes(0, 0, own.rows.length, width).values = own.rows.map((r) =>
              Array.from({ length: width }, (_, j) => toExcelInput(r[j] ?? null)),
            );
        }
      }
      if (batch.record !== undefined) {
        // Replace the store sheet: very hidden sheets cannot be deleted, so make it hidden first (no-op when absent).
        const old = coll.getItemOrNullObject(RECORD_SHEET_NAME);
        old.visibility = "Hidden";
        old.delete();
        if (batch.record !== null) {
          const store = coll.add(RECORD_SHEET_NAME);
          store.visibility = "VeryHidden";
          if (batch.record.length)
            store.getRangeByIndexes(0, 0, batch.record.length, 1).values = batch.record.map((s) => [toExcelInput(s)]);
        }
      }
      await ctx.sync();
    });
    this.afterWrite(batch);
  }

  private checkWritable(batch: WriteBatch) {
    const k = this.known!;
    const touchesCells = batch.cells.length > 0 || (batch.notes?.length ?? 0) > 0 || (batch.columns?.length ?? 0) > 0;
    if (touchesCells) {
      const info = k.sheets.get(lower(batch.sheet));
      if (!info) throw sheetMissing(batch.sheet);
      if (info.protected)
        throw new UserFacingError("protected", {
          ja: `シート「${batch.sheet}」は保護されています。保護を解除してから実行してください（何も変更していません）。`,
          en: `Sheet "${batch.sheet}" is protected. Unprotect it and try again (nothing was changed).`,
        });
    }
    if ((batch.record !== undefined || (batch.ownedSheets?.length ?? 0) > 0) && k.workbookProtected)
      throw new UserFacingError("workbook-protected", {
        ja: "ブックの構成が保護されているため、アドインの記録シートを作成・更新できません。ブックの保護を解除してから実行してください（何も変更していません）。",
        en: "The workbook structure is protected, so the add-in's record sheet cannot be created or updated. Unprotect the workbook and try again (nothing was changed).",
      });
  }

  private afterWrite(batch: WriteBatch) {
    const k = this.known;
    if (!k) return;
    for (const own of batch.ownedSheets ?? []) {
      if (own.rows) k.sheets.set(lower(own.name), { name: own.name, visibility: "visible", protected: false });
      else k.sheets.delete(lower(own.name));
    }
    if (batch.record !== undefined) {
      if (batch.record === null) k.sheets.delete(lower(RECORD_SHEET_NAME));
      else k.sheets.set(lower(RECORD_SHEET_NAME), { name: RECORD_SHEET_NAME, visibility: "veryHidden", protected: false });
    }
  }

  /* ---------------------------------------------------------------- */
  /* select                                                             */
  /* ---------------------------------------------------------------- */

  async select(sheet: string, cell: CellAddress): Promise<void> {
    await this.run("read", async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRangeByIndexes(cell.row, cell.col, 1, 1).select();
      await ctx.sync();
    });
  }
}

function sheetMissing(sheet: string): UserFacingError {
  return new UserFacingError("sheet-not-found", {
    ja: `シート「${sheet}」が見つかりません。ブックを読み込み直してください。`,
    en: `Sheet "${sheet}" was not found. Reload the workbook.`,
  });
}

/* ------------------------------------------------------------------ */
/* Write planning (pure)                                                */
/* ------------------------------------------------------------------ */

export interface ValueBlock {
  rect: CellRect;
  /** 2-D input; null = leave the cell unchanged. */
  data: (string | number | boolean | null)[][];
  /** Written through Range.formulas (some cell restores a formula). */
  formulas: boolean;
}

export interface WritePlan {
  blocks: ValueBlock[];
  /** colour ("#RRGGBB", null = no fill) -> A1 addresses of exact rectangles. */
  fills: Map<string | null, string[]>;
  wraps: Map<boolean, string[]>;
  /** Rough request size in characters. */
  payload: number;
}

/** Group a batch into rectangular value blocks and per-colour address lists. `native` tokens are ignored. */
export function planWrite(batch: WriteBatch, gap = 8): WritePlan {
  const input = new Map<string, { w: CellWrite; x: string | number | boolean; formula: boolean }>();
  const fillCells = new Map<string | null, { row: number; col: number }[]>();
  const wrapCells = new Map<boolean, { row: number; col: number }[]>();
  for (const w of batch.cells) {
    const k = `${w.row}:${w.col}`;
    if (w.formula !== undefined && w.formula !== null && w.formula !== "")
      input.set(k, { w, x: toFormulaInput(w.formula), formula: true });
    else if (w.value !== undefined) input.set(k, { w, x: toExcelInput(w.value), formula: false });
    if (w.fill !== undefined) {
      const c = w.fill === null ? null : normalizeColor(w.fill);
      let list = fillCells.get(c);
      if (!list) fillCells.set(c, (list = []));
      list.push({ row: w.row, col: w.col });
    }
    if (w.wrap !== undefined) {
      let list = wrapCells.get(w.wrap);
      if (!list) wrapCells.set(w.wrap, (list = []));
      list.push({ row: w.row, col: w.col });
    }
  }
  let payload = 0;
  const blocks: ValueBlock[] = [];
  const cells = [...input.values()].map((e) => ({ row: e.w.row, col: e.w.col }));
  for (const rect of coverRects(cells, gap)) {
    const data: (string | number | boolean | null)[][] = [];
    let formulas = false;
    for (let r = rect.top; r <= rect.bottom; r++) {
      const row: (string | number | boolean | null)[] = [];
      for (let c = rect.left; c <= rect.right; c++) {
        const e = input.get(`${r}:${c}`);
        if (e?.formula) formulas = true;
        row.push(e ? e.x : null);
      }
      data.push(row);
    }
    payload += JSON.stringify(data).length + 40;
    blocks.push({ rect, data, formulas });
  }
  const fills = new Map<string | null, string[]>();
  for (const [c, list] of fillCells) {
    const addresses = coverRects(list, 0).map(rectA1);
    payload += addresses.reduce((n, a) => n + a.length + 1, 0) + 40;
    fills.set(c, addresses);
  }
  const wraps = new Map<boolean, string[]>();
  for (const [w, list] of wrapCells) wraps.set(w, coverRects(list, 0).map(rectA1));
  payload += (batch.record ?? []).reduce((n, s) => n + s.length + 4, 0);
  payload += (batch.columns?.length ?? 0) * 60;
  for (const own of batch.ownedSheets ?? []) payload += JSON.stringify(own.rows ?? []).length;
  return { blocks, fills, wraps, payload };
}

/** Items of a list validation source: "はい,いいえ" or a reference resolved against the matrices read. */
export function resolveListSource(source: string, sheet: string, matrices: readonly SheetMatrix[]): string[] | null {
  const s = source.trim();
  if (!s.startsWith("=")) {
    const items = s
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x !== "");
    return items.length ? items : null;
  }
  const ref = parseReference(s);
  if (!ref) return null; // named ranges / formulas: not resolvable in the same round trip
  const m = matrices.find((x) => x.name === (ref.sheet ?? sheet));
  if (!m) return null;
  const out: string[] = [];
  for (let r = ref.rect.top; r <= ref.rect.bottom; r++)
    for (let c = ref.rect.left; c <= ref.rect.right; c++) {
      const v = m.values[r]?.[c];
      if (v !== null && v !== undefined && v !== "") out.push(String(v));
    }
  return out.length ? out : null;
}

/** For diagnostics in tests. */
export { officeErrorCode };

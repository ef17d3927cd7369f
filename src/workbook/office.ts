/**
 * OfficeGateway: the WorkbookGateway adapter over the Excel JavaScript API.
 * The ONLY module that calls Excel.* (pure helpers live in office-ranges.ts, error mapping in office-errors.ts).
 * Microsoft's documentation is the specification of the host (docs paths: OfficeDev/office-js-docs-pr; "reference":
 * office-js-docs-reference); test/fakes/fake-excel.ts enforces the same rules, tagged R1…R13.
 *
 * Round trips (read in bulk within the documented limits, decide in TypeScript, write in bulk):
 *   read()     1 sync: the sheet list (names, visibility, protection and its options), the active sheet, names;
 *              1 sync: the used range of each sheet to read (by name: never navigating from a null object, R6);
 *              k syncs: contents in bounded row bands, each sheet once, only `formulas` (which gives the value of
 *              every cell without a formula), then the values of formula cells, sized so that each request and
 *              response stays far below Excel on the web's 5 MB (R2; bands adapt to the bytes per cell seen, and a
 *              band that still exceeds the limit is halved and retried);
 *              1 sync: hidden rows, validations (split per column when Excel reports one area for adjacent
 *              columns with different rules, R4), merged areas in bands (R3: Excel fails beyond 512 per query;
 *              smaller bands, then a warning), column widths;
 *              +1 sync when a list source lives on a sheet not read or in a named range (R5).
 *   snapshot() 1 sync (bounded bands for large lists): values, formulas, number formats, fill (pattern, pattern
 *              colour, tint: getCellProperties, R9), wrap, locked, and the widths of the cells' columns.
 *   write()    the record sheet / owned sheets are created when missing in their own run, without mergeUndoGroup
 *              (sheet creation and visibility are not undoable: R1), the record sheet and the new record first,
 *              then the owned sheets; then one run with mergeUndoGroup (ExcelApi 1.20) holding only undoable
 *              operations: the record written in place into column A (before or after the cells,
 *              WriteBatch.recordWhen), values, fills, wraps, widths, notes / comments, owned sheets in place (with
 *              the summary's swatches and its chart, replaced by name), the print zoom; removing owned sheets and
 *              then the record runs last, outside any undo group.
 *   select()   activate + select.
 *
 * Batches are not transactions: a sync that fails part-way leaves its earlier operations applied. The record is
 * therefore written before the marks it describes (apply, bulk-mark) and after the restores (clear), in place,
 * never deleted and re-added.
 *
 * Column widths: Office.js speaks points, the port speaks Excel character units (pointsToChars / charsToPoints).
 */
import { columnLetters, parseRange } from "../domain/a1";
import type { OwnedSheetTable } from "../domain/review-sheet";
import { RECORD_SHEET_NAME } from "../domain/record";
import { isOwnChartTitle } from "../domain/summary";
import type { CellAddress, CellRect, CellValue, ListValidation, Localized, SheetMatrix } from "../domain/types";
import {
  UserFacingError,
  type Capabilities,
  type CellState,
  type CellWrite,
  type OwnedCellFill,
  type OwnedChart,
  type OwnedSheetWrite,
  type ReadOptions,
  type SheetProbe,
  type SheetInfo,
  type WorkbookEventHandlers,
  type WorkbookGateway,
  type WorkbookRead,
  type WriteBatch,
  type WriteOutcome,
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
  /** Target size of one request / response in UTF-8 bytes (Excel on the web's limit is 5 MB). */
  payloadBudget?: number;
  /** Rows of gap bridged inside a value block / snapshot block (gap cells are left unchanged / ignored). */
  blockGap?: number;
  /** Rows per merged-area query (R3: Excel fails beyond 512 merged areas in one query). */
  mergeBand?: number;
}

export const MAX_READ_CELLS = 5_000_000;
/** Excel on the web: 5 MB per request and per response (docs/concepts/resource-limits-and-performance-optimization.md). */
export const WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** Default target per sync: well below the limit, leaving room for the JSON envelope. */
export const PAYLOAD_BUDGET = 2_000_000;
/** Columns right of the used range whose widths read() loads (the add-in writes two columns there). */
export const WIDTH_MARGIN = 4;
/** Rows per merged-area query before degrading (R3). */
export const MERGE_BAND = 2000;
/** Columns whose validation is queried one by one when Excel reports mixed rules (R4). */
const MAX_SPLIT_COLUMNS = 64;

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

const VISIBILITY: Record<string, SheetInfo["visibility"]> = { Visible: "visible", Hidden: "hidden", VeryHidden: "veryHidden" };

/** UTF-8 byte length of a string (payloads are counted in bytes: Japanese text is 3 bytes a character). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const jsonBytes = (x: unknown) => utf8Length(JSON.stringify(x) ?? "");

interface Knowledge {
  sheets: Map<string, SheetInfo>;
  workbookProtected: boolean;
  /** Length of the record column as last read / written (for padding in place). */
  recordLength: number;
  /** Rows the add-in's columns of each owned sheet used, as last read / written. */
  ownedRows: Map<string, number>;
  /** The charts on each owned sheet as last read / written: chart name → its title ("" without one). */
  ownedCharts: Map<string, Map<string, string>>;
}

/** What the last snapshot() of a sheet saw, used by the next write() to it. */
interface SheetSnapshotInfo {
  /** "row:col" → number format. */
  numberFormats: Map<string, string>;
  /** "row:col" → locked. */
  locked: Map<string, boolean>;
  /** "row:col" → fill / wrap as snapshotted (a write of the same fill needs no format operation). */
  fills: Map<string, { fill: string | null; wrap: boolean; native: boolean }>;
  /** column → width in characters, null = standard width. */
  widths: Map<number, number | null>;
  /** The sheet's print zoom (pageLayout.zoom) as the snapshot saw it, where print is supported. */
  zoom?: PrintZoom;
  /** "row:col" → Range.formulas as the snapshot saw it (the formula, or the constant): what the write expects there. */
  contents: Map<string, unknown>;
}

/** Excel.PageLayoutZoomOptions as loaded: a percentage scale, or pages wide / tall (null where unused). */
interface PrintZoom {
  scale: number | null;
  horizontalFitToPages: number | null;
  verticalFitToPages: number | null;
}

/**
 * What print-ready sets: fitted to one page wide and any number of pages tall. The reference
 * (excel.pagelayoutzoomoptions.yml) documents the fields but not a value for "as many pages as needed"; 0 is what
 * the file format stores for it (`fitToHeight="0"` in OOXML, see xlsx/print.ts), so the adapter writes 0.
 */
export const FIT_TO_WIDTH: PrintZoom = { scale: null, horizontalFitToPages: 1, verticalFitToPages: 0 };

function zoomOf(z: { scale?: number | null; horizontalFitToPages?: number | null; verticalFitToPages?: number | null } | undefined | null): PrintZoom {
  return { scale: z?.scale ?? null, horizontalFitToPages: z?.horizontalFitToPages ?? null, verticalFitToPages: z?.verticalFitToPages ?? null };
}

function sameZoom(a: PrintZoom, b: PrintZoom): boolean {
  return a.scale === b.scale && a.horizontalFitToPages === b.horizontalFitToPages && a.verticalFitToPages === b.verticalFitToPages;
}

/** The zoom as pageLayout.zoom takes it: a whole object, scale or pages (reference: "use x.zoom = {...}"). */
function zoomInput(z: PrintZoom): Excel.PageLayoutZoomOptions {
  if (z.scale !== null) return { scale: z.scale };
  const out: Excel.PageLayoutZoomOptions = {};
  if (z.horizontalFitToPages !== null) out.horizontalFitToPages = z.horizontalFitToPages;
  if (z.verticalFitToPages !== null) out.verticalFitToPages = z.verticalFitToPages;
  return out;
}

/** The Office adapter's print token (SheetMatrix.printNative): the zoom before the first apply. */
export function printTokenOf(z: PrintZoom): string {
  return JSON.stringify({ o: 1, zoom: z });
}

function parsePrintToken(s: string | undefined): PrintZoom | null {
  if (!s || !s.startsWith('{"o":1')) return null; // another adapter's token (e.g. written by the CLI)
  try {
    const x = JSON.parse(s) as { o: number; zoom?: PrintZoom };
    return x.o === 1 && x.zoom ? zoomOf(x.zoom) : null;
  } catch {
    return null;
  }
}

/** Fill and format details beyond the semantic CellSnapshot fields (the Office adapter's `native` token). */
interface OfficeNative {
  o: 1;
  /** Fill pattern other than Solid. */
  p?: string;
  pc?: string;
  t?: number;
  pt?: number;
  /** Number format other than General. */
  nf?: string;
}

interface CellPropsFill {
  color?: string;
  pattern?: string;
  patternColor?: string;
  tintAndShade?: number;
  patternTintAndShade?: number;
}

const key = (r: number, c: number) => `${r}:${c}`;

/** A bounded read of one rectangle's formulas or values. */
interface BandJob {
  sheet: string;
  top: number;
  left: number;
  rows: number;
  cols: number;
  what: "formulas" | "values";
  /** Estimated response bytes per cell. */
  group: string;
  done: (data: unknown[][], top: number) => void;
}

export class OfficeGateway implements WorkbookGateway {
  private known: Knowledge | null = null;
  private snapInfo = new Map<string, SheetSnapshotInfo>();

  constructor(private readonly opts: OfficeGatewayOptions = {}) {}

  private get excel(): typeof Excel {
    const x = this.opts.excel ?? (globalThis as unknown as { Excel?: typeof Excel }).Excel;
    if (!x) throw new UserFacingError("no-excel", OFFICE_MESSAGES.unsupported);
    return x;
  }

  private get office(): typeof Office | undefined {
    return this.opts.office ?? (globalThis as unknown as { Office?: typeof Office }).Office;
  }

  /** R7: every API above the manifest's ExcelApi 1.9 sits behind this check. */
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
      // Owned sheets are deleted outside any undo group, owned sheets before the record (see write()).
      removeOwned: true,
      // Worksheet.pageLayout (zoom) is ExcelApi 1.9.
      print: this.supports("ExcelApi", "1.9"),
      // Charts (ChartCollection.add, Chart.setPosition, title: 1.1) found again by name (getItemOrNullObject: 1.4).
      charts: this.supports("ExcelApi", "1.4"),
    };
  }

  private budget(): number {
    return Math.min(this.opts.payloadBudget ?? PAYLOAD_BUDGET, WEB_PAYLOAD_LIMIT);
  }

  /**
   * One Excel.run; errors mapped to UserFacingError. `group`: run with mergeUndoGroup (ExcelApi 1.20) — only for
   * batches of undoable range operations (R1, docs/excel/excel-add-ins-undo-capabilities.md).
   */
  private async run<T>(group: boolean, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    if (!this.supports("ExcelApi", "1.9")) throw new UserFacingError("unsupported", OFFICE_MESSAGES.unsupported);
    const options: Excel.RunOptions = { delayForCellEdit: true };
    if (group && this.supports("ExcelApi", "1.20")) options.mergeUndoGroup = true;
    try {
      return await this.excel.run(options, batch);
    } catch (e) {
      throw toUserFacing(e);
    }
  }

  private queueSheetList(ctx: Excel.RequestContext) {
    const coll = ctx.workbook.worksheets;
    coll.load(
      "items/name,items/visibility,items/protection/protected,items/protection/options",
    );
    const wbProtection = ctx.workbook.protection;
    wbProtection.load("protected");
    return { coll, wbProtection };
  }

  private remember(coll: Excel.WorksheetCollection, wbProtection: Excel.WorkbookProtection): SheetInfo[] {
    const sheets: SheetInfo[] = coll.items.map((ws) => {
      const info: SheetInfo = { name: ws.name, visibility: VISIBILITY[ws.visibility] ?? "visible", protected: ws.protection.protected };
      if (info.protected) {
        const o = ws.protection.options;
        info.allows = { formatCells: !!o?.allowFormatCells, formatColumns: !!o?.allowFormatColumns, editObjects: !!o?.allowEditObjects };
      }
      return info;
    });
    const prev = this.known;
    this.known = {
      sheets: new Map(sheets.map((s) => [s.name, s])),
      workbookProtected: wbProtection.protected,
      recordLength: prev?.recordLength ?? 0,
      ownedRows: prev?.ownedRows ?? new Map(),
      ownedCharts: prev?.ownedCharts ?? new Map(),
    };
    return sheets;
  }

  /** A sheet by exact name, else by Excel's case-insensitive sheet names (for a user-chosen sheet only). */
  private findSheet(name: string): SheetInfo | undefined {
    const k = this.known!;
    return k.sheets.get(name) ?? [...k.sheets.values()].find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /* ---------------------------------------------------------------- */
  /* read                                                               */
  /* ---------------------------------------------------------------- */

  async read(options: ReadOptions = {}): Promise<WorkbookRead> {
    return this.run(false, async (ctx) => {
      const warnings: Localized[] = [];
      // Sync 1: the sheet list, the active sheet, workbook names.
      const { coll, wbProtection } = this.queueSheetList(ctx);
      const active = coll.getActiveWorksheet();
      active.load("name");
      const names = ctx.workbook.names;
      names.load("items/name,items/formula");
      await ctx.sync();
      const sheets = this.remember(coll, wbProtection);
      const ownedNames = new Set(options.owned ?? []);
      // Decide in TypeScript which sheets to read (exact names; each sheet once).
      const contents: SheetInfo[] = [];
      /** Sheets returned in matrices (the chosen one, the visible ones for auto-pick); owned ones go to `owned`. */
      const forMatrices = new Set<SheetInfo>();
      const add = (s: SheetInfo | undefined, matrix: boolean) => {
        if (!s || s.name === RECORD_SHEET_NAME) return;
        if (!contents.includes(s)) contents.push(s);
        if (matrix) forMatrices.add(s);
      };
      if (!options.recordOnly) {
        if (options.sheet) add(this.findSheet(options.sheet), true);
        if (!options.sheet || options.allSheets)
          sheets
            .filter((s) => s.visibility === "visible")
            .slice(0, this.opts.maxAutoSheets ?? 20)
            .forEach((s) => add(s, true));
      }
      // Owned sheets by exact name, whatever their visibility; a visible owned sheet is read once for both.
      const owned = sheets.filter((s) => ownedNames.has(s.name));
      for (const s of owned) add(s, false);
      const hasRecord = sheets.some((s) => s.name === RECORD_SHEET_NAME);

      // Sync 2: used ranges (by name: no navigation from a null object).
      const dims = contents.map((s) => {
        const used = coll.getItem(s.name).getUsedRangeOrNullObject(true);
        used.load("rowIndex,columnIndex,rowCount,columnCount");
        return { info: s, used };
      });
      const recordUsed = hasRecord ? coll.getItem(RECORD_SHEET_NAME).getRange("A:A").getUsedRangeOrNullObject(true) : null;
      recordUsed?.load("rowIndex,rowCount");
      // Probed sheets: their used range (values) alone, in the same sync; their charts below.
      const probeNames = new Set(options.probe ?? []);
      const probes = sheets
        .filter((s) => probeNames.has(s.name))
        .map((s) => {
          const used = coll.getItem(s.name).getUsedRangeOrNullObject(true);
          used.load("rowIndex,columnIndex,rowCount,columnCount");
          return { name: s.name, used };
        });
      // The charts, with their titles, of the owned sheets and of every sheet the add-in has drawn a chart on (as
      // far as this gateway knows), in the same sync: a later write finds the add-in's chart by name and leaves
      // where and how the user put it (queueOwnedChart); a chart the user deleted since is drawn again.
      const known = this.known!.ownedCharts;
      for (const name of [...known.keys()]) if (!sheets.some((s) => s.name === name)) known.delete(name);
      const ownedCharts = this.capabilities().charts
        ? sheets.filter((s) => ownedNames.has(s.name) || probeNames.has(s.name) || known.has(s.name)).map((s) => {
            const charts = coll.getItem(s.name).charts;
            charts.load("items/name,items/title/text");
            return { sheet: s.name, charts };
          })
        : [];
      await ctx.sync();
      for (const o of ownedCharts) this.known!.ownedCharts.set(o.sheet, new Map(o.charts.items.map((c) => [c.name, c.title.text ?? ""])));
      const probed: SheetProbe[] = probes.map((p) => {
        const used = p.used.isNullObject
          ? null
          : { top: p.used.rowIndex, left: p.used.columnIndex, bottom: p.used.rowIndex + p.used.rowCount - 1, right: p.used.columnIndex + p.used.columnCount - 1 };
        const charts = this.known!.ownedCharts.get(p.name);
        return { name: p.name, used, ...(charts ? { drawings: [...charts.keys()] } : {}) };
      });

      const maxCells = this.opts.maxCells ?? MAX_READ_CELLS;
      let total = 0;
      const rects = new Map<string, CellRect | null>();
      for (const d of dims) {
        if (d.used.isNullObject) {
          rects.set(d.info.name, null);
          continue;
        }
        const rect = { top: d.used.rowIndex, left: d.used.columnIndex, bottom: d.used.rowIndex + d.used.rowCount - 1, right: d.used.columnIndex + d.used.columnCount - 1 };
        total += (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
        if (total > maxCells) throw new UserFacingError("too-large", OFFICE_MESSAGES.tooLarge);
        rects.set(d.info.name, rect);
      }

      // Contents in bands: formulas (= values of the cells without a formula).
      const grids = new Map<string, unknown[][]>();
      const jobs: BandJob[] = [];
      for (const [name, rect] of rects) {
        if (!rect) continue;
        const grid: unknown[][] = [];
        grids.set(name, grid);
        jobs.push({
          sheet: name,
          top: rect.top,
          left: rect.left,
          rows: rect.bottom - rect.top + 1,
          cols: rect.right - rect.left + 1,
          what: "formulas",
          group: name,
          done: (data, top) => {
            for (let i = 0; i < data.length; i++) grid[top - rect.top + i] = data[i];
          },
        });
      }
      const recordCells: CellValue[] | null = hasRecord ? [] : null;
      if (recordUsed && !recordUsed.isNullObject) {
        const top = recordUsed.rowIndex;
        for (let i = 0; i < top; i++) recordCells!.push(null);
        jobs.push({
          sheet: RECORD_SHEET_NAME,
          top,
          left: 0,
          rows: recordUsed.rowCount,
          cols: 1,
          what: "values",
          group: RECORD_SHEET_NAME,
          done: (data, t) => {
            for (let i = 0; i < data.length; i++) {
              const v = data[i][0];
              recordCells![t + i] = v === "" || v === undefined ? null : (v as CellValue);
            }
          },
        });
      }
      await this.readBands(ctx, jobs);
      this.known!.recordLength = recordCells?.length ?? 0;

      // Values of formula cells (bounded bands as well).
      const formulaCells = new Map<string, { row: number; col: number }[]>();
      for (const [name, grid] of grids) {
        const rect = rects.get(name)!;
        const list: { row: number; col: number }[] = [];
        grid.forEach((row, i) =>
          row.forEach((f, j) => {
            if (typeof f === "string" && f.startsWith("=")) list.push({ row: rect.top + i, col: rect.left + j });
          }),
        );
        if (list.length) formulaCells.set(name, list);
      }
      const formulaValues = new Map<string, Map<string, CellValue>>();
      const matrices = new Map<string, SheetMatrix>();
      const valueJobs: BandJob[] = [];
      for (const [name, list] of formulaCells) {
        const map = new Map<string, CellValue>();
        formulaValues.set(name, map);
        for (const r of coverRects(list, 0))
          valueJobs.push({
            sheet: name,
            top: r.top,
            left: r.left,
            rows: r.bottom - r.top + 1,
            cols: r.right - r.left + 1,
            what: "values",
            group: `${name}#values`,
            done: (data, top) =>
              data.forEach((row, i) =>
                row.forEach((v, j) => {
                  const value = v === "" ? null : (v as CellValue);
                  map.set(key(top + i, r.left + j), value);
                  const m = matrices.get(name);
                  const line = m?.values[top + i];
                  if (line) line[r.left + j] = value; // values read with the extras, after the matrix was built
                  // Text that starts with "=" (entered with an apostrophe) reads the same through formulas and values.
                  const fl = m?.formulas?.[top + i];
                  if (fl && fl[r.left + j] === value) fl[r.left + j] = null;
                }),
              ),
          });
      }
      // Few formula cells (the usual case): their values ride along with the extras' sync.
      const inline = valueJobs.reduce((n, j) => n + j.rows * j.cols, 0) * 64 <= this.budget() / 4;
      if (!inline) await this.readBands(ctx, valueJobs);

      for (const s of contents) {
        const rect = rects.get(s.name);
        matrices.set(s.name, this.matrixOf(s, rect ?? null, grids.get(s.name) ?? [], formulaValues.get(s.name)));
      }

      // Extras: hidden rows, validations, merged areas (bands), widths.
      await this.readExtras(ctx, contents, rects, matrices, names, warnings, inline ? valueJobs : []);

      for (const s of owned) this.known!.ownedRows.set(s.name, matrices.get(s.name)?.values.length ?? 0);
      const read: WorkbookRead = {
        sheets,
        // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read -- loaded in sync 1 above (the rule misses the awaits in between)
        activeSheet: active.name ?? null,
        matrices: contents.filter((s) => forMatrices.has(s)).map((s) => matrices.get(s.name)!),
        recordCells,
        capabilities: this.capabilities(),
      };
      if (options.owned) read.owned = owned.map((s) => matrices.get(s.name)!);
      if (options.probe) read.probed = probed;
      if (warnings.length) read.warnings = warnings;
      return read;
    });
  }

  /**
   * Read band jobs in as few syncs as the payload budget allows (R2). Rows per band follow the bytes per cell seen
   * so far for the job's group (first guess: 64 bytes); a sync that Excel still refuses as too large
   * (Request/ResponsePayloadSizeLimitExceeded) is retried with half the rows.
   */
  private async readBands(ctx: Excel.RequestContext, jobs: BandJob[]): Promise<void> {
    let budget = this.budget();
    const perCell = new Map<string, number>();
    const queue = jobs.map((j) => ({ ...j }));
    while (queue.length) {
      let used = 0;
      const batch: { job: BandJob; rows: number; range: Excel.Range }[] = [];
      while (queue.length) {
        const job = queue[0];
        const bpc = perCell.get(job.group) ?? 64;
        const room = budget - used;
        let rows = Math.floor(room / Math.max(1, bpc * job.cols));
        if (rows < 1) {
          if (batch.length) break;
          rows = 1;
        }
        rows = Math.min(rows, job.rows);
        const range = ctx.workbook.worksheets.getItem(job.sheet).getRangeByIndexes(job.top, job.left, rows, job.cols);
        if (job.what === "formulas") range.load("formulas");
        else range.load("values");
        batch.push({ job: { ...job }, rows, range });
        used += rows * job.cols * bpc;
        if (rows === job.rows) queue.shift();
        else {
          job.top += rows;
          job.rows -= rows;
          break;
        }
      }
      try {
        await ctx.sync();
      } catch (e) {
        const code = officeErrorCode(e);
        const single = batch.length === 1 && batch[0].rows === 1;
        if ((code === "ResponsePayloadSizeLimitExceeded" || code === "RequestPayloadSizeLimitExceeded") && !single) {
          // Put the bands back (in order) and retry smaller: the documented limit is per request/response.
          for (let i = batch.length - 1; i >= 0; i--) {
            const b = batch[i];
            const head = queue[0];
            if (head && head.sheet === b.job.sheet && head.what === b.job.what && head.group === b.job.group && head.top === b.job.top + b.rows && head.left === b.job.left) {
              head.top = b.job.top;
              head.rows += b.rows;
            } else queue.unshift({ ...b.job, rows: b.rows });
          }
          budget = Math.max(1, Math.floor(budget / 4));
          continue;
        }
        throw e;
      }
      for (const b of batch) {
        const data = (b.job.what === "formulas" ? b.range.formulas : b.range.values) as unknown[][] | null;
        if (data === null || data === undefined) throw new UserFacingError("too-large", OFFICE_MESSAGES.tooLarge);
        const bytes = jsonBytes(data) / Math.max(1, b.rows * b.job.cols);
        perCell.set(b.job.group, Math.max(perCell.get(b.job.group) ?? 0, bytes, 4));
        b.job.done(data, b.job.top);
      }
    }
  }

  private matrixOf(info: SheetInfo, rect: CellRect | null, grid: unknown[][], formulaValues: Map<string, CellValue> | undefined): SheetMatrix {
    const m: SheetMatrix = { name: info.name, values: [], visibility: info.visibility, protectedSheet: info.protected };
    if (!rect) return m;
    const values: CellValue[][] = [];
    const formulas: (string | null)[][] = [];
    let anyFormula = false;
    for (let i = 0; i < rect.top; i++) {
      values.push([]);
      formulas.push([]);
    }
    grid.forEach((row, i) => {
      const r = rect.top + i;
      const vals: CellValue[] = new Array(rect.left).fill(null);
      const fs: (string | null)[] = new Array(rect.left).fill(null);
      row.forEach((x, j) => {
        const c = rect.left + j;
        if (typeof x === "string" && x.startsWith("=") && formulaValues?.get(key(r, c)) !== x) {
          anyFormula = true;
          fs.push(x);
          vals.push(formulaValues?.get(key(r, c)) ?? null);
        } else {
          fs.push(null);
          vals.push(x === "" || x === undefined ? null : (x as CellValue));
        }
      });
      values.push(vals);
      formulas.push(fs);
    });
    m.values = values;
    if (anyFormula) m.formulas = formulas;
    return m;
  }

  private async readExtras(
    ctx: Excel.RequestContext,
    contents: SheetInfo[],
    rects: Map<string, CellRect | null>,
    matrices: Map<string, SheetMatrix>,
    names: Excel.NamedItemCollection,
    warnings: Localized[],
    inlineJobs: BandJob[],
  ): Promise<void> {
    const coll = ctx.workbook.worksheets;
    const mergesSupported = this.supports("ExcelApi", "1.13");
    const queueMerges = (band: number) => {
      const parts: { name: string; areas: Excel.RangeAreas }[] = [];
      for (const s of contents) {
        const rect = rects.get(s.name);
        if (!rect) continue;
        const ws = coll.getItem(s.name);
        for (let top = rect.top; top <= rect.bottom; top += band) {
          const rows = Math.min(band, rect.bottom - top + 1);
          const areas = ws.getRangeByIndexes(top, rect.left, rows, rect.right - rect.left + 1).getMergedAreasOrNullObject();
          areas.load("address");
          parts.push({ name: s.name, areas });
        }
      }
      return parts;
    };
    const finishMerges = (parts: { name: string; areas: Excel.RangeAreas }[]) => {
      for (const p of parts) {
        if (p.areas.isNullObject) continue;
        const m = matrices.get(p.name)!;
        (m.merges ??= []).push(...parseAreasAddress(p.areas.address));
      }
    };
    const printSupported = this.supports("ExcelApi", "1.9");
    const queueAll = (withMerges: boolean) => {
      const zooms = printSupported
        ? contents.map((s) => {
            const pl = coll.getItem(s.name).pageLayout;
            pl.load("zoom");
            return { s, pl };
          })
        : [];
      const queries = contents.map((s) => {
        const rect = rects.get(s.name) ?? null;
        const ws = coll.getItem(s.name);
        // Widths from column A to WIDTH_MARGIN columns right of the used range (the add-in's columns sit there).
        if (!rect) return { s, rect, widths: null, visible: null, validated: null };
        const widthCols = Math.min(rect.right + 1 + WIDTH_MARGIN, 16384);
        const widths = ws.getRangeByIndexes(0, 0, 1, widthCols).getColumnProperties({ columnIndex: true, format: { columnWidth: true } });
        // The used range is known here, so nothing is navigated from a null object (R6).
        const range = ws.getRangeByIndexes(rect.top, rect.left, rect.bottom - rect.top + 1, rect.right - rect.left + 1);
        const visible = range.getSpecialCellsOrNullObject("Visible");
        visible.load("address");
        const validated = range.getSpecialCellsOrNullObject("DataValidations");
        validated.areas.load("items/address,items/dataValidation/type,items/dataValidation/rule");
        return { s, rect, widths, visible, validated };
      });
      const values = inlineJobs.map((job) => {
        const range = coll.getItem(job.sheet).getRangeByIndexes(job.top, job.left, job.rows, job.cols);
        range.load("values");
        return { job, range };
      });
      const merges = withMerges ? queueMerges(this.opts.mergeBand ?? MERGE_BAND) : [];
      return { queries, values, merges, zooms };
    };
    // Merged areas (ExcelApi 1.13) in row bands ride along; Excel fails a query beyond 512 merged areas (R3): then
    // the rest is read again without them and merges are retried in bands a quarter the size, else left out with a
    // warning for the user.
    if (!contents.length && !inlineJobs.length) return;
    let q = queueAll(mergesSupported);
    try {
      await ctx.sync();
    } catch (e) {
      const code = officeErrorCode(e);
      if (!mergesSupported || code === "InvalidOperationInCellEditMode" || code === "ItemNotFound") throw e;
      q = queueAll(false);
      await ctx.sync();
      const parts = queueMerges(Math.max(1, Math.floor((this.opts.mergeBand ?? MERGE_BAND) / 4)));
      try {
        await ctx.sync();
        q.merges = parts;
      } catch {
        warnings.push({
          ja: "結合セルが多すぎて Excel から読み取れませんでした（1 回の問い合わせで 512 個まで）。結合された回答セルを見分けられない可能性があるため、結合セルは手で確認してください。",
          en: "There are too many merged cells for Excel to report (512 per query). Merged answer cells may not be recognised; check them by hand.",
        });
      }
    }
    finishMerges(q.merges);
    // The print settings before the first apply (restored by clear): the zoom of each sheet read.
    for (const z of q.zooms) matrices.get(z.s.name)!.printNative = printTokenOf(zoomOf(z.pl.zoom));
    for (const v of q.values) v.job.done(v.range.values as unknown[][], v.job.top);
    const queries = q.queries;
    for (const q of queries) {
      const m = matrices.get(q.s.name)!;
      const props = q.widths?.value;
      if (Array.isArray(props)) {
        const widths: (number | null)[] = [];
        props.forEach((p, i) => {
          const w = p?.format?.columnWidth;
          const col = typeof p?.columnIndex === "number" ? p.columnIndex : i;
          if (typeof w === "number" && Number.isFinite(w)) widths[col] = pointsToChars(w);
        });
        if (widths.length) m.columnWidths = widths;
      }
      if (!q.rect || !q.visible) continue;
      const hidden: number[] = [];
      if (q.visible.isNullObject) {
        for (let r = q.rect.top; r <= q.rect.bottom; r++) hidden.push(r);
      } else {
        const covered = new Uint8Array(q.rect.bottom - q.rect.top + 1);
        for (const a of parseAreasAddress(q.visible.address))
          for (let r = Math.max(a.top, q.rect.top); r <= Math.min(a.bottom, q.rect.bottom); r++) covered[r - q.rect.top] = 1;
        for (let i = 0; i < covered.length; i++) if (!covered[i]) hidden.push(q.rect.top + i);
      }
      if (hidden.length) m.hiddenRows = hidden;
    }

    // Validations: split areas Excel reports with mixed rules per column (R4), then resolve list sources (R5).
    const lists: { name: string; source: string; rects: CellRect[] }[] = [];
    const splits: { name: string; rect: CellRect; dv: Excel.DataValidation }[] = [];
    for (const q of queries) {
      if (!q.validated || q.validated.isNullObject) continue;
      for (const area of q.validated.areas.items) {
        const dv = area.dataValidation;
        const areaRects = parseAreasAddress(area.address);
        if (dv.type === "List") {
          const source = dv.rule?.list?.source;
          if (typeof source === "string") lists.push({ name: q.s.name, source, rects: areaRects });
        } else if (dv.type === "Inconsistent" || dv.type === "MixedCriteria") {
          const ws = coll.getItem(q.s.name);
          for (const r of areaRects)
            for (let c = r.left; c <= r.right && splits.length < MAX_SPLIT_COLUMNS; c++) {
              // eslint-disable-next-line office-addins/load-object-before-read -- navigation to dataValidation, loaded on the next line
              const col = ws.getRangeByIndexes(r.top, c, r.bottom - r.top + 1, 1).dataValidation;
              col.load("type,rule");
              splits.push({ name: q.s.name, rect: { top: r.top, bottom: r.bottom, left: c, right: c }, dv: col });
            }
        }
      }
    }
    if (splits.length) {
      await ctx.sync();
      for (const sp of splits) {
        const source = sp.dv.type === "List" ? sp.dv.rule?.list?.source : undefined;
        if (typeof source === "string") lists.push({ name: sp.name, source, rects: [sp.rect] });
      }
    }
    // List sources: inline, on a sheet read, on another (possibly hidden) sheet, or a named range.
    const named = new Map<string, string>();
    try {
      for (const n of names.items) if (typeof n.formula === "string") named.set(n.name.toLowerCase(), n.formula);
    } catch {
      /* names not loaded (host without NamedItem.formula) */
    }
    const external = new Map<string, { sheet: string; rect: CellRect; range: Excel.Range | null; items: string[] | null }>();
    const refOf = (source: string, sheet: string): { sheet: string; rect: CellRect } | null => {
      const s = source.trim();
      if (!s.startsWith("=")) return null;
      let ref = parseReference(s);
      if (!ref) {
        const formula = named.get(s.slice(1).trim().toLowerCase());
        if (formula) ref = parseReference(formula);
      }
      if (!ref) return null;
      return { sheet: ref.sheet ?? sheet, rect: ref.rect };
    };
    for (const l of lists) {
      const ref = refOf(l.source, l.name);
      if (!ref) continue;
      const k = `${ref.sheet}!${rectA1(ref.rect)}`;
      if (external.has(k)) continue;
      const m = matrices.get(ref.sheet);
      if (m) external.set(k, { sheet: ref.sheet, rect: ref.rect, range: null, items: itemsOf(m.values, ref.rect) });
      else if (this.known!.sheets.has(ref.sheet) && rectCells(ref.rect) <= 10_000) {
        const range = coll.getItem(ref.sheet).getRangeByIndexes(ref.rect.top, ref.rect.left, ref.rect.bottom - ref.rect.top + 1, ref.rect.right - ref.rect.left + 1);
        range.load("values");
        external.set(k, { sheet: ref.sheet, rect: ref.rect, range, items: null });
      }
    }
    if ([...external.values()].some((e) => e.range)) {
      await ctx.sync();
      for (const e of external.values())
        if (e.range) {
          const items = (e.range.values as unknown[][]).flat().filter((v) => v !== "" && v !== null && v !== undefined).map(String);
          e.items = items.length ? items : null;
        }
    }
    for (const s of contents) {
      const m = matrices.get(s.name)!;
      const byList = new Map<string, ListValidation>();
      for (const l of lists.filter((x) => x.name === s.name)) {
        let list: string[] | null;
        const ref = refOf(l.source, s.name);
        if (ref) list = external.get(`${ref.sheet}!${rectA1(ref.rect)}`)?.items ?? null;
        else list = resolveListSource(l.source, s.name, []);
        if (!list) continue;
        const k = JSON.stringify(list);
        let v = byList.get(k);
        if (!v) byList.set(k, (v = { ranges: [], list }));
        v.ranges.push(...l.rects);
      }
      if (byList.size) m.validations = [...byList.values()];
    }
  }

  /* ---------------------------------------------------------------- */
  /* snapshot                                                           */
  /* ---------------------------------------------------------------- */

  async snapshot(sheet: string, cells: CellAddress[]): Promise<CellState[]> {
    const rects = coverRects(cells, this.opts.blockGap ?? 8);
    const size = rects.reduce((n, r) => n + rectCells(r), 0);
    if (size > (this.opts.maxCells ?? MAX_READ_CELLS)) throw new UserFacingError("too-large", OFFICE_MESSAGES.tooLarge);
    // About 300 bytes a cell come back (values, formulas, number format, fill details, wrap, locked).
    const perSync = Math.max(1, Math.floor(this.budget() / 300));
    return this.run(false, async (ctx) => {
      const { coll, wbProtection } = this.queueSheetList(ctx);
      const ws = coll.getItem(sheet);
      const cols = cells.map((c) => c.col);
      const minCol = cols.length ? Math.min(...cols) : 0;
      const maxCol = cols.length ? Math.max(...cols) : 0;
      const widthProps = cells.length
        ? ws.getRangeByIndexes(0, minCol, 1, maxCol - minCol + 1).getColumnProperties({ columnIndex: true, format: { columnWidth: true, useStandardWidth: true } })
        : null;
      const found = new Map<string, CellState>();
      const info: SheetSnapshotInfo = { numberFormats: new Map(), locked: new Map(), widths: new Map(), fills: new Map(), contents: new Map() };
      // The print zoom as it is now (clear compares it with what apply set), in the first sync.
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- navigation to pageLayout, loaded on the next line
      const layout = this.supports("ExcelApi", "1.9") ? ws.pageLayout : null;
      layout?.load("zoom");
      let first = true;
      let i = 0;
      do {
        const blocks: { rect: CellRect; range: Excel.Range; props: OfficeExtension.ClientResult<Excel.CellProperties[][]> }[] = [];
        let n = 0;
        while (i < rects.length && (n === 0 || n + rectCells(rects[i]) <= perSync)) {
          const rect = rects[i++];
          n += rectCells(rect);
          const range = ws.getRangeByIndexes(rect.top, rect.left, rect.bottom - rect.top + 1, rect.right - rect.left + 1);
          range.load("values,formulas,numberFormat");
          const props = range.getCellProperties({
            format: {
              fill: { color: true, pattern: true, patternColor: true, tintAndShade: true, patternTintAndShade: true },
              wrapText: true,
              protection: true,
            },
          });
          blocks.push({ rect, range, props });
        }
        try {
          await ctx.sync();
        } catch (e) {
          if (officeErrorCode(e) === "ItemNotFound") throw sheetMissing(sheet);
          throw e;
        }
        if (first) {
          this.remember(coll, wbProtection);
          first = false;
        }
        const prot = this.known!.sheets.get(sheet)?.protected ?? false;
        for (const b of blocks) {
          const values = b.range.values;
          const formulas = b.range.formulas;
          const nfs = b.range.numberFormat as unknown[][];
          const props = b.props.value;
          for (let r = 0; r < values.length; r++)
            for (let c = 0; c < values[r].length; c++) {
              const row = b.rect.top + r;
              const col = b.rect.left + c;
              const v = values[r][c];
              const f = formulas[r][c];
              const format = props[r][c]?.format;
              const fill = (format?.fill ?? {}) as CellPropsFill;
              const nf = typeof nfs?.[r]?.[c] === "string" ? (nfs[r][c] as string) : "General";
              const solid = !fill.pattern || fill.pattern === "None" || !fill.color ? null : String(fill.color).toUpperCase();
              const snap: CellState = {
                row,
                col,
                value: v === "" || v === undefined ? null : (v as CellValue),
                // text starting with "=" (typed with an apostrophe) reads the same through values and formulas
                formula: typeof f === "string" && f.startsWith("=") && f !== v ? f : null,
                fill: solid,
                wrap: !!format?.wrapText,
              };
              const native: OfficeNative = { o: 1 };
              if (solid && fill.pattern && fill.pattern !== "Solid") native.p = fill.pattern;
              if (solid && fill.pattern && fill.pattern !== "Solid" && fill.patternColor && fill.patternColor.toUpperCase() !== "#000000")
                native.pc = fill.patternColor.toUpperCase();
              if (solid && fill.tintAndShade) native.t = fill.tintAndShade;
              if (solid && fill.patternTintAndShade) native.pt = fill.patternTintAndShade;
              if (nf !== "General") native.nf = nf;
              if (Object.keys(native).length > 1) snap.native = JSON.stringify(native);
              const locked = format?.protection?.locked;
              if (prot) snap.locked = locked !== false;
              info.numberFormats.set(key(row, col), nf);
              info.contents.set(key(row, col), f);
              info.locked.set(key(row, col), locked !== false);
              info.fills.set(key(row, col), { fill: solid, wrap: !!format?.wrapText, native: !!(native.p || native.pc || native.t || native.pt) });
              found.set(key(row, col), snap);
            }
        }
      } while (i < rects.length);
      if (layout) info.zoom = zoomOf(layout.zoom);
      if (widthProps) {
        for (const p of widthProps.value ?? []) {
          if (typeof p?.columnIndex !== "number") continue;
          const w = p.format?.columnWidth;
          info.widths.set(p.columnIndex, p.format?.useStandardWidth ? null : typeof w === "number" ? pointsToChars(w) : null);
        }
      }
      this.snapInfo.set(sheet, info);
      return cells.map((c) => found.get(key(c.row, c.col)) ?? { row: c.row, col: c.col, value: null, formula: null, fill: null, wrap: false });
    });
  }

  /* ---------------------------------------------------------------- */
  /* write                                                              */
  /* ---------------------------------------------------------------- */

  async write(batch: WriteBatch): Promise<WriteOutcome> {
    if (!this.known) {
      // Cold write (no read/snapshot before): learn sheets, protection and the record length first.
      await this.read({ recordOnly: true, owned: (batch.ownedSheets ?? []).map((o) => o.name) });
    }
    const k = this.known!;
    const caps = this.capabilities();
    // What the preceding snapshot saw is valid for this write only (also when it fails).
    const snap = this.snapInfo.get(batch.sheet);
    this.snapInfo.delete(batch.sheet);
    // A fill or wrap equal to what the preceding snapshot saw is no change: leave it out (no format operation, so
    // a values-only restore works on a protected sheet).
    const cells = snap
      ? batch.cells.map((w) => {
          const cur = snap.fills.get(key(w.row, w.col));
          if (!cur) return w;
          const out = { ...w };
          if (out.fill !== undefined && !cur.native && !parseNative(out.native)?.p && (out.fill === null ? null : out.fill.toUpperCase()) === cur.fill) delete out.fill;
          if (out.wrap !== undefined && out.wrap === cur.wrap) delete out.wrap;
          return out;
        })
      : batch.cells;
    const plan = planWrite({ ...batch, cells }, this.opts.blockGap ?? 8, snap?.numberFormats);
    const touchesTarget = plan.blocks.length > 0 || plan.fills.size > 0 || plan.wraps.size > 0 || plan.details.length > 0 || (batch.columns?.length ?? 0) > 0 || (batch.notes?.length ?? 0) > 0;
    if (touchesTarget) this.checkWritable(batch, plan, snap);

    const recordExists = k.sheets.has(RECORD_SHEET_NAME);
    const createRecord = batch.record !== undefined && batch.record !== null && !recordExists;
    const createOwned = (batch.ownedSheets ?? []).filter((o) => !k.sheets.has(o.name)).map((o) => o.name);
    const removeRecord = batch.record === null && recordExists;
    const removeOwned = (batch.removeOwned ?? []).filter((n) => k.sheets.has(n));
    if ((createRecord || createOwned.length || removeRecord || removeOwned.length) && k.workbookProtected)
      throw new UserFacingError("workbook-protected", {
        ja: "ブックの構成が保護されているため、アドインのシートを作成・削除できません。ブックの保護を解除してから実行してください（何も変更していません）。",
        en: "The workbook structure is protected, so the add-in's sheets cannot be created or removed. Unprotect the workbook and try again (nothing was changed).",
      });

    // Deleting a sheet must leave a visible one (reference: Excel.Worksheet.delete; the workbook needs one visible
    // sheet): refused before anything is changed.
    if (removeOwned.length && ![...k.sheets.values()].some((s) => s.visibility === "visible" && !removeOwned.includes(s.name)))
      throw new UserFacingError("last-visible-sheet", OFFICE_MESSAGES.lastVisibleSheet);

    const record = batch.record ?? null;
    const recordWhen = batch.recordWhen ?? "before-cells";
    // 1. Sheet creation: not undoable (R1), its own run without mergeUndoGroup, once. The record sheet comes first
    //    and, when the batch adds marks, the new record too (before the owned sheets are created): an owned sheet that
    //    only clear removes (the summary sheet) never exists without a record that leads clear to it, whichever op
    //    fails, and an undo of the grouped write below cannot take the record away from under it.
    let recordWritten = false;
    if (createRecord || createOwned.length) {
      await this.run(false, async (ctx) => {
        const coll = ctx.workbook.worksheets;
        if (createRecord) {
          const store = coll.add(RECORD_SHEET_NAME);
          store.visibility = "VeryHidden";
        }
        // The record in place (padded over the old content), within one request's budget (R2; a larger record goes
        // with the grouped write below, as before).
        const len = record ? Math.max(record.length, createRecord ? 0 : k.recordLength) : 0;
        if (record !== null && recordWhen === "before-cells" && len && record.reduce((n, v) => n + utf8Length(v) + 8, 64) <= this.budget()) {
          const data = Array.from({ length: len }, (_, i) => [i < record.length ? toExcelInput(record[i]) : ""]);
          coll.getItem(RECORD_SHEET_NAME).getRangeByIndexes(0, 0, len, 1).values = data;
          recordWritten = true;
        }
        for (const name of createOwned) {
          const ws = coll.add(name);
          const table = (batch.ownedSheets ?? []).find((o) => o.name === name)?.table;
          if (table) this.queueTable(ws, table);
        }
        await ctx.sync();
      });
      for (const name of createOwned) {
        k.sheets.set(name, { name, visibility: "visible", protected: false });
        k.ownedRows.set(name, 0);
        k.ownedCharts.set(name, new Map());
      }
      if (createRecord) {
        k.sheets.set(RECORD_SHEET_NAME, { name: RECORD_SHEET_NAME, visibility: "veryHidden", protected: false });
        k.recordLength = 0;
      }
      if (recordWritten && record) k.recordLength = record.length;
    }

    // Print-ready (pageLayout.zoom, ExcelApi 1.9; not in the undo table, so it rides in the grouped run): fitted to
    // the page width. Clear puts the zoom seen before the first apply back, only while it is still what apply set
    // (as the preceding snapshot saw it), so a print setting the user changed since is kept. Print title rows are
    // not written: the reference documents setPrintTitleRows but no way to remove title rows again, so a sheet that
    // had none could not be given back.
    let printOp: ((ctx: Excel.RequestContext) => void) | null = null;
    const targetInfo = k.sheets.get(batch.sheet);
    if (batch.print && caps.print && targetInfo && !targetInfo.protected) {
      const p = batch.print;
      if (p.restore !== undefined) {
        const before = parsePrintToken(p.restore);
        if (before && snap?.zoom && sameZoom(snap.zoom, FIT_TO_WIDTH) && !sameZoom(before, FIT_TO_WIDTH))
          printOp = (ctx) => (ctx.workbook.worksheets.getItem(batch.sheet).pageLayout.zoom = zoomInput(before));
      } else if (p.fitToWidth && !(snap?.zoom && sameZoom(snap.zoom, FIT_TO_WIDTH))) {
        printOp = (ctx) => (ctx.workbook.worksheets.getItem(batch.sheet).pageLayout.zoom = zoomInput(FIT_TO_WIDTH));
      }
    }
    const printOps = printOp !== null;

    // 2. The write proper: undoable range operations only, grouped for one-step undo (ExcelApi 1.20).
    const notesVia = (batch.notes?.length ?? 0) === 0 ? null : caps.notes ? "notes" : caps.comments ? "comments" : null;
    let keptTyped: WriteOutcome["keptTyped"] = [];
    const hasMain = touchesTarget || (record !== null && !recordWritten) || (batch.ownedSheets?.length ?? 0) > 0 || !!printOps;
    if (hasMain) {
      let retitled = { failed: new Set<string>() };
      await this.run(true, async (ctx) => {
        const coll = ctx.workbook.worksheets;
        const ops: { bytes: number; queue: () => void }[] = [];
        const recordOp = () => {
          if (record === null || recordWritten) return;
          const len = Math.max(record.length, k.recordLength);
          const data = Array.from({ length: len }, (_, i) => [i < record.length ? toExcelInput(record[i]) : ""]);
          if (len) ops.push({ bytes: jsonBytes(data) + 64, queue: () => (coll.getItem(RECORD_SHEET_NAME).getRangeByIndexes(0, 0, len, 1).values = data) });
        };
        if (recordWhen === "before-cells") recordOp();
        let existingComments: Map<string, Excel.Comment> | null = null;
        if (notesVia === "comments") existingComments = await this.commentsAt(ctx, batch);
        // The add-in's charts as the last read saw them; a sheet that read did not cover is looked at now.
        const charts = new Map<string, string | null>();
        const retitles: { sheet: string; chart: OwnedChart }[] = [];
        if (caps.charts) {
          const unknown: OwnedSheetWrite[] = [];
          for (const own of batch.ownedSheets ?? []) {
            if (!own.chart) continue;
            const known = k.ownedCharts.get(own.name);
            if (known) charts.set(own.name, known.get(own.chart.name) ?? null);
            else unknown.push(own);
          }
          for (const [sheet, title] of await this.ownedChartsAt(ctx, unknown)) charts.set(sheet, title);
        }
        const guards: { block: ValueBlock; seen: Excel.Range }[] = [];
        if (touchesTarget) this.queueTarget(ctx, batch, plan, ops, notesVia, existingComments, snap, guards);
        for (const own of batch.ownedSheets ?? []) {
          const rows = Math.max(own.rows.length, k.ownedRows.get(own.name) ?? 0);
          if (!rows || !own.columns) continue;
          const data = Array.from({ length: rows }, (_, i) =>
            Array.from({ length: own.columns }, (_, j) => toExcelInput(own.rows[i]?.[j] ?? null)),
          );
          ops.push({ bytes: jsonBytes(data) + 64, queue: () => (coll.getItem(own.name).getRangeByIndexes(0, 0, rows, own.columns).values = data) });
          if (own.fills) this.queueOwnedFills(coll, own.name, own.fills, rows, ops);
          if (own.chart && caps.charts) this.queueOwnedChart(coll, own.name, own.chart, charts.get(own.name) ?? null, ops, retitles);
        }
        if (printOp) {
          const op = printOp;
          ops.push({ bytes: 128, queue: () => op(ctx) });
        }
        if (recordWhen === "after-cells") recordOp();
        await this.queueInBudget(ctx, ops, () => {
          ctx.application.suspendApiCalculationUntilNextSync();
          ctx.application.suspendScreenUpdatingUntilNextSync();
        });
        if (snap && guards.length) keptTyped = await this.putBackTyped(ctx, batch.sheet, snap, guards);
        if (retitles.length) retitled = await this.retitleOwnedCharts(ctx, retitles);
      });
      if (record !== null) k.recordLength = record.length;
      for (const own of batch.ownedSheets ?? []) {
        k.ownedRows.set(own.name, own.rows.length);
        if (own.chart && caps.charts) {
          const known = k.ownedCharts.get(own.name) ?? new Map<string, string>();
          // (a chart whose new title could not be set is looked at again by the next write)
          if (retitled.failed.has(own.name)) k.ownedCharts.delete(own.name);
          else {
            if (!known.has(own.chart.name) || isOwnChartTitle(own.chart, known.get(own.chart.name)!)) known.set(own.chart.name, own.chart.title);
            k.ownedCharts.set(own.name, known);
          }
        }
      }
    }

    // 3. Removal: not undoable (R1), after the cells, outside any undo group.
    if (removeRecord || removeOwned.length) {
      await this.run(false, async (ctx) => {
        const coll = ctx.workbook.worksheets;
        // The owned sheets go first and the record last: a failure in between leaves the record, which leads the
        // next clear to whatever is left (the other way round, a summary sheet would outlive its record).
        for (const name of removeOwned) coll.getItem(name).delete();
        if (removeRecord) {
          // A very hidden sheet must be made hidden (or visible) before delete() (reference: Worksheet.delete).
          const store = coll.getItem(RECORD_SHEET_NAME);
          store.visibility = "Hidden";
          store.delete();
        }
        await ctx.sync();
      });
      if (removeRecord) {
        k.sheets.delete(RECORD_SHEET_NAME);
        k.recordLength = 0;
      }
      for (const name of removeOwned) {
        k.sheets.delete(name);
        k.ownedRows.delete(name);
        k.ownedCharts.delete(name);
      }
    }
    return { keptTyped };
  }

  /**
   * The legend's swatches on an owned sheet (Range.format.fill.color, ExcelApi 1.1): the fill columns' earlier fills
   * over the written rows are cleared first (the rows may have moved since the last write), then each colour is set
   * on its cells (getRanges, 1.9; addresses chunked below the 8,192-character limit).
   */
  private queueOwnedFills(coll: Excel.WorksheetCollection, sheet: string, fills: OwnedCellFill[], rows: number, ops: { bytes: number; queue: () => void }[]) {
    for (const col of new Set(fills.map((f) => f.col)))
      ops.push({ bytes: 96, queue: () => coll.getItem(sheet).getRangeByIndexes(0, col, rows, 1).format.fill.clear() });
    const byColor = new Map<string, { row: number; col: number }[]>();
    for (const f of fills) {
      const c = normalizeColor(f.color);
      let list = byColor.get(c);
      if (!list) byColor.set(c, (list = []));
      list.push({ row: f.row, col: f.col });
    }
    for (const [color, cells] of byColor)
      for (const chunk of chunkAddresses(coverRects(cells, 0).map(rectA1)))
        ops.push({ bytes: utf8Length(chunk) + 64, queue: () => (coll.getItem(sheet).getRanges(chunk).format.fill.color = color) });
  }

  /**
   * The add-in's charts on owned sheets the last read did not cover, found by name (getItemOrNullObject, ExcelApi
   * 1.4): sheet → the chart's title ("" when it has none); a sheet whose chart is gone is absent. At most two syncs
   * (the charts, then the titles of those found: a null chart's title would be navigation from a null object, R6).
   */
  private async ownedChartsAt(ctx: Excel.RequestContext, owned: OwnedSheetWrite[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const found = owned
      .filter((o) => o.chart)
      .map((o) => {
        const c = ctx.workbook.worksheets.getItem(o.name).charts.getItemOrNullObject(o.chart!.name);
        c.load("name");
        return { sheet: o.name, c };
      });
    if (!found.length) return out;
    await ctx.sync();
    const present = found.filter((f) => !f.c.isNullObject);
    if (!present.length) return out;
    for (const f of present) f.c.title.load("text");
    await ctx.sync();
    for (const f of present) out.set(f.sheet, f.c.title.text ?? "");
    return out;
  }

  /**
   * Cells the user typed in between the snapshot the write was planned on and the write itself (Excel.run locks
   * nothing: the pane works while the user goes on typing). Each value block loaded its cells just before writing
   * them, in the same batch; where that differs from what the snapshot saw, the write went over the user's entry, so
   * it is put back here, in the same grouped run (one undo step with the write). The record keeps the add-in's mark
   * for that cell, which the cell no longer holds: as with any cell the user changed after a write, clear and undo
   * leave it as the user's. Bounded syncs: the put-backs within the payload budget. Returns the cells put back, with
   * what the user typed (the write's WriteOutcome.keptTyped), so that the use case can say so.
   */
  private async putBackTyped(
    ctx: Excel.RequestContext,
    sheet: string,
    snap: SheetSnapshotInfo,
    guards: { block: ValueBlock; seen: Excel.Range }[],
  ): Promise<WriteOutcome["keptTyped"]> {
    const back: { row: number; col: number; input: unknown; now: CellValue }[] = [];
    for (const { block, seen } of guards) {
      const now = seen.formulas;
      for (let r = 0; r < block.data.length; r++)
        for (let c = 0; c < block.data[r].length; c++) {
          if (block.data[r][c] === null) continue; // a gap cell: not written
          const k = key(block.rect.top + r, block.rect.left + c);
          if (!snap.contents.has(k)) continue;
          const was = snap.contents.get(k);
          const typed = now?.[r]?.[c];
          if (sameContent(was, typed)) continue;
          // (a text the user typed is written back as text, apostrophe and all, in the cell's format as snapshotted)
          const input = typeof typed === "string" && !typed.startsWith("=") ? toExcelInput(typed, snap.numberFormats.get(k)) : typed;
          // the user typed just what the write puts there: nothing to put back, and the cell is as both meant it
          if (sameContent(input, block.data[r][c])) continue;
          back.push({ row: block.rect.top + r, col: block.rect.left + c, input: input ?? "", now: typed === undefined || typed === "" ? null : (typed as CellValue) });
        }
    }
    if (!back.length) return [];
    const ws = ctx.workbook.worksheets.getItem(sheet);
    await this.queueInBudget(
      ctx,
      back.map((b) => ({ bytes: jsonBytes([[b.input]]) + 64, queue: () => (ws.getRangeByIndexes(b.row, b.col, 1, 1).formulas = [[b.input as string]]) })),
    );
    return back.map((b) => ({ row: b.row, col: b.col, now: b.now }));
  }

  /**
   * Queue `ops` in order, syncing whenever the request would exceed the payload budget (R2; a bounded number of
   * syncs), and once at the end. `first` runs just before the first op, if any (what must ride in its request).
   */
  private async queueInBudget(ctx: Excel.RequestContext, ops: { bytes: number; queue: () => void }[], first?: () => void): Promise<void> {
    const budget = this.budget();
    let used = 0;
    if (ops.length) first?.();
    for (const op of ops) {
      if (used > 0 && used + op.bytes > budget) {
        await ctx.sync();
        used = 0;
      }
      op.queue();
      used += op.bytes;
    }
    await ctx.sync();
  }

  /**
   * The add-in's own chart titles in the language now shown, set once the write proper has gone through (its cells
   * and the record are in): each chart is looked up again (getItemOrNullObject, ExcelApi 1.4) and only those still
   * there get the title, in one sync. Should that sync fail all the same (the user deleted one in the moment between
   * the two), nothing else is lost: the write stands, the failure is not the user's to handle, and the sheets named
   * in `failed` are looked at again by the next write (which retitles or draws the chart). Two bounded syncs.
   */
  private async retitleOwnedCharts(ctx: Excel.RequestContext, retitles: { sheet: string; chart: OwnedChart }[]): Promise<{ failed: Set<string> }> {
    const found = retitles.map((r) => {
      const c = ctx.workbook.worksheets.getItem(r.sheet).charts.getItemOrNullObject(r.chart.name);
      c.load("name");
      return { ...r, c };
    });
    await ctx.sync();
    const present = found.filter((f) => !f.c.isNullObject);
    const failed = new Set(found.filter((f) => f.c.isNullObject).map((f) => f.sheet));
    if (!present.length) return { failed };
    for (const f of present) f.c.title.text = f.chart.title;
    try {
      await ctx.sync();
    } catch {
      for (const f of present) failed.add(f.sheet);
    }
    return { failed };
  }

  /**
   * The add-in's chart on an owned sheet. Drawn the first time (and again when the user deleted it): a clustered bar
   * chart over the category and value columns (charts.add, ExcelApi 1.1; series by columns), named, titled and placed
   * over its cells (setPosition, 1.1). Found again by name (`currentTitle` set): the chart is the user's to move,
   * resize, restyle or change the type of, so only its data is reset (setData, 1.1) and its title set while it is
   * still one of the add-in's own titles (chart.ownTitles). Other charts on the sheet are never touched. None of these
   * is in the undo table.
   */
  private queueOwnedChart(
    coll: Excel.WorksheetCollection,
    sheet: string,
    chart: OwnedChart,
    currentTitle: string | null,
    ops: { bytes: number; queue: () => void }[],
    retitles: { sheet: string; chart: OwnedChart }[],
  ) {
    const left = Math.min(chart.categoryCol, chart.valueCol);
    const width = Math.abs(chart.valueCol - chart.categoryCol) + 1;
    const type = (this.excel.ChartType?.barClustered ?? "BarClustered") as Excel.ChartType;
    const seriesBy = (this.excel.ChartSeriesBy?.columns ?? "Columns") as Excel.ChartSeriesBy;
    if (currentTitle !== null) {
      // Its title, when the language changed, is set after the write (retitleOwnedCharts): from a chart the user
      // deleted since the read it would be navigation from a null object (R6), failing the write half-way.
      if (currentTitle !== chart.title && isOwnChartTitle(chart, currentTitle)) retitles.push({ sheet, chart });
      ops.push({
        bytes: utf8Length(chart.name + chart.title) + 128,
        queue: () => {
          const ws = coll.getItem(sheet);
          // A chart the user deleted since the read is a null object here: setData does nothing, and the next write
          // draws the chart again.
          ws.charts
            .getItemOrNullObject(chart.name)
            .setData(ws.getRangeByIndexes(chart.firstRow, left, chart.lastRow - chart.firstRow + 1, width), seriesBy);
        },
      });
      return;
    }
    ops.push({
      bytes: utf8Length(chart.name + chart.title) + 256,
      queue: () => {
        const ws = coll.getItem(sheet);
        ws.charts.getItemOrNullObject(chart.name).delete();
        const source = ws.getRangeByIndexes(chart.firstRow, left, chart.lastRow - chart.firstRow + 1, width);
        const c = ws.charts.add(type, source, seriesBy);
        c.name = chart.name;
        c.title.text = chart.title;
        c.setPosition(cellA1(chart.topLeft.row, chart.topLeft.col), cellA1(chart.bottomRight.row, chart.bottomRight.col));
      },
    });
  }

  /** Comments (ExcelApi 1.10) on the cells of batch.notes: two bounded syncs (ids, then locations). */
  private async commentsAt(ctx: Excel.RequestContext, batch: WriteBatch): Promise<Map<string, Excel.Comment>> {
    const ws = ctx.workbook.worksheets.getItem(batch.sheet);
    // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read -- navigation to the collection, loaded on the next line
    const comments = ws.comments;
    comments.load("items/id");
    await ctx.sync();
    const locs = comments.items.map((c) => {
      const loc = c.getLocation();
      loc.load("address");
      return { c, loc };
    });
    const out = new Map<string, Excel.Comment>();
    if (!locs.length) return out;
    await ctx.sync();
    for (const { c, loc } of locs) {
      const a = parseAreasAddress(loc.address)[0];
      if (a) out.set(key(a.top, a.left), c);
    }
    return out;
  }

  private queueTarget(
    ctx: Excel.RequestContext,
    batch: WriteBatch,
    plan: WritePlan,
    ops: { bytes: number; queue: () => void }[],
    notesVia: "notes" | "comments" | null,
    comments: Map<string, Excel.Comment> | null,
    snap: SheetSnapshotInfo | undefined,
    guards: { block: ValueBlock; seen: Excel.Range }[],
  ) {
    const ws = () => ctx.workbook.worksheets.getItem(batch.sheet);
    // Number formats first (were any set), so a value written as text finds its format in place (R8).
    for (const nb of plan.numberFormats)
      ops.push({
        bytes: jsonBytes(nb.data) + 64,
        queue: () => {
          ws().getRangeByIndexes(nb.rect.top, nb.rect.left, nb.rect.bottom - nb.rect.top + 1, nb.rect.right - nb.rect.left + 1).numberFormat = nb.data as string[][];
        },
      });
    for (const b of plan.blocks) {
      ops.push({
        // (the guard's response comes back about as large as the block's request)
        bytes: jsonBytes(b.data) * (snap ? 2 : 1) + 64,
        queue: () => {
          const range = ws().getRangeByIndexes(b.rect.top, b.rect.left, b.rect.bottom - b.rect.top + 1, b.rect.right - b.rect.left + 1);
          // The block's cells as they are at this very point of the batch, before it writes them (the queued
          // commands run in order): a cell the user typed in since the snapshot shows here (guardedRepairs).
          if (snap) guards.push({ block: b, seen: range.load("formulas") });
          // eslint-disable-next-line office-addins/call-sync-after-load -- a write to range.formulas, not a read
          if (b.formulas) range.formulas = b.data;
          // eslint-disable-next-line office-addins/call-sync-after-load -- a write to range.values, not a read
          else range.values = b.data;
        },
      });
    }
    for (const [color, addresses] of plan.fills)
      for (const chunk of chunkAddresses(addresses))
        ops.push({
          bytes: utf8Length(chunk) + 64,
          queue: () => {
            const areas = ws().getRanges(chunk);
            if (color === null) areas.format.fill.clear();
            else areas.format.fill.color = color;
          },
        });
    // Fill details (pattern, pattern colour, tint) restored through setCellProperties (R9), after the plain fills.
    for (const d of plan.details)
      ops.push({
        bytes: jsonBytes(d.props) + 64,
        queue: () => ws().getRangeByIndexes(d.rect.top, d.rect.left, d.rect.bottom - d.rect.top + 1, d.rect.right - d.rect.left + 1).setCellProperties(d.props),
      });
    for (const [wrap, addresses] of plan.wraps)
      for (const chunk of chunkAddresses(addresses)) ops.push({ bytes: utf8Length(chunk) + 64, queue: () => (ws().getRanges(chunk).format.wrapText = wrap) });
    for (const c of batch.columns ?? []) {
      if (c.expect !== undefined) {
        // Only where the width is still what the add-in set (as seen by the preceding snapshot of this sheet).
        const cur = snap?.widths.get(c.col);
        if (cur === undefined || !sameWidth(cur, c.expect)) continue;
      }
      const letters = columnName(c.col);
      ops.push({
        bytes: 96,
        queue: () => {
          const format = ws().getRange(`${letters}:${letters}`).format;
          if (c.width === null) format.useStandardWidth = true;
          else format.columnWidth = charsToPoints(c.width);
        },
      });
    }
    for (const n of batch.notes ?? []) {
      const addr = cellA1(n.row, n.col);
      if (notesVia === "notes")
        ops.push({
          bytes: utf8Length(n.text ?? "") + 96,
          queue: () => {
            const notes = ws().notes;
            notes.getItemOrNullObject(addr).delete();
            if (n.text !== null) notes.add(addr, n.text);
          },
        });
      else if (notesVia === "comments")
        ops.push({
          bytes: utf8Length(n.text ?? "") + 96,
          queue: () => {
            comments?.get(key(n.row, n.col))?.delete();
            if (n.text !== null) ws().comments.add(addr, n.text);
          },
        });
    }
  }

  /**
   * Protection, precisely: on a protected sheet values may be written into unlocked cells; fills and wrap need
   * the "format cells" permission, widths "format columns", notes and comments "edit objects". Anything else is
   * refused BEFORE anything is queued, naming what is blocked (nothing is changed).
   */
  private checkWritable(batch: WriteBatch, plan: WritePlan, snap: SheetSnapshotInfo | undefined) {
    const info = this.known!.sheets.get(batch.sheet);
    if (!info) throw sheetMissing(batch.sheet);
    if (!info.protected) return;
    const allows = info.allows ?? { formatCells: false, formatColumns: false, editObjects: false };
    const blocked: Localized[] = [];
    const lockedCells = plan.cellsWithValues.filter((w) => (w.value !== undefined || w.formula !== undefined) && snap?.locked.get(key(w.row, w.col)) !== false);
    if (lockedCells.length)
      blocked.push({
        ja: `ロックされたセルへの値の書き込み（${lockedCells.slice(0, 5).map((w) => cellA1(w.row, w.col)).join("、")}${lockedCells.length > 5 ? " ほか" : ""}）`,
        en: `values in locked cells (${lockedCells.slice(0, 5).map((w) => cellA1(w.row, w.col)).join(", ")}${lockedCells.length > 5 ? " and more" : ""})`,
      });
    if ((plan.fills.size || plan.wraps.size || plan.details.length || plan.numberFormats.length) && !allows.formatCells)
      blocked.push({ ja: "塗りつぶし・折り返しの変更（「セルの書式設定」の許可が必要）", en: "fills and wrap (need the \"Format cells\" permission)" });
    if (batch.columns?.length && !allows.formatColumns)
      blocked.push({ ja: "列幅の変更（「列の書式設定」の許可が必要）", en: "column widths (need the \"Format columns\" permission)" });
    if (batch.notes?.length && !allows.editObjects)
      blocked.push({ ja: "メモ・コメント（「オブジェクトの編集」の許可が必要）", en: "notes and comments (need the \"Edit objects\" permission)" });
    if (!blocked.length) return;
    throw new UserFacingError("protected", {
      ja: `シート「${batch.sheet}」は保護されているため、次の変更ができません: ${blocked.map((b) => b.ja).join("、")}。ロックされていないセルへの値の書き込みは可能です。保護を解除するか許可を追加してから実行してください（何も変更していません）。`,
      en: `Sheet "${batch.sheet}" is protected, which blocks: ${blocked.map((b) => b.en).join("; ")}. Values can still be written into unlocked cells. Unprotect the sheet or allow these, then try again (nothing was changed).`,
    });
  }

  /* ---------------------------------------------------------------- */
  /* select                                                             */
  /* ---------------------------------------------------------------- */

  async select(sheet: string, cell: CellAddress): Promise<void> {
    await this.run(false, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRangeByIndexes(cell.row, cell.col, 1, 1).select();
      await ctx.sync();
    });
  }

  /**
   * 審査記録 as a real Excel table, set up once when the sheet is created (in the run without undo grouping, with the
   * sheet creation): the table with its filter buttons (tables.add, ExcelApi 1.1), the frozen header
   * (freezePanes.freezeRows, 1.7), the status column's dropdown (dataValidation.rule, 1.8) and a link from each row to
   * its item's row on the checksheet (Range.hyperlink, 1.7). Later saves rewrite the cells in place; the table stays.
   */
  private queueTable(ws: Excel.Worksheet, table: OwnedSheetTable): void {
    const last = Math.max(table.lastRow, table.headerRow + 1);
    const t = ws.tables.add(`A${table.headerRow + 1}:${columnLetters(table.columns - 1)}${last + 1}`, true);
    t.name = table.name;
    if (table.freezeRows > 0) ws.freezePanes.freezeRows(table.freezeRows);
    if (table.list && last > table.headerRow) {
      ws.getRangeByIndexes(table.headerRow + 1, table.list.col, last - table.headerRow, 1).dataValidation.rule = {
        list: { inCellDropDown: true, source: table.list.values.join(",") },
      };
    }
    for (const l of table.links) {
      ws.getRangeByIndexes(l.row, l.col, 1, 1).hyperlink = { documentReference: `'${l.sheet.replace(/'/g, "''")}'!${l.cell}` };
    }
  }

  /* ---------------------------------------------------------------- */
  /* live events                                                        */
  /* ---------------------------------------------------------------- */

  /**
   * Follow the user's edits and selection: WorksheetCollection.onChanged / onSelectionChanged (ExcelApi 1.9,
   * docs/excel/excel-add-ins-events.md). Handlers are registered in one run; the returned function removes them
   * with the same RequestContext, as the docs require. The add-in's own writes are skipped where Excel says so
   * (triggerSource "ThisLocalAddin", ExcelApi 1.14). Events carry the worksheet's id: its name is looked up in one
   * small run per event.
   */
  async subscribe(handlers: WorkbookEventHandlers): Promise<() => void> {
    if (!this.supports("ExcelApi", "1.9")) return () => undefined;
    const results: OfficeExtension.EventHandlerResult<unknown>[] = [];
    const nameOf = (id: string) =>
      this.excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem(id);
        ws.load("name");
        await ctx.sync();
        // eslint-disable-next-line office-addins/call-sync-after-load, office-addins/call-sync-before-read -- loaded and synced on the two lines above (the rule misses it inside this arrow function)
        return ws.name;
      });
    let context: Excel.RequestContext | null = null;
    await this.run(false, async (ctx) => {
      context = ctx;
      const coll = ctx.workbook.worksheets;
      if (handlers.onChanged) {
        const on = handlers.onChanged;
        results.push(
          coll.onChanged.add(async (e: Excel.WorksheetChangedEventArgs) => {
            if ((e as { triggerSource?: string }).triggerSource === "ThisLocalAddin") return;
            try {
              on({ sheet: await nameOf(e.worksheetId), cells: cellsOfEventAddress(e.address) });
            } catch {
              // the sheet went away meanwhile: nothing to follow
            }
          }) as OfficeExtension.EventHandlerResult<unknown>,
        );
      }
      if (handlers.onSelection) {
        const on = handlers.onSelection;
        results.push(
          coll.onSelectionChanged.add(async (e: Excel.WorksheetSelectionChangedEventArgs) => {
            const cells = cellsOfEventAddress(e.address, 1);
            if (!cells?.length) return;
            try {
              on({ sheet: await nameOf(e.worksheetId), cell: cells[0] });
            } catch {
              // the sheet went away meanwhile
            }
          }) as OfficeExtension.EventHandlerResult<unknown>,
        );
      }
      await ctx.sync();
    });
    return () => {
      if (!context || !results.length) return;
      void this.excel
        .run(context as unknown as Excel.RequestContext, async (ctx) => {
          for (const r of results) r.remove();
          await ctx.sync();
        })
        .catch(() => undefined);
    };
  }
}

/** Cells of an event's address ("B3", "B3:C4", "Sheet1!B3"); null when the area is large (the whole sheet changed). */
function cellsOfEventAddress(address: string, max = 2000): CellAddress[] | null {
  const rect = parseRange(address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address);
  if (!rect) return null;
  const count = (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
  if (count > max) return max === 1 ? [{ row: rect.top, col: rect.left }] : null;
  const out: CellAddress[] = [];
  for (let r = rect.top; r <= rect.bottom; r++) for (let c = rect.left; c <= rect.right; c++) out.push({ row: r, col: c });
  return out;
}

function sameWidth(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) < 0.01;
}

function itemsOf(values: CellValue[][], rect: CellRect): string[] | null {
  const out: string[] = [];
  for (let r = rect.top; r <= rect.bottom; r++)
    for (let c = rect.left; c <= rect.right; c++) {
      const v = values[r]?.[c];
      if (v !== null && v !== undefined && v !== "") out.push(String(v));
    }
  return out.length ? out : null;
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
  /** Fill details (pattern, pattern colour, tint) to restore with setCellProperties, one 1×1 range each. */
  details: { rect: CellRect; props: Excel.SettableCellProperties[][] }[];
  /** Number formats to set (none today: the add-in never changes a number format, so it never restores one). */
  numberFormats: { rect: CellRect; data: (string | null)[][] }[];
  /** Request size in UTF-8 bytes (estimate). */
  payload: number;
  /** Cells whose value or formula is written. */
  cellsWithValues: CellWrite[];
}

/** Two Range.formulas entries for the same content ("" and an absent value alike: an empty cell). */
function sameContent(a: unknown, b: unknown): boolean {
  const norm = (x: unknown) => (x === undefined || x === null ? "" : x);
  return norm(a) === norm(b);
}

function parseNative(s: string | undefined): OfficeNative | null {
  if (!s || !s.startsWith('{"o":1')) return null;
  try {
    const x = JSON.parse(s) as OfficeNative;
    return x && x.o === 1 ? x : null;
  } catch {
    return null;
  }
}

/**
 * Group a batch into rectangular value blocks and per-colour address lists. The Office `native` token (fill
 * details, number format) is used only where the write restores that same property: fill details only when the
 * write sets the fill to the token's colour, the number format only when the write restores the value.
 * `numberFormats` ("row:col" → current format, from the preceding snapshot) decides the apostrophe (R8).
 */
export function planWrite(batch: WriteBatch, gap = 8, numberFormats?: Map<string, string>): WritePlan {
  const input = new Map<string, { w: CellWrite; x: string | number | boolean; formula: boolean }>();
  const fillCells = new Map<string | null, { row: number; col: number }[]>();
  const wrapCells = new Map<boolean, { row: number; col: number }[]>();
  const details: WritePlan["details"] = [];
  const nfBlocks: WritePlan["numberFormats"] = [];
  for (const w of batch.cells) {
    const k = key(w.row, w.col);
    const native = parseNative(w.native);
    const current = numberFormats?.get(k);
    if (w.formula !== undefined && w.formula !== null && w.formula !== "") input.set(k, { w, x: toFormulaInput(w.formula), formula: true });
    // The apostrophe follows the cell's format as it is now (the add-in never changes number formats, so it never
    // restores one: a format the user changed since is kept).
    else if (w.value !== undefined) input.set(k, { w, x: toExcelInput(w.value, current ?? native?.nf), formula: false });
    if (w.fill !== undefined) {
      const c = w.fill === null ? null : normalizeColor(w.fill);
      let list = fillCells.get(c);
      if (!list) fillCells.set(c, (list = []));
      list.push({ row: w.row, col: w.col });
      if (c !== null && native && (native.p || native.t || native.pt || native.pc)) {
        const fill: Excel.CellPropertiesFill = { color: c };
        if (native.p) fill.pattern = native.p as Excel.FillPattern;
        if (native.pc) fill.patternColor = native.pc;
        if (native.t) fill.tintAndShade = native.t;
        if (native.pt) fill.patternTintAndShade = native.pt;
        details.push({ rect: { top: w.row, bottom: w.row, left: w.col, right: w.col }, props: [[{ format: { fill } }]] });
      }
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
        const e = input.get(key(r, c));
        if (e?.formula) formulas = true;
        row.push(e ? e.x : null);
      }
      data.push(row);
    }
    payload += jsonBytes(data) + 64;
    blocks.push({ rect, data, formulas });
  }
  const fills = new Map<string | null, string[]>();
  for (const [c, list] of fillCells) {
    const addresses = coverRects(list, 0).map(rectA1);
    payload += addresses.reduce((n, a) => n + a.length + 1, 0) + 64;
    fills.set(c, addresses);
  }
  const wraps = new Map<boolean, string[]>();
  for (const [w, list] of wrapCells) wraps.set(w, coverRects(list, 0).map(rectA1));
  payload += details.length * 160 + nfBlocks.length * 96;
  payload += (batch.record ?? []).reduce((n, s) => n + utf8Length(s) + 8, 0);
  payload += (batch.columns?.length ?? 0) * 96;
  for (const own of batch.ownedSheets ?? []) payload += jsonBytes(own.rows ?? []);
  return { blocks, fills, wraps, details, numberFormats: nfBlocks, payload, cellsWithValues: [...input.values()].map((e) => e.w) };
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
  if (!ref) return null; // named ranges: resolved by read() through workbook.names
  const m = matrices.find((x) => x.name === (ref.sheet ?? sheet));
  if (!m) return null;
  return itemsOf(m.values, ref.rect);
}

/** For diagnostics in tests. */
export { officeErrorCode };

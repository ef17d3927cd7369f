/**
 * A STRICT in-memory fake of the subset of the Excel JavaScript API that
 * src/workbook/office.ts uses. Unlike office-addin-mock it keeps workbook state and
 * models the proxy/batch semantics that bite in real Excel. Microsoft's documentation is the specification;
 * each rule names its source (office-js-docs-pr paths unless marked "reference" = office-js-docs-reference):
 *
 *  - reading a property before load() + context.sync() throws (code "PropertyNotLoaded");
 *  - load() without property names is refused (load only what you need);
 *  - writes and method calls are queued and take effect only at sync(), in order; an op that fails rejects the
 *    sync and later ops are not run, earlier ones stay applied (no rollback: batches are not transactions);
 *  - syncs are counted (`syncCount`) and logged (`log`); `stats` holds the request / response bytes of each sync;
 *  - [R1] undo (docs/excel/excel-add-ins-undo-capabilities.md): in a run with mergeUndoGroup, an API that does
 *    not support undo fails the sync with UndoNotSupported at that op; any non-undoable op clears the user's
 *    undo stack (`undoStack`). Listed as not undoable there: Worksheet.delete (all platforms), Worksheet.visibility
 *    and Worksheet.name (Windows/Mac), WorksheetProtection.protect/unprotect. WorksheetCollection.add is NOT in
 *    the table: the docs are silent, and the fake treats sheet creation as not undoable (conservative);
 *  - [R2] payload (docs/concepts/resource-limits-and-performance-optimization.md): Excel on the web rejects a
 *    request or a response over 5 MB (RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded),
 *    counted here in UTF-8 bytes of the JSON of what is sent / returned; on by default for platform
 *    "OfficeOnline", or set `payloadLimit`;
 *  - [R3] Range.getMergedAreasOrNullObject (reference, Excel.Range: "if the merged areas count in this range is
 *    more than 512, then this method will fail to return the result"): fails the sync; the docs do not name the
 *    error code, the fake uses GeneralException;
 *  - [R4] getSpecialCellsOrNullObject("DataValidations") returns the union of validated cells as areas
 *    (adjacent columns with different rules form one area); dataValidation.type of a range whose cells have
 *    different rules is "Inconsistent", of one where only some cells have a rule "MixedCriteria" (reference,
 *    Excel.DataValidationType: "different rules on different cells" / "validation present on some but not all
 *    cells"; docs/excel/excel-add-ins-multiple-ranges.md: one dataValidation object only when every range has the
 *    same). Which areas Excel merges exactly is not documented: the fake joins equal row runs of adjacent columns;
 *  - [R5] list sources may refer to other (hidden) sheets or to named ranges (workbook.names);
 *  - [R6] *OrNullObject (docs/develop/application-specific-api-model.md): isNullObject is set by sync; methods
 *    and setters on a null object are no-ops (the documented getItemOrNullObject(n).delete() idiom); NAVIGATING
 *    from a null object to further objects is undocumented and fails the sync (InvalidObjectPath) unless
 *    `nullNavigation: "null"`; getItem() on a missing item fails with ItemNotFound;
 *  - [R7] an API above the seeded requirement sets throws ApiNotFound synchronously at the call site;
 *    Office.context.requirements.isSetSupported answers from the seed;
 *  - [R8] a string written through values is parsed as if typed: "1-1" / "3/2" become dates (and get a date
 *    number format), "001" a number, "=…" a formula, TRUE a boolean; a leading apostrophe keeps text and sets the
 *    cell's quote prefix (`q`); a cell formatted "@" keeps text as typed;
 *  - [R9] fills carry pattern, pattern colour and tint (getCellProperties / setCellProperties, ExcelApi 1.9);
 *    fill.color= makes the fill solid (pattern details lost), fill.clear() removes it;
 *  - protection: writes to a protected sheet fail with AccessDenied, except values in unlocked cells;
 *    formats need allowFormatCells, column widths allowFormatColumns, notes/comments allowEditObjects;
 *  - worksheet.getRanges() rejects address strings longer than 8,192 characters (InvalidArgument);
 *  - [R11] Worksheet.delete (reference, excel.worksheet.yml: a "VeryHidden" sheet fails with InvalidOperation and
 *    must be made hidden or visible first; not undoable, docs/excel/excel-add-ins-undo-capabilities.md). The
 *    reference does not state the last-visible-sheet rule; the fake keeps Excel's ordinary one: deleting (or hiding)
 *    the only visible sheet fails with InvalidOperation. A sheet's charts go with it;
 *  - [R12] Worksheet.pageLayout (ExcelApi 1.9; reference, excel.pagelayout.yml, excel.pagelayoutzoomoptions.yml):
 *    `zoom` is set as a whole object (scale 10–400, or horizontalFitToPages / verticalFitToPages), setPrintTitleRows
 *    needs whole rows, getPrintTitleRowsOrNullObject is a null object when none are set; no documented removal of
 *    print title rows, so the fake has none; print settings are part of snapshotState;
 *  - [R13] Worksheet.charts (reference, excel.chartcollection.yml, excel.chart.yml): add / getItem / name / title /
 *    setPosition / setData ("Resets the source data for the chart") / delete are ExcelApi 1.1, getItemOrNullObject
 *    1.4; names may repeat (getItem returns the first); the title of a null chart is navigation from a null object
 *    (R6); charts are part of snapshotState; the user can move, resize and retitle a chart (user.moveChart / retitleChart). Range.format.fill.color (ExcelApi 1.1, reference excel.rangefill.yml) sets a
 *    solid fill (see R9);
 *  - a very hidden sheet cannot be deleted; deleting a sheet turns formulas, names and list sources that refer
 *    to it into #REF! (ordinary Excel behaviour; re-adding a sheet of the same name does not repair them);
 *  - column widths in points (format.columnWidth / useStandardWidth, getColumnProperties); a width equal to the
 *    sheet's standard width is stored as "no width";
 *  - optional: cell edit mode (InvalidOperationInCellEditMode unless delayForCellEdit), another workbook has the
 *    focus (`inactive`: sheet delete → InvalidSelection, sheet add → GeneralException, per
 *    docs/excel/excel-add-ins-troubleshooting.md), get-cell limit (values read as null);
 *  - tests: `user` applies edits between two Excel.run calls as a user would; `failAtWriteOp(n)` makes the n-th
 *    write op from now fail after the earlier ones were applied.
 *
 * The fake does not calculate: a formula cell keeps the value it was seeded with, remembered per
 * cell and formula text (so restoring a formula restores its value); a new formula reads as null.
 *
 * Pure TypeScript, no Node APIs, no globals unless installGlobals() is called, so it can be bundled
 * into the browser Office stub: `createFakeExcel(seed).installGlobals(window)`.
 */

export type FakeValue = string | number | boolean | null;
export type FakeVisibility = "visible" | "hidden" | "veryHidden";

export interface FakeRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface FakeSeedSheet {
  name: string;
  values: FakeValue[][];
  formulas?: (string | null)[][];
  fills?: (string | null)[][];
  visibility?: FakeVisibility;
  protected?: boolean;
  merges?: FakeRect[];
  hiddenRows?: number[];
  /** List validations; `source` overrides the comma-joined list (e.g. "=$Z$1:$Z$3"). */
  validations?: { ranges: FakeRect[]; list: string[]; source?: string }[];
  /** A1 address -> note text. */
  notes?: Record<string, string>;
  /** Column index -> width in points (others: the standard width). */
  columnWidths?: Record<number, number>;
  /** Standard column width in points (default 48 = 64 px = 8.43 characters). */
  standardWidth?: number;
  /** Number formats per cell (default "General"); "@" = text. */
  numberFormats?: (string | null)[][];
  /** Fill details per cell (pattern other than solid, pattern colour, tint). */
  fillDetails?: Record<string, FakeFillDetail>;
  /** Cells not locked (the rest are locked, as in Excel). */
  unlocked?: FakeRect[];
  /** Print settings the sheet starts with (default: 100 % scale, no print title rows). */
  print?: FakePrint;
  /** What a protected sheet still allows. */
  protectionOptions?: FakeProtectionOptions;
}

/**
 * Print settings of a sheet (Worksheet.pageLayout, ExcelApi 1.9): zoom as Excel.PageLayoutZoomOptions (reference,
 * excel.pagelayoutzoomoptions.yml: `scale` 10–400, null when fitted to pages; the FitToPages values null when a
 * percentage scale is used) and the print title rows (0-based, inclusive).
 */
export interface FakePrint {
  zoom: { scale: number | null; horizontalFitToPages: number | null; verticalFitToPages: number | null };
  titleRows: { top: number; bottom: number } | null;
}

/** A chart on a sheet (Worksheet.charts, ExcelApi 1.1). */
export interface FakeChart {
  name: string;
  type: string;
  /** The source data range (sheet and rectangle) and how series are formed. */
  source: { sheet: string; rect: FakeRect };
  seriesBy: string;
  title: string | null;
  /** Cells the chart covers (setPosition), 0-based; null = where Excel put it. */
  position: { start: FakeRect; end: FakeRect | null } | null;
}

export interface FakeFillDetail {
  pattern?: string;
  patternColor?: string;
  tintAndShade?: number;
  patternTintAndShade?: number;
}

export interface FakeProtectionOptions {
  allowFormatCells?: boolean;
  allowFormatColumns?: boolean;
  allowEditObjects?: boolean;
}

export interface FakeSeed {
  sheets: FakeSeedSheet[];
  active?: string;
  /** e.g. ["ExcelApi 1.20", "SharedRuntime 1.1"]; a set is supported up to the highest version listed. Default: ExcelApi 1.20 + SharedRuntime 1.1. */
  requirementSets?: string[];
  /** Office.context.platform ("PC", "OfficeOnline", "Mac"). */
  platform?: string;
  workbookProtected?: boolean;
  /** The user is editing a cell: batches fail unless Excel.run({ delayForCellEdit: true }). */
  cellEditMode?: boolean;
  /** Largest range whose values/formulas a load returns (Excel: 5,000,000; above it values read as null). */
  cellLimit?: number;
  /** Request/response payload limit in UTF-8 bytes. Default: 5 MB on "OfficeOnline", off elsewhere. */
  payloadLimit?: number;
  /** Another workbook has the focus (sheet delete → InvalidSelection, sheet add → GeneralException). */
  inactive?: boolean;
  /** Workbook-scoped names: name → reference ("Lists!$A$1:$A$3"). */
  names?: Record<string, string>;
  /** Depth of the user's undo stack at the start (actions the user could undo). */
  undoStack?: number;
  /**
   * [R6] What navigating from a null object gives: "throw" (default, strict: InvalidObjectPath at sync; the docs
   * document only isNullObject and methods/setters on a null object) or "null" (null objects all the way down).
   */
  nullNavigation?: "null" | "throw";
}

export interface FakeCell {
  v: FakeValue;
  f: string | null;
  fill: string | null;
  wrap?: boolean;
  /** Number format when not "General". */
  nf?: string;
  /** Quote prefix (text entered with a leading apostrophe). */
  q?: boolean;
  /** Fill details beyond a solid colour. */
  fx?: FakeFillDetail;
  /** Unlocked cell (cells are locked by default). */
  unlocked?: boolean;
}

export interface FakeSheetState {
  name: string;
  visibility: FakeVisibility;
  protected: boolean;
  /** key row * COLS + col */
  cells: Map<number, FakeCell>;
  merges: FakeRect[];
  hiddenRows: Set<number>;
  validations: { ranges: FakeRect[]; list: string[]; source?: string }[];
  notes: Map<string, string>;
  /** "row:col|formula" -> last known value (the fake does not calculate). */
  formulaValues: Map<string, FakeValue>;
  /** Column index -> width in points, for columns not at the standard width. */
  widths: Map<number, number>;
  /** Standard column width in points. */
  standardWidth: number;
  protectionOptions: FakeProtectionOptions;
  comments: Map<string, string>;
  /** Tables on the sheet (WorksheetP.tables.add). */
  tables?: { name: string; rect: FakeRect; hasHeaders: boolean }[];
  /** Rows frozen at the top (freezePanes.freezeRows). */
  frozenRows?: number;
  /** Print settings (pageLayout). */
  print: FakePrint;
  /** Charts on the sheet, in creation order (names may repeat: ChartCollection.getItem returns the first). */
  charts: FakeChart[];
  /** Hyperlinks by "row:col" (Range.hyperlink). */
  links?: Map<string, { documentReference?: string; address?: string; textToDisplay?: string }>;
}

export interface FakeWorkbookState {
  sheets: FakeSheetState[];
  active: string | null;
  selected: { sheet: string; address: string } | null;
  workbookProtected: boolean;
  names: Map<string, string>;
}

/** Request and response size of one sync, in UTF-8 bytes of the serialized payload. */
export interface FakeSyncStat {
  sync: number;
  request: number;
  response: number;
  ops: number;
}

const COLS = 16384;
const MAX_ROWS = 1048576;
const key = (r: number, c: number) => r * COLS + c;

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

export class FakeOfficeError extends Error {
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(
    readonly code: string,
    message: string,
    location?: string,
  ) {
    super(message);
    this.name = "RichApi.Error";
    this.debugInfo = { code, message, errorLocation: location };
  }
}

const notLoaded = (prop: string) =>
  new FakeOfficeError(
    "PropertyNotLoaded",
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );

/* ------------------------------------------------------------------ */
/* A1 helpers (independent of the production code on purpose)          */
/* ------------------------------------------------------------------ */

function colName(c: number): string {
  let s = "";
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function fakeA1(r: number, c: number): string {
  return `${colName(c)}${r + 1}`;
}

function rectA1(x: FakeRect): string {
  return x.top === x.bottom && x.left === x.right ? fakeA1(x.top, x.left) : `${fakeA1(x.top, x.left)}:${fakeA1(x.bottom, x.right)}`;
}

function quoteSheet(name: string): string {
  return /^[\p{L}\p{N}_.]+$/u.test(name) && !/^\d/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Parse "B3", "B3:D9", "A:C", "3:5" (no sheet prefix). */
function parseRect(addr: string): FakeRect {
  const a = addr.trim().replace(/\$/g, "");
  let m = /^([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?$/.exec(a);
  if (m) {
    const top = Number(m[2]) - 1;
    const left = colIndex(m[1]);
    const bottom = m[4] ? Number(m[4]) - 1 : top;
    const right = m[3] ? colIndex(m[3]) : left;
    if (top < 0 || bottom < 0) throw new FakeOfficeError("InvalidArgument", `Bad address ${addr}`);
    return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
  }
  m = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(a);
  if (m) return { top: 0, bottom: MAX_ROWS - 1, left: colIndex(m[1]), right: colIndex(m[2]) };
  m = /^(\d+):(\d+)$/.exec(a);
  if (m) return { top: Number(m[1]) - 1, bottom: Number(m[2]) - 1, left: 0, right: COLS - 1 };
  throw new FakeOfficeError("InvalidArgument", `The argument is invalid or missing or has an incorrect format: "${addr}".`);
}

function parseVersion(v: string): number[] {
  return v.split(".").map((x) => Number(x));
}

function versionGte(a: string, b: string): boolean {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/* ------------------------------------------------------------------ */
/* Workbook model                                                        */
/* ------------------------------------------------------------------ */

function normColor(c: string): string {
  const s = String(c).trim();
  const named: Record<string, string> = { yellow: "#FFFF00", red: "#FF0000", white: "#FFFFFF", black: "#000000" };
  if (named[s.toLowerCase()]) return named[s.toLowerCase()];
  if (!/^#[0-9a-fA-F]{6}$/.test(s)) throw new FakeOfficeError("InvalidArgument", `Invalid color "${c}".`);
  return s.toUpperCase();
}

/**
 * [R8] What Excel stores when a string is written through `values`/`formulas`: parsed as if typed
 * (docs: Range.values "will be parsed"; ordinary Excel entry rules). `nf` is the cell's number format: "@" keeps text.
 */
function parseInput(x: unknown, asFormula: boolean, nf?: string): { v: FakeValue; f: string | null; q?: boolean; nf?: string } | "skip" | "clear" {
  if (x === null || x === undefined) return "skip";
  if (typeof x === "number" || typeof x === "boolean") return { v: x, f: null };
  if (typeof x !== "string") throw new FakeOfficeError("InvalidArgument", `Unsupported cell input ${JSON.stringify(x)}`);
  if (x === "") return "clear";
  if (x.startsWith("'")) return { v: x.slice(1), f: null, q: true };
  if (nf === "@") return { v: x, f: null }; // a text-formatted cell keeps what is entered as text, formulas too
  if (/^[=+]/.test(x) || (asFormula && x.startsWith("="))) return { v: null, f: x.startsWith("=") ? x : `=${x.slice(1)}` };
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(x.trim())) return { v: Number(x), f: null };
  if (/^(true|false)$/i.test(x.trim())) return { v: x.trim().toLowerCase() === "true", f: null };
  const d = /^(\d{1,4})[/-](\d{1,2})(?:[/-](\d{1,4}))?$/.exec(x.trim());
  if (d) {
    // a date serial in real Excel, with a date number format applied
    const serial = Math.round(Date.UTC(d[3] ? Number(d[3]) : 2026, Number(d[1]) - 1, Number(d[2])) / 86400000) + 25569;
    return { v: serial, f: null, nf: "m/d/yyyy" };
  }
  return { v: x, f: null };
}

function utf8Bytes(s: string): number {
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

/** Replace references to `sheet` in a formula by #REF! (quoted or not, followed by "!"). */
function refBroken(formula: string, sheet: string): string {
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const quoted = `'${sheet.replace(/'/g, "''")}'`;
  const re = new RegExp(`(?:${esc(quoted)}|(?<![\\p{L}\\p{N}_.'])${esc(sheet)})!\\$?[A-Za-z]{1,3}\\$?\\d+(?::\\$?[A-Za-z]{1,3}\\$?\\d+)?`, "gu");
  return formula.replace(re, "#REF!");
}

/** Excel's print settings of a new sheet: 100 % scale, no print titles. */
function defaultPrint(): FakePrint {
  return { zoom: { scale: 100, horizontalFitToPages: null, verticalFitToPages: null }, titleRows: null };
}

class Model {
  state: FakeWorkbookState;
  log: string[] = [];
  syncCount = 0;
  actions = new Map<string, (event: unknown) => unknown>();
  sets = new Map<string, string>();
  /** [R1] Depth of the user's undo stack; a non-undoable API empties it. */
  undoStack = 0;
  /** How many times a non-undoable API cleared the user's undo stack. */
  undoCleared = 0;
  stats: FakeSyncStat[] = [];
  /** "sheet|values" / "sheet|formulas" → cells loaded so far (to check that each sheet is read once). */
  cellsLoaded = new Map<string, number>();
  /** Write ops run since creation (for failure injection). */
  writeOps = 0;
  failAt: { op: number; code: string } | null = null;
  /** One-shot edits run when the n-th sync from when they were set starts (FakeExcel.beforeSync). */
  beforeSyncs: { sync: number; edit: () => void }[] = [];
  /**
   * Registered event handlers (docs/excel/excel-add-ins-events.md: `add` registers, `remove` with the same
   * RequestContext unregisters; both take effect when that context syncs). Handlers run asynchronously after the
   * change, as Excel calls them.
   */
  handlers = { changed: new Set<EventHandler>(), selection: new Set<EventHandler>() };
  pendingEvents: Promise<unknown>[] = [];
  private ids = new WeakMap<FakeSheetState, string>();
  private nextId = 1;
  /** A worksheet's id (Excel's are GUIDs; stable for the sheet's life, kept across renames). */
  sheetId(s: FakeSheetState): string {
    let id = this.ids.get(s);
    if (!id) {
      id = `{00000000-0001-0000-0000-${String(this.nextId++).padStart(12, "0")}}`;
      this.ids.set(s, id);
    }
    return id;
  }
  fire(kind: "changed" | "selection", args: Record<string, unknown>): void {
    for (const h of [...this.handlers[kind]]) this.pendingEvents.push(Promise.resolve().then(() => h(args)));
  }
  constructor(readonly seed: FakeSeed) {
    this.undoStack = seed.undoStack ?? 0;
    for (const s of seed.requirementSets ?? ["ExcelApi 1.20", "SharedRuntime 1.1"]) {
      const [name, ver] = s.trim().split(/\s+/);
      const cur = this.sets.get(name);
      if (!cur || versionGte(ver, cur)) this.sets.set(name, ver);
    }
    this.state = {
      sheets: seed.sheets.map((s) => this.sheetFromSeed(s)),
      active: null,
      selected: null,
      workbookProtected: !!seed.workbookProtected,
      names: new Map(Object.entries(seed.names ?? {})),
    };
    this.state.active = seed.active ?? this.state.sheets.find((s) => s.visibility === "visible")?.name ?? null;
  }

  /** [R6] Result of navigating from a null object: undocumented, so strict by default. */
  fromNull(): null {
    if (this.seed.nullNavigation !== "null")
      throw new FakeOfficeError("InvalidObjectPath", "The object path is not valid (navigated from a null object; undocumented).");
    return null;
  }

  /** The payload limit in bytes: the seed's, or 5 MB on Excel on the web. */
  payloadLimit(): number | undefined {
    return this.seed.payloadLimit ?? (this.seed.platform === "OfficeOnline" ? 5 * 1024 * 1024 : undefined);
  }

  supports(name: string, ver: string): boolean {
    const cur = this.sets.get(name);
    return !!cur && versionGte(cur, ver);
  }

  sheetFromSeed(s: FakeSeedSheet): FakeSheetState {
    const sh: FakeSheetState = {
      name: s.name,
      visibility: s.visibility ?? "visible",
      protected: !!s.protected,
      cells: new Map(),
      merges: (s.merges ?? []).map((m) => ({ ...m })),
      hiddenRows: new Set(s.hiddenRows ?? []),
      validations: (s.validations ?? []).map((v) => ({ ...v, ranges: v.ranges.map((r) => ({ ...r })), list: [...v.list] })),
      notes: new Map(Object.entries(s.notes ?? {})),
      formulaValues: new Map(),
      widths: new Map(),
      standardWidth: s.standardWidth ?? 48,
      protectionOptions: { ...(s.protectionOptions ?? {}) },
      comments: new Map(),
      print: s.print ? { zoom: { ...s.print.zoom }, titleRows: s.print.titleRows ? { ...s.print.titleRows } : null } : defaultPrint(),
      charts: [],
    };
    for (const [c, w] of Object.entries(s.columnWidths ?? {})) this.storeWidth(sh, Number(c), w);
    const rows = Math.max(s.values.length, s.formulas?.length ?? 0, s.fills?.length ?? 0, s.numberFormats?.length ?? 0);
    for (let r = 0; r < rows; r++) {
      const width = Math.max(s.values[r]?.length ?? 0, s.formulas?.[r]?.length ?? 0, s.fills?.[r]?.length ?? 0, s.numberFormats?.[r]?.length ?? 0);
      for (let c = 0; c < width; c++) {
        const v = s.values[r]?.[c] ?? null;
        const f = s.formulas?.[r]?.[c] ?? null;
        const fill = s.fills?.[r]?.[c] ? normColor(s.fills[r][c]!) : null;
        const cell: FakeCell = { v: v === "" ? null : v, f, fill };
        const nf = s.numberFormats?.[r]?.[c];
        if (nf && nf !== "General") cell.nf = nf;
        // Text Excel would coerce can only be text here as typed with an apostrophe (the quote prefix).
        if (typeof v === "string" && !f && nf !== "@") {
          const p = parseInput(v, false, nf ?? undefined);
          if (p !== "skip" && p !== "clear" && (p.f !== null || p.v !== v)) cell.q = true;
        }
        const fx = s.fillDetails?.[fakeA1(r, c)];
        if (fx) cell.fx = { ...fx };
        if (f) sh.formulaValues.set(`${r}:${c}|${f}`, cell.v);
        this.put(sh, r, c, cell);
      }
    }
    for (const [a1, fx] of Object.entries(s.fillDetails ?? {})) {
      const x = parseRect(a1);
      const cur = this.get(sh, x.top, x.left);
      if (!cur.fx) this.put(sh, x.top, x.left, { ...cur, fx: { ...fx } });
    }
    const nfRows = s.numberFormats ?? [];
    for (let r = rows; r < nfRows.length; r++)
      for (let c = 0; c < (nfRows[r]?.length ?? 0); c++) {
        const nf = nfRows[r][c];
        if (nf && nf !== "General") this.put(sh, r, c, { ...this.get(sh, r, c), nf });
      }
    for (const x of s.unlocked ?? [])
      for (let r = x.top; r <= x.bottom; r++) for (let c = x.left; c <= x.right; c++) this.put(sh, r, c, { ...this.get(sh, r, c), unlocked: true });
    return sh;
  }

  put(sh: FakeSheetState, r: number, c: number, cell: FakeCell) {
    if (!cell.q) delete cell.q;
    if (!cell.fx) delete cell.fx;
    if (!cell.nf || cell.nf === "General") delete cell.nf;
    if (!cell.unlocked) delete cell.unlocked;
    if (cell.wrap === undefined || cell.wrap === false) delete cell.wrap;
    if ((cell.v === null || cell.v === "") && !cell.f && !cell.fill && !cell.wrap && !cell.nf && !cell.unlocked && !cell.q && !cell.fx)
      sh.cells.delete(key(r, c));
    else sh.cells.set(key(r, c), cell);
  }

  /** Delete a sheet: formulas, names and list sources that referred to it become #REF! (ordinary Excel). */
  removeSheet(s: FakeSheetState) {
    const m = this;
    m.state.sheets.splice(m.state.sheets.indexOf(s), 1);
    for (const other of m.state.sheets) {
      for (const [k, cell] of other.cells) {
        if (!cell.f) continue;
        const f = refBroken(cell.f, s.name);
        if (f !== cell.f) other.cells.set(k, { ...cell, f, v: "#REF!" });
      }
      for (const v of other.validations) if (v.source) v.source = refBroken(v.source, s.name);
    }
    for (const [n, ref] of m.state.names) m.state.names.set(n, refBroken(ref.startsWith("=") ? ref : `=${ref}`, s.name).replace(/^=/, ""));
    if (m.state.active === s.name) m.state.active = m.state.sheets.find((x) => x.visibility === "visible")?.name ?? null;
    if (m.state.selected?.sheet === s.name) m.state.selected = null;
  }

  /** Largest column width Excel accepts: 255 characters. */
  static readonly MAX_WIDTH_POINTS = (255 * 7 + 5) * 0.75;

  storeWidth(sh: FakeSheetState, c: number, points: number) {
    if (typeof points !== "number" || !Number.isFinite(points) || points < 0 || points > Model.MAX_WIDTH_POINTS)
      throw new FakeOfficeError("InvalidArgument", `The column width ${points} is not valid.`);
    if (Math.abs(points - sh.standardWidth) < 1e-9) sh.widths.delete(c);
    else sh.widths.set(c, points);
  }

  columnWidth(sh: FakeSheetState, c: number): number {
    return sh.widths.get(c) ?? sh.standardWidth;
  }

  setColumnWidths(sh: FakeSheetState, rects: FakeRect[], points: number | "standard") {
    this.assertWritable(sh, "column width");
    for (const x of rects) {
      this.log.push(`columnWidth ${this.rectAddress(sh, { ...x, top: 0, bottom: MAX_ROWS - 1 })} = ${points}`);
      for (let c = x.left; c <= x.right; c++) {
        if (points === "standard") sh.widths.delete(c);
        else this.storeWidth(sh, c, points);
      }
    }
  }

  get(sh: FakeSheetState, r: number, c: number): FakeCell {
    return sh.cells.get(key(r, c)) ?? { v: null, f: null, fill: null };
  }

  sheet(name: string): FakeSheetState | undefined {
    return this.state.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  usedRect(sh: FakeSheetState, valuesOnly: boolean, within?: FakeRect): FakeRect | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    for (const [k, cell] of sh.cells) {
      if (valuesOnly && (cell.v === null || cell.v === "") && !cell.f) continue;
      const r = Math.floor(k / COLS);
      const c = k % COLS;
      if (within && (r < within.top || r > within.bottom || c < within.left || c > within.right)) continue;
      if (r < top) top = r;
      if (r > bottom) bottom = r;
      if (c < left) left = c;
      if (c > right) right = c;
    }
    return bottom < 0 ? null : { top, left, bottom, right };
  }

  /**
   * Protection: a protected sheet refuses changes (AccessDenied) except what its options allow: formats with
   * allowFormatCells, column widths with allowFormatColumns, notes/comments with allowEditObjects, and values in
   * unlocked cells (`what` "values"/"formulas" with `rects`).
   */
  assertWritable(sh: FakeSheetState, what: string, rects?: FakeRect[]) {
    if (!sh.protected) return;
    const o = sh.protectionOptions;
    if (what === "format" && o.allowFormatCells) return;
    if (what === "column width" && o.allowFormatColumns) return;
    if ((what === "note" || what === "comment" || what === "chart") && o.allowEditObjects) return;
    if ((what === "values" || what === "formulas") && rects) {
      const locked = rects.some((x) => {
        for (let r = x.top; r <= x.bottom; r++) for (let c = x.left; c <= x.right; c++) if (!this.get(sh, r, c).unlocked) return true;
        return false;
      });
      if (!locked) return;
    }
    throw new FakeOfficeError("AccessDenied", `The cell or chart you're trying to change is on a protected sheet (${sh.name}, ${what}).`);
  }

  setCells(sh: FakeSheetState, rect: FakeRect, data: unknown, asFormula: boolean) {
    const rows = rect.bottom - rect.top + 1;
    const cols = rect.right - rect.left + 1;
    if (!Array.isArray(data) || data.length !== rows || data.some((row) => !Array.isArray(row) || row.length !== cols))
      throw new FakeOfficeError("InvalidArgument", `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}x${cols}).`);
    this.assertWritable(sh, asFormula ? "formulas" : "values", [rect]);
    this.log.push(`${asFormula ? "formulas" : "values"} ${this.rectAddress(sh, rect)}`);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const r = rect.top + i;
        const c = rect.left + j;
        const cur = { ...this.get(sh, r, c) };
        const p = parseInput((data as unknown[][])[i][j], asFormula, cur.nf);
        if (p === "skip") continue;
        if (cur.f) sh.formulaValues.set(`${r}:${c}|${cur.f}`, cur.v);
        cur.q = false;
        if (p === "clear") {
          cur.v = null;
          cur.f = null;
        } else if (p.f) {
          cur.f = p.f;
          cur.v = sh.formulaValues.has(`${r}:${c}|${p.f}`) ? sh.formulaValues.get(`${r}:${c}|${p.f}`)! : null;
        } else {
          cur.v = p.v;
          cur.f = null;
          cur.q = !!p.q;
          if (p.nf && (!cur.nf || cur.nf === "General")) cur.nf = p.nf;
        }
        this.put(sh, r, c, cur);
      }
  }

  formatCells(sh: FakeSheetState, rects: FakeRect[], fn: (cell: FakeCell) => void) {
    this.assertWritable(sh, "format");
    for (const x of rects)
      for (let r = x.top; r <= x.bottom; r++)
        for (let c = x.left; c <= x.right; c++) {
          const cur = { ...this.get(sh, r, c) };
          fn(cur);
          this.put(sh, r, c, cur);
        }
  }

  rectAddress(sh: FakeSheetState, x: FakeRect) {
    return `${quoteSheet(sh.name)}!${rectA1(x)}`;
  }

  validationAt(sh: FakeSheetState, r: number, c: number): number {
    return sh.validations.findIndex((v) => v.ranges.some((x) => r >= x.top && r <= x.bottom && c >= x.left && c <= x.right));
  }

  snapshotState(): string {
    const s = this.state;
    return JSON.stringify({
      active: s.active,
      workbookProtected: s.workbookProtected,
      sheets: s.sheets.map((sh) => ({
        name: sh.name,
        visibility: sh.visibility,
        protected: sh.protected,
        cells: [...sh.cells.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([k, c]) => [fakeA1(Math.floor(k / COLS), k % COLS), c.v, c.f, c.fill, c.wrap ?? false, c.nf ?? null, c.q ?? false, c.fx ?? null]),
        merges: sh.merges,
        hiddenRows: [...sh.hiddenRows].sort((a, b) => a - b),
        validations: sh.validations,
        notes: [...sh.notes.entries()].sort(),
        comments: [...sh.comments.entries()].sort(),
        widths: [...sh.widths.entries()].sort((a, b) => a[0] - b[0]),
        print: sh.print,
        charts: sh.charts,
      })),
    });
  }
}

/* ------------------------------------------------------------------ */
/* Proxies                                                               */
/* ------------------------------------------------------------------ */

interface Op {
  run: () => void;
  /** Request bytes of this op (UTF-8 of its serialized form). */
  size: number;
  label: string;
  /** A mutation (counted for failure injection). */
  write: boolean;
  /**
   * [R1] Supports undo (docs/excel/excel-add-ins-undo-capabilities.md): true, false, or "web" (undoable on Excel on
   * the web only: Worksheet.visibility, Worksheet.name, Worksheet.position).
   */
  undoable: boolean | "web";
}

type RangeTarget = { sheet: FakeSheetState; rect: FakeRect };
type AreasTarget = { sheet: FakeSheetState; rects: FakeRect[] };

class Ctx {
  queue: Op[] = [];
  proxies: Base<unknown>[] = [];
  readonly workbook: WorkbookP;
  readonly application: ApplicationP;
  /** Response bytes of the sync under way. */
  response = 0;
  constructor(
    readonly m: Model,
    readonly options: { delayForCellEdit?: boolean; mergeUndoGroup?: boolean },
  ) {
    this.workbook = new WorkbookP(this);
    this.application = new ApplicationP(this);
  }

  enqueue(label: string, run: () => void, size = 0, flags: { write?: boolean; undoable?: boolean | "web" } = {}) {
    this.queue.push({ run, size: size + utf8Bytes(label) + 16, label, write: flags.write ?? false, undoable: flags.undoable ?? true });
  }

  /** A mutation op (counted for failure injection; `undoable` per the undo-capabilities table). */
  enqueueWrite(label: string, run: () => void, size = 0, undoable: boolean | "web" = true) {
    this.enqueue(label, run, size, { write: true, undoable });
  }

  /** [R7] office.js checks requirement sets at the call site: ApiNotFound is thrown synchronously. */
  requires(set: string, ver: string, api: string) {
    if (!this.m.supports(set, ver))
      throw new FakeOfficeError("ApiNotFound", `The API you are trying to use could not be found (${api} needs ${set} ${ver}).`);
  }

  /** Count returned data toward the response payload. */
  respond(value: unknown) {
    this.response += value === undefined ? 0 : utf8Bytes(JSON.stringify(value) ?? "");
  }

  async sync(): Promise<void> {
    const m = this.m;
    m.syncCount++;
    // A user acting while the add-in's run waits between two syncs (Excel.run holds no lock on the workbook).
    for (const b of m.beforeSyncs.filter((x) => x.sync === m.syncCount)) b.edit();
    m.beforeSyncs = m.beforeSyncs.filter((x) => x.sync !== m.syncCount);
    const ops = this.queue;
    this.queue = [];
    this.response = 0;
    m.log.push(`sync #${m.syncCount} (${ops.length} ops)`);
    const request = ops.reduce((n, o) => n + o.size, 0);
    const stat: FakeSyncStat = { sync: m.syncCount, request, response: 0, ops: ops.length };
    m.stats.push(stat);
    if (m.seed.cellEditMode && !this.options.delayForCellEdit)
      throw new FakeOfficeError("InvalidOperationInCellEditMode", "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB.");
    const limit = m.payloadLimit();
    if (limit !== undefined && request > limit)
      throw new FakeOfficeError("RequestPayloadSizeLimitExceeded", `The request payload size has exceeded the limit (${request} > ${limit} bytes).`);
    const web = m.seed.platform === "OfficeOnline";
    for (const op of ops) {
      if (op.label) m.log.push(op.label);
      const undoable = op.undoable === "web" ? web : op.undoable;
      if (this.options.mergeUndoGroup && !undoable)
        throw new FakeOfficeError("UndoNotSupported", `The operation can't be grouped for undo (${op.label}).`);
      if (op.write) {
        m.writeOps++;
        if (m.failAt && m.writeOps === m.failAt.op) {
          const code = m.failAt.code;
          m.failAt = null;
          m.log.push(`injected failure ${code} at write op ${m.writeOps}`);
          throw new FakeOfficeError(code, `Injected failure at write op ${m.writeOps}.`);
        }
      }
      op.run();
      if (op.write) {
        if (undoable) m.undoStack++;
        else {
          m.undoStack = 0;
          m.undoCleared++;
        }
      }
    }
    stat.response = this.response;
    if (limit !== undefined && this.response > limit)
      throw new FakeOfficeError("ResponsePayloadSizeLimitExceeded", `The response payload size has exceeded the limit (${this.response} > ${limit} bytes).`);
    for (const p of this.proxies) p._settle();
  }
}

type Resolver<T> = () => T | null;

abstract class Base<T> {
  _data: Record<string, unknown> = {};
  _loaded = new Set<string>();
  _isNull: boolean | undefined;
  constructor(
    readonly _ctx: Ctx,
    readonly _resolve: Resolver<T>,
  ) {
    _ctx.proxies.push(this as Base<unknown>);
  }
  get context() {
    return this._ctx;
  }
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw notLoaded("isNullObject");
    return this._isNull;
  }
  _settle() {
    try {
      this._isNull = this._resolve() === null;
    } catch {
      /* left unknown */
    }
  }
  _get<V>(prop: string): V {
    if (!this._loaded.has(prop)) throw notLoaded(prop);
    if (this._isNull) throw notLoaded(prop);
    return this._data[prop] as V;
  }
  /** Scalars this object can load. */
  abstract _scalar(prop: string, t: T): unknown;
  abstract readonly _scalars: readonly string[];
  _nav(_prop: string): Base<unknown> | null {
    return null;
  }
  load(spec?: string | string[]): this {
    if (spec === undefined || (typeof spec === "string" && spec.trim() === "") || (Array.isArray(spec) && spec.length === 0))
      throw new Error("fake-excel: load() without property names is not allowed here (load only what you need)");
    if (typeof spec !== "string" && !Array.isArray(spec)) throw new Error("fake-excel: only string / string[] load specs are supported");
    const paths = (typeof spec === "string" ? spec.split(",") : spec).map((p) => p.trim()).filter(Boolean);
    for (const p of paths) {
      const parts = p.split("/");
      this._checkPath(parts);
      this._ctx.enqueue("", () => this._loadNow(parts));
    }
    return this;
  }
  _checkPath(parts: string[]) {
    if (parts.length === 1) {
      if (!this._scalars.includes(parts[0])) throw new Error(`fake-excel: ${this.constructor.name} cannot load "${parts[0]}"`);
      return;
    }
    const nav = this._nav(parts[0]);
    if (!nav) throw new Error(`fake-excel: ${this.constructor.name} has no navigation property "${parts[0]}"`);
    nav._checkPath(parts.slice(1));
  }
  _loadNow(parts: string[]) {
    const t = this._resolve();
    if (t === null) return;
    if (parts.length === 1) {
      this._data[parts[0]] = this._scalar(parts[0], t);
      this._loaded.add(parts[0]);
      this._ctx.respond(this._data[parts[0]]);
    } else this._nav(parts[0])!._loadNow(parts.slice(1));
  }
  /** Queue a mutation that runs only when the target exists (null objects: no-op). */
  _do(label: string, fn: (t: T) => void, size = 0, undoable: boolean | "web" = true) {
    this._ctx.enqueueWrite(label, () => {
      const t = this._resolve();
      if (t !== null) fn(t);
    }, size, undoable);
  }
  toJSON() {
    return { ...this._data };
  }
}

class ClientResult<V> {
  _value: V | undefined;
  _set = false;
  get value(): V {
    if (!this._set) throw notLoaded("value");
    return this._value as V;
  }
}

class ApplicationP extends Base<Model> {
  readonly _scalars = [] as const;
  constructor(ctx: Ctx) {
    super(ctx, () => ctx.m);
  }
  _scalar(): unknown {
    return undefined;
  }
  suspendApiCalculationUntilNextSync() {
    this._ctx.requires("ExcelApi", "1.6", "suspendApiCalculationUntilNextSync");
    this._ctx.enqueue("suspendApiCalculationUntilNextSync", () => {});
  }
  suspendScreenUpdatingUntilNextSync() {
    this._ctx.requires("ExcelApi", "1.9", "suspendScreenUpdatingUntilNextSync");
    this._ctx.enqueue("suspendScreenUpdatingUntilNextSync", () => {});
  }
}

class WorkbookProtectionP extends Base<Model> {
  readonly _scalars = ["protected"] as const;
  _scalar(_p: string, m: Model) {
    return m.state.workbookProtected;
  }
  get protected(): boolean {
    return this._get("protected");
  }
}

class NamedItemP extends Base<{ name: string; ref: string }> {
  readonly _scalars = ["name", "formula", "type"] as const;
  _scalar(p: string, t: { name: string; ref: string }) {
    if (p === "name") return t.name;
    if (p === "type") return "Range";
    return `=${t.ref}`;
  }
  get name(): string {
    return this._get("name");
  }
  get formula(): string {
    return this._get("formula");
  }
}

/** [R5] Workbook-scoped names (ExcelApi 1.1; NamedItem.formula 1.7). */
class NamedItemCollectionP extends Base<Model> {
  readonly _scalars = [] as const;
  _items: NamedItemP[] | undefined;
  _scalar(): unknown {
    return undefined;
  }
  get items(): NamedItemP[] {
    if (!this._items) throw notLoaded("items");
    return this._items;
  }
  override _checkPath(parts: string[]) {
    if (parts[0] !== "items") throw new Error("fake-excel: NamedItemCollection can only load items/...");
    if (parts.length > 1) {
      if (parts[1] === "formula") this._ctx.requires("ExcelApi", "1.7", "NamedItem.formula");
      new NamedItemP(this._ctx, () => null)._checkPath(parts.slice(1));
    }
  }
  override _loadNow(parts: string[]) {
    const m = this._ctx.m;
    const list = [...m.state.names.entries()];
    if (!this._items || this._items.length !== list.length) this._items = list.map(([name]) => new NamedItemP(this._ctx, () => (m.state.names.has(name) ? { name, ref: m.state.names.get(name)! } : null)));
    if (parts.length > 1) for (const it of this._items) it._loadNow(parts.slice(1));
  }
}

class WorkbookP extends Base<Model> {
  readonly _scalars = [] as const;
  readonly worksheets: WorksheetCollectionP;
  readonly protection: WorkbookProtectionP;
  readonly names: NamedItemCollectionP;
  constructor(ctx: Ctx) {
    super(ctx, () => ctx.m);
    this.worksheets = new WorksheetCollectionP(ctx);
    this.protection = new WorkbookProtectionP(ctx, () => ctx.m);
    this.names = new NamedItemCollectionP(ctx, () => ctx.m);
  }
  _scalar(): unknown {
    return undefined;
  }
  override _nav(p: string) {
    return p === "protection" ? this.protection : null;
  }
}

type EventHandler = (args: Record<string, unknown>) => unknown;

/** An event source (onChanged, onSelectionChanged): `add` returns an EventHandlerResult bound to its context. */
function eventSource(ctx: Ctx, kind: "changed" | "selection", api: string) {
  return {
    add(handler: EventHandler) {
      ctx.requires("ExcelApi", "1.9", api); // WorksheetCollection.onChanged / onSelectionChanged: ExcelApi 1.9
      ctx.enqueue(`${api}.add`, () => ctx.m.handlers[kind].add(handler));
      return {
        context: ctx,
        remove() {
          ctx.enqueue(`${api}.remove`, () => ctx.m.handlers[kind].delete(handler));
        },
      };
    },
  };
}

class WorksheetCollectionP extends Base<Model> {
  get onChanged() {
    return eventSource(this._ctx, "changed", "worksheets.onChanged");
  }
  get onSelectionChanged() {
    return eventSource(this._ctx, "selection", "worksheets.onSelectionChanged");
  }
  readonly _scalars = [] as const;
  _items: WorksheetP[] | undefined;
  constructor(ctx: Ctx) {
    super(ctx, () => ctx.m);
  }
  _scalar(): unknown {
    return undefined;
  }
  get items(): WorksheetP[] {
    if (!this._items) throw notLoaded("items");
    return this._items;
  }
  override _checkPath(parts: string[]) {
    if (parts[0] !== "items") throw new Error(`fake-excel: WorksheetCollection can only load items/...`);
    if (parts.length > 1) new WorksheetP(this._ctx, () => null)._checkPath(parts.slice(1));
  }
  _itemsSync = -1;
  override _loadNow(parts: string[]) {
    const m = this._ctx.m;
    if (!this._items || this._itemsSync !== m.syncCount || this._items.length !== m.state.sheets.length) {
      this._items = m.state.sheets.map((s) => new WorksheetP(this._ctx, () => (m.state.sheets.includes(s) ? s : null)));
      this._itemsSync = m.syncCount;
    }
    if (parts.length > 1) for (const it of this._items) it._loadNow(parts.slice(1));
  }
  getActiveWorksheet(): WorksheetP {
    const m = this._ctx.m;
    return new WorksheetP(this._ctx, () => {
      const s = m.state.active ? m.sheet(m.state.active) : undefined;
      if (!s) throw new FakeOfficeError("ItemNotFound", "No active worksheet.");
      return s;
    });
  }
  getItem(name: string): WorksheetP {
    const m = this._ctx.m;
    return new WorksheetP(this._ctx, () => {
      // by name or by id (Excel's getItem takes either)
      const s = m.sheet(name) ?? m.state.sheets.find((x) => m.sheetId(x) === name);
      if (!s) throw new FakeOfficeError("ItemNotFound", `The requested resource doesn't exist (worksheet "${name}").`);
      return s;
    });
  }
  getItemOrNullObject(name: string): WorksheetP {
    this._ctx.requires("ExcelApi", "1.4", "getItemOrNullObject");
    const m = this._ctx.m;
    return new WorksheetP(this._ctx, () => m.sheet(name) ?? null);
  }
  getFirst(visibleOnly?: boolean): WorksheetP {
    this._ctx.requires("ExcelApi", "1.5", "getFirst");
    const m = this._ctx.m;
    return new WorksheetP(this._ctx, () => {
      const s = m.state.sheets.find((x) => !visibleOnly || x.visibility === "visible");
      if (!s) throw new FakeOfficeError("ItemNotFound", "No worksheet.");
      return s;
    });
  }
  add(name?: string): WorksheetP {
    const m = this._ctx.m;
    let created: FakeSheetState | null = null;
    this._ctx.enqueueWrite(`worksheets.add ${name ?? ""}`, () => {
      if (m.seed.inactive) throw new FakeOfficeError("GeneralException", "There was an internal error while processing the request.");
      if (m.state.workbookProtected) throw new FakeOfficeError("AccessDenied", "The workbook structure is protected.");
      const nm = name ?? `Sheet${m.state.sheets.length + 1}`;
      if (m.sheet(nm)) throw new FakeOfficeError("ItemAlreadyExists", `A worksheet named "${nm}" already exists.`);
      created = m.sheetFromSeed({ name: nm, values: [] });
      m.state.sheets.push(created);
    }, 0, false); // not in the undo table: the docs are silent; treated as not undoable (conservative)
    return new WorksheetP(this._ctx, () => {
      if (!created) throw new FakeOfficeError("InvalidObjectPath", "The worksheet was not added.");
      return m.state.sheets.includes(created) ? created : null;
    });
  }
}

const VIS_API: Record<FakeVisibility, string> = { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" };
const VIS_STATE: Record<string, FakeVisibility> = { Visible: "visible", Hidden: "hidden", VeryHidden: "veryHidden" };

class WorksheetProtectionP extends Base<FakeSheetState> {
  readonly _scalars = ["protected", "options"] as const;
  _scalar(p: string, s: FakeSheetState) {
    if (p === "options")
      return {
        allowFormatCells: !!s.protectionOptions.allowFormatCells,
        allowFormatColumns: !!s.protectionOptions.allowFormatColumns,
        allowEditObjects: !!s.protectionOptions.allowEditObjects,
      };
    return s.protected;
  }
  get protected(): boolean {
    return this._get("protected");
  }
  get options(): Record<string, boolean> {
    return this._get("options");
  }
}

class WorksheetP extends Base<FakeSheetState> {
  readonly _scalars = ["name", "visibility", "position", "id"] as const;
  readonly protection: WorksheetProtectionP;
  constructor(ctx: Ctx, resolve: Resolver<FakeSheetState>) {
    super(ctx, resolve);
    this.protection = new WorksheetProtectionP(ctx, resolve);
  }
  _scalar(p: string, s: FakeSheetState) {
    if (p === "name") return s.name;
    if (p === "id") return this._ctx.m.sheetId(s);
    if (p === "visibility") return VIS_API[s.visibility];
    return this._ctx.m.state.sheets.indexOf(s);
  }
  override _nav(p: string) {
    return p === "protection" ? this.protection : null;
  }
  /**
   * Worksheet.tables.add(address, hasHeaders) (ExcelApi 1.1); a table's name is unique in the workbook
   * (ItemAlreadyExists otherwise). Adding a table is not among the non-undoable APIs of the undo-capabilities
   * table (docs/excel/excel-add-ins-undo-capabilities.md), so the fake treats it as undoable; the adapter adds it in
   * the sheet-creation run, outside any undo group, all the same.
   */
  get tables() {
    const ctx = this._ctx;
    const self = this;
    return {
      add(address: string, hasHeaders: boolean) {
        const rect = parseRect(address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address);
        const entry = { name: "", rect, hasHeaders };
        self._do(`tables.add ${address}`, (s) => {
          const all = ctx.m.state.sheets.flatMap((x) => x.tables ?? []);
          let n = all.length + 1;
          while (all.some((t) => t.name === `Table${n}`)) n++;
          entry.name = `Table${n}`;
          (s.tables ??= []).push(entry);
        });
        return {
          set name(name: string) {
            self._do(`table.name=${name}`, () => {
              if (ctx.m.state.sheets.some((x) => (x.tables ?? []).some((t) => t !== entry && t.name.toLowerCase() === name.toLowerCase())))
                throw new FakeOfficeError("ItemAlreadyExists", `A table named "${name}" already exists.`);
              entry.name = name;
            });
          },
        };
      },
    };
  }
  /**
   * Worksheet.pageLayout (ExcelApi 1.9; reference, excel.pagelayout.yml). `zoom` must be set as a whole JSON object
   * ("use `x.zoom = {...}` instead of `x.zoom.scale = ...`"): the loaded value is a frozen copy, so assigning into it
   * throws instead of silently doing nothing. setPrintTitleRows(range | string): "The range must span the entire
   * row to be valid" (InvalidArgument otherwise). getPrintTitleRowsOrNullObject(): a null object when no title rows
   * are set. Setting either is not in the undo table (docs/excel/excel-add-ins-undo-capabilities.md): undoable.
   * The reference documents no way to remove print title rows once set; the fake offers none either.
   */
  get pageLayout(): PageLayoutP {
    this._ctx.requires("ExcelApi", "1.9", "worksheet.pageLayout");
    return new PageLayoutP(this._ctx, this._resolve);
  }
  /**
   * Worksheet.charts (ExcelApi 1.1; reference, excel.chartcollection.yml / excel.chart.yml): add(type, sourceData,
   * seriesBy) 1.1, getItem(name) 1.1 ("If there are multiple charts with the same name, the first one will be
   * returned", so names may repeat), getItemOrNullObject(name) 1.4; Chart.name, Chart.title.text, setPosition(startCell,
   * endCell) and delete() 1.1. None of them is in the undo table: undoable. Deleting the sheet deletes its charts.
   * Adding or changing a chart on a protected sheet needs allowEditObjects (AccessDenied otherwise).
   */
  get charts(): ChartCollectionP {
    return new ChartCollectionP(this._ctx, this._resolve);
  }
  /** Worksheet.freezePanes.freezeRows(n) (ExcelApi 1.7). */
  get freezePanes() {
    const self = this;
    return {
      freezeRows(count: number) {
        self._ctx.requires("ExcelApi", "1.7", "freezePanes.freezeRows");
        self._do(`freezeRows ${count}`, (s) => {
          s.frozenRows = count;
        });
      },
    };
  }
  get name(): string {
    return this._get("name");
  }
  get id(): string {
    return this._get("id");
  }
  get visibility(): string {
    return this._get("visibility");
  }
  set visibility(v: string) {
    const vis = VIS_STATE[v];
    if (!vis) throw new FakeOfficeError("InvalidArgument", `Bad visibility ${v}`);
    this._do(`visibility=${v}`, (s) => {
      const m = this._ctx.m;
      if (vis !== "visible" && !m.state.sheets.some((x) => x !== s && x.visibility === "visible"))
        throw new FakeOfficeError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
      s.visibility = vis;
      if (vis !== "visible" && m.state.active === s.name) m.state.active = m.state.sheets.find((x) => x.visibility === "visible")?.name ?? null;
    }, 0, "web");
  }
  get notes(): NoteCollectionP {
    this._ctx.requires("ExcelApi", "1.18", "worksheet.notes");
    return new NoteCollectionP(this._ctx, this._resolve);
  }
  get comments(): CommentCollectionP {
    this._ctx.requires("ExcelApi", "1.10", "worksheet.comments");
    return new CommentCollectionP(this._ctx, this._resolve);
  }
  _range(rect: () => FakeRect): RangeP {
    return new RangeP(this._ctx, () => {
      const s = this._resolve();
      return s === null ? this._ctx.m.fromNull() : { sheet: s, rect: rect() };
    });
  }
  getRange(address?: string): RangeP {
    return this._range(() => (address === undefined ? { top: 0, left: 0, bottom: MAX_ROWS - 1, right: COLS - 1 } : parseRect(address)));
  }
  getRangeByIndexes(r: number, c: number, rows: number, cols: number): RangeP {
    this._ctx.requires("ExcelApi", "1.7", "getRangeByIndexes");
    if (rows < 1 || cols < 1 || r < 0 || c < 0) throw new FakeOfficeError("InvalidArgument", "Bad range indexes.");
    return this._range(() => ({ top: r, left: c, bottom: r + rows - 1, right: c + cols - 1 }));
  }
  getRanges(address: string): RangeAreasP {
    this._ctx.requires("ExcelApi", "1.9", "getRanges");
    this._ctx.m.log.push(`getRanges (${address.length} chars)`);
    return new RangeAreasP(this._ctx, () => {
      const s = this._resolve();
      if (s === null) return this._ctx.m.fromNull();
      if (address.length > 8192) throw new FakeOfficeError("InvalidArgument", `getRanges: address longer than 8192 characters (${address.length}).`);
      return { sheet: s, rects: address.split(",").map(parseRect) };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeP {
    this._ctx.requires("ExcelApi", "1.4", "getUsedRangeOrNullObject");
    return new RangeP(this._ctx, () => {
      const s = this._resolve();
      if (s === null) return this._ctx.m.fromNull();
      const rect = this._ctx.m.usedRect(s, !!valuesOnly);
      return rect ? { sheet: s, rect } : null;
    });
  }
  getNextOrNullObject(visibleOnly?: boolean): WorksheetP {
    this._ctx.requires("ExcelApi", "1.5", "getNextOrNullObject");
    const m = this._ctx.m;
    return new WorksheetP(this._ctx, () => {
      const s = this._resolve();
      if (s === null) return this._ctx.m.fromNull();
      const i = m.state.sheets.indexOf(s);
      return m.state.sheets.slice(i + 1).find((x) => !visibleOnly || x.visibility === "visible") ?? null;
    });
  }
  delete() {
    this._do("worksheet.delete", (s) => {
      const m = this._ctx.m;
      if (m.seed.inactive) throw new FakeOfficeError("InvalidSelection", "The current selection is invalid for this operation.");
      if (m.state.workbookProtected) throw new FakeOfficeError("AccessDenied", "The workbook structure is protected.");
      if (s.visibility === "veryHidden") throw new FakeOfficeError("InvalidOperation", "A very hidden worksheet cannot be deleted; make it hidden or visible first.");
      if (s.visibility === "visible" && !m.state.sheets.some((x) => x !== s && x.visibility === "visible"))
        throw new FakeOfficeError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
      m.removeSheet(s);
    }, 0, false);
  }
  activate() {
    this._do("worksheet.activate", (s) => {
      if (s.visibility !== "visible") throw new FakeOfficeError("InvalidOperation", "Cannot activate a hidden worksheet.");
      this._ctx.m.state.active = s.name;
    });
  }
}

/** Parse a print-title address: "$1:$2", "1:2", optionally sheet-qualified; or a full-row A1 range. */
function titleRowsOf(address: string): FakeRect | null {
  const a = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const m = /^\$?(\d+):\$?(\d+)$/.exec(a.trim());
  if (m) return { top: Number(m[1]) - 1, left: 0, bottom: Number(m[2]) - 1, right: COLS - 1 };
  try {
    const x = parseRect(a);
    return x.left === 0 && x.right === COLS - 1 ? x : null;
  } catch {
    return null;
  }
}

class PageLayoutP extends Base<FakeSheetState> {
  readonly _scalars = ["zoom"] as const;
  _scalar(_p: string, s: FakeSheetState) {
    return Object.freeze({ ...s.print.zoom });
  }
  get zoom(): Readonly<FakePrint["zoom"]> {
    return this._get("zoom");
  }
  set zoom(z: { scale?: number | null; horizontalFitToPages?: number | null; verticalFitToPages?: number | null }) {
    if (!z || typeof z !== "object") throw new FakeOfficeError("InvalidArgument", "zoom must be set as a PageLayoutZoomOptions object.");
    const fit = z.horizontalFitToPages !== undefined && z.horizontalFitToPages !== null || (z.verticalFitToPages !== undefined && z.verticalFitToPages !== null);
    this._do(`pageLayout.zoom=${JSON.stringify(z)}`, (s) => {
      this._ctx.m.assertWritable(s, "page layout");
      if (fit) {
        for (const v of [z.horizontalFitToPages, z.verticalFitToPages])
          if (v !== undefined && v !== null && (!Number.isInteger(v) || v < 0)) throw new FakeOfficeError("InvalidArgument", `Bad number of pages ${v}.`);
        s.print.zoom = { scale: null, horizontalFitToPages: z.horizontalFitToPages ?? null, verticalFitToPages: z.verticalFitToPages ?? null };
      } else {
        const sc = z.scale;
        if (typeof sc !== "number" || sc < 10 || sc > 400) throw new FakeOfficeError("InvalidArgument", `The print scale ${sc} is not between 10 and 400.`);
        s.print.zoom = { scale: sc, horizontalFitToPages: null, verticalFitToPages: null };
      }
    }, 64);
  }
  setPrintTitleRows(range: RangeP | string) {
    const label = typeof range === "string" ? range : "range";
    this._do(`pageLayout.setPrintTitleRows ${label}`, (s) => {
      this._ctx.m.assertWritable(s, "page layout");
      let rect: FakeRect | null;
      if (typeof range === "string") rect = titleRowsOf(range);
      else {
        const t = range._resolve();
        rect = t && t.sheet === s && t.rect.left === 0 && t.rect.right === COLS - 1 ? t.rect : null;
      }
      if (!rect) throw new FakeOfficeError("InvalidArgument", "The print title rows must span entire rows of this worksheet.");
      s.print.titleRows = { top: rect.top, bottom: rect.bottom };
    }, 32);
  }
  getPrintTitleRowsOrNullObject(): RangeP {
    return new RangeP(this._ctx, () => {
      const s = this._resolve();
      if (s === null) return this._ctx.m.fromNull();
      const t = s.print.titleRows;
      return t ? { sheet: s, rect: { top: t.top, left: 0, bottom: t.bottom, right: COLS - 1 } } : null;
    });
  }
}

class ChartTitleP extends Base<FakeChart> {
  readonly _scalars = ["text"] as const;
  _scalar(_p: string, c: FakeChart) {
    return c.title;
  }
  get text(): string {
    return this._get("text");
  }
  set text(v: string) {
    this._do(`chart.title.text=${v}`, (c) => {
      c.title = v;
    }, utf8Bytes(v));
  }
}

class ChartP extends Base<FakeChart> {
  readonly _scalars = ["name"] as const;
  readonly title: ChartTitleP;
  /** The chart an items/… load made this proxy for. */
  _target: FakeChart | null = null;
  constructor(
    ctx: Ctx,
    resolve: Resolver<FakeChart>,
    readonly _sheet: () => FakeSheetState | null,
  ) {
    super(ctx, resolve);
    // [R6] a null chart's title is navigation from a null object
    this.title = new ChartTitleP(ctx, () => {
      const c = resolve();
      return c === null ? ctx.m.fromNull() : c;
    });
  }
  override _nav(p: string) {
    return p === "title" ? this.title : null;
  }
  _scalar(_p: string, c: FakeChart) {
    return c.name;
  }
  get name(): string {
    return this._get("name");
  }
  set name(v: string) {
    this._do(`chart.name=${v}`, (c) => {
      const s = this._sheet();
      if (s) this._ctx.m.assertWritable(s, "chart");
      c.name = v;
    });
  }
  setPosition(startCell: string | RangeP, endCell?: string | RangeP) {
    this._do("chart.setPosition", (c) => {
      const s = this._sheet();
      const at = (x: string | RangeP): FakeRect => {
        if (typeof x === "string") return parseRect(x.includes("!") ? x.slice(x.lastIndexOf("!") + 1) : x);
        const t = x._resolve();
        if (!t) throw new FakeOfficeError("InvalidArgument", "setPosition: the cell does not exist.");
        return t.rect;
      };
      if (s) this._ctx.m.assertWritable(s, "chart");
      c.position = { start: at(startCell), end: endCell === undefined ? null : at(endCell) };
    });
  }
  /** Chart.setData(sourceData, seriesBy) (ExcelApi 1.1; reference excel.chart.yml: "Resets the source data for the chart"). */
  setData(sourceData: RangeP, seriesBy: string = "Auto") {
    this._do("chart.setData", (c) => {
      const s = this._sheet();
      if (s) this._ctx.m.assertWritable(s, "chart");
      const src = sourceData?._resolve?.();
      if (!src) throw new FakeOfficeError("InvalidArgument", "setData: the source data range is not valid.");
      c.source = { sheet: src.sheet.name, rect: { ...src.rect } };
      c.seriesBy = seriesBy;
    }, 64);
  }
  delete() {
    this._do("chart.delete", (c) => {
      const s = this._sheet();
      if (!s) return;
      this._ctx.m.assertWritable(s, "chart");
      s.charts.splice(s.charts.indexOf(c), 1);
    });
  }
}

class ChartCollectionP extends Base<FakeSheetState> {
  readonly _scalars = [] as const;
  _items: ChartP[] | undefined;
  _scalar(): unknown {
    return undefined;
  }
  /** ChartCollection.items (ExcelApi 1.1; reference excel.chartcollection.yml), loaded as items/name, items/title/text. */
  get items(): ChartP[] {
    if (!this._items) throw notLoaded("items");
    return this._items;
  }
  override _checkPath(parts: string[]) {
    if (parts[0] !== "items") throw new Error("fake-excel: ChartCollection can only load items/...");
    if (parts.length > 1) new ChartP(this._ctx, () => null, () => null)._checkPath(parts.slice(1));
  }
  override _loadNow(parts: string[]) {
    const s = this._resolve();
    if (s === null) return;
    const list = [...s.charts];
    if (!this._items || this._items.length !== list.length || this._items.some((it, i) => it._target !== list[i]))
      this._items = list.map((c) => {
        const p = new ChartP(this._ctx, () => (s.charts.includes(c) ? c : null), () => s);
        p._target = c;
        return p;
      });
    if (parts.length > 1) for (const it of this._items) it._loadNow(parts.slice(1));
  }
  add(type: string, sourceData: RangeP, seriesBy: string = "Auto"): ChartP {
    let created: FakeChart | null = null;
    let on: FakeSheetState | null = null;
    this._do(`charts.add ${type}`, (s) => {
      this._ctx.m.assertWritable(s, "chart");
      const src = sourceData?._resolve?.();
      if (!src) throw new FakeOfficeError("InvalidArgument", "charts.add: the source data range is not valid.");
      let n = s.charts.length + 1;
      while (s.charts.some((c) => c.name === `Chart ${n}`)) n++;
      created = { name: `Chart ${n}`, type, source: { sheet: src.sheet.name, rect: { ...src.rect } }, seriesBy, title: null, position: null };
      s.charts.push(created);
      on = s;
    }, 64);
    return new ChartP(
      this._ctx,
      () => {
        if (!created) throw new FakeOfficeError("InvalidObjectPath", "The chart was not added.");
        return on && on.charts.includes(created) ? created : null;
      },
      () => on,
    );
  }
  getItem(name: string): ChartP {
    return new ChartP(
      this._ctx,
      () => {
        const s = this._resolve();
        const c = s?.charts.find((x) => x.name === name);
        if (!c) throw new FakeOfficeError("ItemNotFound", `The requested resource doesn't exist (chart "${name}").`);
        return c;
      },
      () => this._resolve(),
    );
  }
  getItemOrNullObject(name: string): ChartP {
    this._ctx.requires("ExcelApi", "1.4", "charts.getItemOrNullObject");
    return new ChartP(
      this._ctx,
      () => {
        const s = this._resolve();
        if (s === null) return this._ctx.m.fromNull();
        return s.charts.find((x) => x.name === name) ?? null;
      },
      () => this._resolve(),
    );
  }
}

class CellPropsResult extends ClientResult<unknown[][]> {}

class DataValidationP extends Base<RangeTarget | AreasTarget> {
  readonly _scalars = ["type", "rule", "valid"] as const;
  _scalar(p: string, t: RangeTarget | AreasTarget) {
    const m = this._ctx.m;
    const rects = "rect" in t ? [t.rect] : t.rects;
    let idx: number | undefined;
    let mixed = false;
    for (const x of rects)
      for (let r = x.top; r <= x.bottom && !mixed; r++)
        for (let c = x.left; c <= x.right; c++) {
          const i = m.validationAt(t.sheet, r, c);
          if (idx === undefined) idx = i;
          else if (idx !== i) {
            mixed = true;
            break;
          }
        }
    if (p === "valid") return true;
    // [R4] different rules → Inconsistent; a rule on some cells only → MixedCriteria
    if (mixed) {
      let some = false;
      let none = false;
      const rules = new Set<number>();
      for (const x of rects)
        for (let r = x.top; r <= x.bottom; r++)
          for (let c = x.left; c <= x.right; c++) {
            const i = m.validationAt(t.sheet, r, c);
            if (i < 0) none = true;
            else {
              some = true;
              rules.add(i);
            }
          }
      const type = some && none && rules.size === 1 ? "MixedCriteria" : "Inconsistent";
      return p === "type" ? type : null;
    }
    if (idx === undefined || idx < 0) return p === "type" ? "None" : {};
    const v = t.sheet.validations[idx];
    return p === "type" ? "List" : { list: { inCellDropDown: true, source: v.source ?? v.list.join(",") } };
  }
  get type(): string {
    return this._get("type");
  }
  get rule(): unknown {
    return this._get("rule");
  }
  /** Range.dataValidation.rule = { list: { inCellDropDown, source } } (ExcelApi 1.8; only list rules are modelled). */
  set rule(rule: unknown) {
    this._ctx.requires("ExcelApi", "1.8", "dataValidation.rule");
    const list = (rule as { list?: { source?: string } }).list;
    if (!list || typeof list.source !== "string") throw new FakeOfficeError("InvalidArgument", "fake-excel: only list rules with a source are modelled.");
    this._do("dataValidation.rule", (t) => {
      const rects = "rect" in t ? [t.rect] : t.rects;
      const src = list.source!;
      const values = src.startsWith("=") ? [] : src.split(",").map((x) => x.trim());
      t.sheet.validations.push({ ranges: rects.map((x) => ({ ...x })), list: values, ...(src.startsWith("=") ? { source: src } : {}) });
    });
  }
}

class RangeFillP extends Base<RangeTarget | AreasTarget> {
  readonly _scalars = ["color"] as const;
  _scalar(_p: string, t: RangeTarget | AreasTarget) {
    const m = this._ctx.m;
    const rects = "rect" in t ? [t.rect] : t.rects;
    const seen = new Set<string | null>();
    for (const x of rects) for (let r = x.top; r <= x.bottom; r++) for (let c = x.left; c <= x.right; c++) seen.add(m.get(t.sheet, r, c).fill);
    if (seen.size !== 1) return null;
    return [...seen][0] ?? "#FFFFFF";
  }
  get color(): string {
    return this._get("color");
  }
  set color(c: string) {
    const color = normColor(c);
    // [R9] a solid colour replaces the whole fill: pattern, pattern colour and tint are lost
    this._do(`fill.color=${color}`, (t) =>
      this._ctx.m.formatCells(t.sheet, "rect" in t ? [t.rect] : t.rects, (cell) => {
        cell.fill = color;
        cell.fx = undefined;
      }),
    );
  }
  clear() {
    this._do("fill.clear", (t) =>
      this._ctx.m.formatCells(t.sheet, "rect" in t ? [t.rect] : t.rects, (cell) => {
        cell.fill = null;
        cell.fx = undefined;
      }),
    );
  }
}

class RangeFormatP extends Base<RangeTarget | AreasTarget> {
  readonly _scalars = ["wrapText", "columnWidth", "useStandardWidth"] as const;
  readonly fill: RangeFillP;
  constructor(ctx: Ctx, resolve: Resolver<RangeTarget | AreasTarget>) {
    super(ctx, resolve);
    this.fill = new RangeFillP(ctx, resolve);
  }
  _scalar(p: string, t: RangeTarget | AreasTarget) {
    const rects = "rect" in t ? [t.rect] : t.rects;
    if (p === "columnWidth" || p === "useStandardWidth") {
      const m = this._ctx.m;
      const widths = new Set<number>();
      const standard = new Set<boolean>();
      for (const x of rects)
        for (let c = x.left; c <= x.right; c++) {
          widths.add(m.columnWidth(t.sheet, c));
          standard.add(!t.sheet.widths.has(c));
        }
      if (p === "columnWidth") return widths.size === 1 ? [...widths][0] : null;
      return standard.size === 1 ? [...standard][0] : null;
    }
    const seen = new Set<boolean>();
    for (const x of rects) for (let r = x.top; r <= x.bottom; r++) for (let c = x.left; c <= x.right; c++) seen.add(!!this._ctx.m.get(t.sheet, r, c).wrap);
    return seen.size === 1 ? [...seen][0] : null;
  }
  override _nav(p: string) {
    return p === "fill" ? this.fill : null;
  }
  get wrapText(): boolean {
    return this._get("wrapText");
  }
  set wrapText(w: boolean) {
    this._do(`wrapText=${w}`, (t) => this._ctx.m.formatCells(t.sheet, "rect" in t ? [t.rect] : t.rects, (cell) => (cell.wrap = w || undefined)));
  }
  /** Width of the range's columns in points; null when they differ. */
  get columnWidth(): number {
    return this._get("columnWidth");
  }
  set columnWidth(points: number) {
    this._ctx.requires("ExcelApi", "1.2", "format.columnWidth");
    this._do(`columnWidth=${points}`, (t) => this._ctx.m.setColumnWidths(t.sheet, "rect" in t ? [t.rect] : t.rects, points));
  }
  get useStandardWidth(): boolean {
    return this._get("useStandardWidth");
  }
  /** Only `true` does something (like Excel). */
  set useStandardWidth(v: boolean) {
    this._ctx.requires("ExcelApi", "1.7", "format.useStandardWidth");
    this._do(`useStandardWidth=${v}`, (t) => {
      if (v === true) this._ctx.m.setColumnWidths(t.sheet, "rect" in t ? [t.rect] : t.rects, "standard");
    });
  }
}

class RangeP extends Base<RangeTarget> {
  readonly _scalars = ["address", "values", "formulas", "numberFormat", "rowIndex", "columnIndex", "rowCount", "columnCount", "cellCount"] as const;
  readonly format: RangeFormatP;
  constructor(ctx: Ctx, resolve: Resolver<RangeTarget>) {
    super(ctx, resolve);
    this.format = new RangeFormatP(ctx, resolve);
  }
  _dv: DataValidationP | undefined;
  override _nav(p: string) {
    return p === "format" ? this.format : p === "dataValidation" ? this.dataValidation : null;
  }
  _scalar(p: string, t: RangeTarget) {
    const m = this._ctx.m;
    const x = t.rect;
    const rows = x.bottom - x.top + 1;
    const cols = x.right - x.left + 1;
    switch (p) {
      case "address":
        return m.rectAddress(t.sheet, x);
      case "rowIndex":
        return x.top;
      case "columnIndex":
        return x.left;
      case "rowCount":
        return rows;
      case "columnCount":
        return cols;
      case "cellCount":
        return rows * cols;
    }
    if (rows * cols > (m.seed.cellLimit ?? 5_000_000)) return null;
    const lk = `${t.sheet.name}|${p}`;
    m.cellsLoaded.set(lk, (m.cellsLoaded.get(lk) ?? 0) + rows * cols);
    const out: FakeValue[][] = [];
    for (let r = x.top; r <= x.bottom; r++) {
      const row: FakeValue[] = [];
      for (let c = x.left; c <= x.right; c++) {
        const cell = m.get(t.sheet, r, c);
        if (p === "numberFormat") row.push(cell.nf ?? "General");
        else if (p === "formulas" && cell.f) row.push(cell.f);
        else row.push(cell.v === null ? "" : cell.v);
      }
      out.push(row);
    }
    return out;
  }
  get address(): string {
    return this._get("address");
  }
  get values(): FakeValue[][] {
    return this._get("values");
  }
  set values(v: FakeValue[][]) {
    this._do("set values", (t) => this._ctx.m.setCells(t.sheet, t.rect, v, false), utf8Bytes(JSON.stringify(v)));
  }
  get formulas(): FakeValue[][] {
    return this._get("formulas");
  }
  get numberFormat(): string[][] {
    return this._get("numberFormat");
  }
  /** Number formats; a null entry leaves that cell's format alone. */
  set numberFormat(v: (string | null)[][]) {
    this._do("set numberFormat", (t) => {
      const m = this._ctx.m;
      m.assertWritable(t.sheet, "format");
      const x = t.rect;
      if (!Array.isArray(v) || v.length !== x.bottom - x.top + 1 || v.some((row) => !Array.isArray(row) || row.length !== x.right - x.left + 1))
        throw new FakeOfficeError("InvalidArgument", "numberFormat: the array does not match the range.");
      for (let i = 0; i < v.length; i++)
        for (let j = 0; j < v[i].length; j++) {
          const nf = v[i][j];
          if (nf === null || nf === undefined) continue;
          m.put(t.sheet, x.top + i, x.left + j, { ...m.get(t.sheet, x.top + i, x.left + j), nf: String(nf) });
        }
    }, JSON.stringify(v).length);
  }
  set formulas(v: FakeValue[][]) {
    this._do("set formulas", (t) => this._ctx.m.setCells(t.sheet, t.rect, v, true), utf8Bytes(JSON.stringify(v)));
  }
  get rowIndex(): number {
    return this._get("rowIndex");
  }
  get columnIndex(): number {
    return this._get("columnIndex");
  }
  get rowCount(): number {
    return this._get("rowCount");
  }
  get columnCount(): number {
    return this._get("columnCount");
  }
  /** Range.hyperlink (ExcelApi 1.7): kept for the top-left cell. */
  set hyperlink(link: { documentReference?: string; address?: string; textToDisplay?: string }) {
    this._ctx.requires("ExcelApi", "1.7", "Range.hyperlink");
    this._do("hyperlink", (t) => {
      (t.sheet.links ??= new Map()).set(`${t.rect.top}:${t.rect.left}`, { ...link });
    });
  }
  get dataValidation(): DataValidationP {
    if (!this._dv) {
      this._ctx.requires("ExcelApi", "1.8", "dataValidation");
      this._dv = new DataValidationP(this._ctx, this._resolve);
    }
    return this._dv;
  }
  /**
   * [R9] getCellProperties (ExcelApi 1.9): per-cell fill (color, pattern, patternColor, tintAndShade,
   * patternTintAndShade), wrapText and protection.locked.
   */
  getCellProperties(spec: { format?: { fill?: Record<string, boolean>; wrapText?: boolean; protection?: boolean | { locked?: boolean } } }): CellPropsResult {
    this._ctx.requires("ExcelApi", "1.9", "getCellProperties");
    const fillSpec = spec?.format?.fill;
    const wrapSpec = !!spec?.format?.wrapText;
    const prot = spec?.format?.protection;
    const lockSpec = prot === true || (typeof prot === "object" && !!prot?.locked);
    const fillKeys = ["color", "pattern", "patternColor", "tintAndShade", "patternTintAndShade"];
    if (
      !spec?.format ||
      Object.keys(spec).some((k) => k !== "format") ||
      Object.keys(spec.format).some((k) => k !== "fill" && k !== "wrapText" && k !== "protection") ||
      Object.keys(fillSpec ?? {}).some((k) => !fillKeys.includes(k))
    )
      throw new Error("fake-excel: getCellProperties supports only { format: { fill: {…}, wrapText, protection: { locked } } }");
    const res = new CellPropsResult();
    const m = this._ctx.m;
    this._ctx.enqueue("getCellProperties", () => {
      const t = this._resolve();
      res._set = true;
      if (t === null) {
        res._value = null as unknown as unknown[][];
        return;
      }
      const out: unknown[][] = [];
      for (let r = t.rect.top; r <= t.rect.bottom; r++) {
        const row: unknown[] = [];
        for (let c = t.rect.left; c <= t.rect.right; c++) {
          const cell = m.get(t.sheet, r, c);
          const format: Record<string, unknown> = {};
          if (fillSpec) {
            const f: Record<string, unknown> = {};
            if (fillSpec.color) f.color = cell.fill ?? "#FFFFFF";
            if (fillSpec.pattern) f.pattern = cell.fill ? (cell.fx?.pattern ?? "Solid") : "None";
            if (fillSpec.patternColor) f.patternColor = cell.fx?.patternColor ?? "#000000";
            if (fillSpec.tintAndShade) f.tintAndShade = cell.fx?.tintAndShade ?? 0;
            if (fillSpec.patternTintAndShade) f.patternTintAndShade = cell.fx?.patternTintAndShade ?? 0;
            format.fill = f;
          }
          if (wrapSpec) format.wrapText = !!cell.wrap;
          if (lockSpec) format.protection = { locked: !cell.unlocked, formulaHidden: false };
          row.push({ format });
        }
        out.push(row);
      }
      res._value = out;
      this._ctx.respond(out);
    });
    return res;
  }
  /** [R9] setCellProperties (ExcelApi 1.9): per-cell fill; {} or a missing key leaves the cell alone. */
  setCellProperties(props: unknown[][]) {
    this._ctx.requires("ExcelApi", "1.9", "setCellProperties");
    this._do("setCellProperties", (t) => {
      const rows = t.rect.bottom - t.rect.top + 1;
      const cols = t.rect.right - t.rect.left + 1;
      if (!Array.isArray(props) || props.length !== rows || props.some((r) => !Array.isArray(r) || r.length !== cols))
        throw new FakeOfficeError("InvalidArgument", "setCellProperties: the array does not match the range.");
      const m = this._ctx.m;
      const patterns = new Set(["None", "Solid", "Gray50", "Gray75", "Gray25", "Horizontal", "Vertical", "Down", "Up", "Checker", "SemiGray75", "LightHorizontal", "LightVertical", "LightDown", "LightUp", "Grid", "CrissCross", "Gray16", "Gray8", "LinearGradient", "RectangularGradient"]);
      const touched: FakeRect[] = [];
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          const p = props[i][j] as { format?: { fill?: Record<string, unknown> } } | null;
          if (p?.format?.fill) touched.push({ top: t.rect.top + i, bottom: t.rect.top + i, left: t.rect.left + j, right: t.rect.left + j });
        }
      if (touched.length) m.assertWritable(t.sheet, "format");
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          const f = (props[i][j] as { format?: { fill?: Record<string, unknown> } } | null)?.format?.fill;
          if (!f) continue;
          const r = t.rect.top + i;
          const c = t.rect.left + j;
          const cur = { ...m.get(t.sheet, r, c) };
          const fx: FakeFillDetail = { ...(cur.fx ?? {}) };
          if (f.pattern !== undefined) {
            if (typeof f.pattern !== "string" || !patterns.has(f.pattern)) throw new FakeOfficeError("InvalidArgument", `Invalid fill pattern ${String(f.pattern)}.`);
            if (f.pattern === "None") {
              cur.fill = null;
              cur.fx = undefined;
              m.put(t.sheet, r, c, cur);
              continue;
            }
            fx.pattern = f.pattern === "Solid" ? undefined : f.pattern;
          }
          if (f.color !== undefined) cur.fill = normColor(String(f.color));
          if (f.patternColor !== undefined) fx.patternColor = normColor(String(f.patternColor));
          if (f.tintAndShade !== undefined) fx.tintAndShade = Number(f.tintAndShade);
          if (f.patternTintAndShade !== undefined) fx.patternTintAndShade = Number(f.patternTintAndShade);
          if (!cur.fill && (fx.pattern || f.color === undefined)) cur.fill = cur.fill ?? "#FFFFFF";
          for (const k of Object.keys(fx) as (keyof FakeFillDetail)[]) if (fx[k] === undefined || fx[k] === 0 || (k === "patternColor" && fx[k] === "#000000")) delete fx[k];
          cur.fx = Object.keys(fx).length ? fx : undefined;
          m.put(t.sheet, r, c, cur);
        }
    });
  }
  /** Navigation helper: a range derived from this one (null objects propagate; bad geometry fails at sync). */
  _derive(fn: (t: RangeTarget) => FakeRect): RangeP {
    return new RangeP(this._ctx, () => {
      const t = this._resolve();
      if (t === null) return this._ctx.m.fromNull();
      const x = fn(t);
      if (x.top < 0 || x.left < 0 || x.bottom >= MAX_ROWS || x.right >= COLS || x.bottom < x.top || x.right < x.left)
        throw new FakeOfficeError("InvalidArgument", "The argument is invalid or missing or has an incorrect format (range outside the sheet).");
      return { sheet: t.sheet, rect: x };
    });
  }
  getRow(row: number): RangeP {
    return this._derive((t) => {
      if (row < 0 || row > t.rect.bottom - t.rect.top) throw new FakeOfficeError("InvalidArgument", `Row ${row} is outside the range.`);
      return { ...t.rect, top: t.rect.top + row, bottom: t.rect.top + row };
    });
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeP {
    this._ctx.requires("ExcelApi", "1.7", "getResizedRange");
    return this._derive((t) => ({ ...t.rect, bottom: t.rect.bottom + deltaRows, right: t.rect.right + deltaColumns }));
  }
  getBoundingRect(other: string | RangeP): RangeP {
    this._ctx.requires("ExcelApi", "1.2", "getBoundingRect");
    return this._derive((t) => {
      let y: FakeRect;
      if (typeof other === "string") y = parseRect(other);
      else {
        const o = other._resolve();
        if (o === null || o.sheet !== t.sheet) throw new FakeOfficeError("InvalidArgument", "getBoundingRect: the ranges must be on the same worksheet.");
        y = o.rect;
      }
      const x = t.rect;
      return { top: Math.min(x.top, y.top), left: Math.min(x.left, y.left), bottom: Math.max(x.bottom, y.bottom), right: Math.max(x.right, y.right) };
    });
  }
  getColumnProperties(spec: { columnIndex?: boolean; format?: { columnWidth?: boolean; useStandardWidth?: boolean } }): ClientResult<unknown[]> {
    this._ctx.requires("ExcelApi", "1.9", "getColumnProperties");
    if (
      !spec ||
      Object.keys(spec).some((k) => k !== "columnIndex" && k !== "format") ||
      Object.keys(spec.format ?? {}).some((k) => k !== "columnWidth" && k !== "useStandardWidth")
    )
      throw new Error("fake-excel: getColumnProperties supports only { columnIndex, format: { columnWidth, useStandardWidth } }");
    const res = new ClientResult<unknown[]>();
    const m = this._ctx.m;
    this._ctx.enqueue("getColumnProperties", () => {
      const t = this._resolve();
      res._set = true;
      if (t === null) {
        res._value = null as unknown as unknown[];
        return;
      }
      const out: unknown[] = [];
      for (let c = t.rect.left; c <= t.rect.right; c++) {
        const item: Record<string, unknown> = {};
        if (spec.columnIndex) item.columnIndex = c;
        if (spec.format) {
          const format: Record<string, unknown> = {};
          if (spec.format.columnWidth) format.columnWidth = m.columnWidth(t.sheet, c);
          if (spec.format.useStandardWidth) format.useStandardWidth = !t.sheet.widths.has(c);
          item.format = format;
        }
        out.push(item);
      }
      res._value = out;
      this._ctx.respond(out);
    });
    return res;
  }
  getSpecialCellsOrNullObject(type: string): RangeAreasP {
    this._ctx.requires("ExcelApi", "1.9", "getSpecialCellsOrNullObject");
    const m = this._ctx.m;
    return new RangeAreasP(this._ctx, () => {
      const t = this._resolve();
      if (t === null) return this._ctx.m.fromNull();
      const x = t.rect;
      const rects: FakeRect[] = [];
      if (type === "Visible") {
        let start = -1;
        for (let r = x.top; r <= x.bottom + 1; r++) {
          const vis = r <= x.bottom && !t.sheet.hiddenRows.has(r);
          if (vis && start < 0) start = r;
          if (!vis && start >= 0) {
            rects.push({ top: start, bottom: r - 1, left: x.left, right: x.right });
            start = -1;
          }
        }
      } else if (type === "DataValidations") {
        // [R4] the union of validated cells, whatever the rule: adjacent columns with different rules come back as one area
        const cols = new Map<number, Set<number>>();
        for (const v of t.sheet.validations)
          for (const y of v.ranges) {
            const top = Math.max(x.top, y.top);
            const bottom = Math.min(x.bottom, y.bottom);
            const left = Math.max(x.left, y.left);
            const right = Math.min(x.right, y.right);
            for (let c = left; c <= right; c++) {
              let rows = cols.get(c);
              if (!rows) cols.set(c, (rows = new Set()));
              for (let r = top; r <= bottom; r++) rows.add(r);
            }
          }
        const runs = new Map<string, number[]>();
        for (const [c, rowSet] of [...cols.entries()].sort((a, b) => a[0] - b[0])) {
          const rows = [...rowSet].sort((a, b) => a - b);
          let start = rows[0];
          for (let i = 1; i <= rows.length; i++)
            if (i === rows.length || rows[i] !== rows[i - 1] + 1) {
              const k = `${start}:${rows[i - 1]}`;
              let list = runs.get(k);
              if (!list) runs.set(k, (list = []));
              list.push(c);
              start = rows[i];
            }
        }
        for (const [k, list] of runs) {
          const [top, bottom] = k.split(":").map(Number);
          let left = list[0];
          for (let i = 1; i <= list.length; i++)
            if (i === list.length || list[i] !== list[i - 1] + 1) {
              rects.push({ top, bottom, left, right: list[i - 1] });
              left = list[i];
            }
        }
        rects.sort((a, b) => a.top - b.top || a.left - b.left);
      } else throw new FakeOfficeError("InvalidArgument", `fake-excel: special cell type ${type} not modelled`);
      void m;
      return rects.length ? { sheet: t.sheet, rects } : null;
    });
  }
  getMergedAreasOrNullObject(): RangeAreasP {
    this._ctx.requires("ExcelApi", "1.13", "getMergedAreasOrNullObject");
    return new RangeAreasP(this._ctx, () => {
      const t = this._resolve();
      if (t === null) return this._ctx.m.fromNull();
      const x = t.rect;
      // like Excel (office-js#3611): only merges whose top-left cell is inside the range
      const rects = t.sheet.merges.filter((g) => g.top >= x.top && g.top <= x.bottom && g.left >= x.left && g.left <= x.right);
      // [R3] reference Excel.Range.getMergedAreasOrNullObject: fails beyond 512 merged areas (code not documented)
      if (rects.length > 512) throw new FakeOfficeError("GeneralException", `More than 512 merged areas in the range (${rects.length}).`);
      return rects.length ? { sheet: t.sheet, rects: rects.map((g) => ({ ...g })) } : null;
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeP {
    this._ctx.requires("ExcelApi", "1.4", "getUsedRangeOrNullObject");
    return new RangeP(this._ctx, () => {
      const t = this._resolve();
      if (t === null) return this._ctx.m.fromNull();
      const rect = this._ctx.m.usedRect(t.sheet, !!valuesOnly, t.rect);
      return rect ? { sheet: t.sheet, rect } : null;
    });
  }
  clear(applyTo?: string) {
    this._do(`clear ${applyTo ?? "All"}`, (t) => {
      const m = this._ctx.m;
      m.assertWritable(t.sheet, "clear");
      const x = t.rect;
      for (const [k, cell] of [...t.sheet.cells]) {
        const r = Math.floor(k / COLS);
        const c = k % COLS;
        if (r < x.top || r > x.bottom || c < x.left || c > x.right) continue;
        const cur = { ...cell };
        if (!applyTo || applyTo === "All" || applyTo === "Contents") {
          cur.v = null;
          cur.f = null;
        }
        if (!applyTo || applyTo === "All" || applyTo === "Formats") {
          cur.fill = null;
          cur.wrap = undefined;
        }
        m.put(t.sheet, r, c, cur);
      }
    });
  }
  select() {
    this._do("range.select", (t) => {
      const m = this._ctx.m;
      if (t.sheet.visibility !== "visible") throw new FakeOfficeError("InvalidOperation", "Cannot select on a hidden worksheet.");
      m.state.active = t.sheet.name;
      m.state.selected = { sheet: t.sheet.name, address: rectA1(t.rect) };
    });
  }
}

class RangeCollectionP extends Base<AreasTarget> {
  readonly _scalars = [] as const;
  _items: RangeP[] | undefined;
  _scalar(): unknown {
    return undefined;
  }
  get items(): RangeP[] {
    if (!this._items) throw notLoaded("items");
    return this._items;
  }
  override _checkPath(parts: string[]) {
    if (parts[0] !== "items") throw new Error("fake-excel: RangeCollection can only load items/...");
    if (parts.length > 1) new RangeP(this._ctx, () => null)._checkPath(parts.slice(1));
  }
  _itemsSync = -1;
  override _loadNow(parts: string[]) {
    const t = this._resolve();
    if (t === null) return;
    if (!this._items || this._itemsSync !== this._ctx.m.syncCount || this._items.length !== t.rects.length) {
      this._items = t.rects.map((x) => new RangeP(this._ctx, () => ({ sheet: t.sheet, rect: x })));
      this._itemsSync = this._ctx.m.syncCount;
    }
    if (parts.length > 1) for (const it of this._items) it._loadNow(parts.slice(1));
  }
}

class RangeAreasP extends Base<AreasTarget> {
  readonly _scalars = ["address", "areaCount"] as const;
  readonly areas: RangeCollectionP;
  readonly format: RangeFormatP;
  constructor(ctx: Ctx, resolve: Resolver<AreasTarget>) {
    super(ctx, resolve);
    this.areas = new RangeCollectionP(ctx, resolve);
    this.format = new RangeFormatP(ctx, resolve);
  }
  override _nav(p: string) {
    return p === "areas" ? this.areas : p === "format" ? this.format : null;
  }
  _scalar(p: string, t: AreasTarget) {
    if (p === "areaCount") return t.rects.length;
    return t.rects.map((x) => this._ctx.m.rectAddress(t.sheet, x)).join(", ");
  }
  get address(): string {
    return this._get("address");
  }
  get areaCount(): number {
    return this._get("areaCount");
  }
  get dataValidation(): DataValidationP {
    return new DataValidationP(this._ctx, this._resolve);
  }
}

class NoteP extends Base<{ sheet: FakeSheetState; addr: string }> {
  readonly _scalars = ["content"] as const;
  _scalar(_p: string, t: { sheet: FakeSheetState; addr: string }) {
    return t.sheet.notes.get(t.addr);
  }
  get content(): string {
    return this._get("content");
  }
  delete() {
    this._do("note.delete", (t) => {
      this._ctx.m.assertWritable(t.sheet, "note");
      t.sheet.notes.delete(t.addr);
    });
  }
}

class NoteCollectionP extends Base<FakeSheetState> {
  readonly _scalars = [] as const;
  _scalar(): unknown {
    return undefined;
  }
  add(cell: string, content: string): NoteP {
    const addr = rectA1(parseRect(cell));
    if (addr.includes(":")) throw new FakeOfficeError("InvalidCellAddress", "A note must be on a single cell.");
    this._do(`note.add ${addr}`, (s) => {
      this._ctx.m.assertWritable(s, "note");
      if (s.notes.has(addr)) throw new FakeOfficeError("InvalidArgument", `Cell ${addr} already has a note.`);
      s.notes.set(addr, String(content));
    }, utf8Bytes(String(content)));
    return new NoteP(this._ctx, () => {
      const s = this._resolve();
      return s && s.notes.has(addr) ? { sheet: s, addr } : null;
    });
  }
  getItemOrNullObject(cell: string): NoteP {
    const addr = rectA1(parseRect(cell));
    return new NoteP(this._ctx, () => {
      const s = this._resolve();
      return s && s.notes.has(addr) ? { sheet: s, addr } : null;
    });
  }
}

class CommentP extends Base<{ sheet: FakeSheetState; addr: string }> {
  readonly _scalars = ["content", "id"] as const;
  _scalar(p: string, t: { sheet: FakeSheetState; addr: string }) {
    return p === "id" ? `${t.sheet.name}!${t.addr}` : t.sheet.comments.get(t.addr);
  }
  get content(): string {
    return this._get("content");
  }
  get id(): string {
    return this._get("id");
  }
  getLocation(): RangeP {
    return new RangeP(this._ctx, () => {
      const t = this._resolve();
      if (t === null) return this._ctx.m.fromNull();
      return { sheet: t.sheet, rect: parseRect(t.addr) };
    });
  }
  delete() {
    this._do("comment.delete", (t) => {
      this._ctx.m.assertWritable(t.sheet, "comment");
      t.sheet.comments.delete(t.addr);
    });
  }
}

/** Threaded comments (ExcelApi 1.10), one per cell here. */
class CommentCollectionP extends Base<FakeSheetState> {
  readonly _scalars = [] as const;
  _items: CommentP[] | undefined;
  _scalar(): unknown {
    return undefined;
  }
  get items(): CommentP[] {
    if (!this._items) throw notLoaded("items");
    return this._items;
  }
  override _checkPath(parts: string[]) {
    if (parts[0] !== "items") throw new Error("fake-excel: CommentCollection can only load items/...");
    if (parts.length > 1) new CommentP(this._ctx, () => null)._checkPath(parts.slice(1));
  }
  override _loadNow(parts: string[]) {
    const s = this._resolve();
    if (s === null) return;
    const addrs = [...s.comments.keys()];
    this._items = addrs.map((addr) => new CommentP(this._ctx, () => (s.comments.has(addr) ? { sheet: s, addr } : null)));
    if (parts.length > 1) for (const it of this._items) it._loadNow(parts.slice(1));
  }
  add(cellAddress: string, content: string): CommentP {
    const addr = rectA1(parseRect(cellAddress.includes("!") ? cellAddress.slice(cellAddress.lastIndexOf("!") + 1) : cellAddress));
    if (addr.includes(":")) throw new FakeOfficeError("InvalidArgument", "A comment must be on a single cell.");
    this._do(`comment.add ${addr}`, (s) => {
      this._ctx.m.assertWritable(s, "comment");
      if (s.comments.has(addr)) throw new FakeOfficeError("InvalidArgument", `Cell ${addr} already has a comment.`);
      s.comments.set(addr, String(content));
    }, utf8Bytes(String(content)));
    return new CommentP(this._ctx, () => {
      const s = this._resolve();
      return s && s.comments.has(addr) ? { sheet: s, addr } : null;
    });
  }
}

/* ------------------------------------------------------------------ */
/* Public factory                                                        */
/* ------------------------------------------------------------------ */

export interface FakeExcel {
  /** Stand-in for the global `Excel` namespace (run + the enums the adapter uses). */
  Excel: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Stand-in for the global `Office` namespace. */
  Office: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  OfficeExtension: { Error: typeof FakeOfficeError };
  /** Live workbook state (mutate it between runs to simulate the user). */
  state: FakeWorkbookState;
  /** Human-readable log of runs, ops and syncs. */
  log: string[];
  readonly syncCount: number;
  /** Functions registered with Office.actions.associate. */
  actions: Map<string, (event: unknown) => unknown>;
  /** Canonical JSON of the whole workbook state (identity comparisons). */
  snapshotState(): string;
  /** Cell at an A1 address (undefined when empty). */
  cell(sheet: string, a1: string): FakeCell | undefined;
  /** Assign Excel / Office / OfficeExtension onto a global object (window in the browser stub). */
  installGlobals(target?: Record<string, unknown>): void;
  /** Request / response bytes of every sync so far. */
  readonly stats: FakeSyncStat[];
  /** "sheet|values" / "sheet|formulas" / "sheet|numberFormat" → cells loaded so far. */
  readonly cellsLoaded: Map<string, number>;
  /** [R1] Depth of the user's undo stack (user edits push, a non-undoable API empties it). */
  readonly undoStack: number;
  /** How many non-undoable API calls cleared the user's undo stack. */
  readonly undoCleared: number;
  /** Write ops run so far (to count the ops of a flow before injecting failures). */
  readonly writeOps: number;
  /** Make the n-th write op from now fail (earlier ops of its sync stay applied, as in Excel). */
  failAtWriteOp(n: number, code?: string): void;
  /**
   * Run `edit` (a `user` edit) when the n-th sync from now starts, before its queued ops: what a user does in Excel
   * while an add-in's run waits between two of its syncs.
   */
  beforeSync(n: number, edit: () => void): void;
  /** Edits a user makes between two Excel.run calls. */
  user: FakeUser;
  /** Wait until every event handler fired so far has finished. */
  flushEvents(): Promise<void>;
  /** Registered event handlers (changed, selection). */
  readonly eventHandlers: { changed: number; selection: number };
}

/** What a user does in Excel between two add-in calls (each edit goes on the user's undo stack). */
export interface FakeUser {
  /** Type into a cell (parsed as typed: "1-1" becomes a date; "'001" stays text). */
  type(sheet: string, a1: string, input: string | number | boolean | null): void;
  setFormula(sheet: string, a1: string, formula: string, cachedValue?: FakeValue): void;
  setFill(sheet: string, a1: string, color: string | null): void;
  setNumberFormat(sheet: string, a1: string, nf: string): void;
  setVisibility(sheet: string, visibility: FakeVisibility): void;
  rename(sheet: string, to: string): void;
  addSheet(name: string): void;
  deleteSheet(name: string): void;
  protect(sheet: string, options?: FakeProtectionOptions): void;
  unprotect(sheet: string): void;
  /** Select a cell or range (fires worksheets.onSelectionChanged). */
  select(sheet: string, a1: string): void;
  /** Change the print settings in Page Setup. */
  setPrint(sheet: string, print: Partial<FakePrint>): void;
  /** Insert a chart of the user's own (over `a1`). */
  addChart(sheet: string, name: string, a1: string): void;
  /** Drag a chart (the first of that name) over the cells `a1` (moved and resized). */
  moveChart(sheet: string, name: string, a1: string): void;
  /** Type another title on a chart (the first of that name). */
  retitleChart(sheet: string, name: string, title: string): void;
  /** Select a chart (the first of that name) and press Delete. */
  deleteChart(sheet: string, name: string): void;
}

function makeUser(m: Model): FakeUser {
  const sheetOf = (name: string) => {
    const s = m.state.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`fake-excel user: no sheet ${name}`);
    return s;
  };
  const at = (a1: string) => parseRect(a1);
  const edit = (label: string, fn: () => void) => {
    fn();
    m.undoStack++;
    m.log.push(`user ${label}`);
  };
  // A user's cell edit fires worksheets.onChanged (WorksheetChangedEventArgs: worksheetId, address, changeType,
  // source, triggerSource — the last one ExcelApi 1.14; "Unknown" for a user's edit).
  const changed = (sheet: string, a1: string) =>
    m.fire("changed", { type: "WorksheetChanged", worksheetId: m.sheetId(sheetOf(sheet)), address: a1, changeType: "RangeEdited", source: "Local", triggerSource: "Unknown" });
  return {
    type(sheet, a1, input) {
      edit(`type ${sheet}!${a1}`, () => {
        const s = sheetOf(sheet);
        const x = at(a1);
        m.setCells(s, { ...x, bottom: x.top, right: x.left }, [[input === null ? "" : input]], false);
      });
      changed(sheet, a1);
    },
    setFormula(sheet, a1, formula, cachedValue = null) {
      edit(`formula ${sheet}!${a1}`, () => {
        const s = sheetOf(sheet);
        const x = at(a1);
        m.put(s, x.top, x.left, { ...m.get(s, x.top, x.left), f: formula, v: cachedValue });
        s.formulaValues.set(`${x.top}:${x.left}|${formula}`, cachedValue);
      });
      changed(sheet, a1);
    },
    setFill(sheet, a1, color) {
      edit(`fill ${sheet}!${a1}`, () => {
        const s = sheetOf(sheet);
        const x = at(a1);
        m.put(s, x.top, x.left, { ...m.get(s, x.top, x.left), fill: color === null ? null : normColor(color), fx: undefined });
      });
    },
    setNumberFormat(sheet, a1, nf) {
      edit(`numberFormat ${sheet}!${a1}`, () => {
        const s = sheetOf(sheet);
        const x = at(a1);
        m.put(s, x.top, x.left, { ...m.get(s, x.top, x.left), nf });
      });
    },
    setVisibility(sheet, visibility) {
      edit(`visibility ${sheet}`, () => {
        sheetOf(sheet).visibility = visibility;
        if (visibility !== "visible" && m.state.active === sheet) m.state.active = m.state.sheets.find((x) => x.visibility === "visible")?.name ?? null;
      });
    },
    rename(sheet, to) {
      edit(`rename ${sheet}`, () => {
        const s = sheetOf(sheet);
        // Excel rewrites references to a renamed sheet
        for (const other of m.state.sheets)
          for (const [k, cell] of other.cells)
            if (cell.f && cell.f.includes(`${sheet}!`)) other.cells.set(k, { ...cell, f: cell.f.split(`'${sheet}'!`).join(`'${to}'!`).split(`${sheet}!`).join(`${to}!`) });
        s.name = to;
        if (m.state.active === sheet) m.state.active = to;
      });
    },
    addSheet(name) {
      edit(`add ${name}`, () => m.state.sheets.push(m.sheetFromSeed({ name, values: [] })));
    },
    deleteSheet(name) {
      edit(`delete ${name}`, () => m.removeSheet(sheetOf(name)));
    },
    protect(sheet, options = {}) {
      edit(`protect ${sheet}`, () => {
        const s = sheetOf(sheet);
        s.protected = true;
        s.protectionOptions = { ...options };
      });
    },
    unprotect(sheet) {
      edit(`unprotect ${sheet}`, () => {
        sheetOf(sheet).protected = false;
      });
    },
    setPrint(sheet, print) {
      edit(`print ${sheet}`, () => {
        const s = sheetOf(sheet);
        s.print = { zoom: { ...(print.zoom ?? s.print.zoom) }, titleRows: print.titleRows === undefined ? s.print.titleRows : print.titleRows };
      });
    },
    addChart(sheet, name, a1) {
      edit(`chart ${sheet} ${name}`, () => {
        const s = sheetOf(sheet);
        s.charts.push({ name, type: "ColumnClustered", source: { sheet, rect: at(a1) }, seriesBy: "Auto", title: null, position: null });
      });
    },
    moveChart(sheet, name, a1) {
      edit(`move chart ${sheet} ${name}`, () => {
        const c = sheetOf(sheet).charts.find((x) => x.name === name);
        if (!c) throw new Error(`fake-excel user: no chart ${name} on ${sheet}`);
        const r = at(a1);
        c.position = { start: { top: r.top, left: r.left, bottom: r.top, right: r.left }, end: { top: r.bottom, left: r.right, bottom: r.bottom, right: r.right } };
      });
    },
    retitleChart(sheet, name, title) {
      edit(`retitle chart ${sheet} ${name}`, () => {
        const c = sheetOf(sheet).charts.find((x) => x.name === name);
        if (!c) throw new Error(`fake-excel user: no chart ${name} on ${sheet}`);
        c.title = title;
      });
    },
    deleteChart(sheet, name) {
      edit(`delete chart ${sheet} ${name}`, () => {
        const s = sheetOf(sheet);
        const i = s.charts.findIndex((x) => x.name === name);
        if (i < 0) throw new Error(`fake-excel user: no chart ${name} on ${sheet}`);
        s.charts.splice(i, 1);
      });
    },
    select(sheet, a1) {
      m.state.active = sheetOf(sheet).name;
      m.log.push(`user select ${sheet}!${a1}`);
      m.fire("selection", { type: "WorksheetSelectionChanged", worksheetId: m.sheetId(sheetOf(sheet)), address: a1 });
    },
  };
}

export function createFakeExcel(seed: FakeSeed): FakeExcel {
  const m = new Model(seed);
  const platform = seed.platform ?? "PC";

  async function run(...args: unknown[]): Promise<unknown> {
    const batch = args[args.length - 1] as (ctx: Ctx) => Promise<unknown>;
    // Excel.run(context, batch): reuse an earlier RequestContext (e.g. to remove event handlers it registered)
    if (args.length > 1 && args[0] instanceof Ctx) {
      const ctx = args[0];
      const result = await batch(ctx);
      if (ctx.queue.length) await ctx.sync();
      return result;
    }
    const options = (args.length > 1 ? args[0] : {}) as { delayForCellEdit?: boolean; mergeUndoGroup?: boolean };
    if (typeof batch !== "function") throw new Error("fake-excel: Excel.run needs a batch function");
    if (options && typeof options !== "object") throw new Error("fake-excel: unsupported Excel.run overload");
    if (options.mergeUndoGroup && !m.supports("ExcelApi", "1.20"))
      throw new FakeOfficeError("ApiNotFound", "mergeUndoGroup needs ExcelApi 1.20.");
    m.log.push(`run ${JSON.stringify(options ?? {})}`);
    const ctx = new Ctx(m, options ?? {});
    const result = await batch(ctx);
    if (ctx.queue.length) await ctx.sync(); // like Excel.run: anything still queued is flushed by one more (counted) sync
    return result;
  }

  const Excel = {
    run,
    SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
    ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents" },
    SpecialCellType: { visible: "Visible", dataValidations: "DataValidations" },
    ChartType: { barClustered: "BarClustered", columnClustered: "ColumnClustered" },
    ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
    ErrorCodes: {
      accessDenied: "AccessDenied",
      apiNotFound: "ApiNotFound",
      invalidArgument: "InvalidArgument",
      invalidOperation: "InvalidOperation",
      invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
      itemNotFound: "ItemNotFound",
      requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
    },
  };

  const Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac", iOS: "iOS", Universal: "Universal" },
    context: {
      platform,
      diagnostics: { platform, host: "Excel", version: "16.0" },
      requirements: {
        isSetSupported: (name: string, ver?: string | number) => m.supports(name, ver === undefined ? "1.1" : String(ver)),
      },
    },
    onReady(cb?: (info: { host: string; platform: string }) => void) {
      const info = { host: "Excel", platform };
      cb?.(info);
      return Promise.resolve(info);
    },
    actions: {
      associate(id: string, fn: (event: unknown) => unknown) {
        m.actions.set(id, fn);
        m.log.push(`actions.associate ${id}`);
      },
    },
    addin: {
      showAsTaskpane() {
        m.log.push("addin.showAsTaskpane");
        return Promise.resolve();
      },
    },
  };

  const fake: FakeExcel = {
    Excel,
    Office,
    OfficeExtension: { Error: FakeOfficeError },
    state: m.state,
    log: m.log,
    get syncCount() {
      return m.syncCount;
    },
    actions: m.actions,
    snapshotState: () => m.snapshotState(),
    cell(sheet: string, a1: string) {
      const s = m.sheet(sheet);
      if (!s) return undefined;
      const x = parseRect(a1);
      return s.cells.get(key(x.top, x.left));
    },
    installGlobals(target?: Record<string, unknown>) {
      const g = (target ?? (globalThis as unknown as Record<string, unknown>)) as Record<string, unknown>;
      g.Excel = Excel;
      g.Office = Office;
      g.OfficeExtension = fake.OfficeExtension;
    },
    get stats() {
      return m.stats;
    },
    get cellsLoaded() {
      return m.cellsLoaded;
    },
    get undoStack() {
      return m.undoStack;
    },
    get undoCleared() {
      return m.undoCleared;
    },
    get writeOps() {
      return m.writeOps;
    },
    failAtWriteOp(n: number, code = "GeneralException") {
      m.failAt = { op: m.writeOps + n, code };
    },
    beforeSync(n: number, edit: () => void) {
      m.beforeSyncs.push({ sync: m.syncCount + n, edit });
    },
    user: makeUser(m),
    async flushEvents() {
      while (m.pendingEvents.length) {
        const p = m.pendingEvents;
        m.pendingEvents = [];
        await Promise.all(p);
      }
    },
    get eventHandlers() {
      return { changed: m.handlers.changed.size, selection: m.handlers.selection.size };
    },
  };
  return fake;
}

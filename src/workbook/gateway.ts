/**
 * The workbook port. Use cases (src/workbook/usecases.ts) talk only to this;
 * adapters: Office.js (src/workbook/office*.ts, the only code calling Excel.*),
 * OOXML for Node (src/workbook/xlsx/), and an in-memory fake (src/workbook/fake.ts).
 *
 * Each method is meant to be ONE round trip (one context.sync() in Office):
 * an apply is read() + snapshot() + write() = 3 syncs whatever the row count. Column widths travel with
 * them: read() returns them (SheetMatrix.columnWidths), write() sets them (WriteBatch.columns).
 */
import type { RestoreWrite } from "../domain/plan";
import type { CellSnapshot } from "../domain/record";
import type { OwnedSheetTable } from "../domain/review-sheet";
import type { SummaryChart, SummaryFill } from "../domain/summary";
import type { CellAddress, CellRect, CellValue, Localized, SheetMatrix } from "../domain/types";

export interface SheetInfo {
  name: string;
  visibility: "visible" | "hidden" | "veryHidden";
  /** Sheet protection is on. */
  protected: boolean;
  /**
   * What a protected sheet still allows (adapters that can read it): formatting cells (fills, wrap), formatting
   * columns (widths), editing objects (notes, comments). Values may always be written into unlocked cells.
   */
  allows?: { formatCells: boolean; formatColumns: boolean; editObjects: boolean };
}

/** A snapshot as an adapter returns it: `locked` is set on a protected sheet when the adapter can read it. */
export interface CellState extends CellSnapshot {
  /** The cell is locked (only reported for a protected sheet; undefined = unknown, treat as locked). */
  locked?: boolean;
}

export interface Capabilities {
  /** Threaded comments (ExcelApi 1.10). */
  comments: boolean;
  /** Notes (ExcelApi 1.18). */
  notes: boolean;
  /** Excel.run({ mergeUndoGroup }) (ExcelApi 1.20). */
  mergeUndoGroup: boolean;
  /**
   * The adapter implements WriteBatch.removeOwned. Sheets that only clear removes (the summary sheet) are created
   * only where it is true, so that clear always gives the workbook back. Optional: absent = false.
   */
  removeOwned?: boolean;
  /** The adapter implements WriteBatch.print (print settings of the checksheet). Optional: absent = false. */
  print?: boolean;
  /** The adapter draws OwnedSheetWrite.chart (a native chart). Optional: absent = false (the rows are written alone). */
  charts?: boolean;
}

export interface ReadOptions {
  /** Sheet to read in full. Omitted: read every visible sheet so detection can pick. */
  sheet?: string;
  /** Read every visible sheet (for sheet auto-pick) even when `sheet` is given. */
  allSheets?: boolean;
  /** Only the sheet list, protection and the stored record: no sheet contents (clear, save certification). */
  recordOnly?: boolean;
  /**
   * Sheets the add-in owns (e.g. 審査記録), matched by exact name, to read in full whatever their visibility
   * (a user may hide them); returned in WorkbookRead.owned, also with `recordOnly`.
   */
  owned?: string[];
  /**
   * Sheets (exact names, any visibility) whose extent of values and drawing objects are reported in
   * WorkbookRead.probed, without reading their contents (clear asks whether the user put something of their own on
   * the summary sheet).
   */
  probe?: string[];
}

/** What ReadOptions.probe tells of a sheet. */
export interface SheetProbe {
  name: string;
  /** The rectangle holding every value of the sheet (null: no values). */
  used: CellRect | null;
  /** Names of its charts (the OOXML adapter: its charts, pictures and shapes); undefined where the host cannot tell. */
  drawings?: string[];
}

export interface WorkbookRead {
  sheets: SheetInfo[];
  activeSheet: string | null;
  /** Matrices of the sheets read (the one asked for, or all visible ones). */
  matrices: SheetMatrix[];
  /** Column A of the record sheet (RECORD_SHEET_NAME, exact name, any visibility), or null when absent. */
  recordCells: CellValue[] | null;
  /** The owned sheets asked for in ReadOptions.owned that exist (exact name), whatever their visibility. */
  owned?: SheetMatrix[];
  /** The probed sheets that exist (ReadOptions.probe). */
  probed?: SheetProbe[];
  capabilities: Capabilities;
  /** Things the adapter could not read in full (e.g. merged areas beyond a host limit), for the user. */
  warnings?: Localized[];
}

/**
 * A cell write. Anything left undefined is not touched. The same shape as the domain's restore writes
 * (RestoreWrite in domain/plan.ts, where each field is documented, `native` included).
 */
export type CellWrite = RestoreWrite;

/** A note or threaded comment on a cell (mirrored review comments). */
export interface CellNote {
  row: number;
  col: number;
  /** Text; null deletes the note. */
  text: string | null;
}

/**
 * A sheet owned by the add-in (e.g. 審査記録), rewritten IN PLACE: created once (visible) when missing, never deleted
 * and re-added (formulas that refer to it would become #REF!). The add-in owns columns 0..columns-1 from row 0:
 * `rows` is written there, rows below it are emptied in those columns only. Everything else on the sheet (the user's
 * extra columns, formats, filters, widths, visibility) is kept.
 */
export interface OwnedSheetWrite {
  name: string;
  rows: CellValue[][];
  /** Number of columns (from A) the add-in owns. */
  columns: number;
  /**
   * Optional table decoration over rows[headerRow..lastRow] (filter buttons, frozen header, list validation, links to
   * cells of other sheets). An adapter that cannot decorate writes the rows alone.
   */
  table?: OwnedSheetTable;
  /** Column widths (character units) set when the sheet is created (an existing sheet keeps the user's). Optional. */
  widths?: number[];
  /** Print settings set when the sheet is created (fitted to the page width). Optional. */
  print?: { fitToWidth: boolean };
  /**
   * Cells filled on every write (the summary's legend swatches), within the owned columns. An adapter that cannot
   * fill writes the rows alone.
   */
  fills?: OwnedCellFill[];
  /**
   * A native chart over some of `rows` (the summary's items per class), replaced on every write: the adapter finds
   * its own chart by `name` and never touches another chart. Drawn only where Capabilities.charts.
   */
  chart?: OwnedChart;
}

/** A filled cell of an owned sheet (0-based; color #RRGGBB): the summary's legend swatches (domain/summary.ts). */
export type OwnedCellFill = SummaryFill;

/**
 * A clustered bar chart on an owned sheet: categories rows[firstRow..lastRow][categoryCol], values in valueCol
 * (numbers), placed over the cells topLeft..bottomRight (0-based, inclusive); the summary's chart (domain/summary.ts).
 */
export type OwnedChart = SummaryChart;

export interface WriteBatch {
  sheet: string;
  cells: CellWrite[];
  /**
   * New content of the record store (column A of RECORD_SHEET_NAME, written in place, padded with empty cells over
   * the old content's length); null removes the store; undefined leaves it.
   */
  record?: string[] | null;
  /**
   * When the record is written relative to the cells, so that a batch failing half-way (Excel does not roll back)
   * always leaves a record describing every mark present: "before-cells" (default) when the batch adds marks,
   * "after-cells" when it removes them (clear, undo).
   */
  recordWhen?: "before-cells" | "after-cells";
  ownedSheets?: OwnedSheetWrite[];
  /** Owned sheets to remove (explicit removal only, never as part of a save; exact names). */
  removeOwned?: string[];
  notes?: CellNote[];
  /** Column widths to set on `sheet` (same round trip). */
  columns?: ColumnWrite[];
  /** Print settings of `sheet` (same round trip); only for an adapter with Capabilities.print. */
  print?: PrintWrite;
}

/**
 * Print settings of the checksheet: fitted to the page width (any number of pages tall) with the header rows
 * repeated on every page. With `restore`, the settings before the first apply are put back instead (the adapter
 * keeps settings the user changed since).
 */
export interface PrintWrite {
  fitToWidth: boolean;
  /** 0-based rows repeated at the top of every printed page (inclusive). */
  titleRows?: { top: number; bottom: number };
  /** Adapter token of the settings before the first apply (SheetMatrix.printNative): restore them. */
  restore?: string;
}

/** A column width write. */
export interface ColumnWrite {
  /** 0-based column index. */
  col: number;
  /** Width in Excel character units (SheetMatrix.columnWidths); null = back to the sheet's default width. */
  width: number | null;
  /**
   * Adapter-specific exact-restore token (SheetMatrix.columnsNative) for all widths of the sheet. An adapter that
   * understands it uses it only when it agrees with the widths written (so widths changed by hand since are kept).
   */
  native?: string;
  /**
   * Write only when the column's current width is still this (what the add-in set; character units, null = default),
   * so a width the user changed since is kept. The Office adapter compares with the widths it loaded in the preceding
   * snapshot() of the same sheet (the columns of the snapshotted cells).
   */
  expect?: number | null;
}

/** What a write did that its batch did not ask for (WorkbookGateway.write). */
export interface WriteOutcome {
  /**
   * Cells of the batch's sheet that the user typed in while the write was under way (after the snapshot it was
   * planned on): the user's entry was put back, so each holds what the user typed (`now`), not what the batch wrote.
   * 0-based. Only an adapter over a workbook the user edits while the add-in works (Office) has any.
   */
  keptTyped: { row: number; col: number; now: CellValue }[];
}

/** The cells a write kept as the user typed them (none when the adapter returned nothing). */
export function keptTypedOf(outcome: WriteOutcome | void): WriteOutcome["keptTyped"] {
  return outcome ? outcome.keptTyped : [];
}

export interface WorkbookGateway {
  /** One round trip: sheets, matrices, stored record, capabilities. */
  read(options?: ReadOptions): Promise<WorkbookRead>;
  /** One round trip: current value/formula/fill (+ native token) of the given cells. */
  snapshot(sheet: string, cells: CellAddress[]): Promise<CellState[]>;
  /**
   * One round trip: apply all writes. Must change nothing if it fails (check protection first). May say what it did
   * that the batch did not ask for (WriteOutcome); nothing returned = exactly the batch.
   */
  write(batch: WriteBatch): Promise<WriteOutcome | void>;
  /** Select and scroll to a cell (task pane item click). Optional for non-interactive adapters. */
  select?(sheet: string, cell: CellAddress): Promise<void>;
  /**
   * Follow the workbook live (task pane): cell changes and selection changes, where the host has the events
   * (feature-detected by the adapter). Returns the function that stops listening. Optional: absent = no live updates.
   * FakeWorkbook implements it; OfficeGateway does not yet (worksheets.onChanged / onSelectionChanged, ExcelApi 1.9).
   */
  subscribe?(handlers: WorkbookEventHandlers): Promise<() => void>;
}

/** Live events (WorkbookGateway.subscribe). Rows and columns are 0-based. */
export interface WorkbookEventHandlers {
  /** Cells of `sheet` changed (by the user or another add-in); `cells` is the changed area when known. */
  onChanged?(e: { sheet: string; cells: CellAddress[] | null }): void;
  /** The selection moved to `cell` (top-left of the selection) on `sheet`. */
  onSelection?(e: { sheet: string; cell: CellAddress }): void;
}

/** An error with a message for the user in both languages (never a stack trace in the UI). */
export class UserFacingError extends Error {
  constructor(
    readonly code: string,
    readonly localized: Localized,
  ) {
    super(localized.en);
    this.name = "UserFacingError";
  }
}

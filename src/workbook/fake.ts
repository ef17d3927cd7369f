/**
 * In-memory WorkbookGateway for tests and demos. Counts round trips and
 * applies a write batch atomically (all or nothing).
 */
import { RECORD_SHEET_NAME, type CellSnapshot } from "../domain/record";
import type { CellAddress, CellRect, CellValue, ListValidation, SheetMatrix } from "../domain/types";
import type { OwnedSheetTable } from "../domain/review-sheet";
import { valuesExtent } from "../domain/sparse";
import {
  UserFacingError,
  type Capabilities,
  type OwnedChart,
  type OwnedSheetWrite,
  type ReadOptions,
  type WorkbookEventHandlers,
  type WorkbookGateway,
  type WorkbookRead,
  type WriteBatch,
  type WriteOutcome,
} from "./gateway";

export interface FakeCell {
  value: CellValue;
  formula?: string | null;
  fill?: string | null;
  wrap?: boolean;
}

export interface FakeSheet {
  name: string;
  visibility: "visible" | "hidden" | "veryHidden";
  protected: boolean;
  /** "r:c" -> cell */
  cells: Map<string, FakeCell>;
  merges: CellRect[];
  hiddenRows: number[];
  validations: ListValidation[];
  notes: Map<string, string>;
  /** Column index -> width in character units (absent = default width). */
  widths: Map<number, number>;
  /** Table decoration of an owned sheet (OwnedSheetWrite.table), as last written. */
  table?: OwnedSheetTable;
  /** The add-in's native chart (OwnedSheetWrite.chart), as last drawn (only with Capabilities.charts). */
  chart?: OwnedChart;
  /** Charts or pictures a user put on the sheet (by name; tests add them). */
  userDrawings?: string[];
  /** Print settings (absent = the sheet's defaults). */
  print?: { fitToWidth: boolean; titleRows?: { top: number; bottom: number } };
}

export interface FakeSheetSeed {
  name: string;
  values: CellValue[][];
  formulas?: (string | null)[][];
  fills?: (string | null)[][];
  visibility?: FakeSheet["visibility"];
  protected?: boolean;
  merges?: CellRect[];
  hiddenRows?: number[];
  validations?: ListValidation[];
  /** Column index -> width in character units. */
  widths?: Record<number, number>;
}

const k = (r: number, c: number) => `${r}:${c}`;

export class FakeWorkbook implements WorkbookGateway {
  sheets: FakeSheet[] = [];
  active: string | null = null;
  roundTrips = 0;
  capabilities: Capabilities = { comments: true, notes: false, mergeUndoGroup: false, removeOwned: true, print: true };
  /** When set, the next write throws this (to test that nothing changes). */
  failNextWrite: Error | null = null;

  constructor(seeds: FakeSheetSeed[] = [], active?: string) {
    for (const s of seeds) this.addSheet(s);
    this.active = active ?? seeds.find((s) => (s.visibility ?? "visible") === "visible")?.name ?? null;
  }

  addSheet(seed: FakeSheetSeed): FakeSheet {
    const cells = new Map<string, FakeCell>();
    seed.values.forEach((row, r) =>
      (row ?? []).forEach((v, c) => {
        const formula = seed.formulas?.[r]?.[c] ?? null;
        const fill = seed.fills?.[r]?.[c] ?? null;
        if (v !== null && v !== undefined && v !== "") cells.set(k(r, c), { value: v, formula, fill });
        else if (formula || fill) cells.set(k(r, c), { value: null, formula, fill });
      }),
    );
    const sheet: FakeSheet = {
      name: seed.name,
      visibility: seed.visibility ?? "visible",
      protected: seed.protected ?? false,
      cells,
      merges: seed.merges ?? [],
      hiddenRows: seed.hiddenRows ?? [],
      validations: seed.validations ?? [],
      notes: new Map(),
      widths: new Map(Object.entries(seed.widths ?? {}).map(([c, w]) => [Number(c), w])),
    };
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  matrixOf(s: FakeSheet): SheetMatrix {
    let rows = 0;
    let cols = 0;
    for (const key of s.cells.keys()) {
      const [r, c] = key.split(":").map(Number);
      rows = Math.max(rows, r + 1);
      cols = Math.max(cols, c + 1);
    }
    const values: CellValue[][] = Array.from({ length: rows }, () => Array<CellValue>(cols).fill(null));
    const formulas: (string | null)[][] = Array.from({ length: rows }, () => Array<string | null>(cols).fill(null));
    for (const [key, cell] of s.cells) {
      const [r, c] = key.split(":").map(Number);
      values[r][c] = cell.value;
      formulas[r][c] = cell.formula ?? null;
    }
    // Widths from column 0 to the used width (merges included) + 3, and of every column set explicitly.
    let span = cols;
    for (const m of s.merges) span = Math.max(span, m.right + 1);
    for (const c of s.widths.keys()) span = Math.max(span, c + 1);
    const columnWidths: (number | null)[] = Array.from({ length: span + 4 }, (_, c) => s.widths.get(c) ?? null);
    // Cells with only a fill or wrap, and notes, are in use too.
    let usedColumns = 0;
    for (const key of [...s.cells.keys(), ...s.notes.keys()]) usedColumns = Math.max(usedColumns, Number(key.split(":")[1]) + 1);
    return {
      name: s.name,
      values,
      formulas,
      columnWidths,
      usedColumns,
      merges: s.merges,
      hiddenRows: s.hiddenRows,
      validations: s.validations,
      visibility: s.visibility,
      protectedSheet: s.protected,
      printNative: JSON.stringify(s.print ?? null),
    };
  }

  async read(options: ReadOptions = {}): Promise<WorkbookRead> {
    this.roundTrips++;
    const wanted = this.sheets.filter(
      (s) =>
        !options.recordOnly &&
        s.name !== RECORD_SHEET_NAME &&
        (options.sheet === s.name || ((options.allSheets || !options.sheet) && s.visibility === "visible")),
    );
    const rec = this.sheets.find((x) => x.name === RECORD_SHEET_NAME);
    let recordCells: CellValue[] | null = null;
    if (rec) {
      recordCells = [];
      for (const [key, cell] of rec.cells) {
        const [r, c] = key.split(":").map(Number);
        if (c === 0) recordCells[r] = cell.value;
      }
      for (let i = 0; i < recordCells.length; i++) if (recordCells[i] === undefined) recordCells[i] = null;
    }
    return {
      sheets: this.sheets.map((s) => ({ name: s.name, visibility: s.visibility, protected: s.protected })),
      activeSheet: this.active,
      matrices: wanted.map((s) => this.matrixOf(s)),
      recordCells,
      owned: (options.owned ?? []).flatMap((n) => {
        const o = this.sheets.find((x) => x.name === n);
        return o ? [this.matrixOf(o)] : [];
      }),
      ...(options.probe
        ? {
            probed: options.probe.flatMap((n) => {
              const o = this.sheets.find((x) => x.name === n);
              return o ? [{ name: o.name, used: valuesExtent(this.matrixOf(o).values), drawings: [...(o.chart ? [o.chart.name] : []), ...(o.userDrawings ?? [])] }] : [];
            }),
          }
        : {}),
      capabilities: { ...this.capabilities },
    };
  }

  async snapshot(sheetName: string, cells: CellAddress[]): Promise<CellSnapshot[]> {
    this.roundTrips++;
    const s = this.sheet(sheetName);
    if (!s) throw new UserFacingError("no-sheet", { ja: `シート「${sheetName}」がありません。`, en: `No sheet "${sheetName}".` });
    return cells.map(({ row, col }) => {
      const c = s.cells.get(k(row, col));
      return { row, col, value: c?.value ?? null, formula: c?.formula ?? null, fill: c?.fill ?? null, wrap: c?.wrap ?? false };
    });
  }

  /** Nothing happens between its steps, so nothing is put back: it never returns a WriteOutcome (a subclass may). */
  async write(batch: WriteBatch): Promise<WriteOutcome | void> {
    this.roundTrips++;
    if (this.failNextWrite) {
      const e = this.failNextWrite;
      this.failNextWrite = null;
      throw e;
    }
    const s = this.sheet(batch.sheet);
    if (batch.cells.length && !s)
      throw new UserFacingError("no-sheet", { ja: `シート「${batch.sheet}」がありません。`, en: `No sheet "${batch.sheet}".` });
    if ((batch.columns?.length ?? 0) > 0 && !s)
      throw new UserFacingError("no-sheet", { ja: `シート「${batch.sheet}」がありません。`, en: `No sheet "${batch.sheet}".` });
    if (s && s.protected && (batch.cells.length || batch.columns?.length))
      throw new UserFacingError("protected", {
        ja: `シート「${batch.sheet}」は保護されています（何も変更していません）。`,
        en: `Sheet "${batch.sheet}" is protected (nothing was changed).`,
      });
    for (const w of batch.cells) {
      const key = k(w.row, w.col);
      const cur: FakeCell = { ...(s!.cells.get(key) ?? { value: null, formula: null, fill: null }) };
      if (w.formula !== undefined) {
        cur.formula = w.formula;
        cur.value = null;
      } else if (w.value !== undefined) {
        cur.value = w.value;
        cur.formula = null;
      }
      if (w.fill !== undefined) cur.fill = w.fill;
      if (w.wrap === true) cur.wrap = true;
      else if (w.wrap === false) delete cur.wrap;
      if ((cur.value === null || cur.value === "") && !cur.formula && !cur.fill && !cur.wrap) s!.cells.delete(key);
      else s!.cells.set(key, cur);
    }
    if (batch.print && s) {
      const want = { fitToWidth: batch.print.fitToWidth, ...(batch.print.titleRows ? { titleRows: batch.print.titleRows } : {}) };
      if (batch.print.restore !== undefined) {
        // Back to the settings before the first apply, unless the user changed them since.
        if (JSON.stringify(s.print ?? null) === JSON.stringify(want)) {
          const before = JSON.parse(batch.print.restore) as FakeSheet["print"] | null;
          if (before) s.print = before;
          else delete s.print;
        }
      } else s.print = want;
    }
    for (const c of batch.columns ?? []) {
      if (c.expect !== undefined && (s!.widths.get(c.col) ?? null) !== c.expect) continue; // changed by the user since
      if (c.width === null) s!.widths.delete(c.col);
      else s!.widths.set(c.col, c.width);
    }
    if (batch.record !== undefined) {
      const idx = this.sheets.findIndex((x) => x.name === RECORD_SHEET_NAME);
      if (batch.record === null) {
        if (idx >= 0) this.sheets.splice(idx, 1);
      } else if (idx < 0) {
        this.addSheet({ name: RECORD_SHEET_NAME, values: batch.record.map((v) => [v]), visibility: "veryHidden" });
      } else {
        // In place: column A rewritten, old rows beyond the new length emptied.
        const store = this.sheets[idx];
        for (const key of [...store.cells.keys()]) if (key.endsWith(":0")) store.cells.delete(key);
        batch.record.forEach((v, r) => store.cells.set(k(r, 0), { value: v, formula: null, fill: null }));
      }
    }
    for (const own of batch.ownedSheets ?? []) {
      const existing = this.sheets.find((x) => x.name === own.name);
      if (!existing) {
        const added = this.addSheet({ name: own.name, values: own.rows });
        if (own.table) added.table = own.table;
        this.decorateOwned(added, own);
        continue;
      }
      if (own.table) existing.table = own.table;
      // In place: the add-in's columns only; the user's other columns, fills and visibility stay.
      for (const key of [...existing.cells.keys()]) {
        const [r, c] = key.split(":").map(Number);
        if (c < own.columns && r >= own.rows.length) existing.cells.delete(key);
      }
      own.rows.forEach((row, r) => {
        for (let c = 0; c < own.columns; c++) {
          const v = row[c] ?? null;
          const cur = existing.cells.get(k(r, c));
          if (v === null || v === "") {
            if (cur && !cur.fill && !cur.wrap) existing.cells.delete(k(r, c));
            else if (cur) existing.cells.set(k(r, c), { ...cur, value: null, formula: null });
          } else existing.cells.set(k(r, c), { ...(cur ?? { fill: null }), value: v, formula: null });
        }
      });
      this.decorateOwned(existing, own);
    }
    for (const n of batch.removeOwned ?? []) {
      const idx = this.sheets.findIndex((x) => x.name === n && x.name !== RECORD_SHEET_NAME);
      if (idx >= 0) this.sheets.splice(idx, 1);
    }
    for (const n of batch.notes ?? []) {
      if (!s) break;
      if (n.text === null) s.notes.delete(k(n.row, n.col));
      else s.notes.set(k(n.row, n.col), n.text);
    }
  }

  /**
   * The owned sheet's fills (each listed cell filled; a cell of the owned columns showing one of those colours
   * elsewhere, an earlier swatch whose row moved, unfilled) and its chart where the capabilities say charts.
   */
  private decorateOwned(sheet: FakeSheet, own: OwnedSheetWrite): void {
    if (own.fills) {
      const want = new Map(own.fills.filter((f) => f.col < own.columns).map((f) => [k(f.row, f.col), f.color.toUpperCase()]));
      const colours = new Set(want.values());
      for (const [key, cell] of [...sheet.cells]) {
        const col = Number(key.split(":")[1]);
        if (col >= own.columns || want.has(key) || !cell.fill || !colours.has(cell.fill.toUpperCase())) continue;
        if ((cell.value === null || cell.value === "") && !cell.formula && !cell.wrap) sheet.cells.delete(key);
        else sheet.cells.set(key, { ...cell, fill: null });
      }
      for (const [key, color] of want) sheet.cells.set(key, { ...(sheet.cells.get(key) ?? { value: null, formula: null }), fill: color });
    }
    if (own.chart && this.capabilities.charts) sheet.chart = own.chart;
  }

  async select(sheet: string, cell: CellAddress): Promise<void> {
    this.roundTrips++;
    this.active = sheet;
    this.selected = { sheet, ...cell };
  }
  selected: { sheet: string; row: number; col: number } | null = null;

  /** Live events: `subscribe` registers handlers; tests (and demos) fire them with emitChange / emitSelection. */
  private listeners: WorkbookEventHandlers[] = [];
  /** Set false to model a host without the events (subscribe is then absent). */
  supportsEvents = true;

  get subscribe(): WorkbookGateway["subscribe"] {
    if (!this.supportsEvents) return undefined;
    return async (handlers: WorkbookEventHandlers) => {
      this.listeners.push(handlers);
      return () => {
        this.listeners = this.listeners.filter((h) => h !== handlers);
      };
    };
  }

  /** Number of live subscriptions (to check that the pane stops listening). */
  get subscriptions(): number {
    return this.listeners.length;
  }

  /** Set a cell as the user would, then fire the change event. */
  userEdit(sheet: string, row: number, col: number, value: CellValue): void {
    const s = this.sheet(sheet);
    if (!s) throw new Error(`no sheet ${sheet}`);
    const cur = s.cells.get(k(row, col)) ?? { value: null, formula: null, fill: null };
    s.cells.set(k(row, col), { ...cur, value, formula: null });
    this.emitChange(sheet, [{ row, col }]);
  }

  emitChange(sheet: string, cells: CellAddress[] | null): void {
    for (const h of [...this.listeners]) h.onChanged?.({ sheet, cells });
  }

  emitSelection(sheet: string, cell: CellAddress): void {
    for (const h of [...this.listeners]) h.onSelection?.({ sheet, cell });
  }

  /** Canonical serialization of the whole workbook state, for identity checks. */
  serialize(): string {
    return JSON.stringify(
      this.sheets.map((s) => ({
        name: s.name,
        visibility: s.visibility,
        protected: s.protected,
        cells: [...s.cells.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        notes: [...s.notes.entries()].sort(),
        widths: [...s.widths.entries()].sort((a, b) => a[0] - b[0]),
        ...(s.print ? { print: s.print } : {}),
        ...(s.chart ? { chart: s.chart } : {}),
      })),
    );
  }
}

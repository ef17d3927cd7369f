/**
 * Use cases shared by the task pane, the ribbon commands and the CLI.
 * They talk only to the WorkbookGateway port. Round trips:
 *   analyzeWorkbook = 1, applyCoverage = 3 (read, snapshot, write), clearMarks = 3, saveCertification = 2.
 * Column widths ride along: their previous values come with the read (SheetMatrix.columnWidths) and are set /
 * restored in the same write batch as the cells.
 */
import { computeCoverage } from "../domain/coverage";
import { crosswalkHash } from "../domain/crosswalk-hash";
import { detectChecksheet, pickSheet } from "../domain/detect";
import {
  cellsOf,
  composeAfter,
  composeColumnRestore,
  composeColumnsNative,
  composeRestore,
  describeKept,
  keptDuringWrite,
  normFill,
  planAnnotate,
  planRestore,
  sameValue,
  type AnnotatePlan,
  type KeptChange,
  type PlannedCell,
} from "../domain/plan";
import {
  decodeRecord,
  emptyRecord,
  encodeRecord,
  RecordError,
  RECORD_SHEET_NAME,
  type AddinRecord,
  type AppliedCell,
  type CellSnapshot,
  type ColumnChange,
  type LayerKind,
  type MarkLayer,
} from "../domain/record";
import type {
  Certification,
  CertificationEvaluation,
  CoverageResult,
  Crosswalk,
  DetectionResult,
  Localized,
  SheetMatrix,
} from "../domain/types";
import { verifyDetection } from "../domain/verify";
import { detectChecksheetVersion, versionWarning, type DetectedVersion } from "../domain/version";
import { foreignSummaryContent, isSummarySheetName, keptSummaryMessage, SUMMARY_SHEET_NAMES } from "../domain/summary";
import { describeError, evaluate } from "./usecases-core";

export { describeError, evaluate };
/** for the pane, which has the use cases as a lazy chunk and compares the workbook's crosswalk hash with it */
export { crosswalkHash };
import {
  keptTypedOf,
  UserFacingError,
  type CellWrite,
  type ColumnWrite,
  type OwnedSheetWrite,
  type WorkbookGateway,
  type WorkbookRead,
} from "./gateway";
import { existingSummarySheet, rewriteSummaryAfterTyped, summaryWriteOf, withValues } from "./summary-write";

export interface Progress {
  step: "read" | "detect" | "snapshot" | "write" | "done";
  /** 0..1 */
  fraction: number;
  message: Localized;
}

export interface UseCaseContext {
  crosswalk: Crosswalk;
  /** The date coverage is evaluated for (YYYY-MM-DD). */
  today: string;
  /** ISO timestamp source. */
  now: () => string;
  tool: "addin" | "cli";
  lang?: "ja" | "en";
  onProgress?: (p: Progress) => void;
}

export const REVIEW_SHEET_NAME = "審査記録";
const OWN_SHEETS = new Set([RECORD_SHEET_NAME, REVIEW_SHEET_NAME]);

export interface Analysis {
  read: WorkbookRead;
  record: AddinRecord | null;
  recordError: Localized | null;
  sheet: string | null;
  matrix: SheetMatrix | null;
  detection: DetectionResult | null;
  /** Errors from picking / detecting the checksheet. */
  errors: Localized[];
  certification: Certification | null;
  evaluation: CertificationEvaluation | null;
  coverage: CoverageResult;
  /** The guideline edition named on the sheet's title or cover. */
  checksheetVersion: DetectedVersion;
  /** Findings about the sheet itself (checksheet version, content that disagrees), with stable codes. */
  warnings: AnalysisWarning[];
}

export interface AnalysisWarning {
  code: string;
  message: Localized;
}

function progress(ctx: UseCaseContext, step: Progress["step"], fraction: number, ja: string, en: string) {
  ctx.onProgress?.({ step, fraction, message: { ja, en } });
}


/** Decide from a read (no round trip). */
export function analyzeRead(
  read: WorkbookRead,
  ctx: UseCaseContext,
  opts: { sheet?: string; certification?: Certification | null } = {},
): Analysis {
  let record: AddinRecord | null = null;
  let recordError: Localized | null = null;
  try {
    record = decodeRecord(read.recordCells);
  } catch (e) {
    if (e instanceof RecordError) recordError = e.localized;
    else throw e;
  }
  const catalog = ctx.crosswalk.entries;
  const candidates = read.matrices.filter((m) => !OWN_SHEETS.has(m.name) && !isSummarySheetName(m.name) && m.visibility !== "veryHidden");
  const errors: Localized[] = [];
  let detection: DetectionResult | null = null;
  let matrix: SheetMatrix | null = null;
  const preferred = opts.sheet ?? record?.sheet ?? undefined;
  const picked = pickSheet(candidates, catalog, preferred && candidates.some((m) => m.name === preferred) ? preferred : undefined);
  errors.push(...picked.errors);
  if (picked.sheet) {
    matrix = candidates.find((m) => m.name === picked.sheet) ?? null;
    detection = picked.results.find((r) => r.sheet === picked.sheet) ?? (matrix ? detectChecksheet(matrix, catalog) : null);
    // Numbers matched; now check that the text under each number says what the catalog entry says.
    if (detection?.ok) detection = verifyDetection(detection, catalog);
  }
  const checksheetVersion = detectChecksheetVersion(candidates, detection?.sheet ?? null);
  const warnings = sheetWarnings(detection, checksheetVersion, ctx.crosswalk);
  // What the adapter could not read as asked (e.g. merged areas beyond Excel's limit): said, not hidden.
  for (const w of read.warnings ?? []) warnings.push({ code: "read-degraded", message: w });
  if (opts.sheet && !candidates.some((m) => m.name === opts.sheet))
    errors.push({ ja: `シート「${opts.sheet}」が見つかりません。`, en: `Sheet "${opts.sheet}" was not found.` });
  const certification = opts.certification !== undefined ? opts.certification : (record?.certification ?? null);
  const evaluation = evaluate(ctx, certification);
  const ids = detection?.ok ? new Set(detection.items.map((i) => i.catalogId!).filter(Boolean)) : undefined;
  const coverage = computeCoverage(ctx.crosswalk, evaluation, ids);
  return {
    read,
    record,
    recordError,
    sheet: detection?.sheet ?? null,
    matrix,
    detection,
    errors,
    certification,
    evaluation,
    coverage,
    checksheetVersion,
    warnings,
  };
}

function sheetWarnings(detection: DetectionResult | null, version: DetectedVersion, crosswalk: Crosswalk): AnalysisWarning[] {
  const out: AnalysisWarning[] = [];
  const vw = versionWarning(version, crosswalk);
  if (vw) out.push(vw);
  if (!detection?.ok || !("unverified" in detection)) return out;
  const v = detection as ReturnType<typeof verifyDetection>;
  if (v.unverified.length)
    out.push({
      code: "content-unverified",
      message: {
        ja: `${v.unverified.length} 項目は番号の位置の文言が対応表の項目と一致しません（要確認）。充足とせず、一括入力もしません: ${v.unverified
          .map((u) => `${u.catalogId}（${u.row + 1}行目）`)
          .join("、")}`,
        en: `${v.unverified.length} item(s) say something other than the catalog entry of their number (to be checked); not covered, not bulk-marked: ${v.unverified
          .map((u) => `${u.catalogId} (row ${u.row + 1})`)
          .join(", ")}`,
      },
    });
  if (v.matchedByContent.length)
    out.push({
      code: "matched-by-content",
      message: {
        ja: `${v.matchedByContent.length} 項目は番号ではなく文言で照合しました（内容で照合）: ${v.matchedByContent
          .map((u) => `${u.rawId}（${u.row + 1}行目）→ ${u.catalogId}`)
          .join("、")}`,
        en: `${v.matchedByContent.length} item(s) matched by content, not by number: ${v.matchedByContent
          .map((u) => `${u.rawId} (row ${u.row + 1}) → ${u.catalogId}`)
          .join(", ")}`,
      },
    });
  if (v.unchecked)
    out.push({
      code: "content-not-checked",
      message: {
        ja: `${v.unchecked} 項目は項目の文言が読み取れないため、番号だけで照合しました（内容は未確認）。`,
        en: `${v.unchecked} item(s) have no readable text; matched by number only (content not checked).`,
      },
    });
  return out;
}

/** One round trip: read the workbook, pick and detect the checksheet, compute coverage. */
export async function analyzeWorkbook(
  gw: WorkbookGateway,
  ctx: UseCaseContext,
  opts: { sheet?: string; certification?: Certification | null } = {},
): Promise<Analysis> {
  progress(ctx, "read", 0.1, "ブックを読み込んでいます…", "Reading the workbook…");
  const read = await gw.read({ sheet: opts.sheet, allSheets: true, owned: [REVIEW_SHEET_NAME] });
  progress(ctx, "detect", 0.5, "チェックシートの項目を探しています…", "Finding the checksheet items…");
  const a = analyzeRead(read, ctx, opts);
  progress(ctx, "done", 1, "読み込みが完了しました。", "Done.");
  return a;
}

/** "Could not identify the checksheet items", with every reason detection gave. */
export function noChecksheetError(a: Analysis): UserFacingError {
  const why = [...a.errors, ...(a.detection?.errors ?? [])];
  return new UserFacingError("no-checksheet", {
    ja: `チェックシートの項目を確認できませんでした。${why.map((w) => w.ja).join(" ")}`.trim(),
    en: `Could not identify the checksheet items. ${why.map((w) => w.en).join(" ")}`.trim(),
  });
}

/** The detected checksheet of an analysis; refuses a hand-edited record and a sheet without items. */
export function checksheetOf(a: Analysis): { detection: DetectionResult; matrix: SheetMatrix } {
  if (a.recordError) throw new UserFacingError("record-tampered", a.recordError);
  if (!a.detection || !a.matrix || !a.detection.ok) throw noChecksheetError(a);
  return { detection: a.detection, matrix: a.matrix };
}

/** checksheetOf, plus what makes writing unsafe: duplicate ids and a protected sheet. */
function requireDetection(a: Analysis): { detection: DetectionResult; matrix: SheetMatrix } {
  checksheetOf(a);
  const detection = a.detection!;
  refuseDuplicates(detection);
  const sheetInfo = a.read.sheets.find((s) => s.name === detection.sheet);
  if (sheetInfo?.protected)
    throw new UserFacingError("protected", {
      ja: `シート「${detection.sheet}」は保護されています。色付けには「セルの書式設定」の許可が、参照を書き込む 2 列にはロックされていないセルが必要です。保護を解除してから実行してください（何も変更していません）。一括入力は保護されたままでも、ロックされていない回答欄に書き込めます。`,
      en: `Sheet "${detection.sheet}" is protected. Highlighting needs the "Format cells" permission and the two reference columns need unlocked cells. Unprotect it and try again (nothing was changed). Bulk-mark can still write into unlocked answer cells of the protected sheet.`,
    });
  return { detection, matrix: a.matrix! };
}

/** Duplicate item ids make it ambiguous which row to mark: refuse rather than guess. */
export function refuseDuplicates(d: DetectionResult): void {
  if (!d.duplicates.length) return;
  const list = d.duplicates.map((x) => `${x.id}（${x.rows.map((r) => r + 1).join("・")}行）`).join("、");
  const listEn = d.duplicates.map((x) => `${x.id} (rows ${x.rows.map((r) => r + 1).join(", ")})`).join(", ");
  throw new UserFacingError("duplicate-ids", {
    ja: `同じ項目番号が複数の行にあります: ${list}。どの行に印を付けるか決められないため、重複を解消してから実行してください。`,
    en: `The same item id appears on several rows: ${listEn}. Remove the duplicates first; the add-in will not guess which row to mark.`,
  });
}

function toWrite(c: PlannedCell): CellWrite {
  return { row: c.row, col: c.col, value: c.value, fill: c.fill, wrap: c.wrap };
}

function appliedOf(c: PlannedCell): AppliedCell {
  const a: AppliedCell = { row: c.row, col: c.col };
  if (c.value !== undefined) a.value = c.value;
  if (c.fill !== undefined) a.fill = c.fill;
  if (c.wrap !== undefined) a.wrap = c.wrap;
  return a;
}

export interface ApplyOutcome {
  analysis: Analysis;
  plan: AnnotatePlan;
  cellsWritten: number;
  /** Cells re-applied over an earlier apply (restored first). */
  replaced: number;
  /** Properties the user changed since an earlier apply wrote them: kept, not overwritten. */
  kept: KeptChange[];
  keptMessage: Localized | null;
}

/**
 * Apply: highlight covered answer cells (A/B), flag C/D, write the references in two add-in columns,
 * store the certification and the previous state of every touched cell. 3 round trips.
 */
export async function applyCoverage(
  gw: WorkbookGateway,
  ctx: UseCaseContext,
  opts: { certification: Certification; sheet?: string },
): Promise<ApplyOutcome> {
  progress(ctx, "read", 0.05, "ブックを読み込んでいます…", "Reading the workbook…");
  const read = await gw.read({ sheet: opts.sheet, allSheets: true, owned: [REVIEW_SHEET_NAME] });
  progress(ctx, "detect", 0.3, "項目を照合しています…", "Matching the items…");
  const analysis = analyzeRead(read, ctx, { sheet: opts.sheet, certification: opts.certification });
  const { detection, matrix } = requireDetection(analysis);

  // An earlier annotate on this sheet is replaced in place (re-apply, renewal); a bulk-mark above it stays.
  // Every cell keeps the "before" of the first layer that touched it.
  const record = analysis.record ?? emptyRecord(ctx.now());
  const sheetLayers = record.layers.filter((l) => l.sheet === detection.sheet);
  const oldAnnotate = sheetLayers.filter((l) => l.kind === "annotate");
  // Compute the plan against the sheet as it was before the earlier annotate (its columns are ours).
  const baseMatrix = oldAnnotate.length ? stripCells(matrix, composeRestore(oldAnnotate), oldAnnotate) : matrix;
  const plan = planAnnotate(
    baseMatrix,
    detection,
    analysis.coverage,
    ctx.lang ?? "ja",
    analysis.warnings.filter((w) => w.code.includes("version")).map((w) => w.message),
    new Map(ctx.crosswalk.entries.map((e) => [e.id, e])),
  );
  const oldRestore = composeRestore(oldAnnotate);
  const oldAfter = new Map(composeAfter(oldAnnotate).map((a) => [`${a.row}:${a.col}`, a]));
  const firstBefore = new Map(composeRestore(sheetLayers).map((s) => [`${s.row}:${s.col}`, s]));
  const targets = cellsOf([...plan.cells, ...oldRestore]);

  progress(ctx, "snapshot", 0.5, "変更前の状態を記録しています…", "Recording the current state…");
  const current = await gw.snapshot(detection.sheet, targets);
  const now = new Map(current.map((s) => [`${s.row}:${s.col}`, s]));
  const planned = new Set(plan.cells.map((c) => `${c.row}:${c.col}`));
  const before = plan.cells.map((c) => firstBefore.get(`${c.row}:${c.col}`) ?? now.get(`${c.row}:${c.col}`)!);

  // Cells of the earlier annotate that the new plan no longer uses: restored by intent.
  const dropped = oldRestore.filter((s) => !planned.has(`${s.row}:${s.col}`));
  const restore = planRestore(dropped, [...oldAfter.values()], current);
  // Planned cells: a property the user changed since the earlier annotate wrote it is kept, not overwritten.
  const kept: KeptChange[] = [...restore.kept];
  const written: PlannedCell[] = [];
  for (const c of plan.cells) {
    const k = `${c.row}:${c.col}`;
    const prev = oldAfter.get(k);
    const cur = now.get(k);
    const w: PlannedCell = { ...c };
    if (prev && cur) {
      if (w.value !== undefined && prev.value !== undefined && !sameValue(cur.formula ?? cur.value, prev.value)) {
        kept.push({ row: c.row, col: c.col, field: "value", wrote: prev.value, now: cur.formula ?? cur.value, original: firstBefore.get(k)?.value ?? null });
        delete w.value;
      }
      if (w.fill !== undefined && prev.fill !== undefined && normFill(cur.fill) !== normFill(prev.fill)) {
        kept.push({ row: c.row, col: c.col, field: "fill", wrote: prev.fill, now: cur.fill, original: firstBefore.get(k)?.fill ?? null });
        delete w.fill;
      }
    }
    if (w.value !== undefined || w.fill !== undefined || w.wrap !== undefined) written.push(w);
  }
  const writes: CellWrite[] = [...restore.writes, ...written.map(toWrite)];
  const writtenKeys = new Set(written.map((c) => `${c.row}:${c.col}`));
  const widths = planColumns(plan, matrix, oldAnnotate);
  const layer: MarkLayer = {
    kind: "annotate",
    sheet: detection.sheet,
    at: ctx.now(),
    tool: ctx.tool,
    before: before.filter((b) => writtenKeys.has(`${b.row}:${b.col}`)),
    after: written.map(appliedOf),
    addinColumns: [plan.statusCol, plan.refsCol],
  };
  if (widths.changes.length) {
    layer.columns = widths.changes;
    if (widths.native !== undefined) layer.columnsNative = widths.native;
  }
  // Print-ready: fitted to the page width, the header row on every page; the settings before the first apply are
  // recorded so clear puts them back.
  const printNative = oldAnnotate.find((l) => l.print)?.print?.native ?? matrix.printNative;
  const print =
    read.capabilities.print && printNative !== undefined
      ? { fitToWidth: true, ...(detection.headerRow !== null ? { titleRows: { top: detection.headerRow, bottom: detection.headerRow } } : {}) }
      : null;
  if (print) layer.print = { native: printNative!, ...print };
  // The new annotate takes the place of the old one (so a later bulk-mark still comes after it).
  const layers: MarkLayer[] = [];
  let placed = false;
  for (const l of record.layers) {
    if (oldAnnotate.includes(l)) {
      if (!placed) layers.push(layer);
      placed = true;
    } else layers.push(l);
  }
  if (!placed) layers.push(layer);
  const next: AddinRecord = {
    ...record,
    certification: opts.certification,
    crosswalkVersion: ctx.crosswalk.crosswalkVersion,
    crosswalkHash: crosswalkHash(ctx.crosswalk),
    sheet: detection.sheet,
    layers,
    updatedAt: ctx.now(),
  };
  progress(ctx, "write", 0.75, `${plan.cells.length} 個のセルに書き込んでいます…`, `Writing ${plan.cells.length} cells…`);
  const summary = summaryWriteOf(analysis, next, ctx, { create: true });
  // Record first: if the batch fails half-way, the record already describes every mark that may be present.
  const wrote = await gw.write({
    sheet: detection.sheet,
    cells: writes,
    record: encodeRecord(next),
    recordWhen: "before-cells",
    ...(widths.writes.length ? { columns: widths.writes } : {}),
    ...(summary ? { ownedSheets: [summary] } : {}),
    ...(print ? { print } : {}),
  });
  // What the user typed in a cell of ours while it was being written is theirs (the adapter put it back): said so.
  const typed = keptDuringWrite(keptTypedOf(wrote), writes, (r, c) => firstBefore.get(`${r}:${c}`)?.value ?? now.get(`${r}:${c}`)?.value ?? null);
  kept.push(...typed);
  progress(ctx, "done", 1, "適用しました。", "Applied.");
  return { analysis, plan, cellsWritten: writes.length - typed.length, replaced: oldRestore.length, kept, keptMessage: describeKept(kept) };
}

/**
 * Column widths for an apply: the planned widths, each with the width it had before the add-in first touched it
 * (an earlier annotate's "before" wins, like cells). A column whose current width the adapter did not read is left
 * alone (it could not be restored). Columns of an earlier annotate that the new plan no longer uses are restored.
 */
function planColumns(
  plan: AnnotatePlan,
  matrix: SheetMatrix,
  oldAnnotate: MarkLayer[],
): { changes: ColumnChange[]; writes: ColumnWrite[]; native: string | undefined } {
  const old = new Map(composeColumnRestore(oldAnnotate).map((c) => [c.col, c]));
  const changes: ColumnChange[] = [];
  const writes: ColumnWrite[] = [];
  const plannedCols = new Set(plan.columns.map((c) => c.col));
  for (const c of old.values()) if (!plannedCols.has(c.col)) writes.push({ col: c.col, width: c.before });
  for (const c of plan.columns) {
    const current = matrix.columnWidths?.[c.col];
    const before = old.has(c.col) ? old.get(c.col)!.before : current;
    if (before === undefined) continue;
    changes.push({ col: c.col, before, after: c.width });
    writes.push({ col: c.col, width: c.width });
  }
  const native = old.size ? composeColumnsNative(oldAnnotate) : matrix.columnsNative;
  return { changes, writes, native };
}

/**
 * The matrix as it would be with the given snapshots' values restored (for re-planning): the earlier annotate's
 * columns are the add-in's, not "in use" (unless the user put something right of them).
 */
function stripCells(matrix: SheetMatrix, restore: CellSnapshot[], layers: MarkLayer[]): SheetMatrix {
  const values = matrix.values.map((r) => (r ? r.slice() : [])); // slice keeps holes (far-right cells, see domain/sparse.ts)
  for (const s of restore) {
    if (!values[s.row]) values[s.row] = [];
    values[s.row][s.col] = s.value;
  }
  const ours = layers.flatMap((l) => l.addinColumns ?? (l.columns ?? []).map((c) => c.col));
  let usedColumns = matrix.usedColumns;
  if (usedColumns !== undefined && ours.length && usedColumns <= Math.max(...ours) + 1) usedColumns = Math.min(...ours);
  return { ...matrix, values, ...(usedColumns !== undefined ? { usedColumns } : {}) };
}

export interface ClearOutcome {
  /** Cells written back. */
  restored: number;
  /** Properties the user changed after the add-in wrote them: kept (restored only with `force`). */
  kept: KeptChange[];
  /** "Kept 3 answers you typed; 2 cells you recoloured", or null. */
  keptMessage: Localized | null;
  /** True when written; false for a dry run (what a clear would do, for the confirmation). */
  done: boolean;
  /** The summary sheet was kept (not deleted) for the user's own content on it, and why; null otherwise. */
  keptSummary?: Localized | null;
  /** The summary sheet this clear deletes (or, dry run, would delete); null when none. */
  removesSummary?: string | null;
}

/**
 * Clear with no record left: a summary sheet may still be there (kept by an earlier clear for the user's content on
 * it, or left by a write that failed half-way). It goes unless the user's own content is on it (`force`: it goes).
 */
async function clearLeftoverSummary(
  gw: WorkbookGateway,
  ctx: UseCaseContext,
  read: WorkbookRead,
  opts: { force?: boolean; dryRun?: boolean; only?: LayerKind },
): Promise<ClearOutcome> {
  const nothing: ClearOutcome = { restored: 0, kept: [], keptMessage: null, done: true };
  const sheet = opts.only ? null : existingSummarySheet(read);
  if (!sheet) return nothing;
  const probe = read.probed?.find((p) => p.name === sheet);
  const foreign = probe && !opts.force ? foreignSummaryContent(probe) : null;
  if (foreign) return { ...nothing, done: !opts.dryRun, keptSummary: keptSummaryMessage(sheet, foreign, { cli: ctx.tool === "cli", preview: !!opts.dryRun }) };
  if (opts.dryRun) return { ...nothing, done: false, removesSummary: sheet };
  await gw.write({ sheet: read.activeSheet ?? read.sheets[0]?.name ?? "", cells: [], recordWhen: "after-cells", removeOwned: [sheet] });
  return { ...nothing, removesSummary: sheet };
}

/** Sheets the add-in record has layers on, in the order they were first written. */
export async function recordedSheets(gw: WorkbookGateway): Promise<string[]> {
  const record = recordOf(await gw.read({ recordOnly: true }));
  return record ? [...new Set(record.layers.map((l) => l.sheet))] : [];
}

/**
 * Clear: undo the add-in's layers (all, or only the bulk-marks) by intent: a property goes back to its original only
 * where it is still what the add-in wrote; what the user typed or changed since is kept and reported (`force`
 * restores the originals anyway). A record edited by hand is refused.
 */
export async function clearMarks(
  gw: WorkbookGateway,
  ctx: UseCaseContext,
  opts: { force?: boolean; only?: LayerKind; keepCertification?: boolean; dryRun?: boolean; /** only the layers on this sheet */ sheet?: string } = {},
): Promise<ClearOutcome> {
  progress(ctx, "read", 0.1, "アドインの記録を読み込んでいます…", "Reading the add-in record…");
  // Undoing only some layers keeps the summary sheet current, which needs the checksheet's contents (same round trip).
  // The summary sheet is read too: what the user put on it keeps it from being deleted with the last marks.
  const summaryNames = [SUMMARY_SHEET_NAMES.ja, SUMMARY_SHEET_NAMES.en];
  const read = await gw.read(opts.only ? { allSheets: true, owned: [REVIEW_SHEET_NAME], probe: summaryNames } : { recordOnly: true, probe: summaryNames });
  const record = recordOf(read);
  if (!record) return clearLeftoverSummary(gw, ctx, read, opts);
  const layers = record.layers.filter((l) => (!opts.only || l.kind === opts.only) && (opts.sheet === undefined || l.sheet === opts.sheet));
  // The summary sheet goes with the last marks (a clear of everything, not of one sheet while others stay marked).
  const summarySheet = existingSummarySheet(read);
  const clearsAll = !opts.only && layers.length === record.layers.length;
  // Deleted with the last marks, unless the user put something of their own on it (cells right of the add-in's
  // columns, a chart or picture of theirs): then it stays as it is and the user is told (`force` deletes it anyway).
  const summaryProbe = summarySheet ? read.probed?.find((m) => m.name === summarySheet) : undefined;
  const foreign = clearsAll && summaryProbe && !opts.force ? foreignSummaryContent(summaryProbe) : null;
  const keptSummary = foreign && summarySheet ? keptSummaryMessage(summarySheet, foreign, { cli: ctx.tool === "cli", preview: !!opts.dryRun }) : null;
  const removeSummary = clearsAll && summarySheet && !foreign ? { removeOwned: [summarySheet] } : {};
  const removesSummary = removeSummary.removeOwned?.[0] ?? null;
  const sheets = [...new Set(layers.map((l) => l.sheet))];
  for (const sheet of sheets) {
    const info = read.sheets.find((s) => s.name === sheet);
    if (!info)
      throw new UserFacingError("sheet-gone", {
        ja: `記録されたシート「${sheet}」がありません。消去できません。`,
        en: `The recorded sheet "${sheet}" no longer exists; cannot clear.`,
      });
    // Undoing bulk-mark writes values only, which a protected sheet allows in unlocked cells (the adapter checks
    // each cell precisely); anything else needs formats.
    if (info.protected && layers.some((l) => l.kind !== "bulk-mark"))
      throw new UserFacingError("protected", {
        ja: `シート「${sheet}」は保護されています。保護を解除してから実行してください（何も変更していません）。`,
        en: `Sheet "${sheet}" is protected. Unprotect it and try again (nothing was changed).`,
      });
  }
  if (sheets.length > 1)
    throw new UserFacingError("multi-sheet", {
      ja: `複数のシート（${sheets.join("、")}）に記録があります。シートを指定して消去してください（CLI は --sheet NAME、指定しなければ全シート）。`,
      en: `The record spans several sheets (${sheets.join(", ")}); clear one sheet at a time (CLI: --sheet NAME, or no --sheet for all of them).`,
    });
  const remaining = record.layers.filter((l) => !layers.includes(l));
  const keepRecord =
    remaining.length > 0 ||
    (opts.keepCertification && record.certification !== null) ||
    Object.keys(record.evidence).length > 0 ||
    record.signoff !== null;
  if (sheets.length === 0) {
    if (!keepRecord || removeSummary.removeOwned) {
      // A dry run writes nothing (it used to remove a record holding only a certification, or evidence, here).
      if (opts.dryRun) return { restored: 0, kept: [], keptMessage: null, done: false, keptSummary, removesSummary };
      await gw.write({
        sheet: read.activeSheet ?? read.sheets[0]?.name ?? "",
        cells: [],
        ...(keepRecord ? {} : { record: null }),
        recordWhen: "after-cells",
        ...removeSummary,
      });
    }
    return { restored: 0, kept: [], keptMessage: null, done: true, keptSummary, removesSummary };
  }
  const sheet = sheets[0];
  const original = composeRestore(layers);
  const after = composeAfter(layers);
  const columnsNative = composeColumnsNative(layers);
  // A width goes back only while it is still the one the add-in set (a width the user changed since is kept).
  const columns: ColumnWrite[] = composeColumnRestore(layers).map((c) => {
    const w: ColumnWrite = { col: c.col, width: c.before };
    if (!opts.force) w.expect = c.after;
    if (columnsNative !== undefined) w.native = columnsNative;
    return w;
  });
  const printLayer = layers.find((l) => l.print)?.print;
  const print = printLayer && read.capabilities.print ? { restore: printLayer.native, fitToWidth: printLayer.fitToWidth, ...(printLayer.titleRows ? { titleRows: printLayer.titleRows } : {}) } : null;
  progress(ctx, "snapshot", 0.4, "手作業の変更がないか確認しています…", "Checking for changes made by hand…");
  const current = await gw.snapshot(sheet, cellsOf(original));
  const plan = planRestore(original, after, current, { force: opts.force });
  if (opts.dryRun)
    return { restored: plan.writes.length, kept: plan.kept, keptMessage: describeKept(plan.kept), done: false, keptSummary, removesSummary };
  const next: AddinRecord | null = keepRecord
    ? { ...record, layers: remaining, sheet: remaining.length ? record.sheet : null, updatedAt: ctx.now() }
    : null;
  progress(ctx, "write", 0.7, `${plan.writes.length} 個のセルを元に戻しています…`, `Restoring ${plan.writes.length} cells…`);
  let summary = null;
  let summaryOf: ((after: { detection: DetectionResult; matrix: SheetMatrix }) => OwnedSheetWrite | null) | null = null;
  let base: { detection: DetectionResult; matrix: SheetMatrix } | null = null;
  if (opts.only && next) {
    const a = analyzeRead(read, ctx);
    if (a.detection?.ok && a.matrix && a.detection.sheet === sheet) {
      base = { detection: a.detection, matrix: a.matrix };
      summaryOf = (after) => summaryWriteOf(a, next, ctx, after);
      summary = summaryOf(withValues(base.detection, base.matrix, plan.writes));
    }
  }
  // Cells first, record after: if the batch fails half-way the record still describes every mark left.
  const wrote = await gw.write({
    sheet,
    cells: plan.writes,
    record: next ? encodeRecord(next) : null,
    recordWhen: "after-cells",
    ...(columns.length ? { columns } : {}),
    ...removeSummary,
    ...(summary ? { ownedSheets: [summary] } : {}),
    ...(print ? { print } : {}),
  });
  // A cell the user typed in while it was being restored keeps their entry (the adapter put it back): said so, and
  // the summary sheet (kept current by an undo of bulk-mark) follows what is in it.
  if (summary && summaryOf && base) await rewriteSummaryAfterTyped(gw, sheet, keptTypedOf(wrote), summaryOf, base, plan.writes);
  progress(ctx, "done", 1, "元に戻しました。", "Restored.");
  const originals = new Map(original.map((o) => [`${o.row}:${o.col}`, o.value]));
  const typed = keptDuringWrite(keptTypedOf(wrote), after, (r, c) => originals.get(`${r}:${c}`) ?? null);
  const typedCells = new Set(typed.map((t) => `${t.row}:${t.col}`));
  const kept = [...plan.kept, ...typed];
  return {
    restored: plan.writes.filter((w) => !typedCells.has(`${w.row}:${w.col}`)).length,
    kept,
    keptMessage: describeKept(kept),
    done: true,
    keptSummary,
    removesSummary,
  };
}

/** The stored record of a read; a record edited by hand or malformed is a user-facing refusal. */
function recordOf(read: WorkbookRead): AddinRecord | null {
  try {
    return decodeRecord(read.recordCells);
  } catch (e) {
    if (e instanceof RecordError) throw new UserFacingError(`record-${e.code}`, e.localized);
    throw e;
  }
}

/** Store (or replace) the certification in the workbook record. 2 round trips. */
export async function saveCertification(gw: WorkbookGateway, ctx: UseCaseContext, certification: Certification | null): Promise<void> {
  const read = await gw.read({ recordOnly: true });
  const record = recordOf(read);
  const next: AddinRecord = { ...(record ?? emptyRecord(ctx.now())), certification, updatedAt: ctx.now() };
  const sheet = read.activeSheet ?? read.sheets[0]?.name ?? "";
  await gw.write({ sheet, cells: [], record: encodeRecord(next) });
}


/**
 * The summary sheet's write: built by the pure summarySheetRows (src/domain/summary.ts) from an analysis and the
 * record as they will be after a write, and carried by that same write batch (OwnedSheetWrite, in place), so it
 * costs no round trip. Written by apply; kept current by every later write while the workbook is annotated;
 * removed by clear.
 */
import type { AddinRecord } from "../domain/record";
import { answersFromDetection, parseReviewSheet, REVIEW_SHEET_NAME, verifySignOff, type ReviewEntry } from "../domain/review";
import { isSummarySheetName, remarksOf, summarySheetName, summarySheetLayout, SUMMARY_COLUMNS, SUMMARY_WIDTHS } from "../domain/summary";
import type { CellValue, CertificationEvaluation, CoverageResult, DetectionResult, SheetMatrix } from "../domain/types";
import type { OwnedSheetWrite, WorkbookGateway, WorkbookRead, WriteOutcome } from "./gateway";

/** Minimal view of an analysis (avoids an import cycle with usecases.ts). */
export interface SummarySource {
  read: WorkbookRead;
  matrix: SheetMatrix | null;
  detection: DetectionResult | null;
  evaluation: CertificationEvaluation | null;
  coverage: CoverageResult;
}

export interface SummaryContext {
  lang?: "ja" | "en";
  today: string;
  crosswalk: { crosswalkVersion: string };
}

/** The summary sheet present in the workbook, if any. */
export function existingSummarySheet(read: WorkbookRead): string | null {
  return read.sheets.find((s) => isSummarySheetName(s.name))?.name ?? null;
}

/** The sheet as it will be after these value writes (answers typed by bulk-mark, values restored by undo). */
export function withValues(
  detection: DetectionResult,
  matrix: SheetMatrix,
  writes: { row: number; col: number; value?: CellValue; formula?: string }[],
): { detection: DetectionResult; matrix: SheetMatrix } {
  const changed = writes.filter((w) => w.value !== undefined || w.formula !== undefined);
  if (!changed.length) return { detection, matrix };
  const values = matrix.values.map((r) => (r ? [...r] : []));
  const byCell = new Map<string, CellValue>();
  for (const w of changed) {
    const v = w.formula !== undefined ? null : (w.value ?? null);
    if (!values[w.row]) values[w.row] = [];
    values[w.row][w.col] = v;
    byCell.set(`${w.row}:${w.col}`, v);
  }
  const items = detection.items.map((it) => {
    const k = `${it.answer.row}:${it.answer.col}`;
    return byCell.has(k) ? { ...it, answerValue: byCell.get(k)! } : it;
  });
  return { detection: { ...detection, items }, matrix: { ...matrix, values } };
}

/**
 * The summary write for a batch, or null when there is nothing to keep current (the workbook is not annotated
 * and has no summary sheet, or the checksheet is not detected).
 */
export function summaryWriteOf(
  a: SummarySource,
  record: AddinRecord | null,
  ctx: SummaryContext,
  opts: { create?: boolean; detection?: DetectionResult; matrix?: SheetMatrix; reviews?: ReviewEntry[] } = {},
): OwnedSheetWrite | null {
  const existing = existingSummarySheet(a.read);
  const annotated = !!record?.layers.some((l) => l.kind === "annotate");
  if (!opts.create && !existing && !annotated) return null;
  // Never create a sheet the adapter could not remove again on clear.
  if (!existing && !a.read.capabilities.removeOwned) return null;
  const detection = opts.detection ?? a.detection;
  const matrix = opts.matrix ?? a.matrix;
  if (!detection || !detection.ok) return null;
  const lang = ctx.lang ?? "ja";
  let reviews = opts.reviews;
  if (!reviews) {
    const m = a.read.owned?.find((x) => x.name === REVIEW_SHEET_NAME);
    reviews = m ? parseReviewSheet(m.values).entries : [];
  }
  const signoff = record?.signoff ?? null;
  const layout = summarySheetLayout({
    lang,
    certification: record?.certification ?? null,
    evaluation: a.evaluation,
    asOf: a.evaluation?.asOf ?? ctx.today,
    coverage: a.coverage,
    detection,
    remarks: remarksOf(detection, matrix),
    evidence: record?.evidence ?? {},
    reviews,
    signoff,
    signoffCheck: signoff ? verifySignOff(signoff, answersFromDetection(detection)) : null,
    crosswalkVersion: record?.crosswalkVersion ?? ctx.crosswalk.crosswalkVersion,
  });
  return {
    name: existing ?? summarySheetName([], lang),
    rows: layout.rows,
    columns: SUMMARY_COLUMNS,
    widths: [...SUMMARY_WIDTHS],
    print: { fitToWidth: true },
    fills: layout.fills,
    chart: layout.chart,
  };
}

/**
 * After a write that kept what the user typed in some of its cells (WorkbookGateway.write's keptTyped), the summary
 * sheet written with it describes the batch's values, not the user's (an answer typed as いいえ would not be listed
 * to check): it is written again from the cells as they are, in one more write, only then. Should that write fail,
 * the summary stays as the batch wrote it until the add-in's next write redraws it; the user's cells and the record
 * are in either way, so the failure is not reported as the operation's.
 */
export async function rewriteSummaryAfterTyped(
  gw: WorkbookGateway,
  sheet: string,
  typed: WriteOutcome["keptTyped"],
  summaryOf: (after: { detection: DetectionResult; matrix: SheetMatrix }) => OwnedSheetWrite | null,
  base: { detection: DetectionResult; matrix: SheetMatrix },
  writes: { row: number; col: number; value?: CellValue; formula?: string }[],
): Promise<void> {
  if (!typed.length) return;
  const summary = summaryOf(withValues(base.detection, base.matrix, [...writes, ...typed.map((t) => ({ row: t.row, col: t.col, value: t.now }))]));
  if (!summary) return;
  await gw.write({ sheet, cells: [], ownedSheets: [summary] }).catch(() => undefined);
}

/**
 * Use cases for the applicant's bulk-mark and the reviewer's workflow, shared by the task pane and the CLI.
 * Round trips: previewBulkMark 1, applyBulkMark 3, undoBulkMark 3, addEvidence 2, setReviews 2, signOff 2,
 * checkConsistency 1.
 */
import { runConsistencyChecks, type Finding } from "../domain/checks";
import { diffSubmissions, snapshotFromDetection, type ItemChange } from "../domain/diff";
import { planBulkMark, type BulkMarkPlan } from "../domain/mark";
import { cellsOf } from "../domain/plan";
import { emptyRecord, encodeRecord, type AddinRecord, type AppliedCell, type EvidenceRef, type MarkLayer } from "../domain/record";
import {
  answersFromDetection,
  makeSignOff,
  parseReviewSheet,
  REVIEW_SHEET_NAME,
  reviewNoteText,
  reviewSheetRows,
  setReview,
  verifySignOff,
  type ReviewEntry,
  type ReviewUpdate,
  type SignOffCheck,
} from "../domain/review";
import type { Localized } from "../domain/types";
import { UserFacingError, type CellNote, type CellWrite, type WorkbookGateway } from "./gateway";
import { remarksOf } from "../domain/summary";
import { summaryWriteOf, withValues } from "./summary-write";
import { analyzeRead, checksheetOf, clearMarks, refuseDuplicates, type Analysis, type ClearOutcome, type UseCaseContext } from "./usecases";

function detectionForWrite(a: Analysis) {
  const d = checksheetOf(a);
  refuseDuplicates(d.detection);
  return d;
}

export interface BulkMarkOptions {
  sheet?: string;
  remarksTemplate?: string;
  /** The user's choice of the "yes" value when the sheet's list is missing or ambiguous. */
  yesValue?: string;
}

export interface BulkMarkPreview {
  analysis: Analysis;
  plan: BulkMarkPlan;
}

function planFor(a: Analysis, opts: BulkMarkOptions, ctx: UseCaseContext): BulkMarkPlan {
  const { detection, matrix } = detectionForWrite(a);
  const sheetInfo = a.read.sheets.find((s) => s.name === detection.sheet);
  return planBulkMark({
    detection,
    coverage: a.coverage,
    certification: a.certification,
    yesValue: opts.yesValue,
    remarksTemplate: opts.remarksTemplate ?? a.record?.remarksTemplate,
    lang: ctx.lang ?? "ja",
    matrix,
    lockedProtected: sheetInfo?.protected ?? false,
  });
}

/** One round trip: the exact list of cells bulk-mark would change, with conflicts and contradictions. */
export async function previewBulkMark(gw: WorkbookGateway, ctx: UseCaseContext, opts: BulkMarkOptions = {}): Promise<BulkMarkPreview> {
  const read = await gw.read({ sheet: opts.sheet, allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const analysis = analyzeRead(read, ctx, { sheet: opts.sheet });
  return { analysis, plan: planFor(analysis, opts, ctx) };
}

/**
 * Answer every covered, empty answer cell with the sheet's own "yes" value and write the remarks note.
 * Recorded as a "bulk-mark" layer so undoBulkMark restores every cell exactly. 3 round trips.
 */
export async function applyBulkMark(gw: WorkbookGateway, ctx: UseCaseContext, opts: BulkMarkOptions = {}): Promise<BulkMarkPreview> {
  ctx.onProgress?.({ step: "read", fraction: 0.1, message: { ja: "ブックを読み込んでいます…", en: "Reading the workbook…" } });
  const read = await gw.read({ sheet: opts.sheet, allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const analysis = analyzeRead(read, ctx, { sheet: opts.sheet });
  const plan = planFor(analysis, opts, ctx);
  if (!plan.ok) {
    const why = plan.blocked.length
      ? plan.blocked
      : [{ ja: "書き込める空欄の回答セルがありません。", en: "There is no empty answer cell to fill." }];
    throw new UserFacingError("bulk-mark-blocked", { ja: why.map((w) => w.ja).join(" "), en: why.map((w) => w.en).join(" ") });
  }
  const sheet = analysis.detection!.sheet;
  ctx.onProgress?.({ step: "snapshot", fraction: 0.4, message: { ja: "変更前の状態を記録しています…", en: "Recording the current state…" } });
  const before = await gw.snapshot(sheet, cellsOf(plan.writes));
  // Refuse if a planned cell is no longer empty (changed between read and snapshot).
  const changed = before.filter((s, i) => {
    const w = plan.writes[i];
    return w.kind === "answer" && s.value !== null && s.value !== "" && String(s.value) !== String(w.before ?? "");
  });
  if (changed.length)
    throw new UserFacingError("changed-meanwhile", {
      ja: "読み込み後に回答セルが変更されました。もう一度プレビューしてください（何も変更していません）。",
      en: "Answer cells changed after reading. Preview again (nothing was changed).",
    });
  // Remarks are wrapped so the text written is readable in the column (and restored with the rest on undo).
  const writes: CellWrite[] = plan.writes.map((w) => ({ row: w.row, col: w.col, value: w.value, ...(w.kind === "remarks" ? { wrap: true } : {}) }));
  const after: AppliedCell[] = plan.writes.map((w) => ({ row: w.row, col: w.col, value: w.value, ...(w.kind === "remarks" ? { wrap: true } : {}) }));
  const record: AddinRecord = analysis.record ?? emptyRecord(ctx.now());
  const layer: MarkLayer = { kind: "bulk-mark", sheet, at: ctx.now(), tool: ctx.tool, before, after };
  const next: AddinRecord = {
    ...record,
    sheet,
    layers: [...record.layers, layer],
    remarksTemplate: opts.remarksTemplate ?? record.remarksTemplate,
    updatedAt: ctx.now(),
  };
  ctx.onProgress?.({ step: "write", fraction: 0.7, message: { ja: `${writes.length} 個のセルに書き込んでいます…`, en: `Writing ${writes.length} cells…` } });
  const { detection, matrix } = checksheetOf(analysis);
  const summary = summaryWriteOf(analysis, next, ctx, withValues(detection, matrix, writes));
  await gw.write({ sheet, cells: writes, record: encodeRecord(next), ...(summary ? { ownedSheets: [summary] } : {}) });
  ctx.onProgress?.({ step: "done", fraction: 1, message: { ja: "一括入力しました。", en: "Bulk-mark done." } });
  return { analysis, plan };
}

/** Undo every bulk-mark from the saved record (not Excel's undo). Asks (returns handEdits) if cells were changed since. */
export function undoBulkMark(gw: WorkbookGateway, ctx: UseCaseContext, opts: { force?: boolean; dryRun?: boolean } = {}): Promise<ClearOutcome> {
  return clearMarks(gw, ctx, { only: "bulk-mark", force: opts.force, dryRun: opts.dryRun, keepCertification: true });
}

async function updateRecord(gw: WorkbookGateway, ctx: UseCaseContext, f: (r: AddinRecord, a: Analysis) => AddinRecord): Promise<AddinRecord> {
  const read = await gw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const a = analyzeRead(read, ctx);
  if (a.recordError) throw new UserFacingError("record-tampered", a.recordError);
  const next = f(a.record ?? emptyRecord(ctx.now()), a);
  const summary = summaryWriteOf(a, next, ctx);
  await gw.write({
    sheet: a.sheet ?? read.activeSheet ?? read.sheets[0]?.name ?? "",
    cells: [],
    record: encodeRecord({ ...next, updatedAt: ctx.now() }),
    ...(summary ? { ownedSheets: [summary] } : {}),
  });
  return next;
}

/** Attach an evidence reference (document, URL, page) to a C/D item; stored in the workbook record. */
export async function addEvidence(
  gw: WorkbookGateway,
  ctx: UseCaseContext,
  itemId: string,
  ref: Omit<EvidenceRef, "addedAt">,
): Promise<EvidenceRef[]> {
  if (!ref.document.trim())
    throw new UserFacingError("evidence-document", { ja: "証跡の文書名を入力してください。", en: "Enter the evidence document name." });
  if (!ctx.crosswalk.entries.some((e) => e.id === itemId))
    throw new UserFacingError("unknown-item", { ja: `項目「${itemId}」は対応表にありません。`, en: `Item "${itemId}" is not in the crosswalk.` });
  const rec = await updateRecord(gw, ctx, (r) => ({
    ...r,
    evidence: { ...r.evidence, [itemId]: [...(r.evidence[itemId] ?? []), { ...ref, document: ref.document.trim(), addedAt: ctx.now() }] },
  }));
  return rec.evidence[itemId];
}

export async function removeEvidence(gw: WorkbookGateway, ctx: UseCaseContext, itemId: string, index: number): Promise<EvidenceRef[]> {
  const rec = await updateRecord(gw, ctx, (r) => {
    const list = [...(r.evidence[itemId] ?? [])];
    list.splice(index, 1);
    const evidence = { ...r.evidence };
    if (list.length) evidence[itemId] = list;
    else delete evidence[itemId];
    return { ...r, evidence };
  });
  return rec.evidence[itemId] ?? [];
}

export function reviewEntriesOf(a: Analysis): { entries: ReviewEntry[]; errors: Localized[] } {
  // Owned sheets are read whatever their visibility (a reviewer may hide 審査記録); exact name only.
  const m = a.read.owned?.find((x) => x.name === REVIEW_SHEET_NAME) ?? a.read.matrices.find((x) => x.name === REVIEW_SHEET_NAME);
  if (!m) return { entries: [], errors: [] };
  const r = parseReviewSheet(m.values);
  return { entries: r.entries, errors: r.errors.map((e) => e.message) };
}

/**
 * Set review status/comment for items: written to the visible 審査記録 sheet (one row per item) and mirrored
 * as a note on the item's id cell when the host supports notes/comments. 2 round trips.
 */
export async function setReviews(
  gw: WorkbookGateway,
  ctx: UseCaseContext,
  updates: ReviewUpdate[],
  reviewer: string,
): Promise<ReviewEntry[]> {
  if (!reviewer.trim()) throw new UserFacingError("reviewer", { ja: "審査者名を入力してください。", en: "Enter the reviewer's name." });
  const read = await gw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const a = analyzeRead(read, ctx);
  const { detection } = checksheetOf(a);
  const existing = reviewEntriesOf(a);
  if (existing.errors.length)
    throw new UserFacingError("review-sheet", {
      ja: `「${REVIEW_SHEET_NAME}」シートを読み取れません: ${existing.errors.map((e) => e.ja).join(" ")}`,
      en: `Cannot read the "${REVIEW_SHEET_NAME}" sheet: ${existing.errors.map((e) => e.en).join(" ")}`,
    });
  let entries = existing.entries;
  const now = ctx.now();
  for (const u of updates) entries = setReview(entries, u, now, reviewer.trim());
  const order = ctx.crosswalk.entries.map((e) => ({ id: e.id, label: e.summary.ja, class: e.class }));
  const rows = reviewSheetRows(entries, order);
  const notes: CellNote[] = [];
  if (read.capabilities.notes || read.capabilities.comments) {
    for (const u of updates) {
      const item = detection.items.find((d) => d.catalogId === u.itemId);
      const entry = entries.find((e) => e.itemId === u.itemId);
      if (item && entry) notes.push({ row: item.row, col: detection.columns?.id[0] ?? item.answer.col, text: reviewNoteText(entry) });
    }
  }
  const summary = summaryWriteOf(a, a.record, ctx, { reviews: entries });
  await gw.write({
    sheet: detection.sheet,
    cells: [],
    ownedSheets: [{ name: REVIEW_SHEET_NAME, rows, columns: rows[0]?.length ?? 0 }, ...(summary ? [summary] : [])],
    notes,
  });
  return entries;
}

/** Sign off: reviewer, time and a hash of all answers, stored in the record. 2 round trips. */
export async function signOff(gw: WorkbookGateway, ctx: UseCaseContext, reviewer: string) {
  if (!reviewer.trim()) throw new UserFacingError("reviewer", { ja: "審査者名を入力してください。", en: "Enter the reviewer's name." });
  const rec = await updateRecord(gw, ctx, (r, a) => {
    const { detection } = checksheetOf(a);
    return { ...r, signoff: makeSignOff(answersFromDetection(detection), reviewer.trim(), ctx.now()) };
  });
  return rec.signoff!;
}

export interface ConsistencyReport {
  analysis: Analysis;
  findings: Finding[];
  signoff: SignOffCheck | null;
}

/** The reviewer's consistency checks. 1 round trip. */
export async function checkConsistency(gw: WorkbookGateway, ctx: UseCaseContext, opts: { sheet?: string } = {}): Promise<ConsistencyReport> {
  const read = await gw.read({ sheet: opts.sheet, allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const analysis = analyzeRead(read, ctx, { sheet: opts.sheet });
  return consistencyOf(analysis);
}

export function consistencyOf(analysis: Analysis): ConsistencyReport {
  const { detection } = checksheetOf(analysis);
  const findings = runConsistencyChecks({
    detection,
    coverage: analysis.coverage,
    certificationEvaluation: analysis.evaluation,
    evidence: analysis.record?.evidence ?? {},
    record: analysis.record,
    remarks: remarksOf(detection, analysis.matrix),
  });
  const signoff = analysis.record?.signoff ? verifySignOff(analysis.record.signoff, answersFromDetection(detection)) : null;
  return { analysis, findings, signoff };
}

/** Resubmission diff: items whose answer, remarks or evidence changed between two workbooks. 1 round trip each. */
export async function diffWorkbooks(oldGw: WorkbookGateway, newGw: WorkbookGateway, ctx: UseCaseContext): Promise<ItemChange[]> {
  const [ro, rn] = [await oldGw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] }), await newGw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] })];
  const ao = analyzeRead(ro, ctx);
  const an = analyzeRead(rn, ctx);
  const o = checksheetOf(ao);
  const n = checksheetOf(an);
  return diffSubmissions(
    snapshotFromDetection(o.detection, o.matrix, ao.record?.evidence ?? {}),
    snapshotFromDetection(n.detection, n.matrix, an.record?.evidence ?? {}),
  );
}

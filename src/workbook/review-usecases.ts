/**
 * Use cases for the applicant's bulk-mark and the reviewer's workflow, shared by the task pane and the CLI.
 * Round trips: previewBulkMark 1, applyBulkMark 3, undoBulkMark 3, addEvidence 2, setReviews 2, signOff 2,
 * checkConsistency 1.
 */
import { runConsistencyChecks, type Finding } from "../domain/checks";
import { diffSubmissions, snapshotFromDetection, type ItemChange } from "../domain/diff";
import { afterTypedMeanwhile, planBulkMark, remarksToWithdraw, type BulkMarkPlan } from "../domain/mark";
import { cellsOf, planRestore } from "../domain/plan";
import { emptyRecord, encodeRecord, type AddinRecord, type AppliedCell, type CellSnapshot, type EvidenceRef, type MarkLayer } from "../domain/record";
import {
  answersFromDetection,
  makeSignOff,
  parseReviewSheet,
  REVIEW_SHEET_NAME,
  reviewNoteText,
  setReview,
  verifySignOff,
  type ReviewEntry,
  type ReviewUpdate,
  type SignOffCheck,
} from "../domain/review";
import { sheetLabelOf } from "../domain/item-ref";
import { planBulkReview, type BulkReviewOptions, type BulkReviewPlan } from "../domain/review-bulk";
import { reviewSheetLayout, type ReviewSheetItem } from "../domain/review-sheet";
import { openFindings, openSummaryText, signOffFields, signOffState, type OpenSummary, type SignOffRecord, type SignOffState } from "../domain/signoff";
import { hostUtcOffset, localTimestamp } from "../domain/time";
import type { Localized } from "../domain/types";
import { keptTypedOf, UserFacingError, type CellNote, type CellWrite, type OwnedSheetWrite, type WorkbookGateway, type WriteOutcome } from "./gateway";
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

/** Protected sheets: bulk-mark writes values only, which Excel allows in unlocked cells (decided after the snapshot). */
const PROTECTED_NOTE: Localized = {
  ja: "シートは保護されています。値はロックされていないセルにだけ書き込みます（ロックされた回答欄は飛ばします）。",
  en: "The sheet is protected: values are written into unlocked cells only (locked answer cells are skipped).",
};

function planFor(a: Analysis, opts: BulkMarkOptions, ctx: UseCaseContext): BulkMarkPlan {
  const { detection, matrix } = detectionForWrite(a);
  const sheetInfo = a.read.sheets.find((s) => s.name === detection.sheet);
  const plan = planBulkMark({
    detection,
    coverage: a.coverage,
    certification: a.certification,
    yesValue: opts.yesValue,
    remarksTemplate: opts.remarksTemplate ?? a.record?.remarksTemplate,
    lang: ctx.lang ?? "ja",
    matrix,
    lockedProtected: false,
  });
  if (sheetInfo?.protected && plan.ok) plan.warnings = [...plan.warnings, PROTECTED_NOTE];
  return plan;
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
  let before = await gw.snapshot(sheet, cellsOf(plan.writes));
  if (analysis.read.sheets.find((s) => s.name === sheet)?.protected) {
    // A protected sheet: only unlocked cells can take values (the adapter reports `locked`; unknown = locked).
    const keep = before.map((s) => s.locked === false);
    plan.writes.forEach((w, i) => {
      if (!keep[i])
        plan.skipped.push({
          itemId: w.itemId,
          row: w.row,
          cell: w.cell,
          reason: "protected-sheet",
          answerWritten: false,
          message: {
            ja: `シートが保護されていて ${w.cell} はロックされているため書き込みませんでした。`,
            en: `The sheet is protected and ${w.cell} is locked, so it was not written.`,
          },
        });
    });
    plan.writes = plan.writes.filter((_, i) => keep[i]);
    before = before.filter((_, i) => keep[i]);
    if (!plan.writes.length)
      throw new UserFacingError("protected", {
        ja: `シート「${sheet}」は保護されていて、書き込む回答欄はすべてロックされています。回答欄のロックを外すか保護を解除してから実行してください（何も変更していません）。`,
        en: `Sheet "${sheet}" is protected and every answer cell to fill is locked. Unlock the answer cells or unprotect the sheet, then try again (nothing was changed).`,
      });
  }
  before = before.map(({ locked: _locked, ...s }) => s);
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
  // Remarks are wrapped so the text written is readable in the column (and restored with the rest on undo) — unless
  // the sheet is protected without the "Format cells" permission, where only values can be written.
  const info = analysis.read.sheets.find((s) => s.name === sheet);
  const canFormat = !info?.protected || info.allows?.formatCells === true;
  const wrapOf = (w: { kind: string }) => (w.kind === "remarks" && canFormat ? { wrap: true } : {});
  const writes: CellWrite[] = plan.writes.map((w) => ({ row: w.row, col: w.col, value: w.value, ...wrapOf(w) }));
  const after: AppliedCell[] = plan.writes.map((w) => ({ row: w.row, col: w.col, value: w.value, ...wrapOf(w) }));
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
  const wrote = await gw.write({ sheet, cells: writes, record: encodeRecord(next), ...(summary ? { ownedSheets: [summary] } : {}) });
  // Cells the user typed in while they were being written keep the user's entry (the adapter put it back): skipped.
  const typed = keptTypedOf(wrote);
  const withdrawn = typed.length ? await settleTypedMeanwhile(gw, ctx, { analysis, sheet, plan, typed, before, after, writes, record, next, layer }) : [];
  ctx.onProgress?.({ step: "done", fraction: 1, message: { ja: "一括入力しました。", en: "Bulk-mark done." } });
  return { analysis, plan: afterTypedMeanwhile(plan, typed, withdrawn) };
}

/**
 * After a bulk-mark write that kept what the user typed in some of its cells (WorkbookGateway.write's keptTyped),
 * the workbook is brought in line with the user's entries, in one more snapshot and write (only then):
 *  - the remarks of an item whose answer the user typed are taken back (the item is the user's answer now, as an
 *    answered item is left alone by bulk-mark), where the remarks cell is still bulk-mark's (restore by intent);
 *  - the record's layer no longer holds the user's cells nor the remarks taken back (so undo leaves them alone);
 *  - the summary sheet is written from the cells as they are (an answer typed as いいえ is listed to check).
 * Cells first, record after: if the write fails half-way, the first write's record still describes every cell
 * (a remark taken back is then already as it was before, which undo accepts). A failure is not the operation's
 * (its write stands): nothing is said to be taken back, and the next write redraws the summary.
 * Returns the remarks taken back.
 */
async function settleTypedMeanwhile(
  gw: WorkbookGateway,
  ctx: UseCaseContext,
  w: {
    analysis: Analysis;
    sheet: string;
    plan: BulkMarkPlan;
    typed: WriteOutcome["keptTyped"];
    before: CellSnapshot[];
    after: AppliedCell[];
    writes: CellWrite[];
    /** the record before this bulk-mark, and as its write stored it (with `layer`) */
    record: AddinRecord;
    next: AddinRecord;
    layer: MarkLayer;
  },
): Promise<{ row: number; col: number }[]> {
  const k = (c: { row: number; col: number }) => `${c.row}:${c.col}`;
  const typedKeys = new Set(w.typed.map(k));
  const withdraw = remarksToWithdraw(w.plan, w.typed);
  const withdrawKeys = new Set(withdraw.map(k));
  try {
    let restores: CellWrite[] = [];
    let takenBack: { row: number; col: number }[] = [];
    if (withdraw.length) {
      const current = await gw.snapshot(w.sheet, cellsOf(withdraw));
      const restore = planRestore(
        w.before.filter((b) => withdrawKeys.has(k(b))),
        w.after.filter((a) => withdrawKeys.has(k(a))),
        current,
      );
      restores = restore.writes;
      // a remark the user edited in the meantime is theirs: kept, and no longer the add-in's either
      const keptKeys = new Set(restore.kept.map(k));
      takenBack = withdraw.filter((x) => !keptKeys.has(k(x))).map((x) => ({ row: x.row, col: x.col }));
    }
    const gone = (c: { row: number; col: number }) => typedKeys.has(k(c)) || withdrawKeys.has(k(c));
    const layer: MarkLayer = { ...w.layer, before: w.layer.before.filter((b) => !gone(b)), after: w.layer.after.filter((a) => !gone(a)) };
    const next: AddinRecord = { ...w.next, layers: [...w.record.layers, ...(layer.after.length ? [layer] : [])], updatedAt: ctx.now() };
    const { detection, matrix } = checksheetOf(w.analysis);
    const values = [
      ...w.writes.filter((x) => !gone(x)),
      ...w.typed.map((t) => ({ row: t.row, col: t.col, value: t.now })),
      ...restores,
    ];
    // (null exactly when the first write carried none: same analysis, and no annotate layer added or dropped)
    const summary = summaryWriteOf(w.analysis, next, ctx, withValues(detection, matrix, values));
    await gw.write({ sheet: w.sheet, cells: restores, record: encodeRecord(next), recordWhen: "after-cells", ...(summary ? { ownedSheets: [summary] } : {}) });
    return takenBack;
  } catch {
    return [];
  }
}

/** Undo every bulk-mark from the saved record (not Excel's undo), by intent: what was changed since is kept and reported. */
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

/** The reviewer's clock: the context's UTC offset (minutes east of UTC) when given, else the host's. */
export interface ReviewContext extends UseCaseContext {
  utcOffset?: (iso: string) => number;
}

/** Now as local time with its UTC offset ("2026-12-02 03:15:29 +09:00"). */
export function localNow(ctx: ReviewContext): { iso: string; local: string } {
  const iso = ctx.now();
  return { iso, local: localTimestamp(iso, (ctx.utcOffset ?? hostUtcOffset)(iso)) };
}

function refuseSheetErrors(existing: { errors: Localized[] }) {
  if (existing.errors.length)
    throw new UserFacingError("review-sheet", {
      ja: `「${REVIEW_SHEET_NAME}」シートを読み取れません: ${existing.errors.map((e) => e.ja).join(" ")}`,
      en: `Cannot read the "${REVIEW_SHEET_NAME}" sheet: ${existing.errors.map((e) => e.en).join(" ")}`,
    });
}

/** Where each catalog item is on the checksheet (for the 審査記録 table: sheet label and link). */
function sheetItemsOf(a: Analysis, ctx: UseCaseContext): ReviewSheetItem[] {
  const det = a.detection?.ok ? a.detection : null;
  const onSheet = new Map((det?.items ?? []).filter((d) => d.catalogId).map((d) => [d.catalogId!, d]));
  return ctx.crosswalk.entries.map((e) => {
    const d = onSheet.get(e.id);
    return {
      id: e.id,
      label: e.summary.ja,
      class: e.class,
      ...(d ? { sheetLabel: sheetLabelOf(d), row: d.row, col: det!.columns?.id[0] ?? d.answer.col } : {}),
    };
  });
}

/** The 審査記録 write (rows, owned columns, table decoration) for these entries and this sign-off. */
export function reviewSheetWrite(a: Analysis, ctx: UseCaseContext, entries: ReviewEntry[], signoff: SignOffState): OwnedSheetWrite {
  const { detection } = checksheetOf(a);
  const layout = reviewSheetLayout({
    entries,
    items: sheetItemsOf(a, ctx),
    checksheet: detection.sheet,
    answers: answersFromDetection(detection),
    signoff,
  });
  return { name: REVIEW_SHEET_NAME, rows: layout.rows, columns: layout.columns, table: layout.table };
}

/** Review state of an analysis: entries, what is open, the sign-off state. No round trip. */
export interface ReviewState {
  entries: ReviewEntry[];
  sheetErrors: Localized[];
  open: OpenSummary;
  signoff: SignOffState;
  findings: Finding[];
}

export function reviewStateOf(a: Analysis, ctx: UseCaseContext): ReviewState {
  const { detection } = checksheetOf(a);
  const { entries, errors } = reviewEntriesOf(a);
  const findings = consistencyOf(a).findings;
  const answers = answersFromDetection(detection);
  return {
    entries,
    sheetErrors: errors,
    findings,
    open: openFindings({ catalogIds: ctx.crosswalk.entries.map((e) => e.id), entries, findings, answers }),
    signoff: signOffState(a.record?.signoff, answers),
  };
}

/**
 * The sign-off as [label, value] rows (reviewer, when with its UTC offset, state with the changed items, what was open,
 * answers hash) and the review progress, for a summary sheet. No round trip.
 */
export function signOffSummaryRows(a: Analysis, ctx: UseCaseContext, lang: "ja" | "en" = "ja"): [string, string][] {
  const st = reviewStateOf(a, ctx);
  const total = ctx.crosswalk.entries.length;
  const reviewed = st.entries.filter((e) => e.status !== "unreviewed" && ctx.crosswalk.entries.some((c) => c.id === e.itemId)).length;
  return [
    ...signOffFields(st.signoff, lang),
    [lang === "ja" ? "審査済" : "Reviewed", `${reviewed}/${total}`],
    [lang === "ja" ? "未解決（現在）" : "Open now", openSummaryText(st.open, lang) || (lang === "ja" ? "なし" : "none")],
  ];
}

/**
 * Set review status/comment for items: written to the visible 審査記録 sheet (one row per item, the earlier review kept
 * in its history, the answer it was reviewed against) and mirrored as a note on the item's id cell when the host
 * supports notes/comments. 2 round trips.
 */
export async function setReviews(
  gw: WorkbookGateway,
  ctx: ReviewContext,
  updates: ReviewUpdate[],
  reviewer: string,
): Promise<ReviewEntry[]> {
  if (!reviewer.trim()) throw new UserFacingError("reviewer", { ja: "審査者名を入力してください。", en: "Enter the reviewer's name." });
  const read = await gw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const a = analyzeRead(read, ctx);
  const { detection } = checksheetOf(a);
  const existing = reviewEntriesOf(a);
  refuseSheetErrors(existing);
  let entries = existing.entries;
  const now = localNow(ctx).local;
  const answers = answersFromDetection(detection);
  for (const u of updates) entries = setReview(entries, u, now, reviewer.trim(), answers[u.itemId] ?? "");
  const notes: CellNote[] = [];
  if (read.capabilities.notes || read.capabilities.comments) {
    for (const u of updates) {
      const item = detection.items.find((d) => d.catalogId === u.itemId);
      const entry = entries.find((e) => e.itemId === u.itemId);
      if (item && entry) notes.push({ row: item.row, col: detection.columns?.id[0] ?? item.answer.col, text: reviewNoteText(entry) });
    }
  }
  const own = reviewSheetWrite(a, ctx, entries, signOffState(a.record?.signoff, answers));
  const summary = summaryWriteOf(a, a.record, ctx, { reviews: entries });
  await gw.write({ sheet: detection.sheet, cells: [], ownedSheets: [own, ...(summary ? [summary] : [])], notes });
  if (!read.capabilities.notes && !read.capabilities.comments)
    // Tell the user where the comment went (ExcelApi 1.9 hosts have neither notes nor threaded comments).
    ctx.onProgress?.({
      step: "done",
      fraction: 1,
      message: {
        ja: `お使いの Excel ではセルにメモもコメントも付けられないため、審査コメントは「${REVIEW_SHEET_NAME}」シートにだけ記録しました。`,
        en: `This version of Excel cannot add notes or comments to cells, so the review comment was recorded in the "${REVIEW_SHEET_NAME}" sheet only.`,
      },
    });
  return entries;
}

export interface BulkReviewPreview {
  analysis: Analysis;
  plan: BulkReviewPlan;
}

/** One round trip: which items a bulk status would change (from → to), and which it leaves alone. */
export async function previewBulkReview(gw: WorkbookGateway, ctx: UseCaseContext, options: BulkReviewOptions): Promise<BulkReviewPreview> {
  const read = await gw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const analysis = analyzeRead(read, ctx);
  return { analysis, plan: bulkPlanOf(analysis, options) };
}

export function bulkPlanOf(analysis: Analysis, options: BulkReviewOptions): BulkReviewPlan {
  const { detection } = checksheetOf(analysis);
  const existing = reviewEntriesOf(analysis);
  refuseSheetErrors(existing);
  return planBulkReview({ detection, coverage: analysis.coverage, entries: existing.entries, options });
}

/** Apply a bulk status (the same plan the preview showed, computed again on a fresh read). 3 round trips. */
export async function applyBulkReview(gw: WorkbookGateway, ctx: ReviewContext, options: BulkReviewOptions, reviewer: string): Promise<BulkReviewPreview> {
  if (!reviewer.trim()) throw new UserFacingError("reviewer", { ja: "審査者名を入力してください。", en: "Enter the reviewer's name." });
  const p = await previewBulkReview(gw, ctx, options);
  if (p.plan.updates.length) await setReviews(gw, ctx, p.plan.updates, reviewer);
  return p;
}

export interface SignOffOutcome {
  /** False when findings were open and allowOpen was not given: nothing was written. */
  done: boolean;
  open: OpenSummary;
  signoff: SignOffRecord | null;
}

/**
 * Sign off: reviewer, local time with its UTC offset, a hash of all answers and what was still open, stored in the
 * record and shown in 審査記録. Refuses (done: false, nothing written) while anything is open unless `allowOpen`.
 * 2 round trips.
 */
export async function signOff(gw: WorkbookGateway, ctx: ReviewContext, reviewer: string, opts: { allowOpen?: boolean } = {}): Promise<SignOffOutcome> {
  if (!reviewer.trim()) throw new UserFacingError("reviewer", { ja: "審査者名を入力してください。", en: "Enter the reviewer's name." });
  const read = await gw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const a = analyzeRead(read, ctx);
  const { detection } = checksheetOf(a);
  const state = reviewStateOf(a, ctx);
  refuseSheetErrors({ errors: state.sheetErrors });
  if (state.open.total > 0 && !opts.allowOpen) return { done: false, open: state.open, signoff: null };
  const when = localNow(ctx);
  const answers = answersFromDetection(detection);
  const so: SignOffRecord = {
    ...makeSignOff(answers, reviewer.trim(), when.iso),
    atLocal: when.local,
    open: { counts: state.open.counts, total: state.open.total, items: state.open.items },
  };
  const record: AddinRecord = { ...(a.record ?? emptyRecord(when.iso)), signoff: so, updatedAt: when.iso };
  const own = reviewSheetWrite(a, ctx, state.entries, signOffState(so, answers));
  const summary = summaryWriteOf(a, record, ctx, { reviews: state.entries });
  await gw.write({ sheet: detection.sheet, cells: [], record: encodeRecord(record), ownedSheets: [own, ...(summary ? [summary] : [])] });
  return { done: true, open: state.open, signoff: so };
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
    snapshotFromDetection(o.detection, o.matrix, ao.record?.evidence ?? {}, reviewEntriesOf(ao).entries),
    snapshotFromDetection(n.detection, n.matrix, an.record?.evidence ?? {}, reviewEntriesOf(an).entries),
  );
}

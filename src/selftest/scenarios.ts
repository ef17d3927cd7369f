/**
 * The self-test: the adapter's contract scenarios run through the real use cases over a WorkbookGateway
 * (OfficeGateway in Excel, the strict fake in the browser test) on a scratch sheet it creates and removes.
 *
 * It refuses to start unless the workbook is free of add-in data (no record sheet, no 審査記録 sheet, no scratch
 * sheet left over): the add-in's record is workbook-wide, so running on a real checksheet could mix with its marks.
 * Every step checks what the workbook holds afterwards (read back through the gateway), not only what a use case
 * returned. Cleanup (scratch sheet, 審査記録, record) runs whatever happened, and is itself checked.
 *
 * No Office, no DOM: src/selftest/index.ts renders the report.
 */
import { parseCertification } from "../domain/certification";
import { RECORD_SHEET_NAME } from "../domain/record";
import { REVIEW_SHEET_NAME } from "../domain/review";
import { isSummarySheetName, SUMMARY_SHEET_NAMES } from "../domain/summary";
import type { CellValue, Certification, CrosswalkEntry, Localized } from "../domain/types";
import type { WorkbookGateway } from "../workbook/gateway";
import { applyBulkMark, addEvidence, checkConsistency, removeEvidence, setReviews, signOff, undoBulkMark } from "../workbook/review-usecases";
import { analyzeWorkbook, applyCoverage, clearMarks, describeError, saveCertification, type UseCaseContext } from "../workbook/usecases";

export const SCRATCH_SHEET = "PHR自己診断";

export interface StepResult {
  id: string;
  title: Localized;
  ok: boolean;
  /** What was checked and seen (English, for the JSON report). */
  detail: string;
  ms: number;
}

export interface SelfTestReport {
  schema: "phr-checksheet-selftest/1";
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  host: Record<string, unknown>;
  crosswalkVersion: string;
  steps: StepResult[];
}

/** A fictitious certification valid around `today` (self-test only). */
function selfTestCertification(ctx: UseCaseContext): Certification {
  const shift = (d: number) => {
    const t = new Date(`${ctx.today}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() + d);
    return t.toISOString().slice(0, 10);
  };
  const r = parseCertification({
    schema: "infobank-certification/1",
    certificationNumber: "IB-SELFTEST-0000",
    holder: "自己診断（架空）",
    serviceName: "自己診断用の架空サービス",
    kind: "standard",
    guidelineVersion: "3.0",
    checklistVersion: ctx.crosswalk.checklist.version,
    scopes: ["health-medical"],
    certifiedOn: shift(-30),
    expiresOn: shift(365),
    status: "active",
  });
  if (!r.ok) throw new Error("self-test certification rejected");
  return r.certification;
}

/** The scratch checksheet: header, section / part / topic rows, one row per item ("1-1" ids), empty answers. */
export function scratchRows(entries: readonly CrosswalkEntry[]): CellValue[][] {
  const rows: CellValue[][] = [["No", "チェック項目", "回答", "備考"]];
  let section = "";
  let part: number | null | undefined;
  let topic = "";
  for (const e of entries) {
    if (e.section !== section) {
      section = e.section;
      part = undefined;
      topic = "";
      rows.push([`${e.section} ${e.sectionHeading}`, null, null, null]);
    }
    if (e.part !== part) {
      part = e.part;
      topic = "";
      if (e.part !== null) rows.push([`(${e.part}) ${e.partHeading ?? ""}`, null, null, null]);
    }
    if (`${e.topic}` !== topic) {
      topic = `${e.topic}`;
      rows.push([`${e.topicLabel} ${e.topicHeading}`, null, null, null]);
    }
    rows.push([`${e.topic}-${e.check}`, e.summary.ja, null, null]);
  }
  return rows;
}

class Failed extends Error {}
function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Failed(what);
}

export interface SelfTestOptions {
  host?: Record<string, unknown>;
  /** Called after each step (progress in the page). */
  onStep?: (s: StepResult) => void;
  clock?: () => number;
}

export async function runSelfTest(gw: WorkbookGateway, ctx: UseCaseContext, opts: SelfTestOptions = {}): Promise<SelfTestReport> {
  const clock = opts.clock ?? (() => Date.now());
  const startedAt = ctx.now();
  const steps: StepResult[] = [];
  const entries = ctx.crosswalk.entries;
  const covered = entries.filter((e) => e.class === "A" || e.class === "B");
  const evidenceItem = entries.find((e) => e.class === "C" || e.class === "D");
  const sheet = SCRATCH_SHEET;
  const cert = selfTestCertification(ctx);

  async function step(id: string, title: Localized, fn: () => Promise<string>): Promise<boolean> {
    const t0 = clock();
    let ok = false;
    let detail: string;
    try {
      detail = await fn();
      ok = true;
    } catch (e) {
      detail = e instanceof Failed ? `FAILED: ${e.message}` : `ERROR: ${describeError(e).en}`;
    }
    const r: StepResult = { id, title, ok, detail, ms: Math.round(clock() - t0) };
    steps.push(r);
    opts.onStep?.(r);
    return ok;
  }

  const answersOf = async () => {
    const a = await analyzeWorkbook(gw, ctx, { sheet });
    check(a.detection?.ok, "the scratch checksheet is detected");
    return { a, answers: new Map(a.detection!.items.map((it) => [it.catalogId, it.answerValue])) };
  };

  const preflightOk = await step("preflight", { ja: "事前確認（アドインのデータがないブック）", en: "Pre-check (a workbook without add-in data)" }, async () => {
    const r = await gw.read({ recordOnly: true });
    const names = r.sheets.map((s) => s.name);
    check(r.recordCells === null && !names.includes(RECORD_SHEET_NAME), `no ${RECORD_SHEET_NAME} record in the workbook (run the self-test in a new blank workbook)`);
    check(!names.includes(REVIEW_SHEET_NAME), `no ${REVIEW_SHEET_NAME} sheet in the workbook`);
    check(!names.includes(sheet), `no ${sheet} sheet left from an earlier run`);
    const caps = r.capabilities;
    return `sheets: ${names.length}; notes ${caps.notes ? "yes" : "no"} (ExcelApi 1.18), comments ${caps.comments ? "yes" : "no"} (1.10), undo grouping ${caps.mergeUndoGroup ? "yes" : "no"} (1.20)`;
  });
  if (!preflightOk) return finish();

  try {
    const created = await step("scratch", { ja: "作業用シートの作成", en: "Create the scratch sheet" }, async () => {
      const rows = scratchRows(entries);
      await gw.write({ sheet, cells: [], ownedSheets: [{ name: sheet, rows, columns: Math.max(...rows.map((r) => r.length)) }] });
      const a = await analyzeWorkbook(gw, ctx, { sheet });
      check(a.sheet === sheet && a.detection?.ok, "the scratch sheet is read back and detected as a checksheet");
      check(a.detection!.items.length === entries.length, `all ${entries.length} items found (found ${a.detection!.items.length})`);
      return `${sheet}: ${a.detection!.items.length} items detected`;
    });
    if (!created) return finish();

    await step("certification", { ja: "認定情報の保存", en: "Store the certification" }, async () => {
      await saveCertification(gw, ctx, cert);
      const a = await analyzeWorkbook(gw, ctx, { sheet });
      check(a.certification?.certificationNumber === cert.certificationNumber, "the stored certification is read back");
      check(a.evaluation?.valid, "the certification is valid");
      return `stored ${cert.certificationNumber}; valid`;
    });

    await step("apply", { ja: "適用（色・参照）", en: "Apply (fills, references)" }, async () => {
      const out = await applyCoverage(gw, ctx, { certification: cert, sheet });
      check(out.cellsWritten > 0, "cells were written");
      const a = await analyzeWorkbook(gw, ctx, { sheet });
      check(a.record && a.record.layers.length > 0, "the record holds the applied layer");
      check(a.coverage.summary.covered === covered.length, `${covered.length} items covered (got ${a.coverage.summary.covered})`);
      const m = a.matrix!;
      check(m.values.length > 0 && m.values[0].length > 4, "the annotation columns were added right of the table");
      const summary = a.read.capabilities.removeOwned ? a.read.sheets.some((x) => isSummarySheetName(x.name)) : null;
      if (summary !== null) check(summary, "the summary sheet was added");
      return `${out.cellsWritten} cells written; covered ${a.coverage.summary.covered}, needs evidence ${a.coverage.summary.needsEvidence}${summary ? "; summary sheet added" : ""}`;
    });

    await step("bulk-mark", { ja: "一括入力と取り消し", en: "Bulk-mark and undo" }, async () => {
      const { plan } = await applyBulkMark(gw, ctx, { sheet, yesValue: "はい" });
      check(plan.summary.answersWritten === covered.length, `${covered.length} answers written (got ${plan.summary.answersWritten})`);
      let { answers } = await answersOf();
      check(covered.every((e) => answers.get(e.id) === "はい"), "every covered item reads back はい");
      check(entries.filter((e) => e.class === "C" || e.class === "D").every((e) => !answers.get(e.id)), "C/D items are left empty");
      const undo = await undoBulkMark(gw, ctx);
      check(undo.done && undo.restored > 0, "undo restored the answers");
      ({ answers } = await answersOf());
      check(covered.every((e) => !answers.get(e.id)), "every answer is empty again");
      return `${plan.summary.answersWritten} answers written and undone (${undo.restored} cells restored)`;
    });

    await step("evidence", { ja: "証跡の登録と削除", en: "Evidence add and remove" }, async () => {
      check(evidenceItem, "the crosswalk has a C/D item");
      const added = await addEvidence(gw, ctx, evidenceItem.id, { document: "自己診断用の架空文書.pdf", page: "1" });
      check(added.length === 1, "one evidence reference stored");
      let a = await analyzeWorkbook(gw, ctx, { sheet });
      check(a.record?.evidence[evidenceItem.id]?.[0]?.document === "自己診断用の架空文書.pdf", "the evidence is read back from the record");
      const left = await removeEvidence(gw, ctx, evidenceItem.id, 0);
      check(left.length === 0, "the evidence was removed");
      a = await analyzeWorkbook(gw, ctx, { sheet });
      check(!(a.record?.evidence[evidenceItem.id]?.length), "no evidence left in the record");
      return `${evidenceItem.id}: added, read back, removed`;
    });

    await step("review", { ja: "審査記録", en: "Review record" }, async () => {
      const item = covered[0];
      const list = await setReviews(gw, ctx, [{ itemId: item.id, status: "confirmed", comment: "自己診断のコメント" }], "自己診断");
      check(list.some((e) => e.itemId === item.id && e.status === "confirmed"), "the review entry is returned");
      const r = await gw.read({ recordOnly: true });
      check(r.sheets.some((s) => s.name === REVIEW_SHEET_NAME), `the ${REVIEW_SHEET_NAME} sheet exists`);
      return `${item.id} confirmed; ${REVIEW_SHEET_NAME} sheet written; notes mirrored: ${r.capabilities.notes ? "yes (ExcelApi 1.18)" : "no (needs ExcelApi 1.18)"}`;
    });

    await step("sign-off", { ja: "承認と署名後の変更検出", en: "Sign-off and change detection" }, async () => {
      // Findings are open on a scratch sheet (nothing reviewed): sign off recording them.
      const s = await signOff(gw, ctx, "自己診断", { allowOpen: true });
      check(s.done && !!s.signoff, "a sign-off was stored");
      const rep = await checkConsistency(gw, ctx, { sheet });
      check(rep.signoff?.intact === true, "the sign-off is intact right after signing");
      // Change one answer (as the user would), then the sign-off must report it.
      const a = await analyzeWorkbook(gw, ctx, { sheet });
      const it = a.detection!.items.find((x) => x.catalogId === covered[1].id)!;
      await gw.write({ sheet, cells: [{ row: it.answer.row, col: it.answer.col, value: "いいえ" }] });
      const after = await checkConsistency(gw, ctx, { sheet });
      check(after.signoff?.intact === false && after.signoff.changed.some((c) => c.itemId === covered[1].id), "the changed answer is reported");
      await gw.write({ sheet, cells: [{ row: it.answer.row, col: it.answer.col, value: null }] });
      return `signed; a later answer change on ${covered[1].id} is detected`;
    });

    await step("hand-edit", { ja: "手作業の変更がある消去（変更を残すと確認で示す）", en: "Clear with a hand edit (the confirmation says it is kept)" }, async () => {
      const a = await analyzeWorkbook(gw, ctx, { sheet });
      const it = a.detection!.items.find((x) => x.catalogId === covered[2].id)!;
      const snap = await gw.snapshot(sheet, [it.answer]);
      check(snap[0].fill, "the covered answer cell has the add-in's fill");
      await gw.write({ sheet, cells: [{ row: it.answer.row, col: it.answer.col, fill: "#123456" }] });
      const out = await clearMarks(gw, ctx, { keepCertification: true, dryRun: true });
      check(!out.done && out.kept.some((k) => k.field === "fill" && k.row === it.answer.row && k.col === it.answer.col), "the preview lists the recoloured cell as kept");
      const still = await gw.snapshot(sheet, [it.answer]);
      check(still[0].fill === "#123456", "nothing was changed by the preview");
      await gw.write({ sheet, cells: [{ row: it.answer.row, col: it.answer.col, fill: snap[0].fill }] });
      return `clear would keep ${out.kept.length} change(s) made by hand; nothing changed`;
    });

    await step("limits", { ja: "既知の制限と保護（機能の有無・記録の改ざん検出）", en: "Documented limits and safeguards (features, record tampering)" }, async () => {
      const r = await gw.read({ recordOnly: true });
      const caps = r.capabilities;
      const features = [
        `review notes ${caps.notes ? "mirrored as cell notes" : "NOT mirrored (needs ExcelApi 1.18; the 審査記録 sheet holds them)"}`,
        `one-step undo grouping ${caps.mergeUndoGroup ? "available" : "not available (needs ExcelApi 1.20; Clear restores from the record)"}`,
      ];
      // A hand-edited record is refused (nothing written), and the original record works again afterwards.
      const original = r.recordCells;
      check(original && original.length > 3, "the record is stored");
      const lines = original.map((v) => String(v ?? ""));
      const last = lines.length - 1;
      lines[last] = lines[last].replace(/\d/, (d) => String((Number(d) + 1) % 10));
      check(lines[last] !== String(original[last]), "a digit of the record was changed");
      await gw.write({ sheet, cells: [], record: lines });
      let refused = "";
      try {
        await clearMarks(gw, ctx, { force: true });
      } catch (e) {
        refused = (e as { code?: string }).code ?? "error";
      }
      check(refused === "record-tampered", `clear refuses a hand-edited record (got ${refused || "no refusal"})`);
      await gw.write({ sheet, cells: [], record: original.map((v) => String(v ?? "")) });
      const back = await analyzeWorkbook(gw, ctx, { sheet });
      check(!back.recordError && back.record, "the original record is accepted again");
      return `${features.join("; ")}; a hand-edited record is refused (record-tampered)`;
    });

    await step("clear", { ja: "消去（元の状態に戻す）", en: "Clear (restore exactly)" }, async () => {
      const out = await clearMarks(gw, ctx, { force: true });
      check(out.done && out.restored > 0, "clear restored the cells");
      const a = await analyzeWorkbook(gw, ctx, { sheet });
      const m = a.matrix!;
      const expected = scratchRows(entries);
      const width = Math.max(...m.values.map((r) => r.length));
      check(width <= 4, `the annotation columns are gone (width ${width})`);
      const same = expected.every((row, r) => row.every((v, c) => (m.values[r]?.[c] ?? null) === (v ?? null)));
      check(same, "every cell value is as created");
      const cells = a.detection!.items.map((x) => x.answer);
      const fills = await gw.snapshot(sheet, cells);
      check(fills.every((f) => f.fill === null), "no fill left on the answer cells");
      check(!a.read.sheets.some((x) => isSummarySheetName(x.name)), "the summary sheet is gone");
      return `${out.restored} cells restored; values and fills as created; no summary sheet`;
    });
  } finally {
    await step("cleanup", { ja: "後片付け（作業用シート・審査記録・記録の削除）", en: "Cleanup (scratch sheet, review sheet, record removed)" }, async () => {
      await gw.write({ sheet, cells: [], removeOwned: [REVIEW_SHEET_NAME, SUMMARY_SHEET_NAMES.ja, SUMMARY_SHEET_NAMES.en, sheet], record: null });
      const r = await gw.read({ recordOnly: true });
      const names = r.sheets.map((s) => s.name);
      check(!names.includes(sheet) && !names.includes(REVIEW_SHEET_NAME) && !names.includes(RECORD_SHEET_NAME), "the scratch, review and record sheets are gone");
      check(r.recordCells === null, "no record is left");
      return `workbook back to ${names.length} sheet(s)`;
    });
  }
  return finish();

  function finish(): SelfTestReport {
    return {
      schema: "phr-checksheet-selftest/1",
      ok: steps.length > 1 && steps.every((s) => s.ok),
      startedAt,
      finishedAt: ctx.now(),
      host: opts.host ?? {},
      crosswalkVersion: ctx.crosswalk.crosswalkVersion,
      steps,
    };
  }
}

/** CLI parity for bulk-mark and the reviewer workflow: mark, review, check, diff. */
import { resolveItemRef } from "../domain/item-ref";
import { parseReviewStatus, REVIEW_STATUS_LABELS, type ReviewStatus, type ReviewUpdate } from "../domain/review";
import { parseBulkRule } from "../domain/review-bulk";
import { openSummaryText, type OpenSummary } from "../domain/signoff";
import { applyBulkMark, bulkPlanOf, checkConsistency, diffWorkbooks, previewBulkMark, reviewStateOf, setReviews, type ConsistencyReport } from "../workbook/review-usecases";
import { analyzeWorkbook, checksheetOf, saveCertification } from "../workbook/usecases";
import { eachWorkbook, inputWorkbooks, otherInputs, outputsFor, parseSetOption, readSetFile, type SetLine } from "./batch";
import { signoffCommand } from "./signoff";
import { SPECS } from "./command-table";
import { openWorkbook } from "./open-workbook";
import { ctxFor, requireCert, requireFile, requireOut, str, type Command } from "./shared";
import { fail, writeOutputAtomic } from "./io";

export const mark: Command = {
  ...SPECS.mark,
  async run(p, io) {
    const file = requireFile(p, "ブック");
    const { ctx } = ctxFor(p, io);
    const cert = requireCert(p, io);
    const dry = Boolean(p.options["dry-run"]);
    const out = dry ? undefined : requireOut(p, io, file);
    const wb = openWorkbook(file, io);
    // The certification given on the command line is stored first (as the add-in does from its form).
    await saveCertification(wb, ctx, cert);
    const opts = { sheet: str(p, "sheet"), yesValue: str(p, "yes"), remarksTemplate: str(p, "template") };
    if (!dry) {
      // Nothing left to mark is not an error: say so, write no file (exit 1 only for contradictions to act on).
      const pre = (await previewBulkMark(wb, ctx, opts)).plan;
      if (!pre.ok && pre.blocked.length === 0) {
        io.out(`書き込める空欄の回答セルはありません（一括入力済み）。ファイルは作成していません。\nNothing left to mark: every covered answer cell is already answered (no file written).\n`);
        for (const c of pre.contradictions) io.out(`  ${c.cell} [${c.itemId}] ${String(c.value)} — ${c.message[ctx.lang === "en" ? "en" : "ja"]}\n`);
        return pre.contradictions.length ? 1 : 0;
      }
    }
    const { plan } = dry ? await previewBulkMark(wb, ctx, opts) : await applyBulkMark(wb, ctx, opts);
    const ja = ctx.lang !== "en";
    for (const b of plan.blocked) io.err(`${b.ja}\n${b.en}\n`);
    io.out(`${ja ? "書き込むセル" : "Cells to write"} (${plan.preview.length}):\n`);
    for (const r of plan.preview) io.out(`  ${r.cell} [${r.itemId}] ${String(r.oldValue ?? "")} → ${r.newValue}\n`);
    if (plan.contradictions.length) {
      io.out(`\n!!! ${ja ? "矛盾（認定で満たされる項目に否定の回答）" : "CONTRADICTIONS (covered items answered no)"}: ${plan.contradictions.length}\n`);
      for (const c of plan.contradictions) io.out(`  ${c.cell} [${c.itemId}] ${String(c.value)} — ${c.message[ja ? "ja" : "en"]}\n`);
    }
    if (plan.conflicts.length) {
      io.out(`\n${ja ? "既に回答済み（変更しません）" : "Already answered (left alone)"}: ${plan.conflicts.length}\n`);
      for (const c of plan.conflicts) io.out(`  ${c.cell} [${c.itemId}] ${String(c.value)}\n`);
    }
    if (plan.skipped.length) {
      io.out(`\n${ja ? "スキップ" : "Skipped"}: ${plan.skipped.length}\n`);
      for (const s of plan.skipped) io.out(`  ${s.cell} [${s.itemId}] ${s.message[ja ? "ja" : "en"]}\n`);
    }
    io.out(`\n${ja ? "一括入力の対象外（要証跡）" : "Never bulk-marked (evidence needed)"}: ${plan.excluded.length}\n`);
    for (const x of plan.excluded) io.out(`  [${x.class}] ${x.itemId}: ${x.evidence?.[ja ? "ja" : "en"] ?? ""}\n`);
    if (!dry && out) {
      writeOutputAtomic(out, wb.save(), io, { force: Boolean(p.options.force), inputs: [file] });
      io.out(`\n${out}: ${plan.summary.answersWritten} ${ja ? "件の回答と" : "answers and"} ${plan.summary.remarksWritten} ${ja ? "件の備考を書き込みました" : "remarks written"}\n`);
    }
    return plan.contradictions.length || plan.blocked.length ? 1 : 0;
  },
};

export const review: Command = {
  ...SPECS.review,
  async run(p, io) {
    const files = inputWorkbooks(p, io);
    const sets: SetLine[] = ((p.options.set as string[] | undefined) ?? []).map(parseSetOption);
    const setFile = str(p, "set-file");
    if (setFile) sets.push(...readSetFile(setFile, io));
    const bulkText = str(p, "bulk");
    const rule = bulkText !== undefined ? parseBulkRule(bulkText) : null;
    if (bulkText !== undefined && !rule) fail(`--bulk「${bulkText}」は不正です（covered または class:A,B）。`, `--bulk "${bulkText}" is invalid (covered, or class:A,B).`);
    const bulkStatus = str(p, "status") !== undefined ? parseReviewStatus(str(p, "status")!) : rule ? "confirmed" : null;
    if (str(p, "status") !== undefined && !bulkStatus) fail(`審査状況「${str(p, "status")}」は不正です（未確認・確認済・要修正・対象外）。`, `Review status "${str(p, "status")}" is invalid.`);
    if (!sets.length && !rule) fail("--set ID=STATUS[:comment]、--set-file FILE.csv または --bulk を指定してください。", "Give --set ID=STATUS[:comment], --set-file FILE.csv or --bulk.");
    const dry = Boolean(p.options["dry-run"]);
    const reviewer = str(p, "reviewer") ?? process.env.USER ?? "";
    if (!reviewer && !dry) fail("--reviewer で審査者名を指定してください。", "Give the reviewer's name with --reviewer.");
    const { ctx } = ctxFor(p, io);
    const ja = ctx.lang !== "en";
    const outs = dry ? new Map<string, string>() : outputsFor(p, io, files);
    return eachWorkbook(files, io, async (file) => {
      const wb = openWorkbook(file, io);
      const a = await analyzeWorkbook(wb, ctx);
      const { detection } = checksheetOf(a);
      const catalog = new Set(ctx.crosswalk.entries.map((e) => e.id));
      const updates: ReviewUpdate[] = sets.map((s) => {
        const r = resolveItemRef(s.ref, detection, catalog);
        if (!r.ok) fail(`${file}${s.line ? ` (${s.line} 行目)` : ""}: ${r.error.ja}`, `${file}${s.line ? ` (line ${s.line})` : ""}: ${r.error.en}`);
        return { itemId: r.itemId, status: s.status, ...(s.comment !== undefined ? { comment: s.comment } : {}) };
      });
      if (rule) {
        const plan = bulkPlanOf(a, { rule, status: bulkStatus!, comment: str(p, "comment") });
        const skip = new Set(updates.map((u) => u.itemId));
        io.out(`${file}: ${ja ? "一括で変更する項目" : "Bulk changes"} (${plan.changes.length}):\n`);
        for (const c of plan.changes) io.out(`  [${c.class}] ${c.itemId}: ${REVIEW_STATUS_LABELS[c.from][ja ? "ja" : "en"]} → ${REVIEW_STATUS_LABELS[c.to][ja ? "ja" : "en"]}\n`);
        if (plan.kept.length) io.out(`  ${ja ? "変更しない（既に審査状況あり）" : "Left alone (already reviewed)"}: ${plan.kept.map((k) => k.itemId).join(", ")}\n`);
        updates.push(...plan.updates.filter((u) => !skip.has(u.itemId)));
      }
      if (dry) {
        if (sets.length) for (const u of updates.slice(0, sets.length)) io.out(`  ${u.itemId} → ${REVIEW_STATUS_LABELS[u.status!][ja ? "ja" : "en"]}\n`);
        return 0;
      }
      const out = outs.get(file)!;
      const entries = await setReviews(wb, ctx, updates, reviewer);
      writeOutputAtomic(out, wb.save(), io, { force: Boolean(p.options.force), inputs: [...files, ...otherInputs(p)] });
      io.out(`${out}: ${updates.length} 件の審査記録を更新しました（全 ${entries.length} 件）/ ${updates.length} review entries updated\n`);
      return 0;
    });
  },
};

function checkOne(rep: ConsistencyReport, file: string, open: OpenSummary) {
  return {
    file,
    sheet: rep.analysis.sheet,
    certification: rep.analysis.evaluation ? { valid: rep.analysis.evaluation.valid, problems: rep.analysis.evaluation.problems.map((x) => x.code) } : null,
    findings: rep.findings.map((f) => ({ ...f, row: f.row !== undefined ? f.row + 1 : undefined })),
    signoff: rep.signoff,
    /** What `signoff` would refuse on (unreviewed, 要修正, contradictions, C/D without evidence, stale reviews). */
    open: { counts: open.counts, total: open.total },
  };
}

export const check: Command = {
  ...SPECS.check,
  async run(p, io) {
    const files = inputWorkbooks(p, io);
    const { ctx } = ctxFor(p, io);
    const cert = str(p, "cert") ? requireCert(p, io) : null;
    const ja = ctx.lang !== "en";
    const many = files.length > 1;
    const json: ReturnType<typeof checkOne>[] = [];
    const code = await eachWorkbook(files, io, async (file) => {
      const wb = openWorkbook(file, io);
      if (cert) await saveCertification(wb, ctx, cert);
      const rep = await checkConsistency(wb, ctx, { sheet: str(p, "sheet") });
      const open = reviewStateOf(rep.analysis, ctx).open;
      if (p.options.json) {
        json.push(checkOne(rep, file, open));
        return rep.findings.length ? 1 : 0;
      }
      if (many) io.out(`== ${file}\n`);
      if (!rep.findings.length) io.out(ja ? "指摘はありません。\n" : "No findings.\n");
      for (const f of rep.findings)
        io.out(`${f.severity === "error" ? "×" : "!"} ${f.itemId ? `[${f.itemId}] ` : ""}${f.row !== undefined ? `${ja ? "行" : "row"} ${f.row + 1}: ` : ""}${f.message[ja ? "ja" : "en"]}\n`);
      if (rep.signoff) io.out(rep.signoff.intact ? (ja ? "署名後の変更はありません。\n" : "No change since sign-off.\n") : `${ja ? "署名後に変更された回答" : "Answers changed since sign-off"}: ${rep.signoff.changed.map((c) => c.itemId).join(", ")}\n`);
      io.out(`${ja ? "承認前の未解決" : "Open before sign-off"}: ${openSummaryText(open, ja ? "ja" : "en") || (ja ? "なし" : "none")}\n`);
      return rep.findings.length ? 1 : 0;
    });
    if (p.options.json) io.out(JSON.stringify(many ? { files: json } : json[0], null, 2) + "\n");
    return code;
  },
};

function reviewText(r: { status: ReviewStatus; comment: string } | null | undefined, ja: boolean): string {
  const st = REVIEW_STATUS_LABELS[r?.status ?? "unreviewed"][ja ? "ja" : "en"];
  return r?.comment ? `${st}（${r.comment}）` : st;
}

export const diff: Command = {
  ...SPECS.diff,
  async run(p, io) {
    const [a, b] = p.positionals;
    if (!a || !b) fail("比較する2つのブック（OLD NEW）を指定してください。", "Give the two workbooks to compare (OLD NEW).");
    const { ctx } = ctxFor(p, io);
    const changes = await diffWorkbooks(openWorkbook(a, io), openWorkbook(b, io), ctx);
    if (p.options.json) io.out(JSON.stringify({ old: a, new: b, changes }, null, 2) + "\n");
    else {
      const ja = ctx.lang !== "en";
      if (!changes.length) io.out(ja ? "変更はありません。\n" : "No changes.\n");
      for (const c of changes)
        io.out(
          `[${c.itemId}] ${c.fields.join(", ")}: ${c.before?.answer ?? "-"} → ${c.after?.answer ?? "-"}` +
            (c.fields.includes("remarks") ? ` | ${ja ? "備考" : "remarks"}: ${c.before?.remarks ?? "-"} → ${c.after?.remarks ?? "-"}` : "") +
            (c.evidenceAdded.length ? ` | +${c.evidenceAdded.map((e) => e.document).join(", ")}` : "") +
            (c.evidenceRemoved.length ? ` | -${c.evidenceRemoved.map((e) => e.document).join(", ")}` : "") +
            (c.fields.includes("review") ? ` | ${ja ? "審査" : "review"}: ${reviewText(c.before?.review, ja)} → ${reviewText(c.after?.review, ja)}` : "") +
            "\n",
        );
    }
    return changes.length ? 1 : 0;
  },
};

export const REVIEW_COMMANDS: Command[] = [mark, review, check, signoffCommand, diff];

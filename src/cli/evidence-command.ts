/**
 * `evidence FILE --set ID=TEXT ... [--adopt-remarks] [--write-remarks] -o OUT`: the evidence register from the command
 * line (the pane's 証跡 panel). Without --set / --adopt-remarks / --write-remarks it lists where the nine items stand.
 */
import type { EvidenceState } from "../domain/summary";
import { EVIDENCE_STATE_LABELS } from "../domain/summary";
import { adoptRemarkAsEvidence, evidenceStates, writeEvidenceToRemarks } from "../workbook/evidence-usecases";
import { addEvidence } from "../workbook/review-usecases";
import { analyzeWorkbook, checksheetOf } from "../workbook/usecases";
import { fail, writeOutputAtomic } from "./io";
import { SPECS } from "./command-table";
import { openWorkbook } from "./open-workbook";
import { ctxFor, requireFile, requireOut, str, type Command } from "./shared";

export const evidenceCommand: Command = {
  ...SPECS.evidence,
  async run(p, io) {
    const file = requireFile(p, "ブック");
    const { ctx } = ctxFor(p, io);
    const sets = (p.options.set as string[] | undefined) ?? [];
    const adopt = Boolean(p.options["adopt-remarks"]);
    const writeRemarks = Boolean(p.options["write-remarks"]);
    const changes = sets.length > 0 || adopt || writeRemarks;
    const out = changes ? requireOut(p, io, file) : undefined;
    const wb = openWorkbook(file, io);
    const ja = ctx.lang !== "en";
    const parsed = sets.map((s) => {
      const i = s.indexOf("=");
      const id = i > 0 ? s.slice(0, i).trim() : "";
      const text = i > 0 ? s.slice(i + 1).trim() : "";
      if (!id || !text) fail(`--set は 項目ID=証跡の文書名 の形で指定してください（${s}）。`, `--set takes ITEM_ID=EVIDENCE_DOCUMENT ("${s}").`);
      const entry = ctx.crosswalk.entries.find((e) => e.id === id);
      if (!entry) fail(`項目「${id}」は対応表にありません。`, `Item "${id}" is not in the crosswalk.`);
      if (entry.class !== "C" && entry.class !== "D")
        fail(`項目「${id}」は区分 ${entry.class} です。証跡の登録は区分 C・D の項目だけです。`, `Item "${id}" is class ${entry.class}; evidence is registered for class C and D items only.`);
      return { id, text };
    });
    let a = await analyzeWorkbook(wb, ctx, { sheet: str(p, "sheet") });
    checksheetOf(a);
    for (const x of parsed) {
      await addEvidence(wb, ctx, x.id, { document: x.text });
      io.out(`${ja ? "登録" : "Registered"}: [${x.id}] ${x.text}\n`);
    }
    if (adopt) {
      for (const s of evidenceStates(a).filter((x) => x.state === "stated-in-sheet")) {
        await adoptRemarkAsEvidence(wb, ctx, s.itemId);
        io.out(`${ja ? "備考から登録" : "Adopted from remarks"}: [${s.itemId}] ${s.remark}\n`);
      }
    }
    if (writeRemarks) {
      const r = await writeEvidenceToRemarks(wb, ctx);
      io.out(`${r.message[ja ? "ja" : "en"]}\n`);
    }
    a = await analyzeWorkbook(wb, ctx, { sheet: str(p, "sheet") });
    const states = evidenceStates(a);
    const count = (st: EvidenceState) => states.filter((x) => x.state === st).length;
    for (const s of states) io.out(`  [${s.itemId}] ${EVIDENCE_STATE_LABELS[s.state][ja ? "ja" : "en"]}${s.state === "stated-in-sheet" ? `: ${s.remark}` : ""}\n`);
    const withEv = states.length - count("none");
    io.out(ja ? `証跡あり ${withEv} / ${states.length}\n` : `With evidence ${withEv} / ${states.length}\n`);
    if (out) writeOutputAtomic(out, wb.save(), io, { force: Boolean(p.options.force), inputs: [file] });
    return count("none") ? 1 : 0;
  },
};

/**
 * `signoff`: the reviewer's 承認 on files. Refuses (exit 1, listing them) while findings are open — unreviewed items,
 * 要修正, contradictions, C/D items without evidence, reviews made before an answer changed — unless `--allow-open`,
 * which records what was open with the sign-off.
 */
import { openListLines, openSummaryText } from "../domain/signoff";
import { signOff } from "../workbook/review-usecases";
import { eachWorkbook, inputWorkbooks, otherInputs, outputsFor } from "./batch";
import { fail, writeOutputAtomic } from "./io";
import { SPECS } from "./command-table";
import { openWorkbook } from "./open-workbook";
import { ctxFor, str, type Command } from "./shared";

export const signoffCommand: Command = {
  ...SPECS.signoff,
  async run(p, io) {
    const files = inputWorkbooks(p, io);
    const reviewer = str(p, "reviewer") ?? "";
    if (!reviewer.trim()) fail("--reviewer で審査者名を指定してください。", "Give the reviewer's name with --reviewer.");
    const outs = outputsFor(p, io, files);
    const { ctx } = ctxFor(p, io);
    const lang = ctx.lang === "en" ? "en" : "ja";
    const allowOpen = Boolean(p.options["allow-open"]);
    return eachWorkbook(files, io, async (file) => {
      const wb = openWorkbook(file, io);
      const r = await signOff(wb, ctx, reviewer, { allowOpen });
      if (!r.done) {
        io.err(
          `${file}: 未解決の指摘があるため承認しませんでした（--allow-open で記録して承認）/ not signed off, findings are open (--allow-open records them):\n` +
            openListLines(r.open, lang).map((l) => `  ${l}\n`).join(""),
        );
        return 1;
      }
      const out = outs.get(file)!;
      writeOutputAtomic(out, wb.save(), io, { force: Boolean(p.options.force), inputs: [...files, ...otherInputs(p)] });
      const so = r.signoff!;
      io.out(`${out}: ${so.reviewer} ${so.atLocal ?? so.at} — 承認しました / signed off (${so.answersHash.slice(0, 12)}…)\n`);
      if (r.open.total) io.out(`  ${lang === "ja" ? "未解決のまま承認（記録済み）" : "Signed off with open findings (recorded)"}: ${openSummaryText(r.open, lang)}\n`);
      return 0;
    });
  },
};

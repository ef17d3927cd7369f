/**
 * `report`: many workbooks → one table. Each workbook is scored by the certification stored in it (the one the
 * applicant saved with the add-in or `annotate`), unless `--cert` overrides it for all (the output says so).
 * CSV in UTF-8 with a BOM (Japanese Excel opens it without mojibake), or JSON with the same fields.
 */
import * as fs from "fs";
import * as path from "path";
import { answersFromDetection } from "../domain/review";
import { emptyReportRow, REPORT_COLUMNS, reportRow, rowHasFindings, type ReportRow } from "../domain/report";
import { reviewEntriesOf } from "../workbook/review-usecases";
import { analyzeWorkbook, noChecksheetError } from "../workbook/usecases";
import { resolveLossyName } from "./input-file";
import { fail, userError, writeOutputAtomic, type Io } from "./io";
import { checkTextOutExt, COMMON, ctxFor, openWorkbook, requireCert, str, type Command } from "./shared";

/** Files named on the command line, and the .xlsx files of the folders named (sorted, Excel lock files skipped). */
export function listWorkbooks(inputs: string[], io: Io): string[] {
  const files: string[] = [];
  for (const inp of inputs) {
    const p = resolveLossyName(path.resolve(io.cwd, inp));
    if (!fs.existsSync(p)) fail(`「${inp}」が見つかりません。`, `"${inp}" was not found.`);
    if (fs.statSync(p).isDirectory()) {
      for (const f of fs.readdirSync(p).sort())
        if (/\.xlsx$/i.test(f) && !f.startsWith("~$") && !f.startsWith(".")) files.push(path.join(inp, f));
    } else files.push(inp);
  }
  return files;
}

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text with a UTF-8 BOM and CRLF line ends (what Excel expects). */
export function reportCsv(rows: ReportRow[], lang: "ja" | "en"): string {
  const lines = [REPORT_COLUMNS.map((c) => csvCell(c.header[lang])).join(",")];
  for (const r of rows) lines.push(REPORT_COLUMNS.map((c) => csvCell(c.cell(r, lang))).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export const report: Command = {
  name: "report",
  usage: "report DIR|FILES... [--cert CERT.json] [--format csv|json] [--lang en] [-o OUT]",
  summary: {
    ja: "複数のブックを一覧にまとめます（認定・有効性・検出・充足・証跡・矛盾・審査・承認）。",
    en: "Summarise many workbooks (certification, validity, found, covered, evidence, contradictions, review, sign-off).",
  },
  details:
    "Without --cert each workbook is scored by the certification stored in it; --cert overrides it for every file.\n" +
    "CSV is UTF-8 with a BOM; headers in English with --lang en. Exit 1 when a file needs attention.",
  options: [...COMMON, { name: "cert", value: true }, { name: "format", value: true }, { name: "out", alias: "o", value: true }, { name: "force" }],
  async run(p, io) {
    if (!p.positionals.length) fail("フォルダーまたはファイルを指定してください。", "Give a folder or files.");
    const { ctx, warnings } = ctxFor(p, io);
    const override = str(p, "cert") ? requireCert(p, io) : null;
    for (const w of warnings) io.err(`警告: ${w.ja}\nWarning: ${w.en}\n`);
    const fmt = str(p, "format") ?? "csv";
    if (fmt !== "csv" && fmt !== "json") fail(`--format は csv / json です（${fmt}）。`, `--format must be csv or json (${fmt}).`);
    if (str(p, "out")) checkTextOutExt(str(p, "out")!, fmt);
    const lang = ctx.lang === "en" ? "en" : "ja";
    const files = listWorkbooks(p.positionals, io);
    if (!files.length) fail("対象の .xlsx ファイルがありません。", "No .xlsx files to report on.");
    if (override)
      io.err(
        `全ファイルを --cert の認定（${override.certificationNumber}）で評価します（ブックに保存された認定は使いません）。\n` +
          `Every file is scored by the --cert certification (${override.certificationNumber}), not the one stored in it.\n`,
      );
    const rows: ReportRow[] = [];
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      if (io.isTTY) {
        const w = 24;
        const done = Math.round(((i + 1) / files.length) * w);
        io.err(`\r[${"#".repeat(done)}${" ".repeat(w - done)}] ${i + 1}/${files.length} ${path.basename(f).slice(0, 40).padEnd(40)}`);
      } else io.err(`[${i + 1}/${files.length}] ${f}\n`);
      try {
        const wb = openWorkbook(f, io);
        const a = await analyzeWorkbook(wb, ctx, override ? { certification: override } : {});
        const ok = !!a.detection?.ok && !a.recordError;
        const err = a.recordError ?? (ok ? null : noChecksheetError(a).localized);
        rows.push(
          reportRow({
            file: f,
            crosswalk: ctx.crosswalk,
            asOf: ctx.today,
            certification: a.certification,
            source: override ? "override" : "stored",
            evaluation: a.evaluation,
            detection: ok ? a.detection : null,
            coverage: a.coverage,
            record: a.record,
            entries: ok ? reviewEntriesOf(a).entries : [],
            answers: ok ? answersFromDetection(a.detection!) : {},
            error: err,
          }),
        );
      } catch (e) {
        const u = userError(e);
        rows.push(emptyReportRow(f, ctx.crosswalk, ctx.today, u ? `${u.ja} / ${u.en}` : String((e as Error).message)));
      }
    }
    if (io.isTTY) io.err("\n");
    const text =
      fmt === "json"
        ? JSON.stringify(
            {
              asOf: ctx.today,
              certificationOverride: override ? override.certificationNumber : null,
              crosswalkVersion: ctx.crosswalk.crosswalkVersion,
              files: rows,
            },
            null,
            2,
          ) + "\n"
        : reportCsv(rows, lang);
    const out = str(p, "out");
    if (out) writeOutputAtomic(out, text, io, { force: Boolean(p.options.force), inputs: [...files, ...[str(p, "cert"), str(p, "crosswalk")].filter((x): x is string => !!x)] });
    else io.out(text);
    return rows.some(rowHasFindings) ? 1 : 0;
  },
};

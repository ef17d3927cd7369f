/**
 * `report`: many workbooks → one table. Each workbook is scored by the certification stored in it (the one the
 * applicant saved with the add-in or `annotate`), unless `--cert` overrides it for all (the output says so).
 * CSV in UTF-8 with a BOM (Japanese Excel opens it without mojibake), or JSON with the same fields.
 */
import * as path from "path";
import { REPORT_COLUMNS, rowHasFindings, type ReportRow } from "../domain/report";
import { listWorkbooks } from "./batch";
import { fail, openOutputAtomic, type StreamedOutput } from "./io";
import { DEFAULT_FILE_TIMEOUT_S, jobsFor, MAX_FILE_TIMEOUT_S, MAX_JOBS, startReportPool, type ReportPool } from "./report-pool";
import type { ReportEnv } from "./report-score";
import { str, type Parsed } from "./args";
import { SPECS, type Command } from "./command-table";
import type { Io } from "./io";

export { listWorkbooks };

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line of the report (no line end). */
export function reportCsvLine(r: ReportRow, lang: "ja" | "en"): string {
  return REPORT_COLUMNS.map((c) => csvCell(c.cell(r, lang))).join(",");
}

/** CSV text with a UTF-8 BOM and CRLF line ends (what Excel expects). */
export function reportCsv(rows: ReportRow[], lang: "ja" | "en"): string {
  const lines = [REPORT_COLUMNS.map((c) => csvCell(c.header[lang])).join(",")];
  for (const r of rows) lines.push(reportCsvLine(r, lang));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export interface ReportHead {
  asOf: string;
  certificationOverride: string | null;
  crosswalkVersion: string;
}

/**
 * The report text in pieces, row by row (so no table is held in memory): concatenated, the pieces are exactly
 * reportCsv(rows) or `JSON.stringify({ ...head, files: rows }, null, 2) + "\n"`.
 */
export function reportWriter(format: "csv" | "json", lang: "ja" | "en", head: ReportHead) {
  let rows = 0;
  return {
    begin(): string {
      if (format === "csv") return "\uFEFF" + REPORT_COLUMNS.map((c) => csvCell(c.header[lang])).join(",") + "\r\n";
      const h = JSON.stringify(head, null, 2);
      return h.slice(0, h.lastIndexOf("\n}")) + ',\n  "files": [';
    },
    row(r: ReportRow): string {
      if (format === "csv") return reportCsvLine(r, lang) + "\r\n";
      const text = JSON.stringify(r, null, 2)
        .split("\n")
        .map((l) => "    " + l)
        .join("\n");
      return (rows++ ? ",\n" : "\n") + text;
    },
    end(): string {
      if (format === "csv") return "";
      return (rows ? "\n  ]" : "]") + "\n}\n";
    },
  };
}

/** --jobs N: a whole number from 1 to MAX_JOBS (undefined when not given). */
export function parseJobs(v: string | boolean | string[] | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  const n = /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_JOBS)
    fail(`--jobs は 1 から ${MAX_JOBS} までの整数で指定してください（${s}）。`, `--jobs must be a whole number from 1 to ${MAX_JOBS} (${s}).`);
  return n;
}

/** --file-timeout SECONDS: a positive number of seconds up to MAX_FILE_TIMEOUT_S (the default when not given), in ms. */
export function parseFileTimeout(v: string | boolean | string[] | undefined): number {
  if (v === undefined) return DEFAULT_FILE_TIMEOUT_S * 1000;
  const s = String(v).trim();
  const n = /^[0-9]+(\.[0-9]+)?$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > MAX_FILE_TIMEOUT_S)
    fail(
      `--file-timeout は 0 より大きく ${MAX_FILE_TIMEOUT_S} 以下の秒数で指定してください（${s}）。`,
      `--file-timeout must be a number of seconds above 0 and at most ${MAX_FILE_TIMEOUT_S} (${s}).`,
    );
  return Math.round(n * 1000);
}

export const report: Command = {
  ...SPECS.report,
  async run(p, io) {
    if (!p.positionals.length) fail("フォルダーまたはファイルを指定してください。", "Give a folder or files.");
    // The worker threads start first, so that they load their code while this thread loads the crosswalk, the
    // certification and the rest of this command (shared.ts and the schema library are required only after this).
    const early = startEarly(p, io);
    try {
      return await runReport(p, io, early);
    } finally {
      early?.close();
    }
  },
};

/** Files and workers as the command line says, guessed without failing (the real checks come after, in order). */
function startEarly(p: Parsed, io: Io): ReportPool | null {
  let requested: number | undefined;
  let fileTimeoutMs: number;
  let count: number;
  try {
    requested = parseJobs(p.options.jobs);
    fileTimeoutMs = parseFileTimeout(p.options["file-timeout"]);
    count = listWorkbooks(p.positionals, io).length;
  } catch {
    return null;
  }
  const jobs = jobsFor(count, requested);
  return jobs > 1 ? startReportPool(jobs, { fileTimeoutMs }) : null;
}

async function runReport(p: Parsed, io: Io, early: ReportPool | null): Promise<number> {
  const { checkTextOutExt, ctxFor, requireCert } = await import("./shared");
  const { ctx, warnings } = ctxFor(p, io);
  const override = str(p, "cert") ? requireCert(p, io) : null;
  for (const w of warnings) io.err(`警告: ${w.ja}\nWarning: ${w.en}\n`);
  const fmt = str(p, "format") ?? "csv";
  if (fmt !== "csv" && fmt !== "json") fail(`--format は csv / json です（${fmt}）。`, `--format must be csv or json (${fmt}).`);
  const requestedJobs = parseJobs(p.options.jobs);
  const fileTimeoutMs = parseFileTimeout(p.options["file-timeout"]);
  const out = str(p, "out");
  if (out) checkTextOutExt(out, fmt);
  const lang = ctx.lang === "en" ? "en" : "ja";
  const files = listWorkbooks(p.positionals, io);
  if (!files.length) fail("対象の .xlsx ファイルがありません。", "No .xlsx files to report on.");
  if (override)
    io.err(
      `全ファイルを --cert の認定（${override.certificationNumber}）で評価します（ブックに保存された認定は使いません）。\n` +
        `Every file is scored by the --cert certification (${override.certificationNumber}), not the one stored in it.\n`,
    );
  const jobs = jobsFor(files.length, requestedJobs);
  // (the folder may have changed since the workers were started: then as many as it holds now)
  let pool = early;
  if (pool && pool.jobs !== jobs) {
    pool.close();
    pool = null;
  }
  const env: ReportEnv = { cwd: io.cwd, crosswalk: ctx.crosswalk, today: ctx.today, lang, now: ctx.now(), override };
  const writer = reportWriter(fmt, lang, {
    asOf: ctx.today,
    certificationOverride: override ? override.certificationNumber : null,
    crosswalkVersion: ctx.crosswalk.crosswalkVersion,
  });
  const sink: StreamedOutput = out
    ? openOutputAtomic(out, io, { force: Boolean(p.options.force), inputs: [...files, ...[str(p, "cert"), str(p, "crosswalk")].filter((x): x is string => !!x)] })
    : { write: io.out, commit: () => undefined, abort: () => undefined };
  let findings = false;
  let failed = 0;
  const onRow = (_i: number, r: ReportRow) => {
    if (rowHasFindings(r)) findings = true;
    if (r.error) failed++;
    sink.write(writer.row(r));
  };
  const tty = Boolean(io.errIsTTY);
  const onDone = (done: number, f: string) => {
    if (!tty) return;
    const w = 24;
    const bar = Math.round((done / files.length) * w);
    io.err(`\r[${"#".repeat(bar)}${" ".repeat(w - bar)}] ${done}/${files.length} ${path.basename(f).slice(0, 40).padEnd(40)}`);
  };
  try {
    sink.write(writer.begin());
    if (jobs === 1) {
      const { reportFileRow } = await import("./report-score");
      for (let i = 0; i < files.length; i++) {
        onRow(i, await reportFileRow(files[i], env));
        onDone(i + 1, files[i]);
      }
    } else
      await (pool ?? startReportPool(jobs, { fileTimeoutMs })).run(files, {
        env,
        onRow,
        onDone,
        onCrash: (f, m) => io.err(`${tty ? "\n" : ""}エラー: ${f}: ${m.ja}\nError: ${f}: ${m.en}\n`),
        onWarning: (m) => io.err(`${tty ? "\n" : ""}警告: ${m.ja}\nWarning: ${m.en}\n`),
      });
    sink.write(writer.end());
    sink.commit();
  } catch (e) {
    sink.abort();
    throw e;
  } finally {
    if (tty) io.err("\n");
  }
  io.err(
    `${files.length} 件のブックを集計しました（エラー ${failed} 件、${jobs === 1 ? "1 スレッド" : `ワーカー ${jobs}`}）。\n` +
      `Reported ${files.length} workbook${files.length === 1 ? "" : "s"} (${failed} with an error, ${jobs === 1 ? "one thread" : `${jobs} workers`}).\n`,
  );
  return findings ? 1 : 0;
}

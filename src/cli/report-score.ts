/**
 * Scoring one workbook for `report`: the same function runs on the main thread (one file, --jobs 1) and in the
 * worker threads (report-worker.ts), so both give the same row. Everything it needs is plain data that can be
 * sent to a worker (structured clone): no functions, no open files.
 */
import { answersFromDetection } from "../domain/review";
import { emptyReportRow, reportRow, type ReportRow } from "../domain/report";
import type { Certification, Crosswalk } from "../domain/types";
import { reviewEntriesOf } from "../workbook/review-usecases";
import { analyzeWorkbook, noChecksheetError, type UseCaseContext } from "../workbook/usecases";
import { userError, type Io } from "./io";
import { openWorkbook } from "./open-workbook";

export interface ReportEnv {
  /** Folder the file names are relative to. */
  cwd: string;
  crosswalk: Crosswalk;
  today: string;
  lang: "ja" | "en";
  /** The clock reading taken once when the command started (scoring does not write, so it is not used in rows). */
  now: string;
  /** --cert: every file scored by this certification instead of the one stored in it. */
  override: Certification | null;
}

const silent = () => undefined;

/** One row of the report for FILE; a file that cannot be read or scored gives a row with its error (never throws). */
export async function reportFileRow(file: string, env: ReportEnv): Promise<ReportRow> {
  const io: Io = { out: silent, err: silent, isTTY: false, cwd: env.cwd, today: env.today, now: () => env.now };
  const ctx: UseCaseContext = { crosswalk: env.crosswalk, today: env.today, now: () => env.now, tool: "cli", lang: env.lang };
  try {
    const wb = openWorkbook(file, io);
    const a = await analyzeWorkbook(wb, ctx, env.override ? { certification: env.override } : {});
    const ok = !!a.detection?.ok && !a.recordError;
    const err = a.recordError ?? (ok ? null : noChecksheetError(a).localized);
    return reportRow({
      file,
      crosswalk: ctx.crosswalk,
      asOf: ctx.today,
      certification: a.certification,
      source: env.override ? "override" : "stored",
      evaluation: a.evaluation,
      detection: ok ? a.detection : null,
      coverage: a.coverage,
      record: a.record,
      entries: ok ? reviewEntriesOf(a).entries : [],
      answers: ok ? answersFromDetection(a.detection!) : {},
      error: err,
    });
  } catch (e) {
    const u = userError(e);
    return emptyReportRow(file, ctx.crosswalk, ctx.today, u ? `${u.ja} / ${u.en}` : String((e as Error)?.message ?? e));
  }
}

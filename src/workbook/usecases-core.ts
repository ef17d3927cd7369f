/**
 * The part of the use cases that the task pane needs for its first paint (the certification form): the
 * evaluation of a certification and the bilingual description of an error. No detection, planning or adapter
 * code, so the pane's first-load JavaScript stays small; usecases.ts re-exports both. And the loader of the rest.
 */
import { evaluateCertification } from "../domain/certification";
import { RecordError } from "../domain/record-error";
import type { Certification, CertificationEvaluation, Localized } from "../domain/types";
import { UserFacingError } from "./gateway";
import type { UseCaseContext } from "./usecases";

/**
 * The use cases themselves (detection, planning, the record: most of the pane's code) as a lazy chunk, loaded by the
 * pane with the first read of the workbook and by the ribbon commands on their first run; one chunk for both.
 */
export const loadUseCases = () => import(/* webpackChunkName: "usecases" */ "./usecases");

export function evaluate(ctx: UseCaseContext, cert: Certification | null): CertificationEvaluation | null {
  return cert ? evaluateCertification(cert, { asOf: ctx.today, checklistVersion: ctx.crosswalk.checklist.version }) : null;
}

/** Bilingual message of any error, for the UI and the CLI (never a stack trace). */
export function describeError(e: unknown): Localized {
  if (e instanceof UserFacingError) return e.localized;
  if (e instanceof RecordError) return e.localized;
  // the same classes from another copy of their module (a lazy chunk loaded apart, a test's isolated registry)
  if (e instanceof Error && (e.name === "UserFacingError" || e.name === "RecordError") && isLocalized((e as { localized?: unknown }).localized))
    return (e as unknown as { localized: Localized }).localized;
  const msg = e instanceof Error ? e.message : String(e);
  return { ja: `予期しないエラーが発生しました: ${msg}`, en: `Unexpected error: ${msg}` };
}

function isLocalized(x: unknown): x is Localized {
  return !!x && typeof (x as Localized).ja === "string" && typeof (x as Localized).en === "string";
}

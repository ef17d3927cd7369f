/**
 * Ribbon commands (FunctionFile commands.html). Each ExecuteFunction runs a use case
 * through the OfficeGateway and ALWAYS calls event.completed() (otherwise later clicks queue forever).
 *
 *  applyCoverage: applies the certification stored in the workbook record. With none stored,
 *                 opens the task pane when the host can (SharedRuntime 1.1), else completes unchanged.
 *  clearMarks:    restores every cell the add-in marked. If a marked cell was edited by hand it
 *                 changes nothing (the ribbon cannot ask) and opens the task pane when it can.
 *
 * Ribbon commands have no UI of their own: outcomes and errors go to the console (bilingual text,
 * no stack trace); the task pane shows them to the user.
 */
import { isoDateOf } from "../domain/certification";
import { bundledCrosswalk as loadBundledCrosswalk } from "../domain/crosswalk-core";
import type { Localized } from "../domain/types";
import type { WorkbookGateway } from "../workbook/gateway";
import { OfficeGateway } from "../workbook/office";
import { analyzeWorkbook, applyCoverage, clearMarks, describeError, type UseCaseContext } from "../workbook/usecases";

export interface CommandDeps {
  gateway: WorkbookGateway;
  ctx: UseCaseContext;
  /** Opens the task pane; resolves false when the host cannot. */
  showTaskpane: () => Promise<boolean>;
  report: (message: Localized) => void;
}

export type ApplyResult = "applied" | "no-certification-pane-opened" | "no-certification" | "failed";
export type ClearResult = "cleared" | "nothing-to-clear" | "failed";

export async function applyFromRibbon(deps: CommandDeps): Promise<ApplyResult> {
  try {
    const analysis = await analyzeWorkbook(deps.gateway, deps.ctx);
    if (!analysis.certification) {
      deps.report({
        ja: "ブックに認定情報が保存されていません。作業ウィンドウで認定情報を入力してください。",
        en: "No certification is stored in the workbook. Enter it in the task pane.",
      });
      return (await deps.showTaskpane()) ? "no-certification-pane-opened" : "no-certification";
    }
    const out = await applyCoverage(deps.gateway, deps.ctx, {
      certification: analysis.certification,
      sheet: analysis.sheet ?? undefined,
    });
    deps.report({ ja: `${out.cellsWritten} 個のセルに適用しました。`, en: `Applied to ${out.cellsWritten} cells.` });
    return "applied";
  } catch (e) {
    deps.report(describeError(e));
    return "failed";
  }
}

export async function clearFromRibbon(deps: CommandDeps): Promise<ClearResult> {
  try {
    // Keep the stored certification so that "apply" works again after a clear.
    const out = await clearMarks(deps.gateway, deps.ctx, { keepCertification: true });
    // Restore by intent: what the user typed or changed since the add-in wrote it is kept, and said so.
    if (out.restored === 0 && !out.keptMessage) return "nothing-to-clear";
    const kept = out.keptMessage;
    deps.report({
      ja: `${out.restored} 個のセルを元に戻しました。${kept ? kept.ja : ""}`,
      en: `Restored ${out.restored} cells.${kept ? ` ${kept.en}` : ""}`,
    });
    return "cleared";
  } catch (e) {
    deps.report(describeError(e));
    return "failed";
  }
}

/** Run a command and always complete the event. */
export async function runCommand(event: { completed: () => void }, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    console.error(describeError(e).en);
  } finally {
    event.completed();
  }
}

function officeDeps(): CommandDeps {
  const lang = /^ja/i.test(Office.context?.displayLanguage ?? "ja") ? "ja" : "en";
  return {
    gateway: new OfficeGateway(),
    ctx: {
      crosswalk: loadBundledCrosswalk(),
      today: isoDateOf(new Date()),
      now: () => new Date().toISOString(),
      tool: "addin",
      lang,
    },
    async showTaskpane() {
      // Office.addin.showAsTaskpane needs the shared runtime (SharedRuntime 1.1 in the manifest's <Runtimes>).
      if (!Office.context.requirements.isSetSupported("SharedRuntime", "1.1") || !Office.addin?.showAsTaskpane) return false;
      try {
        await Office.addin.showAsTaskpane();
        return true;
      } catch {
        return false;
      }
    },
    report: (m) => console.info(`${m.ja} / ${m.en}`),
  };
}

if (typeof Office !== "undefined") {
  Office.onReady(() => {
    Office.actions.associate("applyCoverage", (event: Office.AddinCommands.Event) =>
      runCommand(event, () => applyFromRibbon(officeDeps())),
    );
    Office.actions.associate("clearMarks", (event: Office.AddinCommands.Event) => runCommand(event, () => clearFromRibbon(officeDeps())));
  });
}

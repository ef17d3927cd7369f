/**
 * Ribbon commands. With the shared runtime (manifest.xml `<Runtimes>`, lifetime long) they run in the task pane's
 * page (taskpane.html), so ribbon and pane share one JavaScript runtime: the ribbon tells the pane what it did through
 * `paneBus` (runtime-bus.ts). Each ExecuteFunction ALWAYS calls event.completed() (otherwise later clicks queue forever).
 *
 *  applyCoverage: applies the certification stored in the workbook record. With none stored, opens the task pane at
 *                 認定 where the host allows (Office.addin.showAsTaskpane), otherwise tells the user in a dialog.
 *  clearMarks:    restores every cell the add-in marked. If a marked cell was edited by hand it changes nothing
 *                 (the ribbon cannot ask) and opens the task pane, or tells the user in a dialog.
 *
 * Every outcome reaches the user: in the pane when it is visible, otherwise in a small dialog (dialog.html through
 * Office.context.ui.displayDialogAsync). Anything that may never settle (the use case, showAsTaskpane, the dialog)
 * runs under a timeout. The functions are associated when this script loads, as Microsoft's template does, not in
 * Office.onReady. This module is part of the pane's first-load JavaScript, so what a command needs beyond that
 * (the use cases, the Office adapter, the crosswalk) is loaded when the command runs (lazy chunks).
 */
import { isoDateOf } from "../domain/certification";
import { bundledCrosswalk, loadBundledCrosswalkData } from "../domain/crosswalk-core";
import type { Localized } from "../domain/types";
import type { WorkbookGateway } from "../workbook/gateway";
import { lazyOfficeGateway } from "../workbook/lazy-gateway";
import type { UseCaseContext } from "../workbook/usecases";
import { describeError, loadUseCases } from "../workbook/usecases-core";
import { paneBus } from "./runtime-bus";
import { withTimeout } from "./timeout";

export type Intent = "success" | "info" | "warning";

export interface CommandDeps {
  gateway: WorkbookGateway;
  ctx: UseCaseContext;
  /** Opens the task pane at `tab` showing `message`; resolves false when the host cannot (or did not answer in time). */
  openPane(tab: string, message: Localized, intent: Intent): Promise<boolean>;
  /** Tells the user: in the pane when it is visible, otherwise in a dialog. */
  notify(message: Localized, intent: Intent): Promise<NotifiedBy>;
  /** The ribbon changed the workbook: the pane reads it again. */
  changed(): void;
}

export type NotifiedBy = "pane" | "dialog" | "none";
export type ApplyResult = "applied" | "no-certification-pane-opened" | "no-certification" | "failed";
export type ClearResult = "cleared" | "nothing-to-clear" | "failed";

/** How long a ribbon use case may take before the event is completed with a message (Excel.run can wait on the user). */
export const COMMAND_TIMEOUT_MS = 120_000;
/** How long showAsTaskpane and displayDialogAsync may take to answer. */
export const UI_TIMEOUT_MS = 8_000;

const OPEN_PANE_HINT: Localized = {
  ja: "［ホーム］タブの［PHR チェック］›［作業ウィンドウ］から開いてください。",
  en: "Open it from Home › PHR check › Open pane.",
};
const join = (a: Localized, b: Localized): Localized => ({ ja: `${a.ja}${b.ja}`, en: `${a.en} ${b.en}` });

export async function applyFromRibbon(deps: CommandDeps): Promise<ApplyResult> {
  try {
    const { analyzeWorkbook, applyCoverage } = await loadUseCases();
    const analysis = await analyzeWorkbook(deps.gateway, deps.ctx);
    if (!analysis.certification) {
      const msg: Localized = {
        ja: "ブックに認定情報が保存されていません。作業ウィンドウの［認定］タブで認定情報を入力してください（何も変更していません）。",
        en: "No certification is stored in the workbook. Enter it on the task pane's Certification tab (nothing was changed).",
      };
      if (await deps.openPane("cert", msg, "warning")) return "no-certification-pane-opened";
      await deps.notify(join(msg, OPEN_PANE_HINT), "warning");
      return "no-certification";
    }
    const out = await applyCoverage(deps.gateway, deps.ctx, {
      certification: analysis.certification,
      sheet: analysis.sheet ?? undefined,
    });
    deps.changed();
    // what the user changed in the add-in's cells (since an earlier apply, or while this one was writing): kept
    const kept = out.keptMessage;
    await deps.notify(
      {
        ja: `認定情報（${analysis.certification.certificationNumber}）を適用し、${out.cellsWritten} 個のセルに色と参照を付けました。${kept ? kept.ja : ""}`,
        en: `Applied the certification (${analysis.certification.certificationNumber}) to ${out.cellsWritten} cells.${kept ? ` ${kept.en}` : ""}`,
      },
      kept ? "warning" : "success",
    );
    return "applied";
  } catch (e) {
    await deps.notify(describeError(e), "warning");
    return "failed";
  }
}

export async function clearFromRibbon(deps: CommandDeps): Promise<ClearResult> {
  try {
    const { clearMarks } = await loadUseCases();
    // Keep the stored certification so that "apply" works again after a clear.
    const out = await clearMarks(deps.gateway, deps.ctx, { keepCertification: true });
    // Restore by intent: what the user typed or changed since the add-in wrote it is kept, and said so.
    if (out.restored === 0 && !out.keptMessage && !out.keptSummary) {
      await deps.notify({ ja: "消去するマークはありません（何も変更していません）。", en: "There are no marks to clear (nothing was changed)." }, "info");
      return "nothing-to-clear";
    }
    deps.changed();
    const kept = out.keptMessage;
    const sk = out.keptSummary;
    await deps.notify(
      {
        ja: `${out.restored} 個のセルを元に戻しました。${kept ? kept.ja : ""}${sk ? sk.ja : ""}`,
        en: `Restored ${out.restored} cells.${kept ? ` ${kept.en}` : ""}${sk ? ` ${sk.en}` : ""}`,
      },
      kept || sk ? "warning" : "success",
    );
    return "cleared";
  } catch (e) {
    await deps.notify(describeError(e), "warning");
    return "failed";
  }
}

const TIMED_OUT: Localized = {
  ja: "Excel の応答がないため処理を打ち切りました。セルの編集中であれば編集を終えてから、もう一度実行してください。",
  en: "Excel did not answer, so the command was stopped. If a cell is being edited, finish editing and run it again.",
};

/** Run a command under a timeout and always complete the event; a failure or a timeout is told to the user. */
export async function runCommand(
  event: { completed: () => void },
  fn: () => Promise<unknown>,
  notify: (m: Localized, intent: Intent) => Promise<NotifiedBy>,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<void> {
  const timedOut = Symbol("timeout");
  try {
    if ((await withTimeout<unknown>(fn(), timeoutMs, timedOut)) === timedOut) await notify(TIMED_OUT, "warning");
  } catch (e) {
    await notify(describeError(e), "warning").catch(() => "none");
  } finally {
    event.completed();
  }
}

/* ------------------------------------------------------------------ */
/* Office side                                                         */
/* ------------------------------------------------------------------ */

function displayLang(): "ja" | "en" {
  try {
    return /^ja/i.test(Office.context?.displayLanguage ?? "ja") ? "ja" : "en";
  } catch {
    return "ja";
  }
}

/** Office.addin.showAsTaskpane (SharedRuntime 1.1) under a timeout; false when missing, rejected or silent. */
export async function showTaskpane(timeoutMs = UI_TIMEOUT_MS): Promise<boolean> {
  try {
    if (!Office.context.requirements.isSetSupported("SharedRuntime", "1.1") || !Office.addin?.showAsTaskpane) return false;
    return await withTimeout(
      Office.addin.showAsTaskpane().then(
        () => true,
        () => false,
      ),
      timeoutMs,
      false,
    );
  } catch {
    return false;
  }
}

/** The dialog page's URL next to this page, carrying the message (shown as text, never as HTML). */
export function dialogUrl(base: string, message: Localized, intent: Intent, lang: "ja" | "en"): string {
  const u = new URL("dialog.html", base);
  u.search = new URLSearchParams({ lang, intent, ja: message.ja, en: message.en }).toString();
  return u.toString();
}

/** Office.context.ui.displayDialogAsync with the message; resolves false when it fails or does not answer in time. */
export function showDialog(message: Localized, intent: Intent, timeoutMs = UI_TIMEOUT_MS): Promise<boolean> {
  const opened = new Promise<boolean>((resolve) => {
    try {
      const url = dialogUrl(globalThis.location.href, message, intent, displayLang());
      Office.context.ui.displayDialogAsync(url, { height: 35, width: 30, displayInIframe: true }, (result) => {
        if (result.status !== Office.AsyncResultStatus.Succeeded) return resolve(false);
        const dialog = result.value;
        // The dialog's close button asks the parent to close it.
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, () => dialog.close());
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
  return withTimeout(opened, timeoutMs, false);
}

export function officeDeps(): CommandDeps {
  const lang = displayLang();
  const notify = async (message: Localized, intent: Intent): Promise<NotifiedBy> => {
    if (paneBus.paneVisible === true) {
      paneBus.post({ kind: "show", message, intent });
      return "pane";
    }
    if (await showDialog(message, intent)) return "dialog";
    // Nothing else can reach the user: keep it for the pane (shown when it opens) and the console.
    paneBus.post({ kind: "show", message, intent });
    console.warn(`${message.ja} / ${message.en}`);
    return "none";
  };
  return {
    gateway: lazyOfficeGateway(),
    ctx: {
      // loaded (a chunk of its own) before each command runs: see associateCommands
      get crosswalk() {
        return bundledCrosswalk();
      },
      today: isoDateOf(new Date()),
      now: () => new Date().toISOString(),
      tool: "addin",
      lang,
    },
    async openPane(tab, message, intent) {
      if (!(await showTaskpane())) return false;
      paneBus.paneVisible = true;
      paneBus.post({ kind: "show", tab, message, intent });
      return true;
    },
    notify,
    changed: () => paneBus.post({ kind: "changed" }),
  };
}

/** Associate the ribbon's functions (at script load, as Microsoft's template does). */
export function associateCommands(): void {
  const deps = () => officeDeps();
  Office.actions.associate("applyCoverage", (event: Office.AddinCommands.Event) => {
    const d = deps();
    return runCommand(event, () => loadBundledCrosswalkData().then(() => applyFromRibbon(d)), d.notify);
  });
  Office.actions.associate("clearMarks", (event: Office.AddinCommands.Event) => {
    const d = deps();
    return runCommand(event, () => loadBundledCrosswalkData().then(() => clearFromRibbon(d)), d.notify);
  });
}

if (typeof Office !== "undefined" && Office.actions) associateCommands();

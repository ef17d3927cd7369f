/**
 * Task pane entry: the only place that touches Office. Office.onReady →
 * OfficeGateway → <App gateway ctx />. Everything below App takes the
 * WorkbookGateway port, so tests render App with FakeWorkbook.
 *
 * Shared runtime: this page also hosts the ribbon commands (importing ../commands/commands associates them at
 * load) and hands the pane the runtime bus, through which the ribbon opens a tab, shows a message or asks for a
 * re-read. The pane's visibility (Office.addin.onVisibilityModeChanged) tells the ribbon where to report.
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { isoDateOf } from "../domain/certification";
import { bundledCrosswalk as loadBundledCrosswalk } from "../domain/crosswalk-core";
import "../commands/commands";
import { paneBus } from "../commands/runtime-bus";
import { OfficeGateway } from "../workbook/office";
import type { UseCaseContext } from "../workbook/usecases";
import { App } from "./App";
import { EXTRA_TABS } from "./extraTabs";
import { langFromDisplayLanguage, S } from "./i18n";

function showFatal(message: string) {
  const el = document.getElementById("container");
  if (el) {
    el.textContent = "";
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.style.padding = "12px";
    p.textContent = message;
    el.appendChild(p);
  }
}

function start(): void {
  const container = document.getElementById("container");
  if (!container) return;
  const displayLanguage = (() => {
    try {
      return Office.context?.displayLanguage ?? null;
    } catch {
      return null;
    }
  })();
  const lang = langFromDisplayLanguage(displayLanguage);
  let ctx: UseCaseContext;
  try {
    ctx = {
      crosswalk: loadBundledCrosswalk(),
      today: isoDateOf(new Date()),
      now: () => new Date().toISOString(),
      tool: "addin",
      lang,
    };
  } catch {
    showFatal(
      lang === "ja"
        ? "対応表を読み込めませんでした。アドインを再インストールしてください。"
        : "The crosswalk could not be loaded. Please reinstall the add-in.",
    );
    return;
  }
  const gateway = new OfficeGateway();
  watchVisibility();
  createRoot(container).render(<App gateway={gateway} ctx={ctx} initialLang={lang} extraTabs={EXTRA_TABS} runtime={paneBus} />);
}

/** Keep paneBus.paneVisible current where the shared runtime reports the pane's visibility. */
function watchVisibility(): void {
  try {
    if (!Office.context.requirements.isSetSupported("SharedRuntime", "1.1") || !Office.addin?.onVisibilityModeChanged) return;
    void Office.addin
      .onVisibilityModeChanged((args) => {
        paneBus.paneVisible = args.visibilityMode === Office.VisibilityMode.taskpane;
      })
      .catch(() => undefined);
  } catch {
    // not available on this host: the ribbon reports in a dialog
  }
}

document.title = S.appTitle.ja;
Office.onReady(() => start());

/**
 * Task pane entry: the only place that touches Office. Office.onReady →
 * OfficeGateway → <App gateway ctx />. Everything below App takes the
 * WorkbookGateway port, so tests render App with FakeWorkbook.
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { isoDateOf } from "../domain/certification";
import { bundledCrosswalk as loadBundledCrosswalk } from "../domain/crosswalk-core";
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
  createRoot(container).render(<App gateway={gateway} ctx={ctx} initialLang={lang} extraTabs={EXTRA_TABS} />);
}

document.title = S.appTitle.ja;
Office.onReady(() => start());

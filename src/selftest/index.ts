/**
 * Self-test page entry (dist/selftest.html): after the user confirms the warning, runs src/selftest/scenarios.ts
 * through OfficeGateway in the real Excel and shows a results table and the JSON report (text only, never HTML).
 * Reached from the task pane's header link; README asks to run it on Excel on the web, Windows and Mac before a release.
 */
import { isoDateOf } from "../domain/certification";
import { bundledCrosswalk as loadBundledCrosswalk } from "../domain/crosswalk-core";
import { OfficeGateway } from "../workbook/office";
import { describeError } from "../workbook/usecases";
import { runSelfTest, type StepResult } from "./scenarios";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the host says about itself (for the JSON report). */
function hostInfo(): Record<string, unknown> {
  const info: Record<string, unknown> = { userAgent: navigator.userAgent };
  try {
    const d = Office.context.diagnostics;
    Object.assign(info, { host: d?.host, platform: d?.platform, version: d?.version, displayLanguage: Office.context.displayLanguage });
    const sets: Record<string, boolean> = {};
    for (const v of ["1.7", "1.9", "1.10", "1.13", "1.18", "1.20"]) sets[`ExcelApi ${v}`] = Office.context.requirements.isSetSupported("ExcelApi", v);
    sets["SharedRuntime 1.1"] = Office.context.requirements.isSetSupported("SharedRuntime", "1.1");
    sets["DialogApi 1.1"] = Office.context.requirements.isSetSupported("DialogApi", "1.1");
    info.requirementSets = sets;
  } catch (e) {
    info.error = describeError(e).en;
  }
  return info;
}

function addRow(s: StepResult) {
  const tr = document.createElement("tr");
  tr.setAttribute("data-step", s.id);
  tr.setAttribute("data-ok", String(s.ok));
  const cells = [s.ok ? "OK" : "NG", `${s.title.ja} / ${s.title.en}`, `${s.detail} (${s.ms} ms)`];
  cells.forEach((text, i) => {
    const td = document.createElement("td");
    td.textContent = text;
    if (i === 0) td.className = s.ok ? "ok" : "ng";
    tr.appendChild(td);
  });
  $("results").appendChild(tr);
}

function start() {
  const lang = /^ja/i.test(Office.context?.displayLanguage ?? "ja") ? "ja" : "en";
  const run = $<HTMLButtonElement>("run");
  const confirm = $<HTMLInputElement>("confirm");
  const copy = $<HTMLButtonElement>("copy");
  const json = $<HTMLTextAreaElement>("json");
  const status = $("status");
  confirm.addEventListener("change", () => (run.disabled = !confirm.checked));
  copy.addEventListener("click", () => {
    json.select();
    void navigator.clipboard?.writeText(json.value).catch(() => document.execCommand("copy"));
  });
  run.addEventListener("click", () => {
    run.disabled = true;
    $("results").textContent = "";
    json.value = "";
    status.textContent = "実行中… / Running…";
    const ctx = {
      crosswalk: loadBundledCrosswalk(),
      today: isoDateOf(new Date()),
      now: () => new Date().toISOString(),
      tool: "addin" as const,
      lang: lang as "ja" | "en",
    };
    runSelfTest(new OfficeGateway(), ctx, { host: hostInfo(), onStep: addRow, clock: () => performance.now() })
      .then((rep) => {
        json.value = JSON.stringify(rep, null, 2);
        const failed = rep.steps.filter((s) => !s.ok).length;
        status.textContent = rep.ok ? "すべて成功 / All passed" : `失敗 ${failed} 件 / ${failed} failed`;
        status.className = rep.ok ? "ok" : "ng";
        status.setAttribute("data-ok", String(rep.ok));
      })
      .catch((e) => {
        const m = describeError(e);
        status.textContent = `${m.ja} / ${m.en}`;
        status.className = "ng";
        status.setAttribute("data-ok", "false");
      })
      .finally(() => {
        run.disabled = !confirm.checked;
        copy.disabled = !json.value;
      });
  });
}

Office.onReady(() => start());

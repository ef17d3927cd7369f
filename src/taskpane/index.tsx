/**
 * Task pane entry: the only place that touches Office. Office.onReady →
 * OfficeGateway (loaded on first use: workbook/lazy-gateway.ts) → <App gateway ctx />. Everything below App takes the
 * WorkbookGateway port, so tests render App with FakeWorkbook.
 *
 * Shared runtime: this page also hosts the ribbon commands (importing ../commands/commands associates them at
 * load) and hands the pane the runtime bus, through which the ribbon opens a tab, shows a message or asks for a
 * re-read. The pane's visibility (Office.addin.onVisibilityModeChanged) tells the ribbon where to report.
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { isoDateOf } from "../domain/certification";
import { loadBundledCrosswalkData } from "../domain/crosswalk-core";
import "../commands/commands";
import { paneBus } from "../commands/runtime-bus";
import { lazyOfficeGateway } from "../workbook/lazy-gateway";
import type { Crosswalk } from "../domain/types";
import type { WorkbookGateway } from "../workbook/gateway";
import { App, type PaneContext } from "./App";
import { EXTRA_TABS } from "./extraTabs";
import { langFromDisplayLanguage, S, type Lang } from "./i18n";

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
  const base: PaneContext = {
    // its own chunk, requested when this script runs (below): the first view paints without it (Pane)
    crosswalk: null,
    today: isoDateOf(new Date()),
    now: () => new Date().toISOString(),
    tool: "addin",
    lang,
  };
  // The Office adapter is a chunk of its own, fetched with the first read of the workbook (after the first paint).
  const gateway = lazyOfficeGateway();
  watchVisibility();
  createRoot(container).render(<Pane base={base} gateway={gateway} lang={lang} />);
}

/** The pane: App at once, given the bundled crosswalk when its chunk has arrived. */
function Pane(props: { base: PaneContext; gateway: WorkbookGateway; lang: Lang }) {
  const [crosswalk, setCrosswalk] = React.useState<Crosswalk | null>(null);
  const [failed, setFailed] = React.useState(false);
  React.useEffect(() => {
    // A transition: the re-render it brings yields to the user's keystrokes in the form, which come first.
    crosswalkLoad.then((c) => React.startTransition(() => setCrosswalk(c)), () => setFailed(true));
  }, []);
  const ctx = React.useMemo(() => ({ ...props.base, crosswalk }), [props.base, crosswalk]);
  if (failed)
    return (
      <p role="alert" style={{ padding: "12px" }}>
        {props.lang === "ja"
          ? "対応表を読み込めませんでした。アドインを再インストールしてください。"
          : "The crosswalk could not be loaded. Please reinstall the add-in."}
      </p>
    );
  return <App gateway={props.gateway} ctx={ctx} initialLang={props.lang} extraTabs={EXTRA_TABS} runtime={paneBus} />;
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
// Requested now, not in Office.onReady: the download overlaps the host's initialisation.
const crosswalkLoad = loadBundledCrosswalkData();
crosswalkLoad.catch(() => undefined); // reported by start()
Office.onReady(() => start());

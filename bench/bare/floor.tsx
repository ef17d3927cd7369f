/**
 * The floor of bench/pane-load.ts: the task pane's own page and first-load script, drawing one Fluent Input instead of
 * the pane. Built from the pane's page template (src/taskpane/taskpane.html: its CSP, office.js as a parser-blocking
 * script in <head>, the preloads ahead of it) and the modules the pane's entry (src/taskpane/index.tsx) loads: the ribbon
 * functions associated at load, the bundled crosswalk's chunk requested at once, the Office adapter behind its lazy
 * gateway, and App with the extra tabs (referenced, so every module of the pane's first-load script is evaluated, but
 * not rendered). Rendered in Office.onReady, as the pane is.
 *
 * What it tells: the time to interactive of any first view drawn by the pane's script on the pane's page. When this
 * page alone is above the goal's ratio to the bare page, no change to what the pane draws first can meet the goal; only
 * a smaller first-load script (or no office.js, which an add-in page cannot do) could.
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, Input, webLightTheme } from "@fluentui/react-components";
import "../../src/commands/commands";
import { loadBundledCrosswalkData } from "../../src/domain/crosswalk-core";
import { lazyOfficeGateway } from "../../src/workbook/lazy-gateway";
import { App } from "../../src/taskpane/App";
import { EXTRA_TABS } from "../../src/taskpane/extraTabs";

function Floor() {
  const [value, setValue] = React.useState("");
  return (
    <FluentProvider theme={webLightTheme}>
      <Input name="certificationNumber" value={value} onChange={(_, d) => setValue(d.value)} />
    </FluentProvider>
  );
}

// referenced, never rendered: their modules stay in the script and are evaluated, as in the pane
(globalThis as { __paneModules?: unknown }).__paneModules = [App, EXTRA_TABS, lazyOfficeGateway()];
loadBundledCrosswalkData().catch(() => undefined);
Office.onReady(() => {
  const container = document.getElementById("container");
  if (container) createRoot(container).render(<Floor />);
});

/**
 * The yardstick of bench/pane-load.ts: a bare React 18 + Fluent UI v9 page (FluentProvider and one Button), built
 * by bench/bare/webpack.config.js into build/bench-bare/ (never into dist/: not shipped, not in the manifest, not
 * in the size budget). Two pages load it: bare.html (React + Fluent only) and bare-office.html, which also loads
 * office.js (in the bench: the same stub as the pane's) and renders in Office.onReady, as an add-in page must.
 */
import * as React from "react";
import { createRoot } from "react-dom/client";
import { Button, FluentProvider, webLightTheme } from "@fluentui/react-components";

function Bare() {
  const [n, setN] = React.useState(0);
  return (
    <FluentProvider theme={webLightTheme}>
      <Button appearance="primary" data-testid="bare-button" onClick={() => setN((x) => x + 1)}>
        {`Button ${n}`}
      </Button>
    </FluentProvider>
  );
}

function start() {
  const container = document.getElementById("container");
  if (container) createRoot(container).render(<Bare />);
}

const office = (globalThis as { Office?: { onReady(cb: () => void): unknown } }).Office;
if (office) office.onReady(start);
else start();

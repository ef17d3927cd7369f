/**
 * jsdom tests: the pane's panels beyond its first view are a lazy chunk (src/taskpane/lazyPanels.tsx). Evaluated
 * before each test file, so a tab renders in the same turn as the click that opens it, as the tests expect. The
 * lazy path itself (a panel before its chunk is there) is tested in test/taskpane/lazy-panels.test.tsx and in
 * Chromium (test/e2e/first-load.e2e.test.ts).
 */
if (typeof document !== "undefined") {
  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { preloadPanels } = require("../../src/taskpane/lazyPanels") as typeof import("../../src/taskpane/lazyPanels");
    await preloadPanels();
  });
}

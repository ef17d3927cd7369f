/**
 * Accessibility of the built task pane: axe-core run in Chromium on every tab (320 px, Japanese), no serious or
 * critical violation. axe is injected through the DevTools protocol (page.evaluate), not as a page script, so the
 * pane's Content Security Policy stays as shipped.
 *
 * One documented false positive is set aside, node by node: Fluent UI's focus sentinels (tabster's `<i data-tabster-dummy
 * aria-hidden tabindex="0">`, which only pass focus on and must stay hidden from screen readers) under aria-hidden-focus,
 * as Accessibility Insights does (fluentui #25133 / #27517, by design). Any other node of that rule still fails.
 */
import * as fs from "fs";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import type { FakeSeedSheet } from "../fakes/fake-excel";
import { S } from "../../src/taskpane/i18n-panels";
import { messyLayout } from "../helpers/layouts";
import { openPane, startHarness, stopHarness, type Harness } from "./harness";

const crosswalk = loadBundledCrosswalk();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

const tabsterSentinel = (rule: string, html: string) => rule === "aria-hidden-focus" && /^<i\b[^>]*\sdata-tabster-dummy=/.test(html);

test("every tab: zero serious or critical axe-core violations", async () => {
  const book = messyLayout(crosswalk.entries, { hideEvery: 0, sheetName: "チェックシート" });
  const sheets: FakeSeedSheet[] = book.sheets.map((s) => ({ name: s.name, values: s.values, merges: s.merges, hiddenRows: s.hiddenRows, validations: s.validations }));
  const { page } = await openPane(h, { sheets, active: book.checksheet });
  await page.evaluate(AXE);
  const tabs = await page.$$eval('[role="tab"][data-testid^="tab-"]', (els) => els.map((e) => e.getAttribute("data-testid")!));
  expect(tabs.length).toBeGreaterThanOrEqual(6);
  const found: Record<string, string[]> = {};
  for (const t of tabs) {
    await page.getByTestId(t).click();
    // The extra tabs are lazy-loaded: wait until the panel shows the tab's content, not the loading text.
    await page.waitForFunction(
      (loading) => {
        const p = document.querySelector('[role="tabpanel"]');
        const text = p?.textContent?.trim() ?? "";
        return text.length > 0 && text !== loading;
      },
      S.loading.ja,
    );
    const v = (await page.evaluate(async () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
      return r.violations;
    })) as Violation[];
    const bad = v
      .filter((x) => x.impact === "serious" || x.impact === "critical")
      .map((x) => ({ ...x, nodes: x.nodes.filter((n) => !tabsterSentinel(x.id, n.html)) }))
      .filter((x) => x.nodes.length > 0);
    found[t] = bad.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }
  expect(found).toEqual(Object.fromEntries(tabs.map((t) => [t, []])));
});

/**
 * The pane's first load, in Chromium on the built dist/: what the page loads up front, what comes later, and that the
 * first view works while the rest is still on its way.
 *
 * - taskpane.html references one script of ours (the first-load bundle, ≤ 100 KB gzip: scripts/size-limit.js) and
 *   the extracted stylesheet; the use cases, the Office adapter, the other tabs and the bundled crosswalk are chunks
 *   requested by the page afterwards.
 * - With the crosswalk's chunk held back, the 認定 form is there and takes typing; the other tabs say they are
 *   loading and apply is disabled. Once the chunk arrives, the first read runs, and what the user typed meanwhile is
 *   still in the form.
 * - Every tab renders from its lazy chunk without a page error.
 */
import * as fs from "fs";
import * as path from "path";
import { standardLayout } from "../helpers/layouts";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import type { FakeSeed } from "../fakes/fake-excel";
import { openPane, startHarness, stopHarness, type Harness } from "./harness";

const ROOT = path.resolve(__dirname, "../..");
const crosswalk = loadBundledCrosswalk();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));

function seed(): FakeSeed {
  const book = standardLayout(crosswalk.entries);
  return { sheets: book.sheets.map((s) => ({ name: s.name, values: s.values.map((r) => (r ?? []).map((v) => (v === undefined ? null : v))) })) };
}

test("taskpane.html loads one script of ours and the stylesheet; the rest are chunks requested later", async () => {
  const html = fs.readFileSync(path.join(ROOT, "dist/taskpane.html"), "utf8");
  // (the page is minified: attribute quotes are optional)
  const local = [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]+)/g)].map((m) => m[1]).filter((s) => !/^https?:/.test(s));
  expect(local).toHaveLength(1);
  expect(local[0]).toMatch(/^taskpane\.[0-9a-f]{8}\.js$/);
  expect(html).toMatch(/<link href=["']?griffel\.[0-9a-f]{8}\.css["']? rel=["']?stylesheet/);
  // nothing of the lazy parts is named in the page
  for (const chunk of ["usecases", "office", "panels", "crosswalk-data", "date-picker", "tab-bulk", "tab-review"])
    expect(html).not.toMatch(new RegExp(`\\b${chunk}\\.[0-9a-f]{8}\\.js`));
  // The bundle and the stylesheet are preloaded before office.js: the page's meta CSP stops Chromium's preload
  // scanner, and office.js blocks the parser until it has run. The CSP still comes first.
  const at = (re: RegExp) => html.search(re);
  const officeJs = at(/<script\b[^>]*\bsrc=["']?https:\/\/appsforoffice\.microsoft\.com\//);
  expect(officeJs).toBeGreaterThan(0);
  const preloadScript = at(new RegExp(`<link rel=["']?preload["']? href=["']?${local[0].replace(/\./g, "\\.")}["']? as=["']?script`));
  const preloadStyle = at(/<link rel=["']?preload["']? href=["']?griffel\.[0-9a-f]{8}\.css["']? as=["']?style/);
  expect(preloadScript).toBeGreaterThan(0);
  expect(preloadStyle).toBeGreaterThan(0);
  expect(preloadScript).toBeLessThan(officeJs);
  expect(preloadStyle).toBeLessThan(officeJs);
  expect(at(/Content-Security-Policy/)).toBeLessThan(preloadScript);
  // Chromium's explicit compile hint heads the first-load script only (the lazy chunks are not all called at load)
  const firstLine = (f: string) => fs.readFileSync(path.join(ROOT, "dist", f), "utf8").split("\n", 1)[0];
  expect(firstLine(local[0])).toBe("//# allFunctionsCalledOnLoad");
  const lazy = fs.readdirSync(path.join(ROOT, "dist")).filter((f) => /^(panels|usecases|office|crosswalk-data)\.[0-9a-f]{8}\.js$/.test(f));
  expect(lazy).toHaveLength(4);
  for (const f of lazy) expect(firstLine(f)).not.toContain("allFunctionsCalledOnLoad");

  const { page, pageErrors, scripts } = await openPane(h, seed());
  // the date picker comes in an idle moment after the first read
  await page.waitForFunction(() => document.querySelector('input[name="certifiedOn"]')?.getAttribute("role") === "combobox");
  // then, in another idle moment, the other tabs' chunk, without a tab being opened
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => /\/panels\.[0-9a-f]{8}\.js$/.test(e.name)));
  const loaded = scripts.map((s) => path.basename(s));
  for (const chunk of ["usecases", "office", "crosswalk-data", "date-picker", "panels"]) expect(loaded.some((s) => s.startsWith(`${chunk}.`))).toBe(true);
  // the preloaded bundle was fetched once (the preload was used, not fetched a second time)
  expect(loaded.filter((s) => s === local[0])).toHaveLength(1);
  expect(loaded.findIndex((s) => s.startsWith("panels."))).toBeGreaterThan(loaded.findIndex((s) => s.startsWith("usecases.")));
  // the first read's chunks came after the first-load bundle
  const first = loaded.findIndex((s) => s.startsWith("taskpane."));
  expect(first).toBeGreaterThanOrEqual(0);
  expect(loaded.findIndex((s) => s.startsWith("usecases."))).toBeGreaterThan(first);
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("the form works before the crosswalk arrives; typing survives its arrival and the first read", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const { page, pageErrors } = await openPane(h, seed(), "ja-JP", {
    waitForFirstRead: false,
    beforeGoto: async (p) => {
      await p.route(/\/crosswalk-data\.[0-9a-f]{8}\.js$/, async (r) => {
        await held;
        await r.continue();
      });
    },
  });
  const number = page.locator('input[name="certificationNumber"]');
  await number.waitFor();
  await number.fill("IB-TYPED-EARLY");
  await page.locator('input[name="holder"]').fill("先に入力した事業者");
  // apply waits for the crosswalk; the first read has not started
  expect(await page.getByTestId("apply").isDisabled()).toBe(true);
  expect(await page.getByTestId("app").getAttribute("data-workbook-read")).toBe("pending");
  // another tab: "loading" until the crosswalk is there
  await page.getByTestId("tab-items").click();
  await page.getByTestId("panel-loading").waitFor();
  await page.getByTestId("tab-cert").click();

  release();
  await page.waitForFunction(() => document.querySelector('[data-testid="app"]')?.getAttribute("data-workbook-read") === "done");
  expect(await number.inputValue()).toBe("IB-TYPED-EARLY");
  expect(await page.locator('input[name="holder"]').inputValue()).toBe("先に入力した事業者");
  expect(await page.getByTestId("apply").isDisabled()).toBe(false);
  await page.getByTestId("tab-items").click();
  await page.getByTestId("items-count").waitFor();
  expect(await page.getByTestId("items-count").textContent()).toBe(`${crosswalk.entries.length} / ${crosswalk.entries.length} 件`);
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("every tab renders from its chunk without a page error", async () => {
  const { page, pageErrors } = await openPane(h, seed());
  const tabs = await page.$$eval('[role="tab"][data-testid^="tab-"]', (els) => els.map((e) => e.getAttribute("data-testid")!));
  expect(tabs).toHaveLength(6);
  for (const t of tabs) {
    await page.getByTestId(t).click();
    await page.waitForFunction(() => {
      const p = document.querySelector('[role="tabpanel"]');
      return !!p && !p.querySelector('[data-testid="panel-loading"]') && (p.textContent ?? "").trim().length > 20;
    });
    expect(await page.locator('[role="tabpanel"]').getAttribute("aria-labelledby")).toBe(await page.getByTestId(t).getAttribute("id"));
  }
  // the tab strip: arrow keys move between tabs, Enter opens one
  await page.getByTestId("tab-cert").click();
  await page.getByTestId("tab-cert").focus();
  await page.keyboard.press("ArrowRight");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("tab-bulk");
  await page.keyboard.press("End");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("tab-review");
  await page.keyboard.press("Enter");
  expect(await page.getByTestId("tab-review").getAttribute("aria-selected")).toBe("true");
  expect(await page.getByTestId("tab-review").getAttribute("tabindex")).toBe("0");
  expect(await page.getByTestId("tab-cert").getAttribute("tabindex")).toBe("-1");
  expect(pageErrors).toEqual([]);
  await page.close();
});

/**
 * The applicant's path in the built pane (Chromium, 320×900, strict fake Excel): the date picker on the
 * certification dates (lazy chunk, Japanese calendar, keyboard), apply leading to the nine evidence items at the top
 * of 証跡・一括入力, the remarks template's placeholders with their meaning, and 項目 virtualized (scrolled to the
 * bottom the last card shows; far fewer than 145 cards in the DOM). axe-core: zero serious or critical violations in
 * each of these states (the tab-by-tab sweep is test/e2e/axe.e2e.test.ts). Screenshots: flow-*.png.
 */
import * as fs from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import type { FakeSeed, FakeSeedSheet } from "../fakes/fake-excel";
import { messyLayout } from "../helpers/layouts";
import { addDays, expectNoOverflow, openPane, ROOT, SHOTS, startHarness, stopHarness, type Harness } from "./harness";

const crosswalk = loadBundledCrosswalk();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const today = isoDateOf(new Date());
const ids = crosswalk.entries.map((e) => e.id);

/** The README shows flow-evidence and flow-template (SHOTS: docs/screenshots with `npm run screenshots`); the others stay in test-output. */
const LOCAL_SHOTS = path.join(ROOT, "test-output", "screenshots");

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.mkdirSync(LOCAL_SHOTS, { recursive: true });
});
afterAll(() => stopHarness(h));

function seed(): FakeSeed {
  const book = messyLayout(crosswalk.entries, { hideEvery: 0, sheetName: "チェックシート", answerList: ["はい", "いいえ"] });
  const sheets: FakeSeedSheet[] = book.sheets.map((s) => ({ name: s.name, values: s.values, merges: s.merges, hiddenRows: s.hiddenRows, validations: s.validations }));
  return { sheets, active: book.checksheet };
}

const tabsterSentinel = (rule: string, html: string) => rule === "aria-hidden-focus" && /^<i\b[^>]*\sdata-tabster-dummy=/.test(html);

/** Serious or critical axe-core violations on the page as it is now (Fluent's focus sentinels set aside, as in axe.e2e). */
async function axeSerious(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  // Colours are judged once the dialogs' and buttons' transitions have ended (mid-fade, a button's text and
  // background are half-blended and fail the contrast check though neither is wrong).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"), undefined, { timeout: 10_000 });
  const v = (await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return r.violations;
  })) as { id: string; impact: string | null; help: string; nodes: { target: string[]; html: string }[] }[];
  return v
    .filter((x) => x.impact === "serious" || x.impact === "critical")
    .map((x) => ({ ...x, nodes: x.nodes.filter((n) => !tabsterSentinel(x.id, n.html)) }))
    .filter((x) => x.nodes.length > 0)
    .map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

async function fillCertification(page: Page) {
  await page.fill('input[name="certificationNumber"]', "IB-E2E-0101");
  await page.fill('input[name="holder"]', "株式会社サンプルヘルス（架空）");
  await page.fill('input[name="serviceName"]', "サンプルPHR（架空のサービス）");
  await page.fill('input[name="guidelineVersion"]', "3.0");
  await page.fill('input[name="checklistVersion"]', crosswalk.checklist.version);
  await page.getByTestId("scope-health").check();
}

/** A valid certification typed in, saved to the book, applied: the pane is at 証跡・一括入力. */
async function saveAndApply(page: Page) {
  await fillCertification(page);
  await page.fill('input[name="certifiedOn"]', addDays(today, -60));
  await page.fill('input[name="expiresOn"]', addDays(today, 700));
  await page.getByRole("button", { name: "ブックに保存" }).click();
  await page.waitForFunction(() => /保存しました/.test(document.querySelector('[data-testid="notice-bar"]')?.textContent ?? ""));
  await page.getByTestId("apply").click();
  await page.getByTestId("bulk-tab").waitFor();
}

test("date picker: lazy chunk, typed 和暦 → YYYY-MM-DD, keyboard opens a Japanese calendar, 今日 picks today; axe clean", async () => {
  const { page, pageErrors, scripts } = await openPane(h, seed());
  const input = page.locator('input[name="certifiedOn"]');
  await page.waitForFunction(() => document.querySelector('input[name="certifiedOn"]')?.getAttribute("role") === "combobox");
  // the picker came in its own chunk, after the first-load script
  expect(scripts.some((s) => /date-picker/.test(s))).toBe(true);
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  expect(html).not.toMatch(/<script[^>]+date-picker/);

  // typed: 和暦 and slashes are read when the field is left
  await input.fill("令和7年10月1日");
  await page.keyboard.press("Tab");
  await page.waitForFunction(() => (document.querySelector('input[name="certifiedOn"]') as HTMLInputElement).value === "2025-10-01");

  // keyboard: ↓ opens the calendar (a dialog named カレンダー), Japanese month and day names, 今日
  await input.focus();
  await page.keyboard.press("ArrowDown");
  const dialog = page.getByRole("dialog", { name: "カレンダー" });
  await dialog.waitFor();
  const text = (await dialog.textContent()) ?? "";
  expect(text).toContain("2025年10月");
  expect(text).toContain("今日");
  expect(await dialog.getByRole("button", { name: "前の月へ" }).count()).toBe(1);
  expect(await dialog.locator("th").allTextContents()).toEqual(["日", "月", "火", "水", "木", "金", "土"]);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(LOCAL_SHOTS, "flow-datepicker.png") });
  // → moves to the next day, Enter picks it
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  await page.waitForFunction(() => (document.querySelector('input[name="certifiedOn"]') as HTMLInputElement).value === "2025-10-02");

  // 今日 / Go to today
  await page.locator('input[name="expiresOn"]').focus();
  await page.keyboard.press("ArrowDown");
  await dialog.waitFor();
  // 今日 is disabled while today's month is shown; one month on, it brings the calendar back, where today is picked
  const goToday = dialog.getByRole("button", { name: "今日" });
  expect(await goToday.isDisabled()).toBe(true);
  await dialog.getByRole("button", { name: "次の月へ" }).click();
  await page.waitForFunction(() => !(document.querySelector(".fui-Calendar__goTodayButton") as HTMLButtonElement | null)?.disabled);
  await goToday.click();
  const [y, m, d] = today.split("-").map(Number);
  expect((await dialog.textContent()) ?? "").toContain(`${y}年${m}月`);
  // (the package builds each day's label as "1, 12月, 2026", not through the formatter)
  await dialog.getByRole("gridcell").getByRole("button", { name: `${d}, ${m}月, ${y}`, exact: true }).click();
  await page.waitForFunction((t) => (document.querySelector('input[name="expiresOn"]') as HTMLInputElement).value === t, today);
  await expectNoOverflow(page);
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("apply leads to the nine items at the top of 証跡・一括入力; the template's placeholders are explained; axe clean", async () => {
  const { page, pageErrors } = await openPane(h, seed());
  const tabs = await page.$$eval('[role="tab"][data-testid^="tab-"]', (els) => els.map((e) => e.getAttribute("data-testid")));
  expect(tabs).toEqual(["tab-cert", "tab-bulk", "tab-summary", "tab-items", "tab-detect", "tab-review"]);
  await fillCertification(page);
  await page.fill('input[name="certifiedOn"]', addDays(today, -60).replace(/-/g, "/"));
  await page.fill('input[name="expiresOn"]', addDays(today, 700));
  await page.getByRole("button", { name: "検証" }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="cert-evaluation"]')?.getAttribute("data-state") === "valid");
  await page.getByRole("button", { name: "ブックに保存" }).click();
  await page.waitForFunction(() => /保存しました/.test(document.querySelector('[data-testid="notice-bar"]')?.textContent ?? ""));
  await page.getByTestId("apply").click();
  await page.getByTestId("bulk-tab").waitFor();
  expect(await page.getByTestId("tab-bulk").getAttribute("aria-selected")).toBe("true");
  const items = page.getByTestId("excluded-item");
  await items.first().waitFor();
  expect(await items.count()).toBe(9);
  // the nine are at the top: the first one is within the first screen, above the bulk-mark controls
  const first = (await items.first().boundingBox())!;
  const preview = (await page.getByTestId("bulk-preview").boundingBox())!;
  expect(first.y).toBeLessThan(900);
  expect(first.y).toBeLessThan(preview.y);
  await expectNoOverflow(page);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, "flow-evidence.png") });

  // the remarks template: each {…} highlighted with its meaning, the legend with this certification's values, an example
  const legend = page.getByTestId("template-legend");
  await legend.scrollIntoViewIfNeeded();
  const tokens = await page.getByTestId("template-token").allTextContents();
  expect(tokens).toEqual(["{number}（認定番号）", "{class}（区分（A・B））", "{refs}（根拠の審査項目）"]);
  expect(await page.getByTestId("placeholder-value").first().textContent()).toContain("IB-E2E-0101");
  const example = (await page.getByTestId("template-example").textContent()) ?? "";
  expect(example).toContain("認定番号 IB-E2E-0101");
  expect(example).not.toMatch(/\{(number|class|refs)\}/);
  const bg = await page.locator('[data-testid="template-token"] mark').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).not.toBe("rgba(0, 0, 0, 0)");
  await expectNoOverflow(page);
  expect(await axeSerious(page)).toEqual([]);
  await legend.screenshot({ path: path.join(SHOTS, "flow-template.png") });
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("clear keeps a summary sheet the user wrote a note on: the confirmation says so, the sheet stays; the forced clear deletes it; axe clean", async () => {
  const { page, pageErrors } = await openPane(h, seed());
  await saveAndApply(page);
  // the reviewer types a note beside the summary, in Excel, between the add-in's steps
  const summaryExists = () => page.evaluate(() => (window as unknown as { __fake: { state: { sheets: { name: string }[] } } }).__fake.state.sheets.some((x) => x.name === "PHRチェック概要"));
  await page.evaluate(() => (window as unknown as { __fake: { user: { type(s: string, a: string, v: string): void } } }).__fake.user.type("PHRチェック概要", "F5", "審査メモ"));
  await page.getByTestId("clear").click();
  const kept = page.getByTestId("clear-kept-summary");
  await kept.waitFor();
  expect(await kept.textContent()).toMatch(/概要シート「PHRチェック概要」には、アドインが書いていない内容（E1:F\d+ の範囲の入力）があるため、シートは削除せずに残します/);
  expect(await page.getByTestId("force-clear").count()).toBe(1);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(LOCAL_SHOTS, "flow-clear-kept-summary.png") });
  await page.getByTestId("confirm-clear").click();
  await page.waitForFunction(() => /残しました.*手作業でシートを削除/.test(document.querySelector('[data-testid="notice-bar"]')?.textContent ?? ""));
  expect(await summaryExists()).toBe(true);
  // apply again (the sheet and the note are still there), then clear forced: the sheet goes
  await page.getByTestId("apply").click();
  await page.getByTestId("bulk-tab").waitFor();
  await page.getByTestId("clear").click();
  await page.getByTestId("clear-kept-summary").waitFor();
  await page.getByTestId("force-clear").click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="clear-dialog"]'));
  await page.waitForFunction(() => !(window as unknown as { __fake: { state: { sheets: { name: string }[] } } }).__fake.state.sheets.some((x) => x.name === "PHRチェック概要"));
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("an answer typed while bulk-mark writes it: kept as typed, the notice names its cell and fits the pane; the summary lists it to check; axe clean", async () => {
  type Fake = { syncCount: number; beforeSync(n: number, edit: () => void): void; user: { type(s: string, a: string, v: string): void }; cell(s: string, a: string): { v: unknown } | undefined; state: { sheets: { name: string; cells: Map<number, { v: unknown }> }[] } };
  const { page, pageErrors } = await openPane(h, seed());
  await saveAndApply(page);
  // the preview's read is the apply's first step: its syncs say where the apply's write comes (after one snapshot)
  const before = await page.evaluate(() => (window as unknown as { __fake: Fake }).__fake.syncCount);
  await page.getByTestId("bulk-preview").click();
  await page.getByTestId("bulk-plan").waitFor();
  const readSyncs = (await page.evaluate(() => (window as unknown as { __fake: Fake }).__fake.syncCount)) - before;
  const cell = (await page.locator('[data-testid="bulk-change"][data-kind="answer"]').first().getAttribute("data-cell"))!;
  const remarks = (await page.locator('[data-testid="bulk-change"][data-kind="remarks"]').first().getAttribute("data-cell"))!;
  // the user types いいえ in that answer cell after the apply's snapshot, just before its write
  await page.evaluate(
    ({ n, cell }) => {
      const fake = (window as unknown as { __fake: Fake }).__fake;
      fake.beforeSync(n, () => fake.user.type("チェックシート", cell, "いいえ"));
    },
    { n: readSyncs + 2, cell },
  );
  await page.getByTestId("bulk-apply").click();
  await page.waitForFunction(() => /一括入力しました/.test(document.querySelector('[data-testid="bulk-notice"]')?.textContent ?? ""));
  const notice = (await page.getByTestId("bulk-notice").textContent()) ?? "";
  expect(notice).toContain(`書き込みの最中に入力された 1 個のセル（${cell}）は、その入力のまま残しています`);
  expect(await page.evaluate((a) => (window as unknown as { __fake: Fake }).__fake.cell("チェックシート", a)?.v, cell)).toBe("いいえ");
  // that item's remarks were taken back (an answered item is left alone by bulk-mark)
  expect(notice).toContain(`その項目に書き込んだ備考 1 件（${remarks}）は取り消し、元に戻しました。`);
  expect(await page.evaluate((a) => (window as unknown as { __fake: Fake }).__fake.cell("チェックシート", a)?.v ?? null, remarks)).toBeNull();
  // the summary sheet was written again from the cells as they are: the answer is listed to check, with its cell
  const summary = await page.evaluate(() => [...((window as unknown as { __fake: Fake }).__fake.state.sheets.find((x) => x.name === "PHRチェック概要")?.cells.values() ?? [])].map((c) => String(c.v ?? "")));
  expect(summary).toContain(cell);
  await page.getByTestId("bulk-notice").scrollIntoViewIfNeeded();
  await expectNoOverflow(page);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: path.join(LOCAL_SHOTS, "flow-typed-during-bulk.png") });
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("項目 virtualized: far fewer than 145 cards in the DOM; scrolled to the bottom the last card shows; keyboard End; axe clean", async () => {
  const { page, pageErrors } = await openPane(h, seed());
  await page.getByTestId("tab-items").click();
  await page.getByTestId("items-toggle-all").click();
  await page.locator('[data-testid="item"]').first().waitFor();
  const inDom = await page.locator('[data-testid="item"]').count();
  expect(inDom).toBeGreaterThan(0);
  expect(inDom).toBeLessThan(40);
  const viewport = page.getByTestId("item-viewport");
  const vp = (await viewport.boundingBox())!;
  expect(vp.height).toBeLessThanOrEqual(900);
  await expectNoOverflow(page);
  expect(await axeSerious(page)).toEqual([]);

  // scroll the list to its bottom (twice: measured heights settle after the first render there)
  for (let i = 0; i < 3; i++) {
    await viewport.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForTimeout(100);
  }
  const last = page.locator(`[data-testid="item"][data-id="${ids[ids.length - 1]}"]`);
  await last.waitFor();
  const box = (await last.boundingBox())!;
  const vbox = (await viewport.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(vbox.y - 1);
  expect(box.y + box.height).toBeLessThanOrEqual(vbox.y + vbox.height + 1);
  expect(await page.locator(`[data-testid="item"][data-id="${ids[0]}"]`).count()).toBe(0);
  expect(await page.locator('[data-testid="item"]').count()).toBeLessThan(40);
  expect(await axeSerious(page)).toEqual([]);
  await viewport.evaluate((el) => el.scrollIntoView({ block: "end" }));
  await page.screenshot({ path: path.join(LOCAL_SHOTS, "flow-items-bottom.png") });

  // keyboard: Home from the last card goes back to the first header, End to the last card again
  await last.locator("button").focus();
  await page.keyboard.press("Home");
  await page.waitForFunction(() => document.activeElement?.closest("[data-key]")?.getAttribute("data-key")?.startsWith("g:") === true);
  await page.keyboard.press("End");
  await page.waitForFunction(
    (id) => document.activeElement?.closest('[data-testid="item"]')?.getAttribute("data-id") === id,
    ids[ids.length - 1],
  );
  expect(pageErrors).toEqual([]);
  await page.close();
});

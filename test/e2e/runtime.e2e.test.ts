/**
 * Browser tests of the shared runtime and the self-test page in the built dist/ (Chromium, office.js stub over the
 * strict fake Excel):
 *  - the ribbon's functions run in the pane's page: apply without a stored certification brings the pane to 認定 with
 *    the reason; with one stored, apply writes the workbook and the pane re-reads it and says what was done;
 *  - the self-test, opened from the pane's footer, warns, runs every contract scenario through OfficeGateway on a
 *    scratch sheet, shows a green table and a JSON report, and leaves the workbook as it was.
 */
import * as path from "path";
import type { Page } from "playwright-core";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { emptyRecord, encodeRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import { testCertification } from "../helpers/cert";
import type { FakeSeed, FakeSeedSheet } from "../fakes/fake-excel";
import { messyLayout } from "../helpers/layouts";
import { addDays, expectNoOverflow, fakeSnapshot, openPane, SHOTS, startHarness, stopHarness, type Harness } from "./harness";

const crosswalk = loadBundledCrosswalk();
const today = isoDateOf(new Date());

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));

function checksheetSeed(withCertification: boolean): FakeSeed {
  const b = messyLayout(crosswalk.entries, { answerList: ["はい", "いいえ"], hideEvery: 0 });
  const sheets: FakeSeedSheet[] = b.sheets.map((s) => ({ name: s.name, values: s.values, merges: s.merges, hiddenRows: s.hiddenRows, validations: s.validations }));
  if (withCertification) {
    const certification = testCertification({ certifiedOn: addDays(today, -30), expiresOn: addDays(today, 365), certificationNumber: "IB-E2E-RIBBON" });
    const rec = encodeRecord({ ...emptyRecord("2026-01-01T00:00:00Z"), certification });
    sheets.push({ name: RECORD_SHEET_NAME, values: rec.map((s) => [s]), visibility: "veryHidden" });
  }
  return { sheets, active: b.checksheet, requirementSets: ["ExcelApi 1.20", "SharedRuntime 1.1"] };
}

/** Click a ribbon button: call the function the page associated with Office.actions.associate; resolves when completed. */
async function ribbon(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const fn = (window as any).__fake.actions.get(id); // eslint-disable-line @typescript-eslint/no-explicit-any
        if (!fn) return reject(new Error(`${id} is not associated`));
        let n = 0;
        fn({ completed: () => resolve(++n) });
      }),
    id,
  );
}

test("ribbon apply without a stored certification brings the pane to 認定 with the reason; nothing changes", async () => {
  const { page, pageErrors } = await openPane(h, checksheetSeed(false));
  const before = await fakeSnapshot(page);
  await page.getByTestId("tab-detect").click();
  expect(await page.getByTestId("tab-detect").getAttribute("aria-selected")).toBe("true");
  expect(await ribbon(page, "applyCoverage")).toBe(1);
  await page.waitForFunction(() => document.querySelector('[data-testid="tab-cert"]')?.getAttribute("aria-selected") === "true");
  expect(await page.getByTestId("notice-bar").textContent()).toContain("認定情報が保存されていません");
  expect(await page.evaluate(() => (window as any).__fake.log.includes("addin.showAsTaskpane"))).toBe(true); // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(await fakeSnapshot(page)).toBe(before);
  await expectNoOverflow(page);
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("ribbon apply with a stored certification writes the workbook; the pane re-reads it and says what was done", async () => {
  const { page, pageErrors } = await openPane(h, checksheetSeed(true));
  const before = await fakeSnapshot(page);
  expect(await ribbon(page, "applyCoverage")).toBe(1);
  await page.getByTestId("notice-bar").filter({ hasText: "IB-E2E-RIBBON" }).waitFor();
  expect(await page.getByTestId("notice-bar").textContent()).toMatch(/セルに色と参照を付けました/);
  expect(await fakeSnapshot(page)).not.toBe(before);
  // the pane read the workbook again: its summary shows the coverage of the stored certification
  await page.getByTestId("tab-summary").click();
  await page.waitForFunction(() => /136/.test(document.body.textContent ?? ""));
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("self-test from the pane's footer: warning, every scenario green, JSON report, workbook unchanged", async () => {
  const seed: FakeSeed = { sheets: [{ name: "Sheet1", values: [["メモ", 1]] }], active: "Sheet1", requirementSets: ["ExcelApi 1.20", "SharedRuntime 1.1"] };
  const { page, pageErrors } = await openPane(h, seed);
  await page.getByTestId("selftest-link").click();
  await page.waitForURL(/selftest\.html$/);
  const before = await fakeSnapshot(page);
  const run = page.getByTestId("selftest-run");
  expect(await run.isDisabled()).toBe(true); // the user confirms the warning first
  expect(await page.locator(".warn").textContent()).toContain("新しい空のブック");
  await page.getByTestId("selftest-confirm").check();
  await run.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="selftest-status"]')?.hasAttribute("data-ok"), undefined, { timeout: 120_000 });
  const rows = await page.$$eval('[data-testid="selftest-results"] tr', (trs) => trs.map((tr) => [tr.getAttribute("data-step"), tr.getAttribute("data-ok")]));
  const report = JSON.parse(await page.getByTestId("selftest-json").inputValue());
  expect(report.steps.filter((s: { ok: boolean }) => !s.ok)).toEqual([]);
  expect(await page.getByTestId("selftest-status").getAttribute("data-ok")).toBe("true");
  expect(rows.map((r) => r[0])).toEqual(["preflight", "scratch", "certification", "apply", "bulk-mark", "evidence", "review", "sign-off", "hand-edit", "limits", "clear", "cleanup"]);
  expect(rows.every((r) => r[1] === "true")).toBe(true);
  expect(report).toMatchObject({ schema: "phr-checksheet-selftest/1", ok: true, crosswalkVersion: crosswalk.crosswalkVersion });
  expect(report.host.requirementSets).toMatchObject({ "ExcelApi 1.9": true, "SharedRuntime 1.1": true });
  expect(await fakeSnapshot(page)).toBe(before);
  expect(await page.getByTestId("selftest-copy").isDisabled()).toBe(false);
  await page.screenshot({ path: path.join(SHOTS, "selftest.png"), fullPage: true });

  // Run again in the same workbook: still green (it cleaned up after itself).
  await run.click();
  await page.waitForFunction(() => document.querySelector('[data-testid="selftest-status"]')?.textContent?.includes("All passed"));
  expect(pageErrors).toEqual([]);
  await page.close();
});

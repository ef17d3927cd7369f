/**
 * Browser test of the 一括入力 and 審査 tabs in the built task pane (dist/, `npm run build` first):
 * headless Chromium, the office.js stub over the strict fake Excel (window.__fake), a 320×900 pane.
 *
 * On the full 145-item sample: save a certification → bulk-mark preview (the sheet's own yes value,
 * a pre-filled いいえ on a covered item shown as a contradiction) → apply (answers written with that value,
 * the いいえ kept) → undo (every sheet as before the bulk-mark) → review status → 審査記録 sheet row →
 * consistency check → sign-off. Screenshots ja-bulk.png and ja-review.png (test-output/screenshots; `npm run screenshots` refreshes docs/screenshots).
 */
import * as path from "path";
import type { Page } from "playwright-core";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { REVIEW_SHEET_NAME } from "../../src/domain/review";
import type { FakeSeed, FakeSeedSheet } from "../fakes/fake-excel";
import { messyLayout, type LayoutBook } from "../helpers/layouts";
import { addDays, expectNoOverflow, openPane, SHOTS, startHarness, stopHarness, type Harness } from "./harness";

const crosswalk = loadBundledCrosswalk();
const today = isoDateOf(new Date());

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));

const byClass = (c: string) => crosswalk.entries.filter((e) => e.class === c).map((e) => e.id);
const [A_NO, A_YES, A_EMPTY] = byClass("A");
const B_EMPTY = byClass("B")[3];
const COVERED = crosswalk.entries.filter((e) => e.class === "A" || e.class === "B").map((e) => e.id);
const CD = crosswalk.entries.filter((e) => e.class === "C" || e.class === "D").map((e) => e.id);

/** The sample checksheet with 「はい」「いいえ」 in its dropdown, one covered item answered いいえ and one はい. */
function sampleBook(): { book: LayoutBook; seed: FakeSeed } {
  const book = messyLayout(crosswalk.entries, {
    answerList: ["はい", "いいえ"],
    answers: { [A_NO]: "いいえ", [A_YES]: "はい" },
    remarks: { [A_YES]: "ISMS 認証を取得済み（架空の登録番号 IS-000000）" },
    title: "本指針に係るチェックシート（サンプル・架空）",
    applicant: "株式会社サンプルヘルス（架空）",
    sheetName: "チェックシート",
    hideEvery: 0,
  });
  const sheets: FakeSeedSheet[] = book.sheets.map((s) => ({
    name: s.name,
    values: s.values,
    merges: s.merges,
    hiddenRows: s.hiddenRows,
    validations: s.validations,
  }));
  return { book, seed: { sheets, active: book.checksheet, requirementSets: ["ExcelApi 1.20", "SharedRuntime 1.1"] } };
}

const CERT = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-E2E-0100",
  holder: "株式会社サンプルヘルス（架空）",
  serviceName: "サンプルPHR（架空のサービス）",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: crosswalk.checklist.version,
  scopes: ["health-medical"],
  certifiedOn: addDays(today, -60),
  expiresOn: addDays(today, 700),
  status: "active",
};

/** The fake's state, one entry per sheet (the add-in's very hidden record sheet optionally left out). */
async function sheetsState(page: Page, withRecord = true): Promise<{ name: string }[]> {
  const json = await page.evaluate(() => (window as any).__fake.snapshotState() as string); // eslint-disable-line @typescript-eslint/no-explicit-any
  const sheets = (JSON.parse(json) as { sheets: { name: string }[] }).sheets;
  return withRecord ? sheets : sheets.filter((s) => s.name !== RECORD_SHEET_NAME);
}

async function values(page: Page, sheet: string, a1s: string[]): Promise<(string | number | boolean | null)[]> {
  return page.evaluate(
    ({ sheet, a1s }) => a1s.map((a1) => (window as any).__fake.cell(sheet, a1)?.v ?? null), // eslint-disable-line @typescript-eslint/no-explicit-any
    { sheet, a1s },
  );
}


test("一括入力 preview → apply → undo, then 審査 status, consistency and sign-off (Chromium, 320 px)", async () => {
  const { book, seed } = sampleBook();
  const { page, pageErrors, scripts } = await openPane(h, seed);
  const sheet = book.checksheet;
  const answerCell = (id: string) => `D${book.rowOf.get(id)! + 1}`;

  // The tabs are not part of the first load.
  expect(scripts.some((s) => /tab-(bulk|review)/.test(s))).toBe(false);

  // A certification, imported and saved into the workbook (bulk-mark reads it from there).
  await page.getByTestId("cert-file").setInputFiles({ name: "certification.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(CERT)) });
  await page.waitForFunction(() => (document.querySelector('input[name="certificationNumber"]') as HTMLInputElement).value === "IB-E2E-0100");
  await page.getByRole("button", { name: "ブックに保存" }).click();
  await page.waitForFunction(() => /認定情報をブックに保存しました/.test(document.querySelector('[data-testid="notice-bar"]')?.textContent ?? ""));
  const beforeBulk = await sheetsState(page);
  await page.getByTestId("notice-bar").getByRole("button", { name: "閉じる" }).click();

  // Preview.
  await page.getByTestId("tab-bulk").click();
  await page.getByTestId("bulk-tab").waitFor();
  expect(scripts.some((s) => /tab-bulk/.test(s))).toBe(true);
  expect(await page.getByTestId("bulk-yes-value").textContent()).toContain("「はい」");
  expect(await page.getByTestId("bulk-needs-cert").count()).toBe(0); // the saved certification was read back
  await page.getByTestId("bulk-preview").click();
  await page.getByTestId("bulk-plan").waitFor();
  const contradictions = page.getByTestId("bulk-contradiction");
  expect(await contradictions.count()).toBe(1);
  expect(await contradictions.first().getAttribute("data-cell")).toBe(answerCell(A_NO));
  expect(await page.getByTestId("bulk-contradictions").textContent()).toContain("いいえ");
  const answerRows = page.locator('[data-testid="bulk-change"][data-kind="answer"]');
  expect(await answerRows.count()).toBe(COVERED.length - 2);
  expect(await page.locator(`[data-testid="bulk-change"][data-cell="${answerCell(A_NO)}"]`).count()).toBe(0);
  expect(await page.locator(`[data-testid="bulk-change"][data-cell="${answerCell(A_EMPTY)}"]`).textContent()).toContain("（空） → 「はい」");
  expect(await page.locator('[data-testid="excluded-item"]').count()).toBe(9);
  expect(await sheetsState(page)).toEqual(beforeBulk); // a preview writes nothing
  await expectNoOverflow(page);
  await page.screenshot({ path: path.join(SHOTS, "ja-bulk.png") });

  // Apply.
  await page.getByTestId("bulk-apply").click();
  await page.waitForFunction(() => /一括入力しました/.test(document.querySelector('[data-testid="bulk-notice"]')?.textContent ?? ""));
  const covered = await values(page, sheet, COVERED.map(answerCell));
  const expected = COVERED.map((id) => (id === A_NO ? "いいえ" : "はい"));
  expect(covered).toEqual(expected);
  expect(await values(page, sheet, CD.map(answerCell))).toEqual(CD.map(() => null));
  const [remarksEmpty, remarksKept] = await values(page, sheet, [`E${book.rowOf.get(A_EMPTY)! + 1}`, `E${book.rowOf.get(A_YES)! + 1}`]);
  expect(String(remarksEmpty)).toContain("IB-E2E-0100");
  expect(remarksKept).toBe("ISMS 認証を取得済み（架空の登録番号 IS-000000）");
  expect((await values(page, sheet, [answerCell(B_EMPTY)]))[0]).toBe("はい");
  await expectNoOverflow(page);

  // Undo: every sheet is as before the bulk-mark; the record keeps the certification, without the bulk-mark layer.
  await page.getByTestId("bulk-undo").click();
  await page.getByTestId("undo-dialog").waitFor();
  await page.getByTestId("confirm-undo").click();
  await page.waitForFunction(() => /一括入力を元に戻しました/.test(document.querySelector('[data-testid="bulk-notice"]')?.textContent ?? ""));
  const afterUndo = await sheetsState(page);
  expect(afterUndo.filter((s) => s.name !== RECORD_SHEET_NAME)).toEqual(beforeBulk.filter((s) => s.name !== RECORD_SHEET_NAME));
  expect(afterUndo.map((s) => s.name)).toEqual(beforeBulk.map((s) => s.name));
  expect(await page.getByTestId("bulk-undo").isDisabled()).toBe(true);

  // Review: reviewer, item, status, comment → the visible 審査記録 sheet.
  await page.getByTestId("tab-review").click();
  await page.getByTestId("review-tab").waitFor();
  await page.getByTestId("reviewer-name").fill("審査 一郎（架空）");
  await page.getByTestId("review-item-search").fill(A_NO);
  await page.locator(`[data-testid="review-item-option"][data-id="${A_NO}"]`).click();
  await page.getByLabel("要修正").check();
  await page.getByTestId("review-comment").fill("回答が「いいえ」: 認定の対象範囲を確認");
  await page.getByTestId("review-save").click();
  await page.waitForFunction(() => /要修正/.test(document.querySelector('[data-testid="review-notice"]')?.textContent ?? ""));
  const reviewRow = await page.evaluate(
    ({ name, id }) => {
      const f = (window as any).__fake; // eslint-disable-line @typescript-eslint/no-explicit-any
      const sh = f.state.sheets.find((s: { name: string }) => s.name === name);
      if (!sh) return null;
      for (let r = 1; r <= 400; r++) {
        if (f.cell(name, `A${r}`)?.v === id) return { visibility: sh.visibility, row: ["A", "B", "C", "D", "E", "F", "G"].map((c) => f.cell(name, `${c}${r}`)?.v ?? null) };
      }
      return { visibility: sh.visibility, row: null };
    },
    { name: REVIEW_SHEET_NAME, id: A_NO },
  );
  expect(reviewRow?.visibility).toBe("visible");
  expect(reviewRow?.row).toEqual(expect.arrayContaining([A_NO, "要修正", "回答が「いいえ」: 認定の対象範囲を確認", "審査 一郎（架空）"]));
  expect(await page.locator(`[data-testid="review-entry"][data-id="${A_NO}"]`).getAttribute("data-status")).toBe("needs-fix");

  // Consistency: the contradiction is an error with its row; clicking it selects the row in Excel.
  await page.getByTestId("consistency-check").click();
  const contra = page.locator('[data-testid="finding"][data-code="contradiction"]');
  await contra.first().waitFor();
  expect(await contra.getAttribute("data-id")).toBe(A_NO);
  expect(await page.locator('[data-testid="finding"]').first().getAttribute("data-severity")).toBe("error");
  await contra.locator("button").click();
  await page.waitForFunction((a1) => (window as any).__fake.state.selected?.address?.endsWith(a1), answerCell(A_NO)); // eslint-disable-line @typescript-eslint/no-explicit-any

  // Sign-off: the confirmation lists what is open (the 要修正 among it), then → intact.
  await page.getByTestId("signoff").click();
  await page.getByTestId("signoff-dialog").waitFor();
  expect(await page.getByTestId("signoff-open-line").allTextContents()).toEqual(expect.arrayContaining([`要修正 (1): ${A_NO}`]));
  await expectNoOverflow(page);
  await page.getByTestId("signoff-confirm").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="signoff-status"]')?.getAttribute("data-state") === "intact");
  await page.getByTestId("review-item-search").fill("");
  await expectNoOverflow(page);
  await page.screenshot({ path: path.join(SHOTS, "ja-review.png") });

  // English: both tabs still fit the pane.
  await page.getByTestId("lang-toggle").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="signoff"]')?.textContent === "Sign off");
  await expectNoOverflow(page);
  await page.getByTestId("tab-bulk").click();
  await page.getByTestId("bulk-preview").click();
  await page.waitForFunction(() => /Cells that will change/.test(document.querySelector('[data-testid="bulk-plan"]')?.textContent ?? ""));
  expect(await page.getByTestId("bulk-contradictions").textContent()).toContain("contradiction");
  await expectNoOverflow(page);

  // Live: the user changes a reviewed answer in Excel; the pane follows (worksheets.onChanged through the strict
  // fake) and shows the sign-off as changed, with that item, without a reload.
  await page.getByTestId("tab-review").click();
  await page.evaluate(({ s, a1 }) => (window as any).__fake.user.type(s, a1, "×"), { s: sheet, a1: answerCell(B_EMPTY) }); // eslint-disable-line @typescript-eslint/no-explicit-any
  await page.waitForFunction(() => document.querySelector('[data-testid="signoff-status"]')?.getAttribute("data-state") === "changed");
  expect(await page.locator('[data-testid="signoff-changed"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-id")))).toContain(B_EMPTY);

  expect(pageErrors).toEqual([]);
  await page.close();
});

/**
 * Browser test of the built task pane (dist/, built by `npm run build` before this runs):
 * headless Chromium via playwright-core, the office.js CDN URL routed to a stub that installs
 * the strict fake Excel (test/fakes/fake-excel.ts) seeded from window.__seed, a 320×900 pane.
 *
 * Scenario on the full 145-item sample layout: form validation → import → apply → counts and
 * fills → filter → item click selects the row → clear restores the seed exactly; Japanese and
 * English; screenshots {ja,en}-{before,after}.png (test-output/screenshots; `npm run screenshots` refreshes docs/screenshots).
 */
import * as path from "path";
import type { Page } from "playwright-core";
import { columnLetters } from "../../src/domain/a1";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { COLORS } from "../../src/domain/plan";
import type { FakeSeed, FakeSeedSheet } from "../fakes/fake-excel";
import { messyLayout, type LayoutBook } from "../helpers/layouts";
import { addDays, expectNoOverflow, fakeSnapshot, openPane, SHOTS, startHarness, stopHarness, type Harness } from "./harness";

const crosswalk = loadBundledCrosswalk();
const HEADING_FILL = "#D9D9D9";
const PRESET_FILL = "#FFFF00";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => stopHarness(h));

/** The covered item the sample answers いいえ: 要確認 in the sheet (its own colour, never the covered one). */
const CONTRADICTED = "3.2(2)/3-2";

/** The fictitious sample layout (as scripts/make-sample.ts makes it), with pre-existing fills to restore. */
function sampleBook(): { book: LayoutBook; seed: FakeSeed; presetId: string } {
  const presetId = "2.2/1-1";
  const book = messyLayout(crosswalk.entries, {
    answerList: ["はい", "いいえ"],
    answers: { "2.1(1)/1-1": "はい", [presetId]: "はい", [CONTRADICTED]: "いいえ" },
    remarks: { [presetId]: "ISMS 認証を取得済み（架空の登録番号 IS-000000）" },
    title: "本指針に係るチェックシート（サンプル・架空）",
    applicant: "株式会社サンプルヘルス（架空）",
    sheetName: "チェックシート",
    hideEvery: 0,
  });
  const sheets: FakeSeedSheet[] = book.sheets.map((s) => {
    const fills: (string | null)[][] = [];
    for (const r of s.shadedRows ?? []) fills[r] = [0, 1, 2, 3, 4].map(() => HEADING_FILL);
    if (s.name === book.checksheet) {
      const r = book.rowOf.get(presetId)!;
      fills[r] = fills[r] ?? [];
      fills[r][3] = PRESET_FILL; // the applicant had coloured this answer cell already
    }
    return {
      name: s.name,
      values: s.values,
      merges: s.merges,
      hiddenRows: s.hiddenRows,
      validations: s.validations,
      fills: Array.from({ length: s.values.length }, (_, i) => fills[i] ?? []),
    };
  });
  return { book, seed: { sheets, active: book.checksheet, requirementSets: ["ExcelApi 1.20", "SharedRuntime 1.1"] }, presetId };
}

const today = isoDateOf(new Date());
const CERT = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-E2E-0001",
  holder: "株式会社サンプルヘルス（架空）",
  serviceName: "サンプルPHR（架空のサービス）",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: crosswalk.checklist.version,
  scopes: ["health-medical"],
  certifiedOn: addDays(today, -60),
  expiresOn: addDays(today, 700),
  status: "active",
  note: "架空のサンプルです。 / Fictitious sample.",
};


async function applyAndCheck(page: Page, lang: "ja" | "en") {
  await page.getByTestId("apply").click();
  const notice = page.getByTestId("notice-bar");
  await notice.waitFor();
  await page.waitForFunction(
    (lang) => (document.querySelector('[data-testid="notice-bar"]')?.textContent ?? "").includes(lang === "ja" ? "適用しました" : "Applied"),
    lang,
  );
  expect(await notice.textContent()).toContain(lang === "ja" ? "充足 136 件、要証跡 9 件" : "136 covered, 9 need evidence");
  // the pane led on to the applicant's next step: 証跡・一括入力, the nine items that need evidence at its top
  await page.getByTestId("bulk-tab").waitFor();
  expect(await page.getByTestId("tab-bulk").getAttribute("aria-selected")).toBe("true");
  expect(await page.getByTestId("excluded-item").count()).toBe(9);
  await page.getByTestId("tab-summary").click();
  expect(await page.getByTestId("count-covered").textContent()).toBe("136");
  expect(await page.getByTestId("count-needs-evidence").textContent()).toBe("9");
  expect(await page.getByTestId("count-not-covered").textContent()).toBe("0");
  expect(await page.getByTestId("count-total").textContent()).toBe("145");
}

/** Every answer cell has the fill of its class; the 9 C/D rows carry the evidence text next to them. */
async function expectFills(page: Page, book: LayoutBook) {
  const want = crosswalk.entries.map((e) => ({
    id: e.id,
    a1: `${columnLetters(3)}${book.rowOf.get(e.id)! + 1}`,
    row: book.rowOf.get(e.id)!,
    fill: e.id === CONTRADICTED ? COLORS.contradiction : e.class === "A" ? COLORS.A : e.class === "B" ? COLORS.B : e.class === "C" ? COLORS.C : COLORS.D,
    cls: e.class,
  }));
  const got = await page.evaluate(
    ({ sheet, cells }) => {
      const f = (window as any).__fake; // eslint-disable-line @typescript-eslint/no-explicit-any
      return cells.map((c: { a1: string; row: number }) => {
        const refs = f.cell(sheet, `G${c.row + 1}`);
        return { fill: (f.cell(sheet, c.a1)?.fill ?? null) as string | null, refs: (refs?.v ?? null) as string | null };
      });
    },
    { sheet: book.checksheet, cells: want.map((w) => ({ a1: w.a1, row: w.row })) },
  );
  const norm = (s: string | null) => (s ? s.toUpperCase() : s);
  expect(got.map((g) => norm(g.fill))).toEqual(want.map((w) => w.fill.toUpperCase()));
  const evidenceRows = want.filter((w, i) => (w.cls === "C" || w.cls === "D") && /必要な証跡|Evidence needed/.test(got[i].refs ?? ""));
  expect(evidenceRows).toHaveLength(9);
  const refRows = want.filter((w, i) => (w.cls === "A" || w.cls === "B") && /\d/.test(got[i].refs ?? ""));
  expect(refRows).toHaveLength(136);
}

test("task pane in Chromium at 320×900: form, import, apply, filter, select, clear (ja, then en)", async () => {
  const { book, seed, presetId } = sampleBook();
  const { page, pageErrors } = await openPane(h, seed, "ja-JP");
  const seedState = await fakeSnapshot(page);

  // Detection found the whole sheet.
  await page.getByTestId("tab-detect").click();
  expect(await page.getByTestId("detect-sheet").textContent()).toBe(book.checksheet);
  expect(await page.getByTestId("detect-found").textContent()).toBe(`145 / ${crosswalk.entries.length}`);
  await expectNoOverflow(page);
  await page.getByTestId("tab-cert").click();

  // Fill the form with one invalid field → error under it → fix.
  await page.fill('input[name="certificationNumber"]', CERT.certificationNumber);
  await page.fill('input[name="holder"]', CERT.holder);
  await page.fill('input[name="serviceName"]', CERT.serviceName);
  await page.fill('input[name="guidelineVersion"]', "3.0");
  await page.fill('input[name="checklistVersion"]', CERT.checklistVersion);
  await page.getByTestId("scope-health").check();
  await page.fill('input[name="certifiedOn"]', CERT.certifiedOn);
  await page.fill('input[name="expiresOn"]', CERT.expiresOn.replace(/-/g, "/").replace(/\/\d\d$/, "/32"));
  await page.getByRole("button", { name: "検証" }).click();
  const err = page.getByTestId("error-expiresOn");
  await err.waitFor();
  expect(await err.textContent()).toContain("YYYY-MM-DD");
  expect(await page.locator('[data-testid^="error-"]').count()).toBe(1);
  await page.fill('input[name="expiresOn"]', CERT.expiresOn.replace(/-/g, "/")); // YYYY/MM/DD is accepted
  await err.waitFor({ state: "detached" });
  expect(await page.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("valid");

  // Import a certification file (replaces the form).
  await page.getByTestId("cert-file").setInputFiles({
    name: "certification.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ ...CERT, certificationNumber: "IB-E2E-0002" }, null, 2)),
  });
  await page.waitForFunction(() => (document.querySelector('input[name="certificationNumber"]') as HTMLInputElement).value === "IB-E2E-0002");
  expect(await page.getByTestId("notice-bar").textContent()).toContain("certification.json");
  expect(await page.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("valid");
  expect(await fakeSnapshot(page)).toBe(seedState);
  await expectNoOverflow(page);
  await page.screenshot({ path: path.join(SHOTS, "ja-before.png") });

  // Apply.
  await applyAndCheck(page, "ja");
  await expectNoOverflow(page);
  await page.screenshot({ path: path.join(SHOTS, "ja-after.png") });
  await expectFills(page, book);

  // Items: class D → 7; click one → Excel selection moves to its row.
  await page.getByTestId("tab-items").click();
  expect(await page.getByTestId("paraphrase-notice").textContent()).toContain("言い換え");
  await page.getByTestId("filter-class-D").click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="item"]').length === 7);
  expect(await page.getByTestId("items-count").textContent()).toBe("7 / 145 件");
  expect(await page.locator('[data-testid="item"][data-class="D"] [data-testid="evidence"]').count()).toBe(7);
  await expectNoOverflow(page);
  const target = "4.2(1)/1-2";
  await page.locator(`[data-testid="item"][data-id="${target}"] button`).click();
  await page.waitForFunction(
    (a1) => (window as any).__fake.state.selected?.address?.endsWith(a1), // eslint-disable-line @typescript-eslint/no-explicit-any
    `D${book.rowOf.get(target)! + 1}`,
  );
  const selected = await page.evaluate(() => (window as any).__fake.state.selected); // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(selected.sheet).toBe(book.checksheet);

  // Clear asks first (what goes back), then the workbook is exactly the seed again (values, pre-existing fills, no record sheet).
  await page.getByTestId("clear").click();
  await page.getByTestId("clear-dialog").waitFor();
  expect(await page.getByTestId("clear-dialog").textContent()).toMatch(/\d+ 個のセルをアドインの適用前の状態に戻します/);
  await page.getByTestId("confirm-clear").click();
  await page.waitForFunction(() => /消去しました/.test(document.querySelector('[data-testid="notice-bar"]')?.textContent ?? ""));
  expect(await fakeSnapshot(page)).toBe(seedState);
  const preset = await page.evaluate(
    ({ sheet, a1 }) => (window as any).__fake.cell(sheet, a1)?.fill, // eslint-disable-line @typescript-eslint/no-explicit-any
    { sheet: book.checksheet, a1: `D${book.rowOf.get(presetId)! + 1}` },
  );
  expect(preset).toBe(PRESET_FILL);

  // English: the same flow, English texts written into the sheet.
  await page.getByTestId("lang-toggle").click();
  await page.getByTestId("tab-cert").click();
  await page.getByTestId("notice-bar").getByRole("button", { name: "Dismiss" }).click();
  expect(await page.getByRole("button", { name: "Save to workbook" }).count()).toBe(1);
  await expectNoOverflow(page);
  await page.screenshot({ path: path.join(SHOTS, "en-before.png") });
  await applyAndCheck(page, "en");
  await expectNoOverflow(page);
  await page.screenshot({ path: path.join(SHOTS, "en-after.png") });
  await expectFills(page, book);
  const enText = await page.evaluate(
    ({ sheet, a1 }) => (window as any).__fake.cell(sheet, a1)?.v, // eslint-disable-line @typescript-eslint/no-explicit-any
    { sheet: book.checksheet, a1: `F${book.rowOf.get("4.2(1)/1-1")! + 1}` },
  );
  expect(enText).toMatch(/^D evidence needed/);
  await page.getByTestId("clear").click();
  await page.getByTestId("confirm-clear").click();
  await page.waitForFunction(() => /Cleared/.test(document.querySelector('[data-testid="notice-bar"]')?.textContent ?? ""));
  expect(await fakeSnapshot(page)).toBe(seedState);

  expect(pageErrors).toEqual([]);
  await page.close();
});

test("Office display language en-US starts the pane in English; errors show as a message, not a stack", async () => {
  const { seed, book } = sampleBook();
  const ws = seed.sheets.find((s) => s.name === book.checksheet)!;
  ws.protected = true;
  const { page, pageErrors } = await openPane(h, seed, "en-US");
  expect(await page.getByTestId("tab-cert").textContent()).toBe("Cert.");
  await page.getByTestId("cert-file").setInputFiles({ name: "c.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(CERT)) });
  await page.waitForFunction(() => (document.querySelector('input[name="holder"]') as HTMLInputElement).value.length > 0);
  const before = await fakeSnapshot(page);
  await page.getByTestId("apply").click();
  const bar = page.getByTestId("error-bar");
  await bar.waitFor();
  const text = (await bar.textContent()) ?? "";
  expect(text).toContain("is protected");
  expect(text).not.toMatch(/\bat \S+ \(|\.js:\d+/);
  expect(await fakeSnapshot(page)).toBe(before);
  expect(pageErrors).toEqual([]);
  await page.close();
});

test("another crosswalk file: the validator chunk loads under the pane's CSP, the counts follow it, errors name the entry (320 px)", async () => {
  const { seed } = sampleBook();
  const { page, pageErrors } = await openPane(h, seed, "ja-JP");
  const firstLoad = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
  await page.getByTestId("tab-summary").click();
  expect(await page.getByTestId("crosswalk-source").textContent()).toBe("同梱");
  await expectNoOverflow(page);

  const changedId = crosswalk.entries.find((e) => e.class === "A")!.id;
  const changed = JSON.parse(JSON.stringify(crosswalk));
  changed.crosswalkVersion = "e2e-2.0";
  Object.assign(changed.entries.find((e: { id: string }) => e.id === changedId), {
    class: "D",
    infobankRefs: [],
    evidence: { ja: "E2E の証跡", en: "E2E evidence" },
  });
  await page.getByTestId("crosswalk-file").setInputFiles({
    name: "official-table.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(changed)),
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="crosswalk-version"]')?.textContent === "e2e-2.0");
  expect(await page.getByTestId("crosswalk-source").textContent()).toBe("読み込んだファイル: official-table.json");
  expect(await page.getByTestId("crosswalk-warnings").textContent()).toContain("D 8件（公表値 7）");
  expect(await page.locator('[data-testid="class-bars"] [data-class="D"]').getAttribute("data-count")).toBe("8");
  // the schema library came in a lazy chunk, after the first load
  const later = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
  expect(later.filter((u) => /crosswalk-schema\.[0-9a-f]+\.js$/.test(u))).toHaveLength(1);
  expect(firstLoad.filter((u) => /crosswalk-schema/.test(u))).toEqual([]);
  await expectNoOverflow(page);

  const bad = JSON.parse(JSON.stringify(crosswalk));
  bad.entries[0].class = "X";
  await page.getByTestId("crosswalk-file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
  const errors = page.getByTestId("crosswalk-errors");
  await errors.waitFor();
  expect(await errors.textContent()).toContain(`項目 ${crosswalk.entries[0].id}`);
  expect(await page.getByTestId("crosswalk-version").textContent()).toBe("e2e-2.0");
  await expectNoOverflow(page);

  expect(pageErrors).toEqual([]);
  await page.close();
});

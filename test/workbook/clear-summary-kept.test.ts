/**
 * Clear and the summary sheet: it goes with the last marks unless the user put something of their own on it (values
 * right of the add-in's columns A–D, a chart or picture of theirs); then it stays exactly as it is, the user is told
 * why in both languages (before the clear too, in the pane's confirmation), and a forced clear (or a later one, once
 * the content is gone) removes it. A dry run writes nothing, whatever the record holds. Over the strict fake
 * (OfficeGateway) and the in-memory FakeWorkbook.
 */
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { valuesExtent } from "../../src/domain/sparse";
import { foreignSummaryContent, SUMMARY_CHART_NAME, SUMMARY_SHEET_NAMES } from "../../src/domain/summary";
import { FakeWorkbook } from "../../src/workbook/fake";
import { OfficeGateway } from "../../src/workbook/office";
import { applyCoverage, clearMarks, saveCertification } from "../../src/workbook/usecases";
import { checksheetBook, fakeSeedOf } from "../../bench/fixtures";
import { createFakeExcel } from "../fakes/fake-excel";
import { testCertification } from "../helpers/cert";
import { testContext } from "../helpers/ctx";
import { standardLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const ctx = testContext("addin", { crosswalk });
const cert = testCertification();
const SUMMARY = SUMMARY_SHEET_NAMES.ja;

function office() {
  const seed = fakeSeedOf(checksheetBook(0));
  const fake = createFakeExcel({ sheets: seed.sheets, active: seed.sheets[0].name });
  return { fake, gw: new OfficeGateway({ excel: fake.Excel, office: fake.Office }), sheet: seed.sheets[0].name };
}
const summaryOf = (fake: ReturnType<typeof createFakeExcel>) => fake.state.sheets.find((s) => s.name === SUMMARY);
const summaryState = (fake: ReturnType<typeof createFakeExcel>) => JSON.stringify(JSON.parse(fake.snapshotState()).sheets.find((s: { name: string }) => s.name === SUMMARY));

test("the domain: values right of column D and drawings other than the add-in's chart are the user's", () => {
  expect(valuesExtent([[null, "a"], [], [null, null, null, 3]])).toEqual({ top: 0, left: 1, bottom: 2, right: 3 });
  expect(valuesExtent([[null, ""], []])).toBeNull();
  // sparse, as a hostile file reads: one value in XFD1048576 (only stored cells are visited)
  const far: (string | null)[][] = [];
  far[1048575] = [];
  far[1048575][16383] = "x";
  expect(valuesExtent(far)).toEqual({ top: 1048575, left: 16383, bottom: 1048575, right: 16383 });
  expect(foreignSummaryContent({ used: { top: 0, left: 0, bottom: 40, right: 3 }, drawings: [SUMMARY_CHART_NAME] })).toBeNull();
  expect(foreignSummaryContent({ used: { top: 0, left: 0, bottom: 40, right: 5 } })).toEqual({ cells: "E1:F41", drawings: [] });
  expect(foreignSummaryContent({ used: { top: 4, left: 5, bottom: 4, right: 5 } })).toEqual({ cells: "F5", drawings: [] });
  expect(foreignSummaryContent({ used: null, drawings: [SUMMARY_CHART_NAME, "グラフ 2"] })).toEqual({ cells: null, drawings: ["グラフ 2"] });
});

test("Office: a note the user typed right of the summary keeps the sheet as it is through clear; the pane is told before and after; force removes it", async () => {
  const { fake, gw, sheet } = office();
  const original = JSON.parse(fake.snapshotState()).sheets[0];
  await applyCoverage(gw, ctx, { certification: cert });
  fake.user.type(SUMMARY, "F5", "審査メモ：認定書の写しを受領");
  const before = summaryState(fake);

  const preview = await clearMarks(gw, ctx, { dryRun: true });
  expect(preview.done).toBe(false);
  expect(preview.keptSummary?.ja).toMatch(/E1:F\d+ の範囲の入力/); // the used range right of column D
  expect(preview.keptSummary?.ja).toContain("残します");
  expect(preview.keptSummary?.en).toContain("will be kept");
  expect(summaryState(fake)).toBe(before); // the preview wrote nothing

  const out = await clearMarks(gw, ctx);
  expect(out.done).toBe(true);
  expect(out.keptSummary?.ja).toContain("残しました");
  expect(out.keptSummary?.en).toMatch(/values in E1:F\d+/);
  expect(summaryState(fake)).toBe(before); // the sheet exactly as it was, chart included
  expect(summaryOf(fake)!.charts.map((c) => c.name)).toEqual([SUMMARY_CHART_NAME]);
  expect(fake.state.sheets.some((s) => s.name === RECORD_SHEET_NAME)).toBe(false);
  expect(JSON.parse(fake.snapshotState()).sheets.find((s: { name: string }) => s.name === sheet)).toEqual(original);

  // a later clear (no record left) still keeps it while the note is there; once the note is gone, the preview
  // names the sheet it deletes (the pane confirms it) and the clear deletes it
  expect((await clearMarks(gw, ctx)).keptSummary).toBeTruthy();
  expect(summaryOf(fake)).toBeDefined();
  fake.user.type(SUMMARY, "F5", "");
  const leftover = await clearMarks(gw, ctx, { dryRun: true });
  expect(leftover).toMatchObject({ done: false, restored: 0, removesSummary: SUMMARY });
  expect(summaryOf(fake)).toBeDefined();
  expect((await clearMarks(gw, ctx)).removesSummary).toBe(SUMMARY);
  expect(summaryOf(fake)).toBeUndefined();
});

test("Office: a chart of the user's on the summary sheet keeps it; without one, clear deletes the sheet as before", async () => {
  const a = office();
  await applyCoverage(a.gw, ctx, { certification: cert });
  a.fake.user.addChart(SUMMARY, "利用者のグラフ", "A15:B18");
  const out = await clearMarks(a.gw, ctx);
  expect(out.keptSummary?.ja).toContain("「利用者のグラフ」");
  expect(summaryOf(a.fake)!.charts.map((c) => c.name).sort()).toEqual([SUMMARY_CHART_NAME, "利用者のグラフ"].sort());

  const b = office();
  await applyCoverage(b.gw, ctx, { certification: cert });
  expect((await clearMarks(b.gw, ctx, { dryRun: true })).removesSummary).toBe(SUMMARY); // said in the confirmation
  const plain = await clearMarks(b.gw, ctx);
  expect(plain.keptSummary ?? null).toBeNull();
  expect(plain.removesSummary).toBe(SUMMARY);
  expect(summaryOf(b.fake)).toBeUndefined();
});

test("a dry run writes nothing, also when the record holds only a stored certification (it used to remove it)", async () => {
  const fake = new FakeWorkbook(standardLayout(crosswalk.entries).sheets);
  await saveCertification(fake, ctx, cert);
  const before = (await fake.read({ recordOnly: true })).recordCells;
  expect(before).not.toBeNull();
  const preview = await clearMarks(fake, ctx, { dryRun: true });
  expect(preview.done).toBe(false);
  expect((await fake.read({ recordOnly: true })).recordCells).toEqual(before);
});

test("the in-memory workbook: the user's value right of the summary keeps the sheet through clear", async () => {
  const fake = new FakeWorkbook(standardLayout(crosswalk.entries).sheets);
  await applyCoverage(fake, ctx, { certification: cert });
  const read = await fake.read({ probe: [SUMMARY] });
  expect(read.probed?.[0]).toMatchObject({ name: SUMMARY, drawings: [] });
  fake.userEdit(SUMMARY, 2, 6, "メモ");
  const out = await clearMarks(fake, ctx);
  expect(out.keptSummary?.en).toMatch(/values in E1:G\d+/);
  expect((await fake.read({})).sheets.some((s) => s.name === SUMMARY)).toBe(true);
});

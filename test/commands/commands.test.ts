/**
 * Ribbon commands against the strict Excel fake installed as globals (as the browser stub does).
 */
import { parseCertification } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { emptyRecord, encodeRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import { createFakeExcel, type FakeExcel, type FakeSeedSheet } from "../fakes/fake-excel";
import { messyLayout } from "../helpers/layouts";
import { testCertification } from "../helpers/cert";

const crosswalk = loadBundledCrosswalk();
const parsed = { ok: true as const, certification: testCertification({ expiresOn: "2030-03-31" }) };
const certification = parsed.certification;

function book(withCertification: boolean): FakeSeedSheet[] {
  const b = messyLayout(crosswalk.entries, {});
  const sheets: FakeSeedSheet[] = b.sheets.map((s) => ({
    name: s.name,
    values: s.values,
    merges: s.merges,
    hiddenRows: s.hiddenRows,
    validations: s.validations,
    visibility: s.visibility ?? "visible",
  }));
  if (withCertification) {
    const rec = encodeRecord({ ...emptyRecord("2026-01-01T00:00:00Z"), certification });
    sheets.push({ name: RECORD_SHEET_NAME, values: rec.map((s) => [s]), visibility: "veryHidden" });
  }
  return sheets;
}

/** Install the fake as globals, load commands.ts (Office.onReady registers the actions). */
function load(fake: FakeExcel) {
  const g = globalThis as Record<string, unknown>;
  fake.installGlobals(g);
  jest.isolateModules(() => {
    require("../../src/commands/commands");
  });
}

async function click(fake: FakeExcel, id: string): Promise<jest.Mock> {
  const completed = jest.fn();
  const fn = fake.actions.get(id);
  if (!fn) throw new Error(`${id} not associated`);
  await fn({ completed });
  return completed;
}

let info: jest.SpyInstance;
beforeEach(() => {
  info = jest.spyOn(console, "info").mockImplementation(() => {});
});
afterEach(() => {
  info.mockRestore();
  for (const k of ["Excel", "Office", "OfficeExtension"]) delete (globalThis as Record<string, unknown>)[k];
});

test("Office.onReady associates applyCoverage and clearMarks", () => {
  const fake = createFakeExcel({ sheets: book(false) });
  load(fake);
  expect([...fake.actions.keys()].sort()).toEqual(["applyCoverage", "clearMarks"]);
});

test("apply uses the stored certification; clear restores the workbook; both complete the event", async () => {
  const fake = createFakeExcel({ sheets: book(true) });
  load(fake);
  const before = fake.snapshotState();
  const completedApply = await click(fake, "applyCoverage");
  expect(completedApply).toHaveBeenCalledTimes(1);
  // look up the stored certification (a record-only read), then apply's read, snapshot, record sheet creation, write
  expect(fake.syncCount).toBeLessThanOrEqual(10);
  expect(fake.snapshotState()).not.toBe(before);
  expect(info.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/適用しました/);
  const completedClear = await click(fake, "clearMarks");
  expect(completedClear).toHaveBeenCalledTimes(1);
  // the workbook is back, including a record that holds only the certification again
  const sheets = (s: string) => JSON.parse(s).sheets.filter((x: { name: string }) => x.name !== RECORD_SHEET_NAME);
  expect(sheets(fake.snapshotState())).toEqual(sheets(before));
});

test("apply without a stored certification opens the task pane when the shared runtime allows it", async () => {
  const fake = createFakeExcel({ sheets: book(false) });
  load(fake);
  const before = fake.snapshotState();
  const completed = await click(fake, "applyCoverage");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(fake.log).toContain("addin.showAsTaskpane");
  expect(fake.snapshotState()).toBe(before);
});

test("without SharedRuntime 1.1 it completes without changes", async () => {
  const fake = createFakeExcel({ sheets: book(false), requirementSets: ["ExcelApi 1.12"] });
  load(fake);
  const before = fake.snapshotState();
  const completed = await click(fake, "applyCoverage");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(fake.log).not.toContain("addin.showAsTaskpane");
  expect(fake.snapshotState()).toBe(before);
});

test("errors are reported bilingually and the event still completes", async () => {
  const fake = createFakeExcel({ sheets: book(true), requirementSets: ["ExcelApi 1.8"] });
  load(fake);
  const before = fake.snapshotState();
  const completed = await click(fake, "applyCoverage");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(fake.syncCount).toBe(0);
  expect(fake.snapshotState()).toBe(before);
  const out = info.mock.calls.map((c) => String(c[0])).join("\n");
  expect(out).toContain("このバージョンの Excel には対応していません");
  expect(out).toContain("ExcelApi 1.9");
  const completedClear = await click(fake, "clearMarks");
  expect(completedClear).toHaveBeenCalledTimes(1);
});

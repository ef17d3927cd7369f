/**
 * OwnedSheetWrite.fills (the summary's legend swatches) in both adapters that draw them: the listed cells are filled
 * on every write, a swatch whose row moved is unfilled, a fill of another colour and cells outside the add-in's
 * columns stay; the in-memory fake keeps the chart where its capabilities say charts.
 */
import type { OwnedSheetWrite, WorkbookGateway } from "../../src/workbook/gateway";
import { FakeWorkbook } from "../../src/workbook/fake";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { messyLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";

const NAME = "PHRチェック概要";
const rows = (n: number) => Array.from({ length: n }, (_, r) => [`行${r + 1}`, r, null]);
const own = (fills: { row: number; col: number; color: string }[], extra: Partial<OwnedSheetWrite> = {}): OwnedSheetWrite => ({
  name: NAME,
  rows: rows(8),
  columns: 3,
  fills,
  ...extra,
});

async function fillsOf(gw: WorkbookGateway): Promise<(string | null)[]> {
  const snap = await gw.snapshot(NAME, Array.from({ length: 8 }, (_, row) => ({ row, col: 0 })));
  return snap.map((s) => (s.fill ? s.fill.toUpperCase() : null));
}

async function adapters(): Promise<[string, () => Promise<WorkbookGateway & { write: WorkbookGateway["write"] }>][]> {
  const bytes = await writeLayoutXlsx(messyLayout(loadBundledCrosswalk().entries));
  return [
    ["FakeWorkbook", async () => new FakeWorkbook([{ name: "Sheet1", values: [["x"]] }])],
    ["XlsxWorkbook", async () => XlsxWorkbook.open(bytes, "in.xlsx")],
  ];
}

test.each([["FakeWorkbook"], ["XlsxWorkbook"]])("%s: fills written, moved swatches unfilled, other fills kept", async (which) => {
  const make = (await adapters()).find(([n]) => n === which)![1];
  const gw = await make();
  const first = (await gw.read({ recordOnly: true })).sheets[0].name;
  await gw.write({ sheet: first, cells: [], ownedSheets: [own([{ row: 1, col: 0, color: "#DDEBF7" }, { row: 2, col: 0, color: "#E2EFDA" }])] });
  expect(await fillsOf(gw)).toEqual([null, "#DDEBF7", "#E2EFDA", null, null, null, null, null]);
  // The rows moved down by two (e.g. a certification block grew); the user painted row 7 in a colour of their own.
  if (gw instanceof FakeWorkbook) gw.sheet(NAME)!.cells.set("6:0", { value: "行7", formula: null, fill: "#123456" });
  await gw.write({ sheet: first, cells: [], ownedSheets: [own([{ row: 3, col: 0, color: "#DDEBF7" }, { row: 4, col: 0, color: "#E2EFDA" }])] });
  const after = await fillsOf(gw);
  expect(after.slice(0, 6)).toEqual([null, null, null, "#DDEBF7", "#E2EFDA", null]);
  if (gw instanceof FakeWorkbook) expect(after[6]).toBe("#123456");
  // Values stay as written (fills never change a value).
  const snap = await gw.snapshot(NAME, [{ row: 3, col: 0 }, { row: 3, col: 1 }]);
  expect(snap.map((s) => s.value)).toEqual(["行4", 3]);
  // A fill outside the add-in's columns is not the add-in's to write.
  await gw.write({ sheet: first, cells: [], ownedSheets: [own([{ row: 0, col: 5, color: "#DDEBF7" }, { row: 0, col: 0, color: "#DDEBF7" }])] });
  expect((await gw.snapshot(NAME, [{ row: 0, col: 5 }]))[0].fill ?? null).toBeNull();
  expect((await fillsOf(gw)).slice(0, 4)).toEqual(["#DDEBF7", null, null, null]);
});

test("FakeWorkbook keeps the chart only where its capabilities draw charts", async () => {
  const chart = { name: "PHRCheckClassChart", title: "区分別の項目数", firstRow: 1, lastRow: 4, categoryCol: 0, valueCol: 1, topLeft: { row: 0, col: 3 }, bottomRight: { row: 10, col: 8 } };
  const without = new FakeWorkbook([{ name: "Sheet1", values: [["x"]] }]);
  await without.write({ sheet: "Sheet1", cells: [], ownedSheets: [own([], { chart })] });
  expect(without.sheet(NAME)!.chart).toBeUndefined();
  const withCharts = new FakeWorkbook([{ name: "Sheet1", values: [["x"]] }]);
  withCharts.capabilities = { ...withCharts.capabilities, charts: true };
  await withCharts.write({ sheet: "Sheet1", cells: [], ownedSheets: [own([], { chart })] });
  expect(withCharts.sheet(NAME)!.chart).toEqual(chart);
  const moved = { ...chart, topLeft: { row: 2, col: 3 } };
  await withCharts.write({ sheet: "Sheet1", cells: [], ownedSheets: [own([], { chart: moved })] });
  expect(withCharts.sheet(NAME)!.chart).toEqual(moved);
});

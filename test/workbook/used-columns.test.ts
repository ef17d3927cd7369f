/**
 * Never write over what is in use: formulas whose results are empty, validated cells, cells with only a format and
 * comments count as used when the add-in chooses where its two columns go (OOXML adapter and the in-memory fake).
 */
import ExcelJS from "exceljs";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { usedWidth } from "../../src/domain/plan";
import { FakeWorkbook } from "../../src/workbook/fake";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { applyCoverage, clearMarks, type UseCaseContext } from "../../src/workbook/usecases";
import { standardLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";
import { testCertification } from "../helpers/cert";
import { exceljsResave } from "../helpers/resave";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z", tool: "cli" };

test("usedWidth counts formulas with empty results, validations and the adapter's used columns", () => {
  const values = [["No", "項目"], ["1-1", "x"]];
  expect(usedWidth({ name: "S", values })).toBe(2);
  expect(usedWidth({ name: "S", values, formulas: [[null, null, null, '=IF(A2="","","")']] })).toBe(4);
  expect(usedWidth({ name: "S", values, validations: [{ ranges: [{ top: 1, left: 5, bottom: 9, right: 5 }], list: ["はい"] }] })).toBe(6);
  expect(usedWidth({ name: "S", values, usedColumns: 9 })).toBe(9);
  // a rule over whole rows does not push the columns off the sheet
  expect(usedWidth({ name: "S", values, validations: [{ ranges: [{ top: 0, left: 0, bottom: 9, right: 16383 }], list: ["はい"] }] })).toBe(2);
});

test("OOXML: the add-in's columns go right of a formula column with empty results, a formatted column and a comment", async () => {
  const book = standardLayout(crosswalk.entries);
  const bytes = await exceljsResave(await writeLayoutXlsx(book), (wb) => {
    const ws = wb.getWorksheet(book.checksheet)!;
    for (const row of book.rowOf.values()) ws.getCell(row + 1, 6).value = { formula: `IF(D${row + 1}="いいえ","要対応","")`, result: "" } as ExcelJS.CellFormulaValue;
    ws.getCell(3, 7).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
    ws.getCell(4, 8).note = "社内確認用のメモ";
  });
  const wb = XlsxWorkbook.open(bytes, "used.xlsx");
  const r = await applyCoverage(wb, ctx, { certification: testCertification() });
  expect(r.plan.statusCol).toBe(8); // I: right of F (formulas), G (format) and H (comment)
  expect(r.plan.refsCol).toBe(9);
  const x = new ExcelJS.Workbook();
  await x.xlsx.load(Buffer.from(wb.save()) as unknown as ArrayBuffer);
  const ws = x.getWorksheet(book.checksheet)!;
  const row = book.rowOf.values().next().value! + 1;
  expect((ws.getCell(row, 6).value as ExcelJS.CellFormulaValue).formula).toBe(`IF(D${row}="いいえ","要対応","")`);
  expect(String(ws.getCell(row, 9).value)).toMatch(/充足|要証跡/);
  // a re-apply keeps using the add-in's own columns (they are not "in use" by the user)
  const again = await applyCoverage(wb, ctx, { certification: testCertification() });
  expect(again.plan.statusCol).toBe(8);
  await clearMarks(wb, ctx);
  const { unzipSync } = await import("fflate");
  const o = unzipSync(bytes);
  const b = unzipSync(wb.save());
  expect(Object.keys(o).filter((k) => !b[k] || !Buffer.from(o[k]).equals(Buffer.from(b[k])))).toEqual([]);
});

test("fake: a fill-only cell right of the values is in use", async () => {
  const book = standardLayout(crosswalk.entries);
  const fake = new FakeWorkbook(
    book.sheets.map((s) => ({ name: s.name, values: s.values, merges: s.merges, validations: s.validations, visibility: "visible" as const })),
    book.checksheet,
  );
  fake.sheet(book.checksheet)!.cells.set("2:6", { value: null, formula: null, fill: "#FFFF00" });
  const r = await applyCoverage(fake, ctx, { certification: testCertification() });
  expect(r.plan.statusCol).toBe(7);
});

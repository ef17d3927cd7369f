/**
 * 審査記録 as a real Excel table through the Office adapter and the strict fake: created once with the sheet (a table
 * with filter buttons, the header frozen, a dropdown on the status column, a link from each row to its item's row),
 * rewritten in place afterwards (still one table), and set up outside Excel's undo grouping (R1).
 */
import { REVIEW_TABLE_NAME } from "../../src/domain/review-sheet";
import { OfficeGateway } from "../../src/workbook/office";
import { setReviews } from "../../src/workbook/review-usecases";
import { REVIEW_SHEET_NAME } from "../../src/workbook/usecases";
import { checksheetBook, fakeSeedOf } from "../../bench/fixtures";
import { createFakeExcel } from "../fakes/fake-excel";
import { testContext } from "../helpers/ctx";

const ctx = testContext("addin");

test("the first review creates the table, frozen header, status dropdown and row links; the next one rewrites it in place", async () => {
  const seed = fakeSeedOf(checksheetBook(0));
  const fake = createFakeExcel({ ...seed, active: seed.sheets[0].name });
  const gw = new OfficeGateway({ excel: fake.Excel, office: fake.Office });
  const ids = ctx.crosswalk.entries.map((e) => e.id);
  await setReviews(gw, ctx, [{ itemId: ids[0], status: "confirmed", comment: "一回目" }], "審査 太郎");
  const rs = () => fake.state.sheets.find((s: { name: string }) => s.name === REVIEW_SHEET_NAME)!;
  const sheet = rs();
  expect(sheet.tables).toHaveLength(1);
  expect(sheet.tables![0].name).toBe(REVIEW_TABLE_NAME);
  expect(sheet.tables![0].hasHeaders).toBe(true);
  expect(sheet.tables![0].rect.bottom - sheet.tables![0].rect.top).toBeGreaterThanOrEqual(ids.length);
  expect(sheet.frozenRows).toBe(1);
  const statusList = sheet.validations.find((v: { list: string[] }) => v.list.includes("確認済"));
  expect(statusList?.list).toEqual(expect.arrayContaining(["未確認", "確認済", "要修正", "対象外"]));
  expect(sheet.links?.size).toBeGreaterThanOrEqual(ids.length - 10);
  const link = [...sheet.links!.values()][0];
  expect(link.documentReference).toMatch(new RegExp(`^'${seed.sheets[0].name}'![A-Z]+\\d+$`));
  // R1: the table was made in a run without mergeUndoGroup (the grouped write contains only range writes)
  const runs = fake.log.filter((l: string) => l.startsWith("run "));
  expect(runs.some((l: string) => l.includes('"mergeUndoGroup":true'))).toBe(true);
  await setReviews(gw, ctx, [{ itemId: ids[1], status: "needs-fix", comment: "二回目" }], "審査 太郎");
  expect(rs()).toBe(sheet); // in place
  expect(rs().tables).toHaveLength(1);
});

test("the strict fake refuses a second table with the same name", async () => {
  const fake = createFakeExcel({ sheets: [{ name: "A", values: [["x"]] }, { name: "B", values: [["y"]] }] });
  await fake.Excel.run(async (c: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    c.workbook.worksheets.getItem("A").tables.add("A1:A2", true).name = "PHR_Review";
    await c.sync();
  });
  await expect(
    fake.Excel.run(async (c: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      c.workbook.worksheets.getItem("B").tables.add("A1:A2", true).name = "PHR_Review";
      await c.sync();
    }),
  ).rejects.toMatchObject({ code: "ItemAlreadyExists" });
});

/**
 * Live events through the Office adapter and the strict fake (docs/excel/excel-add-ins-events.md): a user's edit
 * reaches onChanged with the sheet's name and the cells, a selection reaches onSelection, and the returned function
 * removes the handlers with the same RequestContext (afterwards nothing arrives).
 */
import { OfficeGateway } from "../../src/workbook/office";
import type { CellAddress } from "../../src/domain/types";
import { createFakeExcel } from "../fakes/fake-excel";

function env() {
  const fake = createFakeExcel({ sheets: [{ name: "チェックシート", values: [["No", "項目", "回答"], ["1-1", "方針", null]] }, { name: "表紙", values: [["表紙"]] }] });
  const gw = new OfficeGateway({ excel: fake.Excel as unknown as typeof Excel, office: fake.Office as unknown as typeof Office });
  return { fake, gw };
}

test("a user's edit and selection reach the handlers with the sheet name; unsubscribe removes both", async () => {
  const { fake, gw } = env();
  const changes: { sheet: string; cells: CellAddress[] | null }[] = [];
  const selections: { sheet: string; cell: CellAddress }[] = [];
  const off = await gw.subscribe({ onChanged: (e) => changes.push(e), onSelection: (e) => selections.push(e) });
  expect(fake.eventHandlers).toEqual({ changed: 1, selection: 1 });
  fake.user.type("チェックシート", "C2", "はい");
  fake.user.select("表紙", "A1");
  await fake.flushEvents();
  expect(changes).toEqual([{ sheet: "チェックシート", cells: [{ row: 1, col: 2 }] }]);
  expect(selections).toEqual([{ sheet: "表紙", cell: { row: 0, col: 0 } }]);
  // a renamed sheet is reported under its new name (events carry the sheet's id)
  fake.user.rename("チェックシート", "チェック");
  fake.user.type("チェック", "C2", "いいえ");
  await fake.flushEvents();
  expect(changes[1]).toEqual({ sheet: "チェック", cells: [{ row: 1, col: 2 }] });
  off();
  await new Promise((r) => setTimeout(r, 0));
  await fake.flushEvents();
  expect(fake.eventHandlers).toEqual({ changed: 0, selection: 0 });
  fake.user.type("チェック", "C2", "はい");
  await fake.flushEvents();
  expect(changes).toHaveLength(2);
});

test("the strict fake registers a handler only when its context syncs, and needs ExcelApi 1.9", async () => {
  const { fake } = env();
  await fake.Excel.run(async (ctx: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    ctx.workbook.worksheets.onChanged.add(() => undefined);
    expect(fake.eventHandlers.changed).toBe(0); // queued, not yet registered
    await ctx.sync();
    expect(fake.eventHandlers.changed).toBe(1);
  });
  const old = createFakeExcel({ sheets: [{ name: "S", values: [] }], requirementSets: ["ExcelApi 1.8"] });
  await expect(
    old.Excel.run(async (ctx: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      ctx.workbook.worksheets.onChanged.add(() => undefined);
      await ctx.sync();
    }),
  ).rejects.toMatchObject({ code: "ApiNotFound" });
});

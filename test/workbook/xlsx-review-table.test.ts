/**
 * 審査記録 as a real Excel table in the OOXML adapter: table part with autoFilter, frozen header, a list validation on
 * the status column, a link from each item to its checksheet row; rewritten without adding a second table; readable by
 * another library; removing the sheet removes the table part again.
 */
import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { REVIEW_SHEET_NAME, REVIEW_STATUS_LABELS, REVIEW_STATUSES } from "../../src/domain/review";
import { REVIEW_TABLE_NAME } from "../../src/domain/review-sheet";
import { setReviews } from "../../src/workbook/review-usecases";
import { analyzeWorkbook, type UseCaseContext } from "../../src/workbook/usecases";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { messyLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z", tool: "cli" };

function partsOf(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(unzipSync(bytes))) if (/\.(xml|rels)$/.test(k)) out[k] = strFromU8(v);
  return out;
}

async function reviewed(): Promise<{ bytes: Uint8Array; checksheet: string; rowOf: Map<string, number> }> {
  const book = messyLayout(crosswalk.entries, { hideEvery: 0 });
  const wb = XlsxWorkbook.open(await writeLayoutXlsx(book), "in.xlsx");
  await setReviews(wb, ctx, [{ itemId: "2.2/1-1", status: "confirmed" }], "審査 花子");
  return { bytes: wb.save(), checksheet: book.checksheet, rowOf: book.rowOf };
}

function reviewSheetPath(parts: Record<string, string>): string {
  const wb = parts["xl/workbook.xml"];
  const rid = new RegExp(`<sheet [^>]*name="${REVIEW_SHEET_NAME}"[^>]*r:id="(rId\\d+)"`).exec(wb)![1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(parts["xl/_rels/workbook.xml.rels"])![1];
  return `xl/${target.replace(/^\/?xl\//, "")}`;
}

test("table part with filter, frozen header, status list and links, registered in rels and content types", async () => {
  const { bytes, checksheet } = await reviewed();
  const parts = partsOf(bytes);
  const tables = Object.keys(parts).filter((k) => /^xl\/tables\/table\d+\.xml$/.test(k));
  expect(tables).toHaveLength(1);
  const table = parts[tables[0]];
  const rows = 1 + crosswalk.entries.length;
  expect(table).toContain(`name="${REVIEW_TABLE_NAME}"`);
  expect(table).toMatch(new RegExp(`ref="A1:L${rows}"`));
  expect(table).toContain(`<autoFilter ref="A1:L${rows}"/>`);
  expect(table).toContain('<tableColumns count="12">');
  expect(parts["[Content_Types].xml"]).toContain(`PartName="/${tables[0]}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"`);

  const sheetPath = reviewSheetPath(parts);
  const sheet = parts[sheetPath];
  const rels = parts[sheetPath.replace(/worksheets\//, "worksheets/_rels/") + ".rels"];
  expect(rels).toContain(`Target="../tables/${tables[0].split("/").pop()}"`);
  expect(sheet).toMatch(/<tableParts count="1"><tablePart r:id="rId\d+"\/><\/tableParts><\/worksheet>$/);
  expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
  const values = REVIEW_STATUSES.map((s) => REVIEW_STATUS_LABELS[s].ja).join(",");
  expect(sheet).toMatch(new RegExp(`<dataValidation type="list"[^>]*sqref="E2:E${rows}"><formula1>&quot;${values}&quot;</formula1>`));
  const links = [...sheet.matchAll(/<hyperlink ref="K(\d+)" location="([^"]+)"/g)];
  expect(links).toHaveLength(crosswalk.entries.length);
  // element order: sheetViews before sheetData, dataValidations before hyperlinks before tableParts
  const at = (t: string) => sheet.indexOf(`<${t}`);
  expect(at("sheetViews")).toBeLessThan(at("sheetData"));
  expect(at("sheetData")).toBeLessThan(at("dataValidations"));
  expect(at("dataValidations")).toBeLessThan(at("hyperlinks"));
  expect(at("hyperlinks")).toBeLessThan(at("tableParts"));

  // each link goes to its item's row on the checksheet
  const a = await analyzeWorkbook(XlsxWorkbook.open(bytes), ctx);
  const item = a.detection!.items.find((d) => d.catalogId === "2.2/1-1")!;
  const idRow = 1 + crosswalk.entries.findIndex((e) => e.id === "2.2/1-1");
  const link = links.find((m) => Number(m[1]) === idRow + 1)!;
  expect(link[2]).toBe(`'${checksheet}'!${String.fromCharCode(65 + a.detection!.columns!.id[0])}${item.row + 1}`);

  // another reader opens it and sees the table and the validation
  const ex = new ExcelJS.Workbook();
  await ex.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ws = ex.getWorksheet(REVIEW_SHEET_NAME)!;
  expect(ws.getCell(`E${idRow + 1}`).value).toBe("確認済");
  expect(ws.getCell("E2").dataValidation).toMatchObject({ type: "list" });
  expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
});

test("a second review rewrites the same table (no duplicate table, validation or links)", async () => {
  const { bytes } = await reviewed();
  const wb = XlsxWorkbook.open(bytes, "r.xlsx");
  await setReviews(wb, ctx, [{ itemId: "2.2/1-1", status: "needs-fix", comment: "再確認" }], "審査 太郎");
  const parts = partsOf(wb.save());
  expect(Object.keys(parts).filter((k) => /^xl\/tables\//.test(k))).toHaveLength(1);
  const sheet = parts[reviewSheetPath(parts)];
  expect(sheet.match(/<dataValidation /g)).toHaveLength(1);
  expect(sheet.match(/<tablePart /g)).toHaveLength(1);
  expect(sheet.match(/<pane /g)).toHaveLength(1);
  expect(sheet.match(/<hyperlink /g)).toHaveLength(crosswalk.entries.length);
  expect(parts["[Content_Types].xml"].match(/spreadsheetml\.table\+xml/g)).toHaveLength(1);
});

test("removing the owned sheet removes its table part and content type", async () => {
  const { bytes } = await reviewed();
  const wb = XlsxWorkbook.open(bytes, "r.xlsx");
  const read = await wb.read({ recordOnly: true });
  await wb.write({ sheet: read.sheets[0].name, cells: [], removeOwned: [REVIEW_SHEET_NAME] });
  const parts = partsOf(wb.save());
  expect(Object.keys(parts).filter((k) => /tables\//.test(k))).toEqual([]);
  expect(parts["[Content_Types].xml"]).not.toContain("table+xml");
});

test("the user's own column beside the table survives a rewrite; the table keeps its range", async () => {
  const { bytes } = await reviewed();
  const wb = XlsxWorkbook.open(bytes, "r.xlsx");
  await wb.write({ sheet: REVIEW_SHEET_NAME, cells: [{ row: 0, col: 12, value: "メモ" }, { row: 1, col: 12, value: "電話で確認" }] });
  await setReviews(wb, ctx, [{ itemId: "2.2/1-1", status: "needs-fix" }], "審査 太郎");
  const parts = partsOf(wb.save());
  const sheet = parts[reviewSheetPath(parts)];
  expect(sheet).toContain("電話で確認");
  const tables = Object.keys(parts).filter((k) => /^xl\/tables\//.test(k));
  expect(tables).toHaveLength(1);
  expect(parts[tables[0]]).toContain(`ref="A1:L${1 + crosswalk.entries.length}"`);
  const again = XlsxWorkbook.open(wb.save(), "r.xlsx");
  const read = await again.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const m = read.owned!.find((x) => x.name === REVIEW_SHEET_NAME)!;
  expect(m.values[0][12]).toBe("メモ");
  expect(m.values.find((r) => r[0] === "2.2/1-1")![4]).toBe("要修正");
});

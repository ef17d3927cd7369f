/**
 * The workbook tells the story on its own: contradictions are 要確認 in the sheet, and the summary sheet is written
 * by apply, kept current by later writes and removed by clear (in-memory fake; the CLI test covers .xlsx).
 */
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { COLORS } from "../../src/domain/plan";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { SUMMARY_SHEET_NAMES } from "../../src/domain/summary";
import type { CellValue } from "../../src/domain/types";
import { FakeWorkbook, type FakeSheet } from "../../src/workbook/fake";
import { addEvidence, applyBulkMark, setReviews, signOff, undoBulkMark } from "../../src/workbook/review-usecases";
import { applyCoverage, clearMarks, type UseCaseContext } from "../../src/workbook/usecases";
import { testCertification } from "../helpers/cert";
import { messyLayout, type LayoutBook } from "../helpers/layouts";
import { testContext } from "../helpers/ctx";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = testContext("addin", { crosswalk });
const COVERED_B = "2.2/1-1";
const D_ITEM = "4.2(1)/1-1";

function fakeOf(book: LayoutBook): FakeWorkbook {
  return new FakeWorkbook(
    book.sheets.map((s) => ({ name: s.name, values: s.values, merges: s.merges, hiddenRows: s.hiddenRows, validations: s.validations, visibility: s.visibility ?? "visible" })),
    book.checksheet,
  );
}

function rowsOf(s: FakeSheet): CellValue[][] {
  const out: CellValue[][] = [];
  for (const [k, c] of s.cells) {
    const [r, col] = k.split(":").map(Number);
    (out[r] ??= [])[col] = c.value;
  }
  return out;
}
const rowStarting = (rows: CellValue[][], first: string) => rows.find((r) => r && r[0] === first);
const lineStarting = (rows: CellValue[][], prefix: string) => rows.find((r) => r && typeof r[0] === "string" && r[0].startsWith(prefix));
const sheetsOnly = (wb: FakeWorkbook) => JSON.stringify(JSON.parse(wb.serialize()).filter((s: { name: string }) => s.name !== RECORD_SHEET_NAME));

describe("contradictions are 要確認 in the sheet", () => {
  test("a covered item answered × gets the contradiction colour and the reason in the status cell; apply reports it", async () => {
    const book = messyLayout(crosswalk.entries, { answers: { [COVERED_B]: "×", "3.2(2)/3-2": "○" } });
    const wb = fakeOf(book);
    const r = await applyCoverage(wb, ctx, { certification: testCertification() });
    expect(r.plan.counts.contradictions).toBe(1);
    expect(r.plan.contradictions.map((c) => [c.id, c.answer])).toEqual([[COVERED_B, "×"]]);
    const item = r.analysis.detection!.items.find((i) => i.catalogId === COVERED_B)!;
    const sheet = wb.sheet(book.checksheet)!;
    const answer = sheet.cells.get(`${item.answer.row}:${item.answer.col}`)!;
    const status = sheet.cells.get(`${item.row}:${r.plan.statusCol}`)!;
    expect(answer.value).toBe("×"); // the user's answer is never touched
    expect(answer.fill).toBe(COLORS.contradiction);
    expect(status.fill).toBe(COLORS.contradiction);
    expect(status.fill).not.toBe(COLORS.B);
    expect(String(status.value)).toMatch(/^要確認/);
    expect(String(status.value)).toContain("×");
    // An item answered yes keeps its class colour.
    const ok = r.analysis.detection!.items.find((i) => i.catalogId === "3.2(2)/3-2")!;
    expect(sheet.cells.get(`${ok.answer.row}:${ok.answer.col}`)!.fill).toBe(COLORS.A);
  });
});

describe("the summary sheet", () => {
  test("written by apply, kept current by evidence, bulk-mark, review and sign-off, removed by clear", async () => {
    const book = messyLayout(crosswalk.entries, { answers: { [COVERED_B]: "×", [D_ITEM]: "○" }, remarks: { [D_ITEM]: "エクスポート手順書 v2（添付3）" } });
    const wb = fakeOf(book);
    wb.capabilities = { ...wb.capabilities, comments: false }; // no review notes: the comparison below is about our sheets
    const original = sheetsOnly(wb);
    await applyCoverage(wb, ctx, { certification: testCertification() });
    const sheet = () => wb.sheet(SUMMARY_SHEET_NAMES.ja)!;
    expect(sheet().visibility).toBe("visible");
    let rows = rowsOf(sheet());
    expect(rowStarting(rows, "認定番号")?.[1]).toBe(testCertification().certificationNumber);
    expect(rowStarting(rows, "判定日")?.[1]).toBe("2026-01-15");
    expect(rowStarting(rows, "状態別")?.[1]).toContain("要確認 1");
    expect(rowStarting(rows, COVERED_B)?.[2]).toBe("×");
    // Legend: C and D each have their own colour.
    const legend = rows.filter((r) => r && typeof r[2] === "string" && /^#[0-9A-F]{6}$/.test(r[2]));
    expect(legend.length).toBe(6);
    expect(new Set(legend.map((r) => r[2])).size).toBe(legend.length);
    expect(legend.find((r) => String(r[1]).startsWith("C "))?.[2]).not.toBe(legend.find((r) => String(r[1]).startsWith("D "))?.[2]);
    // Numbers per class (the chart's data), as numbers.
    expect(rowStarting(rows, "区分 A")?.[1]).toBe(36);
    expect(rowStarting(rows, "区分 D")?.[1]).toBe(7);
    // The D item answered ○ with text in 備考: evidence stated in the sheet.
    expect(rowStarting(rows, D_ITEM)?.[2]).toBe("シートに記載（備考）");
    expect(lineStarting(rows, "証跡が必要な項目")?.[0]).toContain("1 / 9");
    expect(rowStarting(rows, "対応表の版")?.[1]).toBe(crosswalk.crosswalkVersion);

    await addEvidence(wb, ctx, "3.3(2)/3-1", { document: "データ消去規程（架空）" });
    rows = rowsOf(sheet());
    expect(lineStarting(rows, "証跡が必要な項目")?.[0]).toContain("2 / 9");
    expect(rowStarting(rows, "3.3(2)/3-1")?.[2]).toBe("証跡登録済み");

    const beforeMark = rowStarting(rowsOf(sheet()), "状態別")?.[1];
    await applyBulkMark(wb, ctx, {});
    // Bulk-mark answered every empty covered item: the contradiction stays (never overwritten), still counted.
    expect(rowStarting(rowsOf(sheet()), "状態別")?.[1]).toBe(beforeMark);
    await undoBulkMark(wb, ctx);
    expect(wb.sheet(SUMMARY_SHEET_NAMES.ja)).toBeDefined();

    await setReviews(wb, ctx, [{ itemId: D_ITEM, status: "confirmed", comment: "" }], "審査 花子（架空）");
    expect(rowStarting(rowsOf(sheet()), "審査済み")?.[1]).toBe("1 / 145");
    expect(rowStarting(rowsOf(sheet()), "承認")?.[1]).toBe("未承認");
    await signOff(wb, ctx, "審査 花子（架空）", { allowOpen: true });
    expect(String(rowStarting(rowsOf(sheet()), "承認")?.[1])).toContain("審査 花子（架空）");
    expect(rowStarting(rowsOf(sheet()), "承認")?.[2]).toBe("承認後の変更なし");

    // Print-ready checksheet: fitted to the width, header row repeated.
    const headerRow = (await applyCoverage(wb, ctx, { certification: testCertification() })).analysis.detection!.headerRow!;
    expect(wb.sheet(book.checksheet)!.print).toEqual({ fitToWidth: true, titleRows: { top: headerRow, bottom: headerRow } });
    await clearMarks(wb, ctx);
    expect(wb.sheet(book.checksheet)!.print).toBeUndefined();
    expect(wb.sheet(SUMMARY_SHEET_NAMES.ja)).toBeUndefined();
    // Everything but the reviewer's 審査記録 (kept by clear) is back to the original.
    const back = JSON.parse(sheetsOnly(wb)).filter((s: { name: string }) => s.name !== "審査記録");
    expect(JSON.stringify(back)).toBe(original);
  });

  test("English UI: English sheet name and texts; a later Japanese write keeps the same sheet", async () => {
    const book = messyLayout(crosswalk.entries);
    const wb = fakeOf(book);
    await applyCoverage(wb, { ...ctx, lang: "en" }, { certification: testCertification() });
    const en = wb.sheet(SUMMARY_SHEET_NAMES.en)!;
    expect(rowStarting(rowsOf(en), "Number")?.[1]).toBe(testCertification().certificationNumber);
    expect(lineStarting(rowsOf(en), "Items needing evidence")?.[0]).toContain("0 / 9");
    await addEvidence(wb, ctx, D_ITEM, { document: "Export manual (fictitious)" });
    expect(wb.sheets.filter((s) => s.name === SUMMARY_SHEET_NAMES.ja || s.name === SUMMARY_SHEET_NAMES.en)).toHaveLength(1);
  });

  test("an adapter that cannot remove sheets gets no summary sheet (clear must give the workbook back)", async () => {
    const book = messyLayout(crosswalk.entries);
    const wb = fakeOf(book);
    wb.capabilities = { ...wb.capabilities, removeOwned: false };
    const original = sheetsOnly(wb);
    await applyCoverage(wb, ctx, { certification: testCertification() });
    expect(wb.sheet(SUMMARY_SHEET_NAMES.ja)).toBeUndefined();
    await clearMarks(wb, ctx);
    expect(sheetsOnly(wb)).toBe(original);
  });
});

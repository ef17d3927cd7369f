/**
 * Namespace-correct edits: every element the OOXML adapter inserts (the record and 審査記録 sheet entries, cells,
 * rows, column widths, styles) declares or reuses the prefixes it uses, wherever the source declared them.
 * Inputs: declarations on the root (the usual), on child elements (`xmlns:rel` on each <sheet>), other prefixes
 * (`x:` for SpreadsheetML), and Strict OOXML. Each output is checked with a namespace-aware reader, read back by
 * this adapter, opened by ExcelJS where it reads the format, and cleared back to the input byte for byte.
 */
import { unzipSync } from "fflate";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { applyCoverage, clearMarks, REVIEW_SHEET_NAME, type UseCaseContext } from "../../src/workbook/usecases";
import { applyBulkMark, setReviews } from "../../src/workbook/review-usecases";
import { standardLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";
import { testCertification } from "../helpers/cert";
import { partsOf, prefixedMain, relsOnChildren, strictOoxml, STRICT_MAIN } from "../helpers/ooxml-variants";
import { namespaceProblems } from "../helpers/xml-ns";
import { libreOffice, libreOfficeResave, readWithExcelJS } from "../helpers/resave";

jest.setTimeout(120_000);
const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z", tool: "cli" };
const book = standardLayout(crosswalk.entries);

const VARIANTS: Record<string, (b: Uint8Array) => Uint8Array> = {
  "declarations on the root": (b) => b,
  "xmlns:rel on each <sheet>, not on the root": relsOnChildren,
  "SpreadsheetML on prefix x:": prefixedMain,
  "prefix x: and relationships declared on each <sheet>": (b) => relsOnChildren(prefixedMain(b)),
  "Strict OOXML": strictOoxml,
};

function problemsOf(bytes: Uint8Array): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, xml] of Object.entries(partsOf(bytes))) {
    const p = namespaceProblems(xml);
    if (p.length) out[name] = p;
  }
  return out;
}

test("the checker finds an unbound prefix", () => {
  expect(namespaceProblems(`<a xmlns="u"><b r:id="1"/></a>`)).toEqual([`attribute r:id on <b>: prefix "r" is not bound`]);
  expect(namespaceProblems(`<a xmlns:r="u"><b r:id="1"/></a>`)).toEqual([]);
  expect(namespaceProblems(`<x:a xmlns:x="u"><c/></x:a>`)).toEqual([]);
  expect(namespaceProblems(`<x:a xmlns:x="u"><x:c></x:a>`).length).toBeGreaterThan(0);
});

describe.each(Object.entries(VARIANTS))("%s", (_name, variant) => {
  test("annotate, bulk-mark and review insert only bound prefixes; the adapter reads it back; clear gives the input back", async () => {
    const input = variant(await writeLayoutXlsx(book));
    expect(problemsOf(input)).toEqual({});
    const wb = XlsxWorkbook.open(input, "book.xlsx");
    const r = await applyCoverage(wb, ctx, { certification: testCertification() });
    expect(r.plan.counts.covered).toBe(136);
    await applyBulkMark(wb, ctx, {});
    await setReviews(wb, ctx, [{ itemId: crosswalk.entries[0].id, status: "confirmed", comment: "確認" }], "審査 太郎");
    const out = wb.save();
    expect(problemsOf(out)).toEqual({});
    // Read back from bytes by this adapter: every sheet, the record, 審査記録.
    const again = XlsxWorkbook.open(out, "book.xlsx");
    const read = await again.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
    expect(read.sheets.map((s) => s.name)).toEqual(expect.arrayContaining([book.checksheet, RECORD_SHEET_NAME, REVIEW_SHEET_NAME]));
    expect(read.owned?.[0]?.values[1]?.[0]).toBe(crosswalk.entries[0].id);
    // A second reader opens it: ExcelJS where it reads the input's spelling (transitional, unprefixed), and
    // LibreOffice headless (where installed) for every variant, its re-save then read by ExcelJS.
    const exceljsReadsInput = await readWithExcelJS(input).then(
      (x) => x.sheets.some((s) => s.name === book.checksheet),
      () => false,
    );
    const names = [book.checksheet, RECORD_SHEET_NAME, REVIEW_SHEET_NAME];
    if (exceljsReadsInput) expect((await readWithExcelJS(out)).sheets.map((s) => s.name)).toEqual(expect.arrayContaining(names));
    if (libreOffice()) {
      const lo = await readWithExcelJS(libreOfficeResave(out));
      expect(lo.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(names));
      expect([...lo.cells.values()].some((c) => typeof c.value === "string" && c.value.startsWith("B 充足"))).toBe(true);
    } else expect(exceljsReadsInput).toBe(true);
    // The new parts use the input's own namespaces.
    const main = partsOf(input)["xl/workbook.xml"].includes(STRICT_MAIN) ? STRICT_MAIN : "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const newParts = Object.keys(unzipSync(out)).filter((k) => !(k in unzipSync(input)) && k.endsWith(".xml") && k.startsWith("xl/worksheets/"));
    expect(newParts.length).toBe(3); // record, 審査記録, summary sheet
    for (const k of newParts) expect(partsOf(out)[k]).toContain(main);
    // Clear (the review sheet is the reviewer's and stays): the checksheet and every part the marks touched go back.
    await again.write({ sheet: book.checksheet, cells: [], removeOwned: [REVIEW_SHEET_NAME] });
    await clearMarks(again, ctx);
    const back = unzipSync(again.save());
    const orig = unzipSync(input);
    expect(Object.keys(back).sort()).toEqual(Object.keys(orig).sort());
    const differing = Object.keys(orig).filter((k) => !Buffer.from(orig[k]).equals(Buffer.from(back[k])));
    expect(differing).toEqual([]);
  });
});

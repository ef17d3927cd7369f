import { applyPrintTitles, applySheetPrint, readPrintOriginal, restorePrint, type PrintToken } from "../../src/workbook/xlsx/print";

const SHEET = `<worksheet xmlns="m"><sheetPr><tabColor rgb="FFFF0000"/></sheetPr><sheetData/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape"/><headerFooter/></worksheet>`;
const BARE = `<worksheet xmlns="m"><sheetData/><drawing r:id="rId1"/></worksheet>`;
const WB = `<workbook xmlns="m"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="X">A!$A$1</definedName></definedNames><calcPr/></workbook>`;
const WB_NONE = `<workbook xmlns="m"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><calcPr/></workbook>`;
const settings = { fitToWidth: true, titleRows: { top: 4, bottom: 4 } };

function roundTrip(sheet: string, wb: string) {
  const original = readPrintOriginal(sheet, wb, "", "");
  const s2 = applySheetPrint(sheet, "", settings);
  const w2 = applyPrintTitles(wb, "", "チェック'シート", 0, settings);
  const token: PrintToken = { v: 1, original, settings, sheetName: "チェック'シート", localSheetId: 0 };
  return { s2, w2, token };
}

describe("OOXML print settings", () => {
  test("existing sheetPr / pageSetup / definedNames: settings added in place and restored byte for byte", () => {
    const { s2, w2, token } = roundTrip(SHEET, WB);
    expect(s2).toContain('<sheetPr><tabColor rgb="FFFF0000"/><pageSetUpPr fitToPage="1"/></sheetPr>');
    expect(s2).toContain('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
    expect(w2).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">'チェック''シート'!$5:$5</definedName>`);
    const back = restorePrint(s2, w2, "", "", token);
    expect(back.sheetXml).toBe(SHEET);
    expect(back.workbookXml).toBe(WB);
  });

  test("absent elements: inserted in schema order, removed again on restore", () => {
    const { s2, w2, token } = roundTrip(BARE, WB_NONE);
    expect(s2.indexOf("<sheetPr>")).toBeLessThan(s2.indexOf("<sheetData/>"));
    expect(s2.indexOf("<pageSetup ")).toBeLessThan(s2.indexOf("<drawing"));
    expect(w2.indexOf("<definedNames>")).toBeGreaterThan(w2.indexOf("</sheets>"));
    const back = restorePrint(s2, w2, "", "", token);
    expect(back.sheetXml).toBe(BARE);
    expect(back.workbookXml).toBe(WB_NONE);
  });

  test("settings the user changed since are kept on restore", () => {
    const { s2, w2, token } = roundTrip(SHEET, WB);
    const edited = s2.replace('fitToHeight="0"', 'fitToHeight="2"');
    const back = restorePrint(edited, w2, "", "", token);
    expect(back.sheetXml).toBe(edited);
    expect(back.workbookXml).toBe(WB);
  });
});

/**
 * The row-height estimate of the OOXML adapter (src/workbook/xlsx/row-heights.ts): wrapped lines from the text, the
 * column width and a CJK-aware character width; the height in whole pixels, capped at Excel's maximum.
 */
import { defaultColumnWidth, defaultRowHeight, estimateHeight, formatHeight, isWide, wrappedLines, withHeight } from "../../src/workbook/xlsx/row-heights";

describe("wrappedLines", () => {
  test("CJK characters count two units and break anywhere; the cell's padding is kept free", () => {
    expect(isWide("認".codePointAt(0)!)).toBe(true);
    expect(isWide("Ａ".codePointAt(0)!)).toBe(true);
    expect(isWide("A".codePointAt(0)!)).toBe(false);
    expect(isWide("ｱ".codePointAt(0)!)).toBe(false); // half-width katakana
    expect(wrappedLines("認定", 10)).toBe(1);
    expect(wrappedLines("あ".repeat(5), 10)).toBe(2); // 10 units do not fit in 10 - 0.5
    expect(wrappedLines("あ".repeat(4), 10)).toBe(1);
    expect(wrappedLines("あ".repeat(12), 10)).toBe(3);
  });

  test("other text breaks at spaces; a word longer than the line is cut; explicit line breaks count", () => {
    expect(wrappedLines("aaaa bbbb", 10)).toBe(1);
    expect(wrappedLines("aaaa bbbb", 9)).toBe(2); // 9 units do not fit in 9 - 0.5
    expect(wrappedLines("aaaa bbbbb", 10)).toBe(2);
    expect(wrappedLines("x".repeat(25), 10.5)).toBe(3);
    expect(wrappedLines("a\nb\n\nc", 50)).toBe(4);
    expect(wrappedLines("", 10)).toBe(1);
  });

  test("more text never takes fewer lines", () => {
    const base = "B 充足（同等）：認定基準 3.2(2)、4.1 ";
    let last = 0;
    for (let n = 1; n < 8; n++) {
      const lines = wrappedLines(base.repeat(n), 22.7);
      expect(lines).toBeGreaterThanOrEqual(last);
      last = lines;
    }
    expect(last).toBeGreaterThan(3);
  });
});

describe("estimateHeight and the sheet defaults", () => {
  test("the longest text decides; one line is the default height; whole pixels; at most 409 points", () => {
    expect(estimateHeight([{ text: "短い", width: 20 }], 15)).toBe(15);
    expect(estimateHeight([{ text: "短い", width: 20 }, { text: "あ".repeat(30), width: 20 }], 15)).toBe(60);
    expect(estimateHeight([{ text: "あ".repeat(12), width: 10 }], 13.5)).toBe(40.5);
    expect(estimateHeight([{ text: "あ".repeat(12), width: 10 }], 14.2)).toBe(42.75); // 42.6 pt → the next whole pixel
    expect(estimateHeight([{ text: "あ".repeat(10), width: 10 }], 18.75)).toBe(56.25); // 3 lines × 18.75 = 75 px
    expect(estimateHeight([{ text: "あ".repeat(5000), width: 10 }], 15)).toBe(409);
    expect(formatHeight(40.5)).toBe("40.5");
    expect(formatHeight(30)).toBe("30");
  });

  test("defaults from <sheetFormatPr>, and ht set and removed without touching other bytes", () => {
    expect(defaultRowHeight('<worksheet><sheetFormatPr baseColWidth="8" defaultRowHeight="13.5"/></worksheet>')).toBe(13.5);
    expect(defaultRowHeight("<worksheet/>")).toBe(15);
    expect(defaultColumnWidth('<sheetFormatPr defaultColWidth="12.5" defaultRowHeight="15"/>')).toBe(12.5);
    expect(defaultColumnWidth('<x:sheetFormatPr baseColWidth="10" defaultRowHeight="15"/>')).toBeCloseTo(10.71);
    expect(defaultColumnWidth("")).toBe(8.43);
    const tag = '<row r="4" spans="1:5" x14ac:dyDescent="0.25">';
    const set = withHeight(tag, "30");
    expect(set).toBe('<row r="4" spans="1:5" x14ac:dyDescent="0.25" ht="30">');
    expect(withHeight(set, null)).toBe(tag);
    expect(withHeight('<row r="4" ht="13.5"/>', "27")).toBe('<row r="4" ht="27"/>');
  });
});

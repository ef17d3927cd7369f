/** The bench's dense input (bench/fixtures.ts): unique texts on every supplementary row, the 145 items kept. */
import { checksheetBook, denseChecksheetBook, textStats } from "../../bench/fixtures";

describe("denseChecksheetBook", () => {
  const rows = 3_000;
  const book = denseChecksheetBook(rows);
  const sheet = book.sheets[0];
  const base = checksheetBook(145).sheets[0].values.length;

  it("has the asked rows and still the 145 items, each at the row rowOf names", () => {
    expect(sheet.values.length).toBe(rows);
    expect(book.rowOf.size).toBe(145);
    const plain = checksheetBook(145);
    for (const [id, r] of book.rowOf) {
      const p = plain.rowOf.get(id)!;
      expect(sheet.values[r]).toEqual(plain.sheets[0].values[p]);
    }
  });

  it("puts three texts found nowhere else on every supplementary row", () => {
    const itemRows = new Set(book.rowOf.values());
    const seen = new Map<string, number>();
    for (const row of sheet.values) for (const v of row ?? []) if (typeof v === "string") seen.set(v, (seen.get(v) ?? 0) + 1);
    let supplementary = 0;
    sheet.values.forEach((row, r) => {
      if (itemRows.has(r) || row?.[0] != null) return;
      const texts = (row ?? []).filter((v): v is string => typeof v === "string" && v !== "");
      if (texts.length === 0) return;
      supplementary++;
      expect(texts).toHaveLength(3);
      for (const t of texts) expect(seen.get(t)).toBe(1);
    });
    expect(supplementary).toBe(rows - base);
    const stats = textStats(book);
    expect(stats.rows).toBe(rows);
    expect(stats.distinctTexts).toBeGreaterThanOrEqual(3 * (rows - base));
    expect(stats.textCells).toBeGreaterThanOrEqual(stats.distinctTexts);
  });
});

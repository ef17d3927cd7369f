import { detectChecksheet, pickSheet, classifyHeaderCell, ADDIN_SHEETS } from "../../src/domain/detect";
import {
  normalizeText,
  parseCheckId,
  parseSectionHeading,
  parsePartHeading,
  parseTopicHeading,
  parseCanonicalId,
  circledToNumber,
  numberToCircled,
  canonicalId,
  headingSimilarity,
} from "../../src/domain/ids";
import type { CatalogItem, DetectionResult, SheetMatrix } from "../../src/domain/types";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { groupCatalog, messyLayout, splitLayout, standardLayout, syntheticCatalog, type LayoutBook } from "../helpers/layouts";

const catalog = syntheticCatalog();

function sheetOf(book: LayoutBook): SheetMatrix {
  const s = book.sheets.find((x) => x.name === book.checksheet);
  if (!s) throw new Error("no checksheet in book");
  return s;
}

function expectAllFound(res: DetectionResult, cat: CatalogItem[], book: LayoutBook): void {
  expect(res.errors).toEqual([]);
  expect(res.ok).toBe(true);
  expect(res.items).toHaveLength(cat.length);
  expect(res.missing).toEqual([]);
  expect(res.unknown).toEqual([]);
  expect(res.duplicates).toEqual([]);
  // Every item on the row the generator put it on, answer cell in the answer column of that row.
  for (const it of res.items) {
    expect(it.catalogId).toBe(it.id);
    expect(it.row).toBe(book.rowOf.get(it.id));
    expect(it.answer).toEqual({ row: it.row, col: res.columns!.answer });
  }
  expect(new Set(res.items.map((i) => i.id)).size).toBe(cat.length);
  expect(res.confidence).toBeGreaterThan(0.9);
}

describe("ids: normalizeText", () => {
  it("applies NFKC, trims and collapses spaces", () => {
    expect(normalizeText("　ＡＢＣ　　１２３ ")).toBe("ABC 123");
  });
  it("unifies dashes and waves", () => {
    expect(normalizeText("３－２")).toBe("3-2");
    expect(normalizeText("3‐2")).toBe("3-2");
    expect(normalizeText("3−2")).toBe("3-2");
    expect(normalizeText("3–2")).toBe("3-2");
    expect(normalizeText("3—2")).toBe("3-2");
    expect(normalizeText("3ー2")).toBe("3-2");
    expect(normalizeText("No.130〜133")).toBe("No.130~133");
    expect(normalizeText("No.130～133")).toBe("No.130~133");
  });
  it("keeps the prolonged sound mark inside words", () => {
    expect(normalizeText("データ　サービス")).toBe("データ サービス");
  });
  it("keeps circled numbers", () => {
    expect(normalizeText("③ 第三者提供")).toBe("③ 第三者提供");
  });
  it("handles null and numbers", () => {
    expect(normalizeText(null)).toBe("");
    expect(normalizeText(3)).toBe("3");
  });
});

describe("ids: parseCheckId", () => {
  it.each(["3-2", "３－２", "No.3-2", "No３-２", "(3-2)", "3－2．", "No. 3 - 2", "（３－２）", "③-2", "NO.3-2"])("reads %s as 3-2", (s) => {
    expect(parseCheckId(s)).toEqual({ topic: 3, check: 2 });
  });
  it.each(["3.3", "2024-03-01", "3", "", "3-", "-2", "a-b", "3-2 本文", "0-1"])("rejects %s", (s) => {
    expect(parseCheckId(s)).toBeNull();
  });
  it("rejects non-strings", () => {
    expect(parseCheckId(3.2)).toBeNull();
    expect(parseCheckId(null)).toBeNull();
    expect(parseCheckId(true)).toBeNull();
  });
  it("reads two-digit numbers", () => {
    expect(parseCheckId("12-10")).toEqual({ topic: 12, check: 10 });
  });
});

describe("ids: circled numbers", () => {
  it("maps ①..⑳ both ways", () => {
    expect(circledToNumber("①")).toBe(1);
    expect(circledToNumber("⑳")).toBe(20);
    expect(circledToNumber("1")).toBeNull();
    expect(numberToCircled(3)).toBe("③");
    for (let n = 1; n <= 20; n++) expect(circledToNumber(numberToCircled(n))).toBe(n);
    expect(() => numberToCircled(21)).toThrow();
  });
});

describe("ids: headings", () => {
  it("parses section headings", () => {
    expect(parseSectionHeading("3.3 消去及び撤回")).toEqual({ section: "3.3", chapter: "3", heading: "消去及び撤回" });
    expect(parseSectionHeading("３．３　消去及び撤回")).toEqual({ section: "3.3", chapter: "3", heading: "消去及び撤回" });
    expect(parseSectionHeading("2.2. 第三者認証の取得")?.section).toBe("2.2");
    expect(parseSectionHeading(4.2)?.section).toBe("4.2");
    expect(parseSectionHeading("3.3\n消去及び撤回")?.heading).toBe("消去及び撤回");
    expect(parseSectionHeading("2.1.1 細目")).toBeNull();
    expect(parseSectionHeading("3 長期間利用がない場合の措置")).toBeNull();
    expect(parseSectionHeading("3-2")).toBeNull();
    expect(parseSectionHeading("3.3-1")).toBeNull();
  });
  it("parses part headings", () => {
    expect(parsePartHeading("(2) 本指針に基づく遵守すべき事項")).toEqual({ part: 2, heading: "本指針に基づく遵守すべき事項" });
    expect(parsePartHeading("（２）本指針に基づく遵守すべき事項")).toEqual({ part: 2, heading: "本指針に基づく遵守すべき事項" });
    expect(parsePartHeading("⑵ 法規制")?.part).toBe(2);
    expect(parsePartHeading("(3-2)")).toBeNull();
    expect(parsePartHeading("2 本指針")).toBeNull();
  });
  it("parses topic headings", () => {
    expect(parseTopicHeading("③ 第三者提供に係る事前の同意取得")).toEqual({ topic: 3, label: "③", heading: "第三者提供に係る事前の同意取得" });
    expect(parseTopicHeading("3 長期間利用がない場合の措置")).toEqual({ topic: 3, label: "3", heading: "長期間利用がない場合の措置" });
    expect(parseTopicHeading("3．長期間利用がない場合の措置")).toEqual({ topic: 3, label: "3", heading: "長期間利用がない場合の措置" });
    expect(parseTopicHeading("３．長期間利用がない場合の措置")?.topic).toBe(3);
    expect(parseTopicHeading("③")).toEqual({ topic: 3, label: "③", heading: "" });
    expect(parseTopicHeading("3")).toBeNull();
    expect(parseTopicHeading("3-2")).toBeNull();
    expect(parseTopicHeading("3.3 消去及び撤回")).toBeNull();
    expect(parseTopicHeading("③-2")).toBeNull();
  });
  it("canonical ids round-trip", () => {
    expect(canonicalId("3.3", 2, 3, 1)).toBe("3.3(2)/3-1");
    expect(canonicalId("2.2", null, 1, 1)).toBe("2.2/1-1");
    expect(canonicalId(null, null, 1, 1)).toBe("?/1-1");
    expect(parseCanonicalId("3.3(2)/3-1")).toEqual({ section: "3.3", part: 2, topic: 3, check: 1 });
    expect(parseCanonicalId("2.2/1-1")).toEqual({ section: "2.2", part: null, topic: 1, check: 1 });
    expect(parseCanonicalId("３．３（２）３－１")).toEqual({ section: "3.3", part: 2, topic: 3, check: 1 });
  });
  it("compares headings", () => {
    expect(headingSimilarity("③ 第三者提供に係る事前の同意取得", "第三者提供に係る事前の同意取得")).toBe(1);
    expect(headingSimilarity("長期間利用がない場合の措置", "消去の方法")).toBeLessThan(0.3);
  });
  it("classifies header cells", () => {
    expect(classifyHeaderCell("No")).toBe("id");
    expect(classifyHeaderCell("項番")).toBe("id");
    expect(classifyHeaderCell("確認番号")).toBe("id");
    expect(classifyHeaderCell("チェック項目")).toBe("text");
    expect(classifyHeaderCell("確認事項")).toBe("text");
    expect(classifyHeaderCell("回答")).toBe("answer");
    expect(classifyHeaderCell("チェック")).toBe("answer");
    expect(classifyHeaderCell("はい・いいえ")).toBe("answer");
    expect(classifyHeaderCell("遵守状況")).toBe("answer");
    expect(classifyHeaderCell("備考")).toBe("remarks");
    expect(classifyHeaderCell("根拠資料・備考")).toBe("remarks");
    expect(classifyHeaderCell("※ 回答欄は「はい」「いいえ」から選択してください。")).toBeNull();
    expect(classifyHeaderCell(3)).toBeNull();
  });
});

describe("detectChecksheet on generated layouts (synthetic catalog)", () => {
  it("catalog fixture has the expected shape", () => {
    expect(catalog.length).toBeGreaterThan(30);
    expect(new Set(catalog.map((c) => c.id)).size).toBe(catalog.length);
    expect(groupCatalog(catalog).map((s) => s.section)).toEqual(["2.1", "2.2", "3.2", "3.3", "4.2", "5.1"]);
  });

  it("standard: header on row 1, heading rows, 1-1 ids", () => {
    const book = standardLayout(catalog);
    const res = detectChecksheet(sheetOf(book), catalog);
    expectAllFound(res, catalog, book);
    expect(res.headerRow).toBe(0);
    expect(res.columns).toEqual({ id: [0], text: 2, answer: 3, remarks: 4 });
    expect(res.answerList).toEqual(["はい", "いいえ"]);
    const it = res.items.find((i) => i.id === "3.3(2)/3-1")!;
    expect(it.text).toContain("長期間利用がない場合の措置");
    expect(it.remarks).toEqual({ row: it.row, col: 4 });
    expect(it.rawId).toBe("3-1");
  });

  it("split: section, part, topic, check in their own (merged) columns under a title block", () => {
    const book = splitLayout(catalog);
    const res = detectChecksheet(sheetOf(book), catalog);
    expectAllFound(res, catalog, book);
    expect(res.headerRow).toBe(3);
    expect(res.columns).toEqual({ id: [0, 1, 2, 3], text: 4, answer: 5, remarks: 6 });
    expect(res.answerList).toEqual(["対応済", "一部対応", "未対応", "該当なし"]);
  });

  it("split with section and part on merged heading rows", () => {
    const book = splitLayout(catalog, { sectionOnHeadingRows: true });
    const res = detectChecksheet(sheetOf(book), catalog);
    expectAllFound(res, catalog, book);
    expect(res.columns).toEqual({ id: [0, 1], text: 2, answer: 3, remarks: 4 });
  });

  it("messy: header on row 6, mixed ids, merged headings, hidden and blank rows, ○/× dropdown", () => {
    const book = messyLayout(catalog);
    const sheet = sheetOf(book);
    const res = detectChecksheet(sheet, catalog);
    expectAllFound(res, catalog, book);
    expect(res.headerRow).toBe(5);
    expect(res.columns).toEqual({ id: [0], text: 1, answer: 3, remarks: 4 });
    expect(res.answerList).toEqual(["○", "×"]);
    const raw = res.items.map((i) => i.rawId);
    expect(raw.some((r) => r.includes("－"))).toBe(true);
    expect(raw.some((r) => r.startsWith("No."))).toBe(true);
    // Hidden item rows are read, and said so.
    const hiddenItemRows = (sheet.hiddenRows ?? []).filter((r) => res.items.some((i) => i.row === r));
    expect(hiddenItemRows.length).toBeGreaterThan(0);
    const note = res.notes.find((n) => n.en.startsWith("Hidden rows"));
    expect(note?.en).toContain(String(hiddenItemRows[0]! + 1));
  });

  it("pickSheet chooses the checksheet over 表紙 / 記入例 / 改訂履歴", () => {
    const book = messyLayout(catalog);
    const pick = pickSheet(book.sheets, catalog);
    expect(pick.errors).toEqual([]);
    expect(pick.sheet).toBe(book.checksheet);
    const example = pick.results.find((r) => r.sheet === "記入例")!;
    expect(example.items.length).toBeGreaterThan(0); // it has example rows…
    expect(example.ok).toBe(false); // …but too few to count
    expect(pick.results.find((r) => r.sheet === "表紙")!.ok).toBe(false);
    expect(pick.results.find((r) => r.sheet === "改訂履歴")!.ok).toBe(false);
  });
});

describe("detectChecksheet on generated layouts (full bundled catalog)", () => {
  const full: CatalogItem[] = loadBundledCrosswalk().entries;

  it("has 145 unique items", () => {
    expect(full).toHaveLength(145);
    expect(new Set(full.map((c) => c.id)).size).toBe(145);
  });

  it.each([
    ["standard", () => standardLayout(full)],
    ["split", () => splitLayout(full)],
    ["split, headings on rows", () => splitLayout(full, { sectionOnHeadingRows: true })],
    ["messy", () => messyLayout(full)],
  ] as const)("%s: all 145 found, none missing or unknown", (_name, make) => {
    const book = make();
    const res = detectChecksheet(sheetOf(book), full);
    expectAllFound(res, full, book);
    // Ids follow the catalog's canonical form.
    for (const it of res.items) {
      const c = full.find((x) => x.id === it.id)!;
      expect([it.section, it.part, it.topic, it.check]).toEqual([c.section, c.part, c.topic, c.check]);
    }
  });

  it("pickSheet picks the messy checksheet, not 記入例", () => {
    const book = messyLayout(full);
    const pick = pickSheet(book.sheets, full);
    expect(pick.sheet).toBe(book.checksheet);
    expect(pick.results.find((r) => r.sheet === "記入例")!.errors[0]!.en).toMatch(/only \d+ of 145/);
  });
});

describe("detectChecksheet: anomalies", () => {
  function mutate(book: LayoutBook, f: (values: SheetMatrix["values"]) => void): SheetMatrix {
    const s = sheetOf(book);
    const values = s.values.map((r) => [...r]);
    f(values);
    return { ...s, values };
  }

  it("reports duplicates, keeps the first row", () => {
    const book = standardLayout(catalog);
    const r1 = book.rowOf.get("3.2(2)/3-1")!;
    const r2 = book.rowOf.get("3.2(2)/3-2")!;
    const sheet = mutate(book, (v) => {
      v[r2]![0] = "3-1";
    });
    const res = detectChecksheet(sheet, catalog);
    expect(res.ok).toBe(true);
    expect(res.duplicates).toEqual([{ id: "3.2(2)/3-1", rows: [r1, r2] }]);
    expect(res.items.find((i) => i.id === "3.2(2)/3-1")!.row).toBe(r1);
    expect(res.missing).toEqual(["3.2(2)/3-2"]);
    expect(res.notes.some((n) => n.en.includes("several rows"))).toBe(true);
  });

  it("reports unknown ids with a composite id and the raw id", () => {
    const book = standardLayout(catalog);
    const r = book.rowOf.get("2.2/1-2")!;
    const sheet = mutate(book, (v) => {
      v[r]![0] = "９－９";
    });
    const res = detectChecksheet(sheet, catalog);
    expect(res.ok).toBe(true);
    expect(res.unknown).toHaveLength(1);
    expect(res.unknown[0]).toMatchObject({ id: "2.2/9-9", catalogId: null, rawId: "９－９", row: r, section: "2.2", topic: 9, check: 9 });
    expect(res.missing).toEqual(["2.2/1-2"]);
  });

  it("reports an unknown section", () => {
    const book = standardLayout(catalog);
    const sheet = sheetOf(book);
    const values = sheet.values.map((r) => [...r]);
    values.push(["9.9 架空の節"], ["① 架空の項目"], ["1-1", "", "架空の確認事項", null, null]);
    const res = detectChecksheet({ ...sheet, values }, catalog);
    expect(res.unknown.map((u) => u.id)).toEqual(["9.9/1-1"]);
    expect(res.unknown[0]!.row).toBe(values.length - 1);
  });

  it("lists missing catalog items (rows removed) and stays ok above the threshold", () => {
    const book = standardLayout(catalog);
    const drop = new Set([book.rowOf.get("4.2(1)/1-1")!, book.rowOf.get("4.2(1)/1-2")!]);
    const sheet = sheetOf(book);
    const res = detectChecksheet({ ...sheet, values: sheet.values.map((r, i) => (drop.has(i) ? [] : r)) }, catalog);
    expect(res.ok).toBe(true);
    expect(res.missing).toEqual(["4.2(1)/1-1", "4.2(1)/1-2"]);
    expect(res.items).toHaveLength(catalog.length - 2);
    expect(res.confidence).toBeLessThan(1);
  });

  it("fails when fewer than 20% of the catalog match", () => {
    const book = standardLayout(catalog.slice(0, 5));
    const res = detectChecksheet(sheetOf(book), catalog);
    expect(res.ok).toBe(false);
    expect(res.items).toHaveLength(5);
    expect(res.errors[0]!.en).toContain(`5 of ${catalog.length}`);
    expect(res.errors[0]!.ja).toContain("5 項目");
  });

  it("fails with what it saw when there is no header row", () => {
    const book = standardLayout(catalog);
    const sheet = sheetOf(book);
    const res = detectChecksheet({ ...sheet, values: sheet.values.slice(1) }, catalog);
    expect(res.ok).toBe(false);
    expect(res.headerRow).toBeNull();
    expect(res.items).toEqual([]);
    expect(res.errors[0]!.en).toMatch(/header row not found.*first rows contain: 1: 2\.1 安全管理措置/);
    expect(res.errors[0]!.ja).toContain("見出し行");
  });

  it("fails when no answer column can be identified", () => {
    const book = standardLayout(catalog);
    const sheet = sheetOf(book);
    const values = sheet.values.map((r) => [...r]);
    values[0] = ["No", "区分", "チェック項目", "記入欄", "備考"];
    const res = detectChecksheet({ ...sheet, values, validations: [] }, catalog);
    expect(res.ok).toBe(false);
    expect(res.errors[0]!.en).toContain("no answer column");
    expect(res.columns).toBeNull();
  });

  it("uses the 回答 heading when there is no dropdown, and says so", () => {
    const book = standardLayout(catalog);
    const res = detectChecksheet({ ...sheetOf(book), validations: [] }, catalog);
    expect(res.ok).toBe(true);
    expect(res.columns!.answer).toBe(3);
    expect(res.answerList).toBeNull();
    expect(res.notes.some((n) => n.en.includes("No dropdown"))).toBe(true);
  });

  it("finds the answer column from the dropdown when the heading says nothing", () => {
    const book = standardLayout(catalog, { answerList: ["対応済", "未対応"] });
    const sheet = sheetOf(book);
    const values = sheet.values.map((r) => [...r]);
    values[0] = ["No", "区分", "チェック項目", "記入欄", "備考"];
    const res = detectChecksheet({ ...sheet, values }, catalog);
    expect(res.ok).toBe(true);
    expect(res.columns!.answer).toBe(3);
    expect(res.answerList).toEqual(["対応済", "未対応"]);
  });

  it("uses the top-left cell of a merged answer cell and notes it", () => {
    const book = standardLayout(catalog);
    const sheet = sheetOf(book);
    const a = book.rowOf.get("2.2/1-1")!;
    const b = book.rowOf.get("2.2/1-2")!;
    const res = detectChecksheet({ ...sheet, merges: [...(sheet.merges ?? []), { top: a, left: 3, bottom: b, right: 3 }] }, catalog);
    expect(res.ok).toBe(true);
    expect(res.items.find((i) => i.id === "2.2/1-2")!.answer).toEqual({ row: a, col: 3 });
    expect(res.notes.some((n) => n.en.includes("merged") && n.en.includes(String(b + 1)))).toBe(true);
  });

  it("reads the current answer values", () => {
    const book = messyLayout(catalog, { answers: { "3.3(2)/3-1": "×", "2.2/1-1": "○" }, remarks: { "2.2/1-1": "ISMS 認証" }, extraSheets: false });
    const res = detectChecksheet(sheetOf(book), catalog);
    expect(res.items.find((i) => i.id === "3.3(2)/3-1")!.answerValue).toBe("×");
    expect(res.items.find((i) => i.id === "2.2/1-1")!.answerValue).toBe("○");
    expect(res.items.find((i) => i.id === "3.2(2)/1-1")!.answerValue).toBeNull();
  });

  it("matches by topic heading when the sheet has no part headings", () => {
    const book = standardLayout(catalog);
    const sheet = sheetOf(book);
    // Drop the part heading rows: 3.2 has 1-1 in both parts, the topic heading decides.
    const values = sheet.values.map((r) => (typeof r[0] === "string" && /^\(\d\)/.test(r[0]) ? [] : r));
    const res = detectChecksheet({ ...sheet, values }, catalog);
    expect(res.ok).toBe(true);
    expect(res.unknown).toEqual([]);
    expect(res.missing).toEqual([]);
    expect(res.items.find((i) => i.id === "3.2(2)/1-1")!.row).toBe(book.rowOf.get("3.2(2)/1-1"));
    expect(res.items.find((i) => i.id === "3.2(1)/1-1")!.row).toBe(book.rowOf.get("3.2(1)/1-1"));
    expect(res.notes.some((n) => n.en.includes("topic heading"))).toBe(true);
  });

  it("reads one-cell composite ids (3.3(2)/3-1, 2.2-1-1) without heading rows", () => {
    const rows: SheetMatrix["values"] = [["項番", "チェック項目", "回答", "備考"]];
    catalog.forEach((c, i) => {
      const id = i % 2 ? c.id : `${c.section}${c.part !== null ? `-(${c.part})` : ""}-${c.topic}-${c.check}`;
      rows.push([id, c.summary.ja, null, null]);
    });
    const res = detectChecksheet({ name: "一覧", values: rows, validations: [{ ranges: [{ top: 1, left: 2, bottom: rows.length - 1, right: 2 }], list: ["はい", "いいえ"] }] }, catalog);
    expect(res.errors).toEqual([]);
    expect(res.items).toHaveLength(catalog.length);
    expect(res.unknown).toEqual([]);
    expect(res.items.map((i) => i.row)).toEqual(catalog.map((_, i) => i + 1));
  });

  it("accepts a \"(1)\" heading under a section the catalog has without parts", () => {
    const book = standardLayout(catalog);
    const sheet = sheetOf(book);
    const values = sheet.values.map((r) => [...r]);
    const r = values.findIndex((row) => row[0] === "2.2 第三者認証の取得");
    values.splice(r + 1, 0, ["(1) 本指針に基づく遵守すべき事項"]);
    const res = detectChecksheet({ ...sheet, values, validations: [] }, catalog);
    expect(res.ok).toBe(true);
    expect(res.missing).toEqual([]);
    expect(res.unknown).toEqual([]);
    expect(res.items.find((i) => i.id === "2.2/1-1")!.part).toBe(1);
  });

  it("ignores note lines with header words above the real header", () => {
    const book = standardLayout(catalog);
    const sheet = sheetOf(book);
    const notes: SheetMatrix["values"] = [
      ["チェックシート"],
      ["※ 回答欄には「はい」「いいえ」を選択し、備考欄に根拠を記載してください。"],
      ["回答者", "（氏名）"],
      [],
    ];
    const shift = notes.length;
    const res = detectChecksheet(
      {
        ...sheet,
        values: [...notes, ...sheet.values],
        validations: sheet.validations!.map((v) => ({ ...v, ranges: v.ranges.map((g) => ({ ...g, top: g.top + shift, bottom: g.bottom + shift })) })),
      },
      catalog,
    );
    expect(res.headerRow).toBe(shift);
    expect(res.items).toHaveLength(catalog.length);
    expect(res.items[0]!.row).toBe(book.rowOf.get(res.items[0]!.id)! + shift);
  });

  it("does not match a wrong part number silently", () => {
    const book = standardLayout(catalog);
    const sheet = sheetOf(book);
    // Relabel 4.2 (1) as (2): the catalog has no 4.2(2).
    const values = sheet.values.map((r) => (r[0] === `(1) 本指針に基づく遵守すべき事項` ? ["(2) 本指針に基づく遵守すべき事項"] : r));
    const res = detectChecksheet({ ...sheet, values }, catalog);
    const in42 = catalog.filter((c) => c.section === "4.2").map((c) => c.id);
    expect(res.missing).toEqual(in42);
    expect(res.unknown.map((u) => u.id)).toEqual(in42.map((id) => id.replace("(1)", "(2)")));
  });
});

describe("pickSheet", () => {
  it("skips veryHidden and the add-in's own sheets", () => {
    const book = standardLayout(catalog);
    const s = sheetOf(book);
    const sheets: SheetMatrix[] = [
      { ...s, name: "PHR_ADDIN_DATA" },
      { ...s, name: "審査記録" },
      { ...s, name: "古い版", visibility: "veryHidden" },
      { name: "メモ", values: [["メモ"]] },
    ];
    const none = pickSheet(sheets, catalog);
    expect(none.sheet).toBeNull();
    expect(none.results.map((r) => r.sheet)).toEqual(["メモ"]);
    expect(none.errors[0]!.en).toContain("No checksheet found");
    expect(ADDIN_SHEETS).toContain("PHR_ADDIN_DATA");

    const some = pickSheet([...sheets, { ...s, name: "Sheet1" }], catalog);
    expect(some.sheet).toBe("Sheet1");
  });

  it("prefers a visible sheet over a hidden copy", () => {
    const s = sheetOf(standardLayout(catalog));
    const pick = pickSheet([{ ...s, name: "旧", visibility: "hidden" }, { ...s, name: "新" }], catalog);
    expect(pick.sheet).toBe("新");
  });

  it("honours the preferred sheet, and rejects a wrong one", () => {
    const book = messyLayout(catalog);
    const ok = pickSheet(book.sheets, catalog, book.checksheet);
    expect(ok.sheet).toBe(book.checksheet);
    expect(ok.results).toHaveLength(1);

    const wrong = pickSheet(book.sheets, catalog, "表紙");
    expect(wrong.sheet).toBeNull();
    expect(wrong.errors[0]!.en).toContain("Wrong sheet");
    expect(wrong.errors[0]!.ja).toContain("表紙");

    const absent = pickSheet(book.sheets, catalog, "ない");
    expect(absent.sheet).toBeNull();
    expect(absent.errors[0]!.en).toContain("does not exist");

    const own = pickSheet([...book.sheets, { name: "審査記録", values: [] }], catalog, "審査記録");
    expect(own.sheet).toBeNull();
  });
});

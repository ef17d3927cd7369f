import ExcelJS from "exceljs";
import { unzipSync, strToU8, zipSync } from "fflate";
import { decodeRecord, encodeRecord, emptyRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import { UserFacingError, type CellWrite } from "../../src/workbook/gateway";
import { XlsxWorkbook, NO_ROW } from "../../src/workbook/xlsx";
import { charsToFileWidth, fileWidthToChars } from "../../src/workbook/xlsx/cols";
import { buildLargeWorkbook, buildRichWorkbook, richWorkbookParts, zipXlsx } from "../fixtures/rich-workbook";

function parts(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

function same(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Names of parts that differ (added, removed or changed). */
function diffParts(a: Record<string, Uint8Array>, b: Record<string, Uint8Array>): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => !same(a[n], b[n])).sort();
}

function text(p: Record<string, Uint8Array>, name: string): string {
  return new TextDecoder().decode(p[name]);
}

async function expectUserError(fn: () => unknown, code: string): Promise<UserFacingError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserFacingError);
    const u = e as UserFacingError;
    expect(u.code).toBe(code);
    expect(u.localized.ja.length).toBeGreaterThan(0);
    expect(u.localized.en.length).toBeGreaterThan(0);
    expect(u.localized.en).not.toMatch(/\n\s+at /);
    return u;
  }
  throw new Error(`expected UserFacingError ${code}`);
}

describe("XlsxWorkbook.read", () => {
  const original = buildRichWorkbook();

  test("sheets, visibility, protection, active sheet", async () => {
    const wb = XlsxWorkbook.open(original, "rich.xlsx");
    const r = await wb.read();
    expect(r.sheets).toEqual([
      { name: "表紙", visibility: "visible", protected: false },
      { name: "チェックシート", visibility: "visible", protected: false },
      { name: "選択肢", visibility: "hidden", protected: false },
      { name: "保護", visibility: "visible", protected: true },
    ]);
    expect(r.activeSheet).toBe("チェックシート");
    expect(r.matrices.map((m) => m.name)).toEqual(["表紙", "チェックシート", "保護"]);
    expect(r.recordCells).toBeNull();
    expect(r.capabilities).toEqual({ comments: false, notes: false, mergeUndoGroup: false, removeOwned: true, print: true, charts: true });
  });

  test("表紙: shared strings, merges, formulas (incl. shared formulas), booleans", async () => {
    const wb = XlsxWorkbook.open(original);
    const m = (await wb.read({ sheet: "表紙" })).matrices;
    expect(m).toHaveLength(1);
    const s = m[0];
    expect(s.values[0]).toEqual(["PHR サービス チェックシート"]);
    expect(s.values[1]).toEqual([]);
    expect(s.values[2]).toEqual(["事業者名", "株式会社サンプル"]);
    expect(s.values[4]).toEqual(["合計", 3]);
    expect(s.values[5]).toEqual([null, 1, 2]);
    expect(s.values[6]).toEqual([null, 2, 4, true]);
    expect(s.formulas![4][1]).toBe("=SUM(B6:B7)");
    expect(s.formulas![5][2]).toBe("=B6*2");
    expect(s.formulas![6][2]).toBe("=B7*2");
    expect(s.formulas![6][1]).toBeNull();
    expect(s.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 3 }]);
    expect(s.protectedSheet).toBe(false);
  });

  test("チェックシート: rich text without phonetics, inline strings, hidden rows, merges, validations", async () => {
    const wb = XlsxWorkbook.open(original);
    const r = await wb.read({ sheet: "チェックシート" });
    const s = r.matrices[0];
    expect(s.values[0]).toEqual(["項番", "確認項目", "回答", "備考", "評価", "区分"]);
    expect(s.values[1]).toEqual(["2.2/1-1", "利用目的を明示している", "はい"]);
    expect(s.values[2]).toEqual(["2.2/1-2", "同意の撤回手段を提供している"]);
    expect(s.values[3]).toEqual(["2.2/1-3", "非表示の項目"]);
    expect(s.values[4]).toEqual(["3.3(2)/3-1", " 記録を保存している ", "はい", null, "一部適合"]);
    expect(s.values[6]).toEqual(["第3章 安全管理"]);
    expect(s.values[7]).toEqual([4.1, "A&B <tag> \r end"]);
    expect(s.values.length).toBe(8);
    expect(s.hiddenRows).toEqual([3]);
    expect(s.merges).toEqual([{ top: 6, left: 0, bottom: 6, right: 3 }]);
    const byCol = Object.fromEntries(s.validations!.map((v) => [v.ranges[0].left, v]));
    expect(byCol[2]).toEqual({ ranges: [{ top: 1, left: 2, bottom: 8, right: 2 }], list: ["はい", "いいえ", "該当なし"] });
    expect(byCol[5].list).toEqual(["可", "否"]); // defined name → hidden sheet range
    expect(byCol[4].list).toEqual(["適合", "一部適合", "不適合"]); // x14 validation → other sheet
    expect(s.validations).toHaveLength(3);
    expect(s.formulas).toBeUndefined();
  });

  test("allSheets adds the visible sheets to the one asked for; unknown sheet is a user error", async () => {
    const wb = XlsxWorkbook.open(original);
    const r = await wb.read({ sheet: "選択肢", allSheets: true });
    expect(r.matrices.map((m) => m.name)).toEqual(["選択肢", "表紙", "チェックシート", "保護"]);
    expect(r.matrices[0].visibility).toBe("hidden");
    await expectUserError(() => wb.read({ sheet: "ない" }), "sheet-not-found");
  });
});

describe("XlsxWorkbook.snapshot", () => {
  test("value, formula, fill (rgb, theme+tint, column style) and native tokens", async () => {
    const wb = XlsxWorkbook.open(buildRichWorkbook());
    const snaps = await wb.snapshot("チェックシート", [
      { row: 2, col: 2 }, // C3 yellow, empty
      { row: 4, col: 2 }, // C5 theme fill
      { row: 1, col: 3 }, // D2 absent, column style 4
      { row: 5, col: 2 }, // row 6 absent
      { row: 8, col: 2 }, // row 9 exists, empty
      { row: 1, col: 1 }, // B2 rich text
    ]);
    expect(snaps[0]).toEqual({ row: 2, col: 2, value: null, formula: null, fill: "#FFFF00", wrap: false, native: '<c r="C3" s="1"/>' });
    expect(snaps[1].value).toBe("はい");
    expect(snaps[1].fill).toMatch(/^#[0-9A-F]{6}$/);
    expect(snaps[1].fill).not.toBe("#4472C4"); // tinted lighter than accent1
    expect(snaps[2]).toEqual({ row: 1, col: 3, value: null, formula: null, fill: null, wrap: true, native: "" }); // column style wraps
    expect(snaps[3].native).toBe(NO_ROW);
    expect(snaps[4].native).toBe('<row r="9" spans="1:6" ht="30" customHeight="1"/>');
    expect(snaps[5].value).toBe("利用目的を明示している");
    const f = await wb.snapshot("表紙", [{ row: 6, col: 2 }, { row: 4, col: 1 }]);
    expect(f[0]).toMatchObject({ value: 4, formula: "=B7*2", fill: null });
    expect(f[1]).toMatchObject({ value: 3, formula: "=SUM(B6:B7)" });
  });
});

describe("XlsxWorkbook.write", () => {
  const original = buildRichWorkbook();
  const origParts = parts(original);

  test("values, fills and wrap round-trip through save/reopen; other parts untouched", async () => {
    const wb = XlsxWorkbook.open(original);
    await wb.write({
      sheet: "チェックシート",
      cells: [
        { row: 1, col: 2, value: "いいえ", fill: "#FFC7CE" }, // C2 existing shared-string cell
        { row: 1, col: 3, value: "要確認 <根拠> & 資料", wrap: true }, // D2 absent cell (column style 4)
        { row: 5, col: 2, value: 42, fill: "#C6EFCE" }, // row 6 absent
        { row: 8, col: 4, value: true }, // row 9 self-closing
        { row: 2, col: 2, fill: null }, // C3 remove fill
        { row: 10, col: 0, value: "  前後に空白\n改行 _x0041_ " },
      ],
    });
    const saved = wb.save();
    const after = parts(saved);
    expect(diffParts(origParts, after)).toEqual(["xl/styles.xml", "xl/worksheets/sheet2.xml"]);
    expect(text(after, "xl/worksheets/sheet2.xml")).toContain('t="inlineStr"');

    const re = XlsxWorkbook.open(saved);
    const s = (await re.read({ sheet: "チェックシート" })).matrices[0];
    expect(s.values[1]).toEqual(["2.2/1-1", "利用目的を明示している", "いいえ", "要確認 <根拠> & 資料"]);
    expect(s.values[5]).toEqual([null, null, 42]);
    expect(s.values[8]).toEqual([null, null, null, null, true]);
    expect(s.values[10]).toEqual(["  前後に空白\n改行 _x0041_ "]);
    expect(s.hiddenRows).toEqual([3]);
    const snaps = await re.snapshot("チェックシート", [
      { row: 1, col: 2 },
      { row: 5, col: 2 },
      { row: 2, col: 2 },
      { row: 1, col: 3 },
    ]);
    expect(snaps.map((x) => x.fill)).toEqual(["#FFC7CE", "#C6EFCE", null, null]);
    // wrap: the new xf of D2 carries wrapText and is appended after the original 5 xfs
    const styles = text(after, "xl/styles.xml");
    expect(styles).toMatch(/<cellXfs count="(\d+)">/);
    expect(Number(/<cellXfs count="(\d+)">/.exec(styles)![1])).toBeGreaterThan(5);
    expect(styles.startsWith(text(origParts, "xl/styles.xml").split("<fills")[0])).toBe(true);
  });

  test("identical appended formats are reused", async () => {
    const wb = XlsxWorkbook.open(original);
    await wb.write({ sheet: "チェックシート", cells: [{ row: 1, col: 0, fill: "#ABCDEF" }] });
    await wb.write({ sheet: "チェックシート", cells: [{ row: 2, col: 0, fill: "#ABCDEF" }, { row: 3, col: 0, fill: "#abcdef" }] });
    const styles = new TextDecoder().decode(wb.part("xl/styles.xml"));
    expect(styles.match(/FFABCDEF/g)).toHaveLength(1);
    expect(/<cellXfs count="(\d+)">/.exec(styles)![1]).toBe("6");
    expect(/<fills count="(\d+)">/.exec(styles)![1]).toBe("5");
  });

  test("exact restore: natives + record:null + owned sheet deletion give every part back byte-identical", async () => {
    const wb = XlsxWorkbook.open(original);
    const targets = [
      { row: 1, col: 2 }, // C2 existing
      { row: 1, col: 3 }, // D2 absent, row has cells
      { row: 2, col: 2 }, // C3 in pretty-printed row
      { row: 2, col: 5 }, // F3 absent, appended at end of pretty-printed row
      { row: 5, col: 2 }, // row 6 absent
      { row: 5, col: 4 }, // row 6 absent (same row)
      { row: 8, col: 2 }, // row 9 self-closing
      { row: 20, col: 1 }, // past the last row
      { row: 0, col: 7 }, // H1 past the last cell of the header
    ];
    const before = await wb.snapshot("チェックシート", targets);
    const record = emptyRecord("2025-05-01T00:00:00Z");
    record.sheet = "チェックシート";
    record.layers.push({ kind: "annotate", sheet: "チェックシート", at: record.updatedAt, tool: "cli", before, after: [] });
    const cells: CellWrite[] = targets.map((t, i) => ({ ...t, value: i % 2 ? `注記${i}` : i, fill: i % 3 ? "#FFEB9C" : "#FFC7CE", wrap: i % 2 === 0 }));
    await wb.write({
      sheet: "チェックシート",
      cells,
      record: encodeRecord(record),
      ownedSheets: [{ name: "審査記録", rows: [["項番", "判定"], ["2.2/1-1", "A"], [1, true]], columns: 2 }],
    });
    const mid = wb.save();
    const midParts = parts(mid);
    expect(diffParts(origParts, midParts)).toEqual([
      "[Content_Types].xml",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/workbook.xml",
      "xl/worksheets/sheet2.xml",
      "xl/worksheets/sheet5.xml",
      "xl/worksheets/sheet6.xml",
    ]);
    expect(text(midParts, "xl/workbook.xml")).toContain(`<sheet name="${RECORD_SHEET_NAME}" sheetId="5" state="veryHidden" r:id="rId9"/>`);

    // Reopen from bytes (as the CLI would on a later run) and undo.
    const re = XlsxWorkbook.open(mid);
    const r = await re.read();
    expect(r.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ["表紙", "visible"],
      ["チェックシート", "visible"],
      ["選択肢", "hidden"],
      ["保護", "visible"],
      [RECORD_SHEET_NAME, "veryHidden"],
      ["審査記録", "visible"],
    ]);
    expect(r.matrices.find((m) => m.name === "審査記録")!.values).toEqual([["項番", "判定"], ["2.2/1-1", "A"], [1, true]]);
    const rec = decodeRecord(r.recordCells);
    expect(rec).not.toBeNull();
    const snaps = rec!.layers[0].before;
    await re.write({
      sheet: "チェックシート",
      cells: snaps.map((s) => ({ row: s.row, col: s.col, value: s.value, fill: s.fill, native: s.native })),
      record: null,
      removeOwned: ["審査記録"],
    });
    const back = parts(re.save());
    const diff = diffParts(origParts, back);
    expect({ differingParts: diff }).toEqual({ differingParts: [] });
  });

  test("layered writes undone last-first restore everything", async () => {
    const wb = XlsxWorkbook.open(original);
    const t1 = [{ row: 5, col: 2 }, { row: 1, col: 2 }];
    const s1 = await wb.snapshot("チェックシート", t1);
    await wb.write({ sheet: "チェックシート", cells: t1.map((t) => ({ ...t, value: "L1", fill: "#FF0000" })), record: ["x"] });
    const t2 = [{ row: 5, col: 3 }, { row: 5, col: 2 }, { row: 1, col: 2 }];
    const s2 = await wb.snapshot("チェックシート", t2);
    expect(s2[0].native).toBe(""); // row 6 exists now
    await wb.write({ sheet: "チェックシート", cells: t2.map((t) => ({ ...t, value: "L2", fill: "#00FF00" })), record: ["y"] });
    await wb.write({ sheet: "チェックシート", cells: s2.map((s) => ({ row: s.row, col: s.col, native: s.native })), record: ["z"] });
    await wb.write({ sheet: "チェックシート", cells: s1.map((s) => ({ row: s.row, col: s.col, native: s.native })), record: null });
    expect(diffParts(origParts, parts(wb.save()))).toEqual([]);
  });

  test("a formula can be written with its cached value", async () => {
    const wb = XlsxWorkbook.open(original);
    await wb.write({ sheet: "表紙", cells: [{ row: 9, col: 1, formula: "=B6+B7", value: 3 }] });
    const s = (await wb.read({ sheet: "表紙" })).matrices[0];
    expect(s.values[9][1]).toBe(3);
    expect(s.formulas![9][1]).toBe("=B6+B7");
  });

  test("overwriting a formula cell with a value is refused while calcChain.xml exists (nothing changed)", async () => {
    const wb = XlsxWorkbook.open(original);
    await expectUserError(() => wb.write({ sheet: "表紙", cells: [{ row: 0, col: 1, value: "ok" }, { row: 4, col: 1, value: 9 }] }), "unsupported");
    await expectUserError(() => wb.write({ sheet: "表紙", cells: [{ row: 5, col: 2, value: 1 }] }), "unsupported"); // shared master
    expect(diffParts(origParts, parts(wb.save()))).toEqual([]);
  });

  test("protected sheet: locked cells refused with nothing changed, unlocked cells allowed", async () => {
    const wb = XlsxWorkbook.open(original);
    await expectUserError(
      () =>
        wb.write({
          sheet: "保護",
          cells: [{ row: 0, col: 1, value: "ok" }, { row: 0, col: 0, value: "ng" }],
          record: ["should not be written"],
        }),
      "protected",
    );
    expect(diffParts(origParts, parts(wb.save()))).toEqual([]);
    await expectUserError(() => wb.write({ sheet: "保護", cells: [{ row: 3, col: 3, fill: "#FF0000" }] }), "protected");
    await wb.write({ sheet: "保護", cells: [{ row: 0, col: 1, value: "入力可" }] });
    expect((await wb.read({ sheet: "保護" })).matrices[0].values[0]).toEqual(["ロック", "入力可"]);
  });

  test("record store update keeps the sheet; reading returns column A", async () => {
    const wb = XlsxWorkbook.open(original);
    await wb.write({ sheet: "チェックシート", cells: [], record: ["a", "b"] });
    await wb.write({ sheet: "チェックシート", cells: [], record: ["c", "d", "e"] });
    const r = await wb.read();
    expect(r.recordCells).toEqual(["c", "d", "e"]);
    expect(r.sheets.filter((s) => s.name === RECORD_SHEET_NAME)).toHaveLength(1);
    await wb.write({ sheet: "チェックシート", cells: [], record: null });
    expect(diffParts(origParts, parts(wb.save()))).toEqual([]);
  });

  test("invalid fill colour is refused before anything changes", async () => {
    const wb = XlsxWorkbook.open(original);
    await expectUserError(() => wb.write({ sheet: "チェックシート", cells: [{ row: 1, col: 1, value: "x" }, { row: 1, col: 2, fill: "red" }] }), "unsupported");
    expect(diffParts(origParts, parts(wb.save()))).toEqual([]);
  });
});


describe("more write cases", () => {
  const original = buildRichWorkbook();
  const origParts = parts(original);

  test("output of a write (record + owned sheet + inline strings + new formats) is readable by another reader", async () => {
    const wb = XlsxWorkbook.open(original);
    await wb.write({
      sheet: "チェックシート",
      cells: [
        { row: 1, col: 3, value: "根拠: 規程 第5条", fill: "#FFEB9C", wrap: true },
        { row: 5, col: 2, value: 7 },
      ],
      record: ["phr-addin-record/1", "abc", "1", "{}"],
      ownedSheets: [{ name: "審査記録", rows: [["項番", "判定"], ["2.2/1-1", "A"]], columns: 2 }],
    });
    const x = new ExcelJS.Workbook();
    await x.xlsx.load(wb.save().slice().buffer);
    const ws = x.getWorksheet("チェックシート")!;
    expect(ws.getCell("D2").value).toBe("根拠: 規程 第5条");
    expect(ws.getCell("C6").value).toBe(7);
    expect((ws.getCell("D2").fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFEB9C");
    expect(ws.getCell("D2").alignment?.wrapText).toBe(true);
    expect(ws.getCell("B2").value).toBeTruthy();
    const store = x.getWorksheet(RECORD_SHEET_NAME)!;
    expect(store.state).toBe("veryHidden");
    expect(store.getCell("A4").value).toBe("{}");
    expect(x.getWorksheet("審査記録")!.getCell("B2").value).toBe("A");
  });

  test("styles appended without a record are still removed on record:null in the same session", async () => {
    const wb = XlsxWorkbook.open(original);
    const t = [{ row: 1, col: 2 }, { row: 12, col: 1 }];
    const snaps = await wb.snapshot("チェックシート", t);
    await wb.write({ sheet: "チェックシート", cells: t.map((c) => ({ ...c, fill: "#123456", wrap: true })) });
    expect(diffParts(origParts, parts(wb.save()))).toEqual(["xl/styles.xml", "xl/worksheets/sheet2.xml"]);
    await wb.write({ sheet: "チェックシート", cells: snaps.map((s) => ({ row: s.row, col: s.col, native: s.native })), record: null });
    expect(diffParts(origParts, parts(wb.save()))).toEqual([]);
  });

  test("a store created elsewhere (no adapter metadata) gets the style base in B1 and is restored on clear", async () => {
    const wb = XlsxWorkbook.open(original);
    await wb.write({ sheet: "チェックシート", cells: [], record: ["made", "by", "office"] });
    const withStore = parts(wb.save());
    const t = [{ row: 1, col: 2 }];
    const re = XlsxWorkbook.open(wb.save());
    const snaps = await re.snapshot("チェックシート", t);
    await re.write({ sheet: "チェックシート", cells: [{ row: 1, col: 2, fill: "#FF00FF" }] });
    expect((await re.read()).recordCells).toEqual(["made", "by", "office"]);
    const re2 = XlsxWorkbook.open(re.save());
    await re2.write({ sheet: "チェックシート", cells: snaps.map((s) => ({ row: s.row, col: s.col, native: s.native })), record: null });
    expect(diffParts(origParts, parts(re2.save()))).toEqual([]);
    expect(withStore["xl/styles.xml"]).toEqual(origParts["xl/styles.xml"]);
  });

  test("foreign native tokens fall back to value/formula/fill", async () => {
    const wb = XlsxWorkbook.open(original);
    await wb.write({ sheet: "チェックシート", cells: [{ row: 1, col: 2, value: "いいえ", fill: "#FFFF00", native: "office:{}" }] });
    const [s] = await wb.snapshot("チェックシート", [{ row: 1, col: 2 }]);
    expect(s.value).toBe("いいえ");
    expect(s.fill).toBe("#FFFF00");
    // a new xf cloned from the cell's own format
    expect(s.native).toMatch(/^<c r="C2" s="\d+" t="inlineStr">/);
  });

  test("workbook structure protection refuses creating the store", async () => {
    const p = richWorkbookParts();
    p["xl/workbook.xml"] = p["xl/workbook.xml"].replace("<bookViews>", '<workbookProtection lockStructure="1"/><bookViews>');
    const bytes = zipXlsx(p);
    const wb = XlsxWorkbook.open(bytes);
    await expectUserError(() => wb.write({ sheet: "チェックシート", cells: [{ row: 1, col: 2, value: "x" }], record: ["r"] }), "protected");
    expect(diffParts(parts(bytes), parts(wb.save()))).toEqual([]);
  });

  test("prefixed SpreadsheetML (x:worksheet) and an empty <sheetData/> are read and restored", async () => {
    const p = richWorkbookParts();
    const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    p["xl/worksheets/sheet3.xml"] =
      `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${NS}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>適合</x:t></x:is></x:c></x:row>` +
      `<x:row r="2"><x:c r="A2" t="s"><x:v>13</x:v></x:c></x:row><x:row r="3"><x:c r="A3"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    p["xl/worksheets/sheet4.xml"] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData/></worksheet>`;
    const bytes = zipXlsx(p);
    const orig = parts(bytes);
    const wb = XlsxWorkbook.open(bytes);
    const m = (await wb.read({ sheet: "選択肢" })).matrices[0];
    expect(m.values).toEqual([["適合"], ["一部適合"], [3]]);
    const e = (await wb.read({ sheet: "チェックシート" })).matrices[0].validations!.find((v) => v.ranges[0].left === 4)!;
    expect(e.list).toEqual(["適合", "一部適合", "3"]);
    const t1 = [{ row: 1, col: 1 }, { row: 5, col: 0 }];
    const s1 = await wb.snapshot("選択肢", t1);
    const t2 = [{ row: 2, col: 2 }];
    const s2 = await wb.snapshot("保護", t2);
    await wb.write({ sheet: "選択肢", cells: t1.map((t) => ({ ...t, value: "追加", fill: "#00FF00" })), record: ["r"] });
    await wb.write({ sheet: "保護", cells: t2.map((t) => ({ ...t, value: 1 })) });
    expect(new TextDecoder().decode(wb.part("xl/worksheets/sheet3.xml"))).toContain('<x:c r="B2" s="5" t="inlineStr"><x:is><x:t>追加</x:t></x:is></x:c>');
    expect((await wb.read({ sheet: "選択肢" })).matrices[0].values[1]).toEqual(["一部適合", "追加"]);
    expect((await wb.read({ sheet: "保護" })).matrices[0].values).toEqual([[], [], [null, null, 1]]);
    await wb.write({ sheet: "保護", cells: s2.map((s) => ({ row: s.row, col: s.col, native: s.native })) });
    await wb.write({ sheet: "選択肢", cells: s1.map((s) => ({ row: s.row, col: s.col, native: s.native })), record: null });
    expect(diffParts(orig, parts(wb.save()))).toEqual([]);
  });

  test("a damaged compressed part (CRC mismatch) is reported as corrupt", async () => {
    const z = unzipSync(original);
    const stored = zipSync(Object.fromEntries(Object.entries(z).map(([k, v]) => [k, [v, { level: 0 }]])) as never);
    const bad = stored.slice();
    const i = Buffer.from(bad).indexOf(Buffer.from("チェックシート"));
    bad[i] ^= 0x01;
    // parts are inflated (and their CRC checked) when first needed; save() needs every part and reports it, naming the part
    const u = await expectUserError(() => XlsxWorkbook.open(bad).save(), "corrupt");
    expect(u.localized.ja).toMatch(/の部品 \S+\.xml が壊れています/);
  });
});

describe("column widths (<cols>)", () => {
  const CHECK = "xl/worksheets/sheet2.xml";
  const SHEET = "チェックシート";
  const ORIGINAL_COLS = `<cols><col min="2" max="2" width="40" customWidth="1"/><col min="4" max="4" width="30" style="4" customWidth="1"/></cols>`;
  const SPAN_COLS = `<cols><col min="1" max="1" width="14" customWidth="1"/><col min="2" max="10" width="12.7109375" style="4" customWidth="1"/></cols>`;
  /** The rich workbook with the checksheet's <cols> replaced ("" = none). */
  function variant(cols: string): Uint8Array {
    const p = richWorkbookParts();
    expect(p[CHECK]).toContain(ORIGINAL_COLS);
    p[CHECK] = p[CHECK].replace(ORIGINAL_COLS, cols);
    return zipXlsx(p);
  }
  const colsOf = (wb: XlsxWorkbook) => /<cols>.*?<\/cols>/.exec(new TextDecoder().decode(wb.part(CHECK)))?.[0] ?? "";
  const ours = [
    { col: 6, width: 22 },
    { col: 7, width: 60 },
  ];

  test("unit conversion: file widths include the 5 px padding; Excel's 1/256 widths survive a round trip", () => {
    expect(fileWidthToChars(9.140625)).toBeCloseTo(8.43, 2); // Excel's default column
    expect(charsToFileWidth(22)).toBe(22.7109375);
    expect(charsToFileWidth(60)).toBe(60.7109375);
    for (const w of [0, 0.5, 1.7109375, 9.140625, 12.7109375, 40, 255]) expect(charsToFileWidth(fileWidthToChars(w))).toBe(w);
  });

  test("read: widths in characters from column 0 to the used width + 3, and the original <cols> as the native token", async () => {
    const wb = XlsxWorkbook.open(buildRichWorkbook());
    const m = (await wb.read({ sheet: SHEET })).matrices[0];
    expect(m.columnsNative).toBe(ORIGINAL_COLS);
    expect(m.columnWidths).toHaveLength(6 + 4);
    expect(m.columnWidths![1]).toBeCloseTo(40 - 5 / 7, 9);
    expect(m.columnWidths![3]).toBeCloseTo(30 - 5 / 7, 9);
    expect(m.columnWidths!.filter((w) => w === null)).toHaveLength(8);
    const none = (await XlsxWorkbook.open(variant("")).read({ sheet: SHEET })).matrices[0];
    expect(none.columnsNative).toBe("");
    expect(none.columnWidths!.every((w) => w === null)).toBe(true);
  });

  test("a sheet without <cols>: <cols> is added right before <sheetData> and removed again byte-identically", async () => {
    const original = variant("");
    const wb = XlsxWorkbook.open(original);
    const before = await wb.snapshot(SHEET, [{ row: 0, col: 6 }]);
    await wb.write({ sheet: SHEET, cells: [{ row: 0, col: 6, value: "状況" }], columns: ours });
    const xml = new TextDecoder().decode(wb.part(CHECK));
    expect(xml).toContain(
      `<sheetFormatPr defaultRowHeight="18.75"/><cols><col min="7" max="7" width="22.7109375" customWidth="1"/><col min="8" max="8" width="60.7109375" customWidth="1"/></cols><sheetData>`,
    );
    const re = XlsxWorkbook.open(wb.save());
    const m = (await re.read({ sheet: SHEET })).matrices[0];
    expect(m.columnWidths![6]).toBeCloseTo(22, 1);
    expect(m.columnWidths![7]).toBeCloseTo(60, 1);
    // with the token
    const withToken = XlsxWorkbook.open(re.save());
    await withToken.write({ sheet: SHEET, cells: before.map((b) => ({ row: b.row, col: b.col, native: b.native })), columns: ours.map((c) => ({ col: c.col, width: null, native: "" })) });
    expect(diffParts(parts(original), parts(withToken.save()))).toEqual([]);
    // and without it (surgical: back to the default width, the empty <cols> is removed)
    await re.write({ sheet: SHEET, cells: before.map((b) => ({ row: b.row, col: b.col, native: b.native })), columns: ours.map((c) => ({ col: c.col, width: null })) });
    expect(diffParts(parts(original), parts(re.save()))).toEqual([]);
  });

  test("an existing span over the target columns is split (keeping its column style) and restored byte-identically", async () => {
    const original = variant(SPAN_COLS);
    const wb = XlsxWorkbook.open(original);
    const read = (await wb.read({ sheet: SHEET })).matrices[0];
    expect(read.columnsNative).toBe(SPAN_COLS);
    expect(read.columnWidths![6]).toBeCloseTo(12, 1);
    await wb.write({ sheet: SHEET, cells: [], columns: ours });
    expect(colsOf(wb)).toBe(
      `<cols><col min="1" max="1" width="14" customWidth="1"/><col min="2" max="6" width="12.7109375" style="4" customWidth="1"/>` +
        `<col min="7" max="7" width="22.7109375" style="4" customWidth="1"/><col min="8" max="8" width="60.7109375" style="4" customWidth="1"/>` +
        `<col min="9" max="10" width="12.7109375" style="4" customWidth="1"/></cols>`,
    );
    // absent cells of the split columns keep the column style (style 4 wraps)
    const snap = await wb.snapshot(SHEET, [{ row: 1, col: 6 }, { row: 1, col: 8 }]);
    expect(snap.map((x) => x.wrap)).toEqual([true, true]);
    const mid = wb.save();
    // restore with the token
    const a = XlsxWorkbook.open(mid);
    await a.write({ sheet: SHEET, cells: [], columns: ours.map((c) => ({ col: c.col, width: read.columnWidths![c.col], native: read.columnsNative })) });
    expect(diffParts(parts(original), parts(a.save()))).toEqual([]);
    // restore without it: the pieces merge back into the original span
    const b = XlsxWorkbook.open(mid);
    await b.write({ sheet: SHEET, cells: [], columns: ours.map((c) => ({ col: c.col, width: read.columnWidths![c.col] })) });
    expect(diffParts(parts(original), parts(b.save()))).toEqual([]);
  });

  test("a width the user changed after apply survives clear: the token is used only when it agrees", async () => {
    const original = variant(SPAN_COLS);
    const wb = XlsxWorkbook.open(original);
    const read = (await wb.read({ sheet: SHEET })).matrices[0];
    await wb.write({ sheet: SHEET, cells: [], columns: ours });
    // The user widens column A in Excel and saves.
    const p = richWorkbookParts();
    const edited = parts(wb.save());
    const xml = new TextDecoder().decode(edited[CHECK]).replace(`<col min="1" max="1" width="14" customWidth="1"/>`, `<col min="1" max="1" width="30" customWidth="1"/>`);
    p[CHECK] = xml;
    const user = XlsxWorkbook.open(zipXlsx(p));
    await user.write({ sheet: SHEET, cells: [], columns: ours.map((c) => ({ col: c.col, width: read.columnWidths![c.col], native: read.columnsNative })) });
    expect(colsOf(user)).toBe(`<cols><col min="1" max="1" width="30" customWidth="1"/><col min="2" max="10" width="12.7109375" style="4" customWidth="1"/></cols>`);
  });

  test("a protected sheet refuses width changes (nothing changed) unless its protection allows formatting columns", async () => {
    const wb = XlsxWorkbook.open(buildRichWorkbook());
    await expectUserError(() => wb.write({ sheet: "保護", cells: [], columns: [{ col: 3, width: 22 }], record: ["x"] }), "protected");
    expect(diffParts(origPartsOfRich, parts(wb.save()))).toEqual([]);
    const p = richWorkbookParts();
    p["xl/worksheets/sheet4.xml"] = p["xl/worksheets/sheet4.xml"].replace(`scenarios="1"/>`, `scenarios="1" formatColumns="0"/>`);
    const allowed = XlsxWorkbook.open(zipXlsx(p));
    await allowed.write({ sheet: "保護", cells: [], columns: [{ col: 3, width: 22 }] });
    expect(new TextDecoder().decode(allowed.part("xl/worksheets/sheet4.xml"))).toContain(`<col min="4" max="4" width="22.7109375" customWidth="1"/>`);
  });

  test("column positions and widths out of range are refused before anything changes", async () => {
    const wb = XlsxWorkbook.open(buildRichWorkbook());
    await expectUserError(() => wb.write({ sheet: SHEET, cells: [{ row: 1, col: 1, value: "x" }], columns: [{ col: 16384, width: 10 }] }), "unsupported");
    await expectUserError(() => wb.write({ sheet: SHEET, cells: [], columns: [{ col: 2, width: 300 }] }), "unsupported");
    expect(diffParts(origPartsOfRich, parts(wb.save()))).toEqual([]);
  });
});

const origPartsOfRich = parts(buildRichWorkbook());

describe("XlsxWorkbook.open errors", () => {
  const good = buildRichWorkbook();
  test("empty file", async () => {
    await expectUserError(() => XlsxWorkbook.open(new Uint8Array(0), "空.xlsx"), "empty");
  });
  test("truncated zip", async () => {
    const u = await expectUserError(() => XlsxWorkbook.open(good.slice(0, Math.floor(good.length / 2)), "途中.xlsx"), "corrupt");
    expect(u.localized.ja).toContain("途中.xlsx");
  });
  test("corrupt zip (central directory damaged)", async () => {
    const bad = good.slice();
    for (let i = bad.length - 200; i < bad.length - 30; i++) bad[i] = 0x41;
    await expectUserError(() => XlsxWorkbook.open(bad), "corrupt");
  });
  test("random binary", async () => {
    await expectUserError(() => XlsxWorkbook.open(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 0xff, 0xfe])), "corrupt");
  });
  const cfb = (streamName: string | null): Uint8Array => {
    const b = new Uint8Array(2048);
    b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const names = ["Root Entry", ...(streamName ? [streamName, "EncryptionInfo"] : ["Workbook"])];
    names.forEach((n, k) => {
      for (let i = 0; i < n.length; i++) {
        b[1024 + k * 128 + i * 2] = n.charCodeAt(i);
        b[1024 + k * 128 + i * 2 + 1] = 0;
      }
    });
    return b;
  };
  test("legacy .xls (CFB without encryption streams)", async () => {
    await expectUserError(() => XlsxWorkbook.open(cfb(null), "old.xls"), "xls");
  });
  test("password-protected OOXML (CFB with EncryptedPackage)", async () => {
    await expectUserError(() => XlsxWorkbook.open(cfb("EncryptedPackage"), "secret.xlsx"), "encrypted");
  });
  test("CSV text", async () => {
    await expectUserError(() => XlsxWorkbook.open(strToU8("項番,回答\n2.2/1-1,はい\n"), "data.csv"), "not-xlsx");
  });
  test("zip that is not a workbook", async () => {
    await expectUserError(() => XlsxWorkbook.open(zipSync({ "hello.txt": strToU8("hi") })), "not-xlsx");
    const p = richWorkbookParts();
    delete (p as Record<string, string>)["xl/workbook.xml"];
    await expectUserError(() => XlsxWorkbook.open(zipXlsx(p)), "not-xlsx");
  });
});

describe("scale", () => {
  test("a 10,000-row sheet reads every row, and a write in the middle restores exactly", async () => {
    const bytes = buildLargeWorkbook(10000);
    const orig = parts(bytes);
    const wb = XlsxWorkbook.open(bytes);
    const m = (await wb.read()).matrices[0];
    expect(m.values.length).toBe(10001);
    expect(m.values[10000]).toEqual([10000, "項目 10000 を確認している"]);
    expect(m.values[9999]).toEqual([9999, "項目 9999 を確認している", "はい"]);
    expect(m.validations![0]).toEqual({ ranges: [{ top: 1, left: 2, bottom: 10000, right: 2 }], list: ["はい", "いいえ"] });
    const targets = [{ row: 5000, col: 2 }, { row: 5001, col: 2 }, { row: 12000, col: 0 }];
    const snaps = await wb.snapshot("大量", targets);
    await wb.write({ sheet: "大量", cells: targets.map((t) => ({ ...t, value: "いいえ", fill: "#FFC7CE" })), record: ["r"] });
    const again = XlsxWorkbook.open(wb.save());
    expect((await again.read()).matrices[0].values[5000][2]).toBe("いいえ");
    await again.write({ sheet: "大量", cells: snaps.map((s) => ({ row: s.row, col: s.col, native: s.native })), record: null });
    expect(diffParts(orig, parts(again.save()))).toEqual([]);
  });
});

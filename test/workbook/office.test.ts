import { decodeRecord, encodeRecord, emptyRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import type { CellValue } from "../../src/domain/types";
import { UserFacingError, type CellWrite } from "../../src/workbook/gateway";
import { charsToPoints, OfficeGateway, planWrite, pointsToChars, resolveListSource } from "../../src/workbook/office";
import { toUserFacing } from "../../src/workbook/office-errors";
import { chunkAddresses, coverRects, parseAreasAddress, toExcelInput } from "../../src/workbook/office-ranges";
import { createFakeExcel, FakeOfficeError, type FakeExcel, type FakeSeed, type FakeSeedSheet } from "../fakes/fake-excel";
import { testCertification } from "../helpers/cert";

/** A checksheet-like sheet: 2 blank rows, header at row 2, items from row 3, table starting in column B. */
function checksheet(name: string, items: number): FakeSeedSheet {
  const values: CellValue[][] = [[], []];
  const formulas: (string | null)[][] = [[], []];
  const fills: (string | null)[][] = [[], []];
  values.push([null, "No", "確認項目", "回答", "備考"]);
  formulas.push([]);
  fills.push([]);
  for (let i = 0; i < items; i++) {
    values.push([null, `${1 + Math.floor(i / 10)}-${(i % 10) + 1}`, `項目 ${i + 1} の確認内容`, i % 3 === 0 ? "はい" : null, i % 7 === 0 ? "0123" : null]);
    formulas.push(i === 5 ? [null, null, null, null, "=LEN(C9)"] : []);
    fills.push(i % 11 === 0 ? [null, null, "#DDEBF7"] : []);
  }
  if (values[8]) values[8][4] = 11; // cached value of the formula in E9
  return {
    name,
    values,
    formulas,
    fills,
    merges: [{ top: 2, left: 1, bottom: 2, right: 2 }],
    hiddenRows: [4, 6],
    validations: [{ ranges: [{ top: 3, left: 3, bottom: 2 + items, right: 3 }], list: ["はい", "いいえ", "該当なし"] }],
  };
}

function setup(seed: Partial<FakeSeed> & { sheets: FakeSeedSheet[] }, opts: ConstructorParameters<typeof OfficeGateway>[0] = {}) {
  const fake = createFakeExcel(seed);
  const gw = new OfficeGateway({ excel: fake.Excel, office: fake.Office, ...opts });
  return { fake, gw };
}

async function syncsOf(fake: FakeExcel, fn: () => Promise<unknown>): Promise<number> {
  const before = fake.syncCount;
  await fn();
  return fake.syncCount - before;
}

describe("fake-excel strictness", () => {
  it("throws PropertyNotLoaded before load() + sync(), and queues writes until sync", async () => {
    const fake = createFakeExcel({ sheets: [{ name: "S", values: [["a", 1]] }] });
    await fake.Excel.run(async (ctx: Excel.RequestContext) => {
      const r = ctx.workbook.worksheets.getItem("S").getRange("A1:B1");
      expect(() => r.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      r.load("values");
      expect(() => r.values).toThrow(/not available/); // loaded but not synced
      r.values = [["x", 2]];
      expect(fake.cell("S", "A1")?.v).toBe("a"); // queued only
      await ctx.sync();
      expect(r.values).toEqual([["a", 1]]); // the load was queued before the write
      expect(fake.cell("S", "A1")?.v).toBe("x");
      expect(() => r.formulas).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      expect(() => r.load()).toThrow(/load only what you need/);
    });
    expect(fake.syncCount).toBe(1);
  });

  it("gives null objects for missing items and fails getItem with ItemNotFound", async () => {
    const fake = createFakeExcel({ sheets: [{ name: "S", values: [["a"]] }] });
    await fake.Excel.run(async (ctx: Excel.RequestContext) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject("nope");
      missing.delete(); // no-op on a null object (the documented idiom)
      expect(() => missing.isNullObject).toThrow(/not available/);
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
    });
    await expect(
      fake.Excel.run(async (ctx: Excel.RequestContext) => {
        ctx.workbook.worksheets.getItem("nope").load("name");
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemNotFound" });
  });

  it("rejects getRanges addresses over 8,192 characters and writes to protected sheets", async () => {
    const fake = createFakeExcel({ sheets: [{ name: "S", values: [["a"]] }, { name: "P", values: [["p"]], protected: true }] });
    const long = Array.from({ length: 2000 }, (_, i) => `A${i * 2 + 1}`).join(",");
    expect(long.length).toBeGreaterThan(8192);
    await expect(
      fake.Excel.run(async (ctx: Excel.RequestContext) => {
        ctx.workbook.worksheets.getItem("S").getRanges(long).format.fill.color = "#FFFF00";
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      fake.Excel.run(async (ctx: Excel.RequestContext) => {
        ctx.workbook.worksheets.getItem("P").getRange("A1").values = [["x"]];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "AccessDenied" });
    expect(fake.cell("P", "A1")?.v).toBe("p");
  });
});

describe("fake-excel column widths", () => {
  it("loads widths only after sync, queues width changes, refuses protected sheets, and stores the standard width as none", async () => {
    const fake = createFakeExcel({ sheets: [{ name: "S", values: [["a"]], columnWidths: { 2: 90 } }, { name: "P", values: [["p"]], protected: true }] });
    await fake.Excel.run(async (ctx: Excel.RequestContext) => {
      const ws = ctx.workbook.worksheets.getItem("S");
      const c = ws.getRange("C:C");
      c.format.load("columnWidth");
      expect(() => c.format.columnWidth).toThrow(/not available/);
      const ab = ws.getRange("A:B");
      ab.format.load("columnWidth,useStandardWidth");
      const props = ws.getRange("A1:D1").getColumnProperties({ columnIndex: true, format: { columnWidth: true } });
      expect(() => props.value).toThrow(/not available/);
      ws.getRange("D:E").format.columnWidth = 30;
      expect(fake.state.sheets[0].widths.size).toBe(1); // queued only
      await ctx.sync();
      expect(c.format.columnWidth).toBe(90);
      expect(ab.format.columnWidth).toBe(48);
      expect(ab.format.useStandardWidth).toBe(true);
      expect(props.value.map((p) => [p.columnIndex, p.format!.columnWidth])).toEqual([[0, 48], [1, 48], [2, 90], [3, 48]]);
      ws.getRange("D:D").format.columnWidth = 48;
      ws.getRange("C:C").format.useStandardWidth = true;
      await ctx.sync();
    });
    expect([...fake.state.sheets[0].widths.entries()]).toEqual([[4, 30]]);
    await expect(
      fake.Excel.run(async (ctx: Excel.RequestContext) => {
        ctx.workbook.worksheets.getItem("P").getRange("B:B").format.columnWidth = 100;
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "AccessDenied" });
    expect(fake.state.sheets[1].widths.size).toBe(0);
  });
});

describe("column width units", () => {
  it("points ↔ characters are exact inverses for Excel's widths (0.75 pt per pixel, 7 px per character + 5 px)", () => {
    expect(pointsToChars(48)).toBeCloseTo(8.43, 2); // the default column
    expect(charsToPoints(22)).toBe(119.25);
    expect(charsToPoints(60)).toBe(318.75);
    for (const pt of [0, 3.75, 8.25, 9, 15.75, 48, 54.75, 90, 119.25, 318.75, 1342.5]) expect(charsToPoints(pointsToChars(pt))).toBe(pt);
  });
});

describe("office-ranges helpers", () => {
  it("covers cells with exact rectangles, or bridged blocks", () => {
    const cells = [
      { row: 1, col: 2 },
      { row: 2, col: 2 },
      { row: 1, col: 3 },
      { row: 2, col: 3 },
      { row: 5, col: 2 },
    ];
    expect(coverRects(cells)).toEqual([
      { top: 1, bottom: 2, left: 2, right: 3 },
      { top: 5, bottom: 5, left: 2, right: 2 },
    ]);
    expect(coverRects(cells, 8)).toEqual([
      { top: 1, bottom: 5, left: 2, right: 2 },
      { top: 1, bottom: 2, left: 3, right: 3 },
    ]);
  });

  it("chunks addresses under the character and area limits", () => {
    const addrs = Array.from({ length: 5000 }, (_, i) => `C${i * 2 + 2}`);
    const chunks = chunkAddresses(addrs);
    expect(chunks.join(",").split(",")).toEqual(addrs);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(8000);
      expect(c.split(",").length).toBeLessThanOrEqual(300);
    }
  });

  it("parses RangeAreas addresses with quoted sheet names", () => {
    expect(parseAreasAddress("'A, b''s'!A1:B2, 'A, b''s'!D4")).toEqual([
      { top: 0, left: 0, bottom: 1, right: 1 },
      { top: 3, left: 3, bottom: 3, right: 3 },
    ]);
    expect(toExcelInput("0123")).toBe("'0123");
    expect(toExcelInput(null)).toBe("");
    expect(toExcelInput(5)).toBe(5);
  });

  it("resolves list sources given inline or by reference", () => {
    const m = [{ name: "L", values: [["はい"], ["いいえ"], [null]] }];
    expect(resolveListSource("はい, いいえ", "S", m)).toEqual(["はい", "いいえ"]);
    expect(resolveListSource("=L!$A$1:$A$3", "S", m)).toEqual(["はい", "いいえ"]);
    expect(resolveListSource("=回答リスト", "S", m)).toBeNull();
  });
});

describe("OfficeGateway.read", () => {
  it("reads sheets, the checksheet matrix from A1, hidden rows, merges, validations and the record in 4 syncs (list, used ranges, one band, extras)", async () => {
    const record = encodeRecord(emptyRecord("2026-01-01T00:00:00Z"));
    const { fake, gw } = setup({
      sheets: [
        { name: "表紙", values: [["PHR チェックシート"]] },
        checksheet("チェックシート", 145),
        { name: "隠し", values: [["x"]], visibility: "hidden" },
        { name: RECORD_SHEET_NAME, values: record.map((s) => [s]), visibility: "veryHidden" },
      ],
      active: "チェックシート",
    });
    let read!: Awaited<ReturnType<OfficeGateway["read"]>>;
    expect(await syncsOf(fake, async () => (read = await gw.read()))).toBe(4);
    expect(read.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ["表紙", "visible"],
      ["チェックシート", "visible"],
      ["隠し", "hidden"],
      [RECORD_SHEET_NAME, "veryHidden"],
    ]);
    expect(read.activeSheet).toBe("チェックシート");
    expect(read.matrices.map((m) => m.name)).toEqual(["表紙", "チェックシート"]);
    const m = read.matrices[1];
    expect(m.values[2]).toEqual([null, "No", "確認項目", "回答", "備考"]);
    expect(m.values[3]).toEqual([null, "1-1", "項目 1 の確認内容", "はい", "0123"]);
    expect(m.values.length).toBe(148);
    expect(m.formulas?.[8]?.[4]).toBe("=LEN(C9)");
    expect(m.values[8][4]).toBe(11);
    expect(m.hiddenRows).toEqual([4, 6]);
    expect(m.merges).toEqual([{ top: 2, left: 1, bottom: 2, right: 2 }]);
    expect(m.validations).toEqual([{ ranges: [{ top: 3, left: 3, bottom: 147, right: 3 }], list: ["はい", "いいえ", "該当なし"] }]);
    expect(decodeRecord(read.recordCells)).toEqual(emptyRecord("2026-01-01T00:00:00Z"));
    expect(read.capabilities).toEqual({ comments: true, notes: true, mergeUndoGroup: true, removeOwned: true, print: true, charts: true });
    // the print zoom before any apply rides along (restore token): Excel's default 100 %
    expect(JSON.parse(m.printNative!)).toEqual({ o: 1, zoom: { scale: 100, horizontalFitToPages: null, verticalFitToPages: null } });
    expect(fake.log.some((l) => l.includes('"delayForCellEdit":true'))).toBe(true);
  });

  it("reads 10,000 rows in bounded bands and a named sheet only when asked", async () => {
    const { fake, gw } = setup({ sheets: [{ name: "a", values: [["x"]] }, checksheet("big", 10_000)] }, { payloadBudget: 200_000 });
    let read!: Awaited<ReturnType<OfficeGateway["read"]>>;
    const syncs = await syncsOf(fake, async () => (read = await gw.read({ sheet: "big" })));
    expect(syncs).toBeGreaterThan(4);
    expect(syncs).toBeLessThan(20);
    for (const st of fake.stats) expect(st.response).toBeLessThan(400_000);
    expect(read.matrices.map((m) => m.name)).toEqual(["big"]);
    expect(read.matrices[0].values.length).toBe(10_003);
    expect(read.recordCells).toBeNull();
  });

  it("skips merged areas without ExcelApi 1.13 and resolves referenced list sources", async () => {
    const sheet = checksheet("S", 10);
    sheet.validations = [{ ranges: [{ top: 3, left: 3, bottom: 12, right: 3 }], list: [], source: "=Lists!$A$1:$A$2" }];
    const { gw } = setup({
      sheets: [sheet, { name: "Lists", values: [["適合"], ["不適合"]] }],
      requirementSets: ["ExcelApi 1.12"],
    });
    const read = await gw.read();
    const m = read.matrices.find((x) => x.name === "S")!;
    expect(m.merges).toBeUndefined();
    expect(m.validations).toEqual([{ ranges: [{ top: 3, left: 3, bottom: 12, right: 3 }], list: ["適合", "不適合"] }]);
    expect(read.capabilities).toEqual({ comments: true, notes: false, mergeUndoGroup: false, removeOwned: true, print: true, charts: true });
  });

  it("never navigates from a null object (strict host): empty sheets and an empty record sheet read fine", async () => {
    const record = encodeRecord(emptyRecord("2026-01-01T00:00:00Z"));
    const { gw } = setup({
      sheets: [{ name: "empty", values: [] }, checksheet("S", 20), { name: RECORD_SHEET_NAME, values: record.map((s) => [s]), visibility: "veryHidden" }],
      nullNavigation: "throw",
    });
    const read = await gw.read();
    expect(read.matrices.map((m) => m.name)).toEqual(["empty", "S"]);
    expect(decodeRecord(read.recordCells)?.schema).toBe("phr-addin-record/1");
  });

  it("refuses reads above the cell limit", async () => {
    const { fake, gw } = setup({ sheets: [checksheet("S", 300)] }, { maxCells: 1000 });
    await expect(gw.read()).rejects.toMatchObject({ code: "too-large" });
    // and when Excel itself returns null values (its 5M get limit), same answer
    const f2 = createFakeExcel({ sheets: [checksheet("S", 300)], cellLimit: 100 });
    await expect(new OfficeGateway({ excel: f2.Excel, office: f2.Office }).read()).rejects.toBeInstanceOf(UserFacingError);
    expect(fake.syncCount).toBe(2); // the sheet list and the used ranges, nothing else
  });
});

describe("OfficeGateway column widths", () => {
  it("reads widths from column A to 4 columns right of the used range with the other extras", async () => {
    const sheet = { ...checksheet("S", 20), columnWidths: { 1: 90, 5: 119.25, 7: 0 } };
    const { fake, gw } = setup({ sheets: [sheet, { name: "empty", values: [] }] });
    let r!: Awaited<ReturnType<typeof gw.read>>;
    expect(await syncsOf(fake, async () => (r = await gw.read()))).toBe(4);
    const m = r.matrices.find((x) => x.name === "S")!;
    expect(m.columnWidths).toHaveLength(4 + 1 + 4); // used range B..E → A..I
    expect(m.columnWidths![0]).toBeCloseTo(8.43, 2);
    expect(m.columnWidths![1]).toBe(pointsToChars(90));
    expect(m.columnWidths![5]).toBeCloseTo(22, 9);
    expect(m.columnWidths![7]).toBe(0); // a hidden (0 pt) column
    expect(r.matrices.find((x) => x.name === "empty")!.columnWidths).toBeUndefined();
  });

  it("writes widths with the cells in one sync; null goes back to the standard width", async () => {
    const { fake, gw } = setup({ sheets: [{ ...checksheet("S", 5), columnWidths: { 6: 60 } }] });
    await gw.read();
    const syncs = await syncsOf(fake, () =>
      gw.write({ sheet: "S", cells: [{ row: 3, col: 5, value: "B 充足（同等）" }], columns: [{ col: 5, width: 22 }, { col: 6, width: null }] }),
    );
    expect(syncs).toBe(1);
    expect([...fake.state.sheets[0].widths.entries()]).toEqual([[5, 119.25]]);
    expect(fake.log.some((l) => l.startsWith("columnWidth S!F1:F1048576"))).toBe(true);
  });

  it("refuses widths on a protected sheet before queuing anything", async () => {
    const { fake, gw } = setup({ sheets: [{ ...checksheet("S", 5), protected: true }] });
    await gw.read();
    const state = fake.snapshotState();
    const syncs = fake.syncCount;
    await expect(gw.write({ sheet: "S", cells: [], columns: [{ col: 5, width: 22 }] })).rejects.toMatchObject({ code: "protected" });
    expect(fake.syncCount).toBe(syncs);
    expect(fake.snapshotState()).toBe(state);
  });
});

describe("OfficeGateway.snapshot", () => {
  it.each([145, 10_000])("reads value/formula/fill of %i rows in 1 sync", async (n) => {
    const { fake, gw } = setup({ sheets: [checksheet("S", n)] });
    const cells = Array.from({ length: n }, (_, i) => [
      { row: 3 + i, col: 3 },
      { row: 3 + i, col: 4 },
    ]).flat();
    let snaps!: Awaited<ReturnType<OfficeGateway["snapshot"]>>;
    expect(await syncsOf(fake, async () => (snaps = await gw.snapshot("S", cells)))).toBe(1);
    expect(snaps.length).toBe(2 * n);
    expect(snaps[0]).toEqual({ row: 3, col: 3, value: "はい", formula: null, fill: null, wrap: false });
    expect(snaps[1]).toEqual({ row: 3, col: 4, value: "0123", formula: null, fill: null, wrap: false });
    expect(snaps.find((s) => s.row === 8 && s.col === 4)).toEqual({ row: 8, col: 4, value: 11, formula: "=LEN(C9)", fill: null, wrap: false });
    const filled = await gw.snapshot("S", [{ row: 3, col: 2 }]);
    expect(filled[0].fill).toBe("#DDEBF7");
  });

  it("reports a missing sheet in both languages", async () => {
    const { gw } = setup({ sheets: [checksheet("S", 3)] });
    const err = await gw.snapshot("nope", [{ row: 0, col: 0 }]).catch((e) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.code).toBe("sheet-not-found");
    expect(err.localized.ja).toContain("nope");
  });
});

describe("OfficeGateway.write", () => {
  it.each([145, 10_000])("writes %i rows of values and fills in 1 sync after creating the record sheet once (after a read)", async (n) => {
    const { fake, gw } = setup({ sheets: [checksheet("S", n)] });
    await gw.read({ sheet: "S" });
    const cells: CellWrite[] = Array.from({ length: n }, (_, i) => ({ row: 3 + i, col: 5, value: `ref ${i}`, fill: i % 2 ? "#FFF2CC" : "#E2EFDA", wrap: true }));
    expect(await syncsOf(fake, () => gw.write({ sheet: "S", cells, record: ["r"] }))).toBe(2); // creation, then the write
    expect(await syncsOf(fake, () => gw.write({ sheet: "S", cells, record: ["r2"] }))).toBe(1);
    expect(fake.cell("S", "F4")).toEqual({ v: "ref 0", f: null, fill: "#E2EFDA", wrap: true });
    expect(fake.cell("S", `F${3 + n}`)?.v).toBe(`ref ${n - 1}`);
    expect(fake.log).toContain("suspendScreenUpdatingUntilNextSync");
    expect(fake.log).toContain("suspendApiCalculationUntilNextSync");
    expect(fake.log.filter((l) => l.startsWith("values S!"))).toEqual([`values S!F4:F${3 + n}`, `values S!F4:F${3 + n}`]); // one block per write, not one per cell
    expect(fake.log.some((l) => l.includes('"mergeUndoGroup":true'))).toBe(true);
  });

  it("writes 10,000 scattered fills through chunked getRanges in 1 sync", async () => {
    const { fake, gw } = setup({ sheets: [checksheet("S", 20_000)] });
    await gw.read({ sheet: "S" });
    const cells: CellWrite[] = Array.from({ length: 10_000 }, (_, i) => ({ row: 3 + 2 * i, col: 3, fill: "#FFFF00" }));
    const before = fake.log.length;
    expect(await syncsOf(fake, () => gw.write({ sheet: "S", cells }))).toBe(1);
    const calls = fake.log.slice(before).filter((l) => l.startsWith("getRanges"));
    expect(calls.length).toBeGreaterThan(1);
    for (const c of calls) expect(Number(/\((\d+) chars\)/.exec(c)![1])).toBeLessThanOrEqual(8000);
    expect(fake.cell("S", "D4")?.fill).toBe("#FFFF00");
    expect(fake.cell("S", "D5")?.fill ?? null).toBeNull();
    expect(fake.cell("S", `D${4 + 2 * 9999}`)?.fill).toBe("#FFFF00");
    expect(planWrite({ sheet: "S", cells }).fills.get("#FFFF00")!.length).toBe(10_000);
  });

  it("refuses a protected sheet before queuing anything", async () => {
    const sheet = checksheet("S", 145);
    sheet.protected = true;
    const { fake, gw } = setup({ sheets: [sheet] });
    await gw.read();
    const state = fake.snapshotState();
    const syncs = fake.syncCount;
    const err = await gw.write({ sheet: "S", cells: [{ row: 3, col: 3, value: "いいえ", fill: "#FF0000" }], record: ["x"] }).catch((e) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.code).toBe("protected");
    expect(err.localized.ja).toContain("保護");
    expect(fake.snapshotState()).toBe(state);
    expect(fake.syncCount).toBe(syncs);
  });

  it("learns protection with two extra syncs on a cold write", async () => {
    const sheet = checksheet("S", 5);
    sheet.protected = true;
    const { fake, gw } = setup({ sheets: [sheet] });
    const state = fake.snapshotState();
    await expect(gw.write({ sheet: "S", cells: [{ row: 3, col: 3, value: "x" }] })).rejects.toMatchObject({ code: "protected" });
    expect(fake.snapshotState()).toBe(state);
    expect(fake.syncCount).toBe(2); // the sheet list and the record's used range
  });

  it("gives a clear error without ExcelApi 1.9, before touching Excel", async () => {
    const { fake, gw } = setup({ sheets: [checksheet("S", 5)], requirementSets: ["ExcelApi 1.8"] });
    for (const call of [() => gw.read(), () => gw.snapshot("S", [{ row: 0, col: 0 }]), () => gw.write({ sheet: "S", cells: [] })]) {
      const err = await call().catch((e) => e);
      expect(err).toBeInstanceOf(UserFacingError);
      expect(err.code).toBe("unsupported");
      expect(err.localized.ja).toContain("このバージョンの Excel には対応していません");
      expect(err.localized.en).toContain("ExcelApi 1.9");
    }
    expect(fake.syncCount).toBe(0);
  });

  it("creates the record sheet very hidden, reads it back, replaces and deletes it", async () => {
    const { fake, gw } = setup({ sheets: [checksheet("S", 5)] });
    await gw.read();
    const rec = { ...emptyRecord("2026-02-03T04:05:06Z"), sheet: "S", remarksTemplate: "=0123 (TRUE) 3-1" };
    const cells = encodeRecord(rec);
    await gw.write({ sheet: "S", cells: [], record: cells });
    const store = fake.state.sheets.find((s) => s.name === RECORD_SHEET_NAME)!;
    expect(store.visibility).toBe("veryHidden");
    expect(fake.cell(RECORD_SHEET_NAME, "A1")?.v).toBe("phr-addin-record/1");
    expect(fake.cell(RECORD_SHEET_NAME, "A3")?.v).toBe("1"); // stays text
    const read = await gw.read();
    expect(read.recordCells).toEqual(cells);
    expect(decodeRecord(read.recordCells)).toEqual(rec);
    // replace with a shorter record: old rows are gone
    await gw.write({ sheet: "S", cells: [], record: ["only"] });
    expect((await gw.read()).recordCells).toEqual(["only"]);
    await gw.write({ sheet: "S", cells: [], record: null });
    expect(fake.state.sheets.map((s) => s.name)).toEqual(["S"]);
    expect((await gw.read()).recordCells).toBeNull();
  });

  it("restores the workbook identically by writing back snapshots", async () => {
    const sheet = checksheet("S", 145);
    sheet.values[10][5] = "3-1";
    sheet.values[11][5] = "TRUE";
    sheet.values[12][5] = 42;
    const { fake, gw } = setup({ sheets: [sheet, { name: "審査記録", values: [["old"]] }] });
    const original = fake.snapshotState();
    await gw.read();
    const targets = Array.from({ length: 145 }, (_, i) => [3, 4, 5].map((col) => ({ row: 3 + i, col }))).flat();
    targets.push({ row: 2, col: 2 }, { row: 8, col: 4 });
    const snaps = await gw.snapshot("S", targets);
    const marks: CellWrite[] = targets.map((t, i) => ({ row: t.row, col: t.col, value: i % 2 ? `済 ${i}` : null, fill: i % 3 ? "#C6EFCE" : null, wrap: i % 5 === 0 }));
    await gw.write({
      sheet: "S",
      cells: marks,
      record: encodeRecord(emptyRecord("2026-01-01T00:00:00Z")),
      ownedSheets: [{ name: "審査記録", rows: [["項目", "結果"], ["1-1", "はい"]], columns: 2 }],
    });
    expect(fake.snapshotState()).not.toBe(original);
    expect(fake.cell("審査記録", "B2")?.v).toBe("はい");
    const restore: CellWrite[] = snaps.map((s) =>
      s.formula
        ? { row: s.row, col: s.col, formula: s.formula, fill: s.fill, wrap: s.wrap }
        : { row: s.row, col: s.col, value: s.value, fill: s.fill, wrap: s.wrap },
    );
    // clear: cells and the owned sheet in one grouped sync, then the record removed outside the group
    expect(await syncsOf(fake, () => gw.write({ sheet: "S", cells: restore, record: null, ownedSheets: [{ name: "審査記録", rows: [["old", null], [null, null]], columns: 2 }] }))).toBe(2);
    expect(fake.snapshotState()).toBe(original);
  });

  it("writes notes only where ExcelApi 1.18 is available", async () => {
    const { fake, gw } = setup({ sheets: [checksheet("S", 5)] });
    await gw.read();
    await gw.write({ sheet: "S", cells: [], notes: [{ row: 3, col: 3, text: "根拠: 規程 p.3" }] });
    await gw.write({ sheet: "S", cells: [], notes: [{ row: 3, col: 3, text: "根拠: 規程 p.4" }, { row: 4, col: 3, text: null }] });
    expect(fake.state.sheets[0].notes.get("D4")).toBe("根拠: 規程 p.4");
    const old = setup({ sheets: [checksheet("S", 5)], requirementSets: ["ExcelApi 1.17"] });
    await old.gw.read();
    await old.gw.write({ sheet: "S", cells: [], notes: [{ row: 3, col: 3, text: "x" }] });
    expect(old.fake.state.sheets[0].notes.size).toBe(0);
    expect(old.fake.log.some((l) => l.includes("mergeUndoGroup"))).toBe(false);
  });

  it("splits a large write into syncs under the payload budget, and maps payload limits and cell edit mode to bilingual errors", async () => {
    const web = setup({ sheets: [checksheet("S", 50)], platform: "OfficeOnline", payloadLimit: 20_000 }, { payloadBudget: 10_000 });
    await web.gw.read();
    const before = web.fake.stats.length;
    const cells: CellWrite[] = Array.from({ length: 40 }, (_, i) => ({ row: 3 + i * 10, col: 6, value: `参照 ${i} `.repeat(40) }));
    await web.gw.write({ sheet: "S", cells });
    const syncs = web.fake.stats.slice(before);
    expect(syncs.length).toBeGreaterThan(1);
    for (const st of syncs) expect(st.request).toBeLessThanOrEqual(20_000);
    expect(web.fake.cell("S", "G4")?.v).toBe(`参照 0 `.repeat(40));

    const host = setup({ sheets: [checksheet("S", 50)], payloadLimit: 2000 });
    await host.gw.read();
    const state = host.fake.snapshotState();
    await expect(host.gw.write({ sheet: "S", cells: [{ row: 3, col: 5, value: "y".repeat(5000) }] })).rejects.toMatchObject({ code: "too-large" });
    expect(host.fake.snapshotState()).toBe(state);

    const editing = setup({ sheets: [checksheet("S", 5)], cellEditMode: true });
    await expect(editing.gw.read()).resolves.toBeTruthy(); // delayForCellEdit: the batch waits instead of failing
    const e = toUserFacing(new FakeOfficeError("InvalidOperationInCellEditMode", "edit mode"));
    expect(e.code).toBe("cell-edit");
    expect(e.localized.ja).toContain("セルの編集中です");
    expect(toUserFacing(new FakeOfficeError("AccessDenied", "x")).code).toBe("protected");
    expect(toUserFacing(new FakeOfficeError("ApiNotFound", "x")).code).toBe("unsupported-api");
    expect(toUserFacing(new Error("boom")).localized.en).not.toMatch(/at .*\.ts/);
  });

  it("writes the record in place as one op, padded over the old length, before the cells by default and after them on request", async () => {
    const { fake, gw } = setup({ sheets: [checksheet("S", 5)] });
    await gw.read();
    await gw.write({ sheet: "S", cells: [], record: ["a", "b", "c", "d"] });
    const store = fake.state.sheets.find((s) => s.name === RECORD_SHEET_NAME)!;
    await gw.write({ sheet: "S", cells: [{ row: 3, col: 5, value: "x" }], record: ["e", "f"] });
    expect(fake.state.sheets.find((s) => s.name === RECORD_SHEET_NAME)).toBe(store); // never deleted and re-added
    expect((await gw.read({ recordOnly: true })).recordCells).toEqual(["e", "f"]);
    const writes = (from: number) => fake.log.slice(from).filter((l) => l.startsWith("values "));
    let from = fake.log.length;
    await gw.write({ sheet: "S", cells: [{ row: 3, col: 5, value: "y" }], record: ["g"] });
    expect(writes(from)).toEqual([`values ${RECORD_SHEET_NAME}!A1:A2`, "values S!F4"]);
    from = fake.log.length;
    await gw.write({ sheet: "S", cells: [{ row: 3, col: 5, value: null }], record: ["h"], recordWhen: "after-cells" });
    expect(writes(from)).toEqual(["values S!F4", `values ${RECORD_SHEET_NAME}!A1`]);
  });

  it("rewrites an owned sheet in place: only its columns, rows below emptied there, the user's columns and visibility kept; removeOwned deletes it", async () => {
    const { fake, gw } = setup({ sheets: [checksheet("S", 5), { name: "審査記録", values: [["項目", "結果", "ユーザー列"], ["1-1", "はい", "メモ1"], ["1-2", "いいえ", "メモ2"]], visibility: "hidden" }] });
    await gw.read({ owned: ["審査記録"] });
    const sheet = fake.state.sheets.find((s) => s.name === "審査記録")!;
    await gw.write({ sheet: "S", cells: [], ownedSheets: [{ name: "審査記録", rows: [["項目", "結果"], ["2-1", "済"]], columns: 2 }] });
    expect(fake.state.sheets.find((s) => s.name === "審査記録")).toBe(sheet);
    expect(sheet.visibility).toBe("hidden");
    expect(fake.cell("審査記録", "A2")?.v).toBe("2-1");
    expect(fake.cell("審査記録", "A3")).toBeUndefined(); // emptied below, in the owned columns
    expect(fake.cell("審査記録", "C3")?.v).toBe("メモ2"); // the user's column is kept
    await gw.write({ sheet: "S", cells: [], removeOwned: ["審査記録"] });
    expect(fake.state.sheets.some((s) => s.name === "審査記録")).toBe(false);
  });

  it("writes a column width only where it is still what the add-in set (ColumnWrite.expect, from the preceding snapshot)", async () => {
    const { fake, gw } = setup({ sheets: [{ ...checksheet("S", 5), columnWidths: { 5: 119.25, 6: 200 } }] });
    await gw.read();
    await gw.snapshot("S", [{ row: 3, col: 5 }, { row: 3, col: 6 }]);
    await gw.write({
      sheet: "S",
      cells: [],
      columns: [
        { col: 5, width: null, expect: pointsToChars(119.25) }, // still ours: restored
        { col: 6, width: null, expect: pointsToChars(119.25) }, // changed by the user since: kept
      ],
    });
    expect([...fake.state.sheets[0].widths.entries()]).toEqual([[6, 200]]);
  });

  it("selects a cell", async () => {
    const { fake, gw } = setup({ sheets: [{ name: "a", values: [["x"]] }, checksheet("S", 5)] });
    expect(await syncsOf(fake, () => gw.select!("S", { row: 4, col: 3 }))).toBe(1);
    expect(fake.state.active).toBe("S");
    expect(fake.state.selected).toEqual({ sheet: "S", address: "D5" });
  });
});

describe("use cases through OfficeGateway on the strict fake", () => {
  it("apply and clear take a bounded number of syncs, and clear restores the workbook exactly", async () => {
    const { loadBundledCrosswalk } = await import("../../src/domain/crosswalk");
    const { parseCertification } = await import("../../src/domain/certification");
    const { applyCoverage, clearMarks } = await import("../../src/workbook/usecases");
    const { messyLayout } = await import("../helpers/layouts");
    const crosswalk = loadBundledCrosswalk();
    const { testContext } = await import("../helpers/ctx");
    const ctx = testContext("addin", { crosswalk });
    const parsed = { ok: true as const, certification: testCertification() };
    const book = messyLayout(crosswalk.entries, {});
    const { fake, gw } = setup({
      sheets: book.sheets.map((s) => ({
        name: s.name,
        values: s.values,
        merges: s.merges,
        hiddenRows: s.hiddenRows,
        validations: s.validations,
        visibility: s.visibility ?? "visible",
      })),
      active: book.checksheet,
    });
    // The future status column already has a custom width; the refs column has the standard one.
    const { usedWidth } = await import("../../src/domain/plan");
    const statusCol = usedWidth((await gw.read({ sheet: book.checksheet })).matrices[0]);
    const sheet = fake.state.sheets.find((s) => s.name === book.checksheet)!;
    sheet.widths.set(statusCol, 66.75);
    sheet.widths.set(0, 30);
    const original = fake.snapshotState();
    const applied = await syncsOf(fake, () => applyCoverage(gw, ctx, { certification: parsed.certification }));
    expect(applied).toBeLessThanOrEqual(7); // read (list, used ranges, band, extras), snapshot, record sheet creation, write
    expect([...sheet.widths.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 30],
      [statusCol, 119.25],
      [statusCol + 1, 318.75],
    ]);
    expect(fake.state.sheets.find((s) => s.name === RECORD_SHEET_NAME)?.visibility).toBe("veryHidden");
    expect(fake.snapshotState()).not.toBe(original);
    let outcome!: Awaited<ReturnType<typeof clearMarks>>;
    expect(await syncsOf(fake, async () => (outcome = await clearMarks(gw, ctx, {})))).toBeLessThanOrEqual(6); // read (list, used ranges, record band), snapshot, write, record removal
    expect(outcome.done).toBe(true);
    expect(fake.snapshotState()).toBe(original);
  });
});

test("the unsupported-version message names the right Office versions (volume-licensed 2019 is ExcelApi 1.7)", () => {
  const { OFFICE_MESSAGES } = require("../../src/workbook/office-errors");
  for (const lang of ["ja", "en"] as const) {
    const m: string = OFFICE_MESSAGES.unsupported[lang];
    expect(m).toContain("2021");
    expect(m).toContain("1.7");
    expect(m).not.toMatch(/2019 (以降|or later)/);
  }
});

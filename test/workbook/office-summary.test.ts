/**
 * The summary sheet, its legend swatches and chart, and print-ready zoom in Excel (OfficeGateway over the strict
 * fake): R11 worksheet.delete, R12 pageLayout, R13 charts (rules and doc paths in test/fakes/fake-excel.ts), then the
 * flows: apply writes them, later writes keep them current, clear removes them and gives back the exact original
 * (print settings included, a user's own print change kept), failures injected at every write op, syncs per apply.
 */
import { toA1 } from "../../src/domain/a1";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { legendEntries, SUMMARY_CHART_NAME, SUMMARY_SHEET_NAMES } from "../../src/domain/summary";
import { UserFacingError, type Capabilities } from "../../src/workbook/gateway";
import { FIT_TO_WIDTH, OfficeGateway } from "../../src/workbook/office";
import { addEvidence, applyBulkMark, setReviews } from "../../src/workbook/review-usecases";
import { applyCoverage, clearMarks, saveCertification, type UseCaseContext } from "../../src/workbook/usecases";
import { createFakeExcel, type FakeExcel, type FakePrint, type FakeSeed } from "../fakes/fake-excel";
import { checksheetBook, fakeSeedOf } from "../../bench/fixtures";
import { testCertification } from "../helpers/cert";
import { testContext } from "../helpers/ctx";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = testContext("addin", { crosswalk });
const cert = testCertification();
const SUMMARY = SUMMARY_SHEET_NAMES.ja;
const USER_PRINT: FakePrint = { zoom: { scale: 85, horizontalFitToPages: null, verticalFitToPages: null }, titleRows: { top: 0, bottom: 0 } };

function seedWith(opts: Partial<FakeSeed> & { print?: FakePrint } = {}): FakeSeed {
  const { print, ...rest } = opts;
  const base = fakeSeedOf(checksheetBook(0));
  if (print) base.sheets[0].print = print;
  return { ...rest, sheets: base.sheets, active: base.sheets[0].name };
}

function env(seed: FakeSeed = seedWith()) {
  const fake = createFakeExcel(seed);
  const gw = new OfficeGateway({ excel: fake.Excel, office: fake.Office });
  return { fake, gw, sheet: seed.sheets[0].name };
}

const sheetOf = (fake: FakeExcel, name: string) => fake.state.sheets.find((s) => s.name === name);
/** Workbook state without the record sheet. */
function userState(fake: FakeExcel): string {
  const st = JSON.parse(fake.snapshotState());
  st.sheets = st.sheets.filter((s: { name: string }) => s.name !== RECORD_SHEET_NAME);
  return JSON.stringify(st);
}
const ITEM_ROWS = [...checksheetBook(0).rowOf.values()].sort((a, b) => a - b);
/** The summary sheet's text, column A..D, as one string per row. */
function summaryText(fake: FakeExcel): string[] {
  const s = sheetOf(fake, SUMMARY)!;
  const out: string[] = [];
  for (const [k, c] of s.cells) {
    const r = Math.floor(k / 16384);
    out[r] = `${out[r] ?? ""}|${c.v ?? ""}`;
  }
  return out.map((x) => x ?? "");
}

/* ------------------------------------------------------------------ */
/* The strict fake                                                      */
/* ------------------------------------------------------------------ */

describe("R11 worksheet.delete", () => {
  it("[R11] the fake refuses to delete the last visible sheet and a very hidden one; deleting a sheet deletes its charts", async () => {
    const { fake } = env({ sheets: [{ name: "Only", values: [["x"]] }, { name: "Hidden", values: [["h"]], visibility: "hidden" }, { name: "VH", values: [], visibility: "veryHidden" }] });
    for (const name of ["Only", "VH"]) {
      const err = await fake.Excel.run(async (c: Excel.RequestContext) => {
        c.workbook.worksheets.getItem(name).delete();
        await c.sync();
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "InvalidOperation" });
    }
    fake.user.addSheet("Chart sheet");
    fake.user.addChart("Chart sheet", "Mine", "A1:B3");
    await fake.Excel.run(async (c: Excel.RequestContext) => {
      c.workbook.worksheets.getItem("Chart sheet").delete();
      await c.sync();
    });
    expect(fake.state.sheets.map((s) => s.name)).toEqual(["Only", "Hidden", "VH"]);
  });

  it("[R11] clear that would delete the only visible sheet is refused before anything changes, in both languages", async () => {
    const { fake, gw, sheet } = env();
    await applyCoverage(gw, ctx, { certification: cert });
    await saveCertification(gw, ctx, cert); // keep a record: clear then goes straight to the summary sheet
    fake.user.setVisibility(sheet, "hidden"); // the summary sheet is the only visible one now
    const before = fake.snapshotState();
    const err = await clearMarks(gw, ctx, { force: true }).catch((e) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.code).toBe("last-visible-sheet");
    expect(err.localized.ja).toContain("表示");
    expect(err.localized.en).toContain("visible");
    expect(fake.snapshotState()).toBe(before);
  });
});

describe("R12 page layout", () => {
  it("[R12] the fake: zoom is set as a whole object (assigning into the loaded value throws), title rows must be whole rows, no title rows reads as a null object, and pageLayout needs ExcelApi 1.9", async () => {
    const { fake, sheet } = env();
    await fake.Excel.run(async (c: Excel.RequestContext) => {
      const pl = c.workbook.worksheets.getItem(sheet).pageLayout;
      pl.load("zoom");
      const titles = pl.getPrintTitleRowsOrNullObject();
      titles.load("rowIndex");
      await c.sync();
      expect(pl.zoom).toEqual({ scale: 100, horizontalFitToPages: null, verticalFitToPages: null });
      expect(titles.isNullObject).toBe(true);
      expect(() => ((pl.zoom as { scale: number }).scale = 50)).toThrow(TypeError);
      pl.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      pl.setPrintTitleRows("$1:$2");
      await c.sync();
    });
    expect(sheetOf(fake, sheet)!.print).toEqual({ zoom: { scale: null, horizontalFitToPages: 1, verticalFitToPages: 0 }, titleRows: { top: 0, bottom: 1 } });
    const bad = await fake.Excel.run(async (c: Excel.RequestContext) => {
      c.workbook.worksheets.getItem(sheet).pageLayout.setPrintTitleRows("A1:C1");
      await c.sync();
    }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: "InvalidArgument" });
    const scale = await fake.Excel.run(async (c: Excel.RequestContext) => {
      c.workbook.worksheets.getItem(sheet).pageLayout.zoom = { scale: 5 };
      await c.sync();
    }).catch((e: unknown) => e);
    expect(scale).toMatchObject({ code: "InvalidArgument" });
    const old = env(seedWith({ requirementSets: ["ExcelApi 1.8"] }));
    await old.fake.Excel.run(async (c: Excel.RequestContext) => {
      expect(() => c.workbook.worksheets.getItem(old.sheet).pageLayout).toThrow(expect.objectContaining({ code: "ApiNotFound" }));
    });
  });

  it("[R12] capabilities: print and removeOwned on ExcelApi 1.9; without 1.9 no print (and the adapter refuses to run at all)", () => {
    const caps = (sets: string[]) => {
      const f = createFakeExcel(seedWith({ requirementSets: sets }));
      return new OfficeGateway({ excel: f.Excel, office: f.Office }).capabilities();
    };
    expect(caps(["ExcelApi 1.9"])).toMatchObject({ print: true, charts: true, removeOwned: true });
    expect(caps(["ExcelApi 1.8"])).toMatchObject({ print: false, charts: true });
    expect(caps(["ExcelApi 1.3"])).toMatchObject({ print: false, charts: false });
  });
});

describe("R13 charts", () => {
  it("[R13] the fake: charts.add with name, title and position; getItemOrNullObject(missing).delete() does nothing; getItemOrNullObject needs ExcelApi 1.4", async () => {
    const { fake, sheet } = env();
    await fake.Excel.run(async (c: Excel.RequestContext) => {
      const ws = c.workbook.worksheets.getItem(sheet);
      ws.charts.getItemOrNullObject("none").delete();
      const ch = ws.charts.add("BarClustered", ws.getRange("A2:B5"), "Columns");
      ch.name = "Named";
      ch.title.text = "題";
      ch.setPosition("F2", "K18");
      await c.sync();
    });
    expect(sheetOf(fake, sheet)!.charts).toEqual([
      { name: "Named", type: "BarClustered", source: { sheet, rect: { top: 1, left: 0, bottom: 4, right: 1 } }, seriesBy: "Columns", title: "題", position: { start: { top: 1, left: 5, bottom: 1, right: 5 }, end: { top: 17, left: 10, bottom: 17, right: 10 } } },
    ]);
    const old = env(seedWith({ requirementSets: ["ExcelApi 1.3"] }));
    await old.fake.Excel.run(async (c: Excel.RequestContext) => {
      expect(() => c.workbook.worksheets.getItem(old.sheet).charts.getItemOrNullObject("x")).toThrow(expect.objectContaining({ code: "ApiNotFound" }));
    });
  });
});

/* ------------------------------------------------------------------ */
/* The flows                                                            */
/* ------------------------------------------------------------------ */

describe("R13 charts: found again", () => {
  it("[R13] the fake: setData resets the source data; charts load as items/name,items/title/text; a null chart's title fails the sync (R6)", async () => {
    const { fake, sheet } = env();
    await fake.Excel.run(async (c: Excel.RequestContext) => {
      const ws = c.workbook.worksheets.getItem(sheet);
      const ch = ws.charts.add("BarClustered", ws.getRange("A2:B5"), "Columns");
      ch.name = "Named";
      ch.title.text = "題";
      await c.sync();
      ws.charts.getItem("Named").setData(ws.getRange("A3:B9"), "Columns");
      const all = ws.charts;
      all.load("items/name,items/title/text");
      await c.sync();
      expect(all.items.map((x) => [x.name, x.title.text])).toEqual([["Named", "題"]]);
    });
    expect(sheetOf(fake, sheet)!.charts[0].source.rect).toEqual({ top: 2, left: 0, bottom: 8, right: 1 });
    await expect(
      fake.Excel.run(async (c: Excel.RequestContext) => {
        const none = c.workbook.worksheets.getItem(sheet).charts.getItemOrNullObject("none");
        none.title.load("text");
        await c.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidObjectPath" });
  });
});

describe("the summary sheet and print settings in the Office flow", () => {
  it("[summary] our chart moved, resized or retitled by the user stays so through later writes; only its data is reset; deleted, it is drawn again", async () => {
    const { fake, gw } = env();
    await applyCoverage(gw, ctx, { certification: cert });
    const ours = () => sheetOf(fake, SUMMARY)!.charts.filter((c) => c.name === SUMMARY_CHART_NAME);
    const source = ours()[0].source;
    // The user drags the chart below the texts and makes it larger; a new pane session reads the workbook again.
    fake.user.moveChart(SUMMARY, SUMMARY_CHART_NAME, "A40:H70");
    const moved = ours()[0].position;
    const c = crosswalk.entries.find((e) => e.class === "C")!.id;
    await addEvidence(gw, ctx, c, { document: "規程集 第3版" });
    await applyBulkMark(gw, ctx);
    expect(ours()).toHaveLength(1);
    expect(ours()[0].position).toEqual(moved);
    expect(ours()[0].source).toEqual(source);
    expect(ours()[0].title).toBe("区分別の項目数");
    expect(fake.log.filter((l) => l.startsWith("chart.setData")).length).toBeGreaterThanOrEqual(2);
    // The add-in's own title follows the language; a title the user typed is kept, in either.
    await addEvidence(gw, { ...ctx, lang: "en" }, c, { document: "Rules, 3rd ed." });
    expect(ours()[0].title).toBe("Items per class");
    fake.user.retitleChart(SUMMARY, SUMMARY_CHART_NAME, "当社の区分別集計");
    const fresh = new OfficeGateway({ excel: fake.Excel, office: fake.Office }); // the pane opened again: reads first
    await addEvidence(fresh, ctx, c, { document: "規程集 第4版" });
    expect(ours()[0]).toMatchObject({ title: "当社の区分別集計", position: moved });
    // The user deleted it: the next write draws it again where the layout puts it.
    await fake.Excel.run(async (x: Excel.RequestContext) => {
      x.workbook.worksheets.getItem(SUMMARY).charts.getItem(SUMMARY_CHART_NAME).delete();
      await x.sync();
    });
    await addEvidence(fresh, ctx, c, { document: "規程集 第5版" });
    expect(ours()).toHaveLength(1);
    expect(ours()[0].position?.start).toMatchObject({ top: 2, left: 4 });
  });

  it("[summary] a chart deleted between the add-in's read and its write: the write goes through, the next one draws the chart again", async () => {
    const { fake, gw } = env();
    await applyCoverage(gw, ctx, { certification: cert });
    const c = crosswalk.entries.find((e) => e.class === "C")!.id;
    const ours = () => sheetOf(fake, SUMMARY)!.charts.filter((x) => x.name === SUMMARY_CHART_NAME);
    // The user deletes the chart after the use case's read, just before its write (the read saw the chart).
    const realWrite = gw.write.bind(gw);
    let deleted = false;
    gw.write = async (batch) => {
      if (!deleted && batch.ownedSheets?.some((o) => o.chart)) {
        deleted = true;
        await fake.Excel.run(async (x: Excel.RequestContext) => {
          x.workbook.worksheets.getItem(SUMMARY).charts.getItem(SUMMARY_CHART_NAME).delete();
          await x.sync();
        });
      }
      return realWrite(batch);
    };
    const out = await addEvidence(gw, ctx, c, { document: "規程集 第3版" });
    expect(deleted).toBe(true);
    expect(out).toBeDefined();
    expect(summaryText(fake).some((r) => /1 \/ 9/.test(r))).toBe(true); // the evidence and the summary were written
    expect(ours()).toHaveLength(0); // setData on the null object did nothing
    await addEvidence(gw, ctx, c, { document: "規程集 第4版" });
    expect(ours()).toHaveLength(1);
  });

  it("[summary] a language switch retitles our chart once the write stands: the user deleting the chart before any one sync of that write never fails it; the next write draws the chart again, titled in the new language", async () => {
    const c = crosswalk.entries.find((e) => e.class === "C")!.id;
    const en = { ...ctx, lang: "en" as const };
    let n = 1;
    for (; ; n++) {
      const { fake, gw } = env();
      await applyCoverage(gw, ctx, { certification: cert });
      const ours = () => sheetOf(fake, SUMMARY)!.charts.filter((x) => x.name === SUMMARY_CHART_NAME);
      let fired = false;
      fake.beforeSync(n, () => {
        fired = true;
        if (ours().length) fake.user.deleteChart(SUMMARY, SUMMARY_CHART_NAME);
      });
      // (before: the title went to getItem(name), and a chart deleted in between failed the write half-way)
      await expect(addEvidence(gw, en, c, { document: "Rules, 3rd ed." })).resolves.toBeDefined();
      if (!fired) break;
      expect(summaryText(fake).some((r) => /1 \/ 9/.test(r))).toBe(true); // the evidence and the summary were written
      await addEvidence(gw, en, c, { document: "Rules, 4th ed." });
      expect(ours()).toHaveLength(1);
      expect(ours()[0].title).toBe("Items per class");
    }
    expect(n).toBeGreaterThan(3); // the write's syncs were all gone through (the read's, the write's, the titles')
  });

  it("[summary] apply writes the summary sheet with its swatches and chart and fits the checksheet to the page width; clear gives back the exact original", async () => {
    const { fake, gw, sheet } = env(seedWith({ print: USER_PRINT }));
    const original = fake.snapshotState();
    await applyCoverage(gw, ctx, { certification: cert });
    const summary = sheetOf(fake, SUMMARY)!;
    expect(summary).toBeDefined();
    const text = summaryText(fake).join("\n");
    expect(text).toContain(cert.certificationNumber);
    expect(text).toContain("A 36 / B 100 / C 2 / D 7");
    // every legend colour fills its swatch cell in column A, in the legend's order
    const filled = [...summary.cells.entries()].filter(([k, c]) => k % 16384 === 0 && c.fill).map(([, c]) => c.fill);
    expect(filled).toEqual(legendEntries().map((e) => e.color.toUpperCase()));
    // one chart, the add-in's: a clustered bar over the four class rows (category + value columns), titled, placed
    expect(summary.charts).toHaveLength(1);
    const chart = summary.charts[0];
    expect(chart).toMatchObject({ name: SUMMARY_CHART_NAME, type: "BarClustered", seriesBy: "Columns", title: "区分別の項目数" });
    expect(chart.source.rect.bottom - chart.source.rect.top + 1).toBe(4);
    expect([chart.source.rect.left, chart.source.rect.right]).toEqual([0, 1]);
    const cats = [];
    for (let r = chart.source.rect.top; r <= chart.source.rect.bottom; r++) cats.push([fake.cell(SUMMARY, toA1(r, 0))?.v, fake.cell(SUMMARY, toA1(r, 1))?.v]);
    expect(cats.map((c) => c[1])).toEqual([36, 100, 2, 7]);
    expect(chart.position?.start).toMatchObject({ top: 2, left: 4 });
    // print-ready: one page wide, any number tall; the user's print title rows are left as they were
    expect(sheetOf(fake, sheet)!.print).toEqual({ zoom: { ...FIT_TO_WIDTH }, titleRows: USER_PRINT.titleRows });
    const out = await clearMarks(gw, ctx);
    expect(out.done).toBe(true);
    expect(sheetOf(fake, SUMMARY)).toBeUndefined();
    expect(fake.snapshotState()).toBe(original); // print settings, sheets, cells and charts: exactly as before
  });

  it("[summary] evidence, bulk-mark and review keep the summary sheet current: one chart, replaced by name, a user's own chart beside it untouched", async () => {
    const { fake, gw } = env();
    await applyCoverage(gw, ctx, { certification: cert });
    fake.user.addChart(SUMMARY, "利用者のグラフ", "A1:B2");
    const withEvidence = (rows: string[]) => rows.find((r) => /\d+ \/ 9/.test(r)) ?? "";
    expect(withEvidence(summaryText(fake))).toContain("0 / 9");
    await addEvidence(gw, ctx, crosswalk.entries.find((e) => e.class === "C")!.id, { document: "規程集 第3版" });
    expect(withEvidence(summaryText(fake))).toContain("1 / 9");
    await applyBulkMark(gw, ctx);
    await setReviews(gw, ctx, [{ itemId: crosswalk.entries[0].id, status: "confirmed", comment: "確認" }], "審査 太郎");
    const progress = summaryText(fake).find((r) => /\|1 \/ 145\|/.test(r));
    expect(progress).toBeDefined();
    const charts = sheetOf(fake, SUMMARY)!.charts;
    expect(charts.map((c) => c.name).sort()).toEqual([SUMMARY_CHART_NAME, "利用者のグラフ"].sort());
    expect(charts.find((c) => c.name === "利用者のグラフ")).toMatchObject({ title: null, source: { rect: { top: 0, left: 0, bottom: 1, right: 1 } } });
  });

  it("[print] a print setting the user changed after apply is kept by clear; the zoom apply set is not written again on re-apply", async () => {
    const { fake, gw, sheet } = env(seedWith({ print: USER_PRINT }));
    await applyCoverage(gw, ctx, { certification: cert });
    const mine = { scale: 70, horizontalFitToPages: null, verticalFitToPages: null };
    fake.user.setPrint(sheet, { zoom: mine });
    await clearMarks(gw, ctx);
    expect(sheetOf(fake, sheet)!.print.zoom).toEqual(mine);
    // re-apply over an already fitted sheet: no zoom operation (the snapshot saw it)
    const b = env(seedWith());
    await applyCoverage(b.gw, ctx, { certification: cert });
    const from = b.fake.log.length;
    await applyCoverage(b.gw, ctx, { certification: cert });
    expect(b.fake.log.slice(from).some((l) => l.startsWith("pageLayout.zoom"))).toBe(false);
    await clearMarks(b.gw, ctx);
    expect(sheetOf(b.fake, b.sheet)!.print.zoom).toEqual({ scale: 100, horizontalFitToPages: null, verticalFitToPages: null });
  });

  it("[summary] a failure at every write op of apply, then of clear (summary sheet, swatches, chart and print on) still ends, after a clear by intent, in the original workbook plus the user's data", async () => {
    type Phase = "apply" | "apply over a stored certification" | "apply again over a chart the user moved" | "clear";
    const prepare = async (gw: OfficeGateway, phase: Phase, fake: FakeExcel) => {
      if (phase === "apply over a stored certification") await saveCertification(gw, ctx, cert); // the record exists first
      if (phase === "clear" || phase === "apply again over a chart the user moved") await applyCoverage(gw, ctx, { certification: cert });
      if (phase === "apply again over a chart the user moved") fake.user.moveChart(SUMMARY, SUMMARY_CHART_NAME, "A40:H70");
    };
    const count = async (phase: Phase) => {
      const p = env(seedWith({ print: USER_PRINT }));
      await prepare(p.gw, phase, p.fake);
      const a = p.fake.writeOps;
      await (phase === "clear" ? clearMarks(p.gw, ctx) : applyCoverage(p.gw, ctx, { certification: cert }));
      return p.fake.writeOps - a;
    };
    for (const phase of ["apply", "apply over a stored certification", "apply again over a chart the user moved", "clear"] as const) {
      const total = await count(phase);
      expect(total).toBeGreaterThan(phase === "clear" ? 2 : 5);
      for (let n = 1; n <= total; n++) {
        const e = env(seedWith({ print: USER_PRINT }));
        const typed = toA1(ITEM_ROWS[7], 4);
        e.fake.user.type(e.sheet, typed, "申請者のメモ");
        const withTyped = userState(e.fake);
        await prepare(e.gw, phase, e.fake);
        e.fake.failAtWriteOp(n);
        const run = phase === "clear" ? clearMarks(e.gw, ctx) : applyCoverage(e.gw, ctx, { certification: cert });
        await expect(run).rejects.toBeInstanceOf(UserFacingError);
        let out = await clearMarks(e.gw, ctx);
        expect(out.done).toBe(true);
        expect(out.kept).toEqual([]);
        if (out.keptSummary) {
          // the failed write stopped right after charts.add: an unnamed chart clear cannot tell from one of the user's
          const others = sheetOf(e.fake, SUMMARY)!.charts.filter((c) => c.name !== SUMMARY_CHART_NAME);
          expect(others.map((c) => [c.name.replace(/\d+$/, "N"), c.title])).toEqual([["Chart N", null]]);
          out = await clearMarks(e.gw, ctx, { force: true });
          expect(out.done).toBe(true);
        }
        expect(userState(e.fake)).toBe(withTyped); // sheets, cells, print settings and charts
        // the record is gone, or (apply failed right after creating its sheet) an empty record sheet is left, as before
        expect(sheetOf(e.fake, RECORD_SHEET_NAME)?.cells.size ?? 0).toBe(0);
      }
    }
  });

  it("[summary] the summary sheet, swatches, chart and print add at most one sync to an apply and to a clear, none to a later write", async () => {
    class WithoutThem extends OfficeGateway {
      override capabilities(): Capabilities {
        const { comments, notes, mergeUndoGroup } = super.capabilities();
        return { comments, notes, mergeUndoGroup };
      }
    }
    const measure = async (withThem: boolean, certFirst: boolean) => {
      const fake = createFakeExcel(seedWith());
      const gw = withThem ? new OfficeGateway({ excel: fake.Excel, office: fake.Office }) : new WithoutThem({ excel: fake.Excel, office: fake.Office });
      if (certFirst) await saveCertification(gw, ctx, cert);
      const s0 = fake.syncCount;
      await applyCoverage(gw, ctx, { certification: cert });
      const s1 = fake.syncCount;
      await addEvidence(gw, ctx, crosswalk.entries.find((e) => e.class === "C")!.id, { document: "規程" });
      const s2 = fake.syncCount;
      await clearMarks(gw, ctx, { force: true }); // the record stays (evidence): without the summary sheet, no sheet is removed
      return { apply: s1 - s0, evidence: s2 - s1, clear: fake.syncCount - s2, sheets: fake.state.sheets.map((x) => x.name) };
    };
    for (const certFirst of [false, true]) {
      const plain = await measure(false, certFirst);
      const full = await measure(true, certFirst);
      // one more at most: the summary sheet's creation in the sheet run when the record sheet already exists
      expect(full.apply - plain.apply).toBeGreaterThanOrEqual(0);
      expect(full.apply - plain.apply).toBeLessThanOrEqual(1);
      expect(full.evidence).toBe(plain.evidence); // kept current in the same write
      // one more at most: the summary sheet's removal, outside the undo group, when clear keeps the record
      expect(full.clear - plain.clear).toBeLessThanOrEqual(1);
      expect(full.sheets).toEqual(plain.sheets);
    }
  });
});

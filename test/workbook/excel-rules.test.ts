/**
 * Excel as Microsoft documents it (R1…R10; the rules and their doc paths are in test/fakes/fake-excel.ts).
 * For each rule: the strict fake refuses a batch that breaks it, and the add-in's real flows (apply, clear, bulk-mark,
 * review, evidence, sign-off through OfficeGateway) keep it. Then protection, notes/comments, failures injected at
 * every write op, and edits a user makes between two Excel.run calls.
 */
import { toA1 } from "../../src/domain/a1";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { decodeRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import { isSummarySheetName, SUMMARY_CHART_NAME, SUMMARY_SHEET_NAMES } from "../../src/domain/summary";
import type { CellValue } from "../../src/domain/types";
import { UserFacingError } from "../../src/workbook/gateway";
import { OfficeGateway, resolveListSource } from "../../src/workbook/office";
import { toUserFacing } from "../../src/workbook/office-errors";
import { addEvidence, applyBulkMark, previewBulkMark, setReviews, signOff, undoBulkMark } from "../../src/workbook/review-usecases";
import { applyCoverage, clearMarks, REVIEW_SHEET_NAME, saveCertification, type ClearOutcome, type UseCaseContext } from "../../src/workbook/usecases";
import { createFakeExcel, FakeOfficeError, type FakeExcel, type FakeSeed, type FakeSeedSheet } from "../fakes/fake-excel";
import { checksheetBook, fakeSeedOf } from "../../bench/fixtures";
import { testCertification } from "../helpers/cert";
import { testContext } from "../helpers/ctx";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = testContext("addin", { crosswalk });
const cert = testCertification();
const MB5 = 5 * 1024 * 1024;

type Run = (ctx: Excel.RequestContext) => Promise<void>;

/** The standard 145-item checksheet (answers in D, remarks in E) plus extra sheets, as a fake seed. */
function seedWith(opts: { rows?: number; extra?: FakeSeedSheet[]; tweak?: (s: FakeSeedSheet) => void } & Partial<FakeSeed> = {}): FakeSeed {
  const { rows = 0, extra = [], tweak, ...rest } = opts;
  const base = fakeSeedOf(checksheetBook(rows));
  if (tweak) tweak(base.sheets[0]);
  return { ...rest, sheets: [...base.sheets, ...extra], active: base.sheets[0].name };
}

function env(seed: FakeSeed) {
  const fake = createFakeExcel(seed);
  const gw = new OfficeGateway({ excel: fake.Excel, office: fake.Office });
  return { fake, gw, sheet: seed.sheets[0].name };
}

async function run(fake: FakeExcel, options: Excel.RunOptions, batch: Run) {
  return fake.Excel.run(options, batch);
}

/** Workbook state without the record sheet (the user's data and the marks). */
function userState(fake: FakeExcel): string {
  const st = JSON.parse(fake.snapshotState());
  st.sheets = st.sheets.filter((s: { name: string }) => s.name !== RECORD_SHEET_NAME);
  return JSON.stringify(st);
}

/** The cells (A1, [value, formula, fill, wrap, number format, quote prefix, fill details]) that differ between two states. */
function diffStates(a: string, b: string): string[] {
  const x = JSON.parse(a);
  const y = JSON.parse(b);
  const out: string[] = [];
  const names = new Set<string>([...x.sheets, ...y.sheets].map((s: { name: string }) => s.name));
  for (const name of names) {
    const sa = x.sheets.find((s: { name: string }) => s.name === name);
    const sb = y.sheets.find((s: { name: string }) => s.name === name);
    if (!sa || !sb) {
      out.push(`${name}: ${sa ? "removed" : "added"}`);
      continue;
    }
    const ca = new Map<string, string>(sa.cells.map((c: unknown[]) => [String(c[0]), JSON.stringify(c.slice(1))]));
    const cb = new Map<string, string>(sb.cells.map((c: unknown[]) => [String(c[0]), JSON.stringify(c.slice(1))]));
    for (const k of new Set([...ca.keys(), ...cb.keys()])) if (ca.get(k) !== cb.get(k)) out.push(`${name}!${k}: ${ca.get(k) ?? "-"} → ${cb.get(k) ?? "-"}`);
    for (const f of ["visibility", "merges", "hiddenRows", "validations", "notes", "comments", "widths"])
      if (JSON.stringify(sa[f]) !== JSON.stringify(sb[f])) out.push(`${name}.${f}`);
  }
  return out.slice(0, 12);
}

/** Rows of the 145 items in the standard layout (answers in column D). */
const ITEM_ROWS = [...checksheetBook(0).rowOf.values()].sort((a, b) => a - b);
function itemRows(_fake?: FakeExcel, _sheet?: string): number[] {
  return ITEM_ROWS;
}


/**
 * A write that failed right after charts.add leaves an unnamed chart ("Chart N", no title) on the summary sheet: clear
 * cannot tell it from a chart the user inserted, so it keeps the sheet and says so; a forced clear then removes it.
 * Returns the outcome to check (the forced one in that case).
 */
async function keptOrphanChart(fake: FakeExcel, out: ClearOutcome, force: () => Promise<ClearOutcome>): Promise<ClearOutcome> {
  if (!out.keptSummary) return out;
  const summary = fake.state.sheets.find((x) => isSummarySheetName(x.name))!;
  const others = summary.charts.filter((c) => c.name !== SUMMARY_CHART_NAME);
  expect(others.length).toBeGreaterThan(0);
  for (const c of others) expect(c).toMatchObject({ name: expect.stringMatching(/^Chart \d+$/), title: null });
  expect(out.keptSummary.en).toContain(others[0].name);
  const forced = await force();
  expect(fake.state.sheets.some((x) => isSummarySheetName(x.name))).toBe(false);
  return forced;
}

/* ------------------------------------------------------------------ */
/* R1 undo grouping                                                      */
/* ------------------------------------------------------------------ */

describe("R1 undo grouping", () => {
  it("[R1] the fake refuses Worksheet.delete, Worksheet.visibility (Windows) and sheet creation in a mergeUndoGroup run, leaving earlier ops applied", async () => {
    const { fake } = env(seedWith({ extra: [{ name: "Old", values: [["x"]] }] }));
    for (const act of [
      (c: Excel.RequestContext) => c.workbook.worksheets.getItem("Old").delete(),
      (c: Excel.RequestContext) => (c.workbook.worksheets.getItem("Old").visibility = "Hidden"),
      (c: Excel.RequestContext) => c.workbook.worksheets.add("New"),
    ]) {
      const err = await run(fake, { mergeUndoGroup: true }, async (c) => {
        c.workbook.worksheets.getItem("Old").getRange("B1").values = [["before"]];
        act(c);
        await c.sync();
      }).catch((e) => e);
      expect(err).toMatchObject({ code: "UndoNotSupported" });
      expect(fake.cell("Old", "B1")?.v).toBe("before"); // no rollback
    }
    expect(fake.state.sheets.map((s) => s.name)).toContain("Old");
    expect(fake.state.sheets.find((s) => s.name === "Old")!.visibility).toBe("visible");
  });

  it("[R1] the fake clears the user's undo stack when a non-undoable API runs (outside a group)", async () => {
    const { fake, sheet } = env(seedWith({ extra: [{ name: "Old", values: [["x"]] }] }));
    fake.user.type(sheet, "E5", "メモ");
    fake.user.type(sheet, "E6", "メモ2");
    expect(fake.undoStack).toBe(2);
    await run(fake, {}, async (c) => {
      c.workbook.worksheets.getItem(sheet).getRange("F1").values = [["v"]];
      await c.sync();
    });
    expect(fake.undoStack).toBe(3); // an undoable range write keeps the stack
    await run(fake, {}, async (c) => {
      c.workbook.worksheets.getItem("Old").delete();
      await c.sync();
    });
    expect(fake.undoStack).toBe(0);
    expect(fake.undoCleared).toBe(1);
  });

  it("[R1] apply, bulk-mark, review, evidence, sign-off and clear on ExcelApi 1.20 group only undoable range operations; only creating/removing the add-in's sheets clears the undo stack", async () => {
    const { fake, gw, sheet } = env(seedWith());
    await applyCoverage(gw, ctx, { certification: cert }); // creates the record sheet (add + very hidden)
    const created = fake.undoCleared;
    expect(created).toBeGreaterThan(0);
    expect(fake.log.filter((l) => l.includes('"mergeUndoGroup":true')).length).toBeGreaterThan(0);
    await applyCoverage(gw, ctx, { certification: cert }); // re-apply: record rewritten in place
    await applyBulkMark(gw, ctx);
    await undoBulkMark(gw, ctx);
    await addEvidence(gw, ctx, crosswalk.entries.find((e) => e.class === "C")!.id, { document: "規程集 第3版" });
    await signOff(gw, ctx, "審査 太郎");
    expect(fake.undoCleared).toBe(created); // nothing non-undoable since the first apply
    await setReviews(gw, ctx, [{ itemId: crosswalk.entries[0].id, status: "confirmed", comment: "確認済み" }], "審査 太郎"); // creates 審査記録
    const reviewed = fake.undoCleared;
    expect(reviewed).toBe(created + 1);
    await setReviews(gw, ctx, [{ itemId: crosswalk.entries[1].id, status: "needs-fix", comment: "要修正" }], "審査 太郎"); // in place
    expect(fake.undoCleared).toBe(reviewed);
    const outcome = await clearMarks(gw, ctx, { force: true });
    expect(outcome.done).toBe(true);
    // the record is kept (evidence, sign-off) and 審査記録 too; the summary sheet, which only clear removes, goes:
    // that one Worksheet.delete (not undoable, outside any group) is the only thing that touches the undo stack
    expect(fake.state.sheets.map((s) => s.name)).toEqual([sheet, RECORD_SHEET_NAME, REVIEW_SHEET_NAME]);
    expect(fake.undoCleared).toBe(reviewed + 1);
  });
});

/* ------------------------------------------------------------------ */
/* R2 payload                                                            */
/* ------------------------------------------------------------------ */

describe("R2 payload", () => {
  it("[R2] the fake rejects a request over 5 MB and a response over 5 MB on Excel on the web, counted in UTF-8 bytes", async () => {
    const { fake } = env(seedWith({ platform: "OfficeOnline", extra: [{ name: "Big", values: Array.from({ length: 20_000 }, () => ["確認項目の説明文です".repeat(10)]) }] }));
    // 20,000 cells × 100 Japanese characters: 2,000,000 UTF-16 code units (under 5 M) but about 6 MB in UTF-8
    const err = await run(fake, {}, async (c) => {
      c.workbook.worksheets.getItem("Big").getRange("A1:A20000").load("values");
      await c.sync();
    }).catch((e) => e);
    expect(err).toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    const big = Array.from({ length: 20_000 }, () => ["回答".repeat(50)]);
    const req = await run(fake, {}, async (c) => {
      c.workbook.worksheets.getItem("Big").getRange("B1:B20000").values = big;
      await c.sync();
    }).catch((e) => e);
    expect(req).toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    expect(fake.cell("Big", "B1")).toBeUndefined();
  });

  it("[R2] apply and clear at 100,000 rows beside a 60,000-row data sheet on Excel on the web: every request and response under 5 MB, each sheet read once", async () => {
    const data: CellValue[][] = Array.from({ length: 60_000 }, (_, i) => [`記録 ${i}`, i, `受診者 ${i % 977} の健診結果（架空）`, i % 2 ? "済" : "未", i * 3]);
    const { fake, gw, sheet } = env(seedWith({ rows: 100_000, platform: "OfficeOnline", extra: [{ name: "データ", values: data }] }));
    const original = userState(fake);
    const r = await applyCoverage(gw, ctx, { certification: cert });
    expect(r.plan.counts.covered).toBe(136);
    expect(await clearMarks(gw, ctx)).toMatchObject({ done: true });
    expect(diffStates(original, userState(fake))).toEqual([]);
    for (const st of fake.stats) {
      expect(st.request).toBeLessThan(MB5);
      expect(st.response).toBeLessThan(MB5);
    }
    // each sheet's contents loaded once per read (apply's read), never twice
    expect(fake.cellsLoaded.get("データ|formulas")).toBe(60_000 * 5);
    expect(fake.cellsLoaded.get("データ|values") ?? 0).toBe(0);
    const keys = [...fake.state.sheets[0].cells.keys()];
    const rows = Math.max(...keys.map((k) => Math.floor(k / 16384))) + 1;
    const cols = Math.max(...keys.map((k) => k % 16384)) + 1;
    // the used range once (apply's read; clear reads the record only), plus the few hundred cells of the two snapshots
    expect(fake.cellsLoaded.get(`${sheet}|formulas`)).toBeGreaterThanOrEqual(rows * cols);
    expect(fake.cellsLoaded.get(`${sheet}|formulas`)).toBeLessThan(rows * cols + 5_000);
  });
});

/* ------------------------------------------------------------------ */
/* R3 merged areas                                                       */
/* ------------------------------------------------------------------ */

describe("R3 merged areas", () => {
  const merges = (n: number, top = 0) => Array.from({ length: n }, (_, i) => ({ top: top + i, bottom: top + i, left: 0, right: 1 }));

  it("[R3] the fake fails getMergedAreasOrNullObject over a range with more than 512 merged areas", async () => {
    const { fake } = env(seedWith({ extra: [{ name: "M", values: [["a"]], merges: merges(600) }] }));
    const err = await run(fake, {}, async (c) => {
      const areas = c.workbook.worksheets.getItem("M").getRange("A1:B600").getMergedAreasOrNullObject();
      areas.load("address");
      await c.sync();
    }).catch((e) => e);
    expect(err).toBeInstanceOf(FakeOfficeError);
    expect(err.code).toBe("GeneralException");
  });

  it("[R3] apply reads 600 merged areas in bands, and degrades with a message when one row holds more than 512", async () => {
    const { gw } = env(
      seedWith({
        tweak: (s) => {
          s.merges = merges(600, 400).map((m) => ({ ...m, left: 6, right: 7 }));
          s.values[1100] = [null, null, null, null, null, null, "欄外メモ"]; // the merged notes lie inside the used range
        },
      }),
    );
    const read = await gw.read();
    expect(read.matrices[0].merges).toHaveLength(600);
    expect(read.warnings).toBeUndefined();
    const r = await applyCoverage(gw, ctx, { certification: cert });
    expect(r.plan.counts.covered).toBe(136);

    const wide = Array.from({ length: 600 }, (_, i) => ({ top: 0, bottom: 0, left: 2 * i, right: 2 * i + 1 }));
    const w = env(seedWith({ extra: [{ name: "横長", values: [Array.from({ length: 1200 }, (_, i) => `h${i}`)], merges: wide }] }));
    const read2 = await w.gw.read();
    expect(read2.warnings?.[0].ja).toContain("512");
    expect(read2.warnings?.[0].en).toContain("512");
    expect((await applyCoverage(w.gw, ctx, { certification: cert })).plan.counts.covered).toBe(136);
  });
});

/* ------------------------------------------------------------------ */
/* R4 validation areas                                                   */
/* ------------------------------------------------------------------ */

describe("R4 validation areas", () => {
  it("[R4] the fake reports adjacent columns with different rules as one Inconsistent area, a partly validated range as MixedCriteria", async () => {
    const { fake } = env(
      seedWith({
        extra: [
          {
            name: "V",
            values: [["a", "b", "c"]],
            validations: [
              { ranges: [{ top: 0, left: 0, bottom: 9, right: 0 }], list: ["はい", "いいえ"] },
              { ranges: [{ top: 0, left: 1, bottom: 9, right: 1 }], list: ["済", "未"] },
            ],
          },
        ],
      }),
    );
    await run(fake, {}, async (c) => {
      const ws = c.workbook.worksheets.getItem("V");
      const special = ws.getRange("A1:C10").getSpecialCellsOrNullObject("DataValidations");
      special.areas.load("items/address,items/dataValidation/type");
      const partly = ws.getRange("A1:A20").dataValidation;
      partly.load("type");
      await c.sync();
      expect(special.areas.items.map((a) => [a.address, a.dataValidation.type])).toEqual([["V!A1:B10", "Inconsistent"]]);
      expect(partly.type).toBe("MixedCriteria");
    });
  });

  it("[R4] read splits the area per column and bulk-mark finds the answer column's list beside a remarks column with another list", async () => {
    const { gw } = env(
      seedWith({
        tweak: (s) => {
          const last = s.values.length - 1;
          s.validations = [
            { ranges: [{ top: 1, left: 3, bottom: last, right: 3 }], list: ["適合", "不適合"] },
            { ranges: [{ top: 1, left: 4, bottom: last, right: 4 }], list: ["高", "中", "低"] },
          ];
        },
      }),
    );
    const read = await gw.read();
    const v = read.matrices[0].validations!;
    expect(v.map((x) => x.list)).toEqual([["適合", "不適合"], ["高", "中", "低"]]);
    expect(v[0].ranges.every((r) => r.left === 3 && r.right === 3)).toBe(true);
    await applyCoverage(gw, ctx, { certification: cert });
    const p = await previewBulkMark(gw, ctx);
    expect(p.plan.yesValue).toBe("適合");
  });
});

/* ------------------------------------------------------------------ */
/* R5 list sources elsewhere                                             */
/* ------------------------------------------------------------------ */

describe("R5 list sources on hidden sheets and in named ranges", () => {
  const lists: FakeSeedSheet = { name: "リスト", values: [["適合"], ["不適合"], ["対象外"]], visibility: "hidden" };

  it("[R5] the fake gives only the reference for a list on a hidden sheet: resolving it against the visible sheets finds nothing", async () => {
    const { fake, sheet } = env(
      seedWith({ extra: [lists], tweak: (s) => (s.validations = [{ ranges: [{ top: 1, left: 3, bottom: 300, right: 3 }], list: [], source: "=リスト!$A$1:$A$3" }]) }),
    );
    let source = "";
    await run(fake, {}, async (c) => {
      const dv = c.workbook.worksheets.getItem(sheet).getRange("D5").dataValidation;
      dv.load("rule");
      await c.sync();
      source = (dv.rule as { list: { source: string } }).list.source;
    });
    expect(source).toBe("=リスト!$A$1:$A$3");
    expect(resolveListSource(source, sheet, [{ name: sheet, values: [] }])).toBeNull();
  });

  it("[R5] read resolves a list on a hidden sheet and one through a named range; bulk-mark writes the sheet's own yes value", async () => {
    for (const source of ["=リスト!$A$1:$A$3", "=回答候補"]) {
      const { fake, gw, sheet } = env(
        seedWith({
          extra: [lists],
          names: { 回答候補: "リスト!$A$1:$A$3" },
          tweak: (s) => (s.validations = [{ ranges: [{ top: 1, left: 3, bottom: s.values.length - 1, right: 3 }], list: [], source }]),
        }),
      );
      const read = await gw.read();
      expect(read.matrices.map((m) => m.name)).toEqual([sheet]); // the hidden list sheet is not a candidate
      expect(read.matrices[0].validations?.[0].list).toEqual(["適合", "不適合", "対象外"]);
      await applyCoverage(gw, ctx, { certification: cert });
      const p = await applyBulkMark(gw, ctx);
      const w = p.plan.writes.find((x) => x.kind === "answer")!;
      expect(fake.cell(sheet, toA1(w.row, w.col))?.v).toBe("適合");
    }
  });
});

/* ------------------------------------------------------------------ */
/* R6 null objects                                                       */
/* ------------------------------------------------------------------ */

describe("R6 null objects", () => {
  it("[R6] the fake fails a sync that navigates from a null object (used range of an empty sheet → special cells / widths)", async () => {
    const { fake } = env(seedWith({ extra: [{ name: "空", values: [] }] }));
    for (const nav of [
      (u: Excel.Range) => u.getSpecialCellsOrNullObject("Visible").load("address"),
      (u: Excel.Range) => u.getRow(0).getColumnProperties({ format: { columnWidth: true } }),
    ]) {
      const err = await run(fake, {}, async (c) => {
        const used = c.workbook.worksheets.getItem("空").getUsedRangeOrNullObject(true);
        nav(used);
        await c.sync();
      }).catch((e) => e);
      expect(err).toMatchObject({ code: "InvalidObjectPath" });
    }
  });

  it("[R6] apply, bulk-mark, review and clear work beside empty visible and hidden sheets, without a record, in strict mode", async () => {
    const { fake, gw } = env(seedWith({ nullNavigation: "throw", extra: [{ name: "空", values: [] }, { name: "隠し空", values: [], visibility: "hidden" }] }));
    const original = userState(fake);
    await applyCoverage(gw, ctx, { certification: cert });
    await applyBulkMark(gw, ctx);
    await setReviews(gw, ctx, [{ itemId: crosswalk.entries[0].id, status: "confirmed", comment: "" }], "審査 花子");
    const out = await clearMarks(gw, ctx, { force: true });
    expect(out.done).toBe(true);
    const after = JSON.parse(userState(fake));
    after.sheets = after.sheets.filter((s: { name: string }) => s.name !== REVIEW_SHEET_NAME);
    after.sheets[0].notes = []; // review notes are the reviewer's, not marks: clear keeps them
    expect(diffStates(original, JSON.stringify(after))).toEqual([]);
  });
});

/* ------------------------------------------------------------------ */
/* R7 unsupported APIs                                                   */
/* ------------------------------------------------------------------ */

describe("R7 unsupported APIs", () => {
  it("[R7] the fake throws ApiNotFound synchronously at the call site, not at sync()", async () => {
    const { fake, sheet } = env(seedWith({ requirementSets: ["ExcelApi 1.9"] }));
    await run(fake, {}, async (c) => {
      const ws = c.workbook.worksheets.getItem(sheet);
      expect(() => ws.notes).toThrow(expect.objectContaining({ code: "ApiNotFound" }));
      expect(() => ws.comments).toThrow(expect.objectContaining({ code: "ApiNotFound" }));
      expect(() => ws.getRange("A1:B2").getMergedAreasOrNullObject()).toThrow(expect.objectContaining({ code: "ApiNotFound" }));
      await c.sync();
    });
    await expect(run(fake, { mergeUndoGroup: true }, async (c) => c.sync())).rejects.toMatchObject({ code: "ApiNotFound" });
  });

  it("[R7] on an ExcelApi 1.9 host every flow stays behind capability checks: apply, bulk-mark, review, evidence, sign-off, clear", async () => {
    const { fake, gw } = env(seedWith({ requirementSets: ["ExcelApi 1.9"] }));
    await applyCoverage(gw, ctx, { certification: cert });
    await applyBulkMark(gw, ctx);
    await setReviews(gw, ctx, [{ itemId: crosswalk.entries[0].id, status: "needs-fix", comment: "証跡待ち" }], "審査 太郎");
    await addEvidence(gw, ctx, crosswalk.entries.find((e) => e.class === "D")!.id, { document: "手順書" });
    await signOff(gw, ctx, "審査 太郎");
    expect((await clearMarks(gw, ctx, { force: true })).done).toBe(true);
    expect(fake.log.some((l) => l.includes("mergeUndoGroup"))).toBe(false);
    expect(fake.state.sheets[0].notes.size + fake.state.sheets[0].comments.size).toBe(0);
  });
});

/* ------------------------------------------------------------------ */
/* R8 text Excel would coerce                                            */
/* ------------------------------------------------------------------ */

describe("R8 text that Excel would coerce", () => {
  it("[R8] the fake parses values as typed: 1-1 and 3/2 become dates, 001 a number, =… a formula; an apostrophe or the @ format keeps text", async () => {
    const { fake } = env(seedWith({ extra: [{ name: "T", values: [[]], numberFormats: [[null, null, null, null, null, "@"]] }] }));
    await run(fake, {}, async (c) => {
      c.workbook.worksheets.getItem("T").getRange("A1:F1").values = [["1-1", "3/2", "001", "=1+1", "'1-1", "002"]];
      await c.sync();
    });
    expect(typeof fake.cell("T", "A1")?.v).toBe("number");
    expect(fake.cell("T", "A1")?.nf).toBe("m/d/yyyy");
    expect(typeof fake.cell("T", "B1")?.v).toBe("number");
    expect(fake.cell("T", "C1")?.v).toBe(1);
    expect(fake.cell("T", "D1")?.f).toBe("=1+1");
    expect(fake.cell("T", "E1")).toMatchObject({ v: "1-1", q: true });
    expect(fake.cell("T", "F1")?.v).toBe("002");
    expect(fake.cell("T", "F1")?.q).toBeUndefined();
  });

  it("[R8] apply → clear restores 1-1, 3/2, 001, =x kept as text with their number formats; plain text gets no quote prefix", async () => {
    const { fake, gw, sheet } = env(
      seedWith({
        tweak: (s) => {
          const rows = ITEM_ROWS;
          const texts = ["1-1", "3/2", "001", "=x", "はい", "002"];
          s.numberFormats = [];
          rows.slice(0, texts.length).forEach((r, i) => {
            s.values[r][3] = texts[i];
            if (texts[i] === "002") s.numberFormats![r] = [null, null, null, "@"];
          });
          rows.slice(10, 12).forEach((r) => (s.numberFormats![r] = [null, null, null, "0.00"]));
        },
      }),
    );
    const original = userState(fake);
    const d4 = itemRows(fake, sheet);
    expect(fake.cell(sheet, toA1(d4[0], 3))).toMatchObject({ v: "1-1", q: true });
    expect(fake.cell(sheet, toA1(d4[4], 3))?.q).toBeUndefined();
    await applyCoverage(gw, ctx, { certification: cert });
    expect(await clearMarks(gw, ctx)).toMatchObject({ done: true });
    expect(diffStates(original, userState(fake))).toEqual([]); // value, type, number format and quote prefix of every cell
  });
});

describe("R8 number formats", () => {
  it("[R8] a restore into a cell whose text format the user changed meanwhile keeps the user's format and the text stays text", async () => {
    const { fake, gw, sheet } = env(
      seedWith({
        tweak: (s) => {
          s.values[ITEM_ROWS[0]][3] = "002";
          const nfs: (string | null)[][] = [];
          nfs[ITEM_ROWS[0]] = [null, null, null, "@"];
          s.numberFormats = nfs;
        },
      }),
    );
    const a1 = toA1(ITEM_ROWS[0], 3);
    await applyCoverage(gw, ctx, { certification: cert });
    fake.user.setNumberFormat(sheet, a1, "General");
    expect((await clearMarks(gw, ctx)).done).toBe(true);
    expect(fake.cell(sheet, a1)?.v).toBe("002"); // text, not the number 2
    expect(fake.cell(sheet, a1)?.nf).toBeUndefined(); // General, as the user set it
    expect(fake.cell(sheet, a1)?.q).toBe(true); // in a General cell such text needs the apostrophe
  });
});

/* ------------------------------------------------------------------ */
/* R9 fills                                                              */
/* ------------------------------------------------------------------ */

describe("R9 fill pattern, pattern colour and tint", () => {
  it("[R9] the fake: fill.color alone turns a patterned fill solid (pattern lost); setCellProperties refuses an unknown pattern", async () => {
    const { fake } = env(
      seedWith({ extra: [{ name: "F", values: [["a"]], fills: [["#FFFF00"]], fillDetails: { A1: { pattern: "Gray50", patternColor: "#FF0000", tintAndShade: 0.4 } } }] }),
    );
    await run(fake, {}, async (c) => {
      const r = c.workbook.worksheets.getItem("F").getRange("A1");
      const props = r.getCellProperties({ format: { fill: { color: true, pattern: true, patternColor: true, tintAndShade: true } } });
      await c.sync();
      expect(props.value[0][0].format!.fill).toEqual({ color: "#FFFF00", pattern: "Gray50", patternColor: "#FF0000", tintAndShade: 0.4 });
      r.format.fill.color = "#FFFF00";
      await c.sync();
    });
    expect(fake.cell("F", "A1")?.fx).toBeUndefined();
    const err = await run(fake, {}, async (c) => {
      c.workbook.worksheets.getItem("F").getRange("A1").setCellProperties([[{ format: { fill: { pattern: "Plaid" as Excel.FillPattern } } }]]);
      await c.sync();
    }).catch((e) => e);
    expect(err).toMatchObject({ code: "InvalidArgument" });
  });

  it("[R9] apply → re-apply → clear restores patterned, tinted and theme-shaded fills exactly", async () => {
    const { fake, gw, sheet } = env(seedWith());
    const rows = itemRows(fake, sheet).slice(0, 4);
    const s = fake.state.sheets[0];
    const details = [
      { pattern: "Gray50", patternColor: "#FF0000" },
      { tintAndShade: 0.6 },
      { pattern: "LightUp", patternColor: "#0070C0", patternTintAndShade: -0.25 },
      { tintAndShade: -0.5 },
    ];
    rows.forEach((r, i) => s.cells.set(r * 16384 + 3, { v: null, f: null, fill: "#DDEBF7", fx: details[i] }));
    const original = userState(fake);
    await applyCoverage(gw, ctx, { certification: cert });
    expect(fake.cell(sheet, toA1(rows[0], 3))?.fx).toBeUndefined(); // highlighted solid
    await applyCoverage(gw, ctx, { certification: cert }); // re-apply keeps the first "before"
    expect(await clearMarks(gw, ctx)).toMatchObject({ done: true });
    expect(diffStates(original, userState(fake))).toEqual([]);
    expect(fake.cell(sheet, toA1(rows[2], 3))?.fx).toEqual({ pattern: "LightUp", patternColor: "#0070C0", patternTintAndShade: -0.25 });
  });
});

/* ------------------------------------------------------------------ */
/* R10 error codes                                                       */
/* ------------------------------------------------------------------ */

describe("R10 error codes", () => {
  it("[R10] the fake fails Worksheet.delete with InvalidSelection and sheet creation with GeneralException when another workbook has the focus", async () => {
    const { fake } = env(seedWith({ inactive: true, extra: [{ name: "X", values: [["x"]] }] }));
    await expect(
      run(fake, {}, async (c) => {
        c.workbook.worksheets.getItem("X").delete();
        await c.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidSelection" });
    await expect(
      run(fake, {}, async (c) => {
        c.workbook.worksheets.add("Y");
        await c.sync();
      }),
    ).rejects.toMatchObject({ code: "GeneralException" });
  });

  it("[R10] every documented code maps to its own bilingual message decided on the code, whatever the (localized) message text", () => {
    const codes: [string, string][] = [
      ["UndoNotSupported", "undo-not-supported"],
      ["InactiveWorkbook", "inactive-workbook"],
      ["InvalidSelection", "inactive-workbook"],
      ["GeneralException", "excel-internal"],
      ["RangeExceedsLimit", "too-large"],
      ["ItemAlreadyExists", "exists"],
      ["RequestPayloadSizeLimitExceeded", "too-large"],
      ["ResponsePayloadSizeLimitExceeded", "too-large"],
      ["InvalidOperationInCellEditMode", "cell-edit"],
      ["AccessDenied", "protected"],
      ["ApiNotFound", "unsupported-api"],
      ["ItemNotFound", "not-found"],
      ["ActivityLimitReached", "busy"],
    ];
    const seen = new Set<string>();
    for (const [code, ours] of codes)
      for (const text of ["The operation failed.", "操作に失敗しました（編集モード）", "Der Vorgang ist fehlgeschlagen (cell edit)"]) {
        const e = toUserFacing(new FakeOfficeError(code, text));
        expect(e.code).toBe(ours);
        expect(e.localized.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
        expect(e.localized.en).toMatch(/[A-Za-z]/);
        expect(e.localized.ja).not.toContain(text);
        seen.add(e.localized.en);
      }
    expect(seen.size).toBeGreaterThanOrEqual(10);
    // an invented code is not special-cased, and message text never decides
    expect(toUserFacing(new FakeOfficeError("EditModeCellEditInProgress", "x")).code).toBe("excel-error");
    expect(toUserFacing(new FakeOfficeError("InvalidOperation", "cell edit mode 編集")).code).toBe("excel-error");
  });

  it("[R10] clear while another workbook has the focus: the marks are restored first, the failed record removal is reported, and a retry finishes", async () => {
    const seed = seedWith();
    const { fake, gw } = env(seed);
    const original = userState(fake);
    await applyCoverage(gw, ctx, { certification: cert });
    seed.inactive = true; // the user clicks another workbook (the fake reads its seed live)
    const err = await clearMarks(gw, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.code).toBe("inactive-workbook");
    // cells restored before the sheet removal failed; the add-in's own sheets (the record and the summary sheet,
    // deleted summary first, record last) are still there, so nothing is left that clear cannot find again
    expect(diffStates(original, userState(fake))).toEqual([`${SUMMARY_SHEET_NAMES.ja}: added`]);
    seed.inactive = false;
    // the record still describes marks that are gone: the retry restores the same values again and removes both
    expect((await clearMarks(gw, ctx, { force: true })).done).toBe(true);
    expect(fake.state.sheets.some((s) => s.name === RECORD_SHEET_NAME)).toBe(false);
    expect(diffStates(original, userState(fake))).toEqual([]);
  });
});

/* ------------------------------------------------------------------ */
/* The strict fake as a test bench                                        */
/* ------------------------------------------------------------------ */

describe("the strict fake: what tests need from it", () => {
  it("deleting a sheet turns formulas and list sources that refer to it into #REF!; re-adding it does not repair them", async () => {
    const { fake, sheet } = env(seedWith({ extra: [{ name: "審査記録", values: [["a"], ["b"]] }] }));
    fake.user.setFormula(sheet, "J1", "=COUNTA(審査記録!A1:A9)", 2);
    fake.user.setFormula(sheet, "J2", "='審査記録'!A2", "b");
    fake.state.sheets[0].validations.push({ ranges: [{ top: 0, left: 10, bottom: 0, right: 10 }], list: [], source: "=審査記録!$A$1:$A$2" });
    await run(fake, {}, async (c) => {
      c.workbook.worksheets.getItem("審査記録").delete();
      c.workbook.worksheets.add("審査記録");
      await c.sync();
    });
    expect(fake.cell(sheet, "J1")).toMatchObject({ f: "=COUNTA(#REF!)", v: "#REF!" });
    expect(fake.cell(sheet, "J2")).toMatchObject({ f: "=#REF!", v: "#REF!" });
    expect(fake.state.sheets[0].validations.at(-1)?.source).toBe("=#REF!");
  });

  it("fails the n-th write op after applying the earlier ones of the same sync (no rollback)", async () => {
    const { fake, sheet } = env(seedWith());
    fake.failAtWriteOp(2);
    await expect(
      run(fake, {}, async (c) => {
        const ws = c.workbook.worksheets.getItem(sheet);
        ws.getRange("J1").values = [["1"]];
        ws.getRange("J2").values = [["2"]];
        ws.getRange("J3").values = [["3"]];
        await c.sync();
      }),
    ).rejects.toMatchObject({ code: "GeneralException" });
    expect(fake.cell(sheet, "J1")?.v).toBe(1);
    expect(fake.cell(sheet, "J2")).toBeUndefined();
    expect(fake.cell(sheet, "J3")).toBeUndefined();
  });
});

/* ------------------------------------------------------------------ */
/* Protection                                                             */
/* ------------------------------------------------------------------ */

describe("protected sheets: say what is blocked, do what is allowed", () => {
  const protectedTemplate = (unlockAnswers: boolean) =>
    seedWith({
      tweak: (s) => {
        s.protected = true;
        if (unlockAnswers) s.unlocked = [{ top: 1, left: 3, bottom: s.values.length - 1, right: 4 }];
      },
    });

  it("apply is refused naming the permissions it needs; nothing changes", async () => {
    const { fake, gw } = env(protectedTemplate(true));
    const state = fake.snapshotState();
    const err = await applyCoverage(gw, ctx, { certification: cert }).catch((e) => e);
    expect(err).toMatchObject({ code: "protected" });
    expect(err.localized.ja).toContain("セルの書式設定");
    expect(err.localized.en).toContain("Format cells");
    expect(fake.snapshotState()).toBe(state);
  });

  it("bulk-mark writes into the unlocked answer cells of a protected template, and undo restores them", async () => {
    const { fake, gw, sheet } = env(protectedTemplate(true));
    await saveCertification(gw, ctx, cert);
    const original = userState(fake);
    const p = await applyBulkMark(gw, ctx);
    expect(p.plan.writes.length).toBeGreaterThan(100);
    expect(p.plan.warnings.some((w) => w.en.includes("unlocked"))).toBe(true);
    const w = p.plan.writes.find((x) => x.kind === "answer")!;
    expect(fake.cell(sheet, toA1(w.row, w.col))?.v).toBe("はい");
    expect((await undoBulkMark(gw, ctx)).done).toBe(true);
    const st = JSON.parse(userState(fake));
    const orig = JSON.parse(original);
    expect(st.sheets[0].cells).toEqual(orig.sheets[0].cells);
  });

  it("bulk-mark on a protected sheet whose answer cells are locked is refused precisely, nothing written", async () => {
    const { fake, gw } = env(protectedTemplate(false));
    await saveCertification(gw, ctx, cert);
    const state = fake.snapshotState();
    const err = await applyBulkMark(gw, ctx).catch((e) => e);
    expect(err).toMatchObject({ code: "protected" });
    expect(err.localized.ja).toContain("ロック");
    expect(fake.snapshotState()).toBe(state);
  });

  it("the adapter names each blocked kind of change: values in locked cells, fills, widths, notes", async () => {
    const { fake, gw, sheet } = env(protectedTemplate(true));
    await gw.read();
    await gw.snapshot(sheet, [{ row: 5, col: 3 }, { row: 5, col: 1 }]);
    const state = fake.snapshotState();
    const err = await gw
      .write({ sheet, cells: [{ row: 5, col: 1, value: "x" }, { row: 5, col: 3, value: "はい", fill: "#FFFF00" }], columns: [{ col: 8, width: 20 }], notes: [{ row: 5, col: 1, text: "n" }] })
      .catch((e) => e);
    expect(err.code).toBe("protected");
    for (const part of ["B6", "Format cells", "Format columns", "Edit objects", "unlocked cells"]) expect(err.localized.en).toContain(part);
    expect(fake.snapshotState()).toBe(state);
  });
});

/* ------------------------------------------------------------------ */
/* Review notes: notes (1.18), threaded comments (1.10), or neither       */
/* ------------------------------------------------------------------ */

describe("review notes", () => {
  const review = (id: string, comment: string) => [{ itemId: id, status: "needs-fix" as const, comment }];

  it("mirrors review comments as notes on ExcelApi 1.18, as threaded comments on 1.10–1.17 (replaced, not duplicated), and reports neither on 1.9", async () => {
    const id = crosswalk.entries[0].id;
    const notes = env(seedWith());
    await setReviews(notes.gw, ctx, review(id, "規程を添付"), "審査 太郎");
    expect([...notes.fake.state.sheets[0].notes.values()].join()).toContain("規程を添付");

    const comments = env(seedWith({ requirementSets: ["ExcelApi 1.17"] }));
    await setReviews(comments.gw, ctx, review(id, "一回目"), "審査 太郎");
    await setReviews(comments.gw, ctx, review(id, "二回目"), "審査 太郎");
    const cs = [...comments.fake.state.sheets[0].comments.values()];
    expect(cs).toHaveLength(1);
    expect(cs[0]).toContain("二回目");

    const none = env(seedWith({ requirementSets: ["ExcelApi 1.9"] }));
    const read = await none.gw.read();
    expect(read.capabilities).toMatchObject({ notes: false, comments: false }); // the caller can tell the user
    const told: string[] = [];
    await setReviews(none.gw, { ...ctx, onProgress: (p) => told.push(p.message.ja) }, review(id, "シートのみ"), "審査 太郎");
    expect(told.at(-1)).toContain(REVIEW_SHEET_NAME); // the pane shows where the comment went
    const rs = none.fake.state.sheets.find((s) => s.name === REVIEW_SHEET_NAME)!;
    expect([...rs.cells.values()].some((c) => String(c.v).includes("シートのみ"))).toBe(true);
  });
});

/* ------------------------------------------------------------------ */
/* Failures injected at every write op (issue: batches are not transactions) */
/* ------------------------------------------------------------------ */

describe("a failure at any write op leaves a workbook that clear (or a retry) restores", () => {
  type Flow = { name: string; prepare: (gw: OfficeGateway) => Promise<void>; act: (gw: OfficeGateway) => Promise<unknown> };
  const flows: Flow[] = [
    { name: "apply", prepare: async () => {}, act: (gw) => applyCoverage(gw, ctx, { certification: cert }) },
    { name: "re-apply", prepare: async (gw) => void (await applyCoverage(gw, ctx, { certification: cert })), act: (gw) => applyCoverage(gw, ctx, { certification: cert }) },
    { name: "bulk-mark", prepare: async (gw) => void (await applyCoverage(gw, ctx, { certification: cert })), act: (gw) => applyBulkMark(gw, ctx) },
    {
      name: "review",
      prepare: async (gw) => void (await applyCoverage(gw, ctx, { certification: cert })),
      act: (gw) => setReviews(gw, ctx, [{ itemId: crosswalk.entries[2].id, status: "confirmed", comment: "確認" }], "審査 太郎"),
    },
    { name: "clear", prepare: async (gw) => void (await applyCoverage(gw, ctx, { certification: cert })), act: (gw) => clearMarks(gw, ctx) },
    {
      name: "evidence",
      prepare: async (gw) => void (await applyCoverage(gw, ctx, { certification: cert })),
      act: (gw) => addEvidence(gw, ctx, crosswalk.entries.find((e) => e.class === "D")!.id, { document: "運用手順書" }),
    },
    { name: "sign-off", prepare: async (gw) => void (await applyCoverage(gw, ctx, { certification: cert })), act: (gw) => signOff(gw, ctx, "審査 太郎", { allowOpen: true }) },
    {
      name: "undo bulk-mark",
      prepare: async (gw) => {
        await applyCoverage(gw, ctx, { certification: cert });
        await applyBulkMark(gw, ctx);
      },
      act: (gw) => undoBulkMark(gw, ctx),
    },
  ];

  it.each(flows.map((f) => [f.name, f] as const))("%s", async (_name, flow) => {
    // count the flow's write ops on a fresh workbook
    const probe = env(seedWith());
    await flow.prepare(probe.gw);
    const before = probe.fake.writeOps;
    await flow.act(probe.gw);
    const total = probe.fake.writeOps - before;
    expect(total).toBeGreaterThan(0);
    for (let n = 1; n <= total; n++) {
      const e = env(seedWith());
      const original = userState(e.fake);
      const sheet = e.sheet;
      const typed = toA1(itemRows(e.fake, sheet)[7], 4);
      e.fake.user.type(sheet, typed, "申請者のメモ"); // the user's own data, never touched by the add-in
      const withTyped = userState(e.fake);
      await flow.prepare(e.gw);
      e.fake.failAtWriteOp(n);
      await expect(flow.act(e.gw)).rejects.toBeInstanceOf(UserFacingError);
      // the record is always readable (never half-written: it is one op, in place)
      const read = await e.gw.read({ recordOnly: true });
      expect(() => decodeRecord(read.recordCells)).not.toThrow();
      // restore by intent (no force): cells the failed batch never reached are already original, nothing is "kept"
      let out = await clearMarks(e.gw, ctx);
      expect(out.done).toBe(true);
      expect(out.kept).toEqual([]);
      out = await keptOrphanChart(e.fake, out, () => clearMarks(e.gw, ctx, { force: true }));
      const st = JSON.parse(userState(e.fake));
      st.sheets = st.sheets.filter((s: { name: string }) => s.name !== REVIEW_SHEET_NAME);
      st.sheets[0].notes = []; // review notes are the reviewer's, not marks: clear keeps them
      expect(diffStates(withTyped, JSON.stringify(st))).toEqual([]);
      expect(e.fake.cell(sheet, typed)?.v).toBe("申請者のメモ");
      void original;
    }
  });
});

/* ------------------------------------------------------------------ */
/* Edits while the add-in works (between two syncs of one flow)          */
/* ------------------------------------------------------------------ */

describe("edits a user makes while the add-in works", () => {
  const TYPED = "利用者の入力";
  /**
   * `said(outcome, cells)`: what the outcome tells the user about each typed cell — nothing ("none": not the flow's,
   * or typed after the flow wrote it), kept as the user's and noticed before the write ("before"), or put back during
   * it ("during"; then the outcome does not count it as written). Some sync of each flow must give "during".
   */
  type Said = "none" | "before" | "during";
  const flows: {
    name: string;
    prepare(gw: OfficeGateway): Promise<unknown>;
    act(gw: OfficeGateway): Promise<unknown>;
    said?(outcome: never, cells: { row: number; col: number; a1: string }[]): Said[];
    /** checks of the workbook after a run that kept typed cells; returns how many cells it checked */
    afterwards?(fake: FakeExcel, sheet: string, outcome: never, cells: { row: number; col: number; a1: string }[]): number;
  }[] = [
    { name: "apply", prepare: async () => undefined, act: (gw) => applyCoverage(gw, ctx, { certification: cert }) },
    {
      name: "bulk-mark",
      prepare: (gw) => applyCoverage(gw, ctx, { certification: cert }),
      act: (gw) => applyBulkMark(gw, ctx),
      said: (out: Awaited<ReturnType<typeof applyBulkMark>>, cells) =>
        cells.map((c) => {
          if (!out.plan.skipped.some((s) => s.cell === c.a1 && s.reason === "typed-meanwhile")) return "none";
          expect(out.plan.writes.map((w) => w.cell)).not.toContain(c.a1);
          return "during";
        }),
      // an answer kept as typed takes its item's remarks back, unless the remarks cell was typed in too
      afterwards: (fake, sheet, out: Awaited<ReturnType<typeof applyBulkMark>>, cells) => {
        const typedAnswer = cells.filter((c) => c.col === 3 && out.plan.skipped.some((s) => s.cell === c.a1 && s.reason === "typed-meanwhile"));
        for (const c of typedAnswer) {
          const remarks = toA1(c.row, 4);
          if (cells.some((x) => x.a1 === remarks)) continue; // typed by the user as well: theirs
          expect(out.plan.skipped.find((s) => s.cell === remarks)?.reason).toBe("remarks-withdrawn");
          expect(out.plan.writes.map((w) => w.cell)).not.toContain(remarks);
          expect(fake.cell(sheet, remarks)?.v ?? null).toBeNull(); // as it was before bulk-mark
        }
        return typedAnswer.length;
      },
    },
    { name: "clear", prepare: (gw) => appliedAndBulkMarked(gw), act: (gw) => clearMarks(gw, ctx), said: (out: ClearOutcome, cells) => saidByClear(out, cells) },
    {
      name: "undo of bulk-mark",
      prepare: (gw) => appliedAndBulkMarked(gw),
      act: (gw) => undoBulkMark(gw, ctx),
      said: (out: ClearOutcome, cells) => saidByClear(out, cells),
    },
  ];
  async function appliedAndBulkMarked(gw: OfficeGateway) {
    await applyCoverage(gw, ctx, { certification: cert });
    await applyBulkMark(gw, ctx);
  }
  function saidByClear(out: ClearOutcome, cells: { row: number; col: number; a1: string }[]): Said[] {
    return cells.map((c) => {
      const k = out.kept.find((x) => x.row === c.row && x.col === c.col && x.field === "value");
      if (!k) return "none";
      expect(out.keptMessage).not.toBeNull();
      if (!k.duringWrite) return "before";
      expect(out.keptMessage!.ja).toContain("書き込み中に入力された");
      return "during";
    });
  }

  it.each(flows.map((f) => [f.name, f] as const))(
    "%s: answers and remarks typed in cells the flow writes, before any one of its syncs, are there afterwards; a clear then keeps them",
    async (_name, flow) => {
      let n = 1;
      const saidDuring: number[] = [];
      let afterwardsChecked = 0;
      for (; ; n++) {
        const e = env(seedWith());
        const rows = itemRows(e.fake, e.sheet);
        // covered items' answer (D) and remark (E) cells: apply and bulk-mark write there, clear restores them
        const at = [
          { row: rows[3], col: 3 },
          { row: rows[20], col: 3 },
          { row: rows[3], col: 4 },
        ].map((c) => ({ ...c, a1: toA1(c.row, c.col) }));
        const cells = at.map((c) => c.a1);
        await flow.prepare(e.gw);
        let fired = false;
        e.fake.beforeSync(n, () => {
          fired = true;
          for (const a of cells) e.fake.user.type(e.sheet, a, TYPED);
        });
        // Done, or refused before it changed anything (bulk-mark: "answer cells changed after reading").
        const result = await flow.act(e.gw).then(
          (outcome) => ({ outcome, refused: null }),
          (err: unknown) => ({ outcome: null, refused: err }),
        );
        if (result.refused) expect(result.refused).toBeInstanceOf(UserFacingError);
        if (!fired) break;
        const said = result.outcome && flow.said ? flow.said(result.outcome as never, at) : [];
        if (said.includes("during")) saidDuring.push(n);
        if (result.outcome && flow.afterwards) afterwardsChecked += flow.afterwards(e.fake, e.sheet, result.outcome as never, at);
        // typed before the flow's first read: known from the start (clear: kept as the user's changes to its cells)
        if (n === 1 && flow.said && flow.name !== "bulk-mark") expect(said).toEqual(at.map(() => "before"));
        // (before: typed between the flow's snapshot and its write, they were written over)
        expect(cells.map((a) => e.fake.cell(e.sheet, a)?.v)).toEqual(cells.map(() => TYPED));
        const out = await clearMarks(e.gw, ctx);
        expect(out.done).toBe(true);
        expect(cells.map((a) => e.fake.cell(e.sheet, a)?.v)).toEqual(cells.map(() => TYPED));
      }
      expect(n).toBeGreaterThan(3); // every sync of the flow had its turn
      // typed between the snapshot and the write: put back, and the outcome says so (before: counted as written)
      if (flow.said) expect(saidDuring.length).toBeGreaterThan(0);
      if (flow.afterwards) expect(afterwardsChecked).toBeGreaterThan(0);
    },
  );
});

describe("typing the very value the write puts there", () => {
  it("bulk-mark: an answer typed as the sheet's own yes value during the write is written and counted, not reported as kept", async () => {
    let runs = 0;
    for (let n = 1; ; n++) {
      const e = env(seedWith());
      const a1 = toA1(itemRows(e.fake, e.sheet)[3], 3);
      await applyCoverage(e.gw, ctx, { certification: cert });
      const yes = (await previewBulkMark(e.gw, ctx)).plan.yesValue!;
      let fired = false;
      e.fake.beforeSync(n, () => {
        fired = true;
        e.fake.user.type(e.sheet, a1, yes);
      });
      const out = await applyBulkMark(e.gw, ctx).catch(() => null);
      if (!fired) break;
      if (!out) continue; // refused: the answer was there before the snapshot
      runs++;
      expect(out.plan.skipped.filter((x) => x.reason === "typed-meanwhile")).toEqual([]);
      expect(e.fake.cell(e.sheet, a1)?.v).toBe(yes);
    }
    expect(runs).toBeGreaterThan(0);
  });
});

describe("the summary sheet after a write that kept what the user typed", () => {
  const flows = [
    {
      name: "bulk-mark",
      prepare: (gw: OfficeGateway) => applyCoverage(gw, ctx, { certification: cert }),
      putBack: async (gw: OfficeGateway, a1: string) => {
        const out = await applyBulkMark(gw, ctx).catch(() => null);
        return !!out?.plan.skipped.some((x) => x.cell === a1 && x.reason === "typed-meanwhile");
      },
    },
    {
      name: "undo of bulk-mark",
      prepare: async (gw: OfficeGateway) => {
        await applyCoverage(gw, ctx, { certification: cert });
        await applyBulkMark(gw, ctx);
      },
      putBack: async (gw: OfficeGateway, a1: string) => {
        const out = await undoBulkMark(gw, ctx).catch(() => null);
        return !!out?.kept.some((k) => k.duringWrite && toA1(k.row, k.col) === a1);
      },
    },
  ];
  it.each(flows.map((f) => [f.name, f] as const))("%s: an answer typed as いいえ while it was being written is in the summary sheet's list to check", async (_name, flow) => {
    let checked = 0;
    for (let n = 1; ; n++) {
      const e = env(seedWith());
      const a1 = toA1(itemRows(e.fake, e.sheet)[3], 3); // a covered item's answer cell
      await flow.prepare(e.gw);
      let fired = false;
      e.fake.beforeSync(n, () => {
        fired = true;
        e.fake.user.type(e.sheet, a1, "いいえ");
      });
      const putBack = await flow.putBack(e.gw, a1);
      if (!fired) break;
      if (!putBack) continue;
      const summary = e.fake.state.sheets.find((x) => x.name === SUMMARY_SHEET_NAMES.ja)!;
      const texts = [...summary.cells.values()].map((c) => String(c.v ?? ""));
      // listed with its cell and the user's answer (before: the summary said the item was answered by bulk-mark)
      expect(texts).toContain(a1);
      expect(texts).toContain("いいえ");
      // the record holds no value of bulk-mark's for the user's cell, so undo leaves it alone unasked (the cell's
      // highlight stays apply's)
      const record = decodeRecord((await e.gw.read({ recordOnly: true })).recordCells)!;
      const bulkValues = record.layers.filter((l) => l.kind === "bulk-mark").flatMap((l) => l.after.filter((x) => x.value !== undefined).map((x) => toA1(x.row, x.col)));
      expect(bulkValues).not.toContain(a1);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

/* ------------------------------------------------------------------ */
/* Edits between two Excel.run calls                                      */
/* ------------------------------------------------------------------ */

describe("edits a user makes between steps", () => {
  it("a hidden 審査記録 with a user column, a formula referring to it and extra rows survives the next review; the sheet is never re-created", async () => {
    const { fake, gw, sheet } = env(seedWith());
    const ids = crosswalk.entries.map((e) => e.id);
    await setReviews(gw, ctx, [{ itemId: ids[0], status: "confirmed", comment: "一回目" }], "審査 太郎");
    const rs = () => fake.state.sheets.find((s) => s.name === REVIEW_SHEET_NAME)!;
    const width = Math.max(...[...rs().cells.keys()].map((k) => k % 16384)) + 1;
    const userCol = toA1(1, width + 1).replace(/\d+$/, "");
    fake.user.type(REVIEW_SHEET_NAME, `${userCol}1`, "担当メモ");
    fake.user.type(REVIEW_SHEET_NAME, `${userCol}2`, "電話済み");
    fake.user.setFormula(sheet, "H1", `=COUNTA(${REVIEW_SHEET_NAME}!A:A)`, 2);
    fake.user.setFormula(sheet, "H2", `=${REVIEW_SHEET_NAME}!B2`, "x");
    fake.user.setVisibility(REVIEW_SHEET_NAME, "hidden");
    const sheetObject = rs();
    await setReviews(gw, ctx, [{ itemId: ids[1], status: "needs-fix", comment: "二回目" }], "審査 太郎");
    expect(rs()).toBe(sheetObject); // rewritten in place, not deleted and re-added
    expect(rs().visibility).toBe("hidden");
    expect(fake.cell(REVIEW_SHEET_NAME, `${userCol}1`)?.v).toBe("担当メモ");
    expect(fake.cell(REVIEW_SHEET_NAME, `${userCol}2`)?.v).toBe("電話済み");
    expect(fake.cell(sheet, "H2")?.f).toBe(`=${REVIEW_SHEET_NAME}!B2`);
    expect(fake.cell(sheet, "H1")?.f).not.toContain("#REF!");
    const texts = [...rs().cells.values()].map((c) => String(c.v));
    expect(texts.some((t) => t.includes("一回目"))).toBe(true); // the earlier entry was read although hidden
    expect(texts.some((t) => t.includes("二回目"))).toBe(true);
  });

  it("the record sheet is matched by exact name: a user sheet named like it in another case is never read or written as the record", async () => {
    const { fake, gw } = env(seedWith({ extra: [{ name: RECORD_SHEET_NAME.toLowerCase(), values: [["user data"]] }] }));
    const state = fake.snapshotState();
    expect((await gw.read()).recordCells).toBeNull();
    // Excel's sheet names are case-insensitive, so the record sheet cannot be created beside it: refused, nothing changed
    const err = await applyCoverage(gw, ctx, { certification: cert }).catch((e) => e);
    expect(err).toMatchObject({ code: "exists" });
    expect(err.localized.ja).toContain(RECORD_SHEET_NAME);
    expect(fake.snapshotState()).toBe(state);
  });

  it("a formula referring to the record sheet is not broken by saves (the sheet is rewritten in place)", async () => {
    const { fake, gw, sheet } = env(seedWith());
    await applyCoverage(gw, ctx, { certification: cert });
    fake.user.setFormula(sheet, "J1", `=COUNTA(${RECORD_SHEET_NAME}!A1:A9)`, 4);
    await applyCoverage(gw, ctx, { certification: cert });
    await addEvidence(gw, ctx, crosswalk.entries.find((e) => e.class === "C")!.id, { document: "規程" });
    expect(fake.cell(sheet, "J1")?.f).toBe(`=COUNTA(${RECORD_SHEET_NAME}!A1:A9)`);
  });

  // [contract: restore by intent]: clear keeps a property the user changed since the add-in wrote it, and reports it.
  const byIntent = it;

  byIntent("[contract: restore by intent] an answer typed into a highlighted cell survives clear, and clear reports it", async () => {
    const { fake, gw, sheet } = env(seedWith());
    await applyCoverage(gw, ctx, { certification: cert });
    const cell = toA1(itemRows(fake, sheet)[3], 3);
    fake.user.type(sheet, cell, "いいえ");
    const out = await clearMarks(gw, ctx);
    expect(out.done).toBe(true);
    expect(fake.cell(sheet, cell)?.v).toBe("いいえ");
    expect(fake.cell(sheet, cell)?.fill ?? null).toBeNull(); // the highlight is gone
    expect(JSON.stringify(out)).toContain(String(itemRows(fake, sheet)[3]));
  });

  byIntent("[contract: restore by intent] an add-in cell the user recoloured keeps the user's colour after clear", async () => {
    const { fake, gw, sheet } = env(seedWith());
    await applyCoverage(gw, ctx, { certification: cert });
    const cell = toA1(itemRows(fake, sheet)[5], 3);
    fake.user.setFill(sheet, cell, "#FF0000");
    const out = await clearMarks(gw, ctx);
    expect(out.done).toBe(true);
    expect(fake.cell(sheet, cell)?.fill).toBe("#FF0000");
  });

  byIntent("[contract: restore by intent] an answer typed after bulk-mark into a bulk-marked cell survives its undo", async () => {
    const { fake, gw, sheet } = env(seedWith());
    await applyCoverage(gw, ctx, { certification: cert });
    const p = await applyBulkMark(gw, ctx);
    const w = p.plan.writes.find((x) => x.kind === "answer")!;
    fake.user.type(sheet, toA1(w.row, w.col), "いいえ");
    const out = await undoBulkMark(gw, ctx);
    expect(out.done).toBe(true);
    expect(fake.cell(sheet, toA1(w.row, w.col))?.v).toBe("いいえ");
  });
});

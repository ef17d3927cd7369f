import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { ADDIN_COLUMN_WIDTHS, COLORS, usedWidth } from "../../src/domain/plan";
import { encodeRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import type { ReadOptions, WorkbookRead } from "../../src/workbook/gateway";
import { UserFacingError } from "../../src/workbook/gateway";
import { FakeWorkbook } from "../../src/workbook/fake";
import {
  addEvidence,
  applyBulkMark,
  checkConsistency,
  diffWorkbooks,
  previewBulkMark,
  setReviews,
  signOff,
  undoBulkMark,
} from "../../src/workbook/review-usecases";
import { analyzeWorkbook, applyCoverage, clearMarks, saveCertification, type UseCaseContext } from "../../src/workbook/usecases";
import { testCertification } from "../helpers/cert";
import { messyLayout, standardLayout, type LayoutBook } from "../helpers/layouts";
import { testContext } from "../helpers/ctx";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = testContext("addin", { crosswalk });

const cert = testCertification;

function fakeOf(book: LayoutBook, Gateway: typeof FakeWorkbook = FakeWorkbook): FakeWorkbook {
  return new Gateway(
    book.sheets.map((s) => ({
      name: s.name,
      values: s.values,
      merges: s.merges,
      hiddenRows: s.hiddenRows,
      validations: s.validations,
      visibility: s.visibility ?? "visible",
    })),
    book.checksheet,
  );
}

/** The workbook state without the record store (whose hash and timestamps change with every write). */
function sheetsOnly(wb: FakeWorkbook): string {
  return JSON.stringify(JSON.parse(wb.serialize()).filter((s: { name: string }) => s.name !== RECORD_SHEET_NAME));
}

const messy = (answers?: Record<string, string>) => messyLayout(crosswalk.entries, { answers });

describe("analyze and apply", () => {
  test("finds all 145 items in the messy layout; a valid certification covers 136 and leaves 9", async () => {
    const wb = fakeOf(messy());
    const a = await analyzeWorkbook(wb, ctx, { certification: cert() });
    expect(wb.roundTrips).toBe(1);
    expect(a.detection?.ok).toBe(true);
    expect(a.detection?.items).toHaveLength(145);
    expect(a.sheet).toBe(messy().checksheet);
    expect(a.coverage.summary).toMatchObject({ A: 36, B: 100, C: 2, D: 7, covered: 136, needsEvidence: 9, notCovered: 0 });
  });

  test("apply = 3 round trips; fills answer cells by class; stores certification and record very hidden", async () => {
    const book = messy();
    const wb = fakeOf(book);
    const r = await applyCoverage(wb, ctx, { certification: cert() });
    expect(wb.roundTrips).toBe(3);
    expect(r.plan.counts).toEqual({ covered: 136, needsEvidence: 9, notCovered: 0, contradictions: 0 });
    const sheet = wb.sheet(book.checksheet)!;
    const byId = new Map(r.analysis.detection!.items.map((i) => [i.catalogId!, i]));
    const fillOf = (id: string) => {
      const it = byId.get(id)!;
      return sheet.cells.get(`${it.answer.row}:${it.answer.col}`)?.fill;
    };
    expect(fillOf("2.2/1-1")).toBe(COLORS.B);
    expect(fillOf("3.2(2)/3-2")).toBe(COLORS.A);
    expect(fillOf("3.3(2)/3-1")).toBe(COLORS.evidence);
    expect(fillOf("4.2(1)/1-1")).toBe(COLORS.D);
    expect(COLORS.D).not.toBe(COLORS.C);
    // reference text next to the item
    const it = byId.get("3.2(2)/3-2")!;
    expect(sheet.cells.get(`${it.row}:${r.plan.refsCol}`)?.value).toContain("5.4.1④ 諮問体制 M01、M02、No.130〜133");
    const d = byId.get("4.2(1)/1-2")!;
    expect(String(sheet.cells.get(`${d.row}:${r.plan.refsCol}`)?.value)).toMatch(/^必要な証跡: /);
    expect(wb.sheet(RECORD_SHEET_NAME)?.visibility).toBe("veryHidden");
    // A reviewer opening the file sees the same certification.
    const again = await analyzeWorkbook(wb, ctx);
    expect(again.certification?.certificationNumber).toBe("IB-TEST-0001");
    expect(again.coverage.summary.covered).toBe(136);
  });

  test("apply then clear restores the workbook exactly", async () => {
    const wb = fakeOf(messy({ "2.2/1-1": "○" }));
    const original = wb.serialize();
    await applyCoverage(wb, ctx, { certification: cert() });
    expect(wb.serialize()).not.toBe(original);
    const c = await clearMarks(wb, ctx);
    expect(c.done).toBe(true);
    expect(wb.roundTrips).toBe(6);
    expect(wb.serialize()).toBe(original);
  });

  test("applying twice replaces the earlier marks; clear still restores the original", async () => {
    const wb = fakeOf(messy());
    const original = wb.serialize();
    await applyCoverage(wb, ctx, { certification: cert() });
    const once = wb.serialize();
    const r2 = await applyCoverage(wb, ctx, { certification: cert({ status: "suspended" }) });
    expect(r2.plan.counts).toEqual({ covered: 0, needsEvidence: 9, notCovered: 136, contradictions: 0 });
    await applyCoverage(wb, ctx, { certification: cert() });
    const a = await analyzeWorkbook(wb, ctx);
    expect(a.record?.layers).toHaveLength(1);
    expect(sheetsOnly(wb)).toBe(JSON.stringify(JSON.parse(once).filter((s: { name: string }) => s.name !== RECORD_SHEET_NAME)));
    await clearMarks(wb, ctx);
    expect(wb.serialize()).toBe(original);
  });

  test("an invalid certification covers nothing and says why, but still flags the nine", async () => {
    const wb = fakeOf(messy());
    const r = await applyCoverage(wb, ctx, { certification: cert({ expiresOn: "2025-12-31" }) });
    expect(r.analysis.evaluation?.valid).toBe(false);
    expect(r.analysis.evaluation?.problems.map((p) => p.code)).toEqual(["expired"]);
    expect(r.plan.counts).toEqual({ covered: 0, needsEvidence: 9, notCovered: 136, contradictions: 0 });
  });

  test("clear restores by intent: a cell the user changed after apply is kept and reported, the rest goes back", async () => {
    const book = messy();
    const wb = fakeOf(book);
    const original = wb.serialize();
    const r = await applyCoverage(wb, ctx, { certification: cert() });
    const it = r.analysis.detection!.items[0];
    const sheet = wb.sheet(book.checksheet)!;
    sheet.cells.set(`${it.row}:${r.plan.refsCol}`, { value: "ユーザーが書いたメモ", formula: null, fill: null });
    const c = await clearMarks(wb, ctx);
    expect(c.done).toBe(true);
    expect(c.kept).toEqual([expect.objectContaining({ row: it.row, col: r.plan.refsCol, field: "value", now: "ユーザーが書いたメモ" })]);
    expect(c.keptMessage?.en).toBe("Kept 1 add-in text you edited.");
    expect(c.keptMessage?.ja).toContain("1 個のセル");
    expect(sheet.cells.get(`${it.row}:${r.plan.refsCol}`)?.value).toBe("ユーザーが書いたメモ");
    expect(wb.sheet(RECORD_SHEET_NAME)).toBeUndefined();
    // Everything else is back: the only difference to the original workbook is the user's memo.
    sheet.cells.delete(`${it.row}:${r.plan.refsCol}`);
    expect(wb.serialize()).toBe(original);
  });

  test("clear never touches an answer typed into a highlighted cell (fill-only change) and says it kept them", async () => {
    const book = messy();
    const wb = fakeOf(book);
    const r = await applyCoverage(wb, ctx, { certification: cert() });
    const sheet = wb.sheet(book.checksheet)!;
    const answers = r.analysis.detection!.items.slice(0, 5).map((i) => i.answer);
    for (const a of answers) sheet.cells.set(`${a.row}:${a.col}`, { ...sheet.cells.get(`${a.row}:${a.col}`)!, value: "はい" });
    const c = await clearMarks(wb, ctx);
    expect(c.kept).toHaveLength(5);
    expect(c.kept.every((k) => k.field === "value" && k.wrote === undefined && k.now === "はい")).toBe(true);
    expect(c.keptMessage?.en).toBe("Kept 5 answers you typed.");
    for (const a of answers) {
      const cell = sheet.cells.get(`${a.row}:${a.col}`);
      expect(cell?.value).toBe("はい");
      expect(cell?.fill ?? null).toBeNull();
    }
  });

  test("clear with force puts back the originals even over the user's changes", async () => {
    const book = messy();
    const wb = fakeOf(book);
    const original = wb.serialize();
    const r = await applyCoverage(wb, ctx, { certification: cert() });
    const it = r.analysis.detection!.items[0];
    wb.sheet(book.checksheet)!.cells.set(`${it.row}:${r.plan.refsCol}`, { value: "ユーザーが書いたメモ", formula: null, fill: "#123456" });
    const forced = await clearMarks(wb, ctx, { force: true });
    expect(forced.kept).toEqual([]);
    expect(wb.serialize()).toBe(original);
  });

  test("a record edited by hand is detected and clear refuses", async () => {
    const wb = fakeOf(messy());
    await applyCoverage(wb, ctx, { certification: cert() });
    const store = wb.sheet(RECORD_SHEET_NAME)!;
    const cell = store.cells.get("3:0")!;
    cell.value = String(cell.value).replace('"fill":null', '"fill":"#000000"');
    const before = wb.serialize();
    await expect(clearMarks(wb, ctx)).rejects.toMatchObject({ code: "record-tampered" });
    expect(wb.serialize()).toBe(before);
  });

  test("a protected sheet gives a clear message and changes nothing", async () => {
    const book = messy();
    const wb = fakeOf(book);
    wb.sheet(book.checksheet)!.protected = true;
    const before = wb.serialize();
    const err = await applyCoverage(wb, ctx, { certification: cert() }).catch((e) => e);
    expect(err).toBeInstanceOf(UserFacingError);
    expect(err.code).toBe("protected");
    expect(err.localized.ja).toContain("保護");
    expect(wb.serialize()).toBe(before);
  });

  test("a failed write leaves the workbook unchanged", async () => {
    const wb = fakeOf(messy());
    const before = wb.serialize();
    wb.failNextWrite = new Error("simulated network failure");
    await expect(applyCoverage(wb, ctx, { certification: cert() })).rejects.toThrow("simulated");
    expect(wb.serialize()).toBe(before);
  });

  test("saveCertification alone stores it for the next reader", async () => {
    const wb = fakeOf(standardLayout(crosswalk.entries));
    await saveCertification(wb, ctx, cert({ kind: "provisional" }));
    const a = await analyzeWorkbook(wb, ctx);
    expect(a.certification?.kind).toBe("provisional");
    expect(a.evaluation?.warnings.map((w) => w.code)).toEqual(["provisional"]);
  });

  test("10,000-row sheet: apply still takes 3 round trips", async () => {
    const book = standardLayout(crosswalk.entries);
    const s = book.sheets[0];
    const pad = Array.from({ length: 10000 - s.values.length }, (_, i) => [null, null, `補足行 ${i}`, null, null]);
    s.values = [...s.values, ...pad];
    const wb = fakeOf(book);
    const r = await applyCoverage(wb, ctx, { certification: cert() });
    expect(wb.roundTrips).toBe(3);
    expect(r.plan.counts.covered).toBe(136);
  });
});

describe("column widths of the add-in columns", () => {
  /** The column the status text will go into (read through the gateway like apply does). */
  async function statusColOf(wb: FakeWorkbook, sheet: string): Promise<number> {
    const m = (await wb.read({ sheet })).matrices[0];
    wb.roundTrips = 0;
    return usedWidth(m);
  }

  test("apply sets status/refs widths in the same 3 round trips, records the previous widths; clear restores them exactly", async () => {
    const book = messy({ "2.2/1-1": "○" });
    const wb = fakeOf(book);
    const sheet = wb.sheet(book.checksheet)!;
    const statusCol = await statusColOf(wb, book.checksheet);
    sheet.widths.set(0, 14); // a user width elsewhere
    sheet.widths.set(statusCol, 12.5); // the status column already had a custom width; the refs column has the default
    const original = wb.serialize();
    const r = await applyCoverage(wb, ctx, { certification: cert() });
    expect(wb.roundTrips).toBe(3);
    expect(r.plan.statusCol).toBe(statusCol);
    expect(r.plan.columns).toEqual([
      { col: statusCol, width: ADDIN_COLUMN_WIDTHS.status },
      { col: statusCol + 1, width: ADDIN_COLUMN_WIDTHS.refs },
    ]);
    expect(sheet.widths.get(statusCol)).toBe(22);
    expect(sheet.widths.get(statusCol + 1)).toBe(60);
    expect(sheet.widths.get(0)).toBe(14);
    const rec = (await analyzeWorkbook(wb, ctx)).record!;
    expect(rec.layers[0].columns).toEqual([
      { col: statusCol, before: 12.5, after: 22 },
      { col: statusCol + 1, before: null, after: 60 },
    ]);
    wb.roundTrips = 0;
    const c = await clearMarks(wb, ctx);
    expect(c.done).toBe(true);
    expect(wb.roundTrips).toBe(3);
    expect(sheet.widths.get(statusCol)).toBe(12.5);
    expect(sheet.widths.has(statusCol + 1)).toBe(false);
    expect(wb.serialize()).toBe(original);
  });

  test("re-apply keeps the earliest previous widths; a width the user changed meanwhile on our column is still restored", async () => {
    const book = messy();
    const wb = fakeOf(book);
    const sheet = wb.sheet(book.checksheet)!;
    const statusCol = await statusColOf(wb, book.checksheet);
    sheet.widths.set(statusCol + 1, 9);
    const original = wb.serialize();
    await applyCoverage(wb, ctx, { certification: cert() });
    sheet.widths.set(statusCol + 1, 75); // widened by hand after the first apply
    await applyCoverage(wb, ctx, { certification: cert({ status: "suspended" }) });
    expect(sheet.widths.get(statusCol + 1)).toBe(60);
    const rec = (await analyzeWorkbook(wb, ctx)).record!;
    expect(rec.layers).toHaveLength(1);
    expect(rec.layers[0].columns).toEqual([
      { col: statusCol, before: null, after: 22 },
      { col: statusCol + 1, before: 9, after: 60 },
    ]);
    await clearMarks(wb, ctx);
    expect(wb.serialize()).toBe(original);
  });

  test("a column whose width the adapter did not read is left alone (nothing it could not restore)", async () => {
    class NoWidths extends FakeWorkbook {
      override async read(options?: ReadOptions): Promise<WorkbookRead> {
        const r = await super.read(options);
        for (const m of r.matrices) delete m.columnWidths;
        return r;
      }
    }
    const book = messy();
    const wb = fakeOf(book, NoWidths);
    const original = wb.serialize();
    await applyCoverage(wb, ctx, { certification: cert() });
    expect(wb.sheet(book.checksheet)!.widths.size).toBe(0);
    expect((await analyzeWorkbook(wb, ctx)).record!.layers[0].columns).toBeUndefined();
    await clearMarks(wb, ctx);
    expect(wb.serialize()).toBe(original);
  });

  test("records without columns (made before widths were kept) still clear", async () => {
    const wb = fakeOf(messy());
    const original = wb.serialize();
    await applyCoverage(wb, ctx, { certification: cert() });
    const rec = (await analyzeWorkbook(wb, ctx)).record!;
    for (const l of rec.layers) delete l.columns;
    await wb.write({ sheet: rec.sheet!, cells: [], record: encodeRecord(rec) });
    await clearMarks(wb, ctx);
    const after = JSON.parse(wb.serialize());
    const before = JSON.parse(original);
    // cells are back; the widths set by the old apply stay (the old record did not know them)
    expect(after.map((s: { cells: unknown }) => s.cells)).toEqual(before.map((s: { cells: unknown }) => s.cells));
    expect([...wb.sheet(rec.sheet!)!.widths.values()]).toEqual([22, 60]);
  });
});

describe("bulk-mark and reviewer workflow", () => {
  test("preview → apply → undo restores every cell; contradictions are never overwritten", async () => {
    const book = messy({ "2.2/1-1": "×", "3.2(2)/3-2": "○" });
    const wb = fakeOf(book);
    await applyCoverage(wb, ctx, { certification: cert() });
    const afterApply = sheetsOnly(wb);
    const p = await previewBulkMark(wb, ctx);
    expect(p.plan.yesValue).toBe("○");
    expect(p.plan.contradictions.map((c) => c.itemId)).toEqual(["2.2/1-1"]);
    expect(p.plan.conflicts.map((c) => c.itemId)).toContain("3.2(2)/3-2");
    expect(p.plan.excluded).toHaveLength(9);
    const answers = p.plan.writes.filter((w) => w.kind === "answer");
    expect(answers).toHaveLength(134);
    const res = await applyBulkMark(wb, ctx);
    expect(res.plan.summary.answersWritten).toBe(134);
    const sheet = wb.sheet(book.checksheet)!;
    const d = res.analysis.detection!.items.find((i) => i.catalogId === "2.2/1-1")!;
    expect(sheet.cells.get(`${d.answer.row}:${d.answer.col}`)?.value).toBe("×");
    const w = answers[0];
    expect(sheet.cells.get(`${w.row}:${w.col}`)?.value).toBe("○");
    const u = await undoBulkMark(wb, ctx);
    expect(u.done).toBe(true);
    expect(sheetsOnly(wb)).toBe(afterApply);
    expect((await analyzeWorkbook(wb, ctx)).record?.layers.map((l) => l.kind)).toEqual(["annotate"]);
  });

  test("apply + bulk-mark + clear returns the original workbook", async () => {
    const wb = fakeOf(messy({ "2.2/1-1": "○" }));
    const original = wb.serialize();
    await applyCoverage(wb, ctx, { certification: cert() });
    await applyBulkMark(wb, ctx);
    await clearMarks(wb, ctx);
    expect(wb.serialize()).toBe(original);
  });

  test("bulk-mark refuses with an invalid certification", async () => {
    const wb = fakeOf(messy());
    await saveCertification(wb, ctx, cert({ status: "revoked" }));
    const before = wb.serialize();
    await expect(applyBulkMark(wb, ctx)).rejects.toMatchObject({ code: "bulk-mark-blocked" });
    expect(wb.serialize()).toBe(before);
  });

  test("evidence, review sheet, sign-off and consistency checks", async () => {
    const book = messy();
    const wb = fakeOf(book);
    await applyCoverage(wb, ctx, { certification: cert() });
    await applyBulkMark(wb, ctx);
    let rep = await checkConsistency(wb, ctx);
    expect(rep.findings.filter((f) => f.code === "evidence-missing")).toHaveLength(9);
    await addEvidence(wb, ctx, "4.2(1)/1-1", { document: "データ連携仕様書（架空）", page: "12" });
    rep = await checkConsistency(wb, ctx);
    expect(rep.findings.filter((f) => f.code === "evidence-missing")).toHaveLength(8);

    const entries = await setReviews(wb, ctx, [{ itemId: "3.3(2)/3-1", status: "needs-fix", comment: "消去規程を添付" }], "審査 太郎");
    expect(entries).toEqual([expect.objectContaining({ itemId: "3.3(2)/3-1", status: "needs-fix", reviewer: "審査 太郎" })]);
    const sheet = wb.sheet("審査記録")!;
    expect(sheet.visibility).toBe("visible");
    expect([...sheet.cells.values()].some((c) => c.value === "消去規程を添付")).toBe(true);
    // mirrored as a note on the checksheet (the fake supports comments)
    expect([...wb.sheet(book.checksheet)!.notes.values()].some((n) => n.includes("要修正"))).toBe(true);

    // Open findings (unreviewed items, the 要修正, C/D without evidence) refuse the sign-off; nothing is written.
    const beforeRefusal = wb.serialize();
    const refused = await signOff(wb, ctx, "審査 太郎");
    expect(refused.done).toBe(false);
    expect(refused.open.counts["needs-fix"]).toBe(1);
    expect(wb.serialize()).toBe(beforeRefusal);
    const so = (await signOff(wb, ctx, "審査 太郎", { allowOpen: true })).signoff!;
    expect(so.answersHash).toMatch(/^[0-9a-f]{64}$/);
    expect(so.open?.items).toEqual(expect.arrayContaining([{ kind: "needs-fix", itemId: "3.3(2)/3-1" }]));
    rep = await checkConsistency(wb, ctx);
    expect(rep.signoff?.intact).toBe(true);
    // The applicant changes an answer after sign-off.
    const a = await analyzeWorkbook(wb, ctx);
    const it = a.detection!.items.find((i) => i.catalogId === "2.2/1-1")!;
    wb.sheet(book.checksheet)!.cells.set(`${it.answer.row}:${it.answer.col}`, { value: "×", fill: COLORS.B });
    rep = await checkConsistency(wb, ctx);
    expect(rep.signoff?.intact).toBe(false);
    expect(rep.signoff?.changed.map((c) => c.itemId)).toEqual(["2.2/1-1"]);
    expect(rep.findings.map((f) => f.code)).toEqual(expect.arrayContaining(["signoff-broken", "contradiction"]));
  });

  test("resubmission diff lists changed answers and evidence", async () => {
    const oldWb = fakeOf(messy({ "2.2/1-1": "○" }));
    const newWb = fakeOf(messy({ "2.2/1-1": "×", "3.2(2)/3-2": "○" }));
    await addEvidence(newWb, ctx, "3.3(2)/3-1", { document: "消去規程（架空）" });
    const changes = await diffWorkbooks(oldWb, newWb, ctx);
    expect(changes.map((c) => c.itemId).sort()).toEqual(["2.2/1-1", "3.2(2)/3-2", "3.3(2)/3-1"]);
    expect(changes.find((c) => c.itemId === "3.3(2)/3-1")?.fields).toEqual(["evidence"]);
  });

  test("a store that is not a record is reported, not overwritten", async () => {
    const wb = fakeOf(messy());
    wb.addSheet({ name: RECORD_SHEET_NAME, values: [["他のデータ"]], visibility: "veryHidden" });
    const a = await analyzeWorkbook(wb, ctx);
    expect(a.recordError?.en).toMatch(/does not hold/);
    await expect(applyCoverage(wb, ctx, { certification: cert() })).rejects.toMatchObject({ code: "record-tampered" });
    expect(encodeRecord).toBeDefined();
  });
});

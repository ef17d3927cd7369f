/**
 * Content verification and the checksheet version through the use cases (analyze, apply, bulk-mark) and the CLI's
 * `scan --json`, on generated sheets: the real catalog's layout with every item text in checksheet wording
 * (test/fixtures/checksheet-style.ts), then texts exchanged, duplicated or a cover naming another guideline edition.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { crosswalkHash } from "../../src/domain/crosswalk-hash";
import { COLORS } from "../../src/domain/plan";
import type { CellValue } from "../../src/domain/types";
import { isVerified } from "../../src/domain/verify";
import { FakeWorkbook } from "../../src/workbook/fake";
import { previewBulkMark } from "../../src/workbook/review-usecases";
import { analyzeWorkbook, applyCoverage, type UseCaseContext } from "../../src/workbook/usecases";
import { CHECKSHEET_STYLE } from "../fixtures/checksheet-style";
import { testCertification, TEST_CERT_JSON } from "../helpers/cert";
import { standardLayout, type LayoutBook, type SheetSpec } from "../helpers/layouts";
import { writeSheetsXlsx } from "../helpers/make-xlsx";
import { testContext } from "../helpers/ctx";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = testContext("addin", { crosswalk });
const TEXT_COL = 2;

/** The standard layout with checksheet wording; `texts` moves texts: row of id → text of another id. */
function book(texts: Record<string, string> = {}, cover?: string): LayoutBook {
  const b = standardLayout(crosswalk.entries);
  const sheet = b.sheets[0]!;
  for (const e of crosswalk.entries) {
    const r = b.rowOf.get(e.id)!;
    sheet.values[r]![TEXT_COL] = CHECKSHEET_STYLE[texts[e.id] ?? e.id]!;
  }
  if (cover) {
    const c: SheetSpec = { name: "表紙", values: [[cover], ["（架空のサンプル）"]] };
    b.sheets.unshift(c);
  }
  return b;
}

function fakeOf(b: LayoutBook): FakeWorkbook {
  return new FakeWorkbook(
    b.sheets.map((s) => ({ name: s.name, values: s.values, merges: s.merges, validations: s.validations, visibility: "visible" as const })),
    b.checksheet,
  );
}

const SWAPS: [string, string][] = [
  ["2.1(1)/6-1", "3.2(2)/2-1"],
  ["2.1(2)/5-2", "4.1(2)/2-2"],
  ["2.1(2)/8-2", "3.4(1)/2-1"],
  ["2.2/1-2", "5.1(1)/2-1"],
  ["3.1(2)/1-1", "4.2(1)/2-1"],
  ["3.3(2)/2-1", "2.1(2)/3-2"],
];
function swapped(): Record<string, string> {
  const t: Record<string, string> = {};
  for (const [a, b] of SWAPS) {
    t[a] = b;
    t[b] = a;
  }
  return t;
}

describe("content verification in the use cases", () => {
  test("checksheet wording on every row: all 145 agree, 136 covered", async () => {
    const a = await analyzeWorkbook(fakeOf(book()), ctx, { certification: testCertification() });
    expect(isVerified(a.detection)).toBe(true);
    if (!isVerified(a.detection)) return;
    expect(a.detection.items.every((i) => i.content.agrees === true)).toBe(true);
    expect(a.detection.unverified).toEqual([]);
    expect(a.coverage.summary.covered).toBe(136);
    expect(a.warnings.map((w) => w.code)).toEqual([]);
  });

  test("six pairs exchanged across sections: no row is taken under its number; each is matched by content to its text", async () => {
    const b = book(swapped());
    const a = await analyzeWorkbook(fakeOf(b), ctx, { certification: testCertification() });
    if (!isVerified(a.detection)) throw new Error("not verified");
    for (const [x, y] of SWAPS) {
      for (const [num, src] of [
        [x, y],
        [y, x],
      ]) {
        const row = b.rowOf.get(num!)!;
        const it = a.detection.items.find((i) => i.row === row);
        const un = a.detection.unverified.find((i) => i.row === row);
        expect(it ? it.catalogId : un ? "要確認" : "absent").toBe(src);
        expect(it!.content.matchedBy).toBe("content");
      }
    }
    expect(a.warnings.map((w) => w.code)).toContain("matched-by-content");
    // Classes follow the content: the same 136 / 9 as the unmoved sheet.
    expect(a.coverage.summary).toMatchObject({ covered: 136, needsEvidence: 9 });
  });

  test("a row whose text is another item's that already sits on its own row: 要確認, not covered, not bulk-marked, both texts in the sheet", async () => {
    const b = book({ "2.1(2)/5-1": "3.3(2)/2-1" });
    const wb = fakeOf(b);
    const r = await applyCoverage(wb, ctx, { certification: testCertification() });
    const d = r.analysis.detection;
    if (!isVerified(d)) throw new Error("not verified");
    expect(d.unverified.map((u) => u.catalogId)).toEqual(["2.1(2)/5-1"]);
    expect(r.analysis.coverage.items.map((c) => c.id)).not.toContain("2.1(2)/5-1");
    expect(r.analysis.coverage.summary.covered).toBe(135);
    expect(r.analysis.warnings.map((w) => w.code)).toContain("content-unverified");

    const row = b.rowOf.get("2.1(2)/5-1")!;
    const sheet = wb.sheet(b.checksheet)!;
    const cell = (c: number) => sheet.cells.get(`${row}:${c}`);
    expect(String(cell(r.plan.statusCol)?.value)).toContain("要確認");
    const side = String(cell(r.plan.refsCol)?.value);
    expect(side).toContain(CHECKSHEET_STYLE["3.3(2)/2-1"]!.slice(0, 20));
    expect(side).toContain(crosswalk.entries.find((e) => e.id === "2.1(2)/5-1")!.summary.ja);
    expect(side).toContain("候補: 3.3(2)/2-1");
    expect(cell(3)?.fill).toBe(COLORS.unverified);

    const p = await previewBulkMark(wb, ctx);
    expect(p.plan.writes.some((w) => w.row === row)).toBe(false);
    expect(p.plan.skipped.find((s) => s.row === row)?.reason).toBe("content-unverified");
    expect(p.plan.writes.filter((w) => w.kind === "answer")).toHaveLength(135);
  });
});

describe("checksheet version", () => {
  test("a cover naming the 2025 edition: a warning with a version code, written under the add-in's header", async () => {
    const b = book({}, "PHRサービス提供者による健診等情報の取扱いに関する基本的指針 別紙 チェックシート（令和7年4月）");
    const wb = fakeOf(b);
    const r = await applyCoverage(wb, ctx, { certification: testCertification() });
    expect(r.analysis.checksheetVersion).toMatchObject({ version: "2025-04", sheet: "表紙", row: 1 });
    const w = r.analysis.warnings.find((x) => x.code.includes("version"));
    expect(w?.message.ja).toContain("2023-04");
    const header = wb.sheet(b.checksheet)!.cells.get(`0:${r.plan.refsCol}`)?.value as CellValue;
    expect(String(header)).toContain("チェックシートの版が対応表と異なります");
  });

  test("the 2023 edition's name: no version warning", async () => {
    const a = await analyzeWorkbook(fakeOf(book({}, "民間PHR事業者による健診等情報の取扱いに関する基本的指針 チェックシート")), ctx);
    expect(a.checksheetVersion.version).toBe("2023-04");
    expect(a.warnings.filter((x) => x.code.includes("version"))).toEqual([]);
  });
});

describe("scan --json contract", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-verify-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function scan(b: LayoutBook) {
    fs.writeFileSync(path.join(dir, "in.xlsx"), await writeSheetsXlsx(b.sheets));
    fs.writeFileSync(path.join(dir, "cert.json"), JSON.stringify(TEST_CERT_JSON));
    let out = "";
    const code = await main(["scan", "in.xlsx", "--cert", "cert.json", "--json"], {
      out: (s) => (out += s),
      err: () => undefined,
      isTTY: false,
      cwd: dir,
      today: "2026-01-15",
      now: () => "2026-01-15T09:00:00.000Z",
    });
    return { code, j: JSON.parse(out) };
  }

  test("items carry contentAgrees and similarity; unverified lists {row, id, …}; warnings are {code, ja, en}", async () => {
    const b = book({ "2.1(2)/5-1": "3.3(2)/2-1" }, "PHRサービス提供者による健診等情報の取扱いに関する基本的指針");
    const { code, j } = await scan(b);
    expect(code).toBe(1);
    expect(j.items).toHaveLength(144);
    for (const it of j.items) {
      expect(it.contentAgrees).toBe(true);
      expect(typeof it.similarity).toBe("number");
    }
    expect(j.unverified).toEqual([
      expect.objectContaining({ row: b.rowOf.get("2.1(2)/5-1")! + 1, id: "2.1(2)/5-1", proposal: expect.objectContaining({ id: "3.3(2)/2-1" }) }),
    ]);
    expect(j.warnings.length).toBeGreaterThanOrEqual(2);
    for (const w of j.warnings) expect(Object.keys(w).sort()).toEqual(["code", "en", "ja"]);
    expect(j.warnings.some((w: { code: string }) => w.code.includes("version"))).toBe(true);
    expect(j.summary.covered).toBe(135);
  });

  test("an annotated workbook says which crosswalk its marks came from (version and hash)", async () => {
    const b = book();
    fs.writeFileSync(path.join(dir, "in.xlsx"), await writeSheetsXlsx(b.sheets));
    fs.writeFileSync(path.join(dir, "cert.json"), JSON.stringify(TEST_CERT_JSON));
    const io = { out: () => undefined, err: () => undefined, isTTY: false, cwd: dir, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z" };
    expect(await main(["annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx"], io)).toBe(0);
    let out = "";
    await main(["scan", "out.xlsx", "--cert", "cert.json", "--json"], { ...io, out: (s: string) => (out += s) });
    expect(JSON.parse(out).markedWith).toEqual({ crosswalkVersion: crosswalk.crosswalkVersion, crosswalkHash: crosswalkHash(crosswalk) });
  });

  test("a sheet without item texts: contentAgrees null", async () => {
    const b = book();
    for (const e of crosswalk.entries) b.sheets[0]!.values[b.rowOf.get(e.id)!]![TEXT_COL] = null;
    const { j } = await scan(b);
    expect(j.items.length).toBe(145);
    expect(j.items.every((i: { contentAgrees: unknown; similarity: unknown }) => i.contentAgrees === null && i.similarity === null)).toBe(true);
    expect(j.unverified).toEqual([]);
    expect(j.warnings.map((w: { code: string }) => w.code)).toContain("content-not-checked");
  });
});

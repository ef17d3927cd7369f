/**
 * The reviewer's and the ministry's CLI on generated .xlsx files: report scored by each workbook's stored
 * certification, sign-off that refuses while findings are open, review by the ids the sheet shows, --set-file,
 * bulk statuses, history, several files at once.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { decodeRecord } from "../../src/domain/record";
import { REPORT_COLUMNS } from "../../src/domain/report";
import { REVIEW_SHEET_NAME, SIGNOFF_BLOCK_MARK } from "../../src/domain/review";
import type { SignOffRecord } from "../../src/domain/signoff";
import { hostUtcOffset, localTimestamp } from "../../src/domain/time";
import type { CellValue } from "../../src/domain/types";
import { addEvidence, signOffSummaryRows } from "../../src/workbook/review-usecases";
import { analyzeWorkbook, type UseCaseContext } from "../../src/workbook/usecases";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { messyLayout } from "../helpers/layouts";
import { writeLayoutXlsx, writeSheetsXlsx } from "../helpers/make-xlsx";
import { TEST_CERT_JSON } from "../helpers/cert";

const crosswalk = loadBundledCrosswalk();
const TODAY = "2026-01-15";
const NOW = "2026-01-15T09:00:00.000Z";
let dir: string;

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false, cwd: dir, today: TODAY, now: () => NOW });
  return { code, out, err };
}
const write = (name: string, data: Uint8Array | string) => (fs.writeFileSync(path.join(dir, name), data), name);
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const exists = (name: string) => fs.existsSync(path.join(dir, name));
const ctx: UseCaseContext = { crosswalk, today: TODAY, now: () => NOW, tool: "cli" };

async function reviewRows(name: string): Promise<CellValue[][]> {
  const wb = XlsxWorkbook.open(read(name), name);
  const r = await wb.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const m = r.owned?.find((x) => x.name === REVIEW_SHEET_NAME) ?? r.matrices.find((x) => x.name === REVIEW_SHEET_NAME);
  if (!m) throw new Error("no review sheet");
  return m.values;
}
async function recordOf(name: string) {
  const wb = XlsxWorkbook.open(read(name), name);
  return decodeRecord((await wb.read({ recordOnly: true })).recordCells)!;
}
/** Parse the report CSV (no quoted newlines in these tests). */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, -1).map((c) => c.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"')));
}

const C_D = crosswalk.entries.filter((e) => e.class === "C" || e.class === "D").map((e) => e.id);

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-review-"));
  write("cert.json", JSON.stringify(TEST_CERT_JSON));
  write("expired.json", JSON.stringify({ ...TEST_CERT_JSON, certificationNumber: "IB-OLD-0009", holder: "期限切れ株式会社（架空）", expiresOn: "2025-12-31" }));
  write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries, { hideEvery: 0 })));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("report", () => {
  beforeEach(async () => {
    fs.mkdirSync(path.join(dir, "in"));
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "in/a.xlsx")).code).toBe(0);
    // annotated under an expired certification: marks written as not met, exit 1
    expect((await run("annotate", "in.xlsx", "--cert", "expired.json", "-o", "in/b.xlsx")).code).toBe(1);
    fs.copyFileSync(path.join(dir, "in.xlsx"), path.join(dir, "in/c.xlsx"));
    write("in/d.xlsx", "not a workbook");
  });

  test("without --cert each file is scored by its stored certification; an expired one is never 'covered 136'", async () => {
    const r = await run("report", "in");
    expect(r.code).toBe(1);
    expect(r.out.startsWith("\uFEFF")).toBe(true);
    const rows = csvRows(r.out);
    expect(rows[0]).toEqual(REPORT_COLUMNS.map((c) => c.header.ja));
    const col = (k: string) => REPORT_COLUMNS.findIndex((c) => c.key === k);
    const [a, b, c, d] = rows.slice(1);
    expect(rows).toHaveLength(5);
    expect([a[col("holder")], a[col("certificationNumber")], a[col("covered")], a[col("needsEvidence")]]).toEqual([TEST_CERT_JSON.holder, "IB-TEST-0001", "136", "9"]);
    expect(a[col("validity")]).toBe(`有効 @ ${TODAY}`);
    expect(a[col("found")]).toBe("145/145");
    expect(a[col("reviewed")]).toBe("0/145");
    expect(a[col("evidenceStated")]).toBe("0/9");
    expect(a[col("signoff")]).toBe("未承認");
    expect([b[col("holder")], b[col("certificationNumber")], b[col("covered")]]).toEqual(["期限切れ株式会社（架空）", "IB-OLD-0009", "0"]);
    expect(b[col("validity")]).toBe(`無効 (expired) @ ${TODAY}`);
    expect([c[col("certificationSource")], c[col("validity")].startsWith("認定なし"), c[col("covered")]]).toEqual(["なし", true, "0"]);
    expect(d[col("error")]).not.toBe("");
    expect(d[col("covered")]).toBe("");
    expect(r.err).not.toContain("--cert");
  });

  test("--cert overrides for all files and says so; --lang en gives English headers; JSON has the same fields", async () => {
    const r = await run("report", "in/a.xlsx", "in/b.xlsx", "--cert", "cert.json", "--lang", "en");
    expect(r.err).toContain("IB-TEST-0001");
    expect(r.err).toMatch(/not the one stored in it/);
    const rows = csvRows(r.out);
    expect(rows[0]).toEqual(REPORT_COLUMNS.map((c) => c.header.en));
    const col = (k: string) => REPORT_COLUMNS.findIndex((c) => c.key === k);
    expect(rows.slice(1).map((x) => [x[col("certificationSource")], x[col("covered")]])).toEqual([
      ["--cert (override)", "136"],
      ["--cert (override)", "136"],
    ]);
    const j = await run("report", "in", "--format", "json");
    const parsed = JSON.parse(j.out);
    expect(parsed.certificationOverride).toBeNull();
    for (const f of parsed.files) expect(Object.keys(f)).toEqual(expect.arrayContaining(REPORT_COLUMNS.map((c) => c.key)));
    const b = parsed.files.find((f: { file: string }) => f.file.endsWith("b.xlsx"));
    expect(b).toMatchObject({ covered: 0, validity: "invalid", validityReasons: ["expired"], certificationSource: "stored", evidenceRequired: 9 });
  });

  test("review and sign-off columns follow the workbook", async () => {
    expect((await run("review", "in/a.xlsx", "--reviewer", "審査 花子", "--set", "3.3(2)/3-1=要修正", "--set", "2.2/1-1=確認済", "-o", "r.xlsx")).code).toBe(0);
    expect((await run("signoff", "r.xlsx", "--reviewer", "審査 花子", "--allow-open", "-o", "s.xlsx")).code).toBe(0);
    const j = JSON.parse((await run("report", "s.xlsx", "--format", "json")).out).files[0];
    expect(j).toMatchObject({ reviewed: 2, reviewTotal: 145, needsFix: 1, signoff: "intact", signoffReviewer: "審査 花子", changedSinceSignoff: [] });
    expect(j.signoffAt).toBe(localTimestamp(NOW, hostUtcOffset(NOW)));
  });
});

describe("signoff", () => {
  test("refuses while findings are open, listing them (exit 1, nothing written); --allow-open records them", async () => {
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    expect((await run("review", "a.xlsx", "--reviewer", "R", "--set", "3.3(2)/3-1=要修正:規程を添付", "-o", "r.xlsx")).code).toBe(0);
    const refused = await run("signoff", "r.xlsx", "--reviewer", "審査 太郎", "-o", "s.xlsx");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("要修正 (1): 3.3(2)/3-1");
    expect(refused.err).toContain("未確認の項目 (144)");
    expect(refused.err).toContain(`証跡のない C/D 項目 (9)`);
    expect(exists("s.xlsx")).toBe(false);

    const ok = await run("signoff", "r.xlsx", "--reviewer", "審査 太郎", "--allow-open", "-o", "s.xlsx");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("要修正 1");
    const so = (await recordOf("s.xlsx")).signoff as SignOffRecord;
    expect(so.reviewer).toBe("審査 太郎");
    expect(so.atLocal).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/);
    expect(so.open?.counts).toMatchObject({ "needs-fix": 1, unreviewed: 144, "evidence-missing": 9 });
    // visible in 審査記録, below the table
    const rows = await reviewRows("s.xlsx");
    const mark = rows.findIndex((r) => r[0] === SIGNOFF_BLOCK_MARK);
    expect(mark).toBeGreaterThan(145);
    const block = Object.fromEntries(rows.slice(mark + 1).map((r) => [String(r[0]), String(r[1])]));
    expect(block).toMatchObject({ 承認者: "審査 太郎", 日時: so.atLocal, 状態: "承認後の変更なし", 回答ハッシュ: so.answersHash });
    expect(block["承認時の未解決"]).toContain("要修正 1");
    // the same fields for a summary sheet
    const summary = Object.fromEntries(signOffSummaryRows(await analyzeWorkbook(XlsxWorkbook.open(read("s.xlsx")), ctx), ctx, "en"));
    expect(summary).toMatchObject({ Reviewer: "審査 太郎", When: so.atLocal, State: "intact", "Answers hash": so.answersHash, Reviewed: "1/145" });
  });

  test("a clean review signs off without --allow-open; a changed answer shows as 'changed' with the item", async () => {
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    const wb = XlsxWorkbook.open(read("a.xlsx"), "a.xlsx");
    for (const id of C_D) await addEvidence(wb, ctx, id, { document: `証跡 ${id}（架空）` });
    write("e.xlsx", wb.save());
    expect((await run("review", "e.xlsx", "--reviewer", "R", "--bulk", "class:A,B,C,D", "--status", "確認済", "-o", "r.xlsx")).code).toBe(0);
    const ok = await run("signoff", "r.xlsx", "--reviewer", "審査 太郎", "-o", "s.xlsx");
    expect(ok.code).toBe(0);
    expect((await recordOf("s.xlsx")).signoff).toMatchObject({ open: { total: 0 } });

    // the applicant changes one answer after sign-off
    const s = XlsxWorkbook.open(read("s.xlsx"), "s.xlsx");
    const an = await analyzeWorkbook(s, ctx);
    const it = an.detection!.items.find((d) => d.catalogId === "2.2/1-1")!;
    await s.write({ sheet: an.detection!.sheet, cells: [{ row: it.answer.row, col: it.answer.col, value: "×" }] });
    write("changed.xlsx", s.save());
    const j = JSON.parse((await run("report", "changed.xlsx", "--format", "json")).out).files[0];
    expect(j).toMatchObject({ signoff: "changed", changedSinceSignoff: ["2.2/1-1"], contradictions: 1 });
  });
});

describe("review", () => {
  test("ids as the sheet shows them, under their headings; ambiguous bare ids are refused with the candidates", async () => {
    const ambiguous = await run("review", "in.xlsx", "--reviewer", "R", "--set", "１－１=確認済", "-o", "x.xlsx");
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toMatch(/複数の見出し/);
    expect(ambiguous.err).toMatch(/2\.2 /);
    expect(exists("x.xlsx")).toBe(false);

    const an = await analyzeWorkbook(XlsxWorkbook.open(read("in.xlsx")), ctx);
    const row = an.detection!.items.find((d) => d.catalogId === "2.2/1-1")!.row + 1;
    const r = await run("review", "in.xlsx", "--reviewer", "審査 花子", "--set", "３．３（２）　３－１=要修正:規程", "--set", `行${row}=確認済`, "-o", "r.xlsx");
    expect(r.code).toBe(0);
    const rows = await reviewRows("r.xlsx");
    const head = rows[0].map(String);
    const get = (id: string, h: string) => rows.find((x) => x[0] === id)![head.indexOf(h)];
    expect([get("3.3(2)/3-1", "審査状況"), get("3.3(2)/3-1", "コメント"), get("2.2/1-1", "審査状況")]).toEqual(["要修正", "規程", "確認済"]);
    expect(get("3.3(2)/3-1", "表示番号")).toMatch(/^3\.3\(2\) /);
    expect(get("2.2/1-1", "日時")).toBe(localTimestamp(NOW, hostUtcOffset(NOW)));
  });

  test("--set-file CSV (BOM, header, quoted comments); history keeps the earlier status", async () => {
    write("s.csv", '\uFEFFid,status,comment\r\n3.3(2)/3-1,要修正,"規程を添付, 第3条"\r\n2.2/1-1,ok,\r\n\r\n');
    expect((await run("review", "in.xlsx", "--reviewer", "R1", "--set-file", "s.csv", "-o", "r1.xlsx")).code).toBe(0);
    expect((await run("review", "r1.xlsx", "--reviewer", "R2", "--set", "3.3(2)/3-1=確認済", "-o", "r2.xlsx")).code).toBe(0);
    const rows = await reviewRows("r2.xlsx");
    const head = rows[0].map(String);
    const row = rows.find((x) => x[0] === "3.3(2)/3-1")!;
    expect(row[head.indexOf("審査状況")]).toBe("確認済");
    expect(row[head.indexOf("審査者")]).toBe("R2");
    expect(String(row[head.indexOf("履歴")])).toContain("要修正｜規程を添付, 第3条 — R1");
    write("bad.csv", "2.2/1-1,maybe\n");
    const bad = await run("review", "in.xlsx", "--reviewer", "R", "--set-file", "bad.csv", "-o", "x.xlsx");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("1 行目");
  });

  test("--bulk covered: preview with --dry-run writes nothing; contradictions and existing statuses are left alone", async () => {
    write("c.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries, { hideEvery: 0, answers: { "2.2/1-1": "×" } })));
    // the × on a covered item is a contradiction: annotate writes it as 要確認 and exits 1
    expect((await run("annotate", "c.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(1);
    const covered = crosswalk.entries.filter((e) => e.class === "A" || e.class === "B").map((e) => e.id);
    const fix = covered.find((id) => id !== "2.2/1-1")!;
    expect((await run("review", "a.xlsx", "--reviewer", "R", "--set", `${fix}=要修正`, "-o", "r.xlsx")).code).toBe(0);
    const before = fs.readdirSync(dir).sort();
    const dry = await run("review", "r.xlsx", "--bulk", "covered", "--dry-run");
    expect(dry.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    const listed = [...dry.out.matchAll(/^ {2}\[[AB]\] (\S+): 未確認 → 確認済$/gm)].map((m) => m[1]);
    const expected = covered.filter((id) => id !== "2.2/1-1" && id !== fix);
    expect(listed.sort()).toEqual(expected.sort());
    expect(dry.out).toContain(`変更しない（既に審査状況あり）: ${fix}\n`);
    const applied = await run("review", "r.xlsx", "--reviewer", "R", "--bulk", "covered", "-o", "b.xlsx");
    expect(applied.code).toBe(0);
    const j = JSON.parse((await run("report", "b.xlsx", "--format", "json")).out).files[0];
    expect(j).toMatchObject({ reviewed: expected.length + 1, needsFix: 1 });
  });

  test("several files and a folder: review --out-dir, check prints one block per file", async () => {
    fs.mkdirSync(path.join(dir, "in"));
    fs.mkdirSync(path.join(dir, "out"));
    fs.copyFileSync(path.join(dir, "in.xlsx"), path.join(dir, "in/x.xlsx"));
    fs.copyFileSync(path.join(dir, "in.xlsx"), path.join(dir, "in/y.xlsx"));
    const noOut = await run("review", "in", "--reviewer", "R", "--set", "2.2/1-1=確認済", "-o", "one.xlsx");
    expect(noOut.code).toBe(2);
    const noDir = await run("signoff", "in", "--reviewer", "R", "--out-dir", "nowhere");
    expect(noDir.code).toBe(2);
    expect(noDir.err).toContain("nowhere");
    const r = await run("review", "in", "--reviewer", "R", "--set", "2.2/1-1=確認済", "--out-dir", "out");
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, "out")).sort()).toEqual(["x.xlsx", "y.xlsx"]);
    const c = await run("check", "out", "--json");
    const files = JSON.parse(c.out).files as { file: string }[];
    expect(files.map((f) => path.basename(f.file))).toEqual(["x.xlsx", "y.xlsx"]);
    expect((files[0] as unknown as { open: { counts: Record<string, number> } }).open.counts).toMatchObject({ unreviewed: 144, "evidence-missing": 9 });
    const text = await run("check", "out/x.xlsx", "out/y.xlsx");
    expect(text.out.match(/^== /gm)).toHaveLength(2);
    expect(text.out.match(/^承認前の未解決: .*未確認の項目 144/gm)).toHaveLength(2);

    // a folder with one workbook that is not a checksheet: reported with its name, the others still done, exit 2
    write("in/z.xlsx", await writeSheetsXlsx([{ name: "表紙", values: [["表紙だけ"]] }]));
    fs.mkdirSync(path.join(dir, "out2"));
    const mixed = await run("signoff", "in", "--reviewer", "R", "--allow-open", "--out-dir", "out2");
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/エラー: in\/z\.xlsx: .*\nError: in\/z\.xlsx: /);
    expect(fs.readdirSync(path.join(dir, "out2")).sort()).toEqual(["x.xlsx", "y.xlsx"]);
  });
});

describe("diff", () => {
  test("lists review and evidence changes next to answer changes", async () => {
    expect((await run("review", "in.xlsx", "--reviewer", "R", "--set", "2.2/1-1=要修正:根拠不足", "-o", "old.xlsx")).code).toBe(0);
    expect((await run("review", "old.xlsx", "--reviewer", "R", "--set", "2.2/1-1=確認済", "-o", "new1.xlsx")).code).toBe(0);
    const wb = XlsxWorkbook.open(read("new1.xlsx"), "new1.xlsx");
    await addEvidence(wb, ctx, C_D[0], { document: "運用規程（架空）" });
    write("new.xlsx", wb.save());
    const d = await run("diff", "old.xlsx", "new.xlsx", "--json");
    expect(d.code).toBe(1);
    const changes = JSON.parse(d.out).changes as { itemId: string; fields: string[]; before: { review: unknown }; after: { review: unknown } }[];
    expect(changes.map((c) => [c.itemId, c.fields])).toEqual(
      expect.arrayContaining([
        ["2.2/1-1", ["review"]],
        [C_D[0], ["evidence"]],
      ]),
    );
    expect(changes).toHaveLength(2);
    const rc = changes.find((c) => c.itemId === "2.2/1-1")!;
    expect([rc.before.review, rc.after.review]).toEqual([
      { status: "needs-fix", comment: "根拠不足", reviewer: "R" },
      { status: "confirmed", comment: "根拠不足", reviewer: "R" },
    ]);
    const text = await run("diff", "old.xlsx", "new.xlsx");
    expect(text.out).toContain("審査: 要修正（根拠不足） → 確認済（根拠不足）");
    expect(text.out).toContain("+運用規程（架空）");
  });
});

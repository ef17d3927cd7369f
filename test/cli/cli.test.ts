/**
 * The CLI on real .xlsx files (generated here), run in-process through main() with captured output.
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { strToU8, zipSync } from "fflate";
import { main } from "../../src/cli/main";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { decodeRecord } from "../../src/domain/record";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { messyLayout, splitLayout, standardLayout } from "../helpers/layouts";
import { writeLayoutXlsx, writeSheetsXlsx } from "../helpers/make-xlsx";
import { differingParts, richChecksheetXlsx } from "../helpers/rich-checksheet";

const crosswalk = loadBundledCrosswalk();
const TODAY = "2026-01-15";
let dir: string;

const CERT = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-TEST-0002",
  holder: "テストヘルス株式会社（架空）",
  serviceName: "テストPHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-04-01",
  expiresOn: "2027-03-31",
  status: "active",
  auditNote: "unknown fields are kept",
};

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(...argv: string[]): Promise<Run> {
  let out = "";
  let err = "";
  const code = await main(argv, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    isTTY: false,
    cwd: dir,
    today: TODAY,
    now: () => "2026-01-15T09:00:00.000Z",
  });
  return { code, out, err };
}

function write(name: string, data: Uint8Array | string): string {
  fs.writeFileSync(path.join(dir, name), data);
  return name;
}
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const exists = (name: string) => fs.existsSync(path.join(dir, name));
const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-cli-"));
  write("cert.json", JSON.stringify(CERT));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("scan", () => {
  test.each([
    ["standard", () => standardLayout(crosswalk.entries)],
    ["split", () => splitLayout(crosswalk.entries)],
    ["messy", () => messyLayout(crosswalk.entries)],
  ])("%s layout: all 145 items found; --json prints exactly one object", async (_name, make) => {
    write("in.xlsx", await writeLayoutXlsx(make()));
    const r = await run("scan", "in.xlsx", "--cert", "cert.json", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ expected: 145, found: 145, missing: [], unknown: [], duplicates: [], checksheetVersion: "2023-04" });
    expect(j.certification).toMatchObject({ valid: true, problems: [], warnings: [] });
    expect(j.summary).toEqual({ A: 36, B: 100, C: 2, D: 7, covered: 136, needsEvidence: 9, notCovered: 0 });
    expect(j.items).toHaveLength(145);
    const pub = j.items.find((i: { id: string }) => i.id === "3.2(2)/3-2");
    expect(pub).toMatchObject({ class: "A", covered: true, provenance: "published", infobankRefs: ["5.4.1④ 諮問体制 M01、M02、No.130〜133"] });
    expect(Object.keys(j.columns)).toEqual(expect.arrayContaining(["id", "text", "answer", "remarks"]));
  });

  test("human output lists the nine evidence items; an expired certification exits 1 with the reason", async () => {
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries)));
    const ok = await run("scan", "in.xlsx", "--cert", "cert.json");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("充足 136");
    expect(ok.out.match(/^ {2}\[[CD]\] /gm)).toHaveLength(9);
    write("old.json", JSON.stringify({ ...CERT, expiresOn: "2025-12-31" }));
    const bad = await run("scan", "in.xlsx", "--cert", "old.json");
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("有効期限（2025-12-31）が切れています");
  });
});

describe("annotate and clear", () => {
  test("annotate writes a new file, never touches the input, refuses to overwrite without --force", async () => {
    const bytes = await writeLayoutXlsx(messyLayout(crosswalk.entries));
    write("in.xlsx", bytes);
    const r = await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx");
    expect(r.code).toBe(0);
    expect(r.out).toContain("充足 136 / 要証跡 9");
    expect(read("in.xlsx")).toEqual(bytes);
    // The output is readable by another library and carries the marks.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(read("out.xlsx").buffer as ArrayBuffer);
    const ws = wb.worksheets.find((w) => w.name.startsWith("チェックシート"))!;
    const texts: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts.some((t) => t.includes("5.4.1④ 諮問体制 M01、M02、No.130〜133"))).toBe(true);
    expect(texts.filter((t) => t.startsWith("必要な証跡:"))).toHaveLength(9);
    const store = wb.worksheets.find((w) => w.name === "PHR_ADDIN_DATA");
    expect(store?.state).toBe("veryHidden");
    // The stored certification is seen by the next reader (unknown fields kept).
    const again = await run("check", "out.xlsx", "--json");
    expect(JSON.parse(again.out).certification.valid).toBe(true);
    // overwrite protection
    const second = await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx");
    expect(second.code).toBe(2);
    expect(second.err).toContain("--force");
    const same = await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "in.xlsx", "--force");
    expect(same.code).toBe(2);
    expect(read("in.xlsx")).toEqual(bytes);
    expect(leftovers()).toEqual([]);
  });

  test("fidelity: annotate then clear gives back every zip part of a richly featured workbook", async () => {
    const original = await richChecksheetXlsx({ answers: { "2.2/1-1": "○" }, remarks: { "2.2/1-1": "ISMS 登録証（架空）" } });
    write("rich.xlsx", original);
    expect((await run("annotate", "rich.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    const annotated = read("a.xlsx");
    const changed = differingParts(original, annotated);
    // Only what annotate meant to change: the checksheet, styles (appended fills), the record sheet and its registrations.
    expect(changed).toEqual(
      expect.arrayContaining(["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"]),
    );
    for (const p of ["docProps/custom.xml", "xl/sharedStrings.xml", "xl/comments1.xml", "docProps/core.xml"])
      if (p in require("fflate").unzipSync(original)) expect(changed).not.toContain(p);
    // The add-in columns got their widths (status 22, refs 60 characters), recorded with the previous ones.
    const wb = XlsxWorkbook.open(annotated);
    const rec = decodeRecord((await wb.read({ recordOnly: true })).recordCells)!;
    const layer = rec.layers[0];
    expect(layer.columns?.map((c) => c.after)).toEqual([22, 60]);
    expect(typeof layer.columnsNative).toBe("string");
    const m = (await wb.read({ sheet: rec.sheet! })).matrices[0];
    for (const c of layer.columns!) expect(m.columnWidths![c.col]).toBeCloseTo(c.after!, 1);
    expect((await run("clear", "a.xlsx", "-o", "back.xlsx")).code).toBe(0);
    expect(differingParts(original, read("back.xlsx"))).toEqual([]);
  });

  test("fidelity also holds after bulk-mark on top of annotate", async () => {
    const original = await richChecksheetXlsx();
    write("rich.xlsx", original);
    expect((await run("annotate", "rich.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    const m = await run("mark", "a.xlsx", "--cert", "cert.json", "-o", "m.xlsx");
    expect(m.code).toBe(0);
    expect(m.out).toContain("134");
    expect((await run("clear", "m.xlsx", "-o", "back.xlsx")).code).toBe(0);
    expect(differingParts(original, read("back.xlsx"))).toEqual([]);
  });

  test("clear after the file was edited and re-saved elsewhere keeps the user's edit, says so, and --force puts the original back", async () => {
    write("in.xlsx", await writeLayoutXlsx(standardLayout(crosswalk.entries)));
    await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "a.xlsx");
    // A user edits one of the add-in's cells in another program (ExcelJS load + save: a re-save).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(read("a.xlsx").buffer as ArrayBuffer);
    const ws = wb.getWorksheet("チェックシート")!;
    let target: ExcelJS.Cell | null = null;
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (!target && typeof c.value === "string" && c.value.startsWith("B 充足")) target = c;
      }),
    );
    const address = (target as unknown as ExcelJS.Cell).address;
    (target as unknown as ExcelJS.Cell).value = "審査メモ: 要確認";
    write("edited.xlsx", new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    const r = await run("clear", "edited.xlsx", "-o", "back.xlsx");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Kept 1 add-in text you edited.");
    expect(r.out).toContain(`${address} (value): 審査メモ: 要確認`);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(read("back.xlsx").buffer as ArrayBuffer);
    expect(back.getWorksheet("チェックシート")!.getCell(address).value).toBe("審査メモ: 要確認");
    expect((await run("clear", "edited.xlsx", "-o", "forced.xlsx", "--force")).code).toBe(0);
    const forced = new ExcelJS.Workbook();
    await forced.xlsx.load(read("forced.xlsx").buffer as ArrayBuffer);
    expect(forced.getWorksheet("チェックシート")!.getCell(address).value ?? null).toBeNull();
  });

  test("-o may not name the certification or the crosswalk file, --force or not; .xlsm stays .xlsm", async () => {
    write("in.xlsx", await writeLayoutXlsx(standardLayout(crosswalk.entries)));
    const certBefore = read("cert.json");
    for (const args of [
      ["annotate", "in.xlsx", "--cert", "cert.json", "-o", "cert.json", "--force"],
      ["mark", "in.xlsx", "--cert", "cert.json", "-o", "cert.json"],
    ]) {
      const r = await run(...args);
      expect(r.code).toBe(2);
      expect(r.err).toContain("入力ファイルと同じです");
    }
    expect(read("cert.json")).toEqual(certBefore);
    fs.copyFileSync(path.join(dir, "in.xlsx"), path.join(dir, "macro.xlsm"));
    const m = await run("annotate", "macro.xlsm", "--cert", "cert.json", "-o", "out.xlsx");
    expect(m.code).toBe(2);
    expect(m.err).toContain(".xlsm");
    expect(exists("out.xlsx")).toBe(false);
    const csv = await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.csv");
    expect(csv.code).toBe(2);
    expect(exists("out.csv")).toBe(false);
  });
});

test("demo runs scan and annotate on the bundled sample, writes both files and exits 0 although the sample has findings", async () => {
  const r = await run("demo", "-o", "demo-out");
  expect(r.code).toBe(0);
  expect(r.err).toContain("要確認 1 件");
  expect(r.out).toContain("planted in the sample");
  expect(exists("demo-out/sample-checksheet.annotated.xlsx")).toBe(true);
  expect(JSON.parse(fs.readFileSync(path.join(dir, "demo-out/sample-scan.json"), "utf8")).found).toBe(145);
});

describe("bad input: exit 2, one clear message, no output, input untouched", () => {
  async function expectBad(file: string, bytes: Uint8Array | string | null, args: string[], pattern: RegExp) {
    if (bytes !== null) write(file, bytes);
    const before = bytes !== null ? read(file) : null;
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^エラー: .+\nError: .+\n$/);
    expect(r.err).toMatch(pattern);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(exists("out.xlsx")).toBe(false);
    expect(leftovers()).toEqual([]);
    if (before) expect(read(file)).toEqual(before);
    return r;
  }
  const annotateArgs = (f: string) => ["annotate", f, "--cert", "cert.json", "-o", "out.xlsx"];

  test("corrupt zip", async () => {
    const junk = new Uint8Array(400).map((_, i) => (i < 4 ? [0x50, 0x4b, 0x03, 0x04][i] : (i * 37) % 251));
    await expectBad("c.xlsx", junk, annotateArgs("c.xlsx"), /Error: /);
  });

  test("truncated file", async () => {
    const good = await writeLayoutXlsx(standardLayout(crosswalk.entries));
    await expectBad("t.xlsx", good.slice(0, Math.floor(good.length / 2)), annotateArgs("t.xlsx"), /Error: /);
  });

  test("password-protected workbook (encrypted OOXML in a CFB container)", async () => {
    const cfb = new Uint8Array(2048);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const name = (s: string) => Uint8Array.from([...s].flatMap((ch) => [ch.charCodeAt(0), 0]));
    cfb.set(name("EncryptionInfo"), 1024);
    cfb.set(name("EncryptedPackage"), 1152);
    await expectBad("p.xlsx", cfb, annotateArgs("p.xlsx"), /password|パスワード|encrypt|暗号/i);
  });

  test(".xls and .csv files", async () => {
    const cfb = new Uint8Array(1024);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await expectBad("old.xls", cfb, annotateArgs("old.xls"), /\.xls/);
    await expectBad("old-renamed.xlsx", cfb, annotateArgs("old-renamed.xlsx"), /Error: /);
    await expectBad("list.csv", "No,項目,回答\n1-1,方針,はい\n", annotateArgs("list.csv"), /CSV/);
    await expectBad("csv-renamed.xlsx", "No,項目,回答\n1-1,方針,はい\n", annotateArgs("csv-renamed.xlsx"), /Error: /);
  });

  test("wrong sheet, a sheet with no items, duplicate ids", async () => {
    const book = messyLayout(crosswalk.entries);
    await expectBad("m.xlsx", await writeLayoutXlsx(book), [...annotateArgs("m.xlsx"), "--sheet", "表紙"], /表紙/);
    const empty = await writeSheetsXlsx([{ name: "メモ", values: [["議事メモ"], ["特になし"]] }]);
    await expectBad("e.xlsx", empty, annotateArgs("e.xlsx"), /Could not identify/);
    const std = standardLayout(crosswalk.entries);
    const s = std.sheets[0];
    const firstItem = s.values.findIndex((r) => r?.[0] === "1-1");
    s.values.splice(firstItem + 1, 0, [...s.values[firstItem]]);
    await expectBad("d.xlsx", await writeLayoutXlsx(std), annotateArgs("d.xlsx"), /duplicate|same item id/i);
  });

  test("malformed certification: bad JSON, wrong schema, missing field", async () => {
    write("in.xlsx", await writeLayoutXlsx(standardLayout(crosswalk.entries)));
    write("bad.json", "{ not json");
    await expectBad("in.xlsx", null, ["annotate", "in.xlsx", "--cert", "bad.json", "-o", "out.xlsx"], /JSON/);
    write("schema.json", JSON.stringify({ ...CERT, schema: "other/9" }));
    await expectBad("in.xlsx", null, ["annotate", "in.xlsx", "--cert", "schema.json", "-o", "out.xlsx"], /schema/);
    const { holder: _h, ...noHolder } = CERT;
    write("nohold.json", JSON.stringify(noHolder));
    await expectBad("in.xlsx", null, ["annotate", "in.xlsx", "--cert", "nohold.json", "-o", "out.xlsx"], /Holder/);
    await expectBad("in.xlsx", null, ["annotate", "in.xlsx", "--cert", "missing.json", "-o", "out.xlsx"], /not found/);
  });

  test("a crosswalk file with unknown classes is rejected naming the entry; wrong totals warn with numbers", async () => {
    const x = JSON.parse(JSON.stringify(crosswalk));
    x.entries[0].class = "E";
    write("x.json", JSON.stringify(x));
    const r = await run("crosswalk", "--crosswalk", "x.json");
    expect(r.code).toBe(2);
    expect(r.err).toContain(crosswalk.entries[0].id);
    const y = JSON.parse(JSON.stringify(crosswalk));
    const b = y.entries.find((e: { class: string }) => e.class === "B");
    b.class = "A";
    write("y.json", JSON.stringify(y));
    const w = await run("crosswalk", "--crosswalk", "y.json", "--format", "csv");
    expect(w.code).toBe(0);
    expect(w.err).toMatch(/A 37.*36/);
  });

  test("unknown command and option", async () => {
    expect((await run("frobnicate")).code).toBe(2);
    const r = await run("scan", "--nope");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--nope");
  });
});

describe("other commands", () => {
  test("--help on every command", async () => {
    for (const c of ["scan", "annotate", "clear", "crosswalk", "report", "mark", "review", "check", "diff", "demo"]) {
      const r = await run(c, "--help");
      expect(r.code).toBe(0);
      expect(r.out).toContain(`phr-checksheet ${c}`);
    }
  });

  test("crosswalk exports json, csv and OSCAL", async () => {
    const j = JSON.parse((await run("crosswalk")).out);
    expect(j.entries).toHaveLength(145);
    const csv = (await run("crosswalk", "--format", "csv")).out;
    expect(csv.startsWith("\uFEFFid,")).toBe(true);
    expect(csv.trim().split("\r\n")).toHaveLength(146);
    const o = JSON.parse((await run("crosswalk", "--format", "oscal")).out)["mapping-collection"];
    const maps = o.mappings[0].maps;
    expect(maps).toHaveLength(145);
    const count = (rel: string) => maps.filter((m: { relationship: string }) => m.relationship === rel).length;
    expect([count("superset-of"), count("equivalent-to"), count("subset-of"), count("no-relationship")]).toEqual([36, 100, 2, 7]);
    expect(new Set(maps.map((m: { uuid: string }) => m.uuid)).size).toBe(145);
  });

  test("report over a folder: one CSV row per workbook, contradictions counted, bad files reported", async () => {
    fs.mkdirSync(path.join(dir, "in"));
    write("in/a.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries, { answers: { "2.2/1-1": "×" } })));
    write("in/b.xlsx", await writeLayoutXlsx(standardLayout(crosswalk.entries)));
    write("in/c.xlsx", "not a workbook");
    const r = await run("report", "in", "--cert", "cert.json", "--lang", "en");
    expect(r.code).toBe(1);
    const lines = r.out.replace(/^\uFEFF/, "").trim().split("\r\n");
    const head = lines[0].split(",");
    expect(head).toEqual(expect.arrayContaining(["File", "Found", "Missing", "Covered", "Needs evidence", "Contradictions", "Error"]));
    expect(lines).toHaveLength(4);
    const cell = (line: string, h: string) => line.split(",")[head.indexOf(h)];
    expect(["Found", "Missing", "Covered", "Needs evidence", "Contradictions"].map((h) => cell(lines[1], h))).toEqual(["145/145", "0", "136", "9", "1"]);
    expect(["Found", "Missing", "Covered", "Needs evidence", "Contradictions"].map((h) => cell(lines[2], h))).toEqual(["145/145", "0", "136", "9", "0"]);
    expect(lines[3]).toMatch(/c\.xlsx,/);
    expect(lines[3].endsWith(",")).toBe(false);
    // not a terminal: no progress bar, one final count
    expect(r.err).not.toContain("\r");
    expect(r.err).toMatch(/^3 件のブックを集計しました（エラー 1 件、.*）。\nReported 3 workbooks \(1 with an error, .*\)\.$/m);
    const j = await run("report", "in/a.xlsx", "in/b.xlsx", "--cert", "cert.json", "--format", "json");
    expect(JSON.parse(j.out).files).toHaveLength(2);
  });

  test("review, check and diff", async () => {
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries)));
    const r = await run("review", "in.xlsx", "--reviewer", "審査 花子", "--set", "3.3(2)/3-1=要修正:規程を添付", "--set", "2.2/1-1=confirmed", "-o", "r.xlsx");
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(read("r.xlsx").buffer as ArrayBuffer);
    const rs = wb.getWorksheet("審査記録")!;
    const vals: string[] = [];
    rs.eachRow((row) => row.eachCell((c) => vals.push(String(c.value))));
    expect(vals).toEqual(expect.arrayContaining(["要修正", "規程を添付", "審査 花子", "確認済"]));
    const bad = await run("review", "in.xlsx", "--reviewer", "x", "--set", "2.2/1-1=maybe", "-o", "r2.xlsx");
    expect(bad.code).toBe(2);
    const c = await run("check", "r.xlsx", "--cert", "cert.json", "--json");
    expect(c.code).toBe(1);
    const findings = JSON.parse(c.out).findings as { code: string }[];
    expect(findings.filter((f) => f.code === "evidence-missing")).toHaveLength(9);
    write("old.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries, { answers: { "2.2/1-1": "○" } })));
    write("new.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries, { answers: { "2.2/1-1": "×" } })));
    const d = await run("diff", "old.xlsx", "new.xlsx", "--json");
    expect(d.code).toBe(1);
    expect(JSON.parse(d.out).changes.map((x: { itemId: string }) => x.itemId)).toEqual(["2.2/1-1"]);
  });

  test("mark --dry-run previews and writes nothing; contradictions are shown prominently", async () => {
    write("in.xlsx", await writeLayoutXlsx(standardLayout(crosswalk.entries, {})));
    const m = await run("mark", "in.xlsx", "--cert", "cert.json", "--dry-run");
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/書き込むセル \(\d+\)/);
    expect(fs.readdirSync(dir).sort()).toEqual(["cert.json", "in.xlsx"]);
  });

  test("zip helper sanity: differingParts sees a change", () => {
    const a = zipSync({ "a.xml": strToU8("<a/>") });
    const b = zipSync({ "a.xml": strToU8("<b/>") });
    expect(differingParts(a, b)).toEqual(["a.xml"]);
  });
});

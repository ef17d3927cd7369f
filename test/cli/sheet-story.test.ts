/**
 * The CLI side of "the workbook tells the whole story": annotate reports contradictions (exit 1) and writes the summary
 * sheet, clear removes it; evidence in 備考 counts; `evidence`; nothing-to-do exits 0; outputs named after their
 * content; unknown --lang refused. In-process main() on generated .xlsx files in a temporary folder.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { unzipSync } from "fflate";
import { main } from "../../src/cli/main";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { SUMMARY_SHEET_NAMES } from "../../src/domain/summary";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { messyLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";

const crosswalk = loadBundledCrosswalk();
let dir: string;
const CERT = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-TEST-0013",
  holder: "テストヘルス株式会社（架空）",
  serviceName: "テストPHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-04-01",
  expiresOn: "2027-03-31",
  status: "active",
};
const COVERED_B = "2.2/1-1";
const NINE = crosswalk.entries.filter((e) => e.class === "C" || e.class === "D").map((e) => e.id);

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false, cwd: dir, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z" });
  return { code, out, err };
}
const write = (name: string, data: Uint8Array | string) => fs.writeFileSync(path.join(dir, name), data);
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));
const exists = (name: string) => fs.existsSync(path.join(dir, name));

async function summaryRows(file: string) {
  const wb = XlsxWorkbook.open(read(file), file);
  const r = await wb.read({ allSheets: true, owned: [SUMMARY_SHEET_NAMES.ja, SUMMARY_SHEET_NAMES.en] });
  return { names: r.sheets.map((s) => s.name), rows: r.owned?.[0]?.values ?? [] };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-i13-"));
  write("cert.json", JSON.stringify(CERT));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("annotate: contradictions and the summary sheet", () => {
  test("a covered item answered × is reported and exits 1; the summary sheet lists it; clear gives every part back", async () => {
    const input = await writeLayoutXlsx(messyLayout(crosswalk.entries, { answers: { [COVERED_B]: "×" } }));
    write("in.xlsx", input);
    const r = await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx");
    expect(r.code).toBe(1);
    expect(r.err).toContain("要確認 1 件");
    expect(r.err).toContain(COVERED_B);
    const { names, rows } = await summaryRows("out.xlsx");
    expect(names).toContain(SUMMARY_SHEET_NAMES.ja);
    expect(rows.find((x) => x?.[0] === "認定番号")?.[1]).toBe("IB-TEST-0013");
    expect(rows.find((x) => x?.[0] === COVERED_B)?.[2]).toBe("×");
    // Print-ready: fitted to the page width, the header row repeated (print titles of the checksheet).
    const parts = unzipSync(read("out.xlsx"));
    const text = (k: string) => Buffer.from(parts[k]).toString("utf8");
    const wbXml = text("xl/workbook.xml");
    const titles = /<definedName name="_xlnm\.Print_Titles" localSheetId="(\d+)">([^<]*)<\/definedName>/.exec(wbXml);
    expect(titles).not.toBeNull();
    expect(titles![2]).toMatch(/^'チェックシート[^']*'!\$\d+:\$\d+$/);
    const sheetXmls = Object.keys(parts).filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).map(text);
    const fitted = sheetXmls.filter((x) => /<pageSetUpPr fitToPage="1"\/>/.test(x) && /<pageSetup[^>]*fitToWidth="1" fitToHeight="0"/.test(x));
    expect(fitted).toHaveLength(2); // the checksheet and the summary sheet
    const c = await run("clear", "out.xlsx", "-o", "back.xlsx");
    expect(c.code).toBe(0);
    const back = unzipSync(read("back.xlsx"));
    const orig = unzipSync(input);
    expect(Object.keys(back).sort()).toEqual(Object.keys(orig).sort());
    expect(Object.keys(orig).filter((k) => !Buffer.from(orig[k]).equals(Buffer.from(back[k])))).toEqual([]);
  });

  test("--lang en: English summary sheet name", async () => {
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries)));
    const r = await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx", "--lang", "en");
    expect(r.code).toBe(0);
    const { names, rows } = await summaryRows("out.xlsx");
    expect(names).toContain(SUMMARY_SHEET_NAMES.en);
    expect(names).not.toContain(SUMMARY_SHEET_NAMES.ja);
    expect(rows.find((x) => x?.[0] === "Number")?.[1]).toBe("IB-TEST-0013");
  });
});

describe("evidence where the applicant writes it", () => {
  test("answered C/D items with text in 備考 are not errors in check; evidence --set / --write-remarks never overwrite text", async () => {
    const answers = Object.fromEntries(crosswalk.entries.map((e) => [e.id, "○"]));
    const remarks = Object.fromEntries(NINE.slice(1).map((id) => [id, `規程 ${id}（架空）`]));
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries, { answers, remarks })));
    const c1 = await run("check", "in.xlsx", "--cert", "cert.json", "--json");
    const f1 = JSON.parse(c1.out).findings as { code: string; itemId: string }[];
    expect(f1.filter((f) => f.code === "evidence-missing").map((f) => f.itemId)).toEqual([NINE[0]]);
    expect(c1.code).toBe(1);

    const e = await run("evidence", "in.xlsx", "--set", `${NINE[0]}=消去規程（架空）`, "--write-remarks", "-o", "ev.xlsx");
    expect(e.code).toBe(0);
    expect(e.out).toContain("9 / 9");
    const c2 = await run("check", "ev.xlsx", "--json");
    expect(JSON.parse(c2.out).findings).toEqual([]);
    expect(c2.code).toBe(0);
    // Only the empty remark got the registered evidence; the others keep the applicant's text.
    const wb = XlsxWorkbook.open(read("ev.xlsx"), "ev.xlsx");
    const rr = await wb.read({ allSheets: true });
    const sheet = rr.matrices.find((m) => m.name.startsWith("チェックシート"))!;
    const texts = sheet.values.flat().filter((v): v is string => typeof v === "string");
    expect(texts).toContain("証跡: 消去規程（架空）");
    for (const id of NINE.slice(1)) expect(texts).toContain(`規程 ${id}（架空）`);
  });

  test("evidence --set refuses an A/B item and a malformed pair (exit 2, nothing written)", async () => {
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries)));
    const ab = await run("evidence", "in.xlsx", "--set", `${COVERED_B}=x`, "-o", "o.xlsx");
    expect(ab.code).toBe(2);
    expect(ab.err).toContain("区分 B");
    const bad = await run("evidence", "in.xlsx", "--set", "nothing", "-o", "o.xlsx");
    expect(bad.code).toBe(2);
    expect(exists("o.xlsx")).toBe(false);
  });
});

describe("safe everyday actions and language", () => {
  test("mark with nothing left exits 0 with a sentence and writes no file", async () => {
    const answers = Object.fromEntries(crosswalk.entries.map((e) => [e.id, "○"]));
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries, { answers })));
    const r = await run("mark", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Nothing left to mark");
    expect(exists("out.xlsx")).toBe(false);
  });

  test("clear on a file the add-in never touched writes no copy and says so", async () => {
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries)));
    const r = await run("clear", "in.xlsx", "-o", "out.xlsx");
    expect(r.code).toBe(0);
    expect(r.out).toContain("nothing to clear");
    expect(exists("out.xlsx")).toBe(false);
  });

  test("outputs must be named after their content; unknown --lang is refused with the list", async () => {
    const cw = await run("crosswalk", "--format", "csv", "-o", "cw.xlsx");
    expect(cw.code).toBe(2);
    expect(cw.err).toContain(".csv");
    expect(exists("cw.xlsx")).toBe(false);
    expect((await run("crosswalk", "--format", "csv", "-o", "cw.csv")).code).toBe(0);
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries)));
    const rep = await run("report", "in.xlsx", "--cert", "cert.json", "--format", "json", "-o", "r.csv");
    expect(rep.code).toBe(2);
    expect(exists("r.csv")).toBe(false);
    const fr = await run("scan", "in.xlsx", "--cert", "cert.json", "--lang", "fr");
    expect(fr.code).toBe(2);
    expect(fr.err).toMatch(/ja, en/);
  });
});

describe("--lang en is English", () => {
  test("scan's evidence texts and annotate's sheet texts are English", async () => {
    write("in.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries)));
    const s = await run("scan", "in.xlsx", "--cert", "cert.json", "--lang", "en", "--json");
    const items = JSON.parse(s.out).items as { class: string; evidence: string | null }[];
    const ev = items.filter((i) => i.class === "C" || i.class === "D").map((i) => i.evidence ?? "");
    expect(ev).toHaveLength(9);
    // マイナポータル is a proper noun the English texts keep (the API's name).
    const kana = (t: string) => /[ぁ-んァ-ン]/.test(t.replace(/マイナポータル/g, ""));
    for (const e of ev) expect(kana(e)).toBe(false);
    const human = await run("scan", "in.xlsx", "--cert", "cert.json", "--lang", "en");
    expect(human.out.split("\n").filter((l) => /^ {2}\[[CD]\]/.test(l)).filter(kana)).toEqual([]);
    await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx", "--lang", "en");
    const { rows } = await summaryRows("out.xlsx");
    const texts = rows.flat().filter((v): v is string => typeof v === "string");
    // Only the certification's own data (holder and service names) may be Japanese.
    const japanese = texts.filter((t) => kana(t) && !t.includes(CERT.holder) && !t.includes(CERT.serviceName));
    expect(japanese).toEqual([]);
  });
});

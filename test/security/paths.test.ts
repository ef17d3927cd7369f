/**
 * A workbook cannot make the CLI write outside the output path: sheet names, cell values, the certification
 * and the stored add-in record all carry "../../evil" paths; after scan/annotate/clear/report/review only the -o files exist.
 * The CLI runs inside root/a/b/work so a followed "../../evil" would land inside root and be seen.
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { emptyRecord, encodeRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import { standardLayout } from "../helpers/layouts";
import { addSheet } from "../helpers/make-xlsx";

const crosswalk = loadBundledCrosswalk();
const EVIL = "../../evil";
let root: string;
let work: string;

const CERT = {
  schema: "infobank-certification/1",
  certificationNumber: `${EVIL}.xlsx`,
  holder: `${EVIL}/holder（架空）`,
  serviceName: "/tmp/evil-service",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-04-01",
  expiresOn: "2027-03-31",
  status: "active",
};

async function evilWorkbook(withRecord: boolean): Promise<Uint8Array> {
  const book = standardLayout(crosswalk.entries, { sheetName: "..＼..＼evil チェックシート" });
  const s = book.sheets[0];
  for (const r of book.rowOf.values()) s.values[r][4] = `${EVIL}/${r}.xlsx`;
  const wb = new ExcelJS.Workbook();
  addSheet(wb, s);
  addSheet(wb, { name: "..", values: [[EVIL], ["../../../../etc/passwd"], ["C:\\evil\\x.xlsx"]] });
  if (withRecord) {
    const rec = { ...emptyRecord("2026-01-01T00:00:00.000Z"), sheet: `${EVIL}.xlsx`, certification: null };
    const ws = wb.addWorksheet(RECORD_SHEET_NAME, { state: "veryHidden" });
    encodeRecord(rec).forEach((v, i) => (ws.getCell(i + 1, 1).value = v));
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? [path.join(dir, e.name) + "/", ...walk(path.join(dir, e.name))] : [path.join(dir, e.name)]));
}
const tree = (dir: string) => walk(dir).map((p) => path.relative(root, p)).sort();

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false, cwd: work, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z" });
  return { code, out, err };
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "phr-paths-"));
  work = path.join(root, "a", "b", "work");
  fs.mkdirSync(work, { recursive: true });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test("only the -o files are created, whatever paths the workbook, record and certification contain", async () => {
  fs.writeFileSync(path.join(work, "in.xlsx"), await evilWorkbook(false));
  fs.writeFileSync(path.join(work, "rec.xlsx"), await evilWorkbook(true));
  fs.writeFileSync(path.join(work, "cert.json"), JSON.stringify(CERT));
  const before = tree(root);
  const outs: string[] = [];
  const expectRun = async (expected: number[], argv: string[], out?: string) => {
    const r = await cli(...argv);
    expect({ argv, code: expected.includes(r.code) }).toEqual({ argv, code: true });
    if (out && r.code !== 2) outs.push(path.join("a", "b", "work", out));
  };
  await expectRun([0, 1], ["scan", "in.xlsx", "--cert", "cert.json", "--json"]);
  await expectRun([0, 1], ["annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx"], "out.xlsx");
  await expectRun([0, 1], ["clear", "out.xlsx", "-o", "back.xlsx"], "back.xlsx");
  await expectRun([0, 1, 2], ["annotate", "rec.xlsx", "--cert", "cert.json", "-o", "out2.xlsx"], "out2.xlsx");
  await expectRun([0, 1, 2], ["clear", "rec.xlsx", "-o", "back2.xlsx"], "back2.xlsx");
  await expectRun([0, 1], ["report", ".", "--cert", "cert.json", "-o", "report.csv"], "report.csv");
  await expectRun([0, 1], ["report", "in.xlsx", "rec.xlsx", "--cert", "cert.json", "--format", "json", "-o", "report.json"], "report.json");
  await expectRun([0, 1, 2], ["review", "in.xlsx", "--reviewer", EVIL, "--set", `2.2/1-1=要修正:${EVIL}`, "-o", "rev.xlsx"], "rev.xlsx");
  expect(outs.length).toBeGreaterThanOrEqual(5);
  const after = tree(root);
  expect(after.filter((p) => !before.includes(p)).sort()).toEqual(outs.sort());
  expect(after.some((p) => /evil/i.test(p))).toBe(false);
  expect(fs.existsSync(path.resolve(work, EVIL))).toBe(false);
});

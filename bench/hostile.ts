/**
 * Hostile and broken inputs (issue 16), each run once in its own child process: wall time, peak RSS, bytes inflated
 * and cells visited. Goal: every one ends within 10 s and 1 GB RSS. Inputs are larger than the bad-input matrix's.
 */
import { execFileSync } from "child_process";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import * as fs from "fs";
import * as path from "path";
import { writeLayoutXlsx } from "../test/helpers/make-xlsx";
import { checksheetBook, TODAY } from "./fixtures";

export interface HostileResult {
  name: string;
  code: number;
  ms: number;
  peakRssMB: number;
  inflatedMB: number;
  cellsVisited: number;
  ok: boolean;
}

const MiB = 1024 ** 2;
const SHEET = "xl/worksheets/sheet1.xml";

function setDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  const nb = strToU8(name);
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = dv.getUint32(p, true);
    const at = sig === 0x02014b50 ? 46 : sig === 0x04034b50 ? 30 : -1;
    if (at < 0) continue;
    const len = dv.getUint16(p + (sig === 0x02014b50 ? 28 : 26), true);
    if (len !== nb.length || !nb.every((b, i) => out[p + at + i] === b)) continue;
    dv.setUint32(p + (sig === 0x02014b50 ? 24 : 22), size >>> 0, true);
  }
  return out;
}

/** Write the inputs into dir (run in its own child: Linux keeps a parent's peak RSS across fork + exec). */
export async function makeHostileInputs(dir: string, cert: string): Promise<void> {
  const parts = unzipSync(await writeLayoutXlsx(checksheetBook(145)));
  const xml = strFromU8(parts[SHEET]);
  const withSheet = (text: string) => zipSync({ ...parts, [SHEET]: strToU8(text) });
  const put = (name: string, data: Uint8Array | string) => fs.writeFileSync(path.join(dir, name), data);

  put("stray.xlsx", withSheet(xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')));
  let rows = "";
  for (let r = 1000; r < 101_000; r++) rows += `<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`;
  put("xfd-100k-rows.xlsx", withSheet(xml.replace("</sheetData>", rows + "</sheetData>")));
  const padded = new Uint8Array(parts[SHEET].length + 1024 * MiB).fill(0x20);
  padded.set(parts[SHEET]);
  put("bomb-lying-1g.xlsx", setDeclaredSize(zipSync({ ...parts, [SHEET]: padded }, { level: 1 }), SHEET, parts[SHEET].length));
  put("bomb-declared-4g.xlsx", setDeclaredSize(zipSync({ ...parts, "xl/media/huge.bin": new Uint8Array(1024) }), "xl/media/huge.bin", 0xfa000000));
  put("unreferenced-30m.xlsx", zipSync({ ...parts, "xl/media/unused.bin": new Uint8Array(30 * MiB) }));
  put("deep.json", fs.readFileSync(cert, "utf8").replace(/}\s*$/, `,"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`));
}

export async function benchHostile(tmp: string, cert: string): Promise<HostileResult[]> {
  const dir = path.join(tmp, "hostile");
  fs.mkdirSync(dir, { recursive: true });
  const child = path.join(__dirname, "hostile-child.js");
  execFileSync(process.execPath, [child, "--make", dir, cert], { stdio: "ignore", timeout: 300_000 });

  const cases: [string, string[]][] = [
    ["scan, value in XFD1048576", ["scan", "stray.xlsx", "--cert", cert, "--json"]],
    ["scan, 100,000 rows with a value in XFD", ["scan", "xfd-100k-rows.xlsx", "--cert", cert, "--json"]],
    ["scan, sheet part inflating 1 GB past its declared size", ["scan", "bomb-lying-1g.xlsx", "--cert", cert, "--json"]],
    ["annotate, part declaring 3.9 GB", ["annotate", "bomb-declared-4g.xlsx", "--cert", cert, "-o", "o1.xlsx"]],
    ["scan, unreferenced 30 MB part", ["scan", "unreferenced-30m.xlsx", "--cert", cert, "--json"]],
    ["annotate, certification nested 100,000 deep", ["annotate", "stray.xlsx", "--cert", "deep.json", "-o", "o2.xlsx"]],
  ];
  if (fs.existsSync("/dev/zero")) cases.push(["scan /dev/zero", ["scan", "/dev/zero", "--cert", cert]]);
  try {
    execFileSync("mkfifo", [path.join(dir, "pipe.xlsx")]);
    cases.push(["scan, a FIFO as the workbook", ["scan", "pipe.xlsx", "--cert", cert]]);
  } catch {
    /* no mkfifo here */
  }
  const out: HostileResult[] = [];
  for (const [name, argv] of cases) {
    const raw = execFileSync(process.execPath, [child, dir, TODAY, ...argv], { encoding: "utf8", maxBuffer: 1 << 20, timeout: 120_000 });
    const r = JSON.parse(raw.trim().split("\n").pop()!) as { ms: number; code: number; maxRssKB: number; inflatedBytes: number; cellsVisited: number };
    const peakRssMB = r.maxRssKB / 1024;
    out.push({ name, code: r.code, ms: r.ms, peakRssMB, inflatedMB: r.inflatedBytes / MiB, cellsVisited: r.cellsVisited, ok: r.ms <= 10_000 && peakRssMB <= 1024 });
  }
  return out;
}

/**
 * Second writers: open a workbook and save it again the way other programs do (ExcelJS from npm; LibreOffice
 * headless where installed), and a second reader (ExcelJS) to look at the result.
 */
import ExcelJS from "exceljs";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { CellValue } from "../../src/domain/types";

export async function exceljsResave(bytes: Uint8Array, edit?: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  edit?.(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

let soffice: string | null | undefined;
/** Path of LibreOffice's soffice, or null when it is not installed. */
export function libreOffice(): string | null {
  if (soffice !== undefined) return soffice;
  soffice = null;
  for (const p of ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]) if (fs.existsSync(p)) soffice = p;
  return soffice;
}

/** Open and save with LibreOffice headless (a real re-save by another program: shared strings, styles rewritten). */
export function libreOfficeResave(bytes: Uint8Array): Uint8Array {
  const bin = libreOffice();
  if (!bin) throw new Error("LibreOffice is not installed");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-lo-"));
  try {
    const inDir = path.join(dir, "in");
    const outDir = path.join(dir, "out");
    fs.mkdirSync(inDir);
    fs.mkdirSync(outDir);
    fs.writeFileSync(path.join(inDir, "book.xlsx"), bytes);
    execFileSync(
      bin,
      [
        `-env:UserInstallation=file://${path.join(dir, "profile")}`,
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        outDir,
        path.join(inDir, "book.xlsx"),
      ],
      { stdio: "pipe", timeout: 120_000 },
    );
    return new Uint8Array(fs.readFileSync(path.join(outDir, "book.xlsx")));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ReadCell {
  value: CellValue;
  formula: string | null;
  fill: string | null;
}

/** Every non-empty cell of every sheet as ExcelJS reads it (the second reader), keyed "Sheet!A1". */
export async function readWithExcelJS(bytes: Uint8Array): Promise<{ sheets: { name: string; state: string }[]; cells: Map<string, ReadCell> }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const cells = new Map<string, ReadCell>();
  const sheets: { name: string; state: string }[] = [];
  wb.eachSheet((ws) => {
    sheets.push({ name: ws.name, state: ws.state });
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (c) => {
        const v = c.value as unknown;
        let value: CellValue = null;
        let formula: string | null = null;
        if (v && typeof v === "object" && "formula" in (v as Record<string, unknown>)) {
          formula = String((v as { formula: string }).formula);
          const r = (v as { result?: unknown }).result;
          value = r === undefined || r === null || typeof r === "object" ? null : (r as CellValue);
        } else if (v && typeof v === "object" && "richText" in (v as Record<string, unknown>)) {
          value = (v as { richText: { text: string }[] }).richText.map((t) => t.text).join("");
        } else if (v instanceof Date) value = v.toISOString();
        else value = (v as CellValue) ?? null;
        const f = c.fill as ExcelJS.FillPattern | undefined;
        const argb = f && f.type === "pattern" && f.pattern !== "none" ? (f.fgColor?.argb ?? null) : null;
        const fill = argb ? `#${argb.slice(-6).toUpperCase()}` : null;
        if (value === "" && !formula && !fill) return;
        cells.set(`${ws.name}!${c.address}`, { value: value === "" ? null : value, formula, fill });
      }),
    );
  });
  return { sheets, cells };
}

/**
 * The same workbook as a long-edited file looks: shared strings in editing-history order (not in order of
 * appearance, as a fresh writer would emit them) and unused cell formats before the used ones, so a re-save by any
 * other program renumbers both. Values and formats are unchanged.
 */
export function editingHistoryOrder(bytes: Uint8Array, unusedXfs = 3): Uint8Array {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { unzipSync, zipSync, strFromU8, strToU8 } = require("fflate") as typeof import("fflate");
  const parts = unzipSync(bytes);
  const sstXml = strFromU8(parts["xl/sharedStrings.xml"]);
  const items = [...sstXml.matchAll(/<si>[\s\S]*?<\/si>/g)].map((m) => m[0]);
  const n = items.length;
  const head = sstXml.slice(0, sstXml.indexOf("<si>"));
  const tail = sstXml.slice(sstXml.lastIndexOf("</si>") + 5);
  parts["xl/sharedStrings.xml"] = strToU8(head + [...items].reverse().join("") + tail);
  const stylesXml = strFromU8(parts["xl/styles.xml"]);
  const cx = stylesXml.indexOf("<cellXfs");
  const firstXfAt = stylesXml.indexOf("<xf", cx);
  const firstXfEnd = stylesXml.indexOf("/>", firstXfAt) + 2;
  const firstEnd = stylesXml.slice(firstXfAt, firstXfEnd).includes("><") ? stylesXml.indexOf("</xf>", firstXfAt) + 5 : firstXfEnd;
  const xf0 = stylesXml.slice(firstXfAt, firstEnd);
  let styles = stylesXml.slice(0, firstXfAt) + xf0.repeat(unusedXfs) + stylesXml.slice(firstXfAt);
  styles = styles.replace(/(<cellXfs[^>]*\scount=")(\d+)"/, (_m, a: string, c: string) => `${a}${Number(c) + unusedXfs}"`);
  parts["xl/styles.xml"] = strToU8(styles);
  for (const name of Object.keys(parts)) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    let xml = strFromU8(parts[name]);
    xml = xml.replace(/<c ([^>]*?)\/?>/g, (tag) => tag.replace(/\ss="(\d+)"/, (_m, s: string) => (s === "0" ? ' s="0"' : ` s="${Number(s) + unusedXfs}"`)));
    xml = xml.replace(/<row ([^>]*?)>/g, (tag) => tag.replace(/\ss="(\d+)"/, (_m, s: string) => ` s="${Number(s) + unusedXfs}"`));
    xml = xml.replace(/<col ([^>]*?)\/>/g, (tag) => tag.replace(/\sstyle="(\d+)"/, (_m, s: string) => ` style="${Number(s) + unusedXfs}"`));
    xml = xml.replace(/(<c [^>]*\bt="s"[^>]*>)<v>(\d+)<\/v>/g, (_m, open: string, i: string) => `${open}<v>${n - 1 - Number(i)}</v>`);
    parts[name] = strToU8(xml);
  }
  return zipSync(parts);
}

/** Shared pieces of the CLI commands (options, context, opening workbooks). */
import * as path from "path";
import { isIsoDate } from "../domain/certification";
import type { Certification, Localized } from "../domain/types";
import { UserFacingError } from "../workbook/gateway";
import type { UseCaseContext } from "../workbook/usecases";
import { XlsxWorkbook } from "../workbook/xlsx";
import type { OptionSpec, Parsed } from "./args";
import { NODE_ENGINE } from "./node-engine";
import { checkOutput, fail, loadCertificationFile, loadCrosswalkOption, readInputFile, type Io } from "./io";

export interface Command {
  name: string;
  usage: string;
  summary: Localized;
  details?: string;
  options: OptionSpec[];
  run(p: Parsed, io: Io): Promise<number>;
}

export const COMMON: OptionSpec[] = [
  { name: "crosswalk", value: true },
  { name: "today", value: true },
  { name: "lang", value: true },
];

export function str(p: Parsed, name: string): string | undefined {
  const v = p.options[name];
  return typeof v === "string" ? v : undefined;
}

export function ctxFor(p: Parsed, io: Io): { ctx: UseCaseContext; warnings: Localized[] } {
  const { crosswalk, warnings } = loadCrosswalkOption(str(p, "crosswalk"), io);
  const today = str(p, "today") ?? io.today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) fail(`--today は YYYY-MM-DD で指定してください（${today}）。`, `--today must be YYYY-MM-DD (${today}).`);
  if (!isIsoDate(today)) fail(`--today の ${today} は存在しない日付です（月と日を確認してください）。`, `--today ${today} is not a real date (check the month and day).`);
  const langOpt = str(p, "lang");
  if (langOpt !== undefined && langOpt !== "ja" && langOpt !== "en")
    fail(`--lang は ja / en のいずれかです（${langOpt}）。`, `--lang must be one of ja, en ("${langOpt}").`);
  const lang = langOpt === "en" ? "en" : "ja";
  return { ctx: { crosswalk, today, now: io.now, tool: "cli", lang }, warnings };
}

export function openWorkbook(file: string, io: Io): XlsxWorkbook {
  const ext = path.extname(file).toLowerCase();
  const bytes = readInputFile(file, io, { ja: "ブック", en: "workbook" });
  if (ext === ".xls") fail(`「${file}」は旧形式の .xls です。Excel で .xlsx として保存し直してください。`, `"${file}" is a legacy .xls file; save it as .xlsx in Excel first.`);
  if (ext === ".csv") fail(`「${file}」は CSV です。チェックシートの .xlsx ファイルを指定してください。`, `"${file}" is a CSV file; give the checksheet .xlsx file.`);
  try {
    return XlsxWorkbook.open(bytes, path.basename(file), NODE_ENGINE);
  } catch (e) {
    if (e instanceof UserFacingError)
      fail(`「${path.basename(file)}」: ${e.localized.ja}`, `"${path.basename(file)}": ${e.localized.en}`);
    throw e;
  }
}

export function requireFile(p: Parsed, what: string): string {
  const f = p.positionals[0];
  if (!f) fail(`${what}を指定してください（--help を参照）。`, `Give the ${what === "ブック" ? "workbook" : what} (see --help).`);
  return f;
}

export function requireCert(p: Parsed, io: Io): Certification {
  const c = str(p, "cert");
  if (!c) fail("--cert で認定情報ファイル（infobank-certification/1 の JSON）を指定してください。", "Give the certification file with --cert (infobank-certification/1 JSON).");
  return loadCertificationFile(c, io);
}


/** Every file a command reads: the workbook and any --cert / --crosswalk / --set-file given. -o may name none of them. */
export function inputsOf(p: Parsed, file: string): string[] {
  const out = [file];
  for (const k of ["cert", "crosswalk", "set-file"]) {
    const v = str(p, k);
    if (v) out.push(v);
  }
  return out;
}

/** The extension a text output of this format must have. */
const TEXT_EXT: Record<string, string> = { json: ".json", csv: ".csv", oscal: ".json" };

/**
 * A text output (-o) must be named after its content: `--format csv` writes a .csv, json and oscal a .json; never a
 * workbook extension for text (Excel would refuse to open it).
 */
export function checkTextOutExt(out: string, format: string): void {
  const want = TEXT_EXT[format];
  if (!want) return;
  const ext = path.extname(out).toLowerCase();
  if (ext !== want)
    fail(
      `出力先「${out}」の拡張子は ${want} にしてください（内容は ${format.toUpperCase()} です）。`,
      `Give the output a ${want} extension ("${out}" would hold ${format.toUpperCase()}).`,
    );
}

/**
 * The -o output of a command that writes a new workbook from FILE: required, not any input (workbook, certification,
 * crosswalk — `--force` or not), not existing without --force, and of the input's kind: a macro-enabled workbook
 * (.xlsm) stays .xlsm (Excel refuses macro content under a .xlsx name) and a workbook is never written under another
 * extension.
 */
export function requireOut(p: Parsed, io: Io, file: string): string {
  const out = str(p, "out");
  if (!out) fail("-o で出力ファイルを指定してください。", "Give the output file with -o.");
  checkOutput(out, io, { force: Boolean(p.options.force), inputs: inputsOf(p, file) });
  const inExt = path.extname(file).toLowerCase();
  const outExt = path.extname(out).toLowerCase();
  if (inExt === ".xlsm" && outExt !== ".xlsm")
    fail(
      `「${file}」はマクロ有効ブック（.xlsm）です。出力先も .xlsm にしてください（.xlsx の名前では Excel が開けません）。`,
      `"${file}" is a macro-enabled workbook (.xlsm); give an .xlsm output (Excel will not open macro content named .xlsx).`,
    );
  if (outExt !== ".xlsx" && outExt !== ".xlsm")
    fail(`出力先「${out}」の拡張子は .xlsx にしてください（内容は Excel ブックです）。`, `Give the output an .xlsx extension ("${out}" would hold an Excel workbook).`);
  if (outExt === ".xlsm" && inExt !== ".xlsm")
    fail(`「${file}」はマクロ有効ブックではありません。出力先は .xlsx にしてください。`, `"${file}" is not macro-enabled; give an .xlsx output.`);
  return out;
}

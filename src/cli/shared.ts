/** Shared pieces of the CLI commands: options, the certification and crosswalk inputs, the context. */
import * as path from "path";
import { isIsoDate } from "../domain/certification";
import { parseCertificationJson } from "../domain/certification-json";
import { loadBundledCrosswalk, parseCrosswalk } from "../domain/crosswalk";
import { decodeJsonBytes, duplicateKeyWarnings, jsonShape } from "../domain/json-text";
import type { Certification, Crosswalk, Localized } from "../domain/types";
import type { UseCaseContext } from "../workbook/usecases";
import { str, type Parsed } from "./args";
import { INPUT_CAPS } from "./input-file";
import { checkOutput, fail, readInputFile, type Io } from "./io";

export { COMMON, type Command } from "./command-table";
export { str };

export function loadCertificationFile(file: string, io: Io): Certification {
  const bytes = readInputFile(file, io, { ja: "認定情報ファイル", en: "certification file" }, INPUT_CAPS.json);
  const decoded = decodeJsonBytes(bytes);
  if (!decoded.ok)
    fail(`認定情報ファイル「${file}」を読み取れません: ${decoded.message.ja}`, `The certification file "${file}" cannot be read: ${decoded.message.en}`);
  const r = parseCertificationJson(decoded.text);
  if (!r.ok) {
    const msgs = r.errors.map((e) => e.message);
    fail(
      `認定情報ファイル「${file}」が不正です: ${msgs.map((m) => m.ja).join(" ")}`,
      `The certification file "${file}" is invalid: ${msgs.map((m) => m.en).join(" ")}`,
    );
  }
  for (const w of r.warnings ?? []) io.err(`警告: 認定情報ファイル「${file}」: ${w.ja}\nWarning: certification file "${file}": ${w.en}\n`);
  return r.certification;
}

export function loadCrosswalkOption(file: string | undefined, io: Io): { crosswalk: Crosswalk; warnings: Localized[] } {
  if (!file) return { crosswalk: loadBundledCrosswalk(), warnings: [] };
  const bytes = readInputFile(file, io, { ja: "対応表ファイル", en: "crosswalk file" }, INPUT_CAPS.json);
  const decoded = decodeJsonBytes(bytes);
  if (!decoded.ok) fail(`対応表ファイル「${file}」を読み取れません: ${decoded.message.ja}`, `The crosswalk file "${file}" cannot be read: ${decoded.message.en}`);
  const shape = jsonShape(decoded.text, 16);
  if (shape.depth > 16) fail(`対応表ファイル「${file}」は入れ子が深すぎます。`, `The crosswalk file "${file}" is nested too deeply.`);
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch {
    fail(`対応表ファイル「${file}」は JSON として読み取れません。`, `The crosswalk file "${file}" is not valid JSON.`);
  }
  const r = parseCrosswalk(json);
  if (!r.ok) {
    const first = r.errors.slice(0, 5);
    fail(
      `対応表ファイル「${file}」が不正です: ${first.map((e) => e.message.ja).join(" ")}`,
      `The crosswalk file "${file}" is invalid: ${first.map((e) => e.message.en).join(" ")}`,
    );
  }
  const dup = duplicateKeyWarnings(shape).map((w) => ({ ja: `対応表ファイル「${file}」: ${w.ja}`, en: `crosswalk file "${file}": ${w.en}` }));
  return { crosswalk: r.crosswalk, warnings: [...dup, ...r.warnings] };
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

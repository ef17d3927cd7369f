/** `crosswalk`: export the crosswalk (json, csv, oscal) and `crosswalk import` an edited table back into a crosswalk file. */
import * as path from "path";
import { classTotals, parseCrosswalk } from "../domain/crosswalk";
import { columnOfPath, parseCsv, tableToCrosswalk } from "../domain/crosswalk-table";
import { sha256 } from "../domain/sha256";
import type { Localized } from "../domain/types";
import type { Parsed } from "./args";
import { SPECS } from "./command-table";
import { crosswalkCsv, crosswalkOscal } from "./export";
import { checkOutput, fail, readInputFile, writeOutputAtomic, type Io } from "./io";
import { checkTextOutExt, ctxFor, str, type Command } from "./shared";

function warn(io: Io, ws: Localized[]) {
  for (const w of ws) io.err(`警告: ${w.ja}\nWarning: ${w.en}\n`);
}

/** Cells of a sheet as text, rows as read (for `crosswalk import TABLE.xlsx`). */
function sheetTable(values: (string | number | boolean | null)[][]): string[][] {
  return values.map((r) => (r ?? []).map((v) => (v === null || v === undefined ? "" : String(v))));
}

async function readTable(file: string, io: Io): Promise<string[][]> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") {
    const bytes = readInputFile(file, io, { ja: "対応表", en: "table" });
    return parseCsv(new TextDecoder("utf-8").decode(bytes));
  }
  if (ext !== ".xlsx") fail(`「${file}」は .csv でも .xlsx でもありません。`, `"${file}" is neither .csv nor .xlsx.`);
  // (the workbook adapter is loaded only for an .xlsx table: the export needs none of it)
  const { openWorkbook } = await import("./open-workbook");
  const wb = openWorkbook(file, io);
  const read = await wb.read({ allSheets: true });
  const m =
    read.matrices.find((x) => (x.values[0] ?? []).some((v) => v === "id") && (x.values[0] ?? []).some((v) => v === "class")) ?? null;
  if (!m) fail(`「${file}」に見出し行（id, class, …）のあるシートがありません。`, `"${file}" has no sheet with the header row (id, class, …).`);
  return sheetTable(m.values);
}

/** `crosswalk import TABLE.csv|TABLE.xlsx -o OUT.json`: the exported table, edited, back to a crosswalk file. */
async function importCrosswalk(p: Parsed, io: Io): Promise<number> {
  const file = p.positionals[1];
  if (!file) fail("取り込む表（.csv か .xlsx）を指定してください。", "Give the table to import (.csv or .xlsx).");
  const out = str(p, "out");
  if (!out) fail("-o で出力ファイル（.json）を指定してください。", "Give the output file (.json) with -o.");
  checkOutput(out, io, { force: Boolean(p.options.force), inputs: [file] });
  const { ctx, warnings } = ctxFor(p, io);
  warn(io, warnings);
  const table = await readTable(file, io);
  const base = ctx.crosswalk;
  const meta = { schema: base.schema, crosswalkVersion: base.crosswalkVersion, checksheet: base.checksheet, checklist: base.checklist, expectedTotals: base.expectedTotals, notice: base.notice };
  const version = str(p, "set-version") ?? `${meta.crosswalkVersion}+table.${sha256(JSON.stringify(table)).slice(0, 8)}`;
  const r = tableToCrosswalk(table, { ...meta, crosswalkVersion: version });
  const list = (errs: { row: number; column: string; message: Localized }[], lang: "ja" | "en") =>
    errs
      .slice(0, 20)
      .map((e) => (lang === "ja" ? `  ${e.row}行目・列「${e.column}」: ${e.message.ja}` : `  row ${e.row}, column "${e.column}": ${e.message.en}`))
      .join("\n");
  if (!r.ok) fail(`表「${file}」を読み取れません:\n${list(r.errors, "ja")}`, `Cannot read the table "${file}":\n${list(r.errors, "en")}`);
  const checked = parseCrosswalk(r.crosswalk);
  if (!checked.ok) {
    const errs = checked.errors.map((e) => {
      const at = columnOfPath(e.path) ?? { row: 0, column: e.path };
      return { row: at.row, column: at.column, message: e.message };
    });
    fail(`表「${file}」の内容が不正です:\n${list(errs, "ja")}`, `The table "${file}" is invalid:\n${list(errs, "en")}`);
  }
  warn(io, checked.warnings);
  writeOutputAtomic(out, JSON.stringify(checked.crosswalk, null, 2) + "\n", io, { force: Boolean(p.options.force), inputs: [file] });
  const t = classTotals(checked.crosswalk.entries);
  io.out(`${out}: ${checked.crosswalk.entries.length} 項目 / items (A ${t.A}, B ${t.B}, C ${t.C}, D ${t.D}), version ${version}\n`);
  return 0;
}

export const crosswalkCmd: Command = {
  ...SPECS.crosswalk,
  async run(p, io) {
    if (p.positionals[0] === "import") return importCrosswalk(p, io);
    const { ctx, warnings } = ctxFor(p, io);
    warn(io, warnings);
    const fmt = str(p, "format") ?? "json";
    let text: string;
    if (fmt === "json") text = JSON.stringify(ctx.crosswalk, null, 2) + "\n";
    else if (fmt === "csv") text = crosswalkCsv(ctx.crosswalk);
    else if (fmt === "oscal") text = JSON.stringify(crosswalkOscal(ctx.crosswalk, io.now()), null, 2) + "\n";
    else fail(`--format は json / csv / oscal のいずれかです（${fmt}）。`, `--format must be json, csv or oscal (${fmt}).`);
    const out = str(p, "out");
    if (out) {
      checkTextOutExt(out, fmt);
      writeOutputAtomic(out, text, io, { force: Boolean(p.options.force), inputs: [str(p, "crosswalk")].filter((x): x is string => !!x) });
      const t = classTotals(ctx.crosswalk.entries);
      io.err(`${out}: ${ctx.crosswalk.entries.length} 項目 / items (A ${t.A}, B ${t.B}, C ${t.C}, D ${t.D})\n`);
    } else io.out(text);
    return 0;
  },
};

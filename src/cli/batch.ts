/** Several workbooks in one command (review, check, signoff): inputs, outputs, and the --set-file CSV. */
import * as fs from "fs";
import * as path from "path";
import { parseReviewStatus, type ReviewStatus } from "../domain/review";
import { checkOutput, fail, readInputFile, userError, type Io } from "./io";
import { resolveLossyName } from "./input-file";
import { str, type Parsed } from "./args";

/** Files named on the command line, and the .xlsx files of the folders named (sorted, Excel lock files skipped). */
export function listWorkbooks(inputs: string[], io: Io): string[] {
  const files: string[] = [];
  for (const inp of inputs) {
    const p = resolveLossyName(path.resolve(io.cwd, inp));
    if (!fs.existsSync(p)) fail(`「${inp}」が見つかりません。`, `"${inp}" was not found.`);
    if (fs.statSync(p).isDirectory()) {
      for (const f of fs.readdirSync(p).sort())
        if (/\.xlsx$/i.test(f) && !f.startsWith("~$") && !f.startsWith(".")) files.push(path.join(inp, f));
    } else files.push(inp);
  }
  return files;
}

/** The workbooks named (files, or the .xlsx files of folders); at least one. */
export function inputWorkbooks(p: Parsed, io: Io): string[] {
  if (!p.positionals.length) fail("ブックまたはフォルダーを指定してください（--help を参照）。", "Give the workbook(s) or a folder (see --help).");
  const files = listWorkbooks(p.positionals, io);
  if (!files.length) fail("対象の .xlsx ファイルがありません。", "No .xlsx files to work on.");
  return files;
}

/** Every file the command reads besides the workbooks (an output may never name one of them). */
export function otherInputs(p: Parsed): string[] {
  return ["cert", "crosswalk", "set-file"].map((n) => str(p, n)).filter((x): x is string => !!x);
}

/**
 * Where each input is written: `-o OUT` for one input, `--out-dir DIR` (same file names) for one or more.
 * Checked before any work: never an input, never an existing file without --force, no two inputs with the same name.
 */
export function outputsFor(p: Parsed, io: Io, files: string[]): Map<string, string> {
  const out = str(p, "out");
  const outDir = str(p, "out-dir");
  const force = Boolean(p.options.force);
  const map = new Map<string, string>();
  if (out && outDir) fail("-o と --out-dir は同時に指定できません。", "Give either -o or --out-dir, not both.");
  if (out) {
    if (files.length > 1) fail("複数のブックには -o ではなく --out-dir を指定してください。", "For several workbooks give --out-dir instead of -o.");
    map.set(files[0], out);
  } else if (outDir) {
    const abs = path.resolve(io.cwd, outDir);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) fail(`出力先のフォルダー「${outDir}」がありません。`, `The output folder "${outDir}" does not exist.`);
    const seen = new Set<string>();
    for (const f of files) {
      const base = path.basename(f);
      if (seen.has(base.toLowerCase())) fail(`同じ名前のブック「${base}」が複数あります。`, `Several workbooks are named "${base}".`);
      seen.add(base.toLowerCase());
      map.set(f, path.join(outDir, base));
    }
  } else fail("-o（1つのブック）または --out-dir（複数）で出力先を指定してください。", "Give the output with -o (one workbook) or --out-dir (several).");
  for (const o of map.values()) checkOutput(o, io, { force, inputs: [...files, ...otherInputs(p)] });
  return map;
}

export interface SetLine {
  /** 1-based line in the file, or 0 for --set. */
  line: number;
  ref: string;
  status: ReviewStatus;
  comment?: string;
}

/** Parse CSV text (RFC 4180 quotes, BOM, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let q = false;
  const t = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (q) {
      if (ch === '"' && t[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && t[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

const HEADER_WORDS = new Set(["id", "item", "項目", "項目id", "項目番号", "itemid"]);

/** `--set-file FILE.csv`: columns id, status, comment (a header row is optional); blank lines are skipped. */
export function readSetFile(file: string, io: Io): SetLine[] {
  const text = new TextDecoder("utf-8").decode(readInputFile(file, io, { ja: "審査状況ファイル", en: "status file" }));
  const rows = parseCsv(text);
  const out: SetLine[] = [];
  rows.forEach((r, i) => {
    const [ref = "", statusText = "", ...rest] = r.map((c) => c.trim());
    if (ref === "" && statusText === "") return;
    if (i === 0 && HEADER_WORDS.has(ref.normalize("NFKC").toLowerCase().replace(/\s+/g, ""))) return;
    const status = parseReviewStatus(statusText);
    if (!status)
      fail(
        `${file} の ${i + 1} 行目: 審査状況「${statusText}」は不正です（未確認・確認済・要修正・対象外）。`,
        `${file} line ${i + 1}: review status "${statusText}" is invalid (unreviewed, confirmed, needs-fix, not-applicable).`,
      );
    const comment = rest.join(",");
    out.push({ line: i + 1, ref, status, ...(r.length > 2 ? { comment } : {}) });
  });
  if (!out.length) fail(`${file} に審査状況の行がありません。`, `${file} holds no status lines.`);
  return out;
}

/** `--set ID=STATUS[:comment]`. */
export function parseSetOption(s: string): SetLine {
  const m = /^([^=]+)=([^:]+)(?::([\s\S]*))?$/.exec(s);
  if (!m) fail(`--set「${s}」の形式が不正です（ID=STATUS[:comment]）。`, `--set "${s}" is malformed (ID=STATUS[:comment]).`);
  const status = parseReviewStatus(m[2]);
  if (!status) fail(`審査状況「${m[2]}」は不正です（未確認・確認済・要修正・対象外）。`, `Review status "${m[2]}" is invalid (unreviewed, confirmed, needs-fix, not-applicable).`);
  return { line: 0, ref: m[1].trim(), status, ...(m[3] !== undefined ? { comment: m[3] } : {}) };
}

/**
 * Run `each` on every workbook and return the worst exit code. With several workbooks, one that cannot be processed
 * (bad input: no checksheet, an id it does not have, a damaged file) is reported with its name in both languages and
 * the others still run (exit 2 at the end); with one workbook the error ends the command as usual.
 */
export async function eachWorkbook(files: string[], io: Io, each: (file: string) => Promise<number>): Promise<number> {
  let worst = 0;
  for (const file of files) {
    try {
      worst = Math.max(worst, await each(file));
    } catch (e) {
      const u = files.length > 1 ? userError(e) : null;
      if (!u) throw e;
      io.err(`エラー: ${file}: ${u.ja}\nError: ${file}: ${u.en}\n`);
      worst = 2;
    }
  }
  return worst;
}

/** File I/O for the CLI: reading inputs, atomic writes, bilingual errors. */
import * as fs from "fs";
import * as path from "path";
import { loadBundledCrosswalk, parseCrosswalk } from "../domain/crosswalk";
import { parseCertificationJson } from "../domain/certification-json";
import { decodeJsonBytes, duplicateKeyWarnings, jsonShape } from "../domain/json-text";
import type { Certification, Crosswalk, Localized } from "../domain/types";
import { UserFacingError } from "../workbook/gateway";
import { INPUT_CAPS, InputFileError, readRegularFile } from "./input-file";

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stdout is a terminal. */
  isTTY: boolean;
  /** stderr is a terminal (progress bars are drawn only there); false when not given with a custom `err`. */
  errIsTTY?: boolean;
  cwd: string;
  /** Today's date YYYY-MM-DD (the CLI's clock; the domain never reads it). */
  today: string;
  now: () => string;
}

/** A bad-input error: exit code 2, one clear sentence in both languages. */
export class InputError extends Error {
  constructor(readonly localized: Localized) {
    super(localized.en);
  }
}

export function fail(ja: string, en: string): never {
  throw new InputError({ ja, en });
}

/** Read an input: a regular file only (not a FIFO, device or folder), at most `cap` bytes. */
export function readInputFile(file: string, io: Io, what: Localized = { ja: "ファイル", en: "file" }, cap = INPUT_CAPS.workbook): Uint8Array {
  const p = path.resolve(io.cwd, file);
  try {
    return readRegularFile(p, cap);
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    const x = e.problem;
    switch (x.kind) {
      case "not-found":
        fail(`${what.ja}「${file}」が見つかりません。`, `The ${what.en} "${file}" was not found.`);
      case "folder":
        fail(`「${file}」はフォルダーです。ファイルを指定してください。`, `"${file}" is a folder; give a file.`);
      case "not-regular":
        fail(
          `「${file}」は通常のファイルではありません（${x.what.ja}）。読み込まずに中止しました。保存されたファイルを指定してください。`,
          `"${file}" is not a regular file (${x.what.en}); it was not read. Give a saved file.`,
        );
      case "too-large":
        fail(
          `${what.ja}「${file}」は大きすぎます（${mib(x.size)}、上限 ${mib(x.cap)}）。読み込まずに中止しました。`,
          `The ${what.en} "${file}" is too large (${mib(x.size)}; the limit is ${mib(x.cap)}); it was not read.`,
        );
      default:
        fail(`${what.ja}「${file}」を読み取れません（${x.reason}）。`, `The ${what.en} "${file}" cannot be read (${x.reason}).`);
    }
  }
}

function mib(n: number): string {
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

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

/**
 * Write atomically: a temp file in the same folder, then rename. Refuses to overwrite without force,
 * and never writes over one of the inputs.
 */
/** Refuse an output that is one of the inputs, or that exists without force (checked before any work, and again on write). */
/** Same file on disk (a symlink, a hard link or another spelling of the path). */
function sameFile(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

export function checkOutput(outFile: string, io: Io, opts: { force?: boolean; inputs?: string[] }): string {
  const out = path.resolve(io.cwd, outFile);
  for (const inp of opts.inputs ?? []) {
    if (path.resolve(io.cwd, inp) === out || sameFile(path.resolve(io.cwd, inp), out))
      fail(
        `出力先「${outFile}」が入力ファイルと同じです。入力は変更しません。別の名前を指定してください。`,
        `The output "${outFile}" is the input file; the input is never modified. Choose another name.`,
      );
  }
  if (fs.existsSync(out) && !opts.force)
    fail(`出力先「${outFile}」は既に存在します。上書きするには --force を付けてください。`, `"${outFile}" already exists; add --force to overwrite.`);
  return out;
}

export function writeOutputAtomic(outFile: string, data: Uint8Array | string, io: Io, opts: { force?: boolean; inputs?: string[] }) {
  const out = checkOutput(outFile, io, opts);
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) fail(`出力先のフォルダー「${dir}」がありません。`, `The output folder "${dir}" does not exist.`);
  const tmp = path.join(dir, `.${path.basename(out)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, out);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    fail(`出力ファイル「${outFile}」を書き込めませんでした（${(e as Error).message}）。`, `Could not write "${outFile}" (${(e as Error).message}).`);
  }
}

/** An output written piece by piece: a temp file in the same folder, renamed over the output by commit(). */
export interface StreamedOutput {
  write(s: string): void;
  commit(): void;
  /** Remove the temp file (after a failure); the output is left as it was. */
  abort(): void;
}

/** Like writeOutputAtomic, for output produced in pieces: checked now, written as it comes, in place only at commit(). */
export function openOutputAtomic(outFile: string, io: Io, opts: { force?: boolean; inputs?: string[] }): StreamedOutput {
  const out = checkOutput(outFile, io, opts);
  const dir = path.dirname(out);
  if (!fs.existsSync(dir)) fail(`出力先のフォルダー「${dir}」がありません。`, `The output folder "${dir}" does not exist.`);
  const tmp = path.join(dir, `.${path.basename(out)}.${process.pid}.${Date.now()}.tmp`);
  const cannot = (e: unknown): never =>
    fail(`出力ファイル「${outFile}」を書き込めませんでした（${(e as Error).message}）。`, `Could not write "${outFile}" (${(e as Error).message}).`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, "wx");
  } catch (e) {
    cannot(e);
  }
  const abort = () => {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
      fd = null;
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  };
  return {
    write(s) {
      try {
        const b = Buffer.from(s, "utf8");
        for (let off = 0; off < b.length; ) off += fs.writeSync(fd!, b, off, b.length - off);
      } catch (e) {
        abort();
        cannot(e);
      }
    },
    commit() {
      try {
        fs.closeSync(fd!);
        fd = null;
        checkOutput(outFile, io, opts);
        fs.renameSync(tmp, out);
      } catch (e) {
        abort();
        if (userError(e)) throw e;
        cannot(e);
      }
    },
    abort,
  };
}

export function userError(e: unknown): Localized | null {
  if (e instanceof InputError) return e.localized;
  if (e instanceof UserFacingError) return e.localized;
  return null;
}

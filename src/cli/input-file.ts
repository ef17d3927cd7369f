/**
 * Reading one input file safely: only regular files (a FIFO, a device such as /dev/zero or a folder is refused
 * without being opened for reading), never more than a size cap, and names that are not valid UTF-8 found again
 * in their folder (Node turns such bytes into U+FFFD in argv and in readdir's strings).
 */
import * as fs from "fs";
import * as path from "path";

/** Largest input read, in bytes, by kind. */
export const INPUT_CAPS = { workbook: 256 * 1024 ** 2, json: 16 * 1024 ** 2 };

export type InputProblem =
  | { kind: "not-found" }
  | { kind: "folder" }
  | { kind: "not-regular"; what: { ja: string; en: string } }
  | { kind: "too-large"; size: number; cap: number }
  | { kind: "unreadable"; reason: string };

export class InputFileError extends Error {
  constructor(readonly problem: InputProblem) {
    super(problem.kind);
  }
}

function kindOf(st: fs.Stats): { ja: string; en: string } {
  if (st.isFIFO()) return { ja: "名前付きパイプ", en: "a FIFO" };
  if (st.isCharacterDevice() || st.isBlockDevice()) return { ja: "デバイス", en: "a device" };
  if (st.isSocket()) return { ja: "ソケット", en: "a socket" };
  return { ja: "特殊ファイル", en: "a special file" };
}

/**
 * A path Node can open: the string itself, or, when it holds U+FFFD (bytes that were not UTF-8) and does not
 * exist as written, the folder entry whose lossy UTF-8 reading matches, as raw bytes.
 */
export function resolveLossyName(p: string): string | Buffer {
  if (!p.includes("\uFFFD") || fs.existsSync(p)) return p;
  const dir = path.dirname(p);
  const base = path.basename(p);
  let entries: Buffer[];
  try {
    entries = fs.readdirSync(dir, { encoding: "buffer" });
  } catch {
    return p;
  }
  const hits = entries.filter((e) => e.toString("utf8") === base);
  if (hits.length !== 1) return p;
  return Buffer.concat([Buffer.from(dir.endsWith(path.sep) ? dir : dir + path.sep), hits[0]!]);
}

/** Stat (following links) and check the kind; no read. */
export function statInput(p: string | Buffer, cap: number): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new InputFileError({ kind: "not-found" });
    throw new InputFileError({ kind: "unreadable", reason: code ?? String((e as Error).message) });
  }
  if (st.isDirectory()) throw new InputFileError({ kind: "folder" });
  if (!st.isFile()) throw new InputFileError({ kind: "not-regular", what: kindOf(st) });
  if (st.size > cap) throw new InputFileError({ kind: "too-large", size: st.size, cap });
  return st;
}

/** Read a regular file of at most `cap` bytes. Opened non-blocking, and re-checked on the open descriptor. */
export function readRegularFile(file: string, cap: number): Uint8Array {
  const p = resolveLossyName(file);
  statInput(p, cap);
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InputFileError({ kind: "unreadable", reason: (e as NodeJS.ErrnoException).code ?? String((e as Error).message) });
  }
  try {
    const st = fs.fstatSync(fd);
    // Swapped for something else between the stat and the open?
    if (st.isDirectory()) throw new InputFileError({ kind: "folder" });
    if (!st.isFile()) throw new InputFileError({ kind: "not-regular", what: kindOf(st) });
    if (st.size > cap) throw new InputFileError({ kind: "too-large", size: st.size, cap });
    // Read at most cap + 1 bytes, whatever the size said (a file can grow while it is read).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, cap + 1 - total));
      if (buf.length === 0) break;
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        throw new InputFileError({ kind: "unreadable", reason: (e as NodeJS.ErrnoException).code ?? String((e as Error).message) });
      }
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > cap) throw new InputFileError({ kind: "too-large", size: total, cap });
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  } finally {
    fs.closeSync(fd);
  }
}

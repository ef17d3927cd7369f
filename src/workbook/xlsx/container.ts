/**
 * The zip container: classify the input bytes, unzip into an ordered part map,
 * and zip back. Parts are kept decompressed; untouched parts are written back
 * with their exact original bytes.
 */
import { unzipSync, zipSync, type Zippable } from "fflate";
import { openError } from "./errors";

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
  return true;
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const pat = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    pat[i * 2] = text.charCodeAt(i) & 0xff;
    pat[i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  outer: for (let i = 0; i + pat.length <= bytes.length; i++) {
    if (bytes[i] !== pat[0]) continue;
    for (let j = 1; j < pat.length; j++) if (bytes[i + j] !== pat[j]) continue outer;
    return true;
  }
  return false;
}

/** Heuristic: mostly printable text (UTF-8 / Shift_JIS CSV, TSV, HTML...). */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) bad++;
  }
  return bad <= n / 100;
}

/** Unzip, or throw the right UserFacingError for what the bytes are instead. */
export function openContainer(bytes: Uint8Array, fileName?: string): Map<string, Uint8Array> {
  if (bytes.length === 0) throw openError("empty", fileName);
  if (startsWith(bytes, CFB_MAGIC)) {
    // Encrypted OOXML is a CFB file holding "EncryptionInfo" and "EncryptedPackage" streams
    // (directory entry names are UTF-16LE).
    if (containsUtf16(bytes, "EncryptedPackage") || containsUtf16(bytes, "EncryptionInfo")) {
      throw openError("encrypted", fileName);
    }
    throw openError("xls", fileName);
  }
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7);
  if (!isZip) {
    if (looksLikeText(bytes)) throw openError("not-xlsx", fileName);
    throw openError("corrupt", fileName);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw openError("corrupt", fileName);
  }
  const parts = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith("/") && data.length === 0) continue; // directory entries
    parts.set(name, data);
  }
  return parts;
}

export function zipParts(parts: Map<string, Uint8Array>): Uint8Array {
  const z: Zippable = {};
  for (const [name, data] of parts) {
    // Already-compressed media gain nothing from deflate.
    const stored = /\.(png|jpe?g|gif|emf|wmf|bin)$/i.test(name);
    z[name] = [data, { level: stored ? 0 : 6 }];
  }
  return zipSync(z);
}

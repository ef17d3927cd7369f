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
  if (!centralDirectoryMatches(bytes, files)) throw openError("corrupt", fileName);
  const parts = new Map<string, Uint8Array>();
  // Directory entries ("xl/") are kept as they are, so the entry list survives a save.
  for (const [name, data] of Object.entries(files)) parts.set(name, data);
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

let CRC_TABLE: Uint32Array | null = null;

function crc32(data: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Walk the central directory ourselves and check every entry against what was
 * unzipped (signatures, names, sizes, CRC-32): the unzipper does not verify
 * CRCs and tolerates some damage. Zip64 archives are trusted as unzipped.
 */
function centralDirectoryMatches(bytes: Uint8Array, files: Record<string, Uint8Array>): boolean {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return false;
  const count = dv.getUint16(eocd + 10, true);
  const cdOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) return true;
  const utf8 = new TextDecoder("utf-8");
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50) return false;
    const flags = dv.getUint16(p + 8, true);
    const crc = dv.getUint32(p + 16, true);
    const size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const local = dv.getUint32(p + 42, true);
    if (size === 0xffffffff || local === 0xffffffff) return true;
    if (local + 30 > bytes.length || dv.getUint32(local, true) !== 0x04034b50) return false;
    const nb = bytes.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? utf8.decode(nb) : String.fromCharCode(...nb);
    const data = files[name];
    if (!data) return false;
    if (!(name.endsWith("/") && size === 0) && (data.length !== size || crc32(data) !== crc)) return false;
    p += 46 + nameLen + extraLen + commentLen;
  }
  return true;
}

/**
 * The zip container: classify the input bytes, read the central directory into an ordered part map,
 * and zip back. Declared sizes are checked against ZIP_LIMITS before anything is inflated; a part is
 * inflated only when it is read (never past its declared size) and kept decompressed; untouched parts
 * are written back with their exact original bytes.
 */
import { deflateSync, Inflate } from "fflate";
import { damagedPart, openError, tooLarge } from "./errors";

/**
 * The compression primitives of the container. The default is fflate (plain JavaScript, runs anywhere); the CLI
 * passes Node's native zlib (src/cli/node-engine.ts), which is several times faster. Both read and write the same
 * raw DEFLATE streams, so a file written with one reads back identically with the other.
 */
export interface ZipCodec {
  /** Inflate a raw DEFLATE stream to exactly `size` bytes; throw when it is damaged or would produce more. */
  inflateRaw(raw: Uint8Array, size: number): Uint8Array;
  /** Raw DEFLATE at `level` (1–9). */
  deflateRaw(data: Uint8Array, level: number): Uint8Array;
  crc32(data: Uint8Array): number;
}

/** fflate, streamed in steps so the output never passes the declared size. */
export const FFLATE_CODEC: ZipCodec = {
  inflateRaw(raw, size) {
    const out = new Uint8Array(size);
    let n = 0;
    let over = false;
    const inf = new Inflate((chunk) => {
      if (over) return;
      if (n + chunk.length > out.length) {
        over = true;
        return;
      }
      out.set(chunk, n);
      n += chunk.length;
    });
    for (let i = 0; i < raw.length && !over; i += INFLATE_STEP) {
      const end = Math.min(raw.length, i + INFLATE_STEP);
      inf.push(raw.subarray(i, end), end === raw.length);
    }
    if (over || n !== size) throw new Error("inflated size differs from the declared size");
    return out;
  },
  deflateRaw: (data, level) => deflateSync(data, { level: level as 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 }),
  crc32: (data) => crc32(data),
};

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

/** Limits checked on the declared sizes before anything is inflated (and enforced while inflating). */
export const ZIP_LIMITS = {
  /** Entries in the archive. */
  entries: 10_000,
  /** Uncompressed bytes of one part. */
  part: 256 * 1024 ** 2,
  /** Uncompressed bytes of all parts together. */
  total: 512 * 1024 ** 2,
  /** Above this many uncompressed bytes in all, the archive's overall ratio must stay under `ratio`. */
  ratioFrom: 32 * 1024 ** 2,
  ratio: 200,
};

/** Bytes inflated by the container since the process started (a time-independent cost measure for tests). */
export const inflateMeter = { bytes: 0 };

/** Compressed bytes pushed to the inflater at a time: bounds the output of one step (deflate expands at most ~1032×). */
const INFLATE_STEP = 16 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  csize: number;
  usize: number;
  local: number;
  /** DOS time and date of the entry (kept when the entry is written back unchanged). */
  time: number;
  date: number;
}

/** An entry as stored in the source archive: its compressed bytes, already checked when `checked`. */
interface SourceEntry {
  entry: ZipEntry;
  raw: Uint8Array;
  /** The decompressed bytes these compressed bytes were verified to produce (size and CRC-32), once inflated. */
  data: Uint8Array | null;
}

/**
 * The parts of an opened archive, in zip order. Part names are looked up case-insensitively (OPC part names
 * are), a part is inflated the first time it is read, and its size and CRC-32 are checked then.
 */
export class PartMap extends Map<string, Uint8Array> {
  private readonly pending = new Map<string, () => Uint8Array>();
  private readonly lower = new Map<string, string>();
  /** Source entries, by stored name: an unchanged part is written back with its original compressed bytes. */
  readonly source = new Map<string, SourceEntry>();
  /** The codec the parts were read with; zipParts writes with it too. */
  codec: ZipCodec = FFLATE_CODEC;

  /** The stored spelling of a part name (exact first, then case-insensitive). */
  nameOf(name: string): string {
    if (super.has(name)) return name;
    return this.lower.get(name.toLowerCase()) ?? name;
  }

  addLazy(name: string, load: () => Uint8Array): void {
    if (this.lower.has(name.toLowerCase())) return; // a second spelling of the same part name: the first wins
    super.set(name, EMPTY);
    this.lower.set(name.toLowerCase(), name);
    this.pending.set(name, load);
  }

  override has(name: string): boolean {
    return super.has(this.nameOf(name));
  }

  override get(name: string): Uint8Array | undefined {
    const n = this.nameOf(name);
    const load = this.pending.get(n);
    if (load) {
      const data = load();
      this.pending.delete(n);
      super.set(n, data);
      return data;
    }
    return super.get(n);
  }

  override set(name: string, data: Uint8Array): this {
    const n = this.nameOf(name);
    this.pending.delete(n);
    if (!this.lower) return super.set(n, data); // Map's constructor calls set before the fields exist
    this.lower.set(n.toLowerCase(), n);
    return super.set(n, data);
  }

  override delete(name: string): boolean {
    const n = this.nameOf(name);
    this.pending.delete(n);
    this.lower.delete(n.toLowerCase());
    return super.delete(n);
  }

  /** Whether a part has been inflated (for tests). */
  isLoaded(name: string): boolean {
    return this.has(name) && !this.pending.has(this.nameOf(name));
  }

  override *entries(): MapIterator<[string, Uint8Array]> {
    for (const k of [...this.keys()]) yield [k, this.get(k)!];
  }

  override *values(): MapIterator<Uint8Array> {
    for (const k of [...this.keys()]) yield this.get(k)!;
  }

  override [Symbol.iterator](): MapIterator<[string, Uint8Array]> {
    return this.entries();
  }

  override forEach(cb: (value: Uint8Array, key: string, map: Map<string, Uint8Array>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) cb.call(thisArg, v, k, this);
  }
}

const EMPTY = new Uint8Array(0);

/** Open the archive, or throw the right UserFacingError for what the bytes are instead. Nothing is inflated yet. */
export function openContainer(bytes: Uint8Array, fileName?: string, codec: ZipCodec = FFLATE_CODEC): PartMap {
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
  const entries = readCentralDirectory(bytes, fileName);
  if (!entries) throw openError("corrupt", fileName);
  checkLimits(entries, fileName);
  const parts = new PartMap();
  for (const e of entries) {
    const dataStart = localDataStart(bytes, e);
    if (dataStart < 0 || dataStart + e.csize > bytes.length) throw openError("corrupt", fileName);
    if (e.flags & 1) throw openError("corrupt", fileName); // zip-level encryption: not an Excel workbook
    if (e.method !== 0 && e.method !== 8) throw openError("corrupt", fileName);
    const raw = bytes.subarray(dataStart, dataStart + e.csize);
    // Directory entries ("xl/") are kept as they are, so the entry list survives a save.
    if (parts.has(e.name)) continue; // a second spelling of the same part name: the first wins
    const src: SourceEntry = { entry: e, raw, data: null };
    parts.source.set(e.name, src);
    parts.addLazy(e.name, () => (src.data = inflateEntry(raw, e, codec, fileName)));
  }
  parts.codec = codec;
  return parts;
}

function checkLimits(entries: ZipEntry[], fileName?: string): void {
  let total = 0;
  let compressed = 0;
  for (const e of entries) {
    if (e.usize > ZIP_LIMITS.part) throw tooLarge(fileName, `${e.name}: ${mb(e.usize)}`, mb(ZIP_LIMITS.part));
    total += e.usize;
    compressed += e.csize;
  }
  if (total > ZIP_LIMITS.total) throw tooLarge(fileName, mb(total), mb(ZIP_LIMITS.total));
  if (total > ZIP_LIMITS.ratioFrom && total > compressed * ZIP_LIMITS.ratio)
    throw tooLarge(fileName, `${mb(total)}, ${Math.round(total / Math.max(1, compressed))}:1`, `${ZIP_LIMITS.ratio}:1`);
}

function mb(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
}

/** Inflate one entry, never past its declared size; check the CRC-32. */
function inflateEntry(raw: Uint8Array, e: ZipEntry, codec: ZipCodec, fileName?: string): Uint8Array {
  let out: Uint8Array;
  if (e.method === 0) {
    if (raw.length !== e.usize) throw damagedPart(e.name, fileName);
    out = raw.slice();
  } else {
    try {
      out = codec.inflateRaw(raw, e.usize);
    } catch {
      throw damagedPart(e.name, fileName);
    }
    inflateMeter.bytes += out.length;
  }
  if (out.length !== e.usize || (!(e.name.endsWith("/") && e.usize === 0) && codec.crc32(out) !== e.crc)) throw damagedPart(e.name, fileName);
  return out;
}

/** The central directory (zip64 sizes and offsets included), or null when it is missing or inconsistent. */
function readCentralDirectory(bytes: Uint8Array, fileName?: string): ZipEntry[] | null {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = dv.getUint16(eocd + 10, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || dv.getUint32(loc, true) !== 0x07064b50) return null;
    const rec = Number(dv.getBigUint64(loc + 8, true));
    if (rec + 56 > bytes.length || dv.getUint32(rec, true) !== 0x06064b50) return null;
    count = Number(dv.getBigUint64(rec + 32, true));
    cdOffset = Number(dv.getBigUint64(rec + 48, true));
  }
  if (count > ZIP_LIMITS.entries) throw tooLarge(fileName, `${count} entries`, `${ZIP_LIMITS.entries} entries`);
  const utf8 = new TextDecoder("utf-8");
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50) return null;
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true);
    let csize = dv.getUint32(p + 20, true);
    let usize = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let local = dv.getUint32(p + 42, true);
    const time = dv.getUint16(p + 12, true);
    const date = dv.getUint16(p + 14, true);
    if (p + 46 + nameLen + extraLen > bytes.length) return null;
    const nb = bytes.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? utf8.decode(nb) : String.fromCharCode(...nb);
    if (usize === 0xffffffff || csize === 0xffffffff || local === 0xffffffff) {
      // zip64 extended information extra field (id 1): the 0xFFFFFFFF fields, in this order
      let q = p + 46 + nameLen;
      const qEnd = q + extraLen;
      while (q + 4 <= qEnd) {
        const id = dv.getUint16(q, true);
        const len = dv.getUint16(q + 2, true);
        if (id === 1) {
          let f = q + 4;
          const next = () => {
            if (f + 8 > q + 4 + len) return null;
            const v = Number(dv.getBigUint64(f, true));
            f += 8;
            return v;
          };
          if (usize === 0xffffffff) usize = next() ?? usize;
          if (csize === 0xffffffff) csize = next() ?? csize;
          if (local === 0xffffffff) local = next() ?? local;
          break;
        }
        q += 4 + len;
      }
    }
    out.push({ name, method, flags, crc, csize, usize, local, time, date });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function localDataStart(bytes: Uint8Array, e: ZipEntry): number {
  if (e.local + 30 > bytes.length) return -1;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(e.local, true) !== 0x04034b50) return -1;
  return e.local + 30 + dv.getUint16(e.local + 26, true) + dv.getUint16(e.local + 28, true);
}

/** Already-compressed media gain nothing from deflate. */
const STORED = /\.(png|jpe?g|gif|emf|wmf|bin)$/i;

/**
 * Zip the parts in their order. A part whose bytes are still the ones read from the source archive (verified by size
 * and CRC-32 when it was inflated; a part never read is inflated and verified now) is written with its original
 * compressed bytes; every other part is compressed with the codec (deflate level 6, media stored).
 */

interface ZipItem {
  name: Uint8Array;
  utf8: boolean;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  time: number;
  date: number;
  body: Uint8Array;
}

/**
 * The fields a local file header and its central directory record share, in the same order (general purpose flags,
 * method, time, date, CRC-32, sizes, name length), written from `at` (local header +6, central record +8).
 */
function entryFields(dv: DataView, at: number, it: ZipItem): void {
  dv.setUint16(at, it.utf8 ? 0x800 : 0, true);
  dv.setUint16(at + 2, it.method, true);
  dv.setUint16(at + 4, it.time, true);
  dv.setUint16(at + 6, it.date, true);
  dv.setUint32(at + 8, it.crc, true);
  dv.setUint32(at + 12, it.csize, true);
  dv.setUint32(at + 16, it.usize, true);
  dv.setUint16(at + 20, it.name.length, true);
}

export function zipParts(parts: Map<string, Uint8Array>, codec?: ZipCodec): Uint8Array {
  const pm = parts instanceof PartMap ? parts : null;
  const c = codec ?? pm?.codec ?? FFLATE_CODEC;
  const now = dosTime(new Date());
  const utf8 = new TextEncoder();
  const items: ZipItem[] = [];
  for (const [name, data] of parts) {
    const src = pm?.source.get(name);
    const nameBytes = utf8.encode(name);
    const nonAscii = nameBytes.length !== name.length;
    if (src && src.data === data) {
      const e = src.entry;
      items.push({ name: nameBytes, utf8: nonAscii, method: e.method, crc: e.crc, csize: src.raw.length, usize: e.usize, time: e.time, date: e.date, body: src.raw });
      continue;
    }
    const crc = c.crc32(data);
    const stored = STORED.test(name) || data.length === 0;
    const body = stored ? data : c.deflateRaw(data, 6);
    items.push({ name: nameBytes, utf8: nonAscii, method: stored ? 0 : 8, crc, csize: body.length, usize: data.length, time: now.time, date: now.date, body });
  }
  let localSize = 0;
  let cdSize = 0;
  for (const it of items) {
    localSize += 30 + it.name.length + it.body.length;
    cdSize += 46 + it.name.length;
  }
  if (localSize + cdSize + 22 > 0xffffffff || items.length > 0xffff) throw new Error("the archive would need zip64");
  const out = new Uint8Array(localSize + cdSize + 22);
  const dv = new DataView(out.buffer);
  let p = 0;
  const offsets: number[] = [];
  for (const it of items) {
    offsets.push(p);
    dv.setUint32(p, 0x04034b50, true);
    dv.setUint16(p + 4, 20, true);
    entryFields(dv, p + 6, it);
    dv.setUint16(p + 28, 0, true);
    out.set(it.name, p + 30);
    out.set(it.body, p + 30 + it.name.length);
    p += 30 + it.name.length + it.body.length;
  }
  const cdStart = p;
  items.forEach((it, i) => {
    dv.setUint32(p, 0x02014b50, true);
    dv.setUint16(p + 4, 20, true);
    dv.setUint16(p + 6, 20, true);
    entryFields(dv, p + 8, it);
    // extra, comment, disk number, internal attributes: 0
    dv.setUint32(p + 38, 0, true); // external attributes
    dv.setUint32(p + 42, offsets[i], true);
    out.set(it.name, p + 46);
    p += 46 + it.name.length;
  });
  dv.setUint32(p, 0x06054b50, true);
  dv.setUint16(p + 8, items.length, true);
  dv.setUint16(p + 10, items.length, true);
  dv.setUint32(p + 12, p - cdStart, true);
  dv.setUint32(p + 16, cdStart, true);
  return out;
}

function dosTime(d: Date): { time: number; date: number } {
  const y = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((y - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
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

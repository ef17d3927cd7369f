/**
 * The floor of the whole-process bench: unzip every part of IN and zip them again into OUT, nothing parsed.
 * `--lib fflate` uses fflate (unzipSync + zipSync), `--lib zlib` Node's native zlib (raw inflate / deflate) with a minimal
 * zip reader and writer below. Either way at deflate level 6, media stored, as the CLI's container writes (zipParts in
 * src/workbook/xlsx/container.ts). The bench compares annotate with the floor of the library the CLI uses.
 * Usage: node rezip.js --lib fflate|zlib IN OUT
 */
import { unzipSync, zipSync, type Zippable } from "fflate";
import * as fs from "fs";
import * as zlib from "zlib";

const STORED = /\.(png|jpe?g|gif|emf|wmf|bin)$/i;

function withFflate(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  const z: Zippable = {};
  for (const [name, data] of Object.entries(parts)) z[name] = [data, { level: STORED.test(name) ? 0 : 6 }];
  return zipSync(z);
}

let table: Uint32Array | null = null;
function crc32(data: Uint8Array): number {
  const native = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function withZlib(bytes: Buffer): Buffer {
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--)
    if (bytes.readUInt32LE(p) === 0x06054b50) {
      eocd = p;
      break;
    }
  if (eocd < 0) throw new Error("not a zip file");
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (bytes.readUInt32LE(p) !== 0x02014b50) throw new Error("damaged central directory");
    const method = bytes.readUInt16LE(p + 10);
    const csize = bytes.readUInt32LE(p + 20);
    const nameLen = bytes.readUInt16LE(p + 28);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.subarray(p + 46, p + 46 + nameLen);
    p += 46 + nameLen + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(start, start + csize);
    const data = method === 8 ? zlib.inflateRawSync(raw) : raw;
    const store = STORED.test(name.toString("utf8"));
    const out = store ? data : zlib.deflateRawSync(data, { level: 6 });
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(store ? 0 : 8, 8);
    head.writeUInt16LE(0, 10);
    head.writeUInt16LE(0x21, 12); // 1980-01-01
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(out.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(name.length, 26);
    head.writeUInt16LE(0, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);
    cen.writeUInt16LE(20, 6);
    head.copy(cen, 8, 6, 30); // flags, method, time, date, crc, sizes, name length, extra length
    cen.writeUInt32LE(offset, 42);
    locals.push(head, name, out);
    centrals.push(cen, name);
    offset += 30 + name.length + out.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const args = process.argv.slice(2);
const lib = args[0] === "--lib" ? args[1] : "fflate";
const [inFile, outFile] = args[0] === "--lib" ? args.slice(2) : args;
const bytes = fs.readFileSync(inFile);
if (lib === "zlib") fs.writeFileSync(outFile, withZlib(bytes));
else if (lib === "fflate") fs.writeFileSync(outFile, withFflate(bytes));
else {
  process.stderr.write(`rezip: unknown --lib ${lib}\n`);
  process.exitCode = 2;
}

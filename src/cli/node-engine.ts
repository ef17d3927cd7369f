/**
 * Node's native zlib and crypto for the OOXML adapter: the same raw DEFLATE streams and SHA-256 digests as the
 * portable defaults (fflate, the domain's SHA-256), several times faster. Only the CLI uses this file; the adapter
 * itself imports no Node module.
 */
import { isUtf8 } from "buffer";
import { createHash } from "crypto";
import * as zlib from "zlib";
import { FFLATE_CODEC, type ZipCodec } from "../workbook/xlsx/container";
import type { XlsxEngine } from "../workbook/xlsx/xlsx-workbook";

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** zlib.crc32 exists from Node 20.15 / 22.2; older Node 20 releases fall back to the portable one. */
const nativeCrc = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export const NODE_ZIP: ZipCodec = {
  inflateRaw(raw, size) {
    // maxOutputLength stops zlib at the declared size: a stream that would inflate further throws (damaged part).
    const out = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
    if (out.byteLength !== size) throw new Error("inflated size differs from the declared size");
    return view(out);
  },
  deflateRaw: (data, level) => view(zlib.deflateRawSync(data, { level })),
  crc32: nativeCrc ? (data) => nativeCrc(data) >>> 0 : FFLATE_CODEC.crc32,
};

export const NODE_ENGINE: XlsxEngine = {
  zip: NODE_ZIP,
  sha256Hex: (bytes) => createHash("sha256").update(bytes).digest("hex"),
  // Validation and decoding with Node's SIMD UTF-8 routines; a strict TextDecoder takes several times longer.
  decodeUtf8: (bytes) => {
    if (!isUtf8(bytes)) throw new TypeError("not UTF-8");
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  },
};

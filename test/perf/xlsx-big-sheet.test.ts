/**
 * What keeps `annotate` fast on a big sheet, guarded without timing: the checksheet's XML is parsed once (read,
 * snapshot and write share the scan's row index), parts that did not change keep their compressed bytes, and the
 * CLI's native zlib and the portable fflate write files that read back identically with either.
 */
import { unzipSync } from "fflate";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import type { CellValue } from "../../src/domain/types";
import { NODE_ENGINE, NODE_ZIP } from "../../src/cli/node-engine";
import { FFLATE_CODEC } from "../../src/workbook/xlsx/container";
import { sheetPassMeter } from "../../src/workbook/xlsx/sheet";
import { XlsxWorkbook, type XlsxEngine } from "../../src/workbook/xlsx/xlsx-workbook";
import { applyCoverage, clearMarks } from "../../src/workbook/usecases";
import { testCertification } from "../helpers/cert";
import { testContext } from "../helpers/ctx";
import { standardLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";

const crosswalk = loadBundledCrosswalk();
const EXTRA = 3000;

/** The standard checksheet followed by EXTRA rows of three texts each, every text distinct (shared strings). */
async function bigChecksheet(): Promise<Uint8Array> {
  const book = standardLayout(crosswalk.entries);
  const s = book.sheets[0]!;
  const values: CellValue[][] = s.values.map((r) => [...(r ?? [])]);
  for (let i = 0; i < EXTRA; i++) values.push([null, `記録${i}`, `受診者${i}番の健診記録（架空）`, null, `補足 ${i}: 別紙${i * 7}（架空）`]);
  return writeLayoutXlsx({ ...book, sheets: [{ ...s, values }] });
}

let input: Uint8Array;
beforeAll(async () => {
  input = await bigChecksheet();
}, 60_000);

/** Raw zip entries: name → compressed bytes (as stored), from the central directory. */
function rawEntries(zip: Uint8Array): Map<string, Uint8Array> {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (dv.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const csize = dv.getUint32(p + 20, true);
    const nl = dv.getUint16(p + 28, true);
    const el = dv.getUint16(p + 30, true);
    const cl = dv.getUint16(p + 32, true);
    const local = dv.getUint32(p + 42, true);
    const name = new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nl));
    const data = local + 30 + dv.getUint16(local + 26, true) + dv.getUint16(local + 28, true);
    out.set(name, zip.subarray(data, data + csize));
    p += 46 + nl + el + cl;
  }
  return out;
}

async function annotate(bytes: Uint8Array, engine?: XlsxEngine) {
  const wb = XlsxWorkbook.open(bytes, "big.xlsx", engine);
  const r = await applyCoverage(wb, testContext(), { certification: testCertification() });
  return { wb, r, saved: wb.save() };
}

test("apply parses the big checksheet's XML once (read, snapshot and write share one scan)", async () => {
  const sheetLength = new TextDecoder().decode(unzipSync(input)["xl/worksheets/sheet1.xml"]).length;
  sheetPassMeter.lengths.length = 0;
  const { r } = await annotate(input, NODE_ENGINE);
  expect(r.plan.counts.covered).toBe(136);
  expect(r.cellsWritten).toBeGreaterThan(0);
  // The original text is parsed once (the read's scan; snapshot and write reuse its row index). The row-height fit
  // that follows the cell writes indexes the written text once more (it is a different, longer text).
  expect(sheetPassMeter.lengths.filter((n) => n === sheetLength)).toEqual([sheetLength]);
  expect(sheetPassMeter.lengths.filter((n) => n >= sheetLength * 0.9).length).toBeLessThanOrEqual(2);
});

test("parts the write did not change are saved with their original compressed bytes", async () => {
  const { saved } = await annotate(input, NODE_ENGINE);
  const before = rawEntries(input);
  const after = rawEntries(saved);
  const same = (n: string) => {
    const a = before.get(n);
    const b = after.get(n);
    return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
  };
  expect(same("xl/sharedStrings.xml")).toBe(true);
  expect(same("xl/theme/theme1.xml")).toBe(true);
  expect(same("xl/worksheets/sheet1.xml")).toBe(false); // the checksheet was written
  // and the saved file holds exactly what was edited: every part decompresses and checks (CRC) in another reader
  const parts = unzipSync(saved);
  expect(new TextDecoder().decode(parts["xl/worksheets/sheet1.xml"])).toContain("inlineStr");
});

test("native zlib and fflate: same parts, each file reads back identically with either codec", async () => {
  const viaNode = await annotate(input, NODE_ENGINE);
  const viaFflate = await annotate(input);
  const a = unzipSync(viaNode.saved);
  const b = unzipSync(viaFflate.saved);
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const name of Object.keys(a)) expect({ name, same: Buffer.from(a[name]!).equals(Buffer.from(b[name]!)) }).toEqual({ name, same: true });
  const reads = await Promise.all(
    [viaNode.saved, viaFflate.saved].flatMap((bytes) => [XlsxWorkbook.open(bytes, "x.xlsx"), XlsxWorkbook.open(bytes, "x.xlsx", NODE_ENGINE)].map((wb) => wb.read({ allSheets: true }))),
  );
  for (const r of reads.slice(1)) {
    expect(r.matrices.map((m) => m.values)).toEqual(reads[0]!.matrices.map((m) => m.values));
    expect(r.recordCells).toEqual(reads[0]!.recordCells);
  }
});

test("clear after an annotate written with native zlib restores every part byte for byte", async () => {
  const { saved } = await annotate(input, NODE_ENGINE);
  const wb = XlsxWorkbook.open(saved, "big.xlsx", NODE_ENGINE);
  const c = await clearMarks(wb, testContext());
  expect(c.done).toBe(true);
  const back = unzipSync(wb.save());
  const orig = unzipSync(input);
  expect(Object.keys(back).sort()).toEqual(Object.keys(orig).sort());
  const differing = Object.keys(orig).filter((n) => !Buffer.from(orig[n]!).equals(Buffer.from(back[n]!)));
  expect(differing).toEqual([]);
});

describe.each([
  ["fflate", FFLATE_CODEC],
  ["node zlib", NODE_ZIP],
])("codec %s", (_name, codec) => {
  const data = new TextEncoder().encode("<x>" + "健診記録 ".repeat(5000) + "</x>");
  test("round trip, CRC-32 as in the zip format", () => {
    const raw = codec.deflateRaw(data, 6);
    expect(raw.length).toBeLessThan(data.length / 10);
    expect(Buffer.from(codec.inflateRaw(raw, data.length)).equals(Buffer.from(data))).toBe(true);
    expect(codec.crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    // each inflates the other's stream
    for (const other of [FFLATE_CODEC, NODE_ZIP]) expect(Buffer.from(other.inflateRaw(raw, data.length)).equals(Buffer.from(data))).toBe(true);
  });
  test("never inflates past the declared size, and refuses a short stream", () => {
    const raw = codec.deflateRaw(data, 6);
    expect(() => codec.inflateRaw(raw, data.length - 1)).toThrow();
    expect(() => codec.inflateRaw(raw, data.length + 1)).toThrow();
    expect(() => codec.inflateRaw(raw.subarray(0, raw.length >> 1), data.length)).toThrow();
  });
});

test("the CLI's UTF-8 decoding is the strict one: BOM kept, malformed bytes refused with a TypeError", () => {
  const decode = NODE_ENGINE.decodeUtf8!;
  const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  for (const text of ["\ufeff<x>健診</x>", "plain", "𠮷野家 ①", ""]) {
    const bytes = new TextEncoder().encode(text);
    expect(decode(bytes)).toBe(strict.decode(bytes));
  }
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, 0x61]);
  expect(decode(withBom)).toBe("\ufeffa");
  for (const bad of [[0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x61, 0xff]]) expect(() => decode(new Uint8Array(bad))).toThrow(TypeError);
});

/** Unit tests of the helpers for hostile input (issue 16): sparse iteration, JSON text, date-like ids, format characters. */
import { dateLikeId, dateLikeIdsMessage, findDateLikeIds } from "../../src/domain/date-ids";
import { normalizeText, parseCheckId, stripFormatChars } from "../../src/domain/ids";
import { decodeJsonBytes, duplicateKeyWarnings, jsonShape, MAX_JSON_DEPTH } from "../../src/domain/json-text";
import { parseCertificationJson } from "../../src/domain/certification-json";
import { MergeIndex, sparseMeter, storedCells, storedRows } from "../../src/domain/sparse";
import type { CellValue } from "../../src/domain/types";
import { detectChecksheet } from "../../src/domain/detect";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { standardLayout } from "../helpers/layouts";

describe("sparse iteration", () => {
  test("storedCells skips holes and empty values and visits only present keys of a long holey row", () => {
    const row: CellValue[] = [];
    row[2] = "a";
    row[16383] = "far";
    const before = sparseMeter.cellsVisited;
    expect(storedCells(row)).toEqual([
      { col: 2, raw: "a" },
      { col: 16383, raw: "far" },
    ]);
    expect(sparseMeter.cellsVisited - before).toBe(2);
    expect(storedCells([null, "", 0, false, undefined as unknown as CellValue])).toEqual([
      { col: 2, raw: 0 },
      { col: 3, raw: false },
    ]);
  });

  test("storedRows lists the rows holding cells", () => {
    const values: CellValue[][] = [[], ["x"], [], [null, 1]];
    expect(storedRows(values)).toEqual([1, 3]);
    expect(storedRows(values, 2)).toEqual([3]);
  });

  test("MergeIndex finds short and tall merges without expanding them", () => {
    const idx = new MergeIndex([
      { top: 0, left: 0, bottom: 1, right: 2 },
      { top: 5, left: 3, bottom: 1_048_575, right: 16_383 },
    ]);
    expect(idx.at(1, 2)).toEqual({ top: 0, left: 0, bottom: 1, right: 2 });
    expect(idx.at(2, 2)).toBeNull();
    expect(idx.at(1_000_000, 9_999)?.top).toBe(5);
    expect(idx.at(1_000_000, 2)).toBeNull();
  });
});

describe("JSON text", () => {
  const text = '{"a":"日本語"}';
  test.each([
    ["utf-8", new Uint8Array(Buffer.from(text))],
    ["utf-8-bom", new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))],
    ["utf-16le", new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))],
    ["utf-16be", new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]))],
    ["utf-16le", new Uint8Array(Buffer.from(text, "utf16le"))],
  ])("decodes %s", (enc, bytes) => {
    const d = decodeJsonBytes(bytes);
    expect(d).toEqual({ ok: true, text, encoding: enc });
  });

  test("invalid UTF-8 is refused with a bilingual reason", () => {
    const d = decodeJsonBytes(Uint8Array.from([0x7b, 0x89, 0xcb, 0x7d]));
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.message.ja).toMatch(/UTF-8 ではありません/);
      expect(d.message.en).toMatch(/not UTF-8/);
    }
  });

  test("jsonShape finds duplicate keys per object with their path, escaped keys included", () => {
    const s = jsonShape('{"status":"revoked","x":{"k":1,"k":2,"\\u006b":3},"list":[{"a":1},{"a":2}],"status":"active"}');
    expect(s.duplicates).toEqual(
      expect.arrayContaining([
        { path: "$", key: "status", count: 2 },
        { path: "$.x", key: "k", count: 3 },
      ]),
    );
    expect(s.duplicates).toHaveLength(2); // "a" in two different objects is not a duplicate
    expect(s.depth).toBe(3);
    expect(duplicateKeyWarnings(s).map((w) => w.ja)).toContainEqual(expect.stringMatching(/^キー "status" が \$ に 2 回あります。最後の値が使われます/));
  });

  test("strings holding brackets and commas do not count as structure", () => {
    expect(jsonShape('{"a":"[[[{,,}","b":"\\"{"}')).toEqual({ depth: 1, duplicates: [] });
  });

  test("depth is measured without recursion and stops above the limit", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(jsonShape(deep).depth).toBe(MAX_JSON_DEPTH + 1);
    const r = parseCertificationJson(`{"x":${deep}}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.code).toBe("too-deep");
  });
});

describe("ids", () => {
  test("format characters (Cf) are stripped in normalisation and id parsing", () => {
    expect(stripFormatChars("3\u200B-\u20602\uFEFF\u00AD")).toBe("3-2");
    expect(normalizeText("\u200B利用\u200D目的")).toBe("利用目的");
    expect(parseCheckId("3\u200B-2")).toEqual({ topic: 3, check: 2 });
  });

  test("date-like ids: serials, 3月1日 and 2026/3/1; not ordinary numbers or ids", () => {
    expect(dateLikeId(46082)).toEqual({ month: 3, day: 1 }); // 2026-03-01
    expect(dateLikeId("3月1日")).toEqual({ month: 3, day: 1 });
    expect(dateLikeId("2026/3/1")).toEqual({ month: 3, day: 1 });
    expect(dateLikeId(12)).toBeNull();
    expect(dateLikeId("3-1")).toBeNull();
    expect(dateLikeId(46082.5)).toBeNull();
  });

  test("findDateLikeIds names the column, an example and the fix", () => {
    const values: CellValue[][] = [["No", "項目"], [46082, "a"], [46083, "b"], ["3月3日", "c"], ["3-4", "d"]];
    const d = findDateLikeIds({ name: "s", values }, 1);
    expect(d).toEqual({ col: 0, count: 3, example: { row: 1, shown: "3月1日", id: "3-1" } });
    const m = dateLikeIdsMessage(d!);
    expect(m.ja).toMatch(/^列 A の 3 個のセル（例: A2 の「3月1日」）.*'3-1/);
    expect(m.en).toMatch(/Format the column as Text/);
    expect(findDateLikeIds({ name: "s", values: values.slice(0, 3) }, 1)).toBeNull(); // fewer than 3
  });

  test("detection: a date column next to found ids is not taken for ids; ids in the id column turned into dates are named", () => {
    const catalog = loadBundledCrosswalk().entries;
    const serial = (m: number, d: number) => (Date.UTC(2026, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
    // a 記入日 column (F) with dates on every item row, ids intact: no note
    const dated = standardLayout(catalog).sheets[0]!;
    for (const row of dated.values) if (typeof row?.[0] === "string" && /^\d+-\d+$/.test(row[0])) row[5] = serial(4, 1);
    // drop one item so that something is missing and the hint is looked for
    const i = dated.values.findIndex((r) => r?.[0] === "1-1");
    dated.values.splice(i, 1);
    const a = detectChecksheet(dated, catalog);
    expect(a.ok).toBe(true);
    expect(a.notes.map((n) => n.ja).join(" ")).not.toMatch(/日付に変換/);
    // the first ten ids of the id column became dates: the note names column A
    const part = standardLayout(catalog).sheets[0]!;
    let n = 0;
    for (const row of part.values) {
      const m = typeof row?.[0] === "string" ? /^(\d+)-(\d+)$/.exec(row[0]) : null;
      if (m && n < 10) {
        row[0] = serial(Number(m[1]), Number(m[2]));
        n++;
      }
    }
    const b = detectChecksheet(part, catalog);
    expect(b.missing.length).toBeGreaterThan(0);
    expect(b.notes.map((x) => x.ja).join(" ")).toMatch(/列 A の 10 個のセル.*Excel が日付に変換した項目番号/);
  });
});

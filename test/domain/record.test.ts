import { answersHash, decodeRecord, emptyRecord, encodeRecord, RecordError, RECORD_CHUNK } from "../../src/domain/record";
import { sha256 } from "../../src/domain/sha256";

describe("sha256", () => {
  test("matches known vectors", () => {
    expect(sha256("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("a".repeat(1000))).toBe("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
    // UTF-8 (Japanese)
    expect(sha256("情報銀行")).toBe(require("crypto").createHash("sha256").update("情報銀行", "utf8").digest("hex"));
  });
});

describe("record store", () => {
  const rec = () => {
    const r = emptyRecord("2026-01-01T00:00:00Z");
    r.sheet = "チェックシート";
    r.layers.push({
      kind: "annotate",
      sheet: "チェックシート",
      at: "2026-01-01T00:00:00Z",
      tool: "cli",
      before: [{ row: 1, col: 2, value: "はい", formula: null, fill: null }],
      after: [{ row: 1, col: 2, fill: "#DDEBF7" }],
    });
    return r;
  };

  test("round trip", () => {
    const cells = encodeRecord(rec());
    expect(cells[0]).toBe("phr-addin-record/1");
    expect(decodeRecord(cells)).toEqual(rec());
  });

  test("chunks are cut on code-point boundaries: a character outside the BMP at a boundary survives a cell", () => {
    const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
    // A cell cannot hold a lone surrogate: Excel and XML writers store U+FFFD instead.
    const asStored = (c: string) => c.replace(LONE, "\uFFFD");
    let straddled = 0;
    for (const ch of ["𠮷", "😀"]) {
      for (let pad = RECORD_CHUNK - 400; pad < RECORD_CHUNK; pad += 3) {
        const r = emptyRecord("2026-01-01T00:00:00Z");
        r.remarksTemplate = "x".repeat(pad) + ch.repeat(40);
        const json = JSON.stringify(r);
        const naive = json.slice(0, RECORD_CHUNK);
        if (naive !== asStored(naive)) straddled++; // the old cut would have split a pair here
        const cells = encodeRecord(r);
        for (const c of cells) expect(asStored(c)).toBe(c);
        expect(decodeRecord(cells.map(asStored))!.remarksTemplate).toBe(r.remarksTemplate);
      }
    }
    expect(straddled).toBeGreaterThan(0);
  });

  test("large records are chunked under the Excel cell limit", () => {
    const r = rec();
    r.remarksTemplate = "x".repeat(RECORD_CHUNK * 2 + 5);
    const cells = encodeRecord(r);
    expect(cells.length).toBe(3 + 3);
    expect(cells.every((c) => c.length <= 32767)).toBe(true);
    expect(decodeRecord(cells)!.remarksTemplate!.length).toBe(RECORD_CHUNK * 2 + 5);
  });

  test("no store → null", () => {
    expect(decodeRecord(null)).toBeNull();
    expect(decodeRecord([null, ""])).toBeNull();
  });

  test("a record edited by hand is detected", () => {
    const cells = encodeRecord(rec());
    cells[3] = cells[3].replace("はい", "いいえ");
    expect(() => decodeRecord(cells)).toThrow(RecordError);
    try {
      decodeRecord(cells);
    } catch (e) {
      expect((e as RecordError).code).toBe("tampered");
    }
  });

  test("wrong marker or chunk count is malformed", () => {
    expect(() => decodeRecord(["something else"])).toThrow(/does not hold/);
    const cells = encodeRecord(rec());
    cells[2] = "7";
    expect(() => decodeRecord(cells)).toThrow(/damaged/);
  });

  test("answersHash is order-independent and sensitive to values", () => {
    expect(answersHash({ a: "はい", b: "いいえ" })).toBe(answersHash({ b: "いいえ", a: "はい" }));
    expect(answersHash({ a: "はい" })).not.toBe(answersHash({ a: "いいえ" }));
  });
});

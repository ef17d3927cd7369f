/**
 * Text normalisation on sheets with many distinct texts: the process-wide cache stays bounded, detection normalises
 * each distinct text once (its own scope), and the number parsers' shortcut for texts that begin with a word never
 * changes an answer.
 */
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { detectChecksheet } from "../../src/domain/detect";
import {
  normalizationCacheSize,
  normalizationMeter,
  normalizeKept,
  normalizeText,
  normalizeTextReference,
  stripFormatChars,
  parseCanonicalId,
  parseCheckId,
  parsePartHeading,
  parseSectionHeading,
  parseSmallInt,
  parseTopicHeading,
  startsWithWord,
  withNormalizationScope,
} from "../../src/domain/ids";
import type { CellValue } from "../../src/domain/types";
import { standardLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();

test("100,000 distinct texts outside a scope: the process-wide cache stays bounded", () => {
  for (let i = 0; i < 100_000; i++) normalizeText(`（架空）記録 ${i}`);
  expect(normalizationCacheSize()).toBeGreaterThan(0);
  expect(normalizationCacheSize()).toBeLessThanOrEqual(50_000);
});

test("inside a scope every distinct text is normalised once, and the scope's cache is dropped afterwards", () => {
  const before = normalizationCacheSize();
  const texts = Array.from({ length: 60_000 }, (_, i) => `（架空）記録　${i}`);
  const c0 = normalizationMeter.computed;
  const out = withNormalizationScope(() => {
    for (let k = 0; k < 3; k++) for (const t of texts) normalizeText(t);
    return texts.map((t) => normalizeText(t));
  });
  expect(normalizationMeter.computed - c0).toBe(texts.length);
  expect(out[7]).toBe("(架空)記録 7");
  expect(normalizationCacheSize()).toBe(before);
});

test("detection on 30,000 rows of distinct texts normalises each text about once", () => {
  const book = standardLayout(crosswalk.entries);
  const s = book.sheets[0]!;
  const values: CellValue[][] = s.values.map((r) => [...(r ?? [])]);
  const rows = 30_000;
  for (let i = 0; i < rows; i++) values.push([null, `記録${i}`, `受診者${i}番の健診記録（架空）`, null, `(補足) ${i}: 別紙${i * 7}`]);
  const distinct = new Set(values.flat().filter((v): v is string => typeof v === "string")).size;
  const c0 = normalizationMeter.computed;
  const r = detectChecksheet({ ...s, values }, crosswalk.entries);
  expect(r.items.length).toBe(145);
  const computed = normalizationMeter.computed - c0;
  // each cell text once, plus the normalised forms some parsers normalise again (the "(補足)" texts start with "(")
  expect(computed).toBeLessThan(distinct * 1.4);
  expect(normalizationCacheSize()).toBeLessThanOrEqual(50_000);
});

describe("startsWithWord: the shortcut is sound", () => {
  const accepted: number[] = [];
  for (let c = 0x3041; c <= 0x3096; c++) accepted.push(c);
  for (let c = 0x30a1; c <= 0x30fa; c++) accepted.push(c);
  for (let c = 0x4e00; c <= 0x9fff; c++) if (c !== 0x7b2c) accepted.push(c);

  test("every character it accepts first is left unchanged by normalisation and starts no number", () => {
    const bad: string[] = [];
    for (const c of accepted) {
      const ch = String.fromCharCode(c);
      for (const text of [ch, `${ch}3-2`, `\u200b ${ch}(2)`, `\u3000${ch}１`]) {
        if (!startsWithWord(text)) bad.push(`not accepted: ${JSON.stringify(text)}`);
        const n = normalizeText(text);
        // every parser's pattern begins with a digit, "(", "[", "No", 第 or a circled number
        if (n[0] !== ch || /^[\d([（第nN\u2460-\u2473]/.test(n)) bad.push(`${JSON.stringify(text)} → ${JSON.stringify(n)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test("texts that may begin with a number are not short-cut, and parse as before", () => {
    for (const t of ["3-2", "３－２", "No.3-2", "(3-2)", "③-2", "第3.3節 消去", "3.3 消去及び撤回", "（２）本指針", "⑵ 本指針", "③ 事前の同意", "3 長期間", "3.3(2)/3-1", "ー3", "№3", "\u200b3-2", "ｱ", "ー"]) {
      expect({ t, word: startsWithWord(t) }).toEqual({ t, word: false });
    }
    expect(parseCheckId("No.3-2")).toEqual({ topic: 3, check: 2 });
    expect(parseSectionHeading("第3.3節 消去")?.section).toBe("3.3");
    expect(parsePartHeading("（２）本指針")?.part).toBe(2);
    expect(parseTopicHeading("③ 事前の同意")?.topic).toBe(3);
    expect(parseCanonicalId("3.3(2)/3-1")).toEqual({ section: "3.3", part: 2, topic: 3, check: 1 });
    expect(parseSmallInt("（３）")).toBe(3);
  });

  test("texts that begin with a word parse to nothing, as they did without the shortcut", () => {
    for (const t of ["記録3-2", "受診者 3.3", "データ(2)", "はい", "第三者提供"]) {
      expect([parseCheckId(t), parseSectionHeading(t), parsePartHeading(t), parseTopicHeading(t), parseCanonicalId(t), parseSmallInt(t)]).toEqual([null, null, null, null, null, null]);
    }
  });
});

describe("the normalisation shortcuts agree with the full normalisation", () => {
  const identityChars: string[] = [];
  const add = (from: number, to: number) => {
    for (let c = from; c <= to; c++) identityChars.push(String.fromCharCode(c));
  };
  add(0x21, 0x7e);
  add(0x3001, 0x3003);
  add(0x3041, 0x3096);
  add(0x30a1, 0x30fb);
  add(0x4e00, 0x9fff);

  test("each character the identity shortcut passes is its own normal form", () => {
    const changed = identityChars.filter((c) => normalizeTextReference(c) !== c);
    expect(changed).toEqual([]);
  });

  test("random strings: shortcut and cache give what the full normalisation gives", () => {
    let seed = 17;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const extra = [" ", "  ", "\u3000", "ー", "（", "）", "１", "③", "\u200b", "〜", "ｱ", "\u3099", "－", "\t"];
    const bad: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let t = "";
      const len = 1 + rnd(12);
      for (let k = 0; k < len; k++) t += rnd(5) === 0 ? extra[rnd(extra.length)] : identityChars[rnd(identityChars.length)];
      if (normalizeText(t) !== normalizeTextReference(t)) bad.push(JSON.stringify(t));
      if (normalizeKept(t) !== normalizeTextReference(t)) bad.push(`kept ${JSON.stringify(t)}`);
      const word = `補足${t}`;
      if (normalizeKept(word) !== normalizeTextReference(word)) bad.push(`kept ${JSON.stringify(word)}`);
    }
    expect(bad).toEqual([]);
  });

  test("a text kept by its caller that begins with a word skips the scope's cache; others still use it", () => {
    withNormalizationScope(() => {
      const c0 = normalizationMeter.computed;
      // begins with a word: normalised each time it is asked for (the caller keeps it; the parsers never ask)
      expect(normalizeKept("補足 ＡＢ１: 受診記録（架空）")).toBe("補足 AB1: 受診記録(架空)");
      expect(normalizeKept("補足 ＡＢ１: 受診記録（架空）")).toBe("補足 AB1: 受診記録(架空)");
      expect(normalizationMeter.computed - c0).toBe(2);
      // may begin with a number: cached as by normalizeText, so the parsers find it
      expect(normalizeKept("（３－２）")).toBe("(3-2)");
      expect(normalizeText("（３－２）")).toBe("(3-2)");
      expect(normalizationMeter.computed - c0).toBe(3);
    });
  });

  test("the quick format-character test misses no format character of the BMP", () => {
    const missed: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (/\p{Cf}/u.test(ch) && stripFormatChars(`a${ch}b`) !== "ab") missed.push(c.toString(16));
    }
    expect(missed).toEqual([]);
    expect(stripFormatChars("3\u{E0020}-2")).toBe("3-2"); // astral format characters too
  });
});

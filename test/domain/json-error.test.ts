import { parseCertificationJson } from "../../src/domain/certification-json";
import { jsonErrorLocation, malformedJsonMessage } from "../../src/domain/json-error";

const errorOf = (text: string): unknown => {
  try {
    JSON.parse(text);
  } catch (e) {
    return e;
  }
  throw new Error("expected a parse error");
};

describe("malformed JSON in our own words", () => {
  test("the location comes from the engine, the sentence is ours", () => {
    const text = '{\n  "schema": "infobank-certification/1",\n  "holder": x\n}';
    const at = jsonErrorLocation(text, errorOf(text));
    expect(at).toEqual({ line: 3, column: 13 });
    const m = malformedJsonMessage(text, errorOf(text));
    expect(m.ja).toBe("JSON として読み取れません（3 行目 13 文字目付近）。");
    expect(m.en).toBe("is not valid JSON (near line 3, column 13).");
  });

  test("the certification file error carries no engine English in the Japanese message", () => {
    for (const text of ["{ bad", '{"a": 1,}', "", "[1, 2"]) {
      const r = parseCertificationJson(text);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      const ja = r.errors[0].message.ja;
      expect(ja).toContain("JSON として読み取れません");
      expect(ja).not.toMatch(/Unexpected|token|position|SyntaxError|end of/i);
    }
  });

  test("an error without a position still gives a sentence", () => {
    expect(malformedJsonMessage("x", new Error("weird"))).toEqual({ ja: "JSON として読み取れません。", en: "is not valid JSON." });
  });
});

import { answerText, classifyAnswer, noValueFromList, normalizeAnswerText, yesValueFromList } from "../../src/domain/answers";

describe("classifyAnswer", () => {
  it.each(["はい", "○", "〇", "◯", "対応済", "対応済み", "済", "実施済", "適合", "Yes", "YES", "y", "Y", "OK", "ok", "✓", " はい ", "ＹＥＳ", "ＯＫ", "対応　済"])(
    "%s → yes",
    (v) => expect(classifyAnswer(v)).toBe("yes"),
  );
  it.each(["いいえ", "×", "✕", "未対応", "未実施", "不適合", "No", "NO", "N", "n", "NG", "ＮＧ", "Ｎｏ"])("%s → no", (v) =>
    expect(classifyAnswer(v)).toBe("no"),
  );
  it.each(["該当なし", "対象外", "N/A", "n/a", "Ｎ／Ａ", "－", "-", "―"])("%s → na", (v) => expect(classifyAnswer(v)).toBe("na"));
  it.each([null, "", "   ", "\u3000"])("%p → empty", (v) => expect(classifyAnswer(v)).toBe("empty"));
  it.each(["一部対応", "検討中", 3, "はいいいえ"])("%p → other", (v) => expect(classifyAnswer(v)).toBe("other"));
  it("booleans are yes/no", () => {
    expect(classifyAnswer(true)).toBe("yes");
    expect(classifyAnswer(false)).toBe("no");
  });
  it("normalises full-width letters and spaces (NFKC)", () => {
    expect(normalizeAnswerText(" Ｙｅｓ ")).toBe("yes");
  });
});

describe("yesValueFromList", () => {
  it("picks the sheet's own yes value from はい/いいえ", () => {
    expect(yesValueFromList(["はい", "いいえ", "該当なし"])).toEqual({ value: "はい" });
  });
  it("picks ○ from ○/×, keeping the exact list text (not a normalised form)", () => {
    expect(yesValueFromList(["×", "○"])).toEqual({ value: "○" });
    expect(yesValueFromList(["対応済み", "未対応", "－"])).toEqual({ value: "対応済み" });
    expect(yesValueFromList(["ＯＫ", "ＮＧ"])).toEqual({ value: "ＯＫ" });
  });
  it("errors when there is no list", () => {
    for (const l of [null, []]) {
      const r = yesValueFromList(l);
      expect("error" in r).toBe(true);
      if ("error" in r) {
        expect(r.error.ja).toContain("プルダウン");
        expect(r.error.en).toMatch(/Choose/);
      }
    }
  });
  it("errors when no entry reads as yes", () => {
    const r = yesValueFromList(["A", "B", "いいえ"]);
    expect("error" in r && r.error.ja).toContain("「A」");
  });
  it("errors when several entries read as yes (ambiguous), naming them", () => {
    const r = yesValueFromList(["○", "済", "×"]);
    expect("error" in r).toBe(true);
    if ("error" in r) {
      expect(r.error.ja).toContain("「○」「済」");
      expect(r.error.en).toContain('"○", "済"');
    }
  });
  it("duplicate identical entries are not ambiguous", () => {
    expect(yesValueFromList(["はい", "はい", "いいえ"])).toEqual({ value: "はい" });
  });
  it("noValueFromList picks the no value", () => {
    expect(noValueFromList(["○", "×"])).toEqual({ value: "×" });
  });
});

describe("answerText", () => {
  it("renders cell values as text", () => {
    expect(answerText(null)).toBe("");
    expect(answerText("はい")).toBe("はい");
    expect(answerText(1)).toBe("1");
    expect(answerText(true)).toBe("TRUE");
  });
});

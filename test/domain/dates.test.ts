import { parseDateInput } from "../../src/domain/dates";

const iso = (s: string) => {
  const r = parseDateInput(s);
  return r.ok ? r.iso : null;
};

describe("parseDateInput", () => {
  test.each([
    ["2025-10-01", "2025-10-01"],
    ["2025/10/01", "2025-10-01"],
    ["2025/1/5", "2025-01-05"],
    ["２０２５／１０／０１", "2025-10-01"],
    ["2025年10月1日", "2025-10-01"],
    ["令和7年10月1日", "2025-10-01"],
    ["令和元年5月1日", "2019-05-01"],
    ["R7.10.1", "2025-10-01"],
    ["r7/10/1", "2025-10-01"],
    ["Ｒ７．１０．１", "2025-10-01"],
    ["平成31年4月30日", "2019-04-30"],
    ["H1.1.8", "1989-01-08"],
    [" 2024/02/29 ", "2024-02-29"],
  ])("%s → %s", (input, want) => expect(iso(input)).toBe(want));

  test.each(["", "2025-13-01", "2025-02-30", "2023/02/29", "令和1年4月30日", "平成31年5月1日", "H1.1.7", "R0.1.1", "昭和64年1月7日", "10/01/2025", "tomorrow"])(
    "%s is refused with a bilingual sentence",
    (input) => {
      const r = parseDateInput(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
        // English, apart from the quoted input and the 和暦 example of what to type.
        expect(r.message.en.replace(/"[^"]*"/g, "").replace("令和7年10月1日", "")).not.toMatch(/[ぁ-んァ-ン一-龥]/);
      }
    },
  );
});

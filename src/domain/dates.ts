/**
 * Dates as people type them: YYYY-MM-DD, YYYY/MM/DD (also with full-width digits) and 和暦
 * (令和7年10月1日, 令和元年5月1日, R7.10.1, R7/10/1, 平成31年4月30日, H31.4.30). Pure: no Date parsing of free text.
 */
import type { Localized } from "./types";

export type DateParse = { ok: true; iso: string } | { ok: false; message: Localized };

const ERAS: { names: string[]; en: string; start: [number, number, number]; end?: [number, number, number] }[] = [
  { names: ["令和", "r"], en: "Reiwa", start: [2019, 5, 1] },
  { names: ["平成", "h"], en: "Heisei", start: [1989, 1, 8], end: [2019, 4, 30] },
];

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const cmp = (a: [number, number, number], b: [number, number, number]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

function daysIn(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function bad(text: string): DateParse {
  return {
    ok: false,
    message: {
      ja: `日付「${text}」を読み取れません。2025-10-01、2025/10/01、令和7年10月1日、R7.10.1 のように入力してください。`,
      en: `Cannot read the date "${text}". Type it as 2025-10-01, 2025/10/01, 令和7年10月1日 or R7.10.1.`,
    },
  };
}

function build(text: string, y: number, m: number, d: number): DateParse {
  if (!(m >= 1 && m <= 12) || !(d >= 1 && d <= daysIn(y, m)))
    return { ok: false, message: { ja: `日付「${text}」は存在しない日です。`, en: `"${text}" is not a calendar date.` } };
  return { ok: true, iso: `${pad(y, 4)}-${pad(m)}-${pad(d)}` };
}

/** Parse a typed date into YYYY-MM-DD. */
export function parseDateInput(input: string): DateParse {
  const text = input.trim();
  const t = text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  if (!t) return bad(text);
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (m) return build(text, Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(令和|平成|r|h)(元|\d{1,2})(?:年(\d{1,2})月(\d{1,2})日|[./-](\d{1,2})[./-](\d{1,2}))$/.exec(t);
  if (!m) return bad(text);
  const era = ERAS.find((e) => e.names.includes(m![1]))!;
  const n = m[2] === "元" ? 1 : Number(m[2]);
  const month = Number(m[3] ?? m[5]);
  const day = Number(m[4] ?? m[6]);
  if (n < 1) return bad(text);
  const year = era.start[0] + n - 1;
  const r = build(text, year, month, day);
  if (!r.ok) return r;
  const ymd: [number, number, number] = [year, month, day];
  if (cmp(ymd, era.start) < 0 || (era.end && cmp(ymd, era.end) > 0))
    return {
      ok: false,
      message: {
        ja: `「${text}」は${era.names[0]}の期間外です（${era.start.join("-")}${era.end ? `〜${era.end.join("-")}` : " 以降"}）。`,
        en: `"${text}" is outside the ${era.en} era (${era.start.map((x, i) => (i ? pad(x) : x)).join("-")}${era.end ? ` to ${era.end.map((x, i) => (i ? pad(x) : x)).join("-")}` : " onwards"}).`,
      },
    };
  return r;
}

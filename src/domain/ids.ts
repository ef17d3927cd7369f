/**
 * Id and text normalisation helpers for reading PHR checksheets.
 * Plain TypeScript: no Office, no Node APIs.
 */

const CIRCLED_START = 0x2460; // ①
const CIRCLED_END = 0x2473; // ⑳

/** ① .. ⑳ → 1 .. 20; anything else → null. */
export function circledToNumber(ch: string): number | null {
  if (ch.length !== 1) return null;
  const code = ch.charCodeAt(0);
  if (code >= CIRCLED_START && code <= CIRCLED_END) return code - CIRCLED_START + 1;
  return null;
}

/** 1 .. 20 → ① .. ⑳. */
export function numberToCircled(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new RangeError(`no circled number for ${n}`);
  return String.fromCharCode(CIRCLED_START + n - 1);
}

/** Dash-like characters unified to "-" (ー only when it is not a katakana/hiragana prolonged sound mark). */
const DASHES = /[‐‑‒–—―−－﹣ｰ]/g;
const TILDES = /[〜～∼]/g;
const KANA_BEFORE = /[\u3040-\u30ff\uff66-\uff9f]/;

/**
 * NFKC, trim, collapse whitespace, unify dashes (ー－‐−–— → "-") and waves (〜～ → "~").
 *
 * ー (U+30FC) is unified only when it does not follow a kana character, so that words such as
 * 「データ」「サービス」 keep their prolonged sound mark while 「3ー2」 becomes 「3-2」.
 * Circled numbers are NOT expanded here (NFKC would turn ③ into 3); callers that care
 * about ③ read it before normalising.
 */
const normCache = new Map<string, string>();
const NORM_CACHE_MAX = 50_000;
/** The cache of the running normalisation scope (see withNormalizationScope), or null. */
let scopeCache: Map<string, string> | null = null;

/** Normalisations computed (cache misses), for tests: a time-independent measure of the work done. */
export const normalizationMeter = { computed: 0 };

/** Entries held by the process-wide cache (bounded by NORM_CACHE_MAX; for tests). */
export function normalizationCacheSize(): number {
  return normCache.size;
}

export function normalizeText(s: unknown): string {
  if (s === null || s === undefined) return "";
  const key = typeof s === "string" ? s : String(s);
  if (IDENTITY.test(key)) return key; // nothing to normalise: no cache entry either
  const cache = scopeCache ?? normCache;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const out = normalizeUncached(key);
  normalizationMeter.computed++;
  if (!scopeCache && normCache.size >= NORM_CACHE_MAX) normCache.clear();
  cache.set(key, out);
  return out;
}

/**
 * Texts normalisation leaves as they are: ASCII letters, digits and symbols, 、。〃, hiragana, katakana letters and
 * ・ (not ー, which may become a dash) and CJK unified ideographs, in words separated by single spaces. Each of these
 * characters is its own NFKC form and none combines with a neighbour (test/perf/normalize-scope.test.ts checks
 * them one by one and in random strings against the full normalisation).
 */
const IDENTITY = /^[\x21-\x7e\u3001-\u3003\u3041-\u3096\u30a1-\u30fb\u4e00-\u9fff]+(?: [\x21-\x7e\u3001-\u3003\u3041-\u3096\u30a1-\u30fb\u4e00-\u9fff]+)*$/;
const CIRCLED = /[\u2460-\u2473]/;
const DASH_OR_TILDE = /[‐‑‒–—―−－﹣ｰ〜～∼]/;

/** The full normalisation, without the shortcuts and the cache (the reference the tests compare them with). */
export function normalizeTextReference(s: string): string {
  return normalizeUncached(s);
}

/**
 * normalizeText for a caller that keeps the result itself (detection's grid keeps one per cell): a text that begins
 * with a word (startsWithWord) is normalised without the cache, since the number parsers never normalise such a text
 * and the caller does not ask again; on a sheet of distinct prose that cache would only grow. Same result as
 * normalizeText.
 */
export function normalizeKept(s: string): string {
  if (!startsWithWord(s)) return normalizeText(s);
  if (IDENTITY.test(s)) return s;
  normalizationMeter.computed++;
  return normalizeUncached(s);
}

/**
 * Run `fn` (synchronous) with a cache of its own: every distinct text is normalised once however many times `fn` reads
 * it, and the cache is dropped when `fn` returns. Detection reads each cell text many times (once per candidate layout);
 * on a sheet with more distinct texts than the process-wide cache holds, that cache would be cleared over and over
 * and every read would normalise again. The scope's memory follows the sheet being read (its distinct texts) and
 * is released with it; the process-wide cache stays bounded.
 */
export function withNormalizationScope<T>(fn: () => T): T {
  if (scopeCache) return fn();
  scopeCache = new Map();
  try {
    return fn();
  } finally {
    scopeCache = null;
  }
}

/** Detection reads the same cell texts many times (once per candidate layout), so results are memoised above. */
function normalizeUncached(key: string): string {
  let t = stripFormatChars(key);
  // Protect circled numbers from NFKC.
  if (CIRCLED.test(t)) t = t.replace(/[\u2460-\u2473]/g, (c) => `\u0000${c.charCodeAt(0) - CIRCLED_START}\u0000`);
  // ー after a non-kana character is a dash; do it before NFKC turns ｰ into ー.
  if (t.indexOf("ー") >= 0)
    t = t.replace(/ー/g, (c, offset: number, whole: string) => {
      const prev = offset > 0 ? whole[offset - 1] : "";
      return prev && KANA_BEFORE.test(prev) ? c : "-";
    });
  t = t.normalize("NFKC");
  if (t.indexOf("\u0000") >= 0) t = t.replace(/\u0000(\d+)\u0000/g, (_m, n: string) => String.fromCharCode(CIRCLED_START + Number(n)));
  if (DASH_OR_TILDE.test(t)) t = t.replace(DASHES, "-").replace(TILDES, "~");
  t = t.replace(/[\s\u3000]+/g, " ").trim();
  return t;
}

/**
 * Remove Unicode format characters (general category Cf: zero-width space U+200B, joiners, BOM U+FEFF,
 * direction marks, soft hyphen…), which pasted text often carries invisibly ("3\u200B-2" is "3-2").
 */
export function stripFormatChars(s: string): string {
  return MAYBE_FORMAT.test(s) && FORMAT_CHARS.test(s) ? s.replace(FORMAT_CHARS_G, "") : s;
}
/**
 * A superset of \p{Cf} that is fast to test (Unicode property escapes are slow in V8): the format characters of the
 * BMP, and any surrogate (the astral ones are checked by the exact test).
 */
const MAYBE_FORMAT = /[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]/;
const FORMAT_CHARS = /\p{Cf}/u;
const FORMAT_CHARS_G = /\p{Cf}/gu;

/**
 * True when a cell text begins (after whitespace and format characters) with a kanji other than 第, a hiragana or a
 * katakana letter: characters NFKC leaves unchanged that none of the number parsers below (ids, sections, parts,
 * topics, small integers) accepts first. They return null for such a text without normalising it, which spares
 * detection most of its work on long sheets of prose (every text checked for every candidate layout).
 */
export function startsWithWord(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 0x3000 || c === 0x85 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x1680) continue;
    if ((c >= 0x4e00 && c <= 0x9fff && c !== 0x7b2c) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa)) return true;
    if (c < 0x80) return false;
    if (FORMAT_CHARS.test(s[i]!)) continue;
    return false;
  }
  return false;
}

/** Cell value → trimmed string ("" for empty). Numbers are printed without float noise. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    return String(Number.isInteger(v) ? v : Number(v.toPrecision(12)));
  }
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

export interface CheckId {
  topic: number;
  check: number;
}

const CHECK_ID_RE = /^[([]?\s*(?:no\.?\s*)?(\d{1,2})\s*-\s*(\d{1,3})\s*[)\]]?\s*\.?$/i;

/**
 * "3-2", "３－２", "No.3-2", "No３-２", "(3-2)", "3－2．" → {topic:3, check:2}. Circled topic "③-2" too.
 * Returns null for anything else (including "3.3", "2024-03").
 */
export function parseCheckId(s: unknown): CheckId | null {
  if (s === null || s === undefined || typeof s === "boolean" || typeof s === "number") return null;
  if (typeof s === "string" && startsWithWord(s)) return null;
  let t = normalizeText(s);
  if (!t) return null;
  const circ = circledToNumber(t[0] ?? "");
  if (circ !== null) t = `${circ}${t.slice(1)}`;
  const m = CHECK_ID_RE.exec(t);
  if (!m) return null;
  const topic = Number(m[1]);
  const check = Number(m[2]);
  if (topic < 1 || check < 1) return null;
  return { topic, check };
}

export interface SectionHeading {
  /** "3.3" */
  section: string;
  chapter: string;
  heading: string;
}

const SECTION_RE = /^(?:第\s*)?(\d{1,2})\s*\.\s*(\d{1,2})(?!\d)(?!\.\d)\s*\.?\s*(?:節)?\s*(.*)$/;

/**
 * "3.3 消去及び撤回", "３．３　消去及び撤回", "3.3." → {section:"3.3", chapter:"3", heading}.
 * A bare number like 3.3 (a numeric cell) also parses, with an empty heading.
 */
export function parseSectionHeading(s: unknown): SectionHeading | null {
  if (s === null || s === undefined || typeof s === "boolean") return null;
  if (typeof s === "string" && startsWithWord(s)) return null;
  const t = normalizeText(cellText(s));
  const m = SECTION_RE.exec(t);
  if (!m) return null;
  const rest = (m[3] ?? "").trim();
  // "3.3-1" style composite ids are not headings.
  if (/^[-~]/.test(rest)) return null;
  return { section: `${Number(m[1])}.${Number(m[2])}`, chapter: String(Number(m[1])), heading: rest };
}

export interface PartHeading {
  part: number;
  heading: string;
}

const PART_RE = /^[(]\s*(\d{1,2})\s*[)]\s*(.*)$/;

/** "(2) 本指針に基づく遵守すべき事項", "（２）…", "⑵ …" → {part:2, heading}. */
export function parsePartHeading(s: unknown): PartHeading | null {
  if (s === null || s === undefined || typeof s !== "string") return null;
  if (startsWithWord(s)) return null;
  const t = normalizeText(s);
  const m = PART_RE.exec(t);
  if (!m) return null;
  const part = Number(m[1]);
  if (part < 1) return null;
  return { part, heading: (m[2] ?? "").trim() };
}

export interface TopicHeading {
  topic: number;
  /** As written: "③" or "3". */
  label: string;
  heading: string;
}

/**
 * "③ 第三者提供に係る事前の同意取得", "3 長期間利用がない場合の措置", "3．長期間…", "3) …" → {topic:3, label, heading}.
 * Requires heading text after a plain number (a bare "3" is not a heading); a bare "③" parses with an empty heading.
 * Never matches a section ("3.3 …"), a part ("(2) …") or a check id ("3-2").
 */
export function parseTopicHeading(s: unknown): TopicHeading | null {
  if (s === null || s === undefined || typeof s !== "string") return null;
  if (startsWithWord(s)) return null;
  const raw = stripFormatChars(s).trim();
  const circ = circledToNumber(raw[0] ?? "");
  if (circ !== null) {
    const heading = normalizeText(raw.slice(1)).replace(/^[.:、]\s*/, "");
    if (/^-\s*\d/.test(heading)) return null; // "③-2" is an id
    return { topic: circ, label: raw[0]!, heading };
  }
  const t = normalizeText(raw);
  if (parseSectionHeading(t) || parseCheckId(t)) return null;
  const m = /^(\d{1,2})\s*(?:[.)、:]\s*|\s+)(.+)$/.exec(t);
  if (!m) return null;
  const heading = m[2]!.trim();
  if (!heading || /^[\d\-~.]/.test(heading)) return null;
  return { topic: Number(m[1]), label: m[1]!, heading };
}

/** Canonical catalog id: "3.3(2)/3-1", "2.2/1-1". */
export function canonicalId(section: string | null, part: number | null, topic: number | null, check: number | null): string {
  const sec = section ?? "?";
  const p = part !== null && part !== undefined ? `(${part})` : "";
  return `${sec}${p}/${topic ?? "?"}-${check ?? "?"}`;
}

export interface ParsedCanonicalId {
  section: string;
  part: number | null;
  topic: number;
  check: number;
}

/** Parse a canonical id ("3.3(2)/3-1") or a one-cell composite ("3.3(2) 3-1", "3.3-(2)-3-1", "2.2-1-1"). */
export function parseCanonicalId(s: unknown): ParsedCanonicalId | null {
  if (typeof s !== "string") return null;
  if (startsWithWord(s)) return null;
  const t = normalizeText(s);
  const m =
    /^(\d{1,2}\.\d{1,2})(?:\s*-?\s*\((\d{1,2})\)\s*[/\s-]?|\s*[/\s-])\s*(\d{1,2})\s*-\s*(\d{1,3})$/.exec(t);
  if (!m) return null;
  return { section: m[1]!, part: m[2] ? Number(m[2]) : null, topic: Number(m[3]), check: Number(m[4]) };
}

/** Parse an integer written as a number, "3", "３", "(3)", "③", "No.3". */
export function parseSmallInt(v: CellValueLike): number | null {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 && v < 1000 ? v : null;
  if (typeof v !== "string") return null;
  if (startsWithWord(v)) return null;
  const raw = stripFormatChars(v).trim();
  if (!raw) return null;
  const circ = circledToNumber(raw);
  if (circ !== null) return circ;
  const t = normalizeText(raw);
  const m = /^[([]?\s*(?:no\.?\s*)?(\d{1,3})\s*[)\]]?\s*\.?$/i.exec(t);
  return m ? Number(m[1]) : null;
}

type CellValueLike = string | number | boolean | null | undefined;

/** Text comparison key for headings: normalised, without spaces and common punctuation. */
export function headingKey(s: string | null | undefined): string {
  if (!s) return "";
  return normalizeText(s)
    .replace(/^[\u2460-\u2473]/, "")
    .replace(/^\(?\d{1,2}[.)]?\s*/, "")
    .replace(/[\s・、。,.「」『』()（）:：]/g, "")
    .toLowerCase();
}

/** Similarity of two headings 0..1 (Dice coefficient on character bigrams of headingKey). */
export function headingSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  const x = headingKey(a);
  const y = headingKey(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  if (x.includes(y) || y.includes(x)) return 0.9;
  const grams = (s: string): Map<string, number> => {
    const m = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++) {
      const g = s.slice(i, i + 2);
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  const gx = grams(x);
  const gy = grams(y);
  let inter = 0;
  for (const [g, n] of gx) inter += Math.min(n, gy.get(g) ?? 0);
  const total = Math.max(1, x.length - 1 + y.length - 1);
  return (2 * inter) / total;
}

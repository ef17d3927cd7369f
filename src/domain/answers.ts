/**
 * Answer vocabulary of the PHR checksheet's answer column.
 *
 * Checksheets use different dropdown lists (はい/いいえ, ○/×, 対応済/未対応...).
 * We classify what a cell says, but never invent a value to write: the value
 * written is always one of the sheet's own dropdown entries (yesValueFromList).
 * Plain TypeScript: no Office, no Node APIs.
 */
import type { CellValue, Localized } from "./types";

export type AnswerClass = "yes" | "no" | "na" | "empty" | "other";

/** NFKC, trimmed, lower-case, inner whitespace removed (「対応 済」 = 「対応済」). */
export function normalizeAnswerText(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, "");
}

/** Normalised forms (see normalizeAnswerText) of each class. */
const YES = new Set(
  [
    "はい",
    "○",
    "〇",
    "◯",
    "◎",
    "対応済",
    "対応済み",
    "済",
    "済み",
    "実施済",
    "実施済み",
    "適合",
    "yes",
    "y",
    "ok",
    "✓",
    "✔",
  ].map(normalizeAnswerText),
);
const NO = new Set(
  ["いいえ", "×", "✕", "✖", "╳", "未対応", "未実施", "不適合", "no", "n", "ng"].map(normalizeAnswerText),
);
const NA = new Set(
  [
    "該当なし",
    "該当無し",
    "非該当",
    "対象外",
    "n/a",
    "na",
    "－",
    "-",
    "‐",
    "‑",
    "–",
    "—",
    "―",
    "ー",
  ].map(normalizeAnswerText),
);

/** What an answer cell says. Booleans count as yes/no; numbers are "other". */
export function classifyAnswer(value: CellValue | undefined): AnswerClass {
  if (value === null || value === undefined) return "empty";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return "other";
  const t = normalizeAnswerText(value);
  if (t === "") return "empty";
  if (YES.has(t)) return "yes";
  if (NO.has(t)) return "no";
  if (NA.has(t)) return "na";
  return "other";
}

export type ListPick = { value: string } | { error: Localized };

function pickFromList(list: string[] | null, want: AnswerClass, label: Localized): ListPick {
  if (!list || list.length === 0) {
    return {
      error: {
        ja: `回答欄にプルダウン（入力規則のリスト）が見つかりません。書き込む「${label.ja}」の値を選んでください。`,
        en: `No dropdown list (data validation) was found on the answer column. Choose the "${label.en}" value to write.`,
      },
    };
  }
  const seen = new Set<string>();
  const hits: string[] = [];
  for (const entry of list) {
    if (typeof entry !== "string" || seen.has(entry)) continue;
    seen.add(entry);
    if (classifyAnswer(entry) === want) hits.push(entry);
  }
  if (hits.length === 1) return { value: hits[0] };
  const shown = list.map((v) => `「${v}」`).join("");
  if (hits.length === 0) {
    return {
      error: {
        ja: `プルダウンの選択肢 ${shown} に「${label.ja}」に当たる値がありません。書き込む値を選んでください。`,
        en: `None of the dropdown entries ${list.map((v) => `"${v}"`).join(", ")} reads as "${label.en}". Choose the value to write.`,
      },
    };
  }
  return {
    error: {
      ja: `プルダウンの選択肢のうち ${hits.map((v) => `「${v}」`).join("")} がいずれも「${label.ja}」に当たります。書き込む値を選んでください。`,
      en: `Several dropdown entries read as "${label.en}" (${hits.map((v) => `"${v}"`).join(", ")}). Choose the value to write.`,
    },
  };
}

/**
 * The sheet's own "yes" value, taken from its dropdown list. Never assumed:
 * no list, no yes-like entry, or several yes-like entries give an error asking the user to choose.
 */
export function yesValueFromList(list: string[] | null): ListPick {
  return pickFromList(list, "yes", { ja: "はい（対応済）", en: "yes" });
}

/** The sheet's own "no" value (same rules as yesValueFromList). */
export function noValueFromList(list: string[] | null): ListPick {
  return pickFromList(list, "no", { ja: "いいえ（未対応）", en: "no" });
}

/** Cell value as answer text for snapshots and sign-off ("" for empty). */
export function answerText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

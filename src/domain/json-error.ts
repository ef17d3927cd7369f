/**
 * Malformed JSON in our own words: where the engine says the problem is (line, column), never the engine's English
 * text inside a Japanese sentence. Pure.
 */
import type { Localized } from "./types";

/** Line and column (1-based) of a JSON.parse error, when the engine's message gives a position. */
export function jsonErrorLocation(text: string, error: unknown): { line: number; column: number } | null {
  const msg = error instanceof Error ? error.message : String(error);
  const lc = /line (\d+) column (\d+)/i.exec(msg);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/i.exec(msg);
  const token = /unexpected token '(.)'/i.exec(msg);
  const at0 = pos ? Number(pos[1]) : token ? firstOutsideStrings(text, token[1]) : -1;
  if (at0 >= 0) {
    const at = Math.min(at0, text.length);
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    return { line, column: at - before.lastIndexOf("\n") };
  }
  if (/unexpected end/i.test(msg)) {
    const lines = text.split("\n");
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
  }
  return null;
}

/** Index of the first `ch` outside JSON strings (engines that name the token but not its position), or -1. */
function firstOutsideStrings(text: string, ch: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ch) return i;
  }
  return -1;
}

/** "is not valid JSON (near line 3, column 7)" in both languages. */
export function malformedJsonMessage(text: string, error: unknown): Localized {
  const at = jsonErrorLocation(text, error);
  return at
    ? { ja: `JSON として読み取れません（${at.line} 行目 ${at.column} 文字目付近）。`, en: `is not valid JSON (near line ${at.line}, column ${at.column}).` }
    : { ja: "JSON として読み取れません。", en: "is not valid JSON." };
}

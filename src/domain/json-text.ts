/**
 * JSON as users save it: the text encoding of the bytes (UTF-8 with or without BOM, UTF-16 LE/BE with BOM,
 * as Windows Notepad and PowerShell write it), and what JSON.parse does not say: duplicate keys (it silently
 * keeps the last) and nesting depth (checked without recursion, before anything walks the value).
 *
 * Plain TypeScript: TextDecoder is a web API, no Node APIs.
 */
import type { Localized } from "./types";

export type JsonEncoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be";

export type DecodedJson = { ok: true; text: string; encoding: JsonEncoding } | { ok: false; message: Localized };

/** Decode JSON bytes by their BOM (or UTF-16 without BOM recognised by its zero bytes); invalid UTF-8 is refused. */
export function decodeJsonBytes(bytes: Uint8Array): DecodedJson {
  const b = bytes;
  let encoding: JsonEncoding = "utf-8";
  let body = b;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    encoding = "utf-8-bom";
    body = b.subarray(3);
  } else if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) {
    encoding = "utf-16le";
    body = b.subarray(2);
  } else if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    encoding = "utf-16be";
    body = b.subarray(2);
  } else if (b.length >= 4 && b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) {
    encoding = "utf-16le"; // "{\0\n\0": UTF-16 LE without BOM
  } else if (b.length >= 4 && b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) {
    encoding = "utf-16be";
  }
  const label = encoding === "utf-16le" ? "utf-16le" : encoding === "utf-16be" ? "utf-16be" : "utf-8";
  try {
    const text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
    return { ok: true, text, encoding };
  } catch {
    return label === "utf-8"
      ? {
          ok: false,
          message: {
            ja: "文字コードが UTF-8 ではありません（Shift_JIS などの可能性があります）。UTF-8 で保存し直してください。",
            en: "the text is not UTF-8 (it may be Shift_JIS or another encoding); save it as UTF-8.",
          },
        }
      : {
          ok: false,
          message: { ja: `${label.toUpperCase()} として読み取れません（途中で切れている可能性があります）。`, en: `cannot be read as ${label.toUpperCase()} (it may be truncated).` },
        };
  }
}

/** Deepest nesting accepted; deeper documents are refused before they are parsed or walked. */
export const MAX_JSON_DEPTH = 64;

export interface JsonShape {
  /** Deepest nesting of objects/arrays seen (scanning stops once above MAX_JSON_DEPTH). */
  depth: number;
  /** Keys that occur more than once in the same object, with their JSON path ("$.status"). */
  duplicates: { path: string; key: string; count: number }[];
}

/**
 * One linear, non-recursive pass over JSON text: nesting depth and duplicate keys per object.
 * Malformed text is scanned as far as it goes (JSON.parse reports the syntax error).
 */
export function jsonShape(text: string, maxDepth = MAX_JSON_DEPTH): JsonShape {
  type Frame = { kind: "{" | "["; path: string; keys: Map<string, number> | null; index: number; expectKey: boolean; lastKey: string | null };
  const stack: Frame[] = [];
  const dup = new Map<string, { path: string; key: string; count: number }>();
  let depth = 0;
  let i = 0;
  const n = text.length;
  const childPath = (f: Frame | undefined): string => {
    if (!f) return "$";
    return f.kind === "[" ? `${f.path}[${f.index}]` : `${f.path}.${f.lastKey ?? "?"}`;
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      // string: find its end, decode only when it is a key
      let j = i + 1;
      let simple = true;
      while (j < n && text[j] !== '"') {
        if (text[j] === "\\") {
          simple = false;
          j += 2;
        } else j++;
      }
      const raw = text.slice(i + 1, j);
      i = j + 1;
      const top = stack[stack.length - 1];
      if (top && top.kind === "{" && top.expectKey) {
        let key = raw;
        if (!simple) {
          try {
            key = JSON.parse(`"${raw}"`) as string;
          } catch {
            /* malformed: JSON.parse reports it */
          }
        }
        const c = (top.keys!.get(key) ?? 0) + 1;
        top.keys!.set(key, c);
        if (c > 1) dup.set(`${top.path}\u0000${key}`, { path: top.path, key, count: c });
        top.lastKey = key;
        top.expectKey = false;
      }
      continue;
    }
    if (ch === "{" || ch === "[") {
      const parent = stack[stack.length - 1];
      stack.push({ kind: ch, path: childPath(parent), keys: ch === "{" ? new Map() : null, index: 0, expectKey: ch === "{", lastKey: null });
      if (stack.length > depth) depth = stack.length;
      if (depth > maxDepth) break;
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ",") {
      const top = stack[stack.length - 1];
      if (top) {
        if (top.kind === "{") top.expectKey = true;
        else top.index++;
      }
    }
    i++;
  }
  return { depth, duplicates: [...dup.values()] };
}

/** Bilingual warnings for duplicate keys (the value JSON.parse keeps is the last one). */
export function duplicateKeyWarnings(shape: JsonShape): Localized[] {
  return shape.duplicates.map((d) => ({
    ja: `キー "${d.key}" が ${d.path} に ${d.count} 回あります。最後の値が使われます。意図した値か確認し、1 つにしてください。`,
    en: `The key "${d.key}" appears ${d.count} times in ${d.path}; the last value is used. Check it and keep one.`,
  }));
}

/** The refusal for a document nested deeper than MAX_JSON_DEPTH. */
export function tooDeepMessage(maxDepth = MAX_JSON_DEPTH): Localized {
  return {
    ja: `入れ子が深すぎます（${maxDepth} 段を超えています）。認定情報の形式（infobank-certification/1）に沿っているか確認してください。`,
    en: `is nested too deeply (more than ${maxDepth} levels); check that it follows infobank-certification/1.`,
  };
}

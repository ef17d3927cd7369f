/**
 * Which crosswalk the marks in a workbook came from: the SHA-256 of its canonical JSON. A module of its own so that
 * the task pane's first-load JavaScript (which needs crosswalk-core.ts, not the hash) does not carry it.
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import { sha256 } from "./sha256";
import type { Crosswalk } from "./types";

const hashes = new WeakMap<Crosswalk, string>();

/** JSON with object keys sorted at every level (undefined members dropped): the same data gives the same text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : canonicalJson(x))).join(",")}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
}

/** SHA-256 (hex) of a crosswalk's canonical JSON: which table the marks in a workbook came from. */
export function crosswalkHash(x: Crosswalk): string {
  let h = hashes.get(x);
  if (!h) {
    h = sha256(canonicalJson(x));
    hashes.set(x, h);
  }
  return h;
}

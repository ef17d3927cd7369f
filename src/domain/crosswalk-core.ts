/**
 * The crosswalk helpers that need no schema library: ids, class totals, reference formatting, and the bundled data.
 * The task pane and the ribbon commands import this module only, so their bundle does not carry zod;
 * crosswalk.ts holds the schema and the validating parser (used by the CLI and the tests).
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import bundledJson from "./data/crosswalk.json";
import { sha256 } from "./sha256";
import type { Crosswalk, CrosswalkEntry, InfobankItemNo, InfobankRef, ItemClass } from "./types";

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

/** Canonical item id: `${section}${part ? "(" + part + ")" : ""}/${topic}-${check}`, e.g. "3.3(2)/3-1", "2.2/1-1". */
export function canonicalItemId(item: { section: string; part: number | null; topic: number; check: number }): string {
  return `${item.section}${item.part ? `(${item.part})` : ""}/${item.topic}-${item.check}`;
}

/** Class totals of a set of entries. */
export function classTotals(entries: readonly Pick<CrosswalkEntry, "class">[]): Record<ItemClass, number> {
  const totals: Record<ItemClass, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const e of entries) totals[e.class] += 1;
  return totals;
}

/**
 * The crosswalk shipped with the product, as data. It is validated against the schema by the test suite
 * (test/domain/crosswalk.test.ts: parseCrosswalk(bundled) is ok and equal to this) and at load time by the CLI
 * (loadBundledCrosswalk in crosswalk.ts); the task pane trusts the build artifact to stay small.
 */
export function bundledCrosswalk(): Crosswalk {
  return bundledJson as unknown as Crosswalk;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Item numbers as the 情報銀行 checklist writes them: M items listed one by one (`M01、M02`),
 * No items as single numbers or ranges (`No.86`, `No.130〜133`; consecutive numbers are joined into a range).
 * Series keep their order of first appearance.
 */
export function formatItemNos(items: readonly InfobankItemNo[]): string {
  const order: ("No" | "M")[] = [];
  const nums: Record<"No" | "M", Set<number>> = { No: new Set(), M: new Set() };
  for (const it of items) {
    if (!order.includes(it.series)) order.push(it.series);
    const to = it.to !== undefined && it.to >= it.from ? it.to : it.from;
    for (let n = it.from; n <= to; n++) nums[it.series].add(n);
  }
  const parts: string[] = [];
  for (const series of order) {
    const sorted = [...nums[series]].sort((a, b) => a - b);
    if (series === "M") {
      for (const n of sorted) parts.push(`M${pad2(n)}`);
      continue;
    }
    let i = 0;
    while (i < sorted.length) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
      parts.push(j > i ? `No.${sorted[i]}〜${sorted[j]}` : `No.${sorted[i]}`);
      i = j + 1;
    }
  }
  return parts.join("、");
}

/** `5.4.1④ 諮問体制 M01、M02、No.130〜133`. With `markPartial`, a partial reference gets `（一部）`. */
export function formatInfobankRef(ref: InfobankRef, options: { markPartial?: boolean } = {}): string {
  const nos = formatItemNos(ref.items);
  const base = `${ref.section}${ref.subItem} ${ref.heading}${nos ? ` ${nos}` : ""}`;
  return options.markPartial && ref.partial ? `${base}（一部）` : base;
}

/**
 * The crosswalk helpers that need no schema library: ids, class totals, reference formatting, and the bundled data
 * (the hash of a crosswalk is in crosswalk-hash.ts).
 * The task pane and the ribbon commands import this module only, so their bundle does not carry zod;
 * crosswalk.ts holds the schema and the validating parser (used by the CLI and the tests).
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import type { Crosswalk, CrosswalkEntry, InfobankItemNo, InfobankRef, ItemClass } from "./types";

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

let bundled: Crosswalk | null = null;

/**
 * The crosswalk shipped with the product, as data, once loaded: Node code loads it with the module (crosswalk.ts);
 * the task pane and the ribbon page load it with loadBundledCrosswalkData(), a chunk of its own fetched after the
 * first-load JavaScript (it is most of the pane's bytes). It is validated against the schema by the test suite
 * (test/domain/crosswalk.test.ts: parseCrosswalk(bundled) is ok and equal to this) and at load time by the CLI
 * (loadBundledCrosswalk in crosswalk.ts); the task pane trusts the build artifact to stay small.
 */
export function bundledCrosswalk(): Crosswalk {
  if (!bundled) throw new Error("The bundled crosswalk is not loaded yet (await loadBundledCrosswalkData()).");
  return bundled;
}

/** Hand the bundled crosswalk to bundledCrosswalk() (Node code imports the data with the module). */
export function provideBundledCrosswalk(data: unknown): void {
  bundled = data as Crosswalk;
}

/** Load the bundled crosswalk's data (a lazy chunk in the task pane), once. */
export async function loadBundledCrosswalkData(): Promise<Crosswalk> {
  if (!bundled) {
    const m = (await import(/* webpackChunkName: "crosswalk-data" */ "./data/crosswalk.json")) as { default?: unknown };
    bundled = (m.default ?? m) as Crosswalk;
  }
  return bundled;
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

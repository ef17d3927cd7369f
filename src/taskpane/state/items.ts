/**
 * Item list model: coverage items joined with where they sit in the sheet,
 * and the filter (class, covered / needs evidence, text search).
 */
import { formatInfobankRef } from "../../domain/crosswalk-core";
import type { CoverageStatus, DetectedItem, DetectionResult, ItemClass, ItemCoverage } from "../../domain/types";

export interface ItemRow {
  coverage: ItemCoverage;
  /** Where the item is in the sheet (null when the sheet does not have it). */
  detected: DetectedItem | null;
}

export type StatusFilter = "all" | CoverageStatus;

export interface ItemFilter {
  /** Empty = every class. */
  classes: ItemClass[];
  status: StatusFilter;
  query: string;
}

export const EMPTY_FILTER: ItemFilter = { classes: [], status: "all", query: "" };

export function buildRows(items: ItemCoverage[], detection: DetectionResult | null): ItemRow[] {
  const byId = new Map<string, DetectedItem>();
  for (const d of detection?.items ?? []) if (d.catalogId) byId.set(d.catalogId, d);
  return items.map((coverage) => ({ coverage, detected: byId.get(coverage.id) ?? null }));
}

function norm(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Everything a search can match: id (canonical and as read), summary in both languages, references. */
export function searchText(row: ItemRow): string {
  const e = row.coverage.entry;
  return norm(
    [
      e.id,
      row.detected?.rawId ?? "",
      e.summary.ja,
      e.summary.en,
      e.topicHeading,
      e.sectionHeading,
      ...e.infobankRefs.map((r) => formatInfobankRef(r)),
    ].join("\n"),
  );
}

export function filterRows(rows: ItemRow[], filter: ItemFilter): ItemRow[] {
  const terms = norm(filter.query).split(" ").filter(Boolean);
  return rows.filter((row) => {
    if (filter.classes.length && !filter.classes.includes(row.coverage.class)) return false;
    if (filter.status !== "all" && row.coverage.status !== filter.status) return false;
    if (terms.length) {
      const hay = searchText(row);
      if (!terms.every((t) => hay.includes(t))) return false;
    }
    return true;
  });
}

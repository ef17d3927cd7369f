/** Crosswalk exports: CSV (UTF-8 with BOM, opens in Excel) and an OSCAL mapping-collection JSON. */
import { formatInfobankRef } from "../domain/crosswalk";
import { crosswalkToCsv } from "../domain/crosswalk-table";
import { sha256 } from "../domain/sha256";
import type { Crosswalk, ItemClass } from "../domain/types";

/** The table `crosswalk import` reads back (columns: CROSSWALK_COLUMNS in domain/crosswalk-table.ts). */
export function crosswalkCsv(x: Crosswalk): string {
  return crosswalkToCsv(x);
}

/** Deterministic UUID (v5-style layout from sha256) so exports are stable. */
export function stableUuid(name: string): string {
  const h = sha256(name);
  const v = (parseInt(h[16], 16) & 0x3) | 0x8;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${v.toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Source = the 情報銀行 checklist, target = the PHR checksheet item, so the relationship reads
 * "the certification item is <superset-of|equivalent-to|subset-of> the PHR item":
 * A superset, B equivalent, C subset, D no relationship.
 */
export const OSCAL_RELATIONSHIP: Record<ItemClass, string> = {
  A: "superset-of",
  B: "equivalent-to",
  C: "subset-of",
  D: "no-relationship",
};

export function refControlId(r: Crosswalk["entries"][number]["infobankRefs"][number]): string {
  const items = r.items.map((i) => (i.series === "M" ? `M${String(i.from).padStart(2, "0")}` : `No${i.from}${i.to ? `-${i.to}` : ""}`));
  return `infobank-${r.section}-${r.subItem}-${items.join("_")}`;
}

export function crosswalkOscal(x: Crosswalk, now: string) {
  const ns = `phr-infobank-crosswalk:${x.crosswalkVersion}`;
  return {
    "mapping-collection": {
      uuid: stableUuid(ns),
      metadata: {
        title: `PHR指針チェックシート（${x.checksheet.version}）と${x.checklist.title} ver${x.checklist.version} の対応表`,
        "last-modified": now,
        version: x.crosswalkVersion,
        "oscal-version": "1.2.0",
        remarks: `${x.notice.ja}\n${x.notice.en}`,
      },
      provenance: {
        method: "human",
        "matching-rationale": "semantic",
        status: "draft",
        "mapping-description": "Class totals and five items are published by the government comparison (資料4); the other entries are our own assessment. Relationship direction: source (情報銀行 checklist item) relative to target (PHR checksheet item).",
      },
      mappings: [
        {
          uuid: stableUuid(`${ns}:mapping`),
          "source-resource": { type: "catalog", href: "#infobank-checklist", remarks: `${x.checklist.title} ver${x.checklist.version}` },
          "target-resource": { type: "catalog", href: "#phr-checksheet", remarks: `${x.checksheet.title} (${x.checksheet.version})` },
          maps: x.entries.map((e) => ({
            uuid: stableUuid(`${ns}:${e.id}`),
            relationship: OSCAL_RELATIONSHIP[e.class],
            sources: e.infobankRefs.length
              ? e.infobankRefs.map((r) => ({ type: "control", "id-ref": refControlId(r), remarks: formatInfobankRef(r) }))
              : [{ type: "control", "id-ref": "infobank-none", remarks: "情報銀行認定に該当項目なし / no counterpart" }],
            targets: [{ type: "control", "id-ref": `phr-${e.id}` }],
            props: [
              { name: "class", value: e.class },
              { name: "provenance", value: e.provenance.kind },
            ],
            remarks: `${e.provenance.rationale.ja} / ${e.provenance.rationale.en}${e.evidence ? ` | 必要な証跡: ${e.evidence.ja}` : ""}`,
          })),
        },
      ],
    },
  };
}

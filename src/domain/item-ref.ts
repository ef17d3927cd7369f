/**
 * Item references as a reviewer types them: the catalog id ("3.3(2)/3-1"), the id as the sheet shows it
 * ("３－１", full-width digits and hyphens) under its section heading ("3.3(2) ３－１", "3.3 3-1"), or the sheet row
 * ("行12", "row 12", "R12"). Resolved against the detection result, never guessed: an id that several sections share
 * is refused with the candidates listed. Plain TypeScript.
 */
import { normalizeText, parseCanonicalId, parseCheckId } from "./ids";
import type { DetectedItem, DetectionResult, Localized } from "./types";

/** The item's label as the sheet shows it: section (and part) heading number, then the id text as read. */
export function sheetLabelOf(d: DetectedItem): string {
  const head = d.section ? `${d.section}${d.part !== null ? `(${d.part})` : ""}` : "";
  return head ? `${head} ${d.rawId}` : d.rawId;
}

export type ItemRefResult = { ok: true; itemId: string; item: DetectedItem | null } | { ok: false; error: Localized };

function describe(items: DetectedItem[]): string {
  return items.map((d) => `${sheetLabelOf(d)}（${d.row + 1}行 / row ${d.row + 1}）`).join("、");
}

/**
 * Resolve one reference. `catalogIds` are the ids the crosswalk knows (a catalog id is accepted even when the sheet
 * lacks the item, so a review can be recorded for a missing item).
 */
export function resolveItemRef(text: string, detection: DetectionResult, catalogIds: ReadonlySet<string>): ItemRefResult {
  const raw = text.trim();
  const t = normalizeText(raw);
  const items = detection.items.filter((d) => d.catalogId);
  if (catalogIds.has(raw)) return { ok: true, itemId: raw, item: items.find((d) => d.catalogId === raw) ?? null };
  if (catalogIds.has(t)) return { ok: true, itemId: t, item: items.find((d) => d.catalogId === t) ?? null };

  const row = /^(?:行|row|r)\s*(\d{1,7})$|^(\d{1,7})\s*行(?:目)?$/i.exec(t);
  if (row) {
    const n = Number(row[1] ?? row[2]) - 1;
    const hit = items.find((d) => d.row === n);
    if (hit) return { ok: true, itemId: hit.catalogId!, item: hit };
    return { ok: false, error: { ja: `${n + 1} 行目にチェックシートの項目はありません。`, en: `Row ${n + 1} holds no checksheet item.` } };
  }

  const canon = parseCanonicalId(t);
  if (canon) {
    const hits = items.filter(
      (d) => d.section === canon.section && d.topic === canon.topic && d.check === canon.check && (canon.part === null || d.part === canon.part),
    );
    if (hits.length === 1) return { ok: true, itemId: hits[0].catalogId!, item: hits[0] };
    if (hits.length > 1) return ambiguous(raw, hits);
  }

  const check = parseCheckId(t);
  if (check) {
    const hits = items.filter((d) => d.topic === check.topic && d.check === check.check);
    if (hits.length === 1) return { ok: true, itemId: hits[0].catalogId!, item: hits[0] };
    if (hits.length > 1) return ambiguous(raw, hits);
  }
  return {
    ok: false,
    error: {
      ja: `項目「${raw}」はチェックシートにも対応表にも見つかりません（例: 「3.3(2) ３－１」「行12」「3.3(2)/3-1」）。`,
      en: `Item "${raw}" is neither on the checksheet nor in the crosswalk (e.g. "3.3(2) 3-1", "row 12", "3.3(2)/3-1").`,
    },
  };
}

function ambiguous(raw: string, hits: DetectedItem[]): ItemRefResult {
  return {
    ok: false,
    error: {
      ja: `項目「${raw}」は複数の見出しの下にあります。見出しの番号を付けてください: ${describe(hits)}`,
      en: `Item "${raw}" appears under several headings; add the heading number: ${describe(hits)}`,
    },
  };
}

/**
 * Content verification: does the text under an item number say what the catalog entry of that number says?
 *
 * Detection matches rows to the catalog by number only. This step scores every matched row's text against every catalog
 * entry (similarity.ts), then assigns rows to entries so that the total similarity is highest, with a small bonus for the
 * entry a row's number points to (Hungarian method). Deciding row by row is not enough: two checks of one topic often share
 * most of their words, and an exchange between them only shows when both rows are looked at together. Then it
 *  - keeps a row whose text agrees with its numbered entry ("matched by number");
 *  - moves a row whose text disagrees out of the matched items into `unverified` (要確認): it is never covered, never
 *    bulk-marked and not counted; both texts are kept so the pane and the sheet can show them side by side;
 *  - where a disagreeing row's text clearly matches another catalog entry (a renumbered or reordered sheet), proposes that
 *    entry, and uses it ("matched by content") only when it is unambiguous: the assignment gives the row that entry, the
 *    similarity is at least MATCH_MIN and beats the numbered entry's by MARGIN (the assignment gives each entry to one row).
 * A row without text cannot be checked: it keeps its number match, with `agrees: null`.
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import { buildModel, compareWithSet, profile, profileSet, type ProfileSet, type SimilarityModel } from "./similarity";
import type { CatalogItem, DetectedItem, DetectionResult, Localized } from "./types";

/** Below this, a row's text does not agree with its numbered entry. */
export const AGREE_MIN = 0.3;
/** A content match is used only when it beats the numbered entry by this much. */
export const MARGIN = 0.15;
/** A content match (proposal) needs at least this similarity. */
export const MATCH_MIN = 0.4;

export interface ContentCheck {
  /** true: the text agrees with the entry the row is matched to; false: it does not (要確認); null: no text on the sheet. */
  agrees: boolean | null;
  /** Similarity (0..1, 3 decimals) of the row's text to the entry the row is matched to (for 要確認: its numbered entry). */
  similarity: number | null;
  /** How the row was matched to its catalog entry. */
  matchedBy: "number" | "content";
  /** The catalog id the row's number points to. */
  numberedId: string;
  /** Similarity to the numbered entry. */
  numberedSimilarity: number | null;
  /** The catalog entry the text matches best, when that is another entry. */
  proposal: { id: string; similarity: number; used: boolean } | null;
  /** For 要確認 rows: the catalog summary of the numbered entry (shown side by side with the sheet's text). */
  numberedSummary?: Localized;
}

export interface VerifiedItem extends DetectedItem {
  content: ContentCheck;
}

export interface VerifiedDetection extends DetectionResult {
  items: VerifiedItem[];
  /** Rows whose text disagrees with the catalog entry of their number (要確認). `catalogId` = the numbered entry. */
  unverified: VerifiedItem[];
  /** Rows re-assigned to another catalog entry by content (subset of items). */
  matchedByContent: VerifiedItem[];
  /** Rows without text (content not checked). */
  unchecked: number;
}

interface Model {
  sim: SimilarityModel;
  entries: readonly CatalogItem[];
  profiles: ProfileSet;
  index: Map<string, number>;
}

const models = new WeakMap<readonly CatalogItem[], Model>();

/**
 * Catalog side of the comparison: the summary only. The topic heading is shared by the checks of a topic, so adding it makes
 * siblings look alike and hides a renumbering inside a topic (measured: more misses and more false "unverified").
 */
export function catalogText(e: CatalogItem): string {
  return e.summary.ja;
}

function modelOf(catalog: readonly CatalogItem[]): Model {
  const cached = models.get(catalog);
  if (cached) return cached;
  const texts = catalog.map(catalogText);
  const sim = buildModel(texts);
  const m: Model = {
    sim,
    entries: catalog,
    profiles: profileSet(texts.map((t) => profile(sim, t))),
    index: new Map(catalog.map((e, i) => [e.id, i])),
  };
  models.set(catalog, m);
  return m;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Similarity of a sheet text to every catalog entry, in catalog order. */
export function scoresFor(catalog: readonly CatalogItem[], text: string): number[] {
  const m = modelOf(catalog);
  const p = profile(m.sim, text);
  return compareWithSet(m.profiles, p);
}

/**
 * Rows → catalog entries maximising the total similarity, with a bonus for the entry a row's number points to
 * (the prior that numbers are mostly right). Hungarian method on the rectangular matrix (rows ≤ entries); returns the entry
 * index per row.
 */
export function assign(scores: number[][], numbered: number[], bonus: number): number[] {
  const n = scores.length;
  if (n === 0) return [];
  const m = scores[0]!.length;
  // e-maxx formulation, 1-based, n ≤ m. Typed arrays: one element kind throughout (the engine compiles this once).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      const row = scores[i0 - 1]!;
      const own = numbered[i0 - 1]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        // cost = -(score + the bonus on the numbered entry)
        const cur = -(row[j - 1]! + (own === j - 1 ? bonus : 0)) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  const out = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) out[p[j]! - 1] = j - 1;
  return out;
}

/** Bonus for keeping a row on its numbered entry in the assignment. */
export const NUMBER_BONUS = 0.1;

/** Verify a detection's matched items against the catalog by content. */
export function verifyDetection(detection: DetectionResult, catalog: readonly CatalogItem[]): VerifiedDetection {
  const model = modelOf(catalog);
  const withText: number[] = [];
  const scores: number[][] = [];
  const numbered: number[] = [];
  detection.items.forEach((it, i) => {
    const k = model.index.get(it.catalogId ?? it.id);
    if (!it.text || !it.text.trim() || k === undefined) return;
    withText.push(i);
    scores.push(scoresFor(catalog, it.text));
    numbered.push(k);
  });
  const assigned = assign(scores, numbered, NUMBER_BONUS);
  const verdicts = new Map<number, { agrees: boolean; s0: number; proposal: { id: string; similarity: number } | null; usable: boolean }>();
  withText.forEach((i, r) => {
    const row = scores[r]!;
    const k = numbered[r]!;
    const a = assigned[r]!;
    const s0 = row[k]!;
    if (a === k && s0 >= AGREE_MIN) {
      verdicts.set(i, { agrees: true, s0, proposal: null, usable: false });
      return;
    }
    // The best entry for this text other than its numbered one: the assignment's choice when it moved the row.
    let best = a !== k ? a : -1;
    if (best < 0) for (let j = 0; j < row.length; j++) if (j !== k && (best < 0 || row[j]! > row[best]!)) best = j;
    const s1 = best >= 0 ? row[best]! : 0;
    const proposal = best >= 0 && s1 >= MATCH_MIN ? { id: catalog[best]!.id, similarity: round(s1) } : null;
    const usable = !!proposal && a === best && s1 - s0 >= MARGIN;
    verdicts.set(i, { agrees: false, s0, proposal, usable });
  });

  const items: VerifiedItem[] = [];
  const unverified: VerifiedItem[] = [];
  const matchedByContent: VerifiedItem[] = [];
  let unchecked = 0;
  detection.items.forEach((it, i) => {
    const v = verdicts.get(i);
    const numberedId = it.catalogId ?? it.id;
    if (!v || v.agrees) {
      if (!v) unchecked++;
      const s = v ? round(v.s0) : null;
      items.push({
        ...it,
        content: { agrees: v ? true : null, similarity: s, matchedBy: "number", numberedId, numberedSimilarity: s, proposal: null },
      });
      return;
    }
    if (v.usable) {
      const p = v.proposal!;
      const item: VerifiedItem = {
        ...it,
        id: p.id,
        catalogId: p.id,
        content: { agrees: true, similarity: p.similarity, matchedBy: "content", numberedId, numberedSimilarity: round(v.s0), proposal: { ...p, used: true } },
      };
      items.push(item);
      matchedByContent.push(item);
      return;
    }
    unverified.push({
      ...it,
      content: {
        agrees: false,
        similarity: round(v.s0),
        matchedBy: "number",
        numberedId,
        numberedSimilarity: round(v.s0),
        proposal: v.proposal ? { ...v.proposal, used: false } : null,
        numberedSummary: catalog[model.index.get(numberedId)!]!.summary,
      },
    });
  });
  items.sort((a, b) => a.row - b.row);
  const found = new Set(items.map((x) => x.catalogId));
  const held = new Set(unverified.map((x) => x.catalogId));
  const missing = catalog.filter((c) => !found.has(c.id) && !held.has(c.id)).map((c) => c.id);
  const notes: Localized[] = [...detection.notes];
  if (unverified.length)
    notes.push({
      ja: `${unverified.length} 項目は番号の位置にある文言が対応表の項目と一致しないため「要確認」とし、充足の判定から外しました: ${unverified
        .slice(0, 5)
        .map((u) => `${u.catalogId}（${u.row + 1}行目）`)
        .join("、")}`,
      en: `${unverified.length} item(s) whose text does not match the catalog entry of their number are "to be checked" and left out of coverage: ${unverified
        .slice(0, 5)
        .map((u) => `${u.catalogId} (row ${u.row + 1})`)
        .join(", ")}`,
    });
  if (matchedByContent.length)
    notes.push({
      ja: `${matchedByContent.length} 項目は番号ではなく文言で対応表の項目に照合しました（内容で照合）: ${matchedByContent
        .slice(0, 5)
        .map((u) => `${u.rawId} → ${u.catalogId}（${u.row + 1}行目）`)
        .join("、")}`,
      en: `${matchedByContent.length} item(s) were matched by content, not by number: ${matchedByContent
        .slice(0, 5)
        .map((u) => `${u.rawId} → ${u.catalogId} (row ${u.row + 1})`)
        .join(", ")}`,
    });
  return { ...detection, items, unverified, matchedByContent, unchecked, missing, notes };
}

/** True when a detection went through verifyDetection. */
export function isVerified(d: DetectionResult | null): d is VerifiedDetection {
  return !!d && Array.isArray((d as Partial<VerifiedDetection>).unverified);
}

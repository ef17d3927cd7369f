/**
 * Coverage engine: crosswalk + certification evaluation → per-item status and a summary.
 *  - A/B: covered when the certification is valid; otherwise not covered (with the reasons).
 *  - C/D: always need their own evidence (the certification does not reach them).
 */
import type {
  CertificationEvaluation,
  Crosswalk,
  CrosswalkEntry,
  CoverageResult,
  CoverageSummary,
  ItemCoverage,
  Localized,
} from "./types";

export const CLASS_LABELS: Record<CrosswalkEntry["class"], Localized> = {
  A: { ja: "A 情報銀行認定の方が厳しい", en: "A: certification is stricter" },
  B: { ja: "B 同等", en: "B: equivalent" },
  C: { ja: "C PHR指針の方が厳しい", en: "C: PHR item is stricter" },
  D: { ja: "D 情報銀行認定に該当なし", en: "D: no counterpart in the certification" },
};

function coverEntry(entry: CrosswalkEntry, evaluation: CertificationEvaluation | null): ItemCoverage {
  const reasons: Localized[] = [];
  if (entry.class === "C" || entry.class === "D") {
    reasons.push(
      entry.class === "C"
        ? {
            ja: "PHR指針の方が厳しい項目のため、認定だけでは満たせません。",
            en: "The PHR item is stricter than the certification; the certification alone does not meet it.",
          }
        : {
            ja: "情報銀行認定に該当する審査項目がないため、別途の根拠が必要です。",
            en: "The certification has no counterpart; separate evidence is needed.",
          },
    );
    if (entry.gap) reasons.push(entry.gap);
    return { id: entry.id, class: entry.class, status: "needs-evidence", reasons, entry };
  }
  if (!evaluation) {
    reasons.push({ ja: "認定情報が登録されていません。", en: "No certification has been entered." });
    return { id: entry.id, class: entry.class, status: "not-covered", reasons, entry };
  }
  if (!evaluation.valid) {
    reasons.push(...evaluation.problems.map((p) => p.message));
    return { id: entry.id, class: entry.class, status: "not-covered", reasons, entry };
  }
  reasons.push(
    entry.class === "A"
      ? {
          ja: "情報銀行認定の方が厳しい審査項目で満たされます。",
          en: "Met through a stricter certification item.",
        }
      : { ja: "同等の情報銀行認定の審査項目で満たされます。", en: "Met through an equivalent certification item." },
  );
  reasons.push(...evaluation.warnings.map((w) => w.message));
  return { id: entry.id, class: entry.class, status: "covered", reasons, entry };
}

export function summarize(items: ItemCoverage[]): CoverageSummary {
  const s: CoverageSummary = { A: 0, B: 0, C: 0, D: 0, covered: 0, needsEvidence: 0, notCovered: 0, total: items.length };
  for (const it of items) {
    s[it.class]++;
    if (it.status === "covered") s.covered++;
    else if (it.status === "needs-evidence") s.needsEvidence++;
    else s.notCovered++;
  }
  return s;
}

/** Coverage of every crosswalk entry (optionally restricted to the given ids, e.g. the items found in a sheet). */
export function computeCoverage(
  crosswalk: Crosswalk,
  evaluation: CertificationEvaluation | null,
  onlyIds?: ReadonlySet<string>,
): CoverageResult {
  const entries = onlyIds ? crosswalk.entries.filter((e) => onlyIds.has(e.id)) : crosswalk.entries;
  const items = entries.map((e) => coverEntry(e, evaluation));
  return { certification: evaluation, items, summary: summarize(items) };
}

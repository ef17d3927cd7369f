/**
 * Bulk review statuses with a preview: which items a rule selects and the status each would go from and to.
 * Plain TypeScript.
 */
import { classifyAnswer } from "./answers";
import { REVIEW_STATUSES, type ReviewEntry, type ReviewStatus, type ReviewUpdate } from "./review";
import type { CoverageResult, DetectionResult, ItemClass, Localized } from "./types";

/**
 * - covered-clean: every item the certification covers whose answer is not a contradiction ("no") and that is on the sheet;
 * - class: every item of the given classes;
 * - ids: the items listed.
 */
export type BulkReviewRule =
  | { kind: "covered-clean" }
  | { kind: "class"; classes: ItemClass[] }
  | { kind: "ids"; ids: string[] };

export interface BulkReviewOptions {
  rule: BulkReviewRule;
  status: ReviewStatus;
  comment?: string;
  /** Leave items that already have a status other than 未確認 (default true: a 要修正 is never overwritten in bulk). */
  onlyUnreviewed?: boolean;
}

export interface BulkReviewChange {
  itemId: string;
  class: ItemClass;
  from: ReviewStatus;
  to: ReviewStatus;
}

export interface BulkReviewPlan {
  changes: BulkReviewChange[];
  /** Items the rule selected but that are left alone, with why. */
  kept: { itemId: string; status: ReviewStatus; reason: Localized }[];
  updates: ReviewUpdate[];
}

export const BULK_RULE_LABELS: Record<BulkReviewRule["kind"], Localized> = {
  "covered-clean": { ja: "認定で充足し、矛盾のない項目", en: "Covered items without a contradiction" },
  class: { ja: "区分で選択", en: "By class" },
  ids: { ja: "指定した項目", en: "Listed items" },
};

export function parseBulkRule(text: string): BulkReviewRule | null {
  const t = text.trim().toLowerCase();
  if (t === "covered" || t === "covered-clean" || t === "充足") return { kind: "covered-clean" };
  const m = /^(?:class|区分)[:=]([abcd,]+)$/i.exec(text.trim());
  if (m) return { kind: "class", classes: [...new Set(m[1].toUpperCase().split(",").filter(Boolean))] as ItemClass[] };
  return null;
}

export function planBulkReview(input: {
  detection: DetectionResult;
  coverage: CoverageResult;
  entries: ReviewEntry[];
  options: BulkReviewOptions;
}): BulkReviewPlan {
  const { detection, coverage, entries, options } = input;
  if (!REVIEW_STATUSES.includes(options.status)) throw new Error(`unknown status ${options.status}`);
  const onlyUnreviewed = options.onlyUnreviewed ?? true;
  const byId = new Map(entries.map((e) => [e.itemId, e]));
  const onSheet = new Map(detection.items.filter((d) => d.catalogId).map((d) => [d.catalogId!, d]));
  const wanted = options.rule.kind === "ids" ? new Set(options.rule.ids) : null;
  const changes: BulkReviewChange[] = [];
  const kept: BulkReviewPlan["kept"] = [];
  for (const c of coverage.items) {
    const d = onSheet.get(c.id);
    let selected = false;
    if (options.rule.kind === "covered-clean") selected = c.status === "covered" && !!d && classifyAnswer(d.answerValue) !== "no";
    else if (options.rule.kind === "class") selected = options.rule.classes.includes(c.class);
    else selected = wanted!.has(c.id);
    if (!selected) continue;
    const from = byId.get(c.id)?.status ?? "unreviewed";
    if (from === options.status) continue;
    if (onlyUnreviewed && from !== "unreviewed") {
      kept.push({ itemId: c.id, status: from, reason: { ja: "既に審査状況があります（一括では変更しません）", en: "already has a status (not changed in bulk)" } });
      continue;
    }
    changes.push({ itemId: c.id, class: c.class, from, to: options.status });
  }
  const updates = changes.map((c) => ({ itemId: c.itemId, status: c.to, ...(options.comment !== undefined ? { comment: options.comment } : {}) }));
  return { changes, kept, updates };
}

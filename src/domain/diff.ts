/**
 * Differences between two submissions of the same checksheet (resubmission
 * review): per item, what changed in the answer, the remarks and the evidence.
 */
import type { EvidenceRef } from "./record";
import type { ReviewEntry, ReviewStatus } from "./review";
import type { CellValue, DetectionResult, SheetMatrix } from "./types";

export interface SnapshotItem {
  answer: string | null;
  remarks: string | null;
  evidence: EvidenceRef[];
  /** The reviewer's status and comment in 審査記録 (absent when not compared). */
  review?: { status: ReviewStatus; comment: string; reviewer: string } | null;
}

export interface SubmissionSnapshot {
  items: Record<string, SnapshotItem>;
}

export type ChangeField = "answer" | "remarks" | "evidence" | "review" | "added" | "removed";

export interface ItemChange {
  itemId: string;
  fields: ChangeField[];
  /** Null when the item was added. */
  before: SnapshotItem | null;
  /** Null when the item was removed. */
  after: SnapshotItem | null;
  /** Evidence references present only in the new / old submission. */
  evidenceAdded: EvidenceRef[];
  evidenceRemoved: EvidenceRef[];
}

function text(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v);
  return s.trim() === "" ? null : s;
}

/** Answer and remarks as read from the detected cells (the matrix wins over detection.answerValue). */
export function snapshotFromDetection(
  detection: DetectionResult,
  matrix: SheetMatrix | CellValue[][],
  evidence: Record<string, EvidenceRef[]>,
  reviews?: ReviewEntry[],
): SubmissionSnapshot {
  const reviewOf = reviews ? new Map(reviews.map((e) => [e.itemId, e])) : null;
  const values = Array.isArray(matrix) ? matrix : matrix.values;
  const at = (r: number, c: number): CellValue | undefined => values[r]?.[c];
  const items: Record<string, SnapshotItem> = {};
  for (const d of detection.items) {
    const id = d.catalogId ?? d.id;
    const a = at(d.answer.row, d.answer.col);
    items[id] = {
      answer: text(a === undefined ? d.answerValue : a),
      remarks: d.remarks ? text(at(d.remarks.row, d.remarks.col)) : null,
      evidence: (evidence[id] ?? []).map((e) => ({ ...e })),
    };
    if (reviewOf) {
      const r = reviewOf.get(id);
      items[id].review = r ? { status: r.status, comment: r.comment, reviewer: r.reviewer } : null;
    }
  }
  return { items };
}

/** Identity of an evidence reference; the time it was added does not count. */
function evidenceKey(e: EvidenceRef): string {
  return JSON.stringify([e.document.trim(), e.url ?? "", e.page ?? "", e.note ?? ""]);
}

function evidenceDelta(before: EvidenceRef[], after: EvidenceRef[]): { added: EvidenceRef[]; removed: EvidenceRef[] } {
  const count = new Map<string, number>();
  for (const e of before) count.set(evidenceKey(e), (count.get(evidenceKey(e)) ?? 0) + 1);
  const added: EvidenceRef[] = [];
  for (const e of after) {
    const k = evidenceKey(e);
    const n = count.get(k) ?? 0;
    if (n > 0) count.set(k, n - 1);
    else added.push(e);
  }
  const removed: EvidenceRef[] = [];
  for (const e of before) {
    const k = evidenceKey(e);
    const n = count.get(k) ?? 0;
    if (n > 0) {
      removed.push(e);
      count.set(k, n - 1);
    }
  }
  return { added, removed };
}

function same(a: string | null, b: string | null): boolean {
  return (a?.trim() ?? null) === (b?.trim() ?? null);
}

const byId = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Items that differ between two submissions, in id order. Unchanged items are not listed. */
export function diffSubmissions(old: SubmissionSnapshot, next: SubmissionSnapshot): ItemChange[] {
  const ids = new Set([...Object.keys(old.items), ...Object.keys(next.items)]);
  const out: ItemChange[] = [];
  for (const id of [...ids].sort(byId)) {
    const b = Object.prototype.hasOwnProperty.call(old.items, id) ? old.items[id] : null;
    const a = Object.prototype.hasOwnProperty.call(next.items, id) ? next.items[id] : null;
    if (!b && a) {
      out.push({ itemId: id, fields: ["added"], before: null, after: a, evidenceAdded: a.evidence.slice(), evidenceRemoved: [] });
      continue;
    }
    if (b && !a) {
      out.push({ itemId: id, fields: ["removed"], before: b, after: null, evidenceAdded: [], evidenceRemoved: b.evidence.slice() });
      continue;
    }
    if (!a || !b) continue;
    const fields: ChangeField[] = [];
    if (!same(b.answer, a.answer)) fields.push("answer");
    if (!same(b.remarks, a.remarks)) fields.push("remarks");
    const ev = evidenceDelta(b.evidence ?? [], a.evidence ?? []);
    if (ev.added.length > 0 || ev.removed.length > 0) fields.push("evidence");
    if (a.review !== undefined && b.review !== undefined) {
      const rb = b.review ?? { status: "unreviewed", comment: "" };
      const ra = a.review ?? { status: "unreviewed", comment: "" };
      if (rb.status !== ra.status || rb.comment.trim() !== ra.comment.trim()) fields.push("review");
    }
    if (fields.length > 0) {
      out.push({ itemId: id, fields, before: b, after: a, evidenceAdded: ev.added, evidenceRemoved: ev.removed });
    }
  }
  return out;
}

/**
 * Sign-off that means something: what is still open before 承認 (unreviewed items, 要修正, contradictions, C/D items
 * without evidence, reviews made against an answer that has changed since), the sign-off record with what was open,
 * and its state now (none / intact / changed: which items). Plain TypeScript: no Office, no Node APIs.
 */
import type { Finding } from "./checks";
import type { SignOff } from "./record";
import { verifySignOff, type ReviewEntry } from "./review";
import type { Localized } from "./types";

export type OpenKind = "unreviewed" | "needs-fix" | "contradiction" | "evidence-missing" | "stale";
export const OPEN_KINDS: readonly OpenKind[] = ["needs-fix", "contradiction", "evidence-missing", "stale", "unreviewed"];

export const OPEN_KIND_LABELS: Record<OpenKind, Localized> = {
  unreviewed: { ja: "未確認の項目", en: "Unreviewed items" },
  "needs-fix": { ja: "要修正", en: "Needs fix" },
  contradiction: { ja: "矛盾する回答", en: "Contradicting answers" },
  "evidence-missing": { ja: "証跡のない C/D 項目", en: "C/D items without evidence" },
  stale: { ja: "審査後に回答が変わった項目", en: "Answer changed since review" },
};

export interface OpenFinding {
  kind: OpenKind;
  itemId: string;
}

export type OpenCounts = Record<OpenKind, number>;

export interface OpenSummary {
  counts: OpenCounts;
  total: number;
  /** Every open finding, in OPEN_KINDS order, then item order. */
  items: OpenFinding[];
}

export interface OpenInput {
  /** Catalog item ids in catalog order (the 145 items). */
  catalogIds: string[];
  entries: ReviewEntry[];
  /** Consistency findings (contradiction and evidence-missing are taken from them). */
  findings: Finding[];
  /** Current answers itemId -> text, to find stale reviews. */
  answers: Record<string, string>;
}

/** An entry whose recorded answer differs from the item's answer now (only when the answer was recorded). */
export function isStale(entry: ReviewEntry | undefined, answers: Record<string, string>): boolean {
  if (!entry || entry.answer === undefined || entry.status === "unreviewed") return false;
  return (answers[entry.itemId] ?? "") !== entry.answer;
}

export function openFindings(input: OpenInput): OpenSummary {
  const byId = new Map(input.entries.map((e) => [e.itemId, e]));
  const order = new Map(input.catalogIds.map((id, i) => [id, i]));
  const items: OpenFinding[] = [];
  const seen = new Set<string>();
  const add = (kind: OpenKind, itemId: string) => {
    const k = `${kind}\u0000${itemId}`;
    if (seen.has(k)) return;
    seen.add(k);
    items.push({ kind, itemId });
  };
  for (const id of input.catalogIds) {
    const e = byId.get(id);
    if (!e || e.status === "unreviewed") add("unreviewed", id);
    else if (e.status === "needs-fix") add("needs-fix", id);
    if (isStale(e, input.answers)) add("stale", id);
  }
  for (const f of input.findings) {
    if (!f.itemId) continue;
    if (f.code === "contradiction") add("contradiction", f.itemId);
    if (f.code === "evidence-missing") add("evidence-missing", f.itemId);
  }
  const rank = (k: OpenKind) => OPEN_KINDS.indexOf(k);
  items.sort((a, b) => rank(a.kind) - rank(b.kind) || (order.get(a.itemId) ?? 1e9) - (order.get(b.itemId) ?? 1e9));
  const counts = Object.fromEntries(OPEN_KINDS.map((k) => [k, 0])) as OpenCounts;
  for (const it of items) counts[it.kind]++;
  return { counts, total: items.length, items };
}

/** "要修正 1、未確認の項目 143" (only the kinds that are open); "" when nothing is open. */
export function openSummaryText(s: Pick<OpenSummary, "counts">, lang: "ja" | "en"): string {
  const parts = OPEN_KINDS.filter((k) => s.counts[k] > 0).map((k) => `${OPEN_KIND_LABELS[k][lang]} ${s.counts[k]}`);
  return parts.join(lang === "ja" ? "、" : ", ");
}

/** Lines listing what is open, grouped by kind, ids shortened after `max` per kind. */
export function openListLines(s: OpenSummary, lang: "ja" | "en", max = 12): string[] {
  return OPEN_KINDS.filter((k) => s.counts[k] > 0).map((k) => {
    const ids = s.items.filter((i) => i.kind === k).map((i) => i.itemId);
    const shown = ids.slice(0, max).join(", ");
    const more = ids.length > max ? (lang === "ja" ? ` ほか ${ids.length - max} 件` : ` and ${ids.length - max} more`) : "";
    return `${OPEN_KIND_LABELS[k][lang]} (${ids.length}): ${shown}${more}`;
  });
}

/** The stored sign-off, with what was open when it was given (older records lack the extra fields). */
export interface SignOffRecord extends SignOff {
  /** Local time of the sign-off with its UTC offset ("2026-12-02 03:15:29 +09:00"). */
  atLocal?: string;
  /** What was open at sign-off (recorded when signed with --allow-open / after the pane's confirmation). */
  open?: { counts: OpenCounts; total: number; items: OpenFinding[] };
}

export type SignOffStateKind = "none" | "intact" | "changed";

export interface SignOffState {
  state: SignOffStateKind;
  signoff: SignOffRecord | null;
  /** Items whose answer changed since sign-off. */
  changed: string[];
  /** False when the stored answers do not match the stored hash. */
  consistent: boolean;
}

export function signOffState(signoff: SignOff | null | undefined, answers: Record<string, string>): SignOffState {
  if (!signoff) return { state: "none", signoff: null, changed: [], consistent: true };
  const c = verifySignOff(signoff, answers);
  return { state: c.intact ? "intact" : "changed", signoff: signoff as SignOffRecord, changed: c.changed.map((x) => x.itemId), consistent: c.consistent };
}

export const SIGNOFF_STATE_LABELS: Record<SignOffStateKind, Localized> = {
  none: { ja: "未承認", en: "none" },
  intact: { ja: "承認後の変更なし", en: "intact" },
  changed: { ja: "承認後に変更あり", en: "changed since" },
};

/** Fields of a sign-off for a summary sheet or the 審査記録 block: [label, value] pairs in the given language. */
export function signOffFields(st: SignOffState, lang: "ja" | "en"): [string, string][] {
  const so = st.signoff;
  const L = (ja: string, en: string) => (lang === "ja" ? ja : en);
  const state =
    st.state === "changed"
      ? `${SIGNOFF_STATE_LABELS.changed[lang]}: ${st.changed.join(", ")}${st.consistent ? "" : L("（記録が一致しません）", " (record does not match)")}`
      : SIGNOFF_STATE_LABELS[st.state][lang];
  if (!so) return [[L("状態", "State"), state]];
  return [
    [L("承認者", "Reviewer"), so.reviewer],
    [L("日時", "When"), so.atLocal ?? so.at],
    [L("状態", "State"), state],
    [L("承認時の未解決", "Open at sign-off"), so.open ? openSummaryText(so.open, lang) || L("なし", "none") : L("記録なし", "not recorded")],
    [L("回答ハッシュ", "Answers hash"), so.answersHash],
  ];
}

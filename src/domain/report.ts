/**
 * One row of the batch report (many applicants' workbooks → one table a ministry can read): who holds which
 * certification, whether it is valid on the date, what the sheet holds, what the reviewer did and whether the
 * sign-off still stands. Plain TypeScript; the CLI formats it as CSV (UTF-8 with BOM) or JSON.
 */
import { classifyAnswer } from "./answers";
import type { AddinRecord } from "./record";
import type { ReviewEntry } from "./review";
import { signOffState, type SignOffRecord } from "./signoff";
import type { Certification, CertificationEvaluation, CoverageResult, Crosswalk, DetectionResult, Localized } from "./types";

export type CertificationSource = "stored" | "override" | "none";
export type Validity = "valid" | "invalid" | "none";

export interface ReportRow {
  file: string;
  holder: string | null;
  certificationNumber: string | null;
  /** Where the certification the file was scored by came from. */
  certificationSource: CertificationSource;
  validity: Validity;
  /** Problem codes when not valid (expired, status-revoked, ...), warnings (provisional) when valid. */
  validityReasons: string[];
  expiresOn: string | null;
  asOf: string;
  sheet: string | null;
  found: number | null;
  expected: number;
  missing: number | null;
  covered: number | null;
  needsEvidence: number | null;
  evidenceStated: number | null;
  evidenceRequired: number;
  contradictions: number | null;
  reviewed: number | null;
  reviewTotal: number;
  needsFix: number | null;
  signoff: "none" | "intact" | "changed" | null;
  signoffReviewer: string | null;
  signoffAt: string | null;
  /** Items whose answer changed since sign-off. */
  changedSinceSignoff: string[];
  error: string | null;
}

export interface ReportInput {
  file: string;
  crosswalk: Crosswalk;
  asOf: string;
  certification: Certification | null;
  source: CertificationSource;
  evaluation: CertificationEvaluation | null;
  detection: DetectionResult | null;
  coverage: CoverageResult;
  record: AddinRecord | null;
  entries: ReviewEntry[];
  answers: Record<string, string>;
  /** Set when the file could not be read or holds no checksheet (the other fields stay empty). */
  error?: Localized | null;
}

export function emptyReportRow(file: string, crosswalk: Crosswalk, asOf: string, error: string): ReportRow {
  return {
    file,
    holder: null,
    certificationNumber: null,
    certificationSource: "none",
    validity: "none",
    validityReasons: [],
    expiresOn: null,
    asOf,
    sheet: null,
    found: null,
    expected: crosswalk.entries.length,
    missing: null,
    covered: null,
    needsEvidence: null,
    evidenceStated: null,
    evidenceRequired: crosswalk.entries.filter((e) => e.class === "C" || e.class === "D").length,
    contradictions: null,
    reviewed: null,
    reviewTotal: crosswalk.entries.length,
    needsFix: null,
    signoff: null,
    signoffReviewer: null,
    signoffAt: null,
    changedSinceSignoff: [],
    error,
  };
}

export function reportRow(input: ReportInput): ReportRow {
  const { crosswalk, detection, coverage, record, certification: cert, evaluation: ev } = input;
  const row = emptyReportRow(input.file, crosswalk, input.asOf, "");
  row.error = input.error ? `${input.error.ja} / ${input.error.en}` : null;
  row.holder = cert?.holder ?? null;
  row.certificationNumber = cert?.certificationNumber ?? null;
  row.certificationSource = cert ? input.source : "none";
  row.validity = ev ? (ev.valid ? "valid" : "invalid") : "none";
  row.validityReasons = ev ? (ev.valid ? ev.warnings : ev.problems).map((p) => p.code) : [];
  row.expiresOn = cert?.expiresOn ?? null;
  if (!detection?.ok) return row;
  const cd = new Set(crosswalk.entries.filter((e) => e.class === "C" || e.class === "D").map((e) => e.id));
  const covered = new Set(coverage.items.filter((c) => c.status === "covered").map((c) => c.id));
  const catalog = new Set(crosswalk.entries.map((e) => e.id));
  row.sheet = detection.sheet;
  row.found = detection.items.length;
  row.missing = detection.missing.length;
  row.covered = coverage.summary.covered;
  row.needsEvidence = coverage.summary.needsEvidence;
  row.evidenceStated = [...cd].filter((id) => (record?.evidence[id]?.length ?? 0) > 0).length;
  row.contradictions = detection.items.filter((d) => covered.has(d.catalogId!) && classifyAnswer(d.answerValue) === "no").length;
  row.reviewed = input.entries.filter((e) => catalog.has(e.itemId) && e.status !== "unreviewed").length;
  row.needsFix = input.entries.filter((e) => catalog.has(e.itemId) && e.status === "needs-fix").length;
  const st = signOffState(record?.signoff, input.answers);
  row.signoff = st.state;
  row.signoffReviewer = st.signoff?.reviewer ?? null;
  row.signoffAt = st.signoff ? ((st.signoff as SignOffRecord).atLocal ?? st.signoff.at) : null;
  row.changedSinceSignoff = st.changed;
  return row;
}

/** Does the row need someone's attention (exit 1)? */
export function rowHasFindings(r: ReportRow): boolean {
  return (
    r.error !== null ||
    r.validity !== "valid" ||
    (r.missing ?? 0) > 0 ||
    (r.contradictions ?? 0) > 0 ||
    (r.needsFix ?? 0) > 0 ||
    r.signoff === "changed"
  );
}

export interface ReportColumn {
  key: string;
  header: Localized;
  cell(r: ReportRow, lang: "ja" | "en"): string | number | null;
}

const VALIDITY: Record<Validity, Localized> = {
  valid: { ja: "有効", en: "valid" },
  invalid: { ja: "無効", en: "not valid" },
  none: { ja: "認定なし", en: "no certification" },
};
const SOURCE: Record<CertificationSource, Localized> = {
  stored: { ja: "ブックに保存", en: "stored in the workbook" },
  override: { ja: "--cert で指定（上書き）", en: "--cert (override)" },
  none: { ja: "なし", en: "none" },
};
const SIGNOFF: Record<"none" | "intact" | "changed", Localized> = {
  none: { ja: "未承認", en: "none" },
  intact: { ja: "承認後の変更なし", en: "intact" },
  changed: { ja: "承認後に変更あり", en: "changed since" },
};

const frac = (a: number | null, b: number) => (a === null ? null : `${a}/${b}`);

/** Columns of the CSV (the JSON carries the same fields under their keys). */
export const REPORT_COLUMNS: ReportColumn[] = [
  { key: "file", header: { ja: "ファイル", en: "File" }, cell: (r) => r.file },
  { key: "holder", header: { ja: "認定事業者", en: "Holder" }, cell: (r) => r.holder },
  { key: "certificationNumber", header: { ja: "認定番号", en: "Certification number" }, cell: (r) => r.certificationNumber },
  { key: "certificationSource", header: { ja: "認定情報の出所", en: "Certification source" }, cell: (r, l) => SOURCE[r.certificationSource][l] },
  {
    key: "validity",
    header: { ja: "有効性（基準日）", en: "Validity (as of)" },
    cell: (r, l) => `${VALIDITY[r.validity][l]}${r.validityReasons.length ? ` (${r.validityReasons.join(", ")})` : ""} @ ${r.asOf}`,
  },
  { key: "expiresOn", header: { ja: "有効期限", en: "Expires on" }, cell: (r) => r.expiresOn },
  { key: "sheet", header: { ja: "シート", en: "Sheet" }, cell: (r) => r.sheet },
  { key: "found", header: { ja: "検出", en: "Found" }, cell: (r) => frac(r.found, r.expected) },
  { key: "missing", header: { ja: "欠落", en: "Missing" }, cell: (r) => r.missing },
  { key: "covered", header: { ja: "充足", en: "Covered" }, cell: (r) => r.covered },
  { key: "needsEvidence", header: { ja: "要証跡", en: "Needs evidence" }, cell: (r) => r.needsEvidence },
  { key: "evidenceStated", header: { ja: "証跡記載", en: "Evidence stated" }, cell: (r) => frac(r.evidenceStated, r.evidenceRequired) },
  { key: "contradictions", header: { ja: "矛盾", en: "Contradictions" }, cell: (r) => r.contradictions },
  { key: "reviewed", header: { ja: "審査済", en: "Reviewed" }, cell: (r) => frac(r.reviewed, r.reviewTotal) },
  { key: "needsFix", header: { ja: "要修正", en: "Needs fix" }, cell: (r) => r.needsFix },
  { key: "signoff", header: { ja: "承認", en: "Sign-off" }, cell: (r, l) => (r.signoff ? SIGNOFF[r.signoff][l] : null) },
  { key: "signoffReviewer", header: { ja: "承認者", en: "Signed off by" }, cell: (r) => r.signoffReviewer },
  { key: "signoffAt", header: { ja: "承認日時", en: "Signed off at" }, cell: (r) => r.signoffAt },
  { key: "changedSinceSignoff", header: { ja: "承認後に変わった項目", en: "Changed since sign-off" }, cell: (r) => r.changedSinceSignoff.join(" ") },
  { key: "error", header: { ja: "エラー", en: "Error" }, cell: (r) => r.error },
];

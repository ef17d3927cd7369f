/**
 * Shared domain types. Plain TypeScript: no Office, no Node APIs.
 *
 * This file is the contract between the domain, the workbook adapters
 * (Office.js, OOXML for Node, in-memory fake), the task pane and the CLI.
 */

/** A = 情報銀行 stricter, B = equivalent, C = PHR stricter, D = no counterpart. */
export type ItemClass = "A" | "B" | "C" | "D";
export const ITEM_CLASSES: readonly ItemClass[] = ["A", "B", "C", "D"];

/** Text in both UI languages. Japanese is primary. */
export interface Localized {
  ja: string;
  en: string;
}

/** One item number (or range) of the 情報銀行 checklist: `No.130〜133` = {series:"No",from:130,to:133}; `M01` = {series:"M",from:1}. */
export interface InfobankItemNo {
  series: "No" | "M";
  from: number;
  to?: number;
}

/** A reference into the 情報銀行 認定審査チェックシート, e.g. `5.4.1④ 諮問体制 M01、M02、No.130〜133`. */
export interface InfobankRef {
  /** "5.4.1" */
  section: string;
  /** circled sub-item, "④" */
  subItem: string;
  /** "諮問体制" */
  heading: string;
  items: InfobankItemNo[];
  /** true when the counterpart covers the PHR item only in part (class C). */
  partial?: boolean;
}

export interface Provenance {
  /** published: stated in the government comparison (資料4); assessed: our own judgement; user: corrected by an expert. */
  kind: "published" | "assessed" | "user";
  /** For published entries: where (e.g. "資料4 p.5 例（B）"). */
  source?: string;
  /** One-line rationale. */
  rationale: Localized;
  /** For user entries: who changed the entry. */
  by?: string;
  /** For user entries: when (YYYY-MM-DD). */
  on?: string;
}

/** One of the 145 PHR checksheet items (our reconstruction; texts are paraphrases, not official wording). */
export interface CatalogItem {
  /** Stable canonical id: `${section}${part ? `(${part})` : ""}/${topic}-${check}`, e.g. "3.3(2)/3-1", "2.2/1-1". */
  id: string;
  /** Chapter number, "2" .. "5". */
  chapter: string;
  /** "3.3" */
  section: string;
  sectionHeading: string;
  /** Part number within the section ((1), (2)...) or null when the section has no parts. */
  part: number | null;
  partHeading: string | null;
  /** Topic number (1-based). */
  topic: number;
  /** How the topic number is written in the checksheet: "③" or "3". */
  topicLabel: string;
  topicHeading: string;
  /** Check number within the topic. */
  check: number;
  /** Paraphrased summary (never the official wording). */
  summary: Localized;
}

export interface CrosswalkEntry extends CatalogItem {
  class: ItemClass;
  /** 情報銀行 checklist items the PHR item rests on (empty for D). */
  infobankRefs: InfobankRef[];
  /** What the applicant must show. Required for C and D. */
  evidence?: Localized;
  /** For C: why the certification falls short. */
  gap?: Localized;
  provenance: Provenance;
}

export interface Crosswalk {
  schema: "phr-infobank-crosswalk/1";
  /** Version of this crosswalk file itself. */
  crosswalkVersion: string;
  /** The PHR checksheet this crosswalk is valid for. */
  checksheet: { title: string; version: string };
  /** The 情報銀行 checklist it maps to. */
  checklist: { title: string; version: string };
  /** Published class totals (A 36, B 100, C 2, D 7 for the bundled one). */
  expectedTotals: Record<ItemClass, number>;
  /** Free-text note shown in the UI (data honesty). */
  notice: Localized;
  entries: CrosswalkEntry[];
}

/* ------------------------------------------------------------------ */
/* Certification                                                       */
/* ------------------------------------------------------------------ */

export type CertificationKind = "standard" | "provisional";
export type CertificationStatus = "active" | "suspended" | "revoked";

/** `infobank-certification/1`. Unknown fields are kept in `extra` and written back. */
export interface Certification {
  schema: "infobank-certification/1";
  certificationNumber: string;
  holder: string;
  serviceName: string;
  kind: CertificationKind;
  guidelineVersion: string;
  checklistVersion: string;
  scopes: string[];
  /** YYYY-MM-DD */
  certifiedOn: string;
  /** YYYY-MM-DD */
  expiresOn: string;
  status: CertificationStatus;
  /** Optional: date of the last annual surveillance audit (YYYY-MM-DD). */
  lastSurveillanceOn?: string;
  /** Unknown fields of the source JSON, preserved verbatim. */
  extra: Record<string, unknown>;
}

export interface FieldError {
  /** JSON field name, e.g. "expiresOn" ("" for the document as a whole). */
  field: string;
  code: string;
  message: Localized;
}

export type ProblemCode =
  | "status-suspended"
  | "status-revoked"
  | "not-yet-valid"
  | "expired"
  | "scope-missing"
  | "guideline-too-old"
  | "checklist-mismatch"
  | "provisional"
  | "provisional-over-two-years"
  | "period-too-long"
  | "surveillance-overdue";

export interface Problem {
  code: ProblemCode;
  message: Localized;
}

export interface CertificationEvaluation {
  /** True when the certification gives coverage (possibly with warnings). */
  valid: boolean;
  problems: Problem[];
  warnings: Problem[];
  /** The date the evaluation was made for (YYYY-MM-DD). */
  asOf: string;
}

/* ------------------------------------------------------------------ */
/* Coverage                                                            */
/* ------------------------------------------------------------------ */

export type CoverageStatus = "covered" | "needs-evidence" | "not-covered";

export interface ItemCoverage {
  id: string;
  class: ItemClass;
  status: CoverageStatus;
  reasons: Localized[];
  entry: CrosswalkEntry;
}

export interface CoverageSummary {
  A: number;
  B: number;
  C: number;
  D: number;
  covered: number;
  needsEvidence: number;
  notCovered: number;
  total: number;
}

export interface CoverageResult {
  certification: CertificationEvaluation | null;
  items: ItemCoverage[];
  summary: CoverageSummary;
}

/* ------------------------------------------------------------------ */
/* Sheets as matrices (layout detection input)                         */
/* ------------------------------------------------------------------ */

export type CellValue = string | number | boolean | null;

/** 0-based inclusive rectangle. */
export interface CellRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface ListValidation {
  /** Cells the validation applies to. */
  ranges: CellRect[];
  /** Allowed values, in order (e.g. ["はい","いいえ"]). */
  list: string[];
}

/** A sheet read into memory: the only input layout detection needs. */
export interface SheetMatrix {
  name: string;
  /** values[row][col], 0-based from A1; ragged rows allowed. Merged cells hold the value in their top-left cell only. */
  values: CellValue[][];
  /** Formulas where a cell has one (same shape as values; null = no formula). Optional. */
  formulas?: (string | null)[][];
  merges?: CellRect[];
  hiddenRows?: number[];
  /** List-type data validations (dropdowns). */
  validations?: ListValidation[];
  /** Sheet visibility. */
  visibility?: "visible" | "hidden" | "veryHidden";
  /** Cells locked on a protected sheet (when the sheet is protected). */
  protectedSheet?: boolean;
  /**
   * Column widths in Excel character units (what Excel's UI shows, e.g. 8.43 for the default; see
   * charsToPixels in domain/plan.ts), by 0-based column index, from 0 to at least the used width + 3.
   * null = the sheet's default width; undefined (beyond the array, or a hole) = not read (do not touch).
   */
  columnWidths?: (number | null)[];
  /** Adapter-specific token for an exact restore of all column widths (OOXML: the original `<cols>…</cols>` text, "" when none). */
  columnsNative?: string;
  /** Adapter-specific token of the sheet's print settings (fit to page, print titles), for an exact restore. Optional. */
  printNative?: string;
  /**
   * Columns (from A) in use by anything besides values: formulas (also with empty results), cells with a format,
   * comments/notes. The add-in's columns go right of max(values, merges, this), never over what is in use.
   */
  usedColumns?: number;
}

export interface CellAddress {
  row: number;
  col: number;
}

export interface DetectedItem {
  /** Catalog id when matched ("3.3(2)/3-1"), otherwise a composite of what was read. */
  id: string;
  /** Matched catalog id, null when unknown to the catalog. */
  catalogId: string | null;
  /** The id text exactly as read (e.g. "３－２"). */
  rawId: string;
  section: string | null;
  part: number | null;
  topic: number | null;
  check: number | null;
  /** 0-based row. */
  row: number;
  answer: CellAddress;
  remarks: CellAddress | null;
  /** Current value of the answer cell. */
  answerValue: CellValue;
  text: string | null;
}

export interface DetectedColumns {
  /** Column(s) holding the id (one, or several when split). */
  id: number[];
  text: number | null;
  answer: number;
  remarks: number | null;
}

export interface DetectionResult {
  sheet: string;
  ok: boolean;
  /** 0..1 */
  confidence: number;
  headerRow: number | null;
  columns: DetectedColumns | null;
  /** Items matched to the catalog (unique). */
  items: DetectedItem[];
  /** Catalog ids not found in the sheet. */
  missing: string[];
  /** Sheet items the catalog does not know. */
  unknown: DetectedItem[];
  /** Ids seen more than once, with their rows. */
  duplicates: { id: string; rows: number[] }[];
  /** Answer vocabulary read from the data validation of the answer column. */
  answerList: string[] | null;
  /** Errors: detection failed or is low-confidence (never guess silently). */
  errors: Localized[];
  /** Informational notes (e.g. hidden rows skipped). */
  notes: Localized[];
}

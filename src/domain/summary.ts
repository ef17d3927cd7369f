/**
 * The visible summary sheet (「PHRチェック概要」 / "PHR check summary"): what a reviewer reads without the add-in.
 * Pure: the rows are built from the analysis, the record and the review; the use cases write them through the
 * port's OwnedSheetWrite (in place) and remove the sheet on clear.
 */
import { classifyAnswer } from "./answers";
import { toA1 } from "./a1";
import { COLORS } from "./plan";
import type { EvidenceRef, SignOff } from "./record";
import { REVIEW_STATUS_LABELS, REVIEW_STATUSES, type ReviewEntry, type SignOffCheck } from "./review";
import type { CellRect, CellValue, Certification, CertificationEvaluation, CoverageResult, DetectionResult, Localized, SheetMatrix } from "./types";

export const SUMMARY_SHEET_NAMES: Localized = { ja: "PHRチェック概要", en: "PHR check summary" };
export const SUMMARY_COLUMNS = 4;
/** Column widths of the summary sheet (labels, values, details, long texts), in character units. */
export const SUMMARY_WIDTHS = [20, 36, 22, 60];

/** Is this one of the summary sheet's names (either language)? */
export function isSummarySheetName(name: string): boolean {
  return name === SUMMARY_SHEET_NAMES.ja || name === SUMMARY_SHEET_NAMES.en;
}

/** The summary sheet to write: the one already in the workbook (whatever its language), else the UI language's name. */
export function summarySheetName(existing: string[], lang: "ja" | "en"): string {
  return existing.find(isSummarySheetName) ?? SUMMARY_SHEET_NAMES[lang];
}

/** What the user put on the summary sheet themselves: values right of the add-in's columns, drawings not the add-in's. */
export interface ForeignSummaryContent {
  /** The range right of the add-in's SUMMARY_COLUMNS that holds values (A1, e.g. "E2:G30"), or null. */
  cells: string | null;
  /** Names of charts, pictures or shapes that are not the add-in's chart. */
  drawings: string[];
}

/**
 * The user's own content on the summary sheet (null when there is none), from the extent of its values and its
 * drawings: clear then keeps the sheet instead of deleting it with what the user put there. The add-in writes columns
 * A–D and its chart only; values right of them and any other drawing are the user's.
 */
export function foreignSummaryContent(p: { used: CellRect | null; drawings?: string[] }): ForeignSummaryContent | null {
  const u = p.used;
  const from = u && u.right >= SUMMARY_COLUMNS ? toA1(u.top, Math.max(u.left, SUMMARY_COLUMNS)) : null;
  const to = u ? toA1(u.bottom, u.right) : null;
  const cells = from === null ? null : from === to ? from : `${from}:${to}`;
  const drawings = (p.drawings ?? []).filter((n) => n !== SUMMARY_CHART_NAME);
  return cells || drawings.length ? { cells, drawings } : null;
}

/**
 * The message when clear keeps the summary sheet for the user's content on it (`sheet`: its name), after the clear or
 * (`preview`) before it, as the CLI or the pane says it (how to delete the sheet anyway).
 */
export function keptSummaryMessage(sheet: string, f: ForeignSummaryContent, how: { cli: boolean; preview?: boolean }): Localized {
  const whatJa = [f.cells ? `${f.cells} の範囲の入力` : "", f.drawings.length ? `図形・グラフ「${f.drawings.join("」「")}」` : ""].filter(Boolean);
  const whatEn = [
    f.cells ? `values in ${f.cells}` : "",
    f.drawings.length ? `the drawing${f.drawings.length > 1 ? "s" : ""} "${f.drawings.join('", "')}"` : "",
  ].filter(Boolean);
  const forceJa = how.cli
    ? "--force を付けると、シートごと削除します。"
    : how.preview
      ? "「変更も含めて元に戻す」では、シートごと削除します。"
      : "不要であれば手作業でシートを削除してください。";
  const forceEn = how.cli
    ? "With --force the sheet is deleted as well."
    : how.preview
      ? '"Restore those too" deletes the sheet as well.'
      : "Delete the sheet yourself if you do not need it.";
  const keptJa = how.preview ? "シートは削除せずに残します（概要は消去前のままになります）" : "シートを削除せずに残しました（概要は消去前のままです）";
  const keptEn = how.preview
    ? "it will be kept instead of deleted (its summary stays as it is before the clear)"
    : "it was kept instead of deleted (its summary is as it was before this clear)";
  return {
    ja: `概要シート「${sheet}」には、アドインが書いていない内容（${whatJa.join("、")}）があるため、${keptJa}。${forceJa}`,
    en: `The summary sheet "${sheet}" holds content the add-in did not write (${whatEn.join("; ")}), so ${keptEn}. ${forceEn}`,
  };
}

/** Where a C/D item's evidence stands: registered in the add-in's register, stated by the applicant in 備考, or none. */
export type EvidenceState = "registered" | "stated-in-sheet" | "none";

/** The remark text of every detected item that has one (trimmed, non-empty). */
export function remarksOf(detection: DetectionResult, matrix: SheetMatrix | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!matrix) return out;
  for (const it of detection.items) {
    if (!it.remarks || !it.catalogId) continue;
    const v = matrix.values[it.remarks.row]?.[it.remarks.col];
    if (v === null || v === undefined) continue;
    const t = String(v).trim();
    if (t) out[it.catalogId] = t;
  }
  return out;
}

/**
 * An answered C/D item whose 備考 holds text counts as "evidence stated in the sheet"; evidence in the register wins.
 * "Answered" = anything but empty and "no" (an item answered no has nothing to evidence yet).
 */
export function evidenceStateOf(
  itemId: string,
  answer: CellValue | undefined,
  remarks: Record<string, string>,
  evidence: Record<string, EvidenceRef[]>,
): EvidenceState {
  if ((evidence[itemId]?.length ?? 0) > 0) return "registered";
  const cls = classifyAnswer(answer);
  if (cls !== "empty" && cls !== "no" && remarks[itemId]) return "stated-in-sheet";
  return "none";
}

export const EVIDENCE_STATE_LABELS: Record<EvidenceState, Localized> = {
  registered: { ja: "証跡登録済み", en: "Evidence registered" },
  "stated-in-sheet": { ja: "シートに記載（備考）", en: "Stated in the sheet (remarks)" },
  none: { ja: "証跡なし", en: "No evidence" },
};

export interface SummaryInput {
  lang: "ja" | "en";
  certification: Certification | null;
  evaluation: CertificationEvaluation | null;
  /** The date coverage was evaluated for (YYYY-MM-DD). */
  asOf: string;
  coverage: CoverageResult;
  detection: DetectionResult;
  remarks: Record<string, string>;
  evidence: Record<string, EvidenceRef[]>;
  reviews: ReviewEntry[];
  signoff: SignOff | null;
  signoffCheck: SignOffCheck | null;
  crosswalkVersion: string;
}

const T = {
  title: { ja: "PHR チェックシート × 情報銀行認定 概要（アドイン記入・自動更新）", en: "PHR checksheet × 情報銀行 certification: summary (written by the add-in, kept current)" },
  cert: { ja: "認定", en: "Certification" },
  number: { ja: "認定番号", en: "Number" },
  holder: { ja: "認定事業者", en: "Holder" },
  service: { ja: "サービス名", en: "Service" },
  kind: { ja: "種別", en: "Kind" },
  standard: { ja: "通常認定", en: "Standard" },
  provisional: { ja: "P認定（運用未監査）", en: "P certification (operation not audited)" },
  validity: { ja: "有効期間", en: "Validity" },
  asOf: { ja: "判定日", en: "As of" },
  verdict: { ja: "判定", en: "Verdict" },
  valid: { ja: "有効（充足とみなす）", en: "Valid (gives coverage)" },
  invalid: { ja: "無効（充足とみなさない）", en: "Not valid (no coverage)" },
  none: { ja: "（認定情報なし）", en: "(no certification)" },
  counts: { ja: "件数", en: "Counts" },
  perClass: { ja: "区分別", en: "Per class" },
  perStatus: { ja: "状態別", en: "Per status" },
  covered: { ja: "充足", en: "Covered" },
  needsEvidence: { ja: "要証跡", en: "Needs evidence" },
  notCovered: { ja: "未充足", en: "Not covered" },
  contradiction: { ja: "要確認", en: "To check" },
  legend: { ja: "色の凡例", en: "Colour legend" },
  contradictions: { ja: "要確認（認定で充足とされる項目に否定の回答）", en: "To check (covered items answered no)" },
  noContradictions: { ja: "なし", en: "None" },
  nine: { ja: "証跡が必要な項目（C・D）", en: "Items needing evidence (C/D)" },
  withEvidence: { ja: "証跡あり", en: "With evidence" },
  review: { ja: "審査", en: "Review" },
  progress: { ja: "審査済み", en: "Reviewed" },
  signoff: { ja: "承認", en: "Sign-off" },
  notSigned: { ja: "未承認", en: "Not signed off" },
  intact: { ja: "承認後の変更なし", en: "No change since sign-off" },
  broken: { ja: "承認後に回答が変更されています", en: "Answers changed since sign-off" },
  crosswalk: { ja: "対応表の版", en: "Crosswalk version" },
  classWord: { ja: "区分", en: "Class" },
  swatch: { ja: "（色見本）", en: "(swatch)" },
  chartTitle: { ja: "区分別の項目数", en: "Items per class" },
  note: {
    ja: "このシートはアドインが書き込み、適用・一括入力・証跡・審査のたびに更新します。消去で取り除かれます。",
    en: "The add-in writes this sheet and updates it with every apply, bulk-mark, evidence and review; clear removes it.",
  },
} satisfies Record<string, Localized>;

/** Every colour the add-in paints, with its meaning (C and D each have their own). */
export function legendEntries(): { color: string; label: Localized }[] {
  return [
    { color: COLORS.A, label: { ja: "A 充足（認定の方が厳しい）", en: "A covered (certification stricter)" } },
    { color: COLORS.B, label: { ja: "B 充足（同等）", en: "B covered (equivalent)" } },
    { color: COLORS.C, label: { ja: "C 要証跡（PHR指針の方が厳しい）", en: "C evidence needed (PHR stricter)" } },
    { color: COLORS.D, label: { ja: "D 要証跡（認定に該当なし）", en: "D evidence needed (no counterpart)" } },
    { color: COLORS.contradiction, label: { ja: "要確認（充足の項目に否定の回答）", en: "To check (covered item answered no)" } },
    { color: COLORS.notCovered, label: { ja: "未充足（認定が無効）", en: "Not covered (certification not valid)" } },
  ];
}

/** A filled cell of the summary sheet (the legend's swatches). 0-based, in the sheet's rows. */
export interface SummaryFill {
  row: number;
  col: number;
  /** #RRGGBB */
  color: string;
}

/**
 * The summary's chart: items per class, a clustered bar chart over the numeric rows of the "per class" block.
 * Rows and columns are 0-based, inclusive, in the summary sheet's rows.
 */
export interface SummaryChart {
  /** Stable name: the adapter finds and replaces the add-in's own chart by it, never a chart of the user's. */
  name: string;
  title: string;
  /**
   * Every title the add-in gives this chart (each language): an adapter that finds the chart again sets `title` only
   * while its title is still one of these, so a title the user typed is kept.
   */
  ownTitles?: string[];
  /** Rows of the data (categories in categoryCol, numbers in valueCol). */
  firstRow: number;
  lastRow: number;
  categoryCol: number;
  valueCol: number;
  /** Cell range the chart covers (top-left and bottom-right cells, 0-based, inclusive). */
  topLeft: { row: number; col: number };
  bottomRight: { row: number; col: number };
  /** Colour of each bar in category order (#RRGGBB): the class colours of the legend. */
  colors?: string[];
}

/** The summary sheet: its rows, the legend's fills, the chart. */
export interface SummaryLayout {
  rows: CellValue[][];
  fills: SummaryFill[];
  chart: SummaryChart;
}

export const SUMMARY_CHART_NAME = "PHRCheckClassChart";

/** Is `title` one the add-in gives this chart (its title now, or ownTitles)? Else the user typed it, and it stays. */
export function isOwnChartTitle(chart: Pick<SummaryChart, "title" | "ownTitles">, title: string): boolean {
  return title === chart.title || (chart.ownTitles ?? []).includes(title);
}

/** The rows of the summary sheet (SUMMARY_COLUMNS wide). */
export function summarySheetRows(input: SummaryInput): CellValue[][] {
  return summarySheetLayout(input).rows;
}

/** The summary sheet (SUMMARY_COLUMNS wide): rows, the legend's swatch fills and the per-class chart. */
export function summarySheetLayout(input: SummaryInput): SummaryLayout {
  const l = input.lang;
  const t = (x: Localized) => x[l];
  const rows: CellValue[][] = [];
  const fills: SummaryFill[] = [];
  const push = (...r: CellValue[]) => rows.push([...r, ...Array<CellValue>(Math.max(0, SUMMARY_COLUMNS - r.length)).fill(null)]);
  const blank = () => push();
  push(t(T.title));
  push(t(T.note));
  blank();

  // Certification
  const c = input.certification;
  const ev = input.evaluation;
  push(t(T.cert));
  if (c) {
    push(t(T.number), c.certificationNumber);
    push(t(T.holder), c.holder);
    push(t(T.service), c.serviceName);
    push(t(T.kind), t(c.kind === "provisional" ? T.provisional : T.standard));
    push(t(T.validity), `${c.certifiedOn} 〜 ${c.expiresOn}`);
  } else push(t(T.number), t(T.none));
  push(t(T.asOf), input.asOf);
  push(t(T.verdict), ev?.valid ? t(T.valid) : t(T.invalid), [...(ev?.problems ?? []), ...(ev?.warnings ?? [])].map((p) => p.message[l]).join(" ") || null);
  blank();

  // Counts
  const byId = new Map(input.coverage.items.map((i) => [i.id, i]));
  const contradictions = input.detection.items.filter(
    (it) => it.catalogId && byId.get(it.catalogId)?.status === "covered" && classifyAnswer(it.answerValue) === "no",
  );
  const s = input.coverage.summary;
  push(t(T.counts));
  push(t(T.perClass), `A ${s.A} / B ${s.B} / C ${s.C} / D ${s.D}`, s.total);
  const classRows = rows.length;
  for (const k of ["A", "B", "C", "D"] as const) push(`${t(T.classWord)} ${k}`, s[k], t(CLASS_MEANING[k]));
  const classRowsEnd = rows.length - 1;
  push(t(T.perStatus), `${t(T.covered)} ${s.covered} / ${t(T.needsEvidence)} ${s.needsEvidence} / ${t(T.notCovered)} ${s.notCovered} / ${t(T.contradiction)} ${contradictions.length}`);
  blank();

  // Legend
  push(t(T.legend));
  for (const e of legendEntries()) {
    // the swatch is the cell itself, filled; the code stays beside it for readers without colour
    fills.push({ row: rows.length, col: 0, color: e.color });
    push(t(T.swatch), e.label[l], e.color);
  }
  blank();

  // Contradictions
  push(`${t(T.contradictions)}: ${contradictions.length}`);
  if (!contradictions.length) push(t(T.noContradictions));
  for (const it of contradictions) push(it.catalogId!, toA1(it.answer.row, it.answer.col), String(it.answerValue ?? ""), `${l === "ja" ? "区分" : "class "}${byId.get(it.catalogId!)!.class}`);
  blank();

  // The nine items
  const answers = new Map(input.detection.items.map((it) => [it.catalogId, it.answerValue]));
  const nine = input.coverage.items.filter((i) => i.class === "C" || i.class === "D");
  const states = nine.map((i) => ({ i, state: evidenceStateOf(i.id, answers.get(i.id), input.remarks, input.evidence) }));
  const withEv = states.filter((x) => x.state !== "none").length;
  push(`${t(T.nine)}: ${t(T.withEvidence)} ${withEv} / ${nine.length}`);
  for (const { i, state } of states) {
    const docs = (input.evidence[i.id] ?? []).map((r) => r.document).join(l === "ja" ? "、" : ", ");
    const detail = state === "registered" ? docs : state === "stated-in-sheet" ? input.remarks[i.id] : (i.entry.evidence?.[l] ?? "");
    push(i.id, i.class, t(EVIDENCE_STATE_LABELS[state]), detail);
  }
  blank();

  // Review and sign-off
  push(t(T.review));
  const inSheet = new Set(input.detection.items.map((d) => d.catalogId).filter((x): x is string => !!x));
  const reviews = input.reviews.filter((r) => inSheet.has(r.itemId));
  const reviewed = reviews.filter((r) => r.status !== "unreviewed").length;
  push(t(T.progress), `${reviewed} / ${inSheet.size}`, REVIEW_STATUSES.map((st) => `${REVIEW_STATUS_LABELS[st][l]} ${st === "unreviewed" ? inSheet.size - reviewed : reviews.filter((r) => r.status === st).length}`).join(" / "));
  const so = input.signoff;
  if (so) push(t(T.signoff), `${so.reviewer} ${so.at}`, input.signoffCheck ? t(input.signoffCheck.intact ? T.intact : T.broken) : null);
  else push(t(T.signoff), t(T.notSigned));
  blank();
  push(t(T.crosswalk), input.crosswalkVersion);
  // the chart sits right of the texts (column E onwards), beside the counts
  const chart: SummaryChart = {
    name: SUMMARY_CHART_NAME,
    title: t(T.chartTitle),
    ownTitles: [T.chartTitle.ja, T.chartTitle.en],
    firstRow: classRows,
    lastRow: classRowsEnd,
    categoryCol: 0,
    valueCol: 1,
    topLeft: { row: 2, col: SUMMARY_COLUMNS },
    bottomRight: { row: 17, col: SUMMARY_COLUMNS + 5 },
    colors: [COLORS.A, COLORS.B, COLORS.C, COLORS.D],
  };
  return { rows, fills, chart };
}

const CLASS_MEANING: Record<"A" | "B" | "C" | "D", Localized> = {
  A: { ja: "充足（認定の方が厳しい）", en: "covered (certification stricter)" },
  B: { ja: "充足（同等）", en: "covered (equivalent)" },
  C: { ja: "要証跡（PHR指針の方が厳しい）", en: "evidence needed (PHR stricter)" },
  D: { ja: "要証跡（認定に該当なし）", en: "evidence needed (no counterpart)" },
};

/**
 * Reviewer workflow: per-item review status, the visible 審査記録 sheet
 * (written and read back, tolerant of hand edits), and sign-off.
 * Plain TypeScript: no Office, no Node APIs.
 */
import { answerText } from "./answers";
import { answersHash, type SignOff } from "./record";
import type { CellValue, DetectionResult, ItemClass, Localized } from "./types";

export type ReviewStatus = "unreviewed" | "confirmed" | "needs-fix" | "not-applicable";
export const REVIEW_STATUSES: readonly ReviewStatus[] = ["unreviewed", "confirmed", "needs-fix", "not-applicable"];

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, Localized> = {
  unreviewed: { ja: "未確認", en: "Unreviewed" },
  confirmed: { ja: "確認済", en: "Confirmed" },
  "needs-fix": { ja: "要修正", en: "Needs fix" },
  "not-applicable": { ja: "対象外", en: "Not applicable" },
};

export interface ReviewEntry {
  itemId: string;
  status: ReviewStatus;
  comment: string;
  reviewer: string;
  /** ISO timestamp (or the text a user typed into the sheet). */
  at: string;
  /** The item's answer when it was reviewed (the review is stale once the answer differs). Absent: not recorded. */
  answer?: string;
  /** Earlier reviews of the item, oldest first, one line each ("要修正｜comment — reviewer time"). Absent: none. */
  history?: string[];
}

/** Name of the visible sheet the review is written to. */
export const REVIEW_SHEET_NAME = "審査記録";

export type ColumnKey =
  | "itemId"
  | "sheetLabel"
  | "label"
  | "class"
  | "status"
  | "comment"
  | "reviewer"
  | "at"
  | "answer"
  | "stale"
  | "link"
  | "history";

export const REVIEW_HEADERS: Record<ColumnKey, Localized> = {
  itemId: { ja: "項目ID", en: "Item ID" },
  sheetLabel: { ja: "表示番号", en: "As shown" },
  label: { ja: "項目", en: "Item" },
  class: { ja: "区分", en: "Class" },
  status: { ja: "審査状況", en: "Status" },
  comment: { ja: "コメント", en: "Comment" },
  reviewer: { ja: "審査者", en: "Reviewer" },
  at: { ja: "日時", en: "Date" },
  answer: { ja: "審査時の回答", en: "Answer at review" },
  stale: { ja: "回答変更", en: "Answer changed" },
  link: { ja: "シートの行", en: "Sheet row" },
  history: { ja: "履歴", en: "History" },
};
const HEADERS = REVIEW_HEADERS;

/** Extra header spellings accepted when reading the sheet back. */
const HEADER_ALIASES: Record<ColumnKey, string[]> = {
  itemId: ["id", "項目番号", "itemid"],
  label: ["項目名", "label"],
  class: ["分類", "class"],
  status: ["状況", "ステータス", "審査状態", "reviewstatus", "status"],
  comment: ["備考", "comments", "note"],
  reviewer: ["確認者", "reviewedby"],
  at: ["日付", "更新日時", "date", "time", "at", "datetime"],
  sheetLabel: ["シート上の番号", "shown"],
  answer: ["回答（審査時）", "answeratreview"],
  stale: ["要再確認", "stale"],
  link: ["行", "row", "link"],
  history: ["審査履歴", "history"],
};

/** How an empty answer at review time is shown in the 審査時の回答 column (read back as ""). */
export const EMPTY_ANSWER_TEXT = "（空欄）";

/** First cell of the sign-off block written below the table (parsing stops there). */
export const SIGNOFF_BLOCK_MARK = "【承認 / Sign-off】";

function norm(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase().replace(/[\s_\-・]+/g, "");
}

function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  return String(v).trim();
}

export interface CatalogOrderItem {
  id: string;
  label?: string;
  class?: ItemClass;
}

function isBlankEntry(e: ReviewEntry): boolean {
  return e.status === "unreviewed" && e.comment === "" && e.reviewer === "" && e.at === "" && !e.history?.length;
}

/**
 * Rows of the 審査記録 sheet: a header row, then one row per catalog item in
 * catalog order (items without an entry show 未確認), then entries for ids the
 * catalog does not list (never dropped). A 項目 column is added after 項目ID
 * when any catalog item carries a label.
 */
export function reviewSheetRows(entries: ReviewEntry[], catalogOrder: CatalogOrderItem[]): CellValue[][] {
  const withLabel = catalogOrder.some((c) => c.label !== undefined && c.label !== "");
  const cols: ColumnKey[] = withLabel
    ? ["itemId", "label", "class", "status", "comment", "reviewer", "at"]
    : ["itemId", "class", "status", "comment", "reviewer", "at"];
  const byId = new Map<string, ReviewEntry>();
  for (const e of entries) byId.set(e.itemId, e);

  const row = (id: string, label: string, cls: string, e: ReviewEntry | undefined): CellValue[] =>
    cols.map((k) => {
      switch (k) {
        case "itemId":
          return id;
        case "label":
          return label;
        case "class":
          return cls;
        case "status":
          return REVIEW_STATUS_LABELS[e?.status ?? "unreviewed"].ja;
        case "comment":
          return e?.comment ?? "";
        case "reviewer":
          return e?.reviewer ?? "";
        case "at":
          return e?.at ?? "";
        default:
          return "";
      }
    });

  const rows: CellValue[][] = [cols.map((k) => HEADERS[k].ja)];
  const seen = new Set<string>();
  for (const c of catalogOrder) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    rows.push(row(c.id, c.label ?? "", c.class ?? "", byId.get(c.id)));
  }
  for (const e of entries) {
    if (seen.has(e.itemId)) continue;
    seen.add(e.itemId);
    rows.push(row(e.itemId, "", "", e));
  }
  return rows;
}

/** Status from a sheet cell: Japanese label, English label or code. Null when unknown. */
export function parseReviewStatus(text: string): ReviewStatus | null {
  const t = norm(text);
  if (t === "") return "unreviewed";
  for (const s of REVIEW_STATUSES) {
    const l = REVIEW_STATUS_LABELS[s];
    if (t === norm(l.ja) || t === norm(l.en) || t === norm(s)) return s;
  }
  const extra: Record<string, ReviewStatus> = {
    未審査: "unreviewed",
    確認済み: "confirmed",
    ok: "confirmed",
    修正要: "needs-fix",
    要対応: "needs-fix",
    na: "not-applicable",
    "n/a": "not-applicable",
    該当なし: "not-applicable",
  };
  return extra[t] ?? null;
}

/** Excel serial date (days since 1899-12-30) to ISO text. */
function serialToIso(n: number): string {
  const ms = Math.round((n - 25569) * 86400 * 1000);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(n) : d.toISOString().replace(/\.000Z$/, "Z");
}

export interface ReviewSheetError {
  /** 1-based sheet row (as Excel shows it). */
  row: number;
  code: "no-header" | "missing-id" | "unknown-status" | "duplicate-id";
  message: Localized;
}

/**
 * Read the 審査記録 sheet back. Columns are found by their header text (ja or
 * en), so reordered or added columns are fine; blank rows are skipped; rows
 * that say nothing beyond 未確認 give no entry (the same as no review).
 */
export function parseReviewSheet(rows: CellValue[][]): { entries: ReviewEntry[]; errors: ReviewSheetError[] } {
  const errors: ReviewSheetError[] = [];
  const entries: ReviewEntry[] = [];
  const keys = Object.keys(HEADERS) as ColumnKey[];
  const match = (text: string): ColumnKey | null => {
    const t = norm(text);
    if (t === "") return null;
    for (const k of keys) {
      if (t === norm(HEADERS[k].ja) || t === norm(HEADERS[k].en) || HEADER_ALIASES[k].some((a) => norm(a) === t)) return k;
    }
    return null;
  };

  let headerRow = -1;
  const col: Partial<Record<ColumnKey, number>> = {};
  for (let r = 0; r < rows.length && headerRow < 0; r++) {
    const found: Partial<Record<ColumnKey, number>> = {};
    (rows[r] ?? []).forEach((v, c) => {
      const k = match(cellText(v));
      if (k && found[k] === undefined) found[k] = c;
    });
    if (found.itemId !== undefined && found.status !== undefined) {
      headerRow = r;
      Object.assign(col, found);
    }
  }
  if (headerRow < 0) {
    errors.push({
      row: 1,
      code: "no-header",
      message: {
        ja: "審査記録シートに見出し行（項目ID・審査状況）が見つかりません。",
        en: "The review sheet has no header row (Item ID, Status).",
      },
    });
    return { entries, errors };
  }

  const get = (r: CellValue[], k: ColumnKey): CellValue | undefined => (col[k] === undefined ? undefined : r[col[k]!]);
  const firstRow = new Map<string, number>();
  for (let r = headerRow + 1; r < rows.length; r++) {
    const cells = rows[r] ?? [];
    const excelRow = r + 1;
    if (cells.every((v) => cellText(v) === "")) continue;
    if (cellText(cells.find((v) => cellText(v) !== "")).startsWith(SIGNOFF_BLOCK_MARK.slice(0, 3))) break;
    const itemId = cellText(get(cells, "itemId"));
    const statusText = cellText(get(cells, "status"));
    const comment = cellText(get(cells, "comment"));
    const reviewer = cellText(get(cells, "reviewer"));
    const atCell = get(cells, "at");
    const at = typeof atCell === "number" ? serialToIso(atCell) : cellText(atCell);
    if (itemId === "") {
      if (statusText === "" && comment === "" && reviewer === "" && at === "") continue;
      errors.push({
        row: excelRow,
        code: "missing-id",
        message: { ja: `${excelRow} 行目：項目IDが空です。`, en: `Row ${excelRow}: the item ID is empty.` },
      });
      continue;
    }
    const status = parseReviewStatus(statusText);
    if (status === null) {
      errors.push({
        row: excelRow,
        code: "unknown-status",
        message: {
          ja: `${excelRow} 行目（${itemId}）：審査状況「${statusText}」を認識できません。未確認・確認済・要修正・対象外のいずれかを入力してください。`,
          en: `Row ${excelRow} (${itemId}): unknown status "${statusText}". Use Unreviewed, Confirmed, Needs fix or Not applicable.`,
        },
      });
      continue;
    }
    const prev = firstRow.get(itemId);
    if (prev !== undefined) {
      errors.push({
        row: excelRow,
        code: "duplicate-id",
        message: {
          ja: `${excelRow} 行目：項目ID ${itemId} は ${prev} 行目と重複しています（後の行は無視しました）。`,
          en: `Row ${excelRow}: item ID ${itemId} repeats row ${prev} (the later row was ignored).`,
        },
      });
      continue;
    }
    firstRow.set(itemId, excelRow);
    const e: ReviewEntry = { itemId, status, comment, reviewer, at };
    if (col.answer !== undefined) {
      const ans = get(cells, "answer");
      if (ans !== null && ans !== undefined && (e.reviewer !== "" || e.at !== "" || e.status !== "unreviewed")) {
        const text = typeof ans === "string" ? ans : String(ans);
        e.answer = text === EMPTY_ANSWER_TEXT ? "" : text;
      }
    }
    const hist = cellText(get(cells, "history"));
    if (hist !== "") e.history = hist.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (!isBlankEntry(e)) entries.push(e);
  }
  return { entries, errors };
}

export interface ReviewUpdate {
  itemId: string;
  status?: ReviewStatus;
  comment?: string;
}

/** One history line for an earlier review: "要修正｜comment — reviewer time". */
export function historyLine(e: ReviewEntry): string {
  const who = [e.reviewer, e.at].filter((x) => x !== "").join(" ");
  return `${REVIEW_STATUS_LABELS[e.status].ja}${e.comment ? `｜${e.comment}` : ""}${who ? ` — ${who}` : ""}`;
}

/**
 * New entries with one item's review set (reviewer and time stamped). Does not mutate the input.
 * The previous review (when there was one) goes to the entry's history; `answer` is the item's answer now.
 */
export function setReview(entries: ReviewEntry[], update: ReviewUpdate, now: string, reviewer: string, answer?: string): ReviewEntry[] {
  const i = entries.findIndex((e) => e.itemId === update.itemId);
  const prev = i >= 0 ? entries[i] : undefined;
  const next: ReviewEntry = {
    itemId: update.itemId,
    status: update.status ?? prev?.status ?? "unreviewed",
    comment: update.comment ?? prev?.comment ?? "",
    reviewer,
    at: now,
  };
  if (answer !== undefined) next.answer = answer;
  const history = [...(prev?.history ?? [])];
  if (prev && (prev.reviewer !== "" || prev.at !== "" || prev.status !== "unreviewed" || prev.comment !== "")) history.push(historyLine(prev));
  if (history.length) next.history = history;
  if (i < 0) return [...entries, next];
  const out = entries.slice();
  out[i] = next;
  return out;
}

/** Text for a cell note mirroring the review of one item. */
export function reviewNoteText(entry: ReviewEntry): string {
  const l = REVIEW_STATUS_LABELS[entry.status];
  const lines = [`【審査】${l.ja}（${l.en}）`];
  if (entry.comment) lines.push(entry.comment);
  const by = [entry.reviewer, entry.at].filter((s) => s !== "").join(" ");
  if (by) lines.push(`— ${by}`);
  return lines.join("\n");
}

/* ------------------------------------------------------------------ */
/* Sign-off                                                            */
/* ------------------------------------------------------------------ */

/** Current answers of the detected items, itemId -> answer text ("" when empty). */
export function answersFromDetection(detection: DetectionResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of detection.items) out[d.catalogId ?? d.id] = answerText(d.answerValue);
  return out;
}

export function makeSignOff(answers: Record<string, string>, reviewer: string, now: string): SignOff {
  const copy: Record<string, string> = {};
  for (const k of Object.keys(answers).sort()) copy[k] = answers[k];
  return { reviewer, at: now, answersHash: answersHash(copy), answers: copy };
}

export interface SignOffCheck {
  /** True when the answers are exactly those signed off. */
  intact: boolean;
  /** Items whose answer differs (null = item absent on that side). */
  changed: { itemId: string; before: string | null; after: string | null }[];
  /** False when the stored answers do not match the stored hash (the record was altered). */
  consistent: boolean;
}

export function verifySignOff(signoff: SignOff, currentAnswers: Record<string, string>): SignOffCheck {
  const before = signoff.answers ?? {};
  const ids = new Set([...Object.keys(before), ...Object.keys(currentAnswers)]);
  const changed: SignOffCheck["changed"] = [];
  for (const id of [...ids].sort((a, b) => a.localeCompare(b, "en", { numeric: true }))) {
    const b = Object.prototype.hasOwnProperty.call(before, id) ? before[id] : null;
    const a = Object.prototype.hasOwnProperty.call(currentAnswers, id) ? currentAnswers[id] : null;
    if (a !== b) changed.push({ itemId: id, before: b, after: a });
  }
  const consistent = answersHash(before) === signoff.answersHash;
  const intact = consistent && answersHash(currentAnswers) === signoff.answersHash && changed.length === 0;
  return { intact, changed, consistent };
}

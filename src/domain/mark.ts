/**
 * Bulk-mark planning (applicant side): which answer/remarks cells to fill
 * for items the 情報銀行 certification covers, and why every other item is
 * left alone. Pure: the plan is computed from the detection, the coverage and
 * what the sheet holds; the orchestration writes it (and snapshots first).
 */
import { classifyAnswer, yesValueFromList, type AnswerClass } from "./answers";
import { toA1 } from "./a1";
import { formatInfobankRef as formatRef } from "./crosswalk-core";
import { isVerified } from "./verify";
import type {
  CellAddress,
  CellRect,
  CellValue,
  Certification,
  CoverageResult,
  CrosswalkEntry,
  DetectedItem,
  DetectionResult,
  InfobankRef,
  ItemClass,
  ItemCoverage,
  Localized,
  SheetMatrix,
} from "./types";

/* ------------------------------------------------------------------ */
/* A1 addresses                                                        */
/* ------------------------------------------------------------------ */

export { columnLetters, toA1 } from "./a1";

/* ------------------------------------------------------------------ */
/* Remarks template                                                    */
/* ------------------------------------------------------------------ */

export const DEFAULT_REMARKS_TEMPLATE = "情報銀行認定（認定番号 {number}）により充足：区分{class}／{refs}";
export const DEFAULT_REMARKS_TEMPLATE_EN =
  "Met by the information bank certification (No. {number}): class {class} / {refs}";

/** Placeholders the template understands. */
export const REMARKS_PLACEHOLDERS = ["number", "holder", "class", "refs", "kind"] as const;
export type RemarksPlaceholder = (typeof REMARKS_PLACEHOLDERS)[number];
export type RemarksContext = Partial<Record<RemarksPlaceholder, string>> & Record<string, string | undefined>;


/** Replace `{name}` placeholders; unknown placeholders (and known ones without a value) are left as is. */
export function renderRemarks(template: string, ctx: RemarksContext): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const v = Object.prototype.hasOwnProperty.call(ctx, name) ? ctx[name] : undefined;
    return v === undefined ? whole : v;
  });
}

/** `5.4.1④ 諮問体制 M01、M02、No.130〜133` (one formatter for the whole product: crosswalk.ts). */
export function formatInfobankRef(ref: InfobankRef, lang: "ja" | "en" = "ja"): string {
  const base = formatRef(ref);
  return ref.partial ? `${base}${lang === "ja" ? "（一部）" : " (partial)"}` : base;
}

export function formatInfobankRefs(refs: InfobankRef[], lang: "ja" | "en" = "ja"): string {
  return refs.map((r) => formatInfobankRef(r, lang)).join(lang === "ja" ? "；" : "; ");
}

const KIND_LABEL: Record<Certification["kind"], Localized> = {
  standard: { ja: "通常認定", en: "standard certification" },
  provisional: { ja: "P認定", en: "provisional certification" },
};

/** Template values for one item. */
export function remarksContext(
  certification: Certification,
  entry: Pick<CrosswalkEntry, "class" | "infobankRefs">,
  lang: "ja" | "en" = "ja",
): RemarksContext {
  return {
    number: certification.certificationNumber,
    holder: certification.holder,
    class: entry.class,
    refs: formatInfobankRefs(entry.infobankRefs, lang),
    kind: KIND_LABEL[certification.kind]?.[lang] ?? certification.kind,
  };
}

/* ------------------------------------------------------------------ */
/* Plan                                                                */
/* ------------------------------------------------------------------ */

export interface PlannedWrite {
  itemId: string;
  kind: "answer" | "remarks";
  row: number;
  col: number;
  /** A1 address, "E12". */
  cell: string;
  before: CellValue;
  value: string;
}

/** One row of the "cells that will change" list. */
export interface PreviewRow {
  itemId: string;
  kind: "answer" | "remarks";
  cell: string;
  oldValue: CellValue;
  newValue: string;
}

/** A covered item whose answer cell already holds something: left alone. */
export interface MarkConflict {
  itemId: string;
  row: number;
  cell: string;
  value: CellValue;
  answerClass: AnswerClass;
  message: Localized;
}

export type SkipReason =
  | "protected-sheet"
  | "merged-answer"
  | "formula-answer"
  | "remarks-not-empty"
  | "remarks-formula"
  | "remarks-merged"
  | "remarks-unknown"
  | "not-covered"
  | "no-coverage-entry"
  | "content-unverified"
  | "typed-meanwhile"
  | "remarks-withdrawn";

export interface SkippedItem {
  itemId: string;
  row: number;
  /** The cell the reason is about. */
  cell: string;
  reason: SkipReason;
  /** True when the answer was still written (only the remarks were skipped). */
  answerWritten: boolean;
  message: Localized;
}

export interface ExcludedItem {
  itemId: string;
  class: ItemClass;
  /** Row on the sheet, or null when the item is not on the sheet. */
  row: number | null;
  /** What the applicant must show instead. */
  evidence: Localized | null;
  message: Localized;
}

export interface BulkMarkPlan {
  /** True when there is at least one write. */
  ok: boolean;
  /** The value written into answer cells, taken from the sheet's own list (null when blocked). */
  yesValue: string | null;
  /** Why nothing can be marked (invalid certification, no yes value, failed detection). */
  blocked: Localized[];
  /** Shown with the plan (e.g. provisional certification). */
  warnings: Localized[];
  writes: PlannedWrite[];
  conflicts: MarkConflict[];
  contradictions: MarkConflict[];
  skipped: SkippedItem[];
  excluded: ExcludedItem[];
  preview: PreviewRow[];
  summary: {
    answersWritten: number;
    remarksWritten: number;
    conflicts: number;
    contradictions: number;
    skipped: number;
    excluded: number;
  };
}

export interface PlanBulkMarkInput {
  detection: DetectionResult;
  coverage: CoverageResult;
  certification: Certification | null;
  /** The answer column's dropdown list; undefined = detection.answerList. */
  answerList?: string[] | null;
  /** The user's explicit choice of the yes value (when the list is missing or ambiguous). */
  yesValue?: string;
  /** Remarks template; default DEFAULT_REMARKS_TEMPLATE. */
  remarksTemplate?: string;
  /** Language of the {kind} and {refs} values. Default "ja". */
  lang?: "ja" | "en";
  /** Sheet as read: supplies defaults for valueAt, formulas, mergedAnswer and lockedProtected. */
  matrix?: SheetMatrix;
  /** Current value of any cell (used for the remarks cells). */
  valueAt?: (row: number, col: number) => CellValue;
  formulas?: (row: number, col: number) => string | null;
  /** True when the cell belongs to a merged area (answer cells: skipped). */
  mergedAnswer?: (row: number, col: number) => boolean;
  /** The sheet is protected (cells locked): nothing is written. */
  lockedProtected?: boolean;
}

function mergeOf(merges: CellRect[] | undefined, row: number, col: number): CellRect | null {
  for (const m of merges ?? []) {
    if (row >= m.top && row <= m.bottom && col >= m.left && col <= m.right) {
      if (m.top === m.bottom && m.left === m.right) return null;
      return m;
    }
  }
  return null;
}

function isEmpty(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

const SKIP_MESSAGES: Record<SkipReason, (cell: string) => Localized> = {
  "typed-meanwhile": (c) => ({
    ja: `${c} には書き込みの最中に入力がありました。その入力のまま残しています（一括入力の値は書き込んでいません）。`,
    en: `${c} was typed in while bulk-mark was writing it: your entry is kept (bulk-mark's value was not written).`,
  }),
  "remarks-withdrawn": (c) => ({
    ja: `回答欄が書き込みの最中に入力されたため、備考欄 ${c} の記入は取り消しました（元の内容に戻しています）。`,
    en: `Its answer cell was typed in while bulk-mark wrote it, so the remarks written into ${c} were taken back (the cell is as it was).`,
  }),
  "protected-sheet": (c) => ({
    ja: `シートが保護されているため ${c} に書き込めません。保護を解除してから再実行してください。`,
    en: `The sheet is protected, so ${c} cannot be written. Unprotect it and run again.`,
  }),
  "merged-answer": (c) => ({
    ja: `回答欄 ${c} は結合セルのため書き込みませんでした。手作業で入力してください。`,
    en: `Answer cell ${c} is merged, so it was not written. Enter it by hand.`,
  }),
  "formula-answer": (c) => ({
    ja: `回答欄 ${c} に数式があるため書き込みませんでした。`,
    en: `Answer cell ${c} holds a formula, so it was not written.`,
  }),
  "remarks-not-empty": (c) => ({
    ja: `備考欄 ${c} に既に記入があるため、回答のみ記入し備考は変更しませんでした。`,
    en: `Remarks cell ${c} already has text: the answer was written, the remarks were left as they are.`,
  }),
  "remarks-formula": (c) => ({
    ja: `備考欄 ${c} に数式があるため、回答のみ記入しました。`,
    en: `Remarks cell ${c} holds a formula: only the answer was written.`,
  }),
  "remarks-merged": (c) => ({
    ja: `備考欄 ${c} は結合セルの一部のため、回答のみ記入しました。`,
    en: `Remarks cell ${c} is inside a merged area: only the answer was written.`,
  }),
  "remarks-unknown": (c) => ({
    ja: `備考欄 ${c} の内容を確認できないため、回答のみ記入しました。`,
    en: `The content of remarks cell ${c} could not be checked: only the answer was written.`,
  }),
  "not-covered": (c) => ({
    ja: `${c} の項目は認定の対象として扱われていないため記入しません。`,
    en: `The item at ${c} is not covered by the certification, so it is not marked.`,
  }),
  "no-coverage-entry": (c) => ({
    ja: `${c} の項目は対応表にないため記入しません。`,
    en: `The item at ${c} is not in the crosswalk, so it is not marked.`,
  }),
  "content-unverified": (c) => ({
    ja: `${c} の項目は文言が対応表の項目と一致しないため（要確認）記入しません。`,
    en: `The item at ${c} says something other than the catalog entry of its number (to be checked), so it is not marked.`,
  }),
};

function conflictMessage(cls: AnswerClass, cell: string, value: CellValue): Localized {
  const v = String(value);
  switch (cls) {
    case "no":
      return {
        ja: `矛盾：認定で充足とされる項目の回答欄 ${cell} が「${v}」（いいえ）です。上書きしません。内容を確認してください。`,
        en: `Contradiction: answer cell ${cell} says "${v}" (no) on an item the certification covers. Not overwritten; please check.`,
      };
    case "yes":
      return {
        ja: `回答欄 ${cell} は既に「${v}」です。変更しません。`,
        en: `Answer cell ${cell} already says "${v}". Left as it is.`,
      };
    case "na":
      return {
        ja: `回答欄 ${cell} は「${v}」（該当なし）です。認定で充足とされる項目のため確認してください。変更しません。`,
        en: `Answer cell ${cell} says "${v}" (not applicable) on an item the certification covers. Left as it is; please check.`,
      };
    default:
      return {
        ja: `回答欄 ${cell} に既に「${v}」が入っています。変更しません。`,
        en: `Answer cell ${cell} already holds "${v}". Left as it is.`,
      };
  }
}

function blockedByCertification(input: PlanBulkMarkInput): Localized[] {
  const out: Localized[] = [];
  if (!input.certification) {
    out.push({
      ja: "情報銀行の認定情報が登録されていないため、一括記入できません。",
      en: "No information bank certification is registered, so nothing can be bulk-marked.",
    });
    return out;
  }
  const ev = input.coverage.certification;
  if (!ev) {
    out.push({
      ja: "認定情報が評価されていないため、一括記入できません。",
      en: "The certification has not been evaluated, so nothing can be bulk-marked.",
    });
  } else if (!ev.valid) {
    out.push({
      ja: "認定が有効でないため、一括記入できません。",
      en: "The certification is not valid, so nothing can be bulk-marked.",
    });
    for (const p of ev.problems) out.push(p.message);
  }
  return out;
}

function emptyPlan(blocked: Localized[], warnings: Localized[], excluded: ExcludedItem[]): BulkMarkPlan {
  return {
    ok: false,
    yesValue: null,
    blocked,
    warnings,
    writes: [],
    conflicts: [],
    contradictions: [],
    skipped: [],
    excluded,
    preview: [],
    summary: {
      answersWritten: 0,
      remarksWritten: 0,
      conflicts: 0,
      contradictions: 0,
      skipped: 0,
      excluded: excluded.length,
    },
  };
}

/**
 * Plan a bulk-mark. Writes only into EMPTY answer cells of items whose coverage
 * status is "covered"; never overwrites an answer; C/D items are never marked.
 */
export function planBulkMark(input: PlanBulkMarkInput): BulkMarkPlan {
  const { detection, coverage, matrix } = input;
  const lang = input.lang ?? "ja";
  const template = input.remarksTemplate ?? DEFAULT_REMARKS_TEMPLATE;

  const valueAt =
    input.valueAt ?? (matrix ? (r: number, c: number): CellValue => matrix.values[r]?.[c] ?? null : undefined);
  const formulaAt =
    input.formulas ?? (matrix?.formulas ? (r: number, c: number) => matrix.formulas?.[r]?.[c] ?? null : () => null);
  const mergeAt = (r: number, c: number): CellRect | null => mergeOf(matrix?.merges, r, c);
  const mergedAnswer = input.mergedAnswer ?? ((r: number, c: number) => mergeAt(r, c) !== null);
  const locked = input.lockedProtected ?? matrix?.protectedSheet ?? false;

  const byId = new Map<string, ItemCoverage>();
  for (const ic of coverage.items) byId.set(ic.id, ic);
  const detectedById = new Map<string, DetectedItem>();
  for (const d of detection.items) detectedById.set(d.catalogId ?? d.id, d);

  // C/D items: never bulk-marked, listed with their evidence requirement.
  const excluded: ExcludedItem[] = [];
  for (const ic of coverage.items) {
    if (ic.class !== "C" && ic.class !== "D") continue;
    const d = detectedById.get(ic.id);
    excluded.push({
      itemId: ic.id,
      class: ic.class,
      row: d ? d.row : null,
      evidence: ic.entry.evidence ?? null,
      message:
        ic.class === "C"
          ? {
              ja: "区分C：認定だけでは充足しないため、追加の根拠資料が必要です。",
              en: "Class C: the certification alone does not meet this item; additional evidence is required.",
            }
          : {
              ja: "区分D：情報銀行の認定に対応する項目がないため、独自の根拠資料が必要です。",
              en: "Class D: the certification has no counterpart; evidence of your own is required.",
            },
    });
  }

  const warnings: Localized[] = [];
  for (const w of coverage.certification?.warnings ?? []) warnings.push(w.message);

  const blocked: Localized[] = [];
  if (!detection.ok) {
    blocked.push({
      ja: "チェックシートの項目を確実に読み取れなかったため、一括記入できません。",
      en: "The checksheet items could not be read reliably, so nothing can be bulk-marked.",
    });
    blocked.push(...detection.errors);
  }
  blocked.push(...blockedByCertification(input));

  let yesValue: string | null = null;
  const list = input.answerList === undefined ? detection.answerList : input.answerList;
  if (input.yesValue !== undefined) {
    if (input.yesValue.trim() === "") {
      blocked.push({ ja: "書き込む回答の値が空です。", en: "The answer value to write is empty." });
    } else if (list && list.length > 0 && !list.includes(input.yesValue)) {
      blocked.push({
        ja: `選んだ値「${input.yesValue}」は回答欄のプルダウンの選択肢にありません。`,
        en: `The chosen value "${input.yesValue}" is not one of the answer column's dropdown entries.`,
      });
    } else {
      yesValue = input.yesValue;
    }
  } else {
    const pick = yesValueFromList(list ?? null);
    if ("value" in pick) yesValue = pick.value;
    else blocked.push(pick.error);
  }

  if (blocked.length > 0) return emptyPlan(blocked, warnings, excluded);
  const cert = input.certification!;

  const writes: PlannedWrite[] = [];
  const conflicts: MarkConflict[] = [];
  const contradictions: MarkConflict[] = [];
  const skipped: SkippedItem[] = [];

  for (const u of isVerified(detection) ? detection.unverified : []) {
    const cell = toA1(u.answer.row, u.answer.col);
    skipped.push({
      itemId: u.catalogId ?? u.id,
      row: u.row,
      cell,
      reason: "content-unverified",
      answerWritten: false,
      message: SKIP_MESSAGES["content-unverified"](cell),
    });
  }
  const items = [...detection.items].sort((a, b) => a.row - b.row);
  for (const d of items) {
    const id = d.catalogId ?? d.id;
    const ic = byId.get(id);
    const aCell = toA1(d.answer.row, d.answer.col);
    if (!ic) {
      skipped.push({
        itemId: id,
        row: d.row,
        cell: aCell,
        reason: "no-coverage-entry",
        answerWritten: false,
        message: SKIP_MESSAGES["no-coverage-entry"](aCell),
      });
      continue;
    }
    if (ic.class === "C" || ic.class === "D") continue; // in `excluded`
    if (ic.status !== "covered") {
      skipped.push({
        itemId: id,
        row: d.row,
        cell: aCell,
        reason: "not-covered",
        answerWritten: false,
        message: ic.reasons[0] ?? SKIP_MESSAGES["not-covered"](aCell),
      });
      continue;
    }

    const current = d.answerValue;
    const cls = classifyAnswer(current);
    if (cls !== "empty") {
      const c: MarkConflict = {
        itemId: id,
        row: d.row,
        cell: aCell,
        value: current,
        answerClass: cls,
        message: conflictMessage(cls, aCell, current),
      };
      (cls === "no" ? contradictions : conflicts).push(c);
      continue;
    }

    const skipAnswer = (reason: SkipReason, cell: CellAddress) => {
      const a1 = toA1(cell.row, cell.col);
      skipped.push({ itemId: id, row: d.row, cell: a1, reason, answerWritten: false, message: SKIP_MESSAGES[reason](a1) });
    };
    if (locked) {
      skipAnswer("protected-sheet", d.answer);
      continue;
    }
    if (mergedAnswer(d.answer.row, d.answer.col)) {
      skipAnswer("merged-answer", d.answer);
      continue;
    }
    const f = formulaAt(d.answer.row, d.answer.col);
    if (f !== null && f !== undefined && f !== "") {
      skipAnswer("formula-answer", d.answer);
      continue;
    }

    writes.push({
      itemId: id,
      kind: "answer",
      row: d.answer.row,
      col: d.answer.col,
      cell: aCell,
      before: current ?? null,
      value: yesValue!,
    });

    if (d.remarks) {
      const r = d.remarks;
      const rCell = toA1(r.row, r.col);
      const skipRemarks = (reason: SkipReason) =>
        skipped.push({
          itemId: id,
          row: d.row,
          cell: rCell,
          reason,
          answerWritten: true,
          message: SKIP_MESSAGES[reason](rCell),
        });
      const rMerge = mergeAt(r.row, r.col);
      const rf = formulaAt(r.row, r.col);
      if (rMerge && (rMerge.top !== r.row || rMerge.left !== r.col)) {
        skipRemarks("remarks-merged");
      } else if (rf !== null && rf !== undefined && rf !== "") {
        skipRemarks("remarks-formula");
      } else if (!valueAt) {
        skipRemarks("remarks-unknown");
      } else {
        const before = valueAt(r.row, r.col) ?? null;
        if (!isEmpty(before)) {
          skipRemarks("remarks-not-empty");
        } else {
          writes.push({
            itemId: id,
            kind: "remarks",
            row: r.row,
            col: r.col,
            cell: rCell,
            before,
            value: renderRemarks(template, remarksContext(cert, ic.entry, lang)),
          });
        }
      }
    }
  }

  const preview: PreviewRow[] = writes.map((w) => ({
    itemId: w.itemId,
    kind: w.kind,
    cell: w.cell,
    oldValue: w.before,
    newValue: w.value,
  }));
  const answersWritten = writes.filter((w) => w.kind === "answer").length;
  return {
    ok: writes.length > 0,
    yesValue,
    blocked: [],
    warnings,
    writes,
    conflicts,
    contradictions,
    skipped,
    excluded,
    preview,
    summary: {
      answersWritten,
      remarksWritten: writes.length - answersWritten,
      conflicts: conflicts.length,
      contradictions: contradictions.length,
      skipped: skipped.length,
      excluded: excluded.length,
    },
  };
}

/**
 * The remarks writes to take back when the user typed in some of the plan's cells while they were being written
 * (WorkbookGateway.write's keptTyped): those of items whose answer cell the user typed in (the item is the user's
 * answer now, as an answered item is left alone by bulk-mark), unless the remarks cell was typed in too.
 */
export function remarksToWithdraw(plan: BulkMarkPlan, typed: readonly { row: number; col: number }[]): PlannedWrite[] {
  const at = (c: { row: number; col: number }) => `${c.row}:${c.col}`;
  const hit = new Set(typed.map(at));
  const answered = new Set(plan.writes.filter((w) => w.kind === "answer" && hit.has(at(w))).map((w) => w.itemId));
  return plan.writes.filter((w) => w.kind === "remarks" && answered.has(w.itemId) && !hit.has(at(w)));
}

/**
 * The plan as carried out when the user typed in some of its cells while they were being written (the adapter put
 * the user's entries back: WorkbookGateway.write's keptTyped): those cells leave `writes` and are `skipped` as
 * "typed-meanwhile"; the remarks taken back afterwards (`withdrawn`, from remarksToWithdraw) leave them as
 * "remarks-withdrawn"; the counts follow.
 */
export function afterTypedMeanwhile(
  plan: BulkMarkPlan,
  typed: readonly { row: number; col: number }[],
  withdrawn: readonly { row: number; col: number }[] = [],
): BulkMarkPlan {
  const at = (c: { row: number; col: number }) => `${c.row}:${c.col}`;
  const hit = new Set(typed.map(at));
  const kept = plan.writes.filter((w) => hit.has(at(w)));
  if (!kept.length) return plan;
  const back = new Set(withdrawn.map(at));
  const takenBack = plan.writes.filter((w) => back.has(at(w)) && !hit.has(at(w)));
  const writes = plan.writes.filter((w) => !hit.has(at(w)) && !back.has(at(w)));
  const skipped: SkippedItem[] = [
    ...plan.skipped,
    ...kept.map((w) => ({
      itemId: w.itemId,
      row: w.row,
      cell: w.cell,
      reason: "typed-meanwhile" as const,
      answerWritten: w.kind === "remarks" && writes.some((x) => x.itemId === w.itemId && x.kind === "answer"),
      message: SKIP_MESSAGES["typed-meanwhile"](w.cell),
    })),
    ...takenBack.map((w) => ({
      itemId: w.itemId,
      row: w.row,
      cell: w.cell,
      reason: "remarks-withdrawn" as const,
      answerWritten: false,
      message: SKIP_MESSAGES["remarks-withdrawn"](w.cell),
    })),
  ];
  const answersWritten = writes.filter((w) => w.kind === "answer").length;
  return {
    ...plan,
    writes,
    skipped,
    summary: { ...plan.summary, answersWritten, remarksWritten: writes.length - answersWritten, skipped: skipped.length },
  };
}

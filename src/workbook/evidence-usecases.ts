/**
 * Evidence where the applicant writes it. Shared by the task pane and the CLI; they talk only to the port.
 *   adoptRemarkAsEvidence 2 round trips (read, write), writeEvidenceToRemarks 3 (read, snapshot, write).
 * Registered evidence goes into the sheet only when the user asks, and only into an empty 備考 cell: the user's
 * text is never overwritten. That write is recorded as a bulk-mark layer, so undo / clear restore it exactly.
 */
import { cellsOf } from "../domain/plan";
import { emptyRecord, encodeRecord, type AddinRecord, type EvidenceRef, type MarkLayer } from "../domain/record";
import { evidenceStateOf, remarksOf } from "../domain/summary";
import { toA1 } from "../domain/a1";
import type { Localized } from "../domain/types";
import { keptTypedOf, UserFacingError, type CellWrite, type WorkbookGateway } from "./gateway";
import { addEvidence } from "./review-usecases";
import { rewriteSummaryAfterTyped, summaryWriteOf, withValues } from "./summary-write";
import { analyzeRead, checksheetOf, REVIEW_SHEET_NAME, type UseCaseContext } from "./usecases";

/** The text written into 備考 for registered evidence (document, page, URL). */
export function evidenceRemarkText(refs: EvidenceRef[], lang: "ja" | "en"): string {
  const one = (r: EvidenceRef) => [r.document, r.page ? (lang === "ja" ? `p.${r.page}` : `p. ${r.page}`) : "", r.url ?? ""].filter(Boolean).join(" ");
  return `${lang === "ja" ? "証跡: " : "Evidence: "}${refs.map(one).join(lang === "ja" ? "、" : "; ")}`;
}

/** One click in the pane: the 備考 text of an answered C/D item becomes an entry of the evidence register. */
export async function adoptRemarkAsEvidence(gw: WorkbookGateway, ctx: UseCaseContext, itemId: string): Promise<EvidenceRef[]> {
  const read = await gw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const a = analyzeRead(read, ctx);
  const { detection, matrix } = checksheetOf(a);
  const remark = remarksOf(detection, matrix)[itemId];
  if (!remark)
    throw new UserFacingError("no-remark", { ja: `項目 ${itemId} の備考に記載がありません。`, en: `Item ${itemId} has nothing in its remarks.` });
  return addEvidence(gw, ctx, itemId, { document: remark, note: ctx.lang === "en" ? "from the remarks column" : "備考欄より" });
}

export interface EvidenceWriteOutcome {
  written: { itemId: string; cell: string; text: string }[];
  /** Items whose 備考 already holds the user's text (left alone). */
  kept: { itemId: string; cell: string }[];
  message: Localized;
}

/** Write the registered evidence of the C/D items into their empty 備考 cells (asked for by the user). */
export async function writeEvidenceToRemarks(gw: WorkbookGateway, ctx: UseCaseContext, opts: { itemIds?: string[] } = {}): Promise<EvidenceWriteOutcome> {
  const lang = ctx.lang ?? "ja";
  const read = await gw.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
  const a = analyzeRead(read, ctx);
  const { detection, matrix } = checksheetOf(a);
  if (read.sheets.find((s) => s.name === detection.sheet)?.protected)
    throw new UserFacingError("protected", {
      ja: `シート「${detection.sheet}」は保護されています。保護を解除してから実行してください（何も変更していません）。`,
      en: `Sheet "${detection.sheet}" is protected. Unprotect it and try again (nothing was changed).`,
    });
  const record: AddinRecord = a.record ?? emptyRecord(ctx.now());
  const wanted = opts.itemIds ? new Set(opts.itemIds) : null;
  let written: EvidenceWriteOutcome["written"] = [];
  const kept: EvidenceWriteOutcome["kept"] = [];
  const writes: CellWrite[] = [];
  for (const it of detection.items) {
    const id = it.catalogId;
    if (!id || (wanted && !wanted.has(id)) || !it.remarks) continue;
    const refs = record.evidence[id] ?? [];
    if (!refs.length) continue;
    const cell = toA1(it.remarks.row, it.remarks.col);
    const cur = matrix.values[it.remarks.row]?.[it.remarks.col];
    const formula = matrix.formulas?.[it.remarks.row]?.[it.remarks.col];
    if ((cur !== null && cur !== undefined && String(cur).trim() !== "") || formula) {
      kept.push({ itemId: id, cell });
      continue;
    }
    const text = evidenceRemarkText(refs, lang);
    written.push({ itemId: id, cell, text });
    writes.push({ row: it.remarks.row, col: it.remarks.col, value: text });
  }
  const keptNoteOf = (kept: EvidenceWriteOutcome["kept"]): Localized =>
    kept.length
      ? { ja: ` 備考に記載のある ${kept.length} 件（${kept.map((k) => k.cell).join("、")}）はそのままにしました。`, en: ` Left ${kept.length} remark${kept.length > 1 ? "s" : ""} you wrote as they are (${kept.map((k) => k.cell).join(", ")}).` }
      : { ja: "", en: "" };
  if (!writes.length) {
    const keptNote = keptNoteOf(kept);
    return {
      written,
      kept,
      message: { ja: `備考に書き込む証跡はありません（何も変更していません）。${keptNote.ja}`, en: `No registered evidence to write into the remarks (nothing was changed).${keptNote.en}` },
    };
  }
  const before = await gw.snapshot(detection.sheet, cellsOf(writes));
  if (before.some((s) => s.value !== null && s.value !== "" ))
    throw new UserFacingError("changed-meanwhile", {
      ja: "読み込み後に備考セルが変更されました。もう一度実行してください（何も変更していません）。",
      en: "Remarks cells changed after reading. Try again (nothing was changed).",
    });
  const layer: MarkLayer = { kind: "bulk-mark", sheet: detection.sheet, at: ctx.now(), tool: ctx.tool, before, after: writes.map((w) => ({ row: w.row, col: w.col, value: w.value })) };
  const next: AddinRecord = { ...record, sheet: detection.sheet, layers: [...record.layers, layer], updatedAt: ctx.now() };
  const summary = summaryWriteOf(a, next, ctx, withValues(detection, matrix, writes));
  const wrote = await gw.write({ sheet: detection.sheet, cells: writes, record: encodeRecord(next), ...(summary ? { ownedSheets: [summary] } : {}) });
  // A remark the user typed while it was being written keeps the user's text (the adapter put it back): kept, not written.
  const keptTyped = keptTypedOf(wrote);
  if (summary) await rewriteSummaryAfterTyped(gw, detection.sheet, keptTyped, (after) => summaryWriteOf(a, next, ctx, after), { detection, matrix }, writes);
  const typed = new Set(keptTyped.map((t) => toA1(t.row, t.col)));
  if (typed.size) {
    kept.push(...written.filter((w) => typed.has(w.cell)).map((w) => ({ itemId: w.itemId, cell: w.cell })));
    written = written.filter((w) => !typed.has(w.cell));
  }
  const keptNote = keptNoteOf(kept);
  return {
    written,
    kept,
    message: written.length
      ? {
          ja: `${written.length} 件の証跡を備考に書き込みました（${written.map((w) => w.cell).join("、")}）。${keptNote.ja}`,
          en: `Wrote ${written.length} evidence reference${written.length > 1 ? "s" : ""} into the remarks (${written.map((w) => w.cell).join(", ")}).${keptNote.en}`,
        }
      : { ja: `証跡は備考に書き込んでいません。${keptNote.ja}`, en: `No evidence was written into the remarks.${keptNote.en}` },
  };
}

/** Where each C/D item's evidence stands (register, 備考, none), for the pane and the CLI. */
export function evidenceStates(a: ReturnType<typeof analyzeRead>): { itemId: string; state: ReturnType<typeof evidenceStateOf>; remark: string | null }[] {
  if (!a.detection?.ok) return [];
  const remarks = remarksOf(a.detection, a.matrix);
  const answers = new Map(a.detection.items.map((d) => [d.catalogId, d.answerValue]));
  return a.coverage.items
    .filter((i) => i.class === "C" || i.class === "D")
    .map((i) => ({ itemId: i.id, state: evidenceStateOf(i.id, answers.get(i.id), remarks, a.record?.evidence ?? {}), remark: remarks[i.id] ?? null }));
}

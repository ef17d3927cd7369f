/**
 * Consistency checks over a checksheet (for the applicant before submitting,
 * and for the reviewer). Pure: inputs are the detection, the coverage, the
 * certification evaluation, the evidence references and the add-in record.
 */
import { classifyAnswer } from "./answers";
import { toA1 } from "./mark";
import type { AddinRecord, EvidenceRef } from "./record";
import { answersFromDetection, verifySignOff } from "./review";
import { evidenceStateOf } from "./summary";
import type { CertificationEvaluation, CoverageResult, DetectedItem, DetectionResult, Localized } from "./types";

export type FindingCode =
  | "contradiction"
  | "evidence-missing"
  | "yes-without-valid-certification"
  | "missing-from-sheet"
  | "unknown-item"
  | "duplicate-item"
  | "signoff-broken";

export interface Finding {
  code: FindingCode;
  severity: "error" | "warning";
  itemId?: string;
  /** 0-based row on the checksheet. */
  row?: number;
  message: Localized;
}

export interface ConsistencyInput {
  detection: DetectionResult;
  coverage: CoverageResult;
  /** Evaluation of the stored certification; null when there is none. */
  certificationEvaluation: CertificationEvaluation | null;
  evidence: Record<string, EvidenceRef[]>;
  record?: AddinRecord | null;
  /**
   * Remark (備考) text by item id. An answered C/D item with a remark counts as evidence stated in the sheet
   * (no evidence-missing finding). Optional: absent = no remarks considered.
   */
  remarks?: Record<string, string>;
}

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

/** Cells of the checksheet that bulk-mark wrote (from the record's layers). */
function bulkMarkedCells(record: AddinRecord | null | undefined, sheet: string): Set<string> {
  const out = new Set<string>();
  for (const layer of record?.layers ?? []) {
    if (layer.kind !== "bulk-mark" || layer.sheet !== sheet) continue;
    for (const a of layer.after) if (a.value !== undefined) out.add(`${a.row}:${a.col}`);
  }
  return out;
}

function joinProblems(ev: CertificationEvaluation | null): Localized {
  if (!ev || ev.problems.length === 0) return { ja: "", en: "" };
  return {
    ja: ev.problems.map((p) => p.message.ja).join(" "),
    en: ev.problems.map((p) => p.message.en).join(" "),
  };
}

/**
 * Run every check. Findings are ordered errors first, then by sheet row.
 *
 * - contradiction (error): an item the certification covers is answered "no".
 * - evidence-missing: a C/D item has no evidence reference (error when it is answered yes, warning otherwise),
 *   unless it is answered and its 備考 states the evidence (evidence stated in the sheet).
 * - yes-without-valid-certification: a class A/B item is answered yes while the stored certification
 *   is not valid (error when the add-in wrote that answer, warning when it was typed by hand).
 * - missing-from-sheet (warning), unknown-item (warning), duplicate-item (error): from detection.
 * - signoff-broken (error): answers changed since the reviewer's sign-off.
 */
export function runConsistencyChecks(input: ConsistencyInput): Finding[] {
  const { detection, coverage, certificationEvaluation: ev, evidence, record } = input;
  const findings: Finding[] = [];
  const coverageById = new Map(coverage.items.map((i) => [i.id, i]));
  const marked = bulkMarkedCells(record, detection.sheet);
  const certInvalid = ev !== null && !ev.valid;
  const problems = joinProblems(ev);

  for (const d of detection.items) {
    const id = d.catalogId ?? d.id;
    const ic = coverageById.get(id);
    if (!ic) continue;
    const cls = classifyAnswer(d.answerValue);
    const cell = toA1(d.answer.row, d.answer.col);
    const shown = String(d.answerValue ?? "");

    if (ic.status === "covered" && cls === "no") {
      findings.push({
        code: "contradiction",
        severity: "error",
        itemId: id,
        row: d.row,
        message: {
          ja: `${id}（${cell}）：認定で充足とされる項目（区分${ic.class}）に「${shown}」と回答されています。`,
          en: `${id} (${cell}): answered "${shown}" although the certification covers this item (class ${ic.class}).`,
        },
      });
    }

    if ((ic.class === "C" || ic.class === "D") && evidenceStateOf(id, d.answerValue, input.remarks ?? {}, evidence) === "none") {
      const answeredYes = cls === "yes";
      const need = ic.entry.evidence;
      findings.push({
        code: "evidence-missing",
        severity: answeredYes ? "error" : "warning",
        itemId: id,
        row: d.row,
        message: {
          ja: `${id}（区分${ic.class}）：根拠資料が登録されていません。${need ? `必要な根拠：${need.ja}` : ""}`.trim(),
          en: `${id} (class ${ic.class}): no evidence is registered.${need ? ` Needed: ${need.en}` : ""}`,
        },
      });
    }

    if (certInvalid && (ic.class === "A" || ic.class === "B") && cls === "yes") {
      const byAddin = marked.has(`${d.answer.row}:${d.answer.col}`);
      findings.push({
        code: "yes-without-valid-certification",
        severity: byAddin ? "error" : "warning",
        itemId: id,
        row: d.row,
        message: {
          ja: `${id}（${cell}）：「${shown}」と回答されていますが、情報銀行の認定が有効ではありません。${problems.ja}`.trim(),
          en: `${id} (${cell}): answered "${shown}" but the information bank certification is not valid. ${problems.en}`.trim(),
        },
      });
    }
  }

  for (const id of detection.missing) {
    findings.push({
      code: "missing-from-sheet",
      severity: "warning",
      itemId: id,
      message: {
        ja: `${id}：対応表にある項目がチェックシートに見つかりません。`,
        en: `${id}: a crosswalk item was not found on the checksheet.`,
      },
    });
  }

  for (const u of detection.unknown as DetectedItem[]) {
    findings.push({
      code: "unknown-item",
      severity: "warning",
      itemId: u.id,
      row: u.row,
      message: {
        ja: `${u.row + 1} 行目：項目「${u.rawId}」は対応表にありません。`,
        en: `Row ${u.row + 1}: item "${u.rawId}" is not in the crosswalk.`,
      },
    });
  }

  for (const dup of detection.duplicates) {
    const rows = dup.rows.map((r) => r + 1).join(", ");
    findings.push({
      code: "duplicate-item",
      severity: "error",
      itemId: dup.id,
      row: dup.rows[0],
      message: {
        ja: `${dup.id}：同じ項目が複数行にあります（${rows} 行目）。`,
        en: `${dup.id}: the same item appears on several rows (rows ${rows}).`,
      },
    });
  }

  if (record?.signoff) {
    const so = record.signoff;
    const check = verifySignOff(so, answersFromDetection(detection));
    if (!check.intact) {
      const rowOf = new Map(detection.items.map((d) => [d.catalogId ?? d.id, d.row]));
      for (const c of check.changed) {
        findings.push({
          code: "signoff-broken",
          severity: "error",
          itemId: c.itemId,
          row: rowOf.get(c.itemId),
          message: {
            ja: `${c.itemId}：${so.reviewer} の承認（${so.at}）後に回答が「${c.before ?? "（なし）"}」から「${c.after ?? "（なし）"}」に変更されています。`,
            en: `${c.itemId}: the answer changed from "${c.before ?? "(none)"}" to "${c.after ?? "(none)"}" after sign-off by ${so.reviewer} (${so.at}).`,
          },
        });
      }
      if (check.changed.length === 0 || !check.consistent) {
        findings.push({
          code: "signoff-broken",
          severity: "error",
          message: {
            ja: `${so.reviewer} の承認（${so.at}）の記録が現在の回答と一致しません。`,
            en: `The sign-off by ${so.reviewer} (${so.at}) does not match the current answers.`,
          },
        });
      }
    }
  }

  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
        (a.f.row ?? Number.MAX_SAFE_INTEGER) - (b.f.row ?? Number.MAX_SAFE_INTEGER) ||
        a.i - b.i,
    )
    .map((x) => x.f);
}

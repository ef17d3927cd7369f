/**
 * The plan of edits for "apply" (annotate) and the composition rules for clear/undo.
 * Pure: the use cases (src/workbook/usecases.ts) read, call these, and write.
 */
import { formatInfobankRef } from "./crosswalk-core";
import type { AppliedCell, CellSnapshot, ColumnChange, MarkLayer } from "./record";
import type { CellAddress, CellValue, CoverageResult, DetectionResult, ItemCoverage, Localized, SheetMatrix } from "./types";
import { isVerified, type VerifiedItem } from "./verify";

/** Fill colours (legend in the task pane uses the same). */
export const COLORS = {
  A: "#DDEBF7", // blue: covered, certification stricter
  B: "#E2EFDA", // green: covered, equivalent
  evidence: "#FFE699", // amber: needs evidence (C/D)
  notCovered: "#F2F2F2", // grey: A/B but certification not valid
  unverified: "#F8CBAD", // orange: the text under the number is not the catalog entry's (要確認)
  header: "#D9D9D9",
} as const;

export const ADDIN_HEADERS = {
  status: { ja: "情報銀行認定による充足（アドイン記入）", en: "Met by 情報銀行 certification (add-in)" },
  refs: { ja: "根拠の審査項目／必要な証跡（アドイン記入）", en: "Certification items relied on / evidence needed (add-in)" },
} as const;

/** Widths of the add-in's two columns, in Excel character units (the status text fits; references wrap less). */
export const ADDIN_COLUMN_WIDTHS = { status: 22, refs: 60 } as const;

/**
 * Excel character units ↔ pixels, as Excel converts them for the default Normal font (11 pt Calibri / 游ゴシック:
 * maximum digit width 7 px, 5 px padding): px = chars × 7 + 5 from one character up, px = chars × 12 below
 * (so a hidden column, 0 px, is 0 characters). The adapters convert pixels to their own unit
 * (Office.js points: px × 0.75; OOXML `<col width>`: px / 7). Exact inverses of each other.
 */
export function charsToPixels(chars: number): number {
  if (!(chars > 0)) return 0;
  return chars >= 1 ? chars * 7 + 5 : chars * 12;
}

export function pixelsToChars(px: number): number {
  if (!(px > 0)) return 0;
  return px >= 12 ? (px - 5) / 7 : px / 12;
}

export interface PlannedColumn {
  col: number;
  /** Character units. */
  width: number;
}

export interface PlannedCell {
  row: number;
  col: number;
  value?: CellValue;
  fill?: string | null;
  wrap?: boolean;
}

export interface AnnotatePlan {
  sheet: string;
  cells: PlannedCell[];
  /** Columns the add-in writes its text into (right of the used range). */
  statusCol: number;
  refsCol: number;
  /** Widths for the two add-in columns. */
  columns: PlannedColumn[];
  counts: { covered: number; needsEvidence: number; notCovered: number };
}

export function usedWidth(matrix: SheetMatrix): number {
  let w = 0;
  for (const row of matrix.values) {
    if (!row) continue;
    for (let c = row.length - 1; c >= 0; c--) {
      const v = row[c];
      if (v !== null && v !== undefined && v !== "") {
        if (c + 1 > w) w = c + 1;
        break;
      }
    }
  }
  for (const m of matrix.merges ?? []) if (m.right + 1 > w) w = m.right + 1;
  return w;
}

export function statusText(cov: ItemCoverage, lang: "ja" | "en" = "ja"): string {
  const cls = cov.class;
  const t: Record<string, Localized> = {
    "covered-A": { ja: "A 充足（認定の方が厳しい）", en: "A met (certification stricter)" },
    "covered-B": { ja: "B 充足（同等）", en: "B met (equivalent)" },
    "needs-evidence-C": { ja: "C 要証跡（PHR指針の方が厳しい）", en: "C evidence needed (PHR stricter)" },
    "needs-evidence-D": { ja: "D 要証跡（認定に該当なし）", en: "D evidence needed (no counterpart)" },
    "not-covered-A": { ja: "A 未充足（認定が無効）", en: "A not met (certification not valid)" },
    "not-covered-B": { ja: "B 未充足（認定が無効）", en: "B not met (certification not valid)" },
  };
  return t[`${cov.status}-${cls}`]?.[lang] ?? `${cls}`;
}

export function refsText(cov: ItemCoverage, lang: "ja" | "en" = "ja"): string {
  const e = cov.entry;
  const refs = e.infobankRefs.map((r) => formatInfobankRef(r) + (r.partial ? (lang === "ja" ? "（一部）" : " (partial)") : ""));
  const prov =
    e.provenance.kind === "published"
      ? lang === "ja" ? "［公表例］" : "[published]"
      : e.provenance.kind === "user"
        ? lang === "ja" ? `［専門家修正: ${e.provenance.by ?? ""} ${e.provenance.on ?? ""}］` : `[corrected by ${e.provenance.by ?? ""}, ${e.provenance.on ?? ""}]`
        : lang === "ja" ? "［当方評価］" : "[our assessment]";
  if (cov.status === "needs-evidence") {
    const ev = e.evidence ? e.evidence[lang] : "";
    const lead = lang === "ja" ? "必要な証跡: " : "Evidence needed: ";
    const rel = refs.length ? (lang === "ja" ? ` 関連: ${refs.join("、")}` : ` Related: ${refs.join(", ")}`) : "";
    return `${lead}${ev}${rel} ${prov}`.trim();
  }
  return `${refs.join(lang === "ja" ? "、" : ", ")} ${prov}`.trim();
}

const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** 要確認 row: the sheet's text and the catalog entry of its number, side by side (and a proposal when there is one). */
export function unverifiedText(item: VerifiedItem, entry: { summary: Localized } | undefined, lang: "ja" | "en" = "ja"): string {
  const c = item.content;
  const sim = c.numberedSimilarity !== null ? c.numberedSimilarity.toFixed(2) : "-";
  const prop = c.proposal ? (lang === "ja" ? ` 候補: ${c.proposal.id}（類似度 ${c.proposal.similarity.toFixed(2)}）` : ` Candidate: ${c.proposal.id} (similarity ${c.proposal.similarity.toFixed(2)})`) : "";
  return lang === "ja"
    ? `シートの文言: ${clip(item.text ?? "")} ／ 対応表 ${c.numberedId}: ${clip((entry?.summary ?? c.numberedSummary)?.ja ?? "")}（類似度 ${sim}）${prop}`
    : `Sheet: ${clip(item.text ?? "")} / Catalog ${c.numberedId}: ${clip((entry?.summary ?? c.numberedSummary)?.en ?? "")} (similarity ${sim})${prop}`;
}

/** The cells "apply" writes: answer-cell fills, and two add-in columns of text right of the used range. */
export function planAnnotate(
  matrix: SheetMatrix,
  detection: DetectionResult,
  coverage: CoverageResult,
  lang: "ja" | "en" = "ja",
  /** Warnings about the sheet (e.g. another checksheet version), written under the add-in's header. */
  sheetWarnings: readonly Localized[] = [],
  /** Catalog entries by id, for the 要確認 rows' side-by-side text. */
  entries: ReadonlyMap<string, { summary: Localized }> = new Map(),
): AnnotatePlan {
  const byId = new Map(coverage.items.map((c) => [c.id, c]));
  const statusCol = usedWidth(matrix);
  const refsCol = statusCol + 1;
  const cells: PlannedCell[] = [];
  const counts = { covered: 0, needsEvidence: 0, notCovered: 0 };
  if (detection.headerRow !== null) {
    cells.push({ row: detection.headerRow, col: statusCol, value: ADDIN_HEADERS.status[lang], fill: COLORS.header, wrap: true });
    const warn = sheetWarnings.map((w) => `\n⚠ ${w[lang]}`).join("");
    cells.push({ row: detection.headerRow, col: refsCol, value: ADDIN_HEADERS.refs[lang] + warn, fill: COLORS.header, wrap: true });
  }
  const provisional = coverage.certification?.warnings.some((w) => w.code === "provisional") ?? false;
  for (const item of detection.items) {
    const cov = item.catalogId ? byId.get(item.catalogId) : undefined;
    if (!cov) continue;
    const fill =
      cov.status === "covered"
        ? COLORS[cov.class as "A" | "B"]
        : cov.status === "needs-evidence"
          ? COLORS.evidence
          : COLORS.notCovered;
    if (cov.status === "covered") counts.covered++;
    else if (cov.status === "needs-evidence") counts.needsEvidence++;
    else counts.notCovered++;
    cells.push({ row: item.answer.row, col: item.answer.col, fill });
    const pNote = provisional && cov.status === "covered" ? (lang === "ja" ? "※P認定（運用未監査）" : " *P certification (operation not audited)") : "";
    const byContent = (item as Partial<VerifiedItem>).content?.matchedBy === "content";
    const cNote = byContent ? (lang === "ja" ? `※内容で照合（番号 ${item.rawId}）` : ` *matched by content (numbered ${item.rawId})`) : "";
    cells.push({ row: item.row, col: statusCol, value: statusText(cov, lang) + pNote + cNote, fill });
    cells.push({ row: item.row, col: refsCol, value: refsText(cov, lang), fill, wrap: true });
  }
  for (const item of isVerified(detection) ? detection.unverified : []) {
    counts.notCovered++;
    const fill = COLORS.unverified;
    cells.push({ row: item.answer.row, col: item.answer.col, fill });
    cells.push({ row: item.row, col: statusCol, value: lang === "ja" ? "要確認（文言が対応表と不一致）" : "To be checked (text differs from the catalog)", fill });
    cells.push({ row: item.row, col: refsCol, value: unverifiedText(item, entries.get(item.content.numberedId), lang), fill, wrap: true });
  }
  const columns: PlannedColumn[] = [
    { col: statusCol, width: ADDIN_COLUMN_WIDTHS.status },
    { col: refsCol, width: ADDIN_COLUMN_WIDTHS.refs },
  ];
  return { sheet: detection.sheet, cells, statusCol, refsCol, columns, counts };
}

const key = (r: number, c: number) => `${r}:${c}`;

export function normFill(f: string | null | undefined): string | null {
  if (f === null || f === undefined || f === "") return null;
  const s = f.trim().toUpperCase();
  return s.startsWith("#") ? s : `#${s}`;
}

export function sameValue(a: CellValue | undefined, b: CellValue | undefined): boolean {
  const na = a === undefined || a === "" ? null : a;
  const nb = b === undefined || b === "" ? null : b;
  if (na === nb) return true;
  if (na === null || nb === null) return false;
  return String(na) === String(nb);
}

/** The snapshots to restore for a set of layers (earliest "before" wins for each cell). */
export function composeRestore(layers: MarkLayer[]): CellSnapshot[] {
  const out = new Map<string, CellSnapshot>();
  for (let i = layers.length - 1; i >= 0; i--) for (const s of layers[i].before) out.set(key(s.row, s.col), s);
  return [...out.values()];
}

/** The column widths to restore for a set of layers (earliest "before" wins for each column). */
export function composeColumnRestore(layers: MarkLayer[]): ColumnChange[] {
  const out = new Map<number, ColumnChange>();
  for (let i = layers.length - 1; i >= 0; i--) for (const c of layers[i].columns ?? []) out.set(c.col, c);
  return [...out.values()].sort((a, b) => a.col - b.col);
}

/** The column token of the earliest layer that has one (the widths before any of these layers). */
export function composeColumnsNative(layers: MarkLayer[]): string | undefined {
  for (const l of layers) if (l.columns?.length) return l.columnsNative;
  return undefined;
}

/** What the add-in last wrote into each cell across layers (latest layer wins). */
export function composeAfter(layers: MarkLayer[]): AppliedCell[] {
  const out = new Map<string, AppliedCell>();
  for (const l of layers)
    for (const a of l.after) {
      const prev = out.get(key(a.row, a.col));
      out.set(key(a.row, a.col), {
        row: a.row,
        col: a.col,
        value: a.value !== undefined ? a.value : prev?.value,
        fill: a.fill !== undefined ? a.fill : prev?.fill,
      });
    }
  return [...out.values()];
}

export interface HandEdit {
  row: number;
  col: number;
  expected: CellValue | undefined;
  actual: CellValue;
  field: "value" | "fill";
}

/** Cells changed by the user since the add-in wrote them (clear would overwrite those: ask first). */
export function findHandEdits(after: AppliedCell[], current: CellSnapshot[]): HandEdit[] {
  const cur = new Map(current.map((s) => [key(s.row, s.col), s]));
  const out: HandEdit[] = [];
  for (const a of after) {
    const s = cur.get(key(a.row, a.col));
    if (!s) continue;
    if (a.value !== undefined && !sameValue(a.value, s.formula ?? s.value))
      out.push({ row: a.row, col: a.col, expected: a.value, actual: s.formula ?? s.value, field: "value" });
    else if (a.fill !== undefined && normFill(a.fill) !== normFill(s.fill))
      out.push({ row: a.row, col: a.col, expected: a.fill, actual: s.fill, field: "fill" });
  }
  return out;
}

export function cellsOf(xs: { row: number; col: number }[]): CellAddress[] {
  const seen = new Set<string>();
  const out: CellAddress[] = [];
  for (const x of xs) {
    const k = key(x.row, x.col);
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ row: x.row, col: x.col });
    }
  }
  return out;
}

/**
 * The plan of edits for "apply" (annotate) and the composition rules for clear/undo.
 * Pure: the use cases (src/workbook/usecases.ts) read, call these, and write.
 */
import { classifyAnswer } from "./answers";
import { toA1 } from "./a1";
import { formatInfobankRef } from "./crosswalk-core";
import type { AppliedCell, CellSnapshot, ColumnChange, MarkLayer } from "./record";
import type { CellAddress, CellValue, CoverageResult, DetectionResult, ItemCoverage, Localized, SheetMatrix } from "./types";
import { isVerified, type VerifiedItem } from "./verify";

/** Fill colours (legend in the task pane uses the same). */
export const COLORS = {
  A: "#DDEBF7", // blue: covered, certification stricter
  B: "#E2EFDA", // green: covered, equivalent
  evidence: "#FFE699", // amber: needs evidence (C; kept as the name older callers use)
  C: "#FFE699", // amber: C, needs evidence (PHR stricter)
  D: "#E4DFEC", // lavender: D, needs evidence (no counterpart)
  contradiction: "#FFC7CE", // red: 要確認, a covered item answered "no" (never the covered colour)
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

/** A covered item answered "no" in the sheet's own vocabulary: 要確認 in the sheet, reported by apply/annotate. */
export interface AnnotateContradiction {
  id: string;
  class: ItemCoverage["class"];
  /** 0-based row of the item. */
  row: number;
  /** A1 address of the answer cell. */
  cell: string;
  answer: CellValue;
  message: Localized;
}

/** The fill of an item's cells: the class colour, 要確認 for a contradiction, grey when the certification does not cover. */
export function fillFor(cov: ItemCoverage, contradiction = false): string {
  if (contradiction) return COLORS.contradiction;
  if (cov.status === "covered") return COLORS[cov.class as "A" | "B"];
  if (cov.status === "needs-evidence") return cov.class === "D" ? COLORS.D : COLORS.C;
  return COLORS.notCovered;
}

/** The status cell of a contradiction: 要確認 with the reason. */
export function contradictionStatusText(cov: ItemCoverage, answer: CellValue, lang: "ja" | "en" = "ja"): string {
  const shown = String(answer ?? "");
  return lang === "ja"
    ? `要確認：${cov.class} 認定で充足の項目に「${shown}」と回答`
    : `Check: class ${cov.class} is covered by the certification but answered "${shown}"`;
}

export interface AnnotatePlan {
  sheet: string;
  cells: PlannedCell[];
  /** Columns the add-in writes its text into (right of the used range). */
  statusCol: number;
  refsCol: number;
  /** Widths for the two add-in columns. */
  columns: PlannedColumn[];
  counts: { covered: number; needsEvidence: number; notCovered: number; contradictions: number };
  /** Covered items answered "no" (要確認), in sheet order. */
  contradictions: AnnotateContradiction[];
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
  // Formulas whose results are empty are in use too.
  for (const row of matrix.formulas ?? []) {
    if (!row) continue;
    for (let c = row.length - 1; c >= w; c--) {
      if (row[c]) {
        w = c + 1;
        break;
      }
    }
  }
  // Validated cells (a dropdown waiting for an answer), unless the rule spans the whole row width.
  for (const v of matrix.validations ?? []) for (const r of v.ranges) if (r.right < 16000 && r.right + 1 > w) w = r.right + 1;
  if (matrix.usedColumns !== undefined && matrix.usedColumns > w) w = matrix.usedColumns;
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
  const counts = { covered: 0, needsEvidence: 0, notCovered: 0, contradictions: 0 };
  const contradictions: AnnotateContradiction[] = [];
  if (detection.headerRow !== null) {
    cells.push({ row: detection.headerRow, col: statusCol, value: ADDIN_HEADERS.status[lang], fill: COLORS.header, wrap: true });
    const warn = sheetWarnings.map((w) => `\n⚠ ${w[lang]}`).join("");
    cells.push({ row: detection.headerRow, col: refsCol, value: ADDIN_HEADERS.refs[lang] + warn, fill: COLORS.header, wrap: true });
  }
  const provisional = coverage.certification?.warnings.some((w) => w.code === "provisional") ?? false;
  for (const item of detection.items) {
    const cov = item.catalogId ? byId.get(item.catalogId) : undefined;
    if (!cov) continue;
    const contradicts = cov.status === "covered" && classifyAnswer(item.answerValue) === "no";
    const fill = fillFor(cov, contradicts);
    if (contradicts) {
      counts.contradictions++;
      const cell = toA1(item.answer.row, item.answer.col);
      const shown = String(item.answerValue ?? "");
      contradictions.push({
        id: cov.id,
        class: cov.class,
        row: item.row,
        cell,
        answer: item.answerValue,
        message: {
          ja: `${cov.id}（${cell}）：認定で充足とされる項目（区分${cov.class}）に「${shown}」と回答されています。`,
          en: `${cov.id} (${cell}): answered "${shown}" although the certification covers this item (class ${cov.class}).`,
        },
      });
    }
    if (cov.status === "covered") counts.covered++;
    else if (cov.status === "needs-evidence") counts.needsEvidence++;
    else counts.notCovered++;
    cells.push({ row: item.answer.row, col: item.answer.col, fill });
    const pNote = provisional && cov.status === "covered" ? (lang === "ja" ? "※P認定（運用未監査）" : " *P certification (operation not audited)") : "";
    const byContent = (item as Partial<VerifiedItem>).content?.matchedBy === "content";
    const cNote = byContent ? (lang === "ja" ? `※内容で照合（番号 ${item.rawId}）` : ` *matched by content (numbered ${item.rawId})`) : "";
    const status = contradicts ? contradictionStatusText(cov, item.answerValue, lang) : statusText(cov, lang) + pNote + cNote;
    // Wrapped so the text stays readable (on screen and in print) in the column's width.
    cells.push({ row: item.row, col: statusCol, value: status, fill, wrap: true });
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
  return { sheet: detection.sheet, cells, statusCol, refsCol, columns, counts, contradictions };
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

/** A property the user changed after the add-in wrote it: restore by intent keeps it and says so. */
export interface KeptChange {
  row: number;
  col: number;
  field: "value" | "fill" | "wrap";
  /** What the add-in wrote. */
  wrote: CellValue | undefined;
  /** What is there now (kept). */
  now: CellValue;
  /** What was there before the add-in (not restored). */
  original: CellValue;
  /**
   * Typed by the user in this very cell while the add-in was writing it (after the snapshot the write was planned
   * on): the write put the user's entry back, so the add-in's value (`wrote`) is not in the cell.
   */
  duringWrite?: true;
}

/**
 * The cells a write kept as the user typed them (WorkbookGateway.write's keptTyped), as kept values: `wrote` is what
 * the write meant to put there (from `writes`), `original` what the cell held before the add-in (`originalOf`).
 */
export function keptDuringWrite(
  typed: readonly { row: number; col: number; now: CellValue }[],
  writes: readonly { row: number; col: number; value?: CellValue }[],
  originalOf: (row: number, col: number) => CellValue,
): KeptChange[] {
  if (!typed.length) return [];
  const wrote = new Map(writes.filter((w) => w.value !== undefined).map((w) => [key(w.row, w.col), w.value]));
  return typed.map((t) => ({
    row: t.row,
    col: t.col,
    field: "value" as const,
    wrote: wrote.get(key(t.row, t.col)),
    now: t.now,
    original: originalOf(t.row, t.col),
    duringWrite: true as const,
  }));
}

/** A cell write (the port's CellWrite has this shape): only the properties to change (undefined = leave as is). */
export interface RestoreWrite {
  row: number;
  col: number;
  /** New value (string/number/boolean/null = empty). */
  value?: CellValue;
  /** A formula instead of a value ("=SUM(A1:A3)"). */
  formula?: string;
  /** Fill colour "#RRGGBB", or null to remove the fill. */
  fill?: string | null;
  /** Wrap text in the cell. */
  wrap?: boolean;
  /**
   * Adapter-specific exact-restore token from a CellSnapshot; planRestore sets it only when the cell is exactly as
   * the add-in left it, with the semantic fields complete. The adapter may use it only when it can prove the token
   * is still valid (the OOXML adapter: the sheet, shared strings and styles are byte-identical to what it last
   * wrote); otherwise it restores from the semantic fields.
   */
  native?: string;
}

export interface RestorePlan {
  writes: RestoreWrite[];
  /** Properties the user changed since the add-in wrote them (kept unless forced). */
  kept: KeptChange[];
  /** Cells that were already back to their original state (nothing to write). */
  alreadyOriginal: number;
}

const contentOf = (s: { value: CellValue; formula?: string | null }): CellValue => s.formula ?? s.value;

/**
 * Restore by intent. For every cell the add-in changed we know three things: the original (`before`), what the
 * add-in wrote (`after`) and what is there now (`current`). A property is put back only where it is still what
 * the add-in wrote; a property the add-in never wrote is never touched (an answer typed into a highlighted cell
 * stays); a property the user changed since is kept and reported. With `force` every written property goes back
 * to its original, whatever is there now. The exact-restore token is used only for a cell that is exactly as the
 * add-in left it (and the adapter still checks the token is valid in the current file).
 */
export function planRestore(
  before: CellSnapshot[],
  after: AppliedCell[],
  current: CellSnapshot[],
  opts: { force?: boolean } = {},
): RestorePlan {
  const wrote = new Map(after.map((a) => [key(a.row, a.col), a]));
  const now = new Map(current.map((s) => [key(s.row, s.col), s]));
  const writes: RestoreWrite[] = [];
  const kept: KeptChange[] = [];
  let alreadyOriginal = 0;
  for (const b of before) {
    const a = wrote.get(key(b.row, b.col)) ?? { row: b.row, col: b.col };
    const c = now.get(key(b.row, b.col));
    if (!c) continue;
    const w: RestoreWrite = { row: b.row, col: b.col };
    let exact = true;
    let keptHere = false;
    let changed = false;
    // value / formula
    if (a.value !== undefined) {
      const stillOurs = sameValue(contentOf(c), a.value);
      if (stillOurs || opts.force) {
        if (!sameValue(contentOf(c), contentOf(b)) || (c.formula ?? null) !== (b.formula ?? null)) {
          if (b.formula) w.formula = b.formula;
          else w.value = b.value;
          changed = true;
        }
        if (!stillOurs) exact = false;
      } else if (sameValue(contentOf(c), contentOf(b))) {
        exact = false;
      } else {
        kept.push({ row: b.row, col: b.col, field: "value", wrote: a.value, now: contentOf(c), original: contentOf(b) });
        keptHere = true;
      }
    } else if (!sameValue(contentOf(c), contentOf(b))) {
      // Typed by the user into a cell the add-in only formatted: never touched, reported.
      exact = false;
      kept.push({ row: b.row, col: b.col, field: "value", wrote: undefined, now: contentOf(c), original: contentOf(b) });
    }
    // fill
    if (a.fill !== undefined) {
      const stillOurs = normFill(c.fill) === normFill(a.fill);
      if (stillOurs || opts.force) {
        if (normFill(c.fill) !== normFill(b.fill)) {
          w.fill = b.fill;
          changed = true;
        }
        if (!stillOurs) exact = false;
      } else if (normFill(c.fill) === normFill(b.fill)) {
        exact = false;
      } else {
        kept.push({ row: b.row, col: b.col, field: "fill", wrote: a.fill, now: c.fill, original: b.fill });
        keptHere = true;
      }
    } else if (normFill(c.fill) !== normFill(b.fill)) exact = false;
    // wrap (records written before `wrap` was kept: put back along with the rest when nothing was kept)
    const bw = b.wrap;
    const cw = c.wrap;
    if (bw !== undefined && cw !== undefined && cw !== bw) {
      if (a.wrap !== undefined) {
        if (cw === a.wrap || opts.force) {
          w.wrap = bw;
          changed = true;
        } else {
          kept.push({ row: b.row, col: b.col, field: "wrap", wrote: a.wrap, now: cw, original: bw });
          keptHere = true;
        }
      } else if ((a.value !== undefined || a.fill !== undefined) && !keptHere) {
        w.wrap = bw;
        changed = true;
      } else exact = false;
    }
    if (exact && !keptHere && b.native !== undefined) {
      // Complete semantic fields with the native token, for an adapter that cannot use it.
      const full: RestoreWrite = { row: b.row, col: b.col, fill: b.fill, native: b.native };
      if (b.formula) full.formula = b.formula;
      else full.value = b.value;
      if (bw !== undefined) full.wrap = bw;
      writes.push(full);
      continue;
    }
    if (changed) writes.push(w);
    else if (!keptHere) alreadyOriginal++;
  }
  return { writes, kept, alreadyOriginal };
}

/** "kept 3 answers you typed; 2 cells you recoloured" in both languages (empty when nothing was kept). */
export function describeKept(kept: KeptChange[]): Localized | null {
  if (!kept.length) return null;
  const during = new Set(kept.filter((k) => k.duringWrite).map((k) => key(k.row, k.col))).size;
  const typed = new Set(kept.filter((k) => !k.duringWrite && k.field === "value" && k.wrote === undefined).map((k) => key(k.row, k.col))).size;
  const values = new Set(kept.filter((k) => !k.duringWrite && k.field === "value" && k.wrote !== undefined).map((k) => key(k.row, k.col))).size;
  const fills = new Set(kept.filter((k) => k.field === "fill").map((k) => key(k.row, k.col))).size;
  const wraps = new Set(kept.filter((k) => k.field === "wrap").map((k) => key(k.row, k.col))).size;
  const ja: string[] = [];
  const en: string[] = [];
  if (during) {
    ja.push(`アドインの書き込み中に入力された ${during} 個のセルの内容`);
    en.push(`what you typed in ${during} cell${during > 1 ? "s" : ""} while the add-in was writing`);
  }
  if (typed) {
    ja.push(`入力された ${typed} 件の回答`);
    en.push(`${typed} answer${typed > 1 ? "s" : ""} you typed`);
  }
  if (values) {
    ja.push(`アドインの記入後に変更された ${values} 個のセルの内容`);
    en.push(`${values} add-in text${values > 1 ? "s" : ""} you edited`);
  }
  if (fills) {
    ja.push(`色を変更された ${fills} 個のセルの色`);
    en.push(`${fills} cell${fills > 1 ? "s" : ""} you recoloured`);
  }
  if (wraps) {
    ja.push(`折り返し設定を変更された ${wraps} 個のセル`);
    en.push(`the wrap setting of ${wraps} cell${wraps > 1 ? "s" : ""} you changed`);
  }
  return { ja: `${ja.join("、")}はそのまま残しました。`, en: `Kept ${en.join("; ")}.` };
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

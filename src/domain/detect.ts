/**
 * Checksheet layout detection: find the header, the id / text / answer / remarks columns
 * and the item rows of a PHR checksheet read as a SheetMatrix, and match the rows to the catalog.
 *
 * Plain TypeScript: no Office, no Node APIs. Never guesses silently: when the header, the answer
 * column or enough catalog items cannot be found, the result is ok=false with a bilingual error.
 */
import { columnLetters } from "./a1";
import { RECORD_SHEET_NAME } from "./record";
import type {
  CatalogItem,
  CellAddress,
  CellRect,
  CellValue,
  DetectedColumns,
  DetectedItem,
  DetectionResult,
  Localized,
  SheetMatrix,
} from "./types";
import {
  canonicalId,
  cellText,
  headingSimilarity,
  normalizeKept,
  normalizeText,
  withNormalizationScope,
  parseCanonicalId,
  parseCheckId,
  parsePartHeading,
  parseSectionHeading,
  parseSmallInt,
  parseTopicHeading,
} from "./ids";
import { MergeIndex, storedCells, storedRows } from "./sparse";
import { dateLikeIdsMessage, findDateLikeIds } from "./date-ids";

/** Sheets written by the add-in itself: never candidates for the checksheet. */
export const ADDIN_SHEETS: readonly string[] = [RECORD_SHEET_NAME, "審査記録"];

/** Below this share of the catalog found on a sheet, detection fails. */
export const MIN_MATCH_SHARE = 0.2;

/** How many rows from the top are searched for the header row. */
const HEADER_SCAN_ROWS = 60;

type Role = "id" | "text" | "answer" | "remarks";

/* ------------------------------------------------------------------ */
/* Header keywords                                                     */
/* ------------------------------------------------------------------ */

/** Classify a header cell by keywords. Long cells (sentences, notes) are never header cells. */
export function classifyHeaderCell(v: CellValue): Role | null {
  if (typeof v !== "string") return null;
  const t = normalizeText(v).toLowerCase().replace(/\s+/g, "");
  if (!t || t.length > 20) return null;
  if (/備考|補足|根拠|説明|コメント|特記|証跡|エビデンス|remark|note|comment|evidence/.test(t)) return "remarks";
  if (
    /^(no\.?|#|id|番号|項番|通番|章|節|章節|章\/節|章・節|区分|分類|大項目|中項目|小項目|section|part|topic|check|itemno\.?|checkno\.?)$/.test(t) ||
    /番号|^項目no\.?$|^チェックno\.?$|^no\./.test(t)
  )
    return "id";
  if (
    /回答|対応状況|遵守状況|実施状況|対応有無|はい|いいえ|適否|可否|チェック欄|自己評価|自己点検|評価|判定|結果|answer|status|yes|○|×/.test(t) ||
    /^(チェック|check|確認|対応)$/.test(t)
  )
    return "answer";
  if (/項目|事項|内容|要件|要求|基準|設問|質問|item|requirement|description|question/.test(t)) return "text";
  return null;
}

const ANSWER_VOCAB = /^(はい|いいえ|○|〇|◯|×|✕|△|-|対応済|対応済み|未対応|一部対応|対応中|該当なし|非該当|該当|適|否|不適|可|不可|yes|no|n\/a|na|ok|ng|済|未|実施|未実施|遵守|未遵守)$/i;

function isAnswerVocabulary(list: string[]): boolean {
  if (list.length === 0) return false;
  const hits = list.filter((x) => ANSWER_VOCAB.test(normalizeText(x).replace(/\s+/g, ""))).length;
  return hits >= Math.ceil(list.length / 2);
}

/* ------------------------------------------------------------------ */
/* Grid access                                                         */
/* ------------------------------------------------------------------ */

class Grid {
  readonly rows: number;
  readonly cols: number;
  private readonly mergeOf: MergeIndex;
  readonly hidden: Set<number>;
  /** Rows holding stored cells, ascending: the only rows detection walks (see sparse.ts). */
  readonly stored: number[];

  constructor(readonly m: SheetMatrix) {
    let cols = 0;
    for (const r of m.values) cols = Math.max(cols, r?.length ?? 0);
    let rows = m.values.length;
    for (const g of m.merges ?? []) {
      cols = Math.max(cols, g.right + 1);
      rows = Math.max(rows, g.bottom + 1);
    }
    this.mergeOf = new MergeIndex(m.merges ?? []);
    this.rows = rows;
    this.cols = cols;
    this.hidden = new Set(m.hiddenRows ?? []);
    this.stored = storedRows(m.values);
  }

  /** Stored rows at or below `from`. */
  rowsFrom(from: number): number[] {
    let lo = 0;
    let hi = this.stored.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.stored[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? this.stored : this.stored.slice(lo);
  }

  raw(r: number, c: number): CellValue {
    const v = this.m.values[r]?.[c];
    return v === undefined ? null : v;
  }

  merge(r: number, c: number): CellRect | null {
    return this.mergeOf.at(r, c);
  }

  /** Value, read through merges (a cell inside a merge shows the merge's top-left value). */
  filled(r: number, c: number): CellValue {
    const g = this.merge(r, c);
    return g ? this.raw(g.top, g.left) : this.raw(r, c);
  }

  /** True when the cell is inside a merge but not its top-left cell. */
  isCovered(r: number, c: number): boolean {
    const g = this.merge(r, c);
    return !!g && (g.top !== r || g.left !== c);
  }

  text(r: number, c: number): string {
    return this.norm(r, c, this.raw(r, c));
  }

  /** Normalised text of each cell read so far, by row and column (detection reads each cell many times). */
  private readonly norms: (string[] | undefined)[] = [];

  /** The normalised text of cell (r, c), whose raw value is `raw`; computed once per cell. */
  norm(r: number, c: number, raw: CellValue): string {
    let row = this.norms[r];
    if (row === undefined) this.norms[r] = row = [];
    let t = row[c];
    if (t === undefined) row[c] = t = normalizeKept(cellText(raw));
    return t;
  }

  private readonly rowCache = new Map<number, { col: number; text: string; raw: CellValue }[]>();

  /** Non-empty cells of a row (merge top-lefts only), as normalised text, in column order. */
  rowTexts(r: number): { col: number; text: string; raw: CellValue }[] {
    const cached = this.rowCache.get(r);
    if (cached) return cached;
    const out: { col: number; text: string; raw: CellValue }[] = [];
    for (const { col: c, raw } of storedCells(this.m.values[r])) {
      if (this.isCovered(r, c)) continue;
      const text = this.norm(r, c, raw);
      if (text) out.push({ col: c, text, raw });
    }
    this.rowCache.set(r, out);
    return out;
  }
}

/* ------------------------------------------------------------------ */
/* Header                                                              */
/* ------------------------------------------------------------------ */

interface HeaderInfo {
  row: number;
  roles: Map<number, Role>;
  labels: Map<number, string>;
}

function findHeader(grid: Grid): HeaderInfo | null {
  let best: { info: HeaderInfo; score: number } | null = null;
  const limit = Math.min(grid.rows, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const roles = new Map<number, Role>();
    const labels = new Map<number, string>();
    for (const cell of grid.rowTexts(r)) {
      const role = classifyHeaderCell(cell.raw);
      if (role) {
        roles.set(cell.col, role);
        labels.set(cell.col, cell.text);
      }
    }
    const kinds = new Set(roles.values());
    if (kinds.size < 2) continue;
    if (!kinds.has("text") && !kinds.has("id")) continue;
    // A header row holds no item ids.
    if (grid.rowTexts(r).some((c) => parseCheckId(c.raw) !== null)) continue;
    const score = kinds.size * 10 + roles.size;
    if (!best || score > best.score) best = { info: { row: r, roles, labels }, score };
  }
  return best?.info ?? null;
}

/* ------------------------------------------------------------------ */
/* Column statistics and id configurations                             */
/* ------------------------------------------------------------------ */

interface ColStats {
  nonEmpty: number;
  checkId: number;
  canonical: number;
  section: number;
  part: number;
  int: number;
  topicLike: number;
  longText: number;
  textLen: number;
}

function columnStats(grid: Grid, from: number): ColStats[] {
  const stats: ColStats[] = [];
  for (let c = 0; c < grid.cols; c++) stats.push({ nonEmpty: 0, checkId: 0, canonical: 0, section: 0, part: 0, int: 0, topicLike: 0, longText: 0, textLen: 0 });
  for (const r of grid.rowsFrom(from)) {
    for (const { col: c, raw } of storedCells(grid.m.values[r])) {
      const s = stats[c]!;
      const t = grid.norm(r, c, raw);
      if (!t) continue;
      s.nonEmpty++;
      if (parseCheckId(raw)) s.checkId++;
      else if (parseCanonicalId(raw)) s.canonical++;
      else if (parseSmallInt(raw) !== null) {
        s.int++;
        if (typeof raw === "string" && /^[(（]/.test(raw.trim())) s.part++;
      } else if (parsePartHeading(raw)) s.part++;
      else if (parseSectionHeading(raw)) s.section++;
      else if (parseTopicHeading(raw)) s.topicLike++;
      if (typeof raw === "string" && t.length >= 10) {
        s.longText++;
        s.textLen += t.length;
      }
    }
  }
  return stats;
}

interface IdConfig {
  mode: "combined" | "split";
  /** Combined: the column with "3-2" (or "3.3(2)/3-1"). */
  idCol: number | null;
  sectionCol: number | null;
  partCol: number | null;
  topicCol: number | null;
  checkCol: number | null;
}

function idColumns(cfg: IdConfig): number[] {
  const cols = [cfg.sectionCol, cfg.partCol, cfg.topicCol, cfg.checkCol, cfg.idCol].filter((c): c is number => c !== null);
  return [...new Set(cols)].sort((a, b) => a - b);
}

function candidateConfigs(stats: ColStats[], excluded: Set<number>): IdConfig[] {
  const usable = (c: number) => !excluded.has(c);
  const cols = stats.map((_, i) => i).filter(usable);
  const top = (list: number[], score: (c: number) => number, n: number) =>
    [...list].sort((a, b) => score(b) - score(a) || a - b).slice(0, n).sort((a, b) => a - b);
  // Bounded search: a few best candidates per role, so large non-checksheet sheets stay cheap.
  const sectionCols = top(cols.filter((c) => stats[c]!.section > 0), (c) => stats[c]!.section, 2);
  const sectionOpts: (number | null)[] = [null, ...sectionCols];
  const configs: IdConfig[] = [];

  // Combined: "3-2" in one column (best few columns by hits).
  const idCols = cols
    .filter((c) => stats[c]!.checkId + stats[c]!.canonical > 0)
    .sort((a, b) => stats[b]!.checkId + stats[b]!.canonical - (stats[a]!.checkId + stats[a]!.canonical))
    .slice(0, 2);
  for (const idCol of idCols) {
    const partOpts: (number | null)[] = [null, ...cols.filter((c) => c < idCol && stats[c]!.part > 0)];
    for (const sectionCol of sectionOpts) {
      if (sectionCol === idCol) continue;
      for (const partCol of partOpts) {
        if (partCol !== null && partCol === sectionCol) continue;
        configs.push({ mode: "combined", idCol, sectionCol, partCol, topicCol: null, checkCol: null });
      }
    }
  }

  // Split: topic and check in separate integer columns (topic may be ③ or "③ heading").
  const intCols = top(cols.filter((c) => stats[c]!.int > 0 && stats[c]!.checkId === 0), (c) => stats[c]!.int, 4);
  const topicCols = cols.filter((c) => (stats[c]!.int > 0 || stats[c]!.topicLike > 0) && stats[c]!.checkId === 0);
  for (const checkCol of intCols) {
    const topicCands = topicCols.filter((c) => c < checkCol).slice(-2);
    for (const topicCol of topicCands) {
      const partOpts: (number | null)[] = [null, ...cols.filter((c) => c < topicCol && (stats[c]!.int > 0 || stats[c]!.part > 0)).slice(-2)];
      for (const sectionCol of sectionOpts) {
        if (sectionCol === topicCol || sectionCol === checkCol) continue;
        for (const partCol of partOpts) {
          if (partCol !== null && partCol === sectionCol) continue;
          configs.push({ mode: "split", idCol: null, sectionCol, partCol, topicCol, checkCol });
        }
      }
    }
  }
  return configs;
}

/* ------------------------------------------------------------------ */
/* Walking the rows                                                    */
/* ------------------------------------------------------------------ */

interface RawItem {
  row: number;
  rawId: string;
  section: string | null;
  part: number | null;
  topic: number;
  check: number;
  topicHeading: string | null;
}

interface Context {
  section: string | null;
  part: number | null;
  topic: number | null;
  topicHeading: string | null;
}

function setSection(ctx: Context, section: string): void {
  if (ctx.section !== section) {
    ctx.section = section;
    ctx.part = null;
    ctx.topic = null;
    ctx.topicHeading = null;
  }
}

function setPart(ctx: Context, part: number): void {
  if (ctx.part !== part) {
    ctx.part = part;
    ctx.topic = null;
    ctx.topicHeading = null;
  }
}

function setTopic(ctx: Context, topic: number, heading: string | null): void {
  if (ctx.topic === topic) {
    if (heading) ctx.topicHeading = heading;
    return;
  }
  ctx.topic = topic;
  ctx.topicHeading = heading;
}

/** A row that carries no item: read section / part / topic headings from it (merged or not). */
function readHeadingRow(grid: Grid, r: number, ctx: Context, skipCols: Set<number>): void {
  const cells = grid.rowTexts(r).filter((c) => !skipCols.has(c.col));
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const next = cells[i + 1];
    const sec = parseSectionHeading(cell.raw);
    if (sec && (typeof cell.raw === "string" || next)) {
      setSection(ctx, sec.section);
      continue;
    }
    const part = parsePartHeading(cell.raw);
    if (part) {
      setPart(ctx, part.part);
      continue;
    }
    const topic = parseTopicHeading(cell.raw);
    if (topic) {
      setTopic(ctx, topic.topic, topic.heading || (next && !isStructural(next.raw) ? next.text : null));
      continue;
    }
    // "3" | "長期間利用がない場合の措置" in two cells.
    if (i === 0 && next && !isStructural(next.raw)) {
      const n = parseSmallInt(cell.raw);
      if (n !== null && n > 0 && n <= 20 && !/^[(]/.test(cell.text)) {
        setTopic(ctx, n, next.text);
        i++;
        continue;
      }
    }
  }
}

function isStructural(v: CellValue): boolean {
  return !!(parseSectionHeading(v) || parsePartHeading(v) || parseTopicHeading(v) || parseCheckId(v) || parseSmallInt(v) !== null);
}

function walk(grid: Grid, from: number, cfg: IdConfig, skipCols: Set<number>): RawItem[] {
  const ctx: Context = { section: null, part: null, topic: null, topicHeading: null };
  const items: RawItem[] = [];
  for (const r of grid.rowsFrom(from)) {
    // Section / part from their own columns (merged vertically or written once per block).
    if (cfg.sectionCol !== null) {
      const sec = parseSectionHeading(grid.filled(r, cfg.sectionCol));
      if (sec) setSection(ctx, sec.section);
    }
    if (cfg.partCol !== null) {
      const v = grid.filled(r, cfg.partCol);
      const ph = parsePartHeading(v);
      const n = ph ? ph.part : parseSmallInt(v);
      if (n !== null && n > 0) setPart(ctx, n);
    }

    let topic: number | null = null;
    let check: number | null = null;
    let rawId = "";
    let explicit: { section: string; part: number | null } | null = null;
    if (cfg.mode === "combined" && cfg.idCol !== null) {
      const v = grid.raw(r, cfg.idCol);
      const cid = parseCheckId(v);
      const can = cid ? null : parseCanonicalId(v);
      if (cid) {
        topic = cid.topic;
        check = cid.check;
      } else if (can) {
        setSection(ctx, can.section);
        if (can.part !== null) setPart(ctx, can.part);
        explicit = { section: can.section, part: can.part };
        topic = can.topic;
        check = can.check;
      }
      if (topic !== null) rawId = cellText(v).trim();
    } else if (cfg.checkCol !== null && cfg.topicCol !== null) {
      const tv = grid.filled(r, cfg.topicCol);
      const th = typeof tv === "string" ? parseTopicHeading(tv) : null;
      const t = th ? th.topic : parseSmallInt(tv);
      if (t !== null && t > 0) setTopic(ctx, t, th?.heading || null);
      const c = parseSmallInt(grid.raw(r, cfg.checkCol));
      if (c !== null && c > 0 && ctx.topic !== null) {
        topic = ctx.topic;
        check = c;
        rawId = idColumns(cfg)
          .map((col) => cellText(grid.filled(r, col)).trim())
          .filter(Boolean)
          .join(" ");
      }
    }

    if (topic !== null && check !== null) {
      setTopic(ctx, topic, null);
      items.push({
        row: r,
        rawId,
        section: explicit ? explicit.section : ctx.section,
        part: explicit ? explicit.part : ctx.part,
        topic,
        check,
        topicHeading: ctx.topicHeading,
      });
      continue;
    }
    // Not an item: maybe a heading row.
    readHeadingRow(grid, r, ctx, skipCols);
  }
  return items;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */
/* ------------------------------------------------------------------ */

interface CatalogIndex {
  byKey: Map<string, CatalogItem>;
  bySection: Map<string, CatalogItem[]>;
  byTopicCheck: Map<string, CatalogItem[]>;
  sectionsWithParts: Set<string>;
}

function keyOf(section: string | null, part: number | null, topic: number, check: number): string {
  return `${section ?? ""}|${part ?? ""}|${topic}|${check}`;
}

function indexCatalog(catalog: CatalogItem[]): CatalogIndex {
  const idx: CatalogIndex = { byKey: new Map(), bySection: new Map(), byTopicCheck: new Map(), sectionsWithParts: new Set() };
  for (const it of catalog) {
    idx.byKey.set(keyOf(it.section, it.part, it.topic, it.check), it);
    const s = idx.bySection.get(it.section) ?? [];
    s.push(it);
    idx.bySection.set(it.section, s);
    const tc = `${it.topic}|${it.check}`;
    const l = idx.byTopicCheck.get(tc) ?? [];
    l.push(it);
    idx.byTopicCheck.set(tc, l);
    if (it.part !== null) idx.sectionsWithParts.add(it.section);
  }
  return idx;
}

type MatchHow = "exact" | "no-parts" | "part-inferred" | "heading";

function bestByHeading(cands: CatalogItem[], heading: string | null, min: number): CatalogItem | null {
  if (!heading) return null;
  let best: CatalogItem | null = null;
  let bestScore = 0;
  let tie = false;
  for (const c of cands) {
    const s = headingSimilarity(heading, c.topicHeading);
    if (s > bestScore) {
      best = c;
      bestScore = s;
      tie = false;
    } else if (s === bestScore && s > 0) tie = true;
  }
  return best && bestScore >= min && !tie ? best : null;
}

function matchItem(it: RawItem, idx: CatalogIndex): { item: CatalogItem; how: MatchHow } | null {
  const exact = idx.byKey.get(keyOf(it.section, it.part, it.topic, it.check));
  if (exact) return { item: exact, how: "exact" };
  if (it.section !== null) {
    const inSection = (idx.bySection.get(it.section) ?? []).filter((c) => c.topic === it.topic && c.check === it.check);
    if (it.part !== null) {
      // A section the catalog has without parts, written with a "(1)" heading on the sheet.
      if (!idx.sectionsWithParts.has(it.section) && inSection.length === 1) return { item: inSection[0]!, how: "no-parts" };
      return null;
    }
    // The sheet gives no part for a section the catalog splits into parts: the topic heading decides.
    if (inSection.length === 1) {
      const only = inSection[0]!;
      if (!it.topicHeading || headingSimilarity(it.topicHeading, only.topicHeading) >= 0.5) return { item: only, how: "part-inferred" };
      return null;
    }
    const byHeading = bestByHeading(inSection, it.topicHeading, 0.5);
    return byHeading ? { item: byHeading, how: "heading" } : null;
  }
  // No section context at all: only a clear topic-heading match counts.
  const cands = idx.byTopicCheck.get(`${it.topic}|${it.check}`) ?? [];
  const byHeading = bestByHeading(cands, it.topicHeading, 0.75);
  return byHeading ? { item: byHeading, how: "heading" } : null;
}

interface Evaluated {
  cfg: IdConfig;
  raw: RawItem[];
  matched: { raw: RawItem; item: CatalogItem; how: MatchHow }[];
  unknown: RawItem[];
  uniqueMatched: number;
}

function evaluate(grid: Grid, from: number, cfg: IdConfig, idx: CatalogIndex, skipCols: Set<number>): Evaluated {
  const raw = walk(grid, from, cfg, skipCols);
  const matched: Evaluated["matched"] = [];
  const unknown: RawItem[] = [];
  const seen = new Set<string>();
  for (const it of raw) {
    const m = matchItem(it, idx);
    if (m) {
      matched.push({ raw: it, item: m.item, how: m.how });
      seen.add(m.item.id);
    } else unknown.push(it);
  }
  return { cfg, raw, matched, unknown, uniqueMatched: seen.size };
}

function better(a: Evaluated, b: Evaluated | null): boolean {
  if (!b) return true;
  if (a.uniqueMatched !== b.uniqueMatched) return a.uniqueMatched > b.uniqueMatched;
  const exactA = a.matched.filter((m) => m.how === "exact").length;
  const exactB = b.matched.filter((m) => m.how === "exact").length;
  if (exactA !== exactB) return exactA > exactB;
  if (a.unknown.length !== b.unknown.length) return a.unknown.length < b.unknown.length;
  // Simpler configurations first.
  return idColumns(a.cfg).length < idColumns(b.cfg).length;
}

/* ------------------------------------------------------------------ */
/* Messages                                                            */
/* ------------------------------------------------------------------ */

function rowList(rows: number[], max = 8): string {
  const shown = rows.slice(0, max).map((r) => String(r + 1));
  return rows.length > max ? `${shown.join(", ")}, …(+${rows.length - max})` : shown.join(", ");
}

function preview(grid: Grid, rows = 3): string {
  const out: string[] = [];
  for (const r of grid.stored) {
    if (out.length >= rows) break;
    const t = grid.rowTexts(r).map((c) => c.text.slice(0, 20));
    if (t.length) out.push(`${r + 1}: ${t.slice(0, 4).join(" | ")}`);
  }
  return out.length ? out.join(" / ") : "(empty)";
}

/* ------------------------------------------------------------------ */
/* detectChecksheet                                                    */
/* ------------------------------------------------------------------ */

function emptyResult(sheet: string): DetectionResult {
  return {
    sheet,
    ok: false,
    confidence: 0,
    headerRow: null,
    columns: null,
    items: [],
    missing: [],
    unknown: [],
    duplicates: [],
    answerList: null,
    errors: [],
    notes: [],
  };
}

export function detectChecksheet(matrix: SheetMatrix, catalog: CatalogItem[]): DetectionResult {
  return withNormalizationScope(() => detectUnscoped(matrix, catalog));
}

function detectUnscoped(matrix: SheetMatrix, catalog: CatalogItem[]): DetectionResult {
  const res = emptyResult(matrix.name);
  const grid = new Grid(matrix);
  const idx = indexCatalog(catalog);
  res.missing = catalog.map((c) => c.id);

  const header = findHeader(grid);
  if (!header) {
    const p = preview(grid);
    res.errors.push({
      ja: `シート「${matrix.name}」に見出し行（No／チェック項目／回答 など）が見つかりません。先頭の行: ${p}`,
      en: `Sheet "${matrix.name}": header row not found (no row with No / item / answer headings); first rows contain: ${p}`,
    });
    return res;
  }
  res.headerRow = header.row;
  const from = header.row + 1;

  // Columns the header or the dropdowns mark as answer / remarks never hold ids.
  const excluded = new Set<number>();
  for (const [c, role] of header.roles) if (role === "answer" || role === "remarks") excluded.add(c);
  const answerValidations = (matrix.validations ?? []).filter((v) => isAnswerVocabulary(v.list));
  for (const v of answerValidations) for (const rg of v.ranges) for (let c = rg.left; c <= rg.right; c++) excluded.add(c);

  const stats = columnStats(grid, from);
  const configs = candidateConfigs(stats, excluded);
  let best: Evaluated | null = null;
  for (const cfg of configs) {
    const ev = evaluate(grid, from, cfg, idx, excluded);
    if (better(ev, best)) best = ev;
  }
  if (!best || best.raw.length === 0) {
    res.errors.push({
      ja: `シート「${matrix.name}」: 見出し行（${header.row + 1}行目）の下に項目番号（例: 3-2）が見つかりません。`,
      en: `Sheet "${matrix.name}": no item ids (e.g. 3-2) found below the header row (row ${header.row + 1}).`,
    });
    const dates = findDateLikeIds(matrix, from);
    if (dates) res.errors.push(dateLikeIdsMessage(dates));
    return res;
  }

  const idCols = idColumns(best.cfg);
  const itemRows = best.raw.map((i) => i.row);

  const textCol = textColumnOf(grid, header, idCols, excluded, itemRows);
  const { answerCol, answerList } = answerColumnOf(matrix, header, idCols, textCol, itemRows, res.notes);

  const remarksCands = [...header.roles].filter(([c, role]) => role === "remarks" && c !== answerCol && !idCols.includes(c)).map(([c]) => c);
  const remarksCol = remarksCands.find((c) => answerCol !== null && c > answerCol) ?? remarksCands[0] ?? null;

  if (answerCol === null) {
    res.columns = null;
    res.errors.push({
      ja: `シート「${matrix.name}」: 回答列が特定できません（「回答」等の見出しも、はい／いいえ等のプルダウンもありません）。見出し行 ${header.row + 1}: ${grid.rowTexts(header.row).map((c) => c.text).join(" | ")}`,
      en: `Sheet "${matrix.name}": no answer column identified (no "回答"-like heading and no dropdown such as はい/いいえ). Header row ${header.row + 1}: ${grid.rowTexts(header.row).map((c) => c.text).join(" | ")}`,
    });
    return res;
  }

  const columns: DetectedColumns = { id: idCols, text: textCol, answer: answerCol, remarks: remarksCol };
  res.columns = columns;
  res.answerList = answerList;

  const { items, unknown, byHeading, mergedAnswerRows } = buildItems(grid, best, columns, catalog, res);
  finish(matrix, grid, catalog, res, { from, idCols, itemRows, best, items, unknown, byHeading, mergedAnswerRows, answerList });
  return res;
}

/*
 * The phases of detectUnscoped after the id columns are known, one function each (each is small enough for the
 * engine to optimise on its own: the single function they were cost a large share of a worker's start in `report`).
 */

/** Text column: a header "チェック項目" column, else the column with the longest texts on item rows. */
function textColumnOf(grid: Grid, header: HeaderInfo, idCols: number[], excluded: Set<number>, itemRows: number[]): number | null {
  const avgLen = (c: number) => {
    let n = 0;
    let len = 0;
    for (const r of itemRows) {
      const t = grid.text(r, c);
      if (t) {
        n++;
        len += t.length;
      }
    }
    return n ? len / n : 0;
  };
  const textCands = [...header.roles].filter(([c, role]) => role === "text" && !idCols.includes(c)).map(([c]) => c);
  let textCol: number | null = null;
  if (textCands.length) textCol = textCands.reduce((a, b) => (avgLen(b) > avgLen(a) ? b : a));
  else {
    let bestLen = 0;
    const onItemRows = new Set<number>();
    for (const r of itemRows) for (const cell of grid.rowTexts(r)) onItemRows.add(cell.col);
    for (const c of [...onItemRows].sort((a, b) => a - b)) {
      if (idCols.includes(c) || excluded.has(c)) continue;
      const l = avgLen(c);
      if (l > bestLen && l >= 8) {
        bestLen = l;
        textCol = c;
      }
    }
  }
  return textCol;
}

/** Answer column: the dropdown covering the item rows, else the header "回答" column (with a note saying which). */
function answerColumnOf(
  matrix: SheetMatrix,
  header: HeaderInfo,
  idCols: number[],
  textCol: number | null,
  itemRows: number[],
  notes: Localized[],
): { answerCol: number | null; answerList: string[] | null } {
  let answerCol: number | null = null;
  let answerList: string[] | null = null;
  {
    let bestCover = 0;
    let bestVocab = false;
    for (const v of matrix.validations ?? []) {
      const vocab = isAnswerVocabulary(v.list);
      const cols = new Set<number>();
      for (const rg of v.ranges) for (let c = rg.left; c <= rg.right; c++) cols.add(c);
      for (const c of cols) {
        if (idCols.includes(c) || c === textCol) continue;
        const cover = itemRows.filter((r) => v.ranges.some((rg) => rg.left <= c && c <= rg.right && rg.top <= r && r <= rg.bottom)).length;
        if (cover === 0) continue;
        const better = (vocab && !bestVocab) || (vocab === bestVocab && cover > bestCover);
        if (better) {
          bestCover = cover;
          bestVocab = vocab;
          answerCol = c;
          answerList = [...v.list];
        }
      }
    }
    if (answerCol !== null && bestCover < itemRows.length / 2 && !bestVocab) {
      answerCol = null;
      answerList = null;
    }
  }
  const headerAnswerCols = [...header.roles].filter(([c, role]) => role === "answer" && !idCols.includes(c)).map(([c]) => c);
  if (answerCol === null) {
    if (headerAnswerCols.length) {
      answerCol = headerAnswerCols.find((c) => textCol === null || c > textCol) ?? headerAnswerCols[0]!;
      notes.push({
        ja: `回答欄にプルダウン（入力規則）がないため、見出し「${header.labels.get(answerCol)}」の列 ${columnLetters(answerCol)} を回答列としました。`,
        en: `No dropdown (data validation) on the answer cells; column ${columnLetters(answerCol)} ("${header.labels.get(answerCol)}") is used as the answer column from its heading.`,
      });
    }
  } else if (headerAnswerCols.length && !headerAnswerCols.includes(answerCol)) {
    notes.push({
      ja: `プルダウンのある列 ${columnLetters(answerCol)} を回答列としました（見出し「回答」は列 ${headerAnswerCols.map((c) => columnLetters(c)).join(", ")}）。`,
      en: `Column ${columnLetters(answerCol)} (with a dropdown) is used as the answer column; the "answer" heading is on column ${headerAnswerCols.map((c) => columnLetters(c)).join(", ")}.`,
    });
  }
  return { answerCol, answerList };
}

/** Items, unknowns and duplicates of the best id configuration, into `res`. */
function buildItems(grid: Grid, best: Evaluated, columns: DetectedColumns, catalog: CatalogItem[], res: DetectionResult) {
  const { text: textCol, answer: answerCol, remarks: remarksCol } = columns;
  const mergedAnswerRows: number[] = [];
  const cellOf = (r: number, c: number): CellAddress => {
    const g = grid.merge(r, c);
    if (g && (g.top !== r || g.left !== c)) {
      if (c === answerCol) mergedAnswerRows.push(r);
      return { row: g.top, col: g.left };
    }
    return { row: r, col: c };
  };
  const build = (raw: RawItem, item: CatalogItem | null): DetectedItem => {
    const answer = cellOf(raw.row, answerCol!);
    const t = textCol !== null ? cellText(grid.filled(raw.row, textCol)).trim() : "";
    return {
      id: item ? item.id : canonicalId(raw.section, raw.part, raw.topic, raw.check),
      catalogId: item ? item.id : null,
      rawId: raw.rawId,
      section: raw.section,
      part: raw.part,
      topic: raw.topic,
      check: raw.check,
      row: raw.row,
      answer,
      remarks: remarksCol !== null ? cellOf(raw.row, remarksCol) : null,
      answerValue: grid.raw(answer.row, answer.col),
      text: t || null,
    };
  };

  const matchByRow = new Map<number, { item: CatalogItem; how: MatchHow }>();
  for (const m of best.matched) matchByRow.set(m.raw.row, { item: m.item, how: m.how });
  const rowsById = new Map<string, number[]>();
  const items: DetectedItem[] = [];
  const unknown: DetectedItem[] = [];
  let byHeading = 0;
  for (const raw of best.raw) {
    const m = matchByRow.get(raw.row) ?? null;
    const d = build(raw, m?.item ?? null);
    const rows = rowsById.get(d.id) ?? [];
    rows.push(raw.row);
    rowsById.set(d.id, rows);
    if (rows.length > 1) continue;
    if (m) {
      items.push(d);
      if (m.how !== "exact") byHeading++;
    } else unknown.push(d);
  }
  res.items = items;
  res.unknown = unknown;
  res.duplicates = [...rowsById].filter(([, rows]) => rows.length > 1).map(([id, rows]) => ({ id, rows }));
  const found = new Set(items.map((i) => i.catalogId));
  res.missing = catalog.filter((c) => !found.has(c.id)).map((c) => c.id);
  return { items, unknown, byHeading, mergedAnswerRows };
}

interface Found {
  from: number;
  idCols: number[];
  itemRows: number[];
  best: Evaluated;
  items: DetectedItem[];
  unknown: DetectedItem[];
  byHeading: number;
  mergedAnswerRows: number[];
  answerList: string[] | null;
}

/** Notes, confidence and the final verdict. */
function finish(matrix: SheetMatrix, grid: Grid, catalog: CatalogItem[], res: DetectionResult, f: Found): void {
  const { from, idCols, itemRows, best, items, unknown, byHeading, mergedAnswerRows, answerList } = f;
  const hiddenItemRows = itemRows.filter((r) => grid.hidden.has(r));
  if (hiddenItemRows.length) {
    res.notes.push({
      ja: `非表示の行 ${rowList(hiddenItemRows)} の項目も読み取りました。`,
      en: `Hidden rows ${rowList(hiddenItemRows)} were read.`,
    });
  }
  if (mergedAnswerRows.length) {
    const rows = [...new Set(mergedAnswerRows)];
    res.notes.push({
      ja: `行 ${rowList(rows)} の回答欄は結合セルのため、結合範囲の左上セルを使います。`,
      en: `The answer cells of rows ${rowList(rows)} are merged; the merge's top-left cell is used.`,
    });
  }
  if (byHeading) {
    res.notes.push({
      ja: `${byHeading} 項目は区分（(1)(2)…）の番号が読み取れなかったため、節・項目番号と項目見出しの文言で照合しました。`,
      en: `${byHeading} item(s) had no readable part number ((1), (2)…) and were matched by section, topic-check and the topic heading text.`,
    });
  }
  if (res.duplicates.length) {
    res.notes.push({
      ja: `同じ項目番号が複数行にあります: ${res.duplicates.map((d) => `${d.id}（行 ${rowList(d.rows)}）`).join("、")}。最初の行を使います。`,
      en: `Same item id on several rows: ${res.duplicates.map((d) => `${d.id} (rows ${rowList(d.rows)})`).join(", ")}; the first row is used.`,
    });
  }
  if (res.unknown.length) {
    res.notes.push({
      ja: `カタログにない項目 ${res.unknown.length} 件: ${res.unknown.slice(0, 5).map((u) => `${u.id}（${u.row + 1}行目）`).join("、")}`,
      en: `${res.unknown.length} item(s) not in the catalog: ${res.unknown.slice(0, 5).map((u) => `${u.id} (row ${u.row + 1})`).join(", ")}`,
    });
  }
  if (res.missing.length && items.length) {
    res.notes.push({
      ja: `カタログの ${catalog.length} 項目のうち ${res.missing.length} 項目がシートにありません。`,
      en: `${res.missing.length} of the ${catalog.length} catalog items are not on the sheet.`,
    });
  }

  // Confidence and the final verdict.
  const share = catalog.length ? items.length / catalog.length : 0;
  let confidence = share;
  const seenRows = items.length + unknown.length;
  if (seenRows) confidence *= 1 - 0.5 * (unknown.length / seenRows);
  if (answerList === null) confidence *= 0.9;
  if (res.duplicates.length) confidence *= 0.95;
  if (byHeading) confidence *= 1 - 0.2 * (byHeading / Math.max(1, items.length));
  res.confidence = Math.round(Math.max(0, Math.min(1, confidence)) * 1000) / 1000;

  const dates = res.missing.length ? findDateLikeIds(matrix, from, 3, items.length >= 1 ? idCols : undefined) : null;
  const need = Math.max(1, Math.ceil(catalog.length * MIN_MATCH_SHARE));
  if (dates && items.length >= need) res.notes.push(dateLikeIdsMessage(dates));
  if (items.length < need) {
    res.errors.push({
      ja: `シート「${matrix.name}」: カタログ ${catalog.length} 項目のうち一致したのは ${items.length} 項目だけです（項目番号らしき行 ${best.raw.length} 行）。チェックシートではないか、版が異なる可能性があります。`,
      en: `Sheet "${matrix.name}": only ${items.length} of ${catalog.length} catalog items matched (${best.raw.length} rows with item-like ids). This may not be the checksheet, or a different version.`,
    });
    if (dates) res.errors.push(dateLikeIdsMessage(dates));
  }
  res.ok = res.errors.length === 0;
  if (!res.ok) res.confidence = Math.min(res.confidence, 0.2);
}

/* ------------------------------------------------------------------ */
/* pickSheet                                                           */
/* ------------------------------------------------------------------ */

export interface PickResult {
  sheet: string | null;
  results: DetectionResult[];
  errors: Localized[];
}

export function pickSheet(matrices: SheetMatrix[], catalog: CatalogItem[], preferred?: string): PickResult {
  if (preferred !== undefined && preferred !== null && preferred !== "") {
    const m = matrices.find((x) => x.name === preferred);
    if (!m) {
      return {
        sheet: null,
        results: [],
        errors: [
          {
            ja: `シート「${preferred}」がありません（あるシート: ${matrices.map((x) => x.name).join("、")}）。`,
            en: `Sheet "${preferred}" does not exist (sheets: ${matrices.map((x) => x.name).join(", ")}).`,
          },
        ],
      };
    }
    if (ADDIN_SHEETS.includes(m.name)) {
      return {
        sheet: null,
        results: [],
        errors: [{ ja: `シート「${m.name}」はアドインが作成したシートです。チェックシートを選んでください。`, en: `Sheet "${m.name}" is the add-in's own sheet; choose the checksheet.` }],
      };
    }
    const r = detectChecksheet(m, catalog);
    if (r.items.length === 0) {
      return {
        sheet: null,
        results: [r],
        errors: [
          {
            ja: `シート「${m.name}」にはチェックシートの項目が見つかりません（シートの選択が違う可能性があります）。`,
            en: `Wrong sheet: no checksheet items found on sheet "${m.name}".`,
          },
          ...r.errors,
        ],
      };
    }
    return { sheet: m.name, results: [r], errors: [] };
  }

  const candidates = matrices.filter((m) => m.visibility !== "veryHidden" && !ADDIN_SHEETS.includes(m.name));
  const results = candidates.map((m) => detectChecksheet(m, catalog));
  const rank = (r: DetectionResult, m: SheetMatrix) => [r.ok ? 1 : 0, r.items.length, r.confidence, m.visibility === "hidden" ? 0 : 1];
  let bestIdx = -1;
  for (let i = 0; i < results.length; i++) {
    if (!results[i]!.ok) continue;
    if (bestIdx < 0) {
      bestIdx = i;
      continue;
    }
    const a = rank(results[i]!, candidates[i]!);
    const b = rank(results[bestIdx]!, candidates[bestIdx]!);
    for (let k = 0; k < a.length; k++) {
      if (a[k] !== b[k]) {
        if (a[k]! > b[k]!) bestIdx = i;
        break;
      }
    }
  }
  if (bestIdx >= 0) return { sheet: candidates[bestIdx]!.name, results, errors: [] };

  const tried = results
    .map((r) => `${r.sheet}: ${r.items.length}/${catalog.length}`)
    .join(", ");
  return {
    sheet: null,
    results,
    errors: [
      {
        ja: `チェックシートのシートが見つかりません（各シートで一致した項目数: ${tried || "シートなし"}）。シートを指定してください。`,
        en: `No checksheet found (items matched per sheet: ${tried || "no sheets"}). Choose the sheet explicitly.`,
      },
      ...candidates.flatMap((m) => {
        const d = findDateLikeIds(m, 0);
        return d ? [dateLikeIdsMessage(d)] : [];
      }),
    ],
  };
}

/**
 * Generators of realistic PHR checksheet layouts as SheetMatrix books, from a catalog.
 * Used by the detection tests (directly, and written to .xlsx by make-xlsx.ts) and by
 * scripts/make-sample.ts for the bundled sample workbook.
 *
 * Every generated text is a paraphrase from the catalog; nothing here is official wording.
 */
import type { CatalogItem, CellAddress, CellRect, CellValue, ListValidation, SheetMatrix } from "../../src/domain/types";

/** A SheetMatrix plus presentation hints for the .xlsx writer. */
export interface SheetSpec extends SheetMatrix {
  /** Cells written as rich text (two runs) to exercise readers. */
  richText?: CellAddress[];
  /** Column widths in characters. */
  widths?: number[];
  /** Rows written in bold (header, headings). */
  boldRows?: number[];
  /** Cells filled light grey (heading rows). */
  shadedRows?: number[];
}

export interface LayoutBook {
  sheets: SheetSpec[];
  /** Name of the sheet holding the checksheet. */
  checksheet: string;
  /** Row of the first item of each catalog id (0-based), for assertions. */
  rowOf: Map<string, number>;
}

/* ------------------------------------------------------------------ */
/* Catalog structure                                                   */
/* ------------------------------------------------------------------ */

export interface TopicGroup {
  topic: number;
  label: string;
  heading: string;
  items: CatalogItem[];
}
export interface PartGroup {
  part: number | null;
  heading: string | null;
  topics: TopicGroup[];
}
export interface SectionGroup {
  section: string;
  heading: string;
  parts: PartGroup[];
}

/** Group a catalog (in its order) into sections → parts → topics → checks. */
export function groupCatalog(catalog: readonly CatalogItem[]): SectionGroup[] {
  const out: SectionGroup[] = [];
  for (const it of catalog) {
    let s = out[out.length - 1];
    if (!s || s.section !== it.section) {
      s = { section: it.section, heading: it.sectionHeading, parts: [] };
      out.push(s);
    }
    let p = s.parts[s.parts.length - 1];
    if (!p || p.part !== it.part) {
      p = { part: it.part, heading: it.partHeading, topics: [] };
      s.parts.push(p);
    }
    let t = p.topics[p.topics.length - 1];
    if (!t || t.topic !== it.topic) {
      t = { topic: it.topic, label: it.topicLabel, heading: it.topicHeading, items: [] };
      p.topics.push(t);
    }
    t.items.push(it);
  }
  return out;
}

/* ------------------------------------------------------------------ */
/* Synthetic catalog (shape of the real one; texts are placeholders)   */
/* ------------------------------------------------------------------ */

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

interface SynthTopic {
  heading: string;
  checks: number;
}
interface SynthPart {
  part: number | null;
  heading: string | null;
  circled: boolean;
  topics: SynthTopic[];
}
interface SynthSection {
  section: string;
  heading: string;
  parts: SynthPart[];
}

const LAW = "個人情報保護法等の法規制に基づく遵守すべき事項";
const GUIDE = "本指針に基づく遵守すべき事項";

const SYNTH: SynthSection[] = [
  {
    section: "2.1",
    heading: "安全管理措置",
    parts: [
      { part: 1, heading: LAW, circled: true, topics: [{ heading: "安全管理措置の実施", checks: 2 }, { heading: "従業者の監督", checks: 2 }] },
      {
        part: 2,
        heading: GUIDE,
        circled: true,
        topics: [
          { heading: "情報セキュリティに対する組織的な取り組み", checks: 3 },
          { heading: "重要な情報資産の区分", checks: 2 },
          { heading: "物理的安全管理措置", checks: 2 },
        ],
      },
    ],
  },
  { section: "2.2", heading: "第三者認証の取得", parts: [{ part: null, heading: null, circled: true, topics: [{ heading: "第三者認証の取得", checks: 2 }] }] },
  {
    section: "3.2",
    heading: "同意取得",
    parts: [
      { part: 1, heading: LAW, circled: true, topics: [{ heading: "利用目的の特定", checks: 2 }, { heading: "要配慮個人情報の取得", checks: 1 }] },
      {
        part: 2,
        heading: GUIDE,
        circled: true,
        topics: [
          { heading: "分かりやすい説明", checks: 2 },
          { heading: "同意の取得方法", checks: 2 },
          { heading: "第三者提供に係る事前の同意取得", checks: 3 },
        ],
      },
    ],
  },
  {
    section: "3.3",
    heading: "消去及び撤回",
    parts: [
      { part: 1, heading: LAW, circled: false, topics: [{ heading: "利用停止等への対応", checks: 2 }] },
      {
        part: 2,
        heading: GUIDE,
        circled: false,
        topics: [
          { heading: "消去の方法", checks: 2 },
          { heading: "同意の撤回", checks: 1 },
          { heading: "長期間利用がない場合の措置", checks: 2 },
        ],
      },
    ],
  },
  {
    section: "4.2",
    heading: "相互運用性の確保",
    parts: [
      {
        part: 1,
        heading: GUIDE,
        circled: false,
        topics: [{ heading: "利用者を介した相互運用性の確保", checks: 3 }, { heading: "サービス終了時の措置", checks: 2 }],
      },
    ],
  },
  { section: "5.1", heading: "自己点検の実施", parts: [{ part: null, heading: null, circled: false, topics: [{ heading: "チェックシートによる確認と結果の公表", checks: 2 }] }] },
];

/** A catalog shaped like the real one (sections with and without parts, ① and 1 topic labels, restarting numbers). */
export function syntheticCatalog(): CatalogItem[] {
  const out: CatalogItem[] = [];
  for (const s of SYNTH) {
    for (const p of s.parts) {
      p.topics.forEach((t, ti) => {
        const topic = ti + 1;
        for (let check = 1; check <= t.checks; check++) {
          const id = `${s.section}${p.part !== null ? `(${p.part})` : ""}/${topic}-${check}`;
          out.push({
            id,
            chapter: s.section.split(".")[0]!,
            section: s.section,
            sectionHeading: s.heading,
            part: p.part,
            partHeading: p.heading,
            topic,
            topicLabel: p.circled ? CIRCLED[ti]! : String(topic),
            topicHeading: t.heading,
            check,
            summary: { ja: `${t.heading}について確認する事項（${check}）の要約`, en: `Paraphrase of check ${check} on ${t.heading}` },
          });
        }
      });
    }
  }
  return out;
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

class SheetBuilder {
  values: CellValue[][] = [];
  merges: CellRect[] = [];
  hiddenRows: number[] = [];
  richText: CellAddress[] = [];
  boldRows: number[] = [];
  shadedRows: number[] = [];

  get next(): number {
    return this.values.length;
  }

  row(cells: CellValue[]): number {
    this.values.push([...cells]);
    return this.values.length - 1;
  }

  blank(): number {
    return this.row([]);
  }

  merge(top: number, left: number, bottom: number, right: number): void {
    if (top === bottom && left === right) return;
    this.merges.push({ top, left, bottom, right });
  }

  set(r: number, c: number, v: CellValue): void {
    while (this.values.length <= r) this.values.push([]);
    const row = this.values[r]!;
    while (row.length <= c) row.push(null);
    row[c] = v;
  }

  build(name: string, extra: Partial<SheetSpec> = {}): SheetSpec {
    const width = Math.max(0, ...this.values.map((r) => r.length));
    const values = this.values.map((r) => {
      const x = [...r];
      while (x.length < width) x.push(null);
      return x;
    });
    return {
      name,
      values,
      merges: this.merges,
      hiddenRows: this.hiddenRows,
      richText: this.richText,
      boldRows: this.boldRows,
      shadedRows: this.shadedRows,
      visibility: "visible",
      ...extra,
    };
  }
}

/** "3-2" → "３－２". */
export function toFullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace(/-/g, "－").replace(/\./g, "．").replace(/\(/g, "（").replace(/\)/g, "）");
}

function validation(col: number, top: number, bottom: number, list: string[]): ListValidation {
  return { ranges: [{ top, left: col, bottom, right: col }], list };
}

function itemText(it: CatalogItem): string {
  return it.summary.ja;
}

/* ------------------------------------------------------------------ */
/* (1) standard                                                        */
/* ------------------------------------------------------------------ */

export interface StandardOptions {
  sheetName?: string;
  answerList?: string[];
}

/** Header on row 1 (No | 区分 | チェック項目 | 回答 | 備考); section, part and topic on their own rows; items "1-1". */
export function standardLayout(catalog: readonly CatalogItem[], opts: StandardOptions = {}): LayoutBook {
  const b = new SheetBuilder();
  const rowOf = new Map<string, number>();
  const answerList = opts.answerList ?? ["はい", "いいえ"];
  b.boldRows.push(b.row(["No", "区分", "チェック項目", "回答", "備考"]));
  for (const s of groupCatalog(catalog)) {
    b.shadedRows.push(b.row([`${s.section} ${s.heading}`]));
    for (const p of s.parts) {
      if (p.part !== null) b.shadedRows.push(b.row([`(${p.part}) ${p.heading ?? ""}`]));
      const kind = p.heading?.includes("法") ? "法令" : p.part !== null ? "指針" : "";
      for (const t of p.topics) {
        b.row([`${t.label} ${t.heading}`]);
        for (const it of t.items) {
          const r = b.row([`${it.topic}-${it.check}`, kind, itemText(it), null, null]);
          rowOf.set(it.id, r);
        }
      }
    }
  }
  const last = b.next - 1;
  const name = opts.sheetName ?? "チェックシート";
  const sheet = b.build(name, { validations: [validation(3, 1, last, answerList)], widths: [8, 8, 60, 10, 30] });
  return { sheets: [sheet], checksheet: name, rowOf };
}

/* ------------------------------------------------------------------ */
/* (2) split                                                           */
/* ------------------------------------------------------------------ */

export interface SplitOptions {
  sheetName?: string;
  /** Section and part on merged heading rows instead of their own columns. */
  sectionOnHeadingRows?: boolean;
  answerList?: string[];
}

/**
 * Title block, header on row 4: 章/節 | 区分 | 項目番号 | 確認番号 | チェック項目 | 対応状況 | 根拠資料・備考.
 * Section and part cells are merged vertically over their block; the topic cell over its checks.
 * With sectionOnHeadingRows, section and part are merged heading rows above each block instead.
 */
export function splitLayout(catalog: readonly CatalogItem[], opts: SplitOptions = {}): LayoutBook {
  const b = new SheetBuilder();
  const rowOf = new Map<string, number>();
  const answerList = opts.answerList ?? ["対応済", "一部対応", "未対応", "該当なし"];
  const headingRows = !!opts.sectionOnHeadingRows;
  const header = headingRows
    ? ["項目番号", "確認番号", "チェック項目", "対応状況", "根拠資料・備考"]
    : ["章/節", "区分", "項目番号", "確認番号", "チェック項目", "対応状況", "根拠資料・備考"];
  const lastCol = header.length - 1;
  const off = headingRows ? -2 : 0; // column shift when section/part columns are absent
  b.boldRows.push(b.row(["民間PHR事業者による健診等情報の取扱いに関する基本的指針 チェックシート（様式）"]));
  b.merge(0, 0, 0, lastCol);
  b.row(["事業者名", null, "（記入してください）"]);
  b.blank();
  const headerRow = b.row(header);
  b.boldRows.push(headerRow);

  for (const s of groupCatalog(catalog)) {
    const sectionTop = b.next;
    if (headingRows) {
      b.shadedRows.push(b.row([`${s.section}　${s.heading}`]));
      b.merge(b.next - 1, 0, b.next - 1, lastCol);
    }
    for (const p of s.parts) {
      const partTop = b.next;
      if (headingRows && p.part !== null) {
        b.shadedRows.push(b.row([`(${p.part}) ${p.heading ?? ""}`]));
        b.merge(b.next - 1, 0, b.next - 1, lastCol);
      }
      for (const t of p.topics) {
        const topicTop = b.next;
        t.items.forEach((it, i) => {
          const r = b.next;
          const topicCell: CellValue = headingRows || i === 0 ? (/^\d+$/.test(t.label) ? Number(t.label) : t.label) : null;
          const cells: CellValue[] = [];
          if (!headingRows) {
            cells.push(r === sectionTop ? `${s.section}\n${s.heading}` : null);
            cells.push(r === partTop && p.part !== null ? `(${p.part})` : null);
          }
          cells.push(topicCell, it.check, itemText(it), null, null);
          b.row(cells);
          rowOf.set(it.id, r);
        });
        if (!headingRows) b.merge(topicTop, 2 + off, b.next - 1, 2 + off);
      }
      if (!headingRows && p.part !== null) b.merge(partTop, 1, b.next - 1, 1);
    }
    if (!headingRows) b.merge(sectionTop, 0, b.next - 1, 0);
  }
  const last = b.next - 1;
  const name = opts.sheetName ?? "チェックシート";
  const ansCol = 5 + off;
  const sheet = b.build(name, {
    validations: [validation(ansCol, headerRow + 1, last, answerList)],
    widths: headingRows ? [10, 10, 60, 12, 30] : [16, 8, 10, 10, 60, 12, 30],
  });
  return { sheets: [sheet], checksheet: name, rowOf };
}

/* ------------------------------------------------------------------ */
/* (3) messy                                                           */
/* ------------------------------------------------------------------ */

export interface MessyOptions {
  sheetName?: string;
  answerList?: string[];
  /** Pre-filled answers by catalog id. */
  answers?: Record<string, string>;
  /** Pre-filled remarks by catalog id. */
  remarks?: Record<string, string>;
  /** Lines of the 表紙 sheet. */
  cover?: string[];
  /** Title above the checksheet. */
  title?: string;
  applicant?: string;
  /** Hide every n-th item row (0 = none). Default 17. */
  hideEvery?: number;
  /** Add the 表紙 / 記入例 / 改訂履歴 sheets before the checksheet (default true). */
  extraSheets?: boolean;
  /** Rows of the 改訂履歴 sheet below its header (版 | 日付 | 内容). */
  history?: string[][];
}

/** Id written three ways in turn: "３－２", "No.3-2", "3-2". */
function messyId(it: CatalogItem, i: number): string {
  const id = `${it.topic}-${it.check}`;
  switch (i % 3) {
    case 0:
      return toFullWidth(id);
    case 1:
      return `No.${id}`;
    default:
      return id;
  }
}

/**
 * Title and notes above the header (row 6), full-width and "No." ids mixed, section / part headings
 * in merged cells spanning the table, topic label and heading in separate cells, item text merged
 * over two columns, blank rows and hidden rows, a ○/× dropdown; 表紙, 記入例 and 改訂履歴 sheets first.
 */
export function messyLayout(catalog: readonly CatalogItem[], opts: MessyOptions = {}): LayoutBook {
  const answerList = opts.answerList ?? ["○", "×"];
  const hideEvery = opts.hideEvery ?? 17;
  const rowOf = new Map<string, number>();
  const sheets: SheetSpec[] = [];
  const title = opts.title ?? "本指針に係るチェックシート";
  const applicant = opts.applicant ?? "（事業者名）";

  if (opts.extraSheets !== false) {
    const cover = new SheetBuilder();
    const lines = opts.cover ?? [title, `事業者名: ${applicant}`, "提出日: 　　年　　月　　日"];
    lines.forEach((l, i) => {
      cover.row([l]);
      if (i === 0) cover.boldRows.push(0);
    });
    sheets.push(cover.build("表紙", { widths: [90] }));

    // 記入例: the same table with a few example rows, answered.
    const ex = new SheetBuilder();
    ex.boldRows.push(ex.row(["記入例"]));
    ex.blank();
    const exHeader = ex.row(["項番", "確認事項", null, "回答", "補足説明・根拠資料"]);
    ex.boldRows.push(exHeader);
    ex.merge(exHeader, 1, exHeader, 2);
    const first = groupCatalog(catalog)[0];
    if (first) {
      ex.row([`${first.section} ${first.heading}`]);
      ex.merge(ex.next - 1, 0, ex.next - 1, 4);
      const p = first.parts[0]!;
      if (p.part !== null) {
        ex.row([`(${p.part}) ${p.heading ?? ""}`]);
        ex.merge(ex.next - 1, 0, ex.next - 1, 4);
      }
      const t = p.topics[0]!;
      ex.row([t.label, t.heading]);
      for (const it of t.items.slice(0, 3)) {
        ex.row([`${it.topic}-${it.check}`, "（例）" + itemText(it), null, answerList[0] ?? "○", "規程第3条に定める（記入例）"]);
        ex.merge(ex.next - 1, 1, ex.next - 1, 2);
      }
    }
    sheets.push(ex.build("記入例", { validations: [validation(3, exHeader + 1, ex.next - 1, answerList)], widths: [10, 40, 20, 10, 30] }));

    const hist = new SheetBuilder();
    hist.boldRows.push(hist.row(["版", "日付", "内容"]));
    for (const h of opts.history ?? [["1.0", "2023/04/01", "初版"], ["1.1", "2023/04/28", "様式の軽微な修正"]]) hist.row(h);
    sheets.push(hist.build("改訂履歴", { widths: [8, 14, 40] }));
  }

  const b = new SheetBuilder();
  b.boldRows.push(b.row([title]));
  b.merge(0, 0, 0, 4);
  b.row([`事業者名: ${applicant}`, null, null, "記入日:", null]);
  b.row(["※ 回答欄は「" + answerList.join("」「") + "」のいずれかをプルダウンから選択してください。"]);
  b.merge(2, 0, 2, 4);
  b.row(["※ 補足説明欄には、根拠となる規程・文書名を記載してください。"]);
  b.merge(3, 0, 3, 4);
  b.blank();
  const headerRow = b.row(["項番", "確認事項", null, "回答\n（" + answerList.join("／") + "）", "補足説明・根拠資料"]);
  b.boldRows.push(headerRow);
  b.merge(headerRow, 1, headerRow, 2);
  b.richText.push({ row: headerRow, col: 1 });

  let n = 0;
  for (const s of groupCatalog(catalog)) {
    const r = b.row([toFullWidth(s.section) + "　" + s.heading]);
    b.merge(r, 0, r, 4);
    b.shadedRows.push(r);
    for (const p of s.parts) {
      if (p.part !== null) {
        const pr = b.row([`（${toFullWidth(String(p.part))}）${p.heading ?? ""}`]);
        b.merge(pr, 0, pr, 4);
        b.shadedRows.push(pr);
      }
      for (const t of p.topics) {
        if (/^\d+$/.test(t.label)) {
          const tr = b.row([`${toFullWidth(t.label)}．${t.heading}`]);
          b.merge(tr, 0, tr, 2);
        } else {
          const tr = b.row([t.label, t.heading]);
          b.merge(tr, 1, tr, 2);
          b.richText.push({ row: tr, col: 1 });
        }
        for (const it of t.items) {
          const ir = b.row([messyId(it, n), itemText(it), null, opts.answers?.[it.id] ?? null, opts.remarks?.[it.id] ?? null]);
          b.merge(ir, 1, ir, 2);
          rowOf.set(it.id, ir);
          n++;
          if (hideEvery > 0 && n % hideEvery === 0) b.hiddenRows.push(ir);
        }
        const blank = b.blank();
        if (hideEvery > 0 && t.topic % 4 === 0) b.hiddenRows.push(blank);
      }
    }
  }
  b.row(["以上"]);
  const last = b.next - 1;
  const name = opts.sheetName ?? "チェックシート（記入用）";
  sheets.push(
    b.build(name, {
      validations: [validation(3, headerRow + 1, last - 1, answerList)],
      widths: [10, 50, 20, 12, 36],
    }),
  );
  return { sheets, checksheet: name, rowOf };
}

/**
 * The measured test set for content verification (test/domain/verify.test.ts; figures in the README).
 *
 * Every "sheet" is the full catalog numbered as the catalog numbers it, each row carrying the checksheet-style rewrite of
 * an entry's summary (test/fixtures/checksheet-style.ts). Perturbed sheets move some texts:
 *  - exchanged: pairs of items of different sections exchange their texts (six pairs per sheet, as in the report that
 *    started this work; every item is in exactly one pair over the set);
 *  - renumbered within topics: in every topic with two or more checks, the texts are rotated by one check;
 *  - renumbered across topics: within every part, check 1 of topic t and of topic t+1 exchange texts (t = 1, 3, 5, …);
 *  - foreign: six rows carry requirements the catalog does not have (as a revised checksheet might);
 * A perturbed row is caught when it is not taken as its numbered entry: it is 要確認, or matched by content to the entry its
 * text comes from. Taking it as any other entry is a miss. An untouched row that is not taken as its own entry is a false
 * "unverified".
 */
import type { CatalogItem, DetectedItem, DetectionResult } from "../../src/domain/types";
import { verifyDetection } from "../../src/domain/verify";
import { CHECKSHEET_STYLE } from "../fixtures/checksheet-style";

export interface Sheet {
  name: string;
  /** Row i is numbered catalog[i].id and carries the text of textOf[i] (a catalog id). */
  textOf: string[];
  /** Rows carrying a text that is no catalog entry's (textOf[i] = "foreign"). */
  foreign?: Map<number, string>;
}

export function detectionFor(catalog: readonly CatalogItem[], sheet: Sheet, style: Record<string, string> = CHECKSHEET_STYLE): DetectionResult {
  const items: DetectedItem[] = catalog.map((e, i) => ({
    id: e.id,
    catalogId: e.id,
    rawId: `${e.topic}-${e.check}`,
    section: e.section,
    part: e.part,
    topic: e.topic,
    check: e.check,
    row: i + 5,
    answer: { row: i + 5, col: 3 },
    remarks: { row: i + 5, col: 4 },
    answerValue: null,
    text: sheet.foreign?.get(i) ?? style[sheet.textOf[i]!] ?? null,
  }));
  return {
    sheet: sheet.name,
    ok: true,
    confidence: 1,
    headerRow: 4,
    columns: { id: [0], text: 1, answer: 3, remarks: 4 },
    items,
    missing: [],
    unknown: [],
    duplicates: [],
    answerList: ["はい", "いいえ"],
    errors: [],
    notes: [],
  };
}

function swap(textOf: string[], i: number, j: number): void {
  const t = textOf[i]!;
  textOf[i] = textOf[j]!;
  textOf[j] = t;
}

export function faithfulSheet(catalog: readonly CatalogItem[]): Sheet {
  return { name: "faithful", textOf: catalog.map((e) => e.id) };
}

/** Pairs of items of different sections (item i with item i + ⌊n/2⌋), six pairs per sheet. */
export function exchangedSheets(catalog: readonly CatalogItem[]): Sheet[] {
  const n = catalog.length;
  const half = Math.floor(n / 2);
  const pairs: [number, number][] = [];
  for (let i = 0; i < half; i++) {
    let j = i + half;
    // keep pairs across sections
    while (j < n && catalog[j]!.section === catalog[i]!.section) j++;
    if (j < n && !pairs.some(([a, b]) => a === j || b === j)) pairs.push([i, j]);
  }
  const sheets: Sheet[] = [];
  for (let k = 0; k < pairs.length; k += 6) {
    const textOf = catalog.map((e) => e.id);
    for (const [i, j] of pairs.slice(k, k + 6)) swap(textOf, i, j);
    sheets.push({ name: `exchanged-${k / 6 + 1}`, textOf });
  }
  return sheets;
}

function groupsBy(catalog: readonly CatalogItem[], key: (e: CatalogItem) => string): number[][] {
  const m = new Map<string, number[]>();
  catalog.forEach((e, i) => {
    const k = key(e);
    m.set(k, [...(m.get(k) ?? []), i]);
  });
  return [...m.values()];
}

/** Every topic with two or more checks: texts rotated by one check. */
export function renumberedWithinTopics(catalog: readonly CatalogItem[]): Sheet {
  const textOf = catalog.map((e) => e.id);
  for (const g of groupsBy(catalog, (e) => `${e.section}|${e.part}|${e.topic}`)) {
    if (g.length < 2) continue;
    const texts = g.map((i) => catalog[i]!.id);
    g.forEach((i, k) => (textOf[i] = texts[(k + 1) % texts.length]!));
  }
  return { name: "renumbered-within-topics", textOf };
}

/** Within every part, check 1 of topics t and t+1 (t = 1, 3, …) exchange texts. */
export function renumberedAcrossTopics(catalog: readonly CatalogItem[]): Sheet {
  const textOf = catalog.map((e) => e.id);
  for (const g of groupsBy(catalog, (e) => `${e.section}|${e.part}`)) {
    const firsts = g.filter((i) => catalog[i]!.check === 1);
    for (let k = 0; k + 1 < firsts.length; k += 2) swap(textOf, firsts[k]!, firsts[k + 1]!);
  }
  return { name: "renumbered-across-topics", textOf };
}

/** Requirements that are no catalog entry's (invented for the test; not from any checksheet). */
export const FOREIGN_TEXTS = [
  "災害時の避難経路を従業者に周知し、年に一度避難訓練を行っているか。",
  "利用者の歩数データをウェアラブル端末から自動的に取り込む機能を備えているか。",
  "サービスの料金体系と解約時の返金条件を明示しているか。",
  "社内の喫煙所の設置場所を定めていること。",
  "広報誌を四半期ごとに発行しているか。",
  "健康ポイントを地域通貨と交換できるようにしているか。",
];

export function foreignSheet(catalog: readonly CatalogItem[]): Sheet {
  const textOf = catalog.map((e) => e.id);
  const foreign = new Map<number, string>();
  FOREIGN_TEXTS.forEach((t, k) => {
    const i = Math.floor(((k + 0.5) * catalog.length) / FOREIGN_TEXTS.length);
    textOf[i] = "foreign";
    foreign.set(i, t);
  });
  return { name: "foreign", textOf, foreign };
}

export interface Measurement {
  untouched: number;
  falseUnverified: { sheet: string; id: string; outcome: string }[];
  perturbed: number;
  caught: number;
  missed: { sheet: string; id: string; textOf: string; outcome: string }[];
  /** Perturbed rows matched by content to the entry their text comes from. */
  rematched: number;
}

export function measure(catalog: readonly CatalogItem[], sheets: Sheet[], style: Record<string, string> = CHECKSHEET_STYLE): Measurement {
  const m: Measurement = { untouched: 0, falseUnverified: [], perturbed: 0, caught: 0, missed: [], rematched: 0 };
  for (const sheet of sheets) {
    const v = verifyDetection(detectionFor(catalog, sheet, style), catalog);
    const byRow = new Map<number, string>();
    for (const it of v.items) byRow.set(it.row, it.catalogId!);
    for (const u of v.unverified) byRow.set(u.row, "要確認");
    catalog.forEach((e, i) => {
      const outcome = byRow.get(i + 5) ?? "absent";
      const source = sheet.textOf[i]!;
      if (source === e.id) {
        m.untouched++;
        if (outcome !== e.id) m.falseUnverified.push({ sheet: sheet.name, id: e.id, outcome });
        return;
      }
      m.perturbed++;
      if (outcome === "要確認" || outcome === source) {
        m.caught++;
        if (outcome === source) m.rematched++;
      } else m.missed.push({ sheet: sheet.name, id: e.id, textOf: source, outcome });
    });
  }
  return m;
}

/**
 * Content verification, measured on the test set of test/helpers/verify-set.ts: our summaries rewritten in checksheet
 * style, twice (set A, on which the thresholds were set; set B, written afterwards and held out); texts exchanged between
 * items of different sections; items renumbered within and across topics; requirements the catalog does not have. The figures are computed here, asserted against the goals, and must match the README's
 * data-honesty section (`UPDATE_README=1 npx jest test/domain/verify` rewrites that block).
 */
import * as fs from "fs";
import * as path from "path";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { features, normalizeForSimilarity, similarity, buildModel, compareProfiles, compareWithSet, profile, profileSet } from "../../src/domain/similarity";
import { assign, verifyDetection } from "../../src/domain/verify";
import { CHECKSHEET_STYLE } from "../fixtures/checksheet-style";
import { CHECKSHEET_STYLE_B } from "../fixtures/checksheet-style-b";
import {
  detectionFor,
  exchangedSheets,
  faithfulSheet,
  foreignSheet,
  measure,
  renumberedAcrossTopics,
  renumberedWithinTopics,
  type Measurement,
} from "../helpers/verify-set";

const cw = loadBundledCrosswalk();
const catalog = cw.entries;

const SETS = {
  faithful: () => [faithfulSheet(catalog)],
  exchanged: () => exchangedSheets(catalog),
  renumberedWithin: () => [renumberedWithinTopics(catalog)],
  renumberedAcross: () => [renumberedAcrossTopics(catalog)],
  foreign: () => [foreignSheet(catalog)],
};
type Results = Record<keyof typeof SETS, Measurement>;
const measured = (style: Record<string, string>) =>
  Object.fromEntries(Object.entries(SETS).map(([k, f]) => [k, measure(catalog, f(), style)])) as Results;
/** Set A: the thresholds were set on it. Set B: written afterwards, held out (not used to tune anything). */
const results = measured(CHECKSHEET_STYLE);
const heldOut = measured(CHECKSHEET_STYLE_B);

const pct = (a: number, b: number) => (b === 0 ? "0.0" : ((100 * a) / b).toFixed(1));

function totals(r: Results = results) {
  const all = Object.values(r);
  const untouched = all.reduce((n, m) => n + m.untouched, 0);
  const falseUnverified = all.reduce((n, m) => n + m.falseUnverified.length, 0);
  const perturbed = all.reduce((n, m) => n + m.perturbed, 0);
  const caught = all.reduce((n, m) => n + m.caught, 0);
  return { untouched, falseUnverified, perturbed, caught };
}

function figuresBlock(): string {
  return [figuresTable(results, "A (thresholds set on it)"), "", figuresTable(heldOut, "B (held out)")].join("\n");
}

function figuresTable(r: Results, label: string): string {
  const t = totals(r);
  const row = (label: string, m: Measurement) =>
    `| ${label} | ${m.perturbed} | ${m.caught} (${pct(m.caught, m.perturbed)}%) | ${m.rematched} | ${m.untouched} | ${m.falseUnverified.length} |`;
  return [
    `| wording ${label} | rows moved | caught | of which matched by content | rows untouched | false 要確認 |`,
    "| --- | --- | --- | --- | --- | --- |",
    row("145 items in checksheet wording", r.faithful),
    row(`texts exchanged across sections (${exchangedSheets(catalog).length} sheets × 6 pairs)`, r.exchanged),
    row("renumbered within topics (rotated by one)", r.renumberedWithin),
    row("renumbered across topics (check 1 of adjacent topics exchanged)", r.renumberedAcross),
    row("requirements not in the catalog (6 rows)", r.foreign),
    `| **all** | ${t.perturbed} | ${t.caught} (${pct(t.caught, t.perturbed)}%) | | ${t.untouched} | ${t.falseUnverified} (${pct(t.falseUnverified, t.untouched)}%) |`,
  ].join("\n");
}

describe("similarity", () => {
  const model = buildModel(catalog.map((e) => e.summary.ja));

  test("NFKC: full-width letters and half-width katakana fold together", () => {
    expect(normalizeForSimilarity("ＰＨＲ事業者は、ＩＳＭＳを取得")).toBe("、ismsを取得");
    expect([...features("ｱｸｾｽ制御")]).toEqual([...features("アクセス制御")]);
  });

  test("particles and checksheet endings are discounted", () => {
    const a = "アクセス権限を必要最小限に設定している";
    for (const b of ["アクセス権限を必要最小限に設定しているか。", "アクセス権限を必要最小限に設定していること。", "PHR事業者は、アクセス権限等を必要最小限に設定しているか"])
      expect(similarity(model, b, a)).toBeCloseTo(1, 5);
  });

  test("different requirements score low", () => {
    expect(similarity(model, "通信経路を暗号化しているか。", "苦情を適切かつ迅速に処理している")).toBeLessThan(0.1);
  });

  test("the catalog compared all at once (ids, lookup tables) gives exactly compareProfiles' numbers", () => {
    const qs = catalog.map((e) => profile(model, e.summary.ja));
    const set = profileSet(qs);
    const texts = [
      ...catalog.map((e) => e.summary.ja),
      ...Object.values(CHECKSHEET_STYLE),
      ...Object.values(CHECKSHEET_STYLE_B),
      "",
      "はい",
      "通",
      "ｱｸｾｽ制御と量子鍵配送（カタログにない語）",
      catalog.map((e) => e.summary.ja).join(""),
    ];
    let compared = 0;
    for (const t of texts) {
      const p = profile(model, t);
      const all = compareWithSet(set, p);
      expect(all).toHaveLength(qs.length);
      qs.forEach((q, k) => expect([t, k, all[k]]).toEqual([t, k, compareProfiles(model, p, q)]));
      compared += qs.length;
    }
    expect(compared).toBeGreaterThan(145 * 300);
  });

  test("a unigram weighs half a bigram of the same rarity, whatever its UTF-16 length", () => {
    const m = buildModel(["甲乙", "丙"]);
    const one = profile(m, "丙");
    const two = profile(m, "甲乙");
    expect(one.keys).toEqual(["丙"]);
    expect(two.keys).toEqual(["甲乙"]);
    expect(one.total).toBeCloseTo(two.total / 2, 12);
  });

  test("the assignment keeps a faithful row on its number and swaps a clear exchange", () => {
    const s = [
      [0.9, 0.2, 0.1],
      [0.3, 0.35, 0.8],
    ];
    expect(assign(s, [0, 1], 0.1)).toEqual([0, 2]);
    expect(assign([[0.5, 0.55]], [0], 0.1)).toEqual([0]);
  });
});

describe("content verification on the measured test set", () => {
  test("both test sets cover every catalog entry with their own checksheet-style text", () => {
    for (const style of [CHECKSHEET_STYLE, CHECKSHEET_STYLE_B]) {
      expect(Object.keys(style).sort()).toEqual(catalog.map((e) => e.id).sort());
      for (const e of catalog) expect(style[e.id]).not.toBe(e.summary.ja);
    }
    for (const e of catalog) expect(CHECKSHEET_STYLE_B[e.id]).not.toBe(CHECKSHEET_STYLE[e.id]);
  });

  describe.each([
    ["A", results],
    ["B (held out)", heldOut],
  ] as const)("set %s", (_name, r) => {
    test("false 要確認 rate ≤ 2% over all untouched rows, and on the unmoved sheet", () => {
      const t = totals(r);
      expect(t.untouched).toBeGreaterThan(1000);
      expect(t.falseUnverified / t.untouched).toBeLessThanOrEqual(0.02);
      expect(r.faithful.falseUnverified.length / r.faithful.untouched).toBeLessThanOrEqual(0.02);
    });

    test.each(["exchanged", "renumberedWithin", "renumberedAcross", "foreign"] as const)("%s: every moved row is caught", (k) => {
      const m = r[k];
      expect(m.perturbed).toBeGreaterThan(0);
      expect(m.missed).toEqual([]);
      expect(m.caught).toBe(m.perturbed);
    });

    test("texts not in the catalog are 要確認, never matched by content", () => {
      expect(r.foreign.rematched).toBe(0);
      expect(r.foreign.caught).toBe(6);
    });
  });

  test("README's data-honesty section prints these figures", () => {
    const START = "<!-- similarity-figures:start (generated by test/domain/verify.test.ts; UPDATE_README=1 npx jest test/domain/verify) -->";
    const END = "<!-- similarity-figures:end -->";
    const readmePath = path.join(__dirname, "../../README.md");
    const readme = fs.readFileSync(readmePath, "utf8");
    const block = `${START}\n${figuresBlock()}\n${END}`;
    if (process.env.UPDATE_README === "1" && readme.includes(START) && readme.includes(END)) {
      fs.writeFileSync(readmePath, readme.slice(0, readme.indexOf(START)) + block + readme.slice(readme.indexOf(END) + END.length));
      return;
    }
    expect(readme).toContain(block);
  });
});

describe("verifyDetection", () => {
  const idx = (id: string) => catalog.findIndex((e) => e.id === id);

  test("a row without text keeps its number match, content not checked", () => {
    const d = detectionFor(catalog, faithfulSheet(catalog));
    d.items[3] = { ...d.items[3]!, text: null };
    const v = verifyDetection(d, catalog);
    expect(v.unchecked).toBe(1);
    const it = v.items.find((x) => x.row === d.items[3]!.row)!;
    expect(it.content.agrees).toBeNull();
    expect(it.catalogId).toBe(catalog[3]!.id);
  });

  test("an exchanged pair is matched by content, with the numbered id kept", () => {
    const sheet = faithfulSheet(catalog);
    const a = idx("2.1(2)/5-1");
    const b = idx("3.3(2)/2-1");
    [sheet.textOf[a], sheet.textOf[b]] = [sheet.textOf[b]!, sheet.textOf[a]!];
    const v = verifyDetection(detectionFor(catalog, sheet), catalog);
    expect(v.matchedByContent.map((x) => [x.content.numberedId, x.catalogId]).sort()).toEqual(
      [
        ["2.1(2)/5-1", "3.3(2)/2-1"],
        ["3.3(2)/2-1", "2.1(2)/5-1"],
      ].sort(),
    );
    expect(v.items).toHaveLength(catalog.length);
    expect(v.unverified).toEqual([]);
    expect(v.notes.some((n) => n.en.includes("matched by content"))).toBe(true);
  });

  test("a proposal is not used when the entry already sits on an agreeing row: 要確認 with the proposal", () => {
    const sheet = faithfulSheet(catalog);
    const a = idx("2.1(2)/5-1");
    sheet.textOf[a] = "3.3(2)/2-1"; // the same text twice; 3.3(2)/2-1's own row agrees
    const v = verifyDetection(detectionFor(catalog, sheet), catalog);
    expect(v.unverified.map((u) => u.catalogId)).toEqual(["2.1(2)/5-1"]);
    expect(v.unverified[0]!.content.proposal).toMatchObject({ id: "3.3(2)/2-1", used: false });
    expect(v.items.map((i) => i.catalogId)).not.toContain("2.1(2)/5-1");
    expect(v.missing).toEqual([]);
  });
});

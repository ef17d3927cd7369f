import * as fs from "fs";
import * as path from "path";
import bundledJson from "../../src/domain/data/crosswalk.json";
import {
  canonicalItemId,
  classTotals,
  crosswalkJsonSchema,
  formatInfobankRef,
  formatItemNos,
  loadBundledCrosswalk,
  parseCrosswalk,
  type CrosswalkError,
} from "../../src/domain/crosswalk";
import type { Crosswalk, CrosswalkEntry, InfobankRef } from "../../src/domain/types";
import { buildCrosswalk } from "../../scripts/build-crosswalk";

const ROOT = path.join(__dirname, "..", "..");
const PUBLISHED_SOURCE = "総務省 資料4「情報銀行認定とマイナポータルAPI接続申請の審査の連携について」p.5–6 例";

/** A deep copy of the bundled file, for mutation tests. */
function rawCopy(): { entries: Record<string, unknown>[]; expectedTotals: Record<string, number> } & Record<string, unknown> {
  return JSON.parse(JSON.stringify(bundledJson));
}
function indexOf(raw: { entries: Record<string, unknown>[] }, id: string): number {
  const i = raw.entries.findIndex((e) => e.id === id);
  if (i < 0) throw new Error(`no entry ${id}`);
  return i;
}
function expectErrors(json: unknown): CrosswalkError[] {
  const r = parseCrosswalk(json);
  if (r.ok) throw new Error("expected the crosswalk to be rejected");
  return r.errors;
}

describe("bundled crosswalk", () => {
  const cw = loadBundledCrosswalk();
  const byId = new Map(cw.entries.map((e) => [e.id, e]));

  test("parses without errors or warnings", () => {
    const r = parseCrosswalk(bundledJson);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings).toEqual([]);
  });

  test("is cached", () => {
    expect(loadBundledCrosswalk()).toBe(cw);
  });

  test("header", () => {
    expect(cw.schema).toBe("phr-infobank-crosswalk/1");
    expect(cw.crosswalkVersion).toMatch(/\S/);
    expect(cw.checksheet.version).toBe("2023-04");
    expect(cw.checklist).toEqual({ title: "「情報銀行」認定審査チェックシート", version: "3.0" });
    expect(cw.expectedTotals).toEqual({ A: 36, B: 100, C: 2, D: 7 });
  });

  test("exactly 145 entries with unique canonical ids", () => {
    expect(cw.entries).toHaveLength(145);
    expect(new Set(cw.entries.map((e) => e.id)).size).toBe(145);
    for (const e of cw.entries) {
      expect(e.id).toBe(canonicalItemId(e));
      expect(e.chapter).toBe(e.section.split(".")[0]);
      expect(["2", "3", "4", "5"]).toContain(e.chapter);
      expect(e.part === null).toBe(e.partHeading === null);
    }
  });

  test("class totals are A 36 / B 100 / C 2 / D 7", () => {
    expect(classTotals(cw.entries)).toEqual({ A: 36, B: 100, C: 2, D: 7 });
  });

  test("checks are numbered 1..n without gaps within each topic", () => {
    const groups = new Map<string, number[]>();
    for (const e of cw.entries) {
      const key = `${e.section}|${e.part}|${e.topic}`;
      groups.set(key, [...(groups.get(key) ?? []), e.check]);
    }
    for (const [key, checks] of groups) {
      expect({ key, checks }).toEqual({ key, checks: checks.map((_, i) => i + 1) });
    }
  });

  test("structure follows the known checksheet layout", () => {
    const sections = new Set(cw.entries.map((e) => e.section));
    for (const s of ["2.1", "2.2", "3.2", "3.3", "4.2"]) expect(sections).toContain(s);
    expect(cw.entries.some((e) => e.chapter === "5")).toBe(true);
    // 2.2 has no part; 2.1 has both a 法規制 part and a 本指針 part with circled topics
    expect(cw.entries.filter((e) => e.section === "2.2").every((e) => e.part === null)).toBe(true);
    const s21 = cw.entries.filter((e) => e.section === "2.1");
    expect(new Set(s21.map((e) => e.partHeading))).toEqual(
      new Set(["個人情報保護法等の法規制に基づく遵守すべき事項", "本指針に基づく遵守すべき事項"]),
    );
    expect(byId.get("2.1(2)/1-1")?.topicHeading).toBe("情報セキュリティに対する組織的な取り組み");
    expect(byId.get("2.1(2)/1-1")?.topicLabel).toBe("①");
    // the 本指針 part is (2) in 3.2/3.3 and (1) in 4.2
    expect(byId.get("3.2(2)/3-2")?.partHeading).toBe("本指針に基づく遵守すべき事項");
    expect(byId.get("4.2(1)/1-1")?.partHeading).toBe("本指針に基づく遵守すべき事項");
    // chapter 5 covers self-check and publication
    const ch5 = cw.entries.filter((e) => e.chapter === "5").map((e) => e.topicHeading);
    expect(ch5.some((h) => h.includes("自己点検"))).toBe(true);
    expect(ch5.some((h) => h.includes("公表"))).toBe(true);
  });

  test("the five published mappings are exact", () => {
    const pick = (id: string): CrosswalkEntry => {
      const e = byId.get(id);
      if (!e) throw new Error(`missing ${id}`);
      return e;
    };
    const published = cw.entries.filter((e) => e.provenance.kind === "published").map((e) => e.id);
    expect(published.sort()).toEqual(["2.2/1-1", "3.2(2)/3-2", "3.3(2)/3-1", "4.2(1)/1-1", "4.2(1)/1-2"]);

    const b = pick("2.2/1-1");
    expect(b).toMatchObject({ section: "2.2", part: null, partHeading: null, topic: 1, topicLabel: "①", topicHeading: "第三者認証の取得", check: 1, class: "B" });
    expect(b.infobankRefs).toEqual([{ section: "5.1", subItem: "②", heading: "業務能力など", items: [{ series: "No", from: 6 }] }]);

    const a = pick("3.2(2)/3-2");
    expect(a).toMatchObject({ section: "3.2", sectionHeading: "同意取得", part: 2, topic: 3, topicLabel: "③", topicHeading: "第三者提供に係る事前の同意取得", check: 2, class: "A" });
    expect(a.infobankRefs).toEqual([
      {
        section: "5.4.1",
        subItem: "④",
        heading: "諮問体制",
        items: [
          { series: "M", from: 1 },
          { series: "M", from: 2 },
          { series: "No", from: 130, to: 133 },
        ],
      },
    ]);

    const c = pick("3.3(2)/3-1");
    expect(c).toMatchObject({ section: "3.3", sectionHeading: "消去及び撤回", part: 2, topic: 3, topicLabel: "3", topicHeading: "長期間利用がない場合の措置", check: 1, class: "C" });
    expect(c.infobankRefs).toEqual([
      { section: "5.3.3", subItem: "⑦", heading: "利用、保持及び開示の制限", items: [{ series: "No", from: 86 }], partial: true },
    ]);
    expect(c.gap?.ja).toMatch(/\S/);

    for (const id of ["4.2(1)/1-1", "4.2(1)/1-2"]) {
      const d = pick(id);
      expect(d).toMatchObject({ section: "4.2", sectionHeading: "相互運用性の確保", part: 1, topic: 1, topicLabel: "1", topicHeading: "利用者を介した相互運用性の確保", class: "D" });
      expect(d.infobankRefs).toEqual([]);
    }
    expect(pick("4.2(1)/1-1").summary.ja).toContain("エクスポート");
    expect(pick("4.2(1)/1-2").summary.ja).toContain("HL7 CDA");

    for (const id of published) {
      const p = pick(id).provenance;
      expect(p.source).toBe(PUBLISHED_SOURCE);
      expect(p.rationale.ja).toContain("資料4");
    }
  });

  test("every entry has a rationale; assessed rationales are specific, not one boilerplate", () => {
    for (const e of cw.entries) {
      expect(e.provenance.rationale.ja.length).toBeGreaterThan(10);
      expect(e.provenance.rationale.en.length).toBeGreaterThan(10);
    }
    const assessed = cw.entries.filter((e) => e.provenance.kind === "assessed");
    expect(assessed).toHaveLength(140);
    const distinct = new Set(assessed.map((e) => e.provenance.rationale.ja));
    expect(distinct.size).toBeGreaterThanOrEqual(40);
    // an A rationale says why 情報銀行 is stricter; no A rationale is reused for a B entry
    const aTexts = new Set(cw.entries.filter((e) => e.class === "A").map((e) => e.provenance.rationale.ja));
    for (const e of cw.entries.filter((x) => x.class === "B")) expect(aTexts.has(e.provenance.rationale.ja)).toBe(false);
  });

  test("A/B/C rest on references, D has none; C/D carry evidence, C carries a gap", () => {
    for (const e of cw.entries) {
      if (e.class === "D") expect(e.infobankRefs).toEqual([]);
      else expect(e.infobankRefs.length).toBeGreaterThan(0);
      if (e.class === "C" || e.class === "D") {
        expect(e.evidence?.ja).toMatch(/\S/);
        expect(e.evidence?.en).toMatch(/\S/);
      }
      if (e.class === "C") {
        expect(e.gap?.ja).toMatch(/\S/);
        expect(e.infobankRefs.every((r) => r.partial)).toBe(true);
      }
      for (const r of e.infobankRefs) {
        expect(formatInfobankRef(r)).toMatch(/^\d+(\.\d+)*[①-⑳] \S+ (No\.\d+|M\d\d)/);
      }
    }
    const cIds = cw.entries.filter((e) => e.class === "C").map((e) => e.id);
    const dIds = cw.entries.filter((e) => e.class === "D").map((e) => e.id);
    expect(cIds).toContain("3.3(2)/3-1");
    expect(dIds).toEqual(expect.arrayContaining(["4.2(1)/1-1", "4.2(1)/1-2"]));
  });

  test("texts are presented as paraphrases, never as official wording", () => {
    expect(cw.notice.ja).toContain("言い換え");
    expect(cw.notice.en.toLowerCase()).toContain("paraphrase");
    expect(cw.notice.ja).toContain("公式の文言ではありません");
    expect(cw.notice.ja).toMatch(/A 36.*B 100.*C 2.*D 7/);
    for (const e of cw.entries) {
      expect(e.summary.ja).not.toMatch(/公式|原文/);
      expect(e.summary.en).not.toMatch(/official|verbatim/i);
      expect(e.summary.ja.length).toBeLessThanOrEqual(90);
    }
  });

  test("committed JSON equals the generator output", () => {
    const built: Crosswalk = buildCrosswalk();
    expect(JSON.parse(JSON.stringify(built))).toEqual(bundledJson);
  });
});

describe("parseCrosswalk rejects bad files, naming entry and field", () => {
  test("missing class", () => {
    const raw = rawCopy();
    const i = indexOf(raw, "2.1(1)/3-2");
    delete raw.entries[i].class;
    const errors = expectErrors(raw);
    const e = errors.find((x) => x.path === `entries[${i}].class`);
    expect(e).toBeDefined();
    expect(e?.entryId).toBe("2.1(1)/3-2");
    expect(e?.message.en).toContain("2.1(1)/3-2");
    expect(e?.message.en).toContain('"class"');
    expect(e?.message.en).toContain("missing");
    expect(e?.message.ja).toContain("class");
  });

  test('unknown class "E"', () => {
    const raw = rawCopy();
    const i = indexOf(raw, "3.1(1)/2-1");
    raw.entries[i].class = "E";
    const errors = expectErrors(raw);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(`entries[${i}].class`);
    expect(errors[0].entryId).toBe("3.1(1)/2-1");
    expect(errors[0].message.en).toContain('"E"');
    expect(errors[0].message.en).toContain("A, B, C, D");
  });

  test("duplicate id", () => {
    const raw = rawCopy();
    const first = indexOf(raw, "2.2/1-1");
    const dup = JSON.parse(JSON.stringify(raw.entries[first]));
    raw.entries.push(dup);
    const errors = expectErrors(raw);
    const e = errors.find((x) => x.message.en.includes("duplicate"));
    expect(e?.path).toBe(`entries[${raw.entries.length - 1}].id`);
    expect(e?.entryId).toBe("2.2/1-1");
    expect(e?.message.en).toContain(`entries[${first}]`);
  });

  test("C without evidence, C without gap, D without evidence", () => {
    const raw = rawCopy();
    const c = indexOf(raw, "3.3(2)/3-1");
    const d = indexOf(raw, "4.2(1)/1-2");
    delete raw.entries[c].evidence;
    delete raw.entries[c].gap;
    delete raw.entries[d].evidence;
    const errors = expectErrors(raw);
    expect(errors.map((e) => [e.entryId, e.path]).sort()).toEqual(
      [
        ["3.3(2)/3-1", `entries[${c}].evidence`],
        ["3.3(2)/3-1", `entries[${c}].gap`],
        ["4.2(1)/1-2", `entries[${d}].evidence`],
      ].sort(),
    );
    expect(errors.find((e) => e.path.endsWith("gap"))?.message.en).toContain("class C");
  });

  test("published entry without source", () => {
    const raw = rawCopy();
    const i = indexOf(raw, "3.2(2)/3-2");
    delete (raw.entries[i].provenance as Record<string, unknown>).source;
    const errors = expectErrors(raw);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: `entries[${i}].provenance.source`, entryId: "3.2(2)/3-2" });
  });

  test("bad references", () => {
    const raw = rawCopy();
    const i = indexOf(raw, "2.2/1-1");
    const refs = raw.entries[i].infobankRefs as InfobankRef[];
    refs[0].subItem = "2";
    refs[0].items = [{ series: "No", from: 9, to: 3 }];
    const j = indexOf(raw, "2.2/1-2");
    (raw.entries[j].infobankRefs as unknown[])[0] = { section: "5.1", subItem: "②", heading: "業務能力など", items: [{ series: "X", from: 1 }] };
    const k = indexOf(raw, "4.2(1)/1-1");
    raw.entries[k].infobankRefs = [{ section: "5.1", subItem: "②", heading: "業務能力など", items: [{ series: "No", from: 6 }] }];
    const paths = expectErrors(raw).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        `entries[${i}].infobankRefs[0].subItem`,
        `entries[${i}].infobankRefs[0].items[0].to`,
        `entries[${j}].infobankRefs[0].items[0].series`,
        `entries[${k}].infobankRefs`,
      ]),
    );
  });

  test("an entry without id is named by its index", () => {
    const raw = rawCopy();
    delete raw.entries[7].id;
    const errors = expectErrors(raw);
    expect(errors[0]).toMatchObject({ path: "entries[7].id", entryId: "#7" });
    expect(errors[0].message.en).toContain("entries[7]");
  });

  test("id that does not match section/part/topic/check", () => {
    const raw = rawCopy();
    const i = indexOf(raw, "4.2(1)/1-2");
    raw.entries[i].check = 5;
    const errors = expectErrors(raw);
    expect(errors).toHaveLength(1);
    expect(errors[0].message.en).toContain('expected "4.2(1)/1-5"');
  });

  test("not a crosswalk at all", () => {
    expect(expectErrors(null)[0].path).toBe("(document)");
    const errors = expectErrors({ schema: "something-else/1" });
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(["schema", "entries", "expectedTotals"]));
  });
});

describe("class totals that differ from expectedTotals", () => {
  test("are a warning stating the numbers, not an error", () => {
    const raw = rawCopy();
    const i = raw.entries.findIndex((e) => e.class === "A" && (e.provenance as { kind: string }).kind === "assessed");
    raw.entries[i].class = "B";
    const r = parseCrosswalk(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0].en).toContain("A 35 (expected 36)");
    expect(r.warnings[0].en).toContain("B 101 (expected 100)");
    expect(r.warnings[0].ja).toContain("A 35件（公表値 36）");
  });

  test("a missing entry warns about the count too", () => {
    const raw = rawCopy();
    raw.entries.splice(indexOf(raw, "2.1(1)/1-1"), 1);
    const r = parseCrosswalk(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.en).join("\n")).toContain("B 99 (expected 100)");
    expect(r.warnings.map((w) => w.en).join("\n")).toContain("144 items (expected 145)");
  });
});

describe("formatting", () => {
  const cw = loadBundledCrosswalk();
  const refOf = (id: string) => cw.entries.find((e) => e.id === id)!.infobankRefs[0];

  test("the seed's three references", () => {
    expect(formatInfobankRef(refOf("2.2/1-1"))).toBe("5.1② 業務能力など No.6");
    expect(formatInfobankRef(refOf("3.2(2)/3-2"))).toBe("5.4.1④ 諮問体制 M01、M02、No.130〜133");
    expect(formatInfobankRef(refOf("3.3(2)/3-1"))).toBe("5.3.3⑦ 利用、保持及び開示の制限 No.86");
    expect(formatInfobankRef(refOf("3.3(2)/3-1"), { markPartial: true })).toBe("5.3.3⑦ 利用、保持及び開示の制限 No.86（一部）");
  });

  test("formatItemNos lists M items, joins consecutive No items into ranges", () => {
    expect(formatItemNos([{ series: "M", from: 1, to: 3 }])).toBe("M01、M02、M03");
    expect(formatItemNos([{ series: "No", from: 5 }, { series: "No", from: 6 }, { series: "No", from: 9 }])).toBe("No.5〜6、No.9");
    expect(formatItemNos([{ series: "No", from: 140, to: 145 }, { series: "M", from: 10 }])).toBe("No.140〜145、M10");
    expect(formatItemNos([])).toBe("");
  });

  test("classTotals counts every class", () => {
    expect(classTotals([{ class: "A" }, { class: "D" }, { class: "D" }])).toEqual({ A: 1, B: 0, C: 0, D: 2 });
  });

  test("canonicalItemId", () => {
    expect(canonicalItemId({ section: "3.3", part: 2, topic: 3, check: 1 })).toBe("3.3(2)/3-1");
    expect(canonicalItemId({ section: "2.2", part: null, topic: 1, check: 1 })).toBe("2.2/1-1");
  });
});

describe("JSON Schema", () => {
  test("committed schema/crosswalk.schema.json equals the generated schema", () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, "schema", "crosswalk.schema.json"), "utf8"));
    expect(committed).toEqual(crosswalkJsonSchema());
  });

  test("describes the entry fields and the C/D evidence rule", () => {
    const schema = crosswalkJsonSchema() as { $defs: Record<string, { required?: string[]; allOf?: unknown[]; properties?: Record<string, unknown> }> };
    const entry = schema.$defs.CrosswalkEntry;
    expect(entry.required).toEqual(expect.arrayContaining(["id", "section", "part", "topic", "check", "class", "infobankRefs", "provenance"]));
    expect(entry.properties?.class).toEqual({ type: "string", enum: ["A", "B", "C", "D"] });
    expect(JSON.stringify(entry.allOf)).toContain('"required":["evidence"]');
    expect(JSON.stringify(entry.allOf)).toContain('"required":["gap"]');
  });
});

describe("bundled data without the schema library (task pane, ribbon)", () => {
  test("bundledCrosswalk() is exactly what the validating loader returns", () => {
    const { bundledCrosswalk } = require("../../src/domain/crosswalk-core");
    const { loadBundledCrosswalk: validated } = require("../../src/domain/crosswalk");
    expect(bundledCrosswalk()).toEqual(validated());
  });
});

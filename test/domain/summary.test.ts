import { evaluateCertification } from "../../src/domain/certification";
import { computeCoverage } from "../../src/domain/coverage";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { detectChecksheet } from "../../src/domain/detect";
import { COLORS, planAnnotate } from "../../src/domain/plan";
import { evidenceStateOf, legendEntries, remarksOf, summarySheetLayout, summarySheetRows, SUMMARY_COLUMNS } from "../../src/domain/summary";
import { testCertification } from "../helpers/cert";
import { messyLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const [C1] = crosswalk.entries.filter((e) => e.class === "C").map((e) => e.id);
const B1 = crosswalk.entries.find((e) => e.class === "B")!.id;

function analysed(answers: Record<string, string>, remarks: Record<string, string> = {}) {
  const book = messyLayout(crosswalk.entries, { answers, remarks, hideEvery: 0 });
  const sheet = book.sheets.find((s) => s.name === book.checksheet)!;
  const matrix = { name: sheet.name, values: sheet.values, merges: sheet.merges, validations: sheet.validations };
  const detection = detectChecksheet(matrix, crosswalk.entries);
  const cert = testCertification();
  const evaluation = evaluateCertification(cert, { asOf: "2026-01-15", checklistVersion: crosswalk.checklist.version });
  const coverage = computeCoverage(crosswalk, evaluation, new Set(detection.items.map((i) => i.catalogId!)));
  return { matrix, detection, cert, evaluation, coverage };
}

describe("evidence state", () => {
  test("registered wins; an answered item with remarks is stated in the sheet; empty or 'no' answers are not", () => {
    const ref = [{ document: "規程（架空）", addedAt: "2026-01-01T00:00:00Z" }];
    expect(evidenceStateOf(C1, "○", { [C1]: "規程" }, { [C1]: ref })).toBe("registered");
    expect(evidenceStateOf(C1, "○", { [C1]: "規程" }, {})).toBe("stated-in-sheet");
    expect(evidenceStateOf(C1, null, { [C1]: "規程" }, {})).toBe("none");
    expect(evidenceStateOf(C1, "×", { [C1]: "規程" }, {})).toBe("none");
    expect(evidenceStateOf(C1, "○", {}, {})).toBe("none");
  });
});

describe("summary rows", () => {
  test("every colour the plan paints is in the legend, each once; C and D differ", () => {
    const colors = legendEntries().map((e) => e.color);
    expect(new Set(colors).size).toBe(colors.length);
    for (const c of [COLORS.A, COLORS.B, COLORS.C, COLORS.D, COLORS.contradiction, COLORS.notCovered]) expect(colors).toContain(c);
    const a = analysed({ [B1]: "×" });
    const painted = new Set(planAnnotate(a.matrix, a.detection, a.coverage).cells.filter((c) => c.row !== a.detection.headerRow).map((c) => c.fill));
    for (const f of painted) expect(colors).toContain(f);
  });

  test("the rows follow the input: contradiction listed, x / 9 counts registered and stated evidence, sign-off state", () => {
    const a = analysed({ [B1]: "×", [C1]: "○" }, { [C1]: "消去規程 第5条（架空）" });
    const base = {
      lang: "ja" as const,
      certification: a.cert,
      evaluation: a.evaluation,
      asOf: "2026-01-15",
      coverage: a.coverage,
      detection: a.detection,
      remarks: remarksOf(a.detection, a.matrix),
      evidence: {},
      reviews: [],
      signoff: null,
      signoffCheck: null,
      crosswalkVersion: crosswalk.crosswalkVersion,
    };
    const rows = summarySheetRows(base);
    expect(rows.every((r) => r.length === SUMMARY_COLUMNS)).toBe(true);
    const line = (p: string) => rows.find((r) => typeof r[0] === "string" && r[0].startsWith(p));
    expect(line("要確認（")?.[0]).toMatch(/: 1$/);
    expect(rows.find((r) => r[0] === B1)?.[2]).toBe("×");
    expect(line("証跡が必要な項目")?.[0]).toContain("1 / 9");
    const withReg = summarySheetRows({ ...base, evidence: { [crosswalk.entries.find((e) => e.class === "D")!.id]: [{ document: "手順書", addedAt: "x" }] } });
    expect(withReg.find((r) => typeof r[0] === "string" && r[0].startsWith("証跡が必要な項目"))?.[0]).toContain("2 / 9");
    const en = summarySheetRows({ ...base, lang: "en" });
    expect(en.find((r) => r[0] === "Sign-off")?.[1]).toBe("Not signed off");
  });

  test("layout: each legend row has its swatch filled with its own colour; the chart covers the four numeric class rows", () => {
    const a = analysed({});
    const layout = summarySheetLayout({
      lang: "en",
      certification: a.cert,
      evaluation: a.evaluation,
      asOf: "2026-01-15",
      coverage: a.coverage,
      detection: a.detection,
      remarks: {},
      evidence: {},
      reviews: [],
      signoff: null,
      signoffCheck: null,
      crosswalkVersion: crosswalk.crosswalkVersion,
    });
    const colors = legendEntries().map((e) => e.color);
    expect(layout.fills.map((f) => f.color)).toEqual(colors);
    for (const f of layout.fills) {
      expect(f.col).toBe(0);
      expect(layout.rows[f.row][2]).toBe(f.color);
    }
    const c = layout.chart;
    expect(c.lastRow - c.firstRow).toBe(3);
    const data = layout.rows.slice(c.firstRow, c.lastRow + 1).map((r) => [r[c.categoryCol], r[c.valueCol]]);
    expect(data).toEqual([
      ["Class A", a.coverage.summary.A],
      ["Class B", a.coverage.summary.B],
      ["Class C", a.coverage.summary.C],
      ["Class D", a.coverage.summary.D],
    ]);
    // beside the owned columns, never over the texts
    expect(c.topLeft.col).toBeGreaterThanOrEqual(SUMMARY_COLUMNS);
  });
});

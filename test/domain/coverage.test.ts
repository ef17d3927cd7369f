import { evaluateCertification, parseCertification } from "../../src/domain/certification";
import { computeCoverage } from "../../src/domain/coverage";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { planAnnotate, refsText, statusText } from "../../src/domain/plan";
import type { Certification, ProblemCode } from "../../src/domain/types";
import { standardLayout } from "../helpers/layouts";
import { detectChecksheet } from "../../src/domain/detect";

const crosswalk = loadBundledCrosswalk();
const BASE = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-X-1",
  holder: "架空株式会社",
  serviceName: "架空PHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-01-01",
  expiresOn: "2026-12-31",
  status: "active",
};
const cert = (over: Record<string, unknown> = {}): Certification => {
  const r = parseCertification({ ...BASE, ...over });
  if (!r.ok) throw new Error("bad");
  return r.certification;
};
const evalOf = (c: Certification, asOf = "2026-01-15") => evaluateCertification(c, { asOf, checklistVersion: crosswalk.checklist.version });

describe("coverage engine", () => {
  test("a valid certification: 136 covered (A 36 + B 100), 9 need evidence (C 2 + D 7)", () => {
    const r = computeCoverage(crosswalk, evalOf(cert()));
    expect(r.summary).toEqual({ A: 36, B: 100, C: 2, D: 7, covered: 136, needsEvidence: 9, notCovered: 0, total: 145 });
    for (const it of r.items) {
      if (it.class === "A" || it.class === "B") expect(it.status).toBe("covered");
      else expect(it.status).toBe("needs-evidence");
    }
  });

  test("P認定 covers with the warning attached to each covered item", () => {
    const r = computeCoverage(crosswalk, evalOf(cert({ kind: "provisional" })));
    expect(r.summary.covered).toBe(136);
    const a = r.items.find((i) => i.status === "covered")!;
    expect(a.reasons.some((m) => m.ja.includes("P認定"))).toBe(true);
  });

  test.each<[Record<string, unknown>, ProblemCode]>([
    [{ status: "suspended" }, "status-suspended"],
    [{ status: "revoked" }, "status-revoked"],
    [{ expiresOn: "2025-12-31" }, "expired"],
    [{ certifiedOn: "2026-02-01" }, "not-yet-valid"],
    [{ scopes: ["finance"] }, "scope-missing"],
    [{ guidelineVersion: "2.2" }, "guideline-too-old"],
    [{ checklistVersion: "2.0" }, "checklist-mismatch"],
  ])("invalid (%p): nothing covered, every A/B item says why (%s), the nine still need evidence", (over, code) => {
    const ev = evalOf(cert(over));
    const r = computeCoverage(crosswalk, ev);
    expect(r.summary).toMatchObject({ covered: 0, needsEvidence: 9, notCovered: 136 });
    const ab = r.items.filter((i) => i.class === "A" || i.class === "B");
    expect(ab.every((i) => i.status === "not-covered")).toBe(true);
    expect(ab[0].reasons).toEqual(ev.problems.map((p) => p.message));
    expect(ev.problems.map((p) => p.code)).toContain(code);
  });

  test("no certification: nothing covered, with a reason", () => {
    const r = computeCoverage(crosswalk, null);
    expect(r.summary.covered).toBe(0);
    expect(r.items[0].reasons[0].en).toMatch(/No certification/);
  });

  test("restricted to the ids found in a sheet", () => {
    const ids = new Set(crosswalk.entries.slice(0, 10).map((e) => e.id));
    expect(computeCoverage(crosswalk, evalOf(cert()), ids).summary.total).toBe(10);
  });

  test("C entries explain the gap; every evidence item carries provenance in the text written to the sheet", () => {
    const r = computeCoverage(crosswalk, evalOf(cert()));
    const c = r.items.find((i) => i.id === "3.3(2)/3-1")!;
    expect(c.reasons.length).toBeGreaterThanOrEqual(2);
    expect(statusText(c)).toBe("C 要証跡（PHR指針の方が厳しい）");
    expect(refsText(c)).toMatch(/^必要な証跡: .+5\.3\.3⑦ 利用、保持及び開示の制限 No\.86（一部）.*［公表例］$/);
    const b = r.items.find((i) => i.id === "2.2/1-1")!;
    expect(refsText(b)).toBe("5.1② 業務能力など No.6 ［公表例］");
    expect(refsText(b, "en")).toBe("5.1② 業務能力など No.6 [published]");
    const assessed = r.items.find((i) => i.entry.provenance.kind === "assessed" && i.class === "A")!;
    expect(refsText(assessed)).toMatch(/［当方評価］$/);
  });

  test("the annotate plan writes right of the used range and never into existing cells", () => {
    const book = standardLayout(crosswalk.entries);
    const m = book.sheets[0];
    const d = detectChecksheet(m, crosswalk.entries);
    const r = computeCoverage(crosswalk, evalOf(cert()));
    const plan = planAnnotate(m, d, r);
    const width = Math.max(...m.values.map((row) => row.length));
    expect(plan.statusCol).toBeGreaterThanOrEqual(width);
    for (const c of plan.cells) {
      if (c.value !== undefined) {
        expect(c.col).toBeGreaterThanOrEqual(width);
        expect(m.values[c.row]?.[c.col] ?? null).toBeNull();
      } else {
        // answer cells get a fill only, never a value
        expect(d.items.some((i) => i.answer.row === c.row && i.answer.col === c.col)).toBe(true);
      }
    }
    expect(plan.counts).toEqual({ covered: 136, needsEvidence: 9, notCovered: 0, contradictions: 0 });
  });
});

test("a P認定 is visible in the sheet text of every covered item", () => {
  const book = standardLayout(crosswalk.entries);
  const m = book.sheets[0];
  const d = detectChecksheet(m, crosswalk.entries);
  const plan = planAnnotate(m, d, computeCoverage(crosswalk, evalOf(cert({ kind: "provisional" }))));
  const texts = plan.cells.filter((c) => c.col === plan.statusCol && c.row !== d.headerRow).map((c) => String(c.value));
  expect(texts.filter((t) => t.endsWith("※P認定（運用未監査）"))).toHaveLength(136);
  expect(texts.filter((t) => t.includes("要証跡") && !t.includes("P認定"))).toHaveLength(9);
});

import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { computeCoverage } from "../../src/domain/coverage";
import { evaluateCertification, FIELD_LABELS } from "../../src/domain/certification";
import { EMPTY_FORM, errorsByField, formFromObject, formToObject, validateForm, type CertFormState } from "../../src/taskpane/state/certForm";
import { buildRows, EMPTY_FILTER, filterRows } from "../../src/taskpane/state/items";
import { colName, cellName } from "../../src/taskpane/format";
import { fmt, langFromDisplayLanguage, S } from "../../src/taskpane/i18n-panels";

const crosswalk = loadBundledCrosswalk();

const GOOD: CertFormState = {
  ...EMPTY_FORM,
  certificationNumber: "IB-TEST-0001",
  holder: "架空ヘルス株式会社",
  serviceName: "架空PHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: crosswalk.checklist.version,
  healthMedical: true,
  certifiedOn: "2024-06-01",
  expiresOn: "2026-05-31",
  status: "active",
};

describe("certification form state", () => {
  test("a complete form parses, scopes and schema included", () => {
    const r = validateForm(GOOD);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.certification.scopes).toEqual(["health-medical"]);
      expect(r.certification.schema).toBe("infobank-certification/1");
    }
  });

  test("each invalid field gives an error under that field", () => {
    const r = validateForm({ ...GOOD, certificationNumber: " ", expiresOn: "2026/05/32", kind: "" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const by = errorsByField(r.errors);
    expect(Object.keys(by).sort()).toEqual(["certificationNumber", "expiresOn", "kind"]);
    expect(by.certificationNumber[0].message.ja).toContain(FIELD_LABELS.certificationNumber.ja);
    expect(by.expiresOn[0].message.en).toContain("2026/05/32");
  });

  test("expiry before certification date is an error on expiresOn", () => {
    const r = validateForm({ ...GOOD, expiresOn: "2024-01-01" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.field, e.code])).toEqual([["expiresOn", "before-start"]]);
  });

  test("no scope ticked parses, and the evaluation reports scope-missing", () => {
    const r = validateForm({ ...GOOD, healthMedical: false });
    expect(r.ok).toBe(true);
    if (r.ok) {
      const ev = evaluateCertification(r.certification, { asOf: "2025-01-01", checklistVersion: crosswalk.checklist.version });
      expect(ev.problems.map((p) => p.code)).toContain("scope-missing");
    }
  });

  test("import keeps other scopes and unknown fields, round trip", () => {
    const raw = { ...formToObject(GOOD), scopes: ["finance", "health-medical"], auditor: { name: "X" } };
    const f = formFromObject(raw);
    expect(f.healthMedical).toBe(true);
    expect(f.otherScopes).toEqual(["finance"]);
    expect(f.extra).toEqual({ auditor: { name: "X" } });
    const back = formToObject(f);
    expect(back.auditor).toEqual({ name: "X" });
    expect(back.scopes).toEqual(["health-medical", "finance"]);
  });

  test("non-string values from a file are shown as text, and still flagged", () => {
    const f = formFromObject({ certificationNumber: 12, kind: "gold" });
    expect(f.certificationNumber).toBe("12");
    const r = validateForm(f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.find((e) => e.field === "kind")?.code).toBe("invalid");
  });
});

describe("item filter", () => {
  const parsed = validateForm(GOOD);
  if (!parsed.ok) throw new Error("GOOD form must parse");
  const ev = evaluateCertification(parsed.certification, { asOf: "2025-01-01", checklistVersion: crosswalk.checklist.version });
  const cov = computeCoverage(crosswalk, ev);
  const rows = buildRows(cov.items, null);

  test("no filter: every item", () => {
    expect(filterRows(rows, EMPTY_FILTER)).toHaveLength(crosswalk.entries.length);
  });

  test("by class: the published totals", () => {
    for (const c of ["A", "B", "C", "D"] as const)
      expect(filterRows(rows, { ...EMPTY_FILTER, classes: [c] })).toHaveLength(crosswalk.expectedTotals[c]);
    expect(filterRows(rows, { ...EMPTY_FILTER, classes: ["C", "D"] })).toHaveLength(crosswalk.expectedTotals.C + crosswalk.expectedTotals.D);
  });

  test("by status: covered vs needs evidence", () => {
    const covered = filterRows(rows, { ...EMPTY_FILTER, status: "covered" });
    const needs = filterRows(rows, { ...EMPTY_FILTER, status: "needs-evidence" });
    expect(covered.every((r) => r.coverage.class === "A" || r.coverage.class === "B")).toBe(true);
    expect(covered).toHaveLength(crosswalk.expectedTotals.A + crosswalk.expectedTotals.B);
    expect(needs.map((r) => r.coverage.class).sort().join("")).toBe("CC" + "D".repeat(crosswalk.expectedTotals.D));
    expect(filterRows(rows, { ...EMPTY_FILTER, status: "not-covered" })).toHaveLength(0);
  });

  test("text search by id, by a reference, by summary words (NFKC, case-insensitive)", () => {
    const byId = filterRows(rows, { ...EMPTY_FILTER, query: "3.3(2)/3-1" });
    expect(byId.map((r) => r.coverage.id)).toEqual(["3.3(2)/3-1"]);
    const byRef = filterRows(rows, { ...EMPTY_FILTER, query: "No.86" });
    expect(byRef.some((r) => r.coverage.id === "3.3(2)/3-1")).toBe(true);
    const byRefFullWidth = filterRows(rows, { ...EMPTY_FILTER, query: "Ｎｏ．８６" });
    expect(byRefFullWidth.map((r) => r.coverage.id)).toEqual(byRef.map((r) => r.coverage.id));
    const e = crosswalk.entries.find((x) => x.id === "2.2/1-1")!;
    const word = e.summary.en.split(/\s+/).find((w) => w.length > 6)!.toUpperCase();
    expect(filterRows(rows, { ...EMPTY_FILTER, query: word }).some((r) => r.coverage.id === "2.2/1-1")).toBe(true);
    expect(filterRows(rows, { ...EMPTY_FILTER, query: "zzz-no-such-thing" })).toHaveLength(0);
  });

  test("filters combine", () => {
    const d = filterRows(rows, { classes: ["D"], status: "needs-evidence", query: "4.2" });
    expect(d.length).toBeGreaterThanOrEqual(2);
    expect(d.every((r) => r.coverage.class === "D" && r.coverage.id.startsWith("4.2"))).toBe(true);
  });
});

describe("i18n and format helpers", () => {
  test("display language → UI language", () => {
    expect(langFromDisplayLanguage("ja-JP")).toBe("ja");
    expect(langFromDisplayLanguage("en-US")).toBe("en");
    expect(langFromDisplayLanguage("fr-FR")).toBe("en");
    expect(langFromDisplayLanguage(undefined)).toBe("ja");
  });
  test("every string has both languages and placeholders match", () => {
    for (const [k, v] of Object.entries(S)) {
      expect(v.ja.length).toBeGreaterThan(0);
      expect(v.en.length).toBeGreaterThan(0);
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(",");
      expect([k, ph(v.ja)]).toEqual([k, ph(v.en)]);
    }
    expect(fmt("en", S.shownOf, { shown: 7, total: 145 })).toBe("7 of 145");
  });
  test("column names", () => {
    expect([colName(0), colName(25), colName(26), colName(701), colName(702)]).toEqual(["A", "Z", "AA", "ZZ", "AAA"]);
    expect(cellName(9, 3)).toBe("D10");
  });
});

describe("certification form dates", () => {
  test("YYYY/MM/DD and 和暦 are stored as YYYY-MM-DD", () => {
    const o = formToObject({ ...EMPTY_FORM, certifiedOn: "令和7年10月1日", expiresOn: "2027/09/30" });
    expect(o.certifiedOn).toBe("2025-10-01");
    expect(o.expiresOn).toBe("2027-09-30");
  });
});

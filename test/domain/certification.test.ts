import {
  addMonths,
  evaluateCertification,
  isIsoDate,
  parseCertification,
  parseVersion,
  serializeCertification,
} from "../../src/domain/certification";
import { parseCertificationJson } from "../../src/domain/certification-json";
import type { Certification } from "../../src/domain/types";

export const SAMPLE = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-2024-0003",
  holder: "株式会社サンプルヘルス",
  serviceName: "サンプルPHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2024-06-01",
  expiresOn: "2026-05-31",
  status: "active",
};

function cert(over: Record<string, unknown> = {}): Certification {
  const r = parseCertification({ ...SAMPLE, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.certification;
}

const AS_OF = "2025-01-15";
const eva = (c: Certification, asOf = AS_OF, checklistVersion = "3.0") => evaluateCertification(c, { asOf, checklistVersion });

describe("parseCertification", () => {
  test("accepts the sample from domain.md", () => {
    const r = parseCertification(SAMPLE);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.certification.certificationNumber).toBe("IB-2024-0003");
      expect(r.certification.kind).toBe("standard");
      expect(r.certification.extra).toEqual({});
    }
  });

  test("keeps unknown fields and writes them back", () => {
    const r = parseCertification({ ...SAMPLE, auditor: "架空監査法人", notes: { a: 1 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.certification.extra).toEqual({ auditor: "架空監査法人", notes: { a: 1 } });
    const back = serializeCertification(r.certification);
    expect(back).toEqual({ ...SAMPLE, auditor: "架空監査法人", notes: { a: 1 } });
  });

  test.each([
    ["certificationNumber", undefined, "missing"],
    ["holder", "", "missing"],
    ["serviceName", 42, "type"],
    ["kind", "temporary", "invalid"],
    ["guidelineVersion", "three", "invalid"],
    ["checklistVersion", undefined, "missing"],
    ["scopes", "health-medical", "type"],
    ["certifiedOn", "2024/06/01", "invalid"],
    ["expiresOn", "2026-02-30", "invalid"],
    ["status", "expired", "invalid"],
    ["schema", "infobank-certification/2", "wrong-schema"],
  ])("field %s = %p is rejected naming the field (%s)", (field, value, code) => {
    const input: Record<string, unknown> = { ...SAMPLE };
    if (value === undefined) delete input[field];
    else input[field] = value;
    const r = parseCertification(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors.find((x) => x.field === field);
    expect(e).toBeDefined();
    expect(e!.code).toBe(code);
    expect(e!.message.ja.length).toBeGreaterThan(0);
    expect(e!.message.en.length).toBeGreaterThan(0);
  });

  test("expiry before certification date is an error on expiresOn", () => {
    const r = parseCertification({ ...SAMPLE, certifiedOn: "2025-01-01", expiresOn: "2024-12-31" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(["expiresOn"]);
  });

  test("reports every bad field at once", () => {
    const r = parseCertification({ schema: "infobank-certification/1" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(new Set(r.errors.map((e) => e.field)).size).toBe(10);
  });

  test("malformed JSON and non-objects", () => {
    const a = parseCertificationJson("{ not json");
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.errors[0].code).toBe("malformed-json");
    const b = parseCertification([1, 2]);
    expect(b.ok).toBe(false);
    const c = parseCertificationJson("\uFEFF" + JSON.stringify(SAMPLE));
    expect(c.ok).toBe(true);
  });

  test("dates and versions", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2024-13-01")).toBe(false);
    expect(parseVersion("ver.3.0")).toEqual([3]);
    expect(parseVersion("３．１")).toEqual([3, 1]);
    expect(parseVersion("3.x")).toBeNull();
  });
});

describe("evaluateCertification (coverage rules)", () => {
  test("a valid standard certification covers with no warnings", () => {
    const e = eva(cert());
    expect(e).toEqual({ valid: true, problems: [], warnings: [], asOf: AS_OF });
  });

  test("P認定 covers with a visible warning", () => {
    const e = eva(cert({ kind: "provisional" }));
    expect(e.valid).toBe(true);
    expect(e.warnings.map((w) => w.code)).toEqual(["provisional"]);
  });

  test.each([
    [{ status: "suspended" }, "status-suspended"],
    [{ status: "revoked" }, "status-revoked"],
    [{ certifiedOn: "2025-02-01", expiresOn: "2027-01-31" }, "not-yet-valid"],
    [{ expiresOn: "2025-01-14" }, "expired"],
    [{ scopes: ["finance"] }, "scope-missing"],
    [{ scopes: [] }, "scope-missing"],
    [{ guidelineVersion: "2.2" }, "guideline-too-old"],
    [{ checklistVersion: "2.0" }, "checklist-mismatch"],
  ])("%p → not valid (%s)", (over, code) => {
    const e = eva(cert(over));
    expect(e.valid).toBe(false);
    expect(e.problems.map((p) => p.code)).toEqual([code]);
  });

  test("boundary dates are inclusive", () => {
    expect(eva(cert(), "2024-06-01").valid).toBe(true);
    expect(eva(cert(), "2026-05-31").valid).toBe(true);
    expect(eva(cert(), "2026-06-01").problems.map((p) => p.code)).toEqual(["expired"]);
  });

  test("newer guideline version is fine; checklist 3 equals 3.0", () => {
    expect(eva(cert({ guidelineVersion: "3.1", checklistVersion: "ver3" })).valid).toBe(true);
  });

  test("lists every reason when several rules fail", () => {
    const e = eva(cert({ status: "revoked", scopes: ["x"], guidelineVersion: "2.0", kind: "provisional" }), "2027-01-01");
    expect(e.valid).toBe(false);
    expect(e.problems.map((p) => p.code).sort()).toEqual(["expired", "guideline-too-old", "provisional-over-two-years", "scope-missing", "status-revoked"]);
    expect(e.warnings.map((w) => w.code)).toEqual(["provisional"]);
  });

  test("never reads the clock: asOf is required and validated", () => {
    expect(() => evaluateCertification(cert(), { asOf: "today", checklistVersion: "3.0" })).toThrow();
  });
});

describe("scheme rules: two-year validity, P認定 not renewable, yearly surveillance", () => {
  const ev = (c: Certification, asOf: string) => evaluateCertification(c, { asOf, checklistVersion: "3.0" });
  const codes = (xs: { code: string }[]) => xs.map((x) => x.code);

  test("addMonths clamps to the month's end", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2024-06-01", 25)).toBe("2026-07-01");
    expect(addMonths("2025-11-15", 13)).toBe("2026-12-15");
  });

  test("a two-year period is fine; within a month's grace too; longer is a warning", () => {
    expect(codes(ev(cert(), "2025-01-01").warnings)).toEqual([]);
    expect(codes(ev(cert({ expiresOn: "2026-06-30" }), "2025-01-01").warnings)).toEqual([]);
    const long = ev(cert({ expiresOn: "2026-07-02" }), "2025-01-01");
    expect(long.valid).toBe(true);
    expect(codes(long.warnings)).toEqual(["period-too-long"]);
    expect(long.warnings[0]!.message.ja).toContain("2年");
  });

  test("a P認定 older than two years is not valid, with that reason; a standard one of the same age is", () => {
    const p = cert({ kind: "provisional", expiresOn: "2026-12-31", certifiedOn: "2024-06-01" });
    expect(ev(p, "2026-05-31").valid).toBe(true);
    const old = ev(p, "2026-06-01");
    expect(old.valid).toBe(false);
    expect(codes(old.problems)).toEqual(["provisional-over-two-years"]);
    expect(old.problems[0]!.message.en).toMatch(/cannot be renewed/);
    const std = ev(cert({ expiresOn: "2026-12-31" }), "2026-06-01");
    expect(codes(std.problems)).toEqual([]);
  });

  test("lastSurveillanceOn older than 13 months is a warning; within 13 months none; bad dates name the field", () => {
    const c = cert({ lastSurveillanceOn: "2024-06-10" });
    expect(codes(ev(c, "2025-07-10").warnings)).toEqual([]);
    const late = ev(c, "2025-07-11");
    expect(late.valid).toBe(true);
    expect(codes(late.warnings)).toEqual(["surveillance-overdue"]);
    const bad = parseCertification({ ...SAMPLE, lastSurveillanceOn: "2024/06/10" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual(["lastSurveillanceOn"]);
    const before = parseCertification({ ...SAMPLE, lastSurveillanceOn: "2024-01-01" });
    expect(before.ok).toBe(false);
  });

  test("lastSurveillanceOn and unknown fields survive a round trip", () => {
    const c = cert({ lastSurveillanceOn: "2025-06-01", scope: "service", auditor: "架空" });
    expect(c.lastSurveillanceOn).toBe("2025-06-01");
    expect(c.extra).toEqual({ scope: "service", auditor: "架空" });
    expect(serializeCertification(c)).toEqual({ ...SAMPLE, lastSurveillanceOn: "2025-06-01", scope: "service", auditor: "架空" });
  });
});

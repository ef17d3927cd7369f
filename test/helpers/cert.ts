/** The fictitious certification used across tests, valid from 2025-04-01 to 2027-03-31 unless overridden. */
import { parseCertification } from "../../src/domain/certification";
import type { Certification } from "../../src/domain/types";

export const TEST_CERT_JSON = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-TEST-0001",
  holder: "テスト株式会社（架空）",
  serviceName: "テストPHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-04-01",
  expiresOn: "2027-03-31",
  status: "active",
};

export function testCertification(over: Record<string, unknown> = {}): Certification {
  const r = parseCertification({ ...TEST_CERT_JSON, ...over });
  if (!r.ok) throw new Error(`bad test certification: ${JSON.stringify(r.errors)}`);
  return r.certification;
}

/** YYYY-MM-DD plus d days (for certifications valid around the machine's today in UI tests). */
export function addDays(iso: string, d: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + d);
  return t.toISOString().slice(0, 10);
}

/**
 * Certification form state: plain strings as typed, converted to an
 * `infobank-certification/1` object and validated by parseCertification.
 */
import { parseDateInput } from "../../domain/dates";
import {
  CERTIFICATION_FIELDS,
  CERTIFICATION_SCHEMA,
  HEALTH_MEDICAL_SCOPE,
  parseCertification,
  serializeCertification,
  type CertificationField,
  type ParseCertificationResult,
} from "../../domain/certification";
import type { Certification, FieldError } from "../../domain/types";

export interface CertFormState {
  certificationNumber: string;
  holder: string;
  serviceName: string;
  kind: string;
  guidelineVersion: string;
  checklistVersion: string;
  /** 健康・医療分野 scope checked. */
  healthMedical: boolean;
  /** Scopes other than health-medical (kept from an imported file). */
  otherScopes: string[];
  certifiedOn: string;
  expiresOn: string;
  status: string;
  /** Unknown fields of an imported file, kept verbatim. */
  extra: Record<string, unknown>;
}

export const EMPTY_FORM: CertFormState = {
  certificationNumber: "",
  holder: "",
  serviceName: "",
  kind: "standard",
  guidelineVersion: "",
  checklistVersion: "",
  healthMedical: false,
  otherScopes: [],
  certifiedOn: "",
  expiresOn: "",
  status: "active",
  extra: {},
};

/** A typed date as YYYY-MM-DD (2025/10/01, 令和7年10月1日, R7.10.1 …); unreadable text is kept for validation to report. */
function typedDate(text: string): string {
  const r = parseDateInput(text);
  return r.ok ? r.iso : text.trim();
}

export function formToObject(f: CertFormState): Record<string, unknown> {
  return {
    schema: CERTIFICATION_SCHEMA,
    certificationNumber: f.certificationNumber,
    holder: f.holder,
    serviceName: f.serviceName,
    kind: f.kind,
    guidelineVersion: f.guidelineVersion,
    checklistVersion: f.checklistVersion,
    scopes: [...(f.healthMedical ? [HEALTH_MEDICAL_SCOPE] : []), ...f.otherScopes],
    certifiedOn: typedDate(f.certifiedOn),
    expiresOn: typedDate(f.expiresOn),
    status: f.status,
    ...f.extra,
  };
}

export function validateForm(f: CertFormState): ParseCertificationResult {
  return parseCertification(formToObject(f));
}

function str(v: unknown): string {
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : String(v);
}

/** Fill the form from any object (a parsed certification, or a raw file that may have errors). */
export function formFromObject(obj: unknown): CertFormState {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return { ...EMPTY_FORM };
  const o = obj as Record<string, unknown>;
  const scopes = Array.isArray(o.scopes) ? o.scopes.filter((s): s is string => typeof s === "string").map((s) => s.trim()) : [];
  const known = new Set<string>(["schema", ...CERTIFICATION_FIELDS]);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!known.has(k)) extra[k] = v;
  return {
    certificationNumber: str(o.certificationNumber),
    holder: str(o.holder),
    serviceName: str(o.serviceName),
    kind: str(o.kind),
    guidelineVersion: str(o.guidelineVersion),
    checklistVersion: str(o.checklistVersion),
    healthMedical: scopes.includes(HEALTH_MEDICAL_SCOPE),
    otherScopes: scopes.filter((s) => s && s !== HEALTH_MEDICAL_SCOPE),
    certifiedOn: str(o.certifiedOn),
    expiresOn: str(o.expiresOn),
    status: str(o.status),
    extra,
  };
}

export function formFromCertification(c: Certification): CertFormState {
  const o = serializeCertification(c);
  return formFromObject(o);
}

/** Field errors grouped by field; errors on the document as a whole (or on "schema") under "". */
export function errorsByField(errors: FieldError[]): Record<string, FieldError[]> {
  const out: Record<string, FieldError[]> = {};
  for (const e of errors) {
    const f = (CERTIFICATION_FIELDS as readonly string[]).includes(e.field) ? e.field : "";
    (out[f] ??= []).push(e);
  }
  return out;
}

export type { CertificationField };

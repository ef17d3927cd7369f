/**
 * The evidence reference form (document name required, URL and page optional) and its validation.
 */
import type { EvidenceRef } from "../../domain/record";
import type { Localized } from "../../domain/types";
import { T } from "../tabs/strings";

export interface EvidenceForm {
  document: string;
  url: string;
  page: string;
}

export const EMPTY_EVIDENCE: EvidenceForm = { document: "", url: "", page: "" };

export type EvidenceErrors = Partial<Record<keyof EvidenceForm, Localized>>;

export type EvidenceParse = { ok: true; ref: Omit<EvidenceRef, "addedAt"> } | { ok: false; errors: EvidenceErrors };

export function validateEvidence(f: EvidenceForm): EvidenceParse {
  const errors: EvidenceErrors = {};
  const document = f.document.trim();
  const url = f.url.trim();
  const page = f.page.trim();
  if (!document) errors.document = T.evidenceDocRequired;
  if (url) {
    let ok = false;
    try {
      const u = new URL(url);
      ok = (u.protocol === "http:" || u.protocol === "https:") && !!u.hostname;
    } catch {
      ok = false;
    }
    if (!ok) errors.url = T.evidenceUrlInvalid;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, ref: { document, ...(url ? { url } : {}), ...(page ? { page } : {}) } };
}

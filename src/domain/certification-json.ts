/**
 * A certification file's JSON text → parseCertification, with our own messages for malformed, too deep or
 * duplicate-key JSON. Apart from certification.ts so that the task pane's first view (the form, which validates
 * objects) does not carry the JSON text checks; the pane loads this module when a file is imported.
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import { fieldError, parseCertification, type ParseCertificationResult } from "./certification";
import { malformedJsonMessage } from "./json-error";
import { duplicateKeyWarnings, jsonShape, MAX_JSON_DEPTH, tooDeepMessage } from "./json-text";

/** Parse JSON text; malformed JSON is a field error on the document. */
export function parseCertificationJson(text: string): ParseCertificationResult {
  const shape = jsonShape(text);
  if (shape.depth > MAX_JSON_DEPTH) {
    const m = tooDeepMessage();
    return { ok: false, errors: [fieldError("", "too-deep", m.ja, m.en)] };
  }
  let json: unknown;
  const body = text.replace(/^\uFEFF/, "");
  try {
    json = JSON.parse(body);
  } catch (e) {
    // Our own sentence with the position; never the engine's English inside the Japanese message.
    const m = malformedJsonMessage(body, e);
    return { ok: false, errors: [fieldError("", "malformed-json", m.ja, m.en)] };
  }
  const r = parseCertification(json);
  if (r.ok && shape.duplicates.length) return { ...r, warnings: duplicateKeyWarnings(shape) };
  return r;
}

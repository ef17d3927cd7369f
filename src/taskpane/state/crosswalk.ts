/**
 * The crosswalk the pane works with: the bundled one (from the ctx index.tsx builds) or one the user loaded from a
 * `phr-infobank-crosswalk/1` JSON file (e.g. `phr-checksheet crosswalk --format json`). Held in App state for the
 * session only (not persisted): an imported table must not silently follow the user into another workbook.
 *
 * Validation goes through parseCrosswalk, loaded with a dynamic import so the schema library (zod) is in a lazy
 * chunk, not in the first-load bundle (budget: scripts/size-limit.js).
 */
import type { Crosswalk, Localized } from "../../domain/types";
import { fmt, S } from "../i18n-panels";

export type CrosswalkSource = { kind: "bundled" } | { kind: "file"; name: string };

export interface ActiveCrosswalk {
  crosswalk: Crosswalk;
  source: CrosswalkSource;
  /** parseCrosswalk's warnings (wrong class totals, item count): shown as long as this crosswalk is active. */
  warnings: Localized[];
}

export interface CrosswalkLoadFailure {
  name: string;
  /** One line: what failed, and that the active crosswalk is unchanged. */
  head: Localized;
  /** The first errors (each names the entry and the field). */
  errors: { path: string; message: Localized }[];
  /** All errors, for "and n more". */
  total: number;
}

export type CrosswalkLoad = { ok: true; active: ActiveCrosswalk } | { ok: false; failure: CrosswalkLoadFailure };

/** How many parse errors the pane lists. */
export const MAX_LISTED_ERRORS = 5;
/** Files above this are refused before parsing (the bundled crosswalk is ~0.2 MB). */
export const MAX_CROSSWALK_BYTES = 10 * 1024 * 1024;

const both = (text: Localized, vars: Record<string, string | number>): Localized => ({
  ja: fmt("ja", text, vars),
  en: fmt("en", text, vars),
});

const fail = (name: string, detail: Localized, errors: CrosswalkLoadFailure["errors"] = [], total = 0): CrosswalkLoad => {
  const head = both(S.cwInvalid, { name });
  return {
    ok: false,
    failure: { name, head: { ja: `${head.ja} ${detail.ja}`.trim(), en: `${head.en} ${detail.en}`.trim() }, errors, total },
  };
};

/** A load that failed before validation (file too large, unreadable, validator not loadable). */
export function loadFailure(name: string, detail: Localized): CrosswalkLoadFailure {
  return (fail(name, detail) as Extract<CrosswalkLoad, { ok: false }>).failure;
}

/** The file is too large to be a crosswalk: refused before it is read. */
export function tooLarge(name: string, bytes: number): CrosswalkLoadFailure {
  return loadFailure(name, both(S.cwTooLarge, { mb: (bytes / 1024 / 1024).toFixed(1), max: MAX_CROSSWALK_BYTES / 1024 / 1024 }));
}

/**
 * Validate the text of a crosswalk file. Rejects (the caller shows describeError) only when the validator chunk
 * cannot be loaded; every problem with the file itself is a `{ ok: false }` with bilingual messages.
 */
export async function loadCrosswalkFile(name: string, text: string): Promise<CrosswalkLoad> {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return fail(name, S.cwNotJson);
  }
  const { parseCrosswalk } = await import(/* webpackChunkName: "crosswalk-schema" */ "../../domain/crosswalk");
  const res = parseCrosswalk(json);
  if (!res.ok) {
    const listed = res.errors.slice(0, MAX_LISTED_ERRORS).map((e) => ({ path: e.path, message: e.message }));
    return fail(name, both(S.cwErrorCount, { n: res.errors.length }), listed, res.errors.length);
  }
  return { ok: true, active: { crosswalk: res.crosswalk, source: { kind: "file", name }, warnings: res.warnings } };
}

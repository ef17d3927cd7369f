/**
 * The PHR checksheet catalog + 情報銀行 crosswalk (`phr-infobank-crosswalk/1`):
 * zod schema, parser with entry-level errors, bundled data loader, formatting helpers.
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import { z } from "zod";
import bundledJson from "./data/crosswalk.json";
import { canonicalItemId, classTotals } from "./crosswalk-core";

// The schema-free helpers live in crosswalk-core.ts (the task pane bundle does not carry the schema library).
export { bundledCrosswalk, canonicalItemId, classTotals, formatInfobankRef, formatItemNos } from "./crosswalk-core";
import { ITEM_CLASSES } from "./types";
import type { Crosswalk, Localized } from "./types";

// No code generation: the task pane's Content Security Policy forbids eval, and zod's JIT
// (which builds validators with the Function constructor) is not needed for one file.
z.config({ jitless: true });

export const CROSSWALK_SCHEMA_ID = "phr-infobank-crosswalk/1" as const;

/* ------------------------------------------------------------------ */
/* zod schema                                                          */
/* ------------------------------------------------------------------ */

/** Private registry so the `$defs` names never collide with other modules' schemas. */
const registry = z.registry<{ id: string; description?: string }>();

const localizedSchema = z.object({
  ja: z.string().min(1),
  en: z.string().min(1),
});
registry.add(localizedSchema, { id: "Localized", description: "Text in both UI languages (Japanese first)." });

const itemClassSchema = z.enum(["A", "B", "C", "D"]);

const infobankItemNoSchema = z.object({
  series: z.enum(["No", "M"]),
  from: z.number().int().min(1),
  to: z.number().int().min(1).optional(),
});
registry.add(infobankItemNoSchema, {
  id: "InfobankItemNo",
  description: "One 情報銀行 checklist item number or range: No.130〜133 = {series:\"No\",from:130,to:133}; M01 = {series:\"M\",from:1}.",
});

const infobankRefSchema = z.object({
  section: z.string().regex(/^\d+(\.\d+)*$/),
  subItem: z.string().regex(/^[\u2460-\u2473]$/),
  heading: z.string().min(1),
  items: z.array(infobankItemNoSchema).min(1),
  partial: z.boolean().optional(),
});
registry.add(infobankRefSchema, {
  id: "InfobankRef",
  description: "Reference into the 情報銀行 認定審査チェックシート, e.g. 5.4.1④ 諮問体制 M01、M02、No.130〜133.",
});

const provenanceSchema = z.object({
  kind: z.enum(["published", "assessed", "user"]),
  source: z.string().min(1).optional(),
  rationale: localizedSchema,
  by: z.string().min(1).optional(),
  on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
registry.add(provenanceSchema, {
  id: "Provenance",
  description:
    "published: stated in the government comparison; assessed: our own judgement; user: corrected by an expert (by, on). Published entries need a source.",
});

const entrySchema = z.object({
  id: z.string().min(1),
  chapter: z.string().regex(/^\d+$/),
  section: z.string().regex(/^\d+\.\d+$/),
  sectionHeading: z.string().min(1),
  part: z.number().int().min(1).nullable(),
  partHeading: z.string().min(1).nullable(),
  topic: z.number().int().min(1),
  topicLabel: z.string().min(1),
  topicHeading: z.string().min(1),
  check: z.number().int().min(1),
  summary: localizedSchema,
  class: itemClassSchema,
  infobankRefs: z.array(infobankRefSchema),
  evidence: localizedSchema.optional(),
  gap: localizedSchema.optional(),
  provenance: provenanceSchema,
});
registry.add(entrySchema, {
  id: "CrosswalkEntry",
  description:
    "One PHR checksheet item (reconstruction; texts are paraphrases) with its class and 情報銀行 references. C and D need evidence; C also needs gap.",
});

/** zod schema of a crosswalk file (structure only; cross-field rules are checked by {@link parseCrosswalk}). */
export const crosswalkSchema = z.object({
  schema: z.literal(CROSSWALK_SCHEMA_ID),
  crosswalkVersion: z.string().min(1),
  checksheet: z.object({ title: z.string().min(1), version: z.string().min(1) }),
  checklist: z.object({ title: z.string().min(1), version: z.string().min(1) }),
  expectedTotals: z.object({
    A: z.number().int().min(0),
    B: z.number().int().min(0),
    C: z.number().int().min(0),
    D: z.number().int().min(0),
  }),
  notice: localizedSchema,
  entries: z.array(entrySchema),
});

/**
 * JSON Schema (draft 2020-12) of the crosswalk file, generated from the zod schema,
 * plus the conditional rules (C/D need evidence, C needs gap, published needs source).
 * The committed `schema/crosswalk.schema.json` must equal this.
 */
export function crosswalkJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(crosswalkSchema, {
    metadata: registry,
    target: "draft-2020-12",
    io: "input",
  }) as Record<string, unknown>;
  const defs = schema.$defs as Record<string, Record<string, unknown>>;
  defs.CrosswalkEntry.allOf = [
    { if: { properties: { class: { enum: ["C", "D"] } } }, then: { required: ["evidence"] } },
    { if: { properties: { class: { const: "C" } } }, then: { required: ["gap"] } },
    {
      if: { properties: { provenance: { properties: { kind: { const: "published" } } } } },
      then: { properties: { provenance: { required: ["source"] } } },
    },
    {
      if: { properties: { provenance: { properties: { kind: { const: "user" } } } } },
      then: { properties: { provenance: { required: ["by", "on"] } } },
    },
  ];
  return {
    $id: "phr-infobank-crosswalk-1.schema.json",
    title: "PHR checksheet ↔ 情報銀行 crosswalk (phr-infobank-crosswalk/1)",
    ...schema,
  };
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

export interface CrosswalkError {
  /** JSON path, e.g. `entries[12].class`. */
  path: string;
  /** The entry's id when it has one, otherwise `#<index>` (0-based). */
  entryId?: string;
  message: Localized;
}

export type ParseCrosswalkResult =
  | { ok: true; crosswalk: Crosswalk; warnings: Localized[] }
  | { ok: false; errors: CrosswalkError[] };

type PathSeg = string | number;

function pathToString(path: readonly PathSeg[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out || "(document)";
}

function valueAt(root: unknown, path: readonly PathSeg[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function entryLabel(rawEntries: unknown, index: number): { entryId: string; label: string } {
  const raw = Array.isArray(rawEntries) ? rawEntries[index] : undefined;
  const id = isRecord(raw) && typeof raw.id === "string" && raw.id.trim() ? raw.id : undefined;
  return id ? { entryId: id, label: id } : { entryId: `#${index}`, label: `entries[${index}]` };
}

function describeValue(v: unknown): string {
  if (v === undefined) return "undefined";
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function withEntry(
  rawEntries: unknown,
  path: PathSeg[],
  message: Localized,
): CrosswalkError {
  const err: CrosswalkError = { path: pathToString(path), message };
  if (path[0] === "entries" && typeof path[1] === "number") {
    const { entryId, label } = entryLabel(rawEntries, path[1]);
    err.entryId = entryId;
    err.message = { ja: `項目 ${label}: ${message.ja}`, en: `item ${label}: ${message.en}` };
  }
  return err;
}

function issueMessage(issue: z.core.$ZodIssue, raw: unknown): Localized {
  const path = issue.path as PathSeg[];
  const last = [...path].reverse().find((p) => typeof p === "string");
  const field = typeof last === "string" ? last : pathToString(path);
  const value = valueAt(raw, path);
  if (value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value")) {
    return { ja: `必須の項目「${field}」がありません`, en: `required field "${field}" is missing` };
  }
  switch (issue.code) {
    case "invalid_type":
      return {
        ja: `「${field}」の型が不正です（${issue.expected} が必要、値 ${describeValue(value)}）`,
        en: `field "${field}" has the wrong type (expected ${issue.expected}, got ${describeValue(value)})`,
      };
    case "invalid_value": {
      const allowed = issue.values.map((v) => String(v)).join("、");
      const allowedEn = issue.values.map((v) => String(v)).join(", ");
      return {
        ja: `「${field}」の値 ${describeValue(value)} は使えません（使える値: ${allowed}）`,
        en: `field "${field}" has unknown value ${describeValue(value)} (allowed: ${allowedEn})`,
      };
    }
    case "invalid_format":
      return {
        ja: `「${field}」の書式が不正です（値 ${describeValue(value)}）`,
        en: `field "${field}" is malformed (value ${describeValue(value)})`,
      };
    case "too_small":
      return {
        ja: `「${field}」が小さすぎるか空です（値 ${describeValue(value)}）`,
        en: `field "${field}" is too small or empty (value ${describeValue(value)})`,
      };
    default:
      return {
        ja: `「${field}」が不正です（${issue.message}）`,
        en: `field "${field}" is invalid (${issue.message})`,
      };
  }
}

/** Cross-field rules that the structural schema cannot express. Works on the raw input so every problem is reported at once. */
function semanticErrors(raw: unknown): CrosswalkError[] {
  const errors: CrosswalkError[] = [];
  if (!isRecord(raw) || !Array.isArray(raw.entries)) return errors;
  const entries = raw.entries;
  const seen = new Map<string, number>();
  const add = (path: PathSeg[], message: Localized) => errors.push(withEntry(entries, path, message));

  entries.forEach((e, i) => {
    if (!isRecord(e)) return;
    const at = (...rest: PathSeg[]): PathSeg[] => ["entries", i, ...rest];

    if (typeof e.id === "string" && e.id) {
      const first = seen.get(e.id);
      if (first !== undefined) {
        add(at("id"), {
          ja: `id「${e.id}」が重複しています（entries[${first}] と同じ）`,
          en: `duplicate id "${e.id}" (same as entries[${first}])`,
        });
      } else {
        seen.set(e.id, i);
      }
      const { section, part, topic, check } = e;
      if (
        typeof section === "string" &&
        (part === null || typeof part === "number") &&
        typeof topic === "number" &&
        typeof check === "number"
      ) {
        const expected = canonicalItemId({ section, part, topic, check });
        if (expected !== e.id) {
          add(at("id"), {
            ja: `id「${e.id}」が section・part・topic・check と一致しません（期待値「${expected}」）`,
            en: `id "${e.id}" does not match section/part/topic/check (expected "${expected}")`,
          });
        }
      }
    }

    if (typeof e.section === "string" && typeof e.chapter === "string" && e.section.split(".")[0] !== e.chapter) {
      add(at("chapter"), {
        ja: `chapter「${e.chapter}」が section「${e.section}」と一致しません`,
        en: `chapter "${e.chapter}" does not match section "${e.section}"`,
      });
    }
    if ((e.part === null) !== (e.partHeading === null) && e.part !== undefined && e.partHeading !== undefined) {
      add(at("partHeading"), {
        ja: "part と partHeading は両方とも null か、両方とも値を持つ必要があります",
        en: "part and partHeading must both be null or both be set",
      });
    }

    const cls = e.class;
    const refs = Array.isArray(e.infobankRefs) ? e.infobankRefs : undefined;
    if ((cls === "C" || cls === "D") && !isRecord(e.evidence)) {
      add(at("evidence"), {
        ja: `分類 ${cls} の項目には evidence（申請者が示す資料）が必要です`,
        en: `class ${cls} needs "evidence" (what the applicant must show)`,
      });
    }
    if (cls === "C" && !isRecord(e.gap)) {
      add(at("gap"), {
        ja: "分類 C の項目には gap（情報銀行認定で足りない点）が必要です",
        en: 'class C needs "gap" (why the certification falls short)',
      });
    }
    if (refs) {
      if ((cls === "A" || cls === "B" || cls === "C") && refs.length === 0) {
        add(at("infobankRefs"), {
          ja: `分類 ${cls} の項目には情報銀行チェックシートの参照が必要です`,
          en: `class ${cls} needs at least one 情報銀行 checklist reference`,
        });
      }
      if (cls === "D" && refs.length > 0) {
        add(at("infobankRefs"), {
          ja: "分類 D（情報銀行認定に存在しない項目）に参照を付けることはできません",
          en: "class D (no counterpart in the 情報銀行 checklist) must not have references",
        });
      }
      refs.forEach((r, ri) => {
        if (!isRecord(r) || !Array.isArray(r.items)) return;
        r.items.forEach((it, ii) => {
          if (isRecord(it) && typeof it.from === "number" && typeof it.to === "number" && it.to < it.from) {
            add(at("infobankRefs", ri, "items", ii, "to"), {
              ja: `参照番号の範囲が逆です（${it.from}〜${it.to}）`,
              en: `reference range is reversed (${it.from}–${it.to})`,
            });
          }
        });
      });
    }
    const prov = e.provenance;
    if (isRecord(prov) && prov.kind === "user") {
      if (typeof prov.by !== "string" || !prov.by)
        add(at("provenance", "by"), { ja: "専門家による修正（user）には修正者 by が必要です", en: 'a user entry needs "provenance.by" (who changed it)' });
      if (typeof prov.on !== "string" || !prov.on)
        add(at("provenance", "on"), { ja: "専門家による修正（user）には日付 on が必要です", en: 'a user entry needs "provenance.on" (when)' });
    }
    if (isRecord(prov) && prov.kind === "published" && (typeof prov.source !== "string" || !prov.source)) {
      add(at("provenance", "source"), {
        ja: "公表（published）の項目には出典 source が必要です",
        en: 'a published entry needs "provenance.source"',
      });
    }
  });
  return errors;
}

/**
 * Validate a crosswalk file. Errors name the entry (id, or `#index`) and the field;
 * class totals that differ from `expectedTotals` are a warning, not an error.
 */
export function parseCrosswalk(json: unknown): ParseCrosswalkResult {
  const parsed = crosswalkSchema.safeParse(json);
  const rawEntries = isRecord(json) ? json.entries : undefined;
  const errors: CrosswalkError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push(withEntry(rawEntries, issue.path as PathSeg[], issueMessage(issue, json)));
    }
  }
  errors.push(...semanticErrors(json));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };

  const crosswalk = parsed.data as Crosswalk;
  const warnings: Localized[] = [];
  const totals = classTotals(crosswalk.entries);
  const diffs = ITEM_CLASSES.filter((c) => totals[c] !== crosswalk.expectedTotals[c]);
  if (diffs.length > 0) {
    warnings.push({
      ja: `分類ごとの件数が公表値と異なります: ${diffs
        .map((c) => `${c} ${totals[c]}件（公表値 ${crosswalk.expectedTotals[c]}）`)
        .join("、")}`,
      en: `Class totals differ from the expected totals: ${diffs
        .map((c) => `${c} ${totals[c]} (expected ${crosswalk.expectedTotals[c]})`)
        .join(", ")}`,
    });
  }
  const expectedCount = ITEM_CLASSES.reduce((n, c) => n + crosswalk.expectedTotals[c], 0);
  if (crosswalk.entries.length !== expectedCount) {
    warnings.push({
      ja: `項目数が ${crosswalk.entries.length} 件です（公表値 ${expectedCount} 件）`,
      en: `The crosswalk has ${crosswalk.entries.length} items (expected ${expectedCount})`,
    });
  }
  return { ok: true, crosswalk, warnings };
}

let bundledCache: Crosswalk | null = null;

/** The crosswalk shipped with the product (validated once, then cached). Throws if the bundled file is invalid. */
export function loadBundledCrosswalk(): Crosswalk {
  if (bundledCache) return bundledCache;
  const result = parseCrosswalk(bundledJson as unknown);
  if (!result.ok) {
    const first = result.errors
      .slice(0, 3)
      .map((e) => `${e.path}: ${e.message.en}`)
      .join("; ");
    throw new Error(`Bundled crosswalk is invalid (${result.errors.length} errors): ${first}`);
  }
  bundledCache = result.crosswalk;
  return bundledCache;
}

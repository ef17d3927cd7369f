/**
 * The crosswalk as a table: the columns `crosswalk --format csv` writes, a CSV reader, and the way back from a table
 * (CSV or a sheet read from .xlsx) to a crosswalk, with errors that name the row and the column.
 *
 * The bundled crosswalk is authored this way: src/domain/data/crosswalk.csv is the table a domain expert edits, and
 * scripts/build-crosswalk.ts builds crosswalk.json from it (test/domain/crosswalk-table.test.ts checks they are equal).
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import { formatInfobankRef } from "./crosswalk-core";
import type { Crosswalk, CrosswalkEntry, InfobankItemNo, InfobankRef, Localized } from "./types";

/** The columns, in the order the export writes them. */
export const CROSSWALK_COLUMNS = [
  "id",
  "chapter",
  "section",
  "sectionHeading",
  "part",
  "partHeading",
  "topic",
  "topicLabel",
  "topicHeading",
  "check",
  "class",
  "infobankRefs",
  "evidence_ja",
  "evidence_en",
  "gap_ja",
  "gap_en",
  "provenance",
  "source",
  "rationale_ja",
  "rationale_en",
  "provenance_by",
  "provenance_on",
  "summary_ja_paraphrase",
  "summary_en",
] as const;
export type CrosswalkColumn = (typeof CROSSWALK_COLUMNS)[number];

/** The header fields of a crosswalk (everything but the entries). */
export type CrosswalkMeta = Omit<Crosswalk, "entries">;

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/** References as one cell: `5.1② 業務能力など No.6 / 5.3.3⑦ 利用、保持及び開示の制限 No.86（一部）`. */
export function refsCell(refs: readonly InfobankRef[]): string {
  return refs.map((r) => formatInfobankRef(r, { markPartial: true })).join(" / ");
}

export function entryRow(e: CrosswalkEntry): Record<CrosswalkColumn, string> {
  const s = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  return {
    id: e.id,
    chapter: e.chapter,
    section: e.section,
    sectionHeading: e.sectionHeading,
    part: s(e.part),
    partHeading: s(e.partHeading),
    topic: s(e.topic),
    topicLabel: e.topicLabel,
    topicHeading: e.topicHeading,
    check: s(e.check),
    class: e.class,
    infobankRefs: refsCell(e.infobankRefs),
    evidence_ja: s(e.evidence?.ja),
    evidence_en: s(e.evidence?.en),
    gap_ja: s(e.gap?.ja),
    gap_en: s(e.gap?.en),
    provenance: e.provenance.kind,
    source: s(e.provenance.source),
    rationale_ja: e.provenance.rationale.ja,
    rationale_en: e.provenance.rationale.en,
    provenance_by: s(e.provenance.by),
    provenance_on: s(e.provenance.on),
    summary_ja_paraphrase: e.summary.ja,
    summary_en: e.summary.en,
  };
}

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV (UTF-8 with BOM, CRLF: opens in Excel) with exactly CROSSWALK_COLUMNS. */
export function crosswalkToCsv(x: Crosswalk): string {
  const lines = [CROSSWALK_COLUMNS.join(",")];
  for (const e of x.entries) {
    const row = entryRow(e);
    lines.push(CROSSWALK_COLUMNS.map((c) => csvCell(row[c])).join(","));
  }
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/** RFC 4180 CSV: quoted fields with "" escapes and line breaks, CRLF or LF, a leading BOM ignored. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && s[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

export interface TableError {
  /** 1-based row of the table (the header is row 1). */
  row: number;
  /** Column name ("" for the row as a whole). */
  column: string;
  message: Localized;
}

export type TableResult = { ok: true; crosswalk: Crosswalk } | { ok: false; errors: TableError[] };

const REF_RE = /^(\d+(?:\.\d+)*)([\u2460-\u2473])\s+(.+?)\s+((?:M\d+|No\.\d+(?:〜\d+)?)(?:、(?:M\d+|No\.\d+(?:〜\d+)?))*)(（一部）)?$/;

/** One reference cell back to references; null when a part cannot be read. */
export function parseRefsCell(cell: string): InfobankRef[] | null {
  const t = cell.normalize("NFC").trim();
  if (!t) return [];
  const out: InfobankRef[] = [];
  for (const part of t.split(/\s+\/\s+/)) {
    const m = REF_RE.exec(part.trim());
    if (!m) return null;
    const items: InfobankItemNo[] = m[4]!.split("、").map((it) => {
      if (it.startsWith("M")) return { series: "M", from: Number(it.slice(1)) };
      const [from, to] = it.slice(3).split("〜").map(Number) as [number, number | undefined];
      return to !== undefined ? { series: "No", from, to } : { series: "No", from };
    });
    const ref: InfobankRef = { section: m[1]!, subItem: m[2]!, heading: m[3]!, items };
    if (m[5]) ref.partial = true;
    out.push(ref);
  }
  return out;
}

const L = (ja: string, en: string): Localized => ({ ja, en });

/**
 * A table (header row + one row per entry, all cells as text) back to a crosswalk with the given header fields.
 * Structural problems are reported here by row and column; the result is then checked by parseCrosswalk, whose errors the
 * caller maps back with {@link columnOfPath}.
 */
export function tableToCrosswalk(rows: readonly (readonly string[])[], meta: CrosswalkMeta): TableResult {
  const errors: TableError[] = [];
  const header = (rows[0] ?? []).map((h) => String(h ?? "").trim());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!h) return;
    if (index.has(h)) errors.push({ row: 1, column: h, message: L(`列「${h}」が2回あります。`, `column "${h}" appears twice.`) });
    index.set(h, i);
  });
  for (const c of CROSSWALK_COLUMNS)
    if (!index.has(c)) errors.push({ row: 1, column: c, message: L(`列「${c}」がありません。`, `column "${c}" is missing.`) });
  for (const h of index.keys())
    if (!(CROSSWALK_COLUMNS as readonly string[]).includes(h))
      errors.push({ row: 1, column: h, message: L(`列「${h}」は対応表の列ではありません。`, `column "${h}" is not a crosswalk column.`) });
  if (errors.length) return { ok: false, errors };

  const entries: CrosswalkEntry[] = [];
  for (let r = 1; r < rows.length; r++) {
    const raw = rows[r]!;
    const get = (c: CrosswalkColumn) => String(raw[index.get(c)!] ?? "").trim();
    if (CROSSWALK_COLUMNS.every((c) => get(c) === "")) continue;
    const err = (column: CrosswalkColumn, ja: string, en: string) => errors.push({ row: r + 1, column, message: L(ja, en) });
    const int = (c: CrosswalkColumn, nullable: boolean): number | null => {
      const v = get(c);
      if (v === "" && nullable) return null;
      if (!/^\d+$/.test(v)) {
        err(c, `「${v}」は整数ではありません。`, `"${v}" is not a whole number.`);
        return 0;
      }
      return Number(v);
    };
    const opt = (ja: CrosswalkColumn, en: CrosswalkColumn): Localized | undefined =>
      get(ja) === "" && get(en) === "" ? undefined : { ja: get(ja), en: get(en) };
    const refs = parseRefsCell(get("infobankRefs"));
    if (!refs)
      err(
        "infobankRefs",
        `「${get("infobankRefs")}」を参照として読み取れません（例: 5.1② 業務能力など No.6 / 5.3.3⑦ 利用、保持及び開示の制限 No.86（一部））。`,
        `"${get("infobankRefs")}" cannot be read as references (e.g. 5.1② 業務能力など No.6 / 5.3.3⑦ 利用、保持及び開示の制限 No.86（一部）).`,
      );
    const kind = get("provenance");
    const e: CrosswalkEntry = {
      id: get("id"),
      chapter: get("chapter"),
      section: get("section"),
      sectionHeading: get("sectionHeading"),
      part: int("part", true),
      partHeading: get("partHeading") === "" ? null : get("partHeading"),
      topic: int("topic", false) ?? 0,
      topicLabel: get("topicLabel"),
      topicHeading: get("topicHeading"),
      check: int("check", false) ?? 0,
      summary: { ja: get("summary_ja_paraphrase"), en: get("summary_en") },
      class: get("class") as CrosswalkEntry["class"],
      infobankRefs: refs ?? [],
      provenance: {
        kind: kind as CrosswalkEntry["provenance"]["kind"],
        ...(get("source") ? { source: get("source") } : {}),
        rationale: { ja: get("rationale_ja"), en: get("rationale_en") },
        ...(get("provenance_by") ? { by: get("provenance_by") } : {}),
        ...(get("provenance_on") ? { on: get("provenance_on") } : {}),
      },
    };
    const evidence = opt("evidence_ja", "evidence_en");
    const gap = opt("gap_ja", "gap_en");
    if (evidence) e.evidence = evidence;
    if (gap) e.gap = gap;
    entries.push(e);
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, crosswalk: { ...meta, entries } };
}

const PATH_COLUMNS: [RegExp, CrosswalkColumn][] = [
  [/^summary\.ja/, "summary_ja_paraphrase"],
  [/^summary\.en/, "summary_en"],
  [/^summary/, "summary_ja_paraphrase"],
  [/^evidence\.en/, "evidence_en"],
  [/^evidence/, "evidence_ja"],
  [/^gap\.en/, "gap_en"],
  [/^gap/, "gap_ja"],
  [/^infobankRefs/, "infobankRefs"],
  [/^provenance\.kind/, "provenance"],
  [/^provenance\.source/, "source"],
  [/^provenance\.rationale\.en/, "rationale_en"],
  [/^provenance\.rationale/, "rationale_ja"],
  [/^provenance\.by/, "provenance_by"],
  [/^provenance\.on/, "provenance_on"],
  [/^provenance/, "provenance"],
];

/** `entries[12].summary.ja` → { row: 14, column: "summary_ja_paraphrase" } (row = table row with the header as row 1). */
export function columnOfPath(path: string): { row: number; column: string } | null {
  const m = /^entries\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (!m) return null;
  const row = Number(m[1]) + 2;
  const rest = m[2] ?? "";
  for (const [re, col] of PATH_COLUMNS) if (re.test(rest)) return { row, column: col };
  const field = rest.split(".")[0]!;
  return { row, column: (CROSSWALK_COLUMNS as readonly string[]).includes(field) ? field : "" };
}

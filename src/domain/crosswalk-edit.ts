/**
 * An expert's corrections to a crosswalk, made in the task pane: change an entry's class, references and rationale, or
 * assign a sheet item the catalog does not know. Every changed or added entry gets provenance `user` with who and when.
 * The result is a new crosswalk (new version), to use for the session and to save as a file.
 *
 * Plain TypeScript: no Office, no Node APIs. No schema library (the task pane imports this).
 */
import { canonicalItemId } from "./crosswalk-core";
import type { Crosswalk, CrosswalkEntry, InfobankRef, ItemClass, Localized } from "./types";

export interface EntryChange {
  class: ItemClass;
  infobankRefs: InfobankRef[];
  rationale: Localized;
  /** Required for C and D (what the applicant must show); kept from the entry when absent. */
  evidence?: Localized;
  /** Required for C; kept from the entry when absent. */
  gap?: Localized;
}

export interface Editor {
  /** Name of the expert. */
  by: string;
  /** YYYY-MM-DD. */
  on: string;
}

export interface NewItem {
  section: string;
  part: number | null;
  topic: number;
  check: number;
  /** Our short paraphrase of the item (never the sheet's official wording). */
  summary: Localized;
}

export type EditResult = { ok: true; crosswalk: Crosswalk; entry: CrosswalkEntry } | { ok: false; errors: Localized[] };

const L = (ja: string, en: string): Localized => ({ ja, en });

function check(change: EntryChange, editor: Editor, prev?: CrosswalkEntry): Localized[] {
  const errors: Localized[] = [];
  if (!editor.by.trim()) errors.push(L("修正者の名前を入力してください。", "Enter the expert's name."));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(editor.on)) errors.push(L("日付は YYYY-MM-DD で入力してください。", "Enter the date as YYYY-MM-DD."));
  if (!change.rationale.ja.trim() || !change.rationale.en.trim())
    errors.push(L("根拠（日本語・英語）を入力してください。", "Enter the rationale in Japanese and English."));
  const cls = change.class;
  if ((cls === "A" || cls === "B" || cls === "C") && change.infobankRefs.length === 0)
    errors.push(L(`分類 ${cls} には情報銀行チェックシートの参照が必要です。`, `Class ${cls} needs at least one 情報銀行 checklist reference.`));
  if (cls === "D" && change.infobankRefs.length > 0)
    errors.push(L("分類 D には参照を付けられません。", "Class D must not have references."));
  const evidence = change.evidence ?? prev?.evidence;
  if ((cls === "C" || cls === "D") && !(evidence?.ja.trim() && evidence.en.trim()))
    errors.push(L(`分類 ${cls} には必要な証跡（日本語・英語）が必要です。`, `Class ${cls} needs the evidence to show (Japanese and English).`));
  const gap = change.gap ?? prev?.gap;
  if (cls === "C" && !(gap?.ja.trim() && gap.en.trim()))
    errors.push(L("分類 C には認定で足りない点（日本語・英語）が必要です。", "Class C needs what the certification lacks (Japanese and English)."));
  return errors;
}

function applied(prev: CrosswalkEntry, change: EntryChange, editor: Editor): CrosswalkEntry {
  const next: CrosswalkEntry = {
    ...prev,
    class: change.class,
    infobankRefs: change.class === "D" ? [] : change.infobankRefs,
    provenance: { kind: "user", rationale: change.rationale, by: editor.by.trim(), on: editor.on },
  };
  delete next.evidence;
  delete next.gap;
  const evidence = change.evidence ?? prev.evidence;
  const gap = change.gap ?? prev.gap;
  if ((change.class === "C" || change.class === "D") && evidence) next.evidence = evidence;
  if (change.class === "C" && gap) next.gap = gap;
  return next;
}

/** The version of an edited crosswalk: the base version with `+user.<date>`, counted up on further edits that day. */
export function editedVersion(version: string, on: string): string {
  const base = version.replace(/\+user\.\d{4}-\d{2}-\d{2}(?:\.\d+)?$/, "");
  const m = new RegExp(`\\+user\\.${on}(?:\\.(\\d+))?$`).exec(version);
  return m ? `${base}+user.${on}.${Number(m[1] ?? "1") + 1}` : `${base}+user.${on}`;
}

/** Change an entry's class, references and rationale. */
export function editEntry(x: Crosswalk, id: string, change: EntryChange, editor: Editor): EditResult {
  const i = x.entries.findIndex((e) => e.id === id);
  if (i < 0) return { ok: false, errors: [L(`項目 ${id} は対応表にありません。`, `Item ${id} is not in the crosswalk.`)] };
  const prev = x.entries[i]!;
  const errors = check(change, editor, prev);
  if (errors.length) return { ok: false, errors };
  const entry = applied(prev, change, editor);
  const entries = [...x.entries];
  entries[i] = entry;
  return { ok: true, entry, crosswalk: { ...x, crosswalkVersion: editedVersion(x.crosswalkVersion, editor.on), entries } };
}

/** Add a sheet item the catalog does not know, with the expert's class, references, rationale and paraphrase. */
export function addEntry(x: Crosswalk, item: NewItem, change: EntryChange, editor: Editor): EditResult {
  const id = canonicalItemId(item);
  if (x.entries.some((e) => e.id === id))
    return { ok: false, errors: [L(`項目 ${id} は既に対応表にあります。`, `Item ${id} is already in the crosswalk.`)] };
  const errors = check(change, editor);
  if (!/^\d+\.\d+$/.test(item.section)) errors.push(L(`節番号「${item.section}」が読み取れません。`, `Section "${item.section}" cannot be read.`));
  if (!item.summary.ja.trim() || !item.summary.en.trim())
    errors.push(L("項目の要約（日本語・英語、公式の文言ではなく言い換え）を入力してください。", "Enter a short paraphrase of the item (Japanese and English, not the official wording)."));
  if (errors.length) return { ok: false, errors };
  const sameSection = x.entries.filter((e) => e.section === item.section);
  const samePart = sameSection.filter((e) => e.part === item.part);
  const sameTopic = samePart.find((e) => e.topic === item.topic);
  const base: CrosswalkEntry = {
    id,
    chapter: item.section.split(".")[0]!,
    section: item.section,
    sectionHeading: sameSection[0]?.sectionHeading ?? "（利用者が追加）",
    part: item.part,
    partHeading: item.part === null ? null : (samePart[0]?.partHeading ?? "（利用者が追加）"),
    topic: item.topic,
    topicLabel: sameTopic?.topicLabel ?? String(item.topic),
    topicHeading: sameTopic?.topicHeading ?? "（利用者が追加）",
    check: item.check,
    summary: item.summary,
    class: change.class,
    infobankRefs: [],
    provenance: { kind: "user", rationale: change.rationale, by: editor.by, on: editor.on },
  };
  const entry = applied(base, change, editor);
  // After the last entry of its section (or at the end).
  let at = x.entries.length;
  for (let k = x.entries.length - 1; k >= 0; k--)
    if (x.entries[k]!.section === item.section) {
      at = k + 1;
      break;
    }
  const entries = [...x.entries.slice(0, at), entry, ...x.entries.slice(at)];
  return { ok: true, entry, crosswalk: { ...x, crosswalkVersion: editedVersion(x.crosswalkVersion, editor.on), entries } };
}

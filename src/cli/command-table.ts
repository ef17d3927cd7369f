/**
 * The command table: what `--help`, option parsing and the choice of a command need (name, usage, summary, options),
 * without the commands' code. Each entry's load() requires the module that implements it, so a call loads only the
 * command it runs (`--help` loads none: no schema library, no workbook adapter).
 */
import type { OptionSpec, Parsed } from "./args";
import type { Io } from "./io";
import type { Localized } from "../domain/types";

/** What is known of a command before its code is loaded. */
export interface CommandSpec {
  name: string;
  usage: string;
  summary: Localized;
  details?: string;
  options: OptionSpec[];
}

export interface Command extends CommandSpec {
  run(p: Parsed, io: Io): Promise<number>;
}

export const COMMON: OptionSpec[] = [
  { name: "crosswalk", value: true },
  { name: "today", value: true },
  { name: "lang", value: true },
];

/** Every command's spec, by name; the implementing modules spread these into their Command. */
export const SPECS = {
  scan: {
    name: "scan",
    usage: "scan FILE.xlsx --cert CERT.json [--sheet NAME] [--json] [--today YYYY-MM-DD] [--crosswalk FILE]",
    summary: { ja: "チェックシートを検出し、認定による充足状況を表示します。", en: "Detect the checksheet items and show coverage by the certification." },
    options: [...COMMON, { name: "cert", value: true }, { name: "sheet", value: true }, { name: "json" }],
  },
  annotate: {
    name: "annotate",
    usage: "annotate FILE.xlsx --cert CERT.json -o OUT.xlsx [--sheet NAME] [--force]",
    summary: { ja: "充足項目を色分けし、根拠と要証跡を書き込んだ新しいファイルを作ります。", en: "Write a new file with covered items highlighted, references and evidence needs." },
    options: [...COMMON, { name: "cert", value: true }, { name: "sheet", value: true }, { name: "out", alias: "o", value: true }, { name: "force" }],
  },
  clear: {
    name: "clear",
    usage: "clear FILE.xlsx -o OUT.xlsx [--sheet NAME] [--force]",
    summary: { ja: "アドイン／annotate が加えたものをすべて取り除き、元の状態に戻したファイルを作ります。", en: "Remove exactly what the add-in / annotate added, restoring the original." },
    details:
      "A cell goes back to its original only where it is still what the add-in wrote; answers typed and add-in cells changed since are kept and listed. --force: restore the originals anyway (overwrites those changes).\n" +
      "--sheet NAME: clear only what was added on that sheet (default: every sheet in the record).",
    options: [...COMMON, { name: "out", alias: "o", value: true }, { name: "force" }, { name: "sheet", value: true }],
  },
  crosswalk: {
    name: "crosswalk",
    usage: "crosswalk [--format json|csv|oscal] [-o OUT] [--crosswalk FILE] | crosswalk import TABLE.csv|TABLE.xlsx -o OUT.json [--set-version V]",
    summary: { ja: "対応表（145項目の区分・根拠・出典）を書き出します。import で編集した表を対応表ファイルに戻します。", en: "Export the crosswalk (145 items: class, references, provenance); import turns an edited table back into a crosswalk file." },
    details:
      "import: reads exactly the columns --format csv writes (CSV UTF-8, or the first sheet with that header in an .xlsx); errors name the row and the column. The header fields come from the current crosswalk (--crosswalk FILE or the bundled one); the version becomes --set-version or the base version + a hash of the table.",
    options: [
      ...COMMON,
      { name: "format", value: true },
      { name: "out", alias: "o", value: true },
      { name: "force" },
      { name: "set-version", value: true },
    ],
  },
  report: {
    name: "report",
    usage: "report DIR|FILES... [--cert CERT.json] [--format csv|json] [--lang en] [--jobs N] [--file-timeout SECONDS] [-o OUT]",
    summary: {
      ja: "複数のブックを一覧にまとめます（認定・有効性・検出・充足・証跡・矛盾・審査・承認）。",
      en: "Summarise many workbooks (certification, validity, found, covered, evidence, contradictions, review, sign-off).",
    },
    details:
      "Without --cert each workbook is scored by the certification stored in it; --cert overrides it for every file.\n" +
      "CSV is UTF-8 with a BOM; headers in English with --lang en. Exit 1 when a file needs attention.\n" +
      "Files are scored on every core (worker threads); the rows keep the order of the inputs.",
    options: [...COMMON, { name: "cert", value: true }, { name: "format", value: true }, { name: "jobs", value: true }, { name: "file-timeout", value: true }, { name: "out", alias: "o", value: true }, { name: "force" }],
  },
  mark: {
    name: "mark",
    usage: "mark FILE.xlsx --cert CERT.json -o OUT.xlsx [--dry-run] [--yes VALUE] [--template TEXT]",
    summary: {
      ja: "認定で満たされる項目の空欄の回答を、シート自身の「はい」の値で一括入力します。",
      en: "Answer every covered item's empty answer cell with the sheet's own 'yes' value.",
    },
    details:
      "Only empty answer cells are written; answered cells are listed as conflicts, 'no' answers on covered items as contradictions.\n" +
      "Template placeholders: {number} {holder} {class} {refs} {kind}. --dry-run lists the cells that would change.",
    options: [
      ...COMMON,
      { name: "cert", value: true },
      { name: "sheet", value: true },
      { name: "out", alias: "o", value: true },
      { name: "force" },
      { name: "dry-run" },
      { name: "yes", value: true },
      { name: "template", value: true },
    ],
  },
  review: {
    name: "review",
    usage:
      "review FILE.xlsx|DIR... --reviewer NAME (--set ID=STATUS[:comment] ... | --set-file FILE.csv | --bulk covered --status STATUS) (-o OUT.xlsx | --out-dir DIR) [--dry-run]",
    summary: { ja: "項目ごとの審査状況とコメントを「審査記録」シートに記録します。", en: "Record review status and comments per item in the 審査記録 sheet." },
    details:
      "STATUS: 未確認|確認済|要修正|対象外 (or unreviewed|confirmed|needs-fix|not-applicable).\n" +
      "ID: as the sheet shows it under its heading (\"3.3(2) ３－１\"), the sheet row (\"行12\", \"row 12\") or the catalog id (\"3.3(2)/3-1\").\n" +
      "--set-file: CSV with columns id,status,comment. --bulk covered: every covered item without a contradiction (only items still\n" +
      "未確認; --dry-run previews). Several workbooks or a folder: give --out-dir. Example: --set \"3.3(2) ３－１=要修正:規程の該当条文を添付してください\"",
    options: [
      ...COMMON,
      { name: "set", value: true, multiple: true },
      { name: "set-file", value: true },
      { name: "bulk", value: true },
      { name: "status", value: true },
      { name: "comment", value: true },
      { name: "dry-run" },
      { name: "reviewer", value: true },
      { name: "out", alias: "o", value: true },
      { name: "out-dir", value: true },
      { name: "force" },
    ],
  },
  check: {
    name: "check",
    usage: "check FILE.xlsx|DIR... [--cert CERT.json] [--json]",
    summary: {
      ja: "整合性を確認します（矛盾する回答、証跡のない C/D 項目、無効な認定での充足、欠落項目、署名後の変更）。",
      en: "Consistency checks (contradictions, C/D without evidence, coverage under an invalid certification, missing items, changes after sign-off).",
    },
    details: "Without --cert, the certification stored in the workbook is used. Several workbooks or a folder: one block (or JSON object) each. Exit 1 when there is any finding.",
    options: [...COMMON, { name: "cert", value: true }, { name: "sheet", value: true }, { name: "json" }],
  },
  signoff: {
    name: "signoff",
    usage: "signoff FILE.xlsx|DIR... --reviewer NAME (-o OUT.xlsx | --out-dir DIR) [--allow-open]",
    summary: {
      ja: "審査を承認します（未確認・要修正・矛盾・証跡のない C/D 項目が残っていれば拒否。--allow-open で残りを記録して承認）。",
      en: "Sign off the review (refused while items are unreviewed, 要修正, contradicting or C/D without evidence; --allow-open records them).",
    },
    details:
      "The sign-off (reviewer, local time with its UTC offset, what was open, the answers hash) is stored in the workbook and shown in 審査記録.\n" +
      "Exit 1 when refused (nothing written). Several workbooks or a folder: give --out-dir.",
    options: [...COMMON, { name: "reviewer", value: true }, { name: "allow-open" }, { name: "out", alias: "o", value: true }, { name: "out-dir", value: true }, { name: "force" }],
  },
  diff: {
    name: "diff",
    usage: "diff OLD.xlsx NEW.xlsx [--json]",
    summary: { ja: "再提出の差分：回答・備考・証跡・審査状況が変わった項目を一覧にします。", en: "Resubmission diff: items whose answer, remarks, evidence or review changed." },
    options: [...COMMON, { name: "json" }],
  },
  evidence: {
    name: "evidence",
    usage: "evidence FILE.xlsx [--set ID=TEXT ...] [--adopt-remarks] [--write-remarks] -o OUT.xlsx [--force]",
    summary: {
      ja: "証跡が必要な項目（C・D）の証跡を登録・一覧します（備考の記載の採用、備考への書き込みは指定したときだけ）。",
      en: "Register or list the evidence of the C/D items (adopting remarks, or writing into remarks, only when asked).",
    },
    details:
      "Without options: lists each C/D item as registered / stated in the sheet (remarks) / none; exit 1 when any has none.\n" +
      "--write-remarks writes registered evidence only into EMPTY remarks cells (your text is never overwritten).",
    options: [...COMMON, { name: "sheet", value: true }, { name: "set", value: true, multiple: true }, { name: "adopt-remarks" }, { name: "write-remarks" }, { name: "out", alias: "o", value: true }, { name: "force" }],
  },
  demo: {
    name: "demo",
    usage: "demo [-o OUT_DIR]",
    summary: { ja: "同梱の架空サンプルで scan と annotate を実行し、出力先を表示します。", en: "Run scan and annotate on the bundled fictitious sample and print where the output went." },
    options: [...COMMON, { name: "out", alias: "o", value: true }],
  },
} satisfies Record<string, CommandSpec>;

export interface CommandEntry extends CommandSpec {
  /** The command with its code (the module is required on the first call). */
  load(): Promise<Command>;
}

const entry = (spec: CommandSpec, load: () => Promise<Command>): CommandEntry => ({ ...spec, load });

/** The commands in the order `--help` lists them. */
export const COMMAND_TABLE: readonly CommandEntry[] = [
  entry(SPECS.scan, async () => (await import("./file-commands")).scan),
  entry(SPECS.annotate, async () => (await import("./file-commands")).annotate),
  entry(SPECS.clear, async () => (await import("./file-commands")).clear),
  entry(SPECS.crosswalk, async () => (await import("./crosswalk-command")).crosswalkCmd),
  entry(SPECS.report, async () => (await import("./report")).report),
  entry(SPECS.mark, async () => (await import("./review-commands")).mark),
  entry(SPECS.review, async () => (await import("./review-commands")).review),
  entry(SPECS.check, async () => (await import("./review-commands")).check),
  entry(SPECS.signoff, async () => (await import("./signoff")).signoffCommand),
  entry(SPECS.diff, async () => (await import("./review-commands")).diff),
  entry(SPECS.evidence, async () => (await import("./evidence-command")).evidenceCommand),
  entry(SPECS.demo, async () => (await import("./file-commands")).demo),
];

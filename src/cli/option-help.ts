/**
 * One line of help per option (Japanese / English), shown by `phr-checksheet <command> --help`.
 * Defaults by option name; per-command wording where the same option means something more specific.
 * test/cli/help.test.ts fails when an option of any command has no description here.
 */
import type { Localized } from "../domain/types";

export interface OptionHelp {
  /** Placeholder of the value (options that take one). */
  value?: string;
  text: Localized;
}

const DEFAULTS: Record<string, OptionHelp> = {
  cert: {
    value: "CERT.json",
    text: { ja: "情報銀行の認定情報ファイル（infobank-certification/1 の JSON）", en: "the information bank certification file (infobank-certification/1 JSON)" },
  },
  sheet: {
    value: "NAME",
    text: { ja: "チェックシートのシート名（省略時は自動検出）", en: "name of the checksheet's sheet (detected when omitted)" },
  },
  out: {
    value: "OUT.xlsx",
    text: { ja: "出力ファイル（入力ファイルは変更しません）", en: "output file (the input file is never modified)" },
  },
  force: {
    text: { ja: "既存の出力ファイルを上書きします", en: "overwrite an existing output file" },
  },
  json: {
    text: { ja: "結果を JSON オブジェクト 1 つで標準出力に出します", en: "print the result as one JSON object on stdout" },
  },
  format: {
    value: "FORMAT",
    text: { ja: "出力形式", en: "output format" },
  },
  crosswalk: {
    value: "FILE",
    text: { ja: "同梱の対応表の代わりに使う対応表ファイル（JSON、検証してから使用）", en: "a crosswalk file to use instead of the bundled one (JSON, validated first)" },
  },
  today: {
    value: "YYYY-MM-DD",
    text: { ja: "認定の有効性を判定する日付（省略時は今日）", en: "date the certification's validity is evaluated on (default: today)" },
  },
  lang: {
    value: "ja|en",
    text: { ja: "表示言語（既定 ja、en で英語）", en: "output language (default ja; en for English)" },
  },
  "dry-run": {
    text: { ja: "書き込まず、変更されるセルの一覧だけを表示します", en: "write nothing; list the cells that would change" },
  },
  yes: {
    value: "VALUE",
    text: { ja: "回答欄に書く「はい」の値（省略時はシートの入力規則のリストから選択）", en: "the 'yes' value to write (default: taken from the sheet's dropdown list)" },
  },
  template: {
    value: "TEXT",
    text: {
      ja: "備考欄に書く文言のひな形（{number} {holder} {class} {refs} {kind}）",
      en: "template of the remarks text ({number} {holder} {class} {refs} {kind})",
    },
  },
  set: {
    value: "ID=STATUS[:comment]",
    text: {
      ja: "項目の審査状況（未確認・確認済・要修正・対象外）とコメント。繰り返し指定できます",
      en: "review status of an item (unreviewed, confirmed, needs-fix, not-applicable) and comment; repeatable",
    },
  },
  reviewer: {
    value: "NAME",
    text: { ja: "審査者名（省略時は環境変数 USER）", en: "reviewer's name (default: the USER environment variable)" },
  },
  help: {
    text: { ja: "このヘルプを表示します", en: "show this help" },
  },
  // review / signoff (reviewer workflow)
  "set-file": {
    value: "FILE.csv",
    text: { ja: "審査状況をまとめて指定する CSV（列: id,status,comment、見出し行は任意）", en: "CSV with many statuses (columns id,status,comment; header row optional)" },
  },
  bulk: {
    value: "covered|class:A,B",
    text: {
      ja: "一括審査: covered は認定で充足し矛盾のない未確認の項目、class:A,B は区分で選択",
      en: "bulk review: covered = covered items without a contradiction still unreviewed; class:A,B = by class",
    },
  },
  status: {
    value: "STATUS",
    text: { ja: "--bulk で設定する審査状況（既定 確認済）", en: "the status --bulk sets (default confirmed)" },
  },
  comment: {
    value: "TEXT",
    text: { ja: "--bulk で設定するコメント", en: "the comment --bulk sets" },
  },
  "out-dir": {
    value: "DIR",
    text: { ja: "出力先フォルダー（入力と同じファイル名で書き込みます。複数のブック向け）", en: "output folder (same file names as the inputs; for several workbooks)" },
  },
  "allow-open": {
    text: { ja: "未解決の指摘が残っていても承認し、その内容を記録します", en: "sign off although findings are open, recording what was open" },
  },
};

const PER_COMMAND: Record<string, Record<string, OptionHelp>> = {
  scan: {
    json: {
      text: {
        ja: "検出結果と充足状況を JSON オブジェクト 1 つで出力します（行番号は Excel の 1 始まり）",
        en: "print the detection report and coverage as one JSON object (rows are 1-based Excel rows)",
      },
    },
  },
  clear: {
    force: {
      text: {
        ja: "annotate の後に変更されたセルも元の状態に戻し（通常は残して一覧表示）、既存の出力ファイルを上書きします",
        en: "also put back the originals of cells changed after annotate (kept and listed otherwise), and overwrite an existing output file",
      },
    },
  },
  crosswalk: {
    format: { value: "json|csv|oscal", text: { ja: "出力形式（既定 json、oscal は OSCAL mapping-collection）", en: "output format (default json; oscal is an OSCAL mapping-collection)" } },
    out: { value: "OUT", text: { ja: "出力ファイル（省略時は標準出力）", en: "output file (default: stdout)" } },
    "set-version": {
      value: "V",
      text: { ja: "crosswalk import: 作成する対応表の版（crosswalkVersion）", en: "crosswalk import: the crosswalkVersion of the crosswalk written" },
    },
  },
  report: {
    cert: {
      value: "CERT.json",
      text: {
        ja: "全ファイルをこの認定で評価します（省略時は各ブックに保存された認定）",
        en: "score every file by this certification (default: the certification stored in each workbook)",
      },
    },
    format: { value: "csv|json", text: { ja: "出力形式（既定 csv）", en: "output format (default csv)" } },
    out: { value: "OUT", text: { ja: "出力ファイル（省略時は標準出力）", en: "output file (default: stdout)" } },
    jobs: {
      value: "N",
      text: {
        ja: "同時に処理するスレッド数（1〜64、既定は CPU コア数・最大 8、1 はワーカーなしで処理。出力の順序と内容は変わりません）",
        en: "files scored at once (1–64; default the CPU cores, at most 8; 1 = no worker threads; the output is the same either way)",
      },
    },
    "file-timeout": {
      value: "SECONDS",
      text: {
        ja: "1 ファイルの処理の制限時間（秒、既定 300）。超えたファイルは中止してエラー行にし、他のファイルは続けます（ワーカースレッドで処理するとき）",
        en: "time limit for one file, in seconds (default 300); a file over it is given up with an error row and the others go on (on worker threads)",
      },
    },
  },
  review: {
    "dry-run": { text: { ja: "書き込まず、変更される項目の一覧だけを表示します", en: "write nothing; list the items that would change" } },
  },
  signoff: {
    reviewer: { value: "NAME", text: { ja: "承認する審査者の名前", en: "name of the reviewer signing off" } },
  },
  check: {
    cert: {
      value: "CERT.json",
      text: { ja: "認定情報ファイル（省略時はブックに保存された認定情報）", en: "certification file (default: the certification stored in the workbook)" },
    },
  },
  diff: {
    json: { text: { ja: "差分を JSON で出力します", en: "print the changes as JSON" } },
  },
  evidence: {
    set: {
      value: "ID=TEXT",
      text: { ja: "区分 C・D の項目に証跡（文書名）を登録します。繰り返し指定できます", en: "register evidence (a document name) for a class C or D item; repeatable" },
    },
    "adopt-remarks": {
      text: { ja: "備考に証跡が書かれた回答済みの C・D 項目を、その記載のまま証跡として登録します", en: "register the remarks of answered C/D items that state their evidence, as written" },
    },
    "write-remarks": {
      text: { ja: "登録済みの証跡を空欄の備考にだけ書き込みます（記載のある備考は変更しません）", en: "write registered evidence into empty remarks cells only (remarks with text are left alone)" },
    },
  },
  demo: {
    out: {
      value: "OUT_DIR",
      text: { ja: "出力先フォルダー（既定 out/）。中のファイルは上書きされます", en: "output folder (default out/); files in it are overwritten" },
    },
  },
};

/** The help of one option of one command (undefined when none is written: the help test fails). */
export function optionHelp(command: string, option: string): OptionHelp | undefined {
  return PER_COMMAND[command]?.[option] ?? DEFAULTS[option];
}

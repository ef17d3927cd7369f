/**
 * Task pane UI language: Japanese first, English switchable.
 * All user-visible strings live here as {ja, en} pairs (Localized).
 */
import type { Localized } from "../domain/types";

export type Lang = "ja" | "en";

/** Office.context.displayLanguage ("ja-JP", "en-US", …) → UI language. Japanese unless clearly another language. */
export function langFromDisplayLanguage(displayLanguage: string | null | undefined): Lang {
  if (!displayLanguage) return "ja";
  return /^ja\b/i.test(displayLanguage) ? "ja" : "en";
}

export function tr(lang: Lang, text: Localized): string {
  return text[lang];
}

/** Fill "{name}" placeholders. */
export function fmt(lang: Lang, text: Localized, vars: Record<string, string | number>): string {
  return text[lang].replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
}

const L = (ja: string, en: string): Localized => ({ ja, en });

/**
 * The strings of the pane's first view (what the first-load modules show). The other tabs' strings are in
 * i18n-panels.ts, loaded with those tabs; its `S` holds these and its own.
 */
export const S = {
  appTitle: L("PHR × 情報銀行 チェックシート", "PHR × Information Bank checksheet"),
  switchLang: L("English", "日本語"),
  switchLangLabel: L("表示言語を英語に切り替える", "Switch the display language to Japanese"),
  loading: L("読み込み中…", "Loading…"),

  // tabs
  tabCert: L("認定", "Cert."),
  tabDetect: L("検出", "Sheet"),
  tabItems: L("項目", "Items"),
  tabSummary: L("概要", "Summary"),
  tabBulk: L("証跡・一括入力", "Evidence & bulk"),
  tabReview: L("審査", "Review"),
  tabsLabel: L("機能の切り替え", "Sections"),

  // actions
  apply: L("適用", "Apply"),
  applyHint: L("認定でカバーされる項目を色分けし、根拠を記入します", "Highlight the items the certification covers and write the references"),
  clear: L("消去", "Clear"),
  clearHint: L("アドインが加えた変更をすべて元に戻します", "Undo everything the add-in added"),
  reload: L("再読込", "Reload"),
  reloadHint: L("ブックを読み直して項目を検出します", "Read the workbook again and detect the items"),
  applied: L(
    "適用しました（シート「{sheet}」）。充足 {covered} 件、要証跡 {evidence} 件、未充足 {notCovered} 件。",
    'Applied to sheet "{sheet}": {covered} covered, {evidence} need evidence, {notCovered} not covered.',
  ),
  appliedContradictions: L(
    "要確認 {n} 件：認定で充足とされる項目に否定の回答があります（赤で表示）: {list}",
    "{n} to check (red): covered items answered no: {list}",
  ),
  cleared: L("消去しました。{n} 個のセルを元に戻しました。", "Cleared: {n} cells restored."),
  clearedKept: L("消去しました。{n} 個のセルを元に戻しました。{kept}", "Cleared: {n} cells restored. {kept}"),
  nothingToClear: L("消去するものはありません。", "Nothing to clear."),
  clearedSummary: L("消去しました。概要シート「{name}」を削除しました。", 'Cleared: the summary sheet "{name}" was deleted.'),
  certInvalidForApply: L(
    "認定情報に入力エラーがあります。「認定」タブで修正してから適用してください。",
    "The certification has input errors. Fix them on the Cert. tab before applying.",
  ),
  noCertForApply: L("認定情報を入力するか、JSON ファイルを読み込んでください。", "Enter the certification or import a JSON file first."),
  dismiss: L("閉じる", "Dismiss"),
  firstRunTitle: L("はじめに（3 ステップ）", "Getting started (3 steps)"),
  firstRunStep1: L("認定情報を入力するか、JSON ファイルを読み込んで「検証」します。", "Enter the certification, or import its JSON file, and check it."),
  firstRunStep2: L("「適用」で充足項目を色分けし、根拠と概要シートを書き込みます（要確認は赤）。", "Apply: covered items are coloured, references and the summary sheet are written (items to check in red)."),
  firstRunStep3: L("適用すると「証跡・一括入力」が開きます。上の 9 項目（証跡が必要）を先に済ませ、残りの充足項目を一括で回答します。", "Apply opens Evidence & bulk: handle the nine items that need evidence at its top first, then answer the remaining covered items at once."),
  errorTitle: L("エラー", "Error"),
  working: L("処理中…", "Working…"),

  // clear dialog
  certHeading: L("情報銀行の認定", "Information bank certification"),
  importJson: L("JSON を読み込む", "Import JSON"),
  importHint: L("infobank-certification/1 形式のファイル", "A file in the infobank-certification/1 format"),
  importFailed: L("ファイル「{name}」を読み込めませんでした。", 'Could not import "{name}".'),
  importProblems: L("ファイル「{name}」に {n} 件の問題があります。各欄の表示を確認してください。", 'The file "{name}" has {n} problems; see the fields below.'),
  imported: L("ファイル「{name}」を読み込みました。", 'Imported "{name}".'),
  loadedFromWorkbook: L("ブックに保存されている認定情報を読み込みました。", "Loaded the certification stored in the workbook."),
  save: L("ブックに保存", "Save to workbook"),
  saved: L("認定情報をブックに保存しました。", "Saved the certification to the workbook."),
  check: L("検証", "Check"),
  formHasErrors: L("入力に {n} 件のエラーがあります。", "The form has {n} errors."),
  scopeHealth: L("健康・医療分野の要配慮個人情報（health-medical）", "Health and medical special-care data (health-medical)"),
  otherScopes: L("その他の対象範囲: {list}", "Other scopes: {list}"),
  dateHint: L("入力、または ↓ キーでカレンダー", "Type, or press ↓ for the calendar"),
  datePlaceholder: L("2025-10-01・令和7年10月1日", "2025-10-01 or 2025/10/01"),
  versionPlaceholder: L("例: 3.0", "e.g. 3.0"),
  extraKept: L("ファイルの未知の項目 {n} 件は保存時にそのまま残します。", "Unknown fields of the file ({n}) are kept when saving."),
  evalValid: L("有効な認定です（基準日 {asOf}）", "Valid certification (as of {asOf})"),
  evalValidBody: L("A・B 区分の {n} 項目が認定により充足されます。", "The {n} items of classes A and B are covered by the certification."),
  evalWarning: L("有効（注意あり）", "Valid, with warnings"),
  evalInvalid: L("この認定では項目を充足できません（基準日 {asOf}）", "This certification covers no item (as of {asOf})"),
  evalIncomplete: L("入力を完了すると認定の有効性を判定します。", "Complete the form to check the certification."),

  // detection
  cwEdited: L("{id} を修正しました（対応表 {version}）。", "{id} corrected (crosswalk {version})."),
  cwEditedName: L("専門家修正版", "expert-corrected"),
  surveillanceHint: L("任意。年1回のサーベイランスから13か月を超えると警告します。", "Optional. A warning when the yearly surveillance is more than 13 months ago."),
  cwLoaded: L(
    "対応表ファイル「{name}」を読み込みました。分析・適用・項目・概要・一括入力・審査はこの対応表を使います。",
    'Loaded the crosswalk file "{name}". Analysis, apply, items, summary, bulk-mark and review now use it.',
  ),
  cwLoadedWithWarnings: L(
    "対応表ファイル「{name}」を読み込みました（注意 {n} 件、「概要」タブを参照）。以降はこの対応表を使います。",
    'Loaded the crosswalk file "{name}" with {n} warnings (see the Summary tab). It is used from now on.',
  ),
  cwResetDone: L("同梱の対応表に戻しました。", "Back to the bundled crosswalk."),
  cwIndicator: L("対応表: 読み込んだファイル「{name}」（{version}）", 'Crosswalk: loaded file "{name}" ({version})'),
} satisfies Record<string, Localized>;

export type StringKey = keyof typeof S;

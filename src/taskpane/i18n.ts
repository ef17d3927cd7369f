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
  clearTitle: L("アドインの記入を消去しますか？", "Clear the add-in's marks?"),
  clearBody: L(
    "{n} 個のセルをアドインの適用前の状態に戻します（塗りつぶし・追加した列・一括入力した回答）。Excel の元に戻す（Ctrl+Z）ではなく、ブックに保存した記録から戻します。",
    "{n} cells go back to how they were before the add-in (fills, the added columns, bulk-marked answers). This uses the record saved in the workbook, not Excel's undo (Ctrl+Z).",
  ),
  keptBody: L(
    "アドインの記入後に変更された次の {n} 件はそのまま残します:",
    "These {n} changes made after the add-in wrote are kept:",
  ),
  forceClear: L("変更も含めて元に戻す", "Restore those too"),
  handEditValue: L("値", "value"),
  handEditFill: L("塗りつぶし", "fill"),
  handEditWrap: L("折り返し", "wrap"),
  handEditAnswer: L("入力された回答", "answer typed"),
  handEditMore: L("ほか {n} 件", "and {n} more"),
  confirmClear: L("消去する", "Clear"),
  cancel: L("キャンセル", "Cancel"),
  empty: L("（空）", "(empty)"),

  // certification
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
  itemsKeysHint: L("↑↓ で移動、→ で開く、← で閉じる", "↑↓ move, → opens, ← closes"),
  itemsExpandAll: L("すべて開く", "Open all"),
  itemsCollapseAll: L("すべて閉じる", "Close all"),
  datePlaceholder: L("2025-10-01・令和7年10月1日", "2025-10-01 or 2025/10/01"),
  versionPlaceholder: L("例: 3.0", "e.g. 3.0"),
  extraKept: L("ファイルの未知の項目 {n} 件は保存時にそのまま残します。", "Unknown fields of the file ({n}) are kept when saving."),
  evalValid: L("有効な認定です（基準日 {asOf}）", "Valid certification (as of {asOf})"),
  evalValidBody: L("A・B 区分の {n} 項目が認定により充足されます。", "The {n} items of classes A and B are covered by the certification."),
  evalWarning: L("有効（注意あり）", "Valid, with warnings"),
  evalInvalid: L("この認定では項目を充足できません（基準日 {asOf}）", "This certification covers no item (as of {asOf})"),
  evalIncomplete: L("入力を完了すると認定の有効性を判定します。", "Complete the form to check the certification."),

  // detection
  detectHeading: L("チェックシートの検出", "Checksheet detection"),
  sheetLabel: L("対象シート", "Sheet"),
  sheetAuto: L("自動選択", "Automatic"),
  detect: L("検出", "Detect"),
  detSheet: L("シート", "Sheet"),
  detColumns: L("列", "Columns"),
  colId: L("番号", "ID"),
  colText: L("項目", "Item"),
  colAnswer: L("回答", "Answer"),
  colRemarks: L("備考", "Remarks"),
  detFound: L("検出 / 想定", "Found / expected"),
  detConfidence: L("確度", "Confidence"),
  detHeaderRow: L("見出し行", "Header row"),
  detMissing: L("シートにない項目（{n}）", "Not in the sheet ({n})"),
  detUnknown: L("対応表にない項目（{n}）", "Unknown to the crosswalk ({n})"),
  detUnverified: L("要確認: 文言が対応表と一致しない項目（{n}）", "To be checked: text differs from the catalog ({n})"),
  detSheetText: L("シートの文言", "Sheet text"),
  detCatalogText: L("対応表 {id}", "Catalog {id}"),
  detSimilarity: L("類似度 {s}", "similarity {s}"),
  detProposal: L("候補: {id}（類似度 {s}）", "Candidate: {id} (similarity {s})"),
  detWarnings: L("シートについての警告", "Warnings about the sheet"),
  cwEditHeading: L("専門家による修正", "Corrections by an expert"),
  cwEditItem: L("項目", "Item"),
  cwEditUnknown: L("対応表にない項目", "Not in the crosswalk:"),
  cwEditClass: L("分類", "Class"),
  cwEditRefs: L("情報銀行チェックシートの参照", "情報銀行 checklist references"),
  cwEditRefsHint: L("例: 5.1② 業務能力など No.6 / 5.3.3⑦ 利用、保持及び開示の制限 No.86（一部）", "e.g. 5.1② 業務能力など No.6 / 5.3.3⑦ 利用、保持及び開示の制限 No.86（一部）"),
  cwEditBadRefs: L("参照「{refs}」を読み取れません。", "Cannot read the references \"{refs}\"."),
  cwEditSummary: L("項目の要約（言い換え）", "Item summary (paraphrase)"),
  cwEditBy: L("修正者", "Expert"),
  cwEditOn: L("日付", "Date"),
  cwEditApply: L("この修正を対応表に反映", "Apply to the crosswalk"),
  cwEditSave: L("対応表をファイルに保存", "Save the crosswalk as a file"),
  cwEdited: L("{id} を修正しました（対応表 {version}）。", "{id} corrected (crosswalk {version})."),
  cwEditedName: L("専門家修正版", "expert-corrected"),
  userProvenance: L("専門家修正（{by}・{on}）", "corrected by {by} ({on})"),
  matchedByContent: L("内容で照合（番号 {raw}）", "matched by content (numbered {raw})"),
  detDuplicates: L("重複（{n}）", "Duplicates ({n})"),
  detRow: L("{n} 行", "row {n}"),
  detRows: L("{rows} 行目", "rows {rows}"),
  detOk: L("チェックシートを検出しました。", "Checksheet detected."),
  detNotOk: L("チェックシートを確認できませんでした。", "Could not identify the checksheet."),
  noDetection: L("まだ検出していません。", "Nothing detected yet."),
  answerList: L("回答の選択肢", "Answer choices"),
  marksPresent: L("このシートにはアドインの記入があります。", "This sheet has marks made by the add-in."),

  // items
  itemsHeading: L("項目一覧", "Items"),
  paraphraseNotice: L("項目の要約は当方による言い換えであり、公式の文言ではありません。", "Item summaries are our paraphrases, not the official wording."),
  filterClass: L("区分", "Class"),
  filterStatus: L("状態", "Status"),
  statusAll: L("すべて", "All"),
  statusCovered: L("充足", "Covered"),
  statusNeedsEvidence: L("要証跡", "Needs evidence"),
  statusNotCovered: L("未充足", "Not covered"),
  search: L("検索（番号・要約・参照）", "Search (id, summary, refs)"),
  shownOf: L("{shown} / {total} 件", "{shown} of {total}"),
  noItems: L("該当する項目はありません。", "No matching items."),
  published: L("公表例", "Published"),
  assessed: L("当方評価", "Our assessment"),
  refs: L("情報銀行の審査項目", "Certification items"),
  noRefs: L("該当なし", "None"),
  partial: L("（一部）", " (partial)"),
  rationale: L("根拠", "Rationale"),
  evidence: L("必要な証跡", "Evidence needed"),
  gap: L("不足する点", "Gap"),
  source: L("出典", "Source"),
  goToRow: L("シートの {row} 行目を選択", "Select row {row} in the sheet"),
  notInSheet: L("シートに見つからない項目", "Not found in the sheet"),

  // summary
  summaryHeading: L("概要", "Summary"),
  covered: L("充足", "Covered"),
  needsEvidence: L("要証跡", "Needs evidence"),
  notCovered: L("未充足", "Not covered"),
  total: L("合計", "Total"),
  byClass: L("区分別の項目数", "Items by class"),
  coverageBar: L("充足と要証跡", "Covered vs needs evidence"),
  legend: L("色の凡例", "Colour legend"),
  legendA: L("A 充足（認定の方が厳しい）", "A covered (certification stricter)"),
  legendB: L("B 充足（同等）", "B covered (equivalent)"),
  legendEvidence: L("C 要証跡（PHR指針の方が厳しい）", "C evidence needed (PHR stricter)"),
  legendD: L("D 要証跡（認定に該当なし）", "D evidence needed (no counterpart)"),
  legendContradiction: L("要確認（充足の項目に否定の回答）", "To check (covered item answered no)"),
  legendNotCovered: L("未充足（認定が無効）", "Not covered (certification not valid)"),
  surveillanceHint: L("任意。年1回のサーベイランスから13か月を超えると警告します。", "Optional. A warning when the yearly surveillance is more than 13 months ago."),
  legendUnverified: L("要確認（文言が対応表と不一致）", "To be checked (text differs from the catalog)"),
  expectedTotals: L("公表値: A {A}・B {B}・C {C}・D {D}", "Published totals: A {A}, B {B}, C {C}, D {D}"),
  noCertYet: L("認定情報が未入力のため、A・B 区分は未充足として数えています。", "No certification entered yet: classes A and B count as not covered."),

  // crosswalk (概要 tab): which table is active, load another file, go back to the bundled one
  cwHeading: L("対応表", "Crosswalk"),
  cwImport: L("対応表ファイルを読み込む", "Load a crosswalk file"),
  cwImportHint: L(
    "phr-infobank-crosswalk/1 形式の JSON（例: phr-checksheet crosswalk --format json の出力）",
    "JSON in the phr-infobank-crosswalk/1 format (e.g. the output of phr-checksheet crosswalk --format json)",
  ),
  cwReset: L("同梱の対応表に戻す", "Use the bundled crosswalk"),
  cwValidating: L("対応表を検証しています…", "Validating the crosswalk…"),
  cwSource: L("出所", "Source"),
  cwSourceBundled: L("同梱", "Bundled"),
  cwSourceFile: L("読み込んだファイル: {name}", "Loaded file: {name}"),
  cwVersion: L("対応表の版", "Crosswalk version"),
  cwChecksheet: L("チェックシートの版", "Checksheet version"),
  cwChecklist: L("審査チェックシートの版", "Checklist version"),
  cwItemCount: L("項目数", "Items"),
  cwNotice: L("対応表の注記", "Crosswalk notice"),
  cwLoaded: L(
    "対応表ファイル「{name}」を読み込みました。分析・適用・項目・概要・一括入力・審査はこの対応表を使います。",
    'Loaded the crosswalk file "{name}". Analysis, apply, items, summary, bulk-mark and review now use it.',
  ),
  cwLoadedWithWarnings: L(
    "対応表ファイル「{name}」を読み込みました（注意 {n} 件、「概要」タブを参照）。以降はこの対応表を使います。",
    'Loaded the crosswalk file "{name}" with {n} warnings (see the Summary tab). It is used from now on.',
  ),
  cwResetDone: L("同梱の対応表に戻しました。", "Back to the bundled crosswalk."),
  cwInvalid: L(
    "対応表ファイル「{name}」は使えません。現在の対応表のまま変更していません。",
    'The crosswalk file "{name}" cannot be used; the active crosswalk is unchanged.',
  ),
  cwErrorCount: L("エラー {n} 件:", "{n} errors:"),
  cwMoreErrors: L("ほか {n} 件", "and {n} more"),
  cwNotJson: L("JSON として読み取れません。", "It is not valid JSON."),
  cwTooLarge: L("ファイルが大きすぎます（{mb} MB、上限 {max} MB）。", "The file is too large ({mb} MB, limit {max} MB)."),
  cwReadFailed: L("ファイルを読み取れませんでした。", "The file could not be read."),
  cwLoadFailed: L("対応表の検証機能を読み込めませんでした。", "The crosswalk validator could not be loaded."),
  cwWarningsTitle: L("この対応表には注意点があります（このまま使います）", "This crosswalk has warnings (it is used anyway)"),
  cwMismatch: L(
    "このブックは対応表 {stored} で適用されていますが、現在の対応表は {active} です。シートの表示を揃えるには「適用」をやり直してください。",
    "This workbook was annotated with crosswalk {stored}, but the active crosswalk is {active}. Apply again to bring the sheet in line.",
  ),
  cwIndicator: L("対応表: 読み込んだファイル「{name}」（{version}）", 'Crosswalk: loaded file "{name}" ({version})'),
  itemsImportedNotice: L(
    "読み込んだ対応表ファイル「{name}」の内容を表示しています（同梱の対応表ではありません）。",
    'Showing the loaded crosswalk file "{name}" (not the bundled crosswalk).',
  ),

} satisfies Record<string, Localized>;

export type StringKey = keyof typeof S;

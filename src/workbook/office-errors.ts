/**
 * Office errors -> UserFacingError with bilingual messages (never a stack trace).
 * Codes are those of OfficeExtension.Error / Excel.ErrorCodes.
 */
import type { Localized } from "../domain/types";
import { UserFacingError } from "./gateway";

export const OFFICE_MESSAGES = {
  unsupported: {
    ja: "このバージョンの Excel には対応していません（ExcelApi 1.9 以上が必要です）。Microsoft 365 版 Excel、Excel 2021 以降、または Excel on the web をお使いください（ボリュームライセンス版 Office 2019 は ExcelApi 1.7 までのため使えません）。",
    en: "This version of Excel is not supported (ExcelApi 1.9 or later is required). Use Excel for Microsoft 365, Excel 2021 or later, or Excel on the web (volume-licensed Office 2019 supports ExcelApi 1.7 only).",
  },
  apiMissing: {
    ja: "この操作はお使いの Excel では利用できません（必要な API がありません）。Excel を更新してからもう一度お試しください。",
    en: "This operation is not available in your version of Excel (a required API is missing). Update Excel and try again.",
  },
  cellEdit: {
    ja: "セルの編集中です。Enter キーで確定するか Esc キーで取り消してから、もう一度実行してください。",
    en: "A cell is being edited. Press Enter to confirm or Esc to cancel the edit, then try again.",
  },
  protected: {
    ja: "シートまたはブックが保護されているため変更できませんでした。保護を解除してから、もう一度実行してください。",
    en: "The sheet or workbook is protected, so it could not be changed. Unprotect it and try again.",
  },
  tooLarge: {
    ja: "データが大きすぎて Excel との 1 回のやり取りで処理できません（Excel on the web の上限は 5 MB、読み取りは 500 万セルまで）。範囲を小さくしてください。",
    en: "The data is too large for one round trip with Excel (Excel on the web allows 5 MB per request; reads are limited to 5,000,000 cells). Reduce the range.",
  },
  responseTooLarge: {
    ja: "Excel からの応答が大きすぎました（Excel on the web の上限は 5 MB）。シートの内容を小さく分けて読み込めませんでした。不要なシートや大きな表を別のブックに移してから、もう一度お試しください。",
    en: "Excel's answer was too large (Excel on the web allows 5 MB per response) and could not be split further. Move large sheets or tables to another workbook and try again.",
  },
  undo: {
    ja: "Excel がこの変更を「元に戻す」の 1 操作にまとめられませんでした。何も変更していない可能性があります。ブックの状態を確認してから、もう一度お試しください。",
    en: "Excel could not group this change into one undo step. The change may not have been made; check the workbook and try again.",
  },
  inactive: {
    ja: "別のブックが前面にあるため操作できませんでした。このブックのウィンドウをクリックしてから、もう一度お試しください。",
    en: "Another workbook has the focus, so the operation could not run. Click this workbook's window and try again.",
  },
  general: {
    ja: "Excel 内部のエラーで操作が完了しませんでした。複数のブックを開いている場合はこのブックを前面にして、もう一度お試しください。",
    en: "Excel reported an internal error and the operation did not complete. If several workbooks are open, bring this one to the front and try again.",
  },
  rangeLimit: {
    ja: "対象の範囲が Excel の上限を超えています（セル数が多すぎます）。範囲を小さくしてください。",
    en: "The range exceeds Excel's limits (too many cells). Reduce the range.",
  },
  exists: {
    ja: "同じ名前のシートがすでにあります。アドインのシート名（PHR_ADDIN_DATA・審査記録・PHRチェック概要）と同じ名前のシートを確認してください。",
    en: "A sheet with the same name already exists. Check for sheets named like the add-in's (PHR_ADDIN_DATA, 審査記録, PHRチェック概要).",
  },
  lastVisibleSheet: {
    ja: "概要シートを削除すると表示されているシートがなくなるため、消去できません。ほかのシートを 1 つ再表示してから実行してください（何も変更していません）。",
    en: "Removing the summary sheet would leave no visible sheet, so clear cannot run. Unhide another sheet and try again (nothing was changed).",
  },
  notFound: {
    ja: "対象のシートまたはセルが見つかりませんでした。ブックが変更された可能性があります。もう一度読み込んでください。",
    en: "The sheet or cell was not found. The workbook may have changed; reload it and try again.",
  },
  busy: {
    ja: "Excel が応答できない状態です（別の操作中の可能性があります）。少し待ってから、もう一度お試しください。",
    en: "Excel is busy (another operation may be running). Wait a moment and try again.",
  },
} satisfies Record<string, Localized>;

function generic(code: string): Localized {
  return {
    ja: `Excel の操作に失敗しました（${code}）。もう一度お試しください。`,
    en: `The Excel operation failed (${code}). Please try again.`,
  };
}

export function officeErrorCode(e: unknown): string | null {
  if (e && typeof e === "object" && "code" in e && typeof (e as { code: unknown }).code === "string") return (e as { code: string }).code;
  return null;
}

/**
 * Map anything thrown by Excel.run to a UserFacingError (UserFacingErrors pass through). [R10] Decided on the
 * error `code` only: the message is localized and "isn't intended for consumption by end users"
 * (docs/testing/application-specific-api-error-handling.md). Codes from that table / Excel.ErrorCodes.
 */
export function toUserFacing(e: unknown): UserFacingError {
  if (e instanceof UserFacingError) return e;
  const code = officeErrorCode(e);
  switch (code) {
    case "InvalidOperationInCellEditMode":
      return new UserFacingError("cell-edit", OFFICE_MESSAGES.cellEdit);
    case "AccessDenied":
      return new UserFacingError("protected", OFFICE_MESSAGES.protected);
    case "ApiNotFound":
    case "NotImplemented":
      return new UserFacingError("unsupported-api", OFFICE_MESSAGES.apiMissing);
    case "RequestPayloadSizeLimitExceeded":
      return new UserFacingError("too-large", OFFICE_MESSAGES.tooLarge);
    case "ResponsePayloadSizeLimitExceeded":
      return new UserFacingError("too-large", OFFICE_MESSAGES.responseTooLarge);
    case "RangeExceedsLimit":
      return new UserFacingError("too-large", OFFICE_MESSAGES.rangeLimit);
    case "ItemNotFound":
      return new UserFacingError("not-found", OFFICE_MESSAGES.notFound);
    case "ItemAlreadyExists":
      return new UserFacingError("exists", OFFICE_MESSAGES.exists);
    case "UndoNotSupported":
      return new UserFacingError("undo-not-supported", OFFICE_MESSAGES.undo);
    case "InactiveWorkbook":
    case "InvalidSelection":
      return new UserFacingError("inactive-workbook", OFFICE_MESSAGES.inactive);
    case "GeneralException":
      return new UserFacingError("excel-internal", OFFICE_MESSAGES.general);
    case "ActivityLimitReached":
    case "Conflict":
      return new UserFacingError("busy", OFFICE_MESSAGES.busy);
    default:
      return new UserFacingError("excel-error", generic(code ?? "Error"));
  }
}

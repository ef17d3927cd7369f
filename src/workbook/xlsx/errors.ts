/** UserFacingError factories for the OOXML adapter (bilingual, Japanese first). */
import { UserFacingError } from "../gateway";

export type XlsxErrorCode =
  | "empty"
  | "corrupt"
  | "encrypted"
  | "xls"
  | "not-xlsx"
  | "too-large"
  | "unsupported"
  | "protected"
  | "sheet-not-found";

function q(fileName?: string): { ja: string; en: string } {
  return fileName ? { ja: `「${fileName}」`, en: `"${fileName}"` } : { ja: "このファイル", en: "The file" };
}

export function openError(code: XlsxErrorCode, fileName?: string): UserFacingError {
  const f = q(fileName);
  switch (code) {
    case "empty":
      return new UserFacingError(code, {
        ja: `${f.ja}は空です（0 バイト）。Excel ブック（.xlsx）を指定してください。`,
        en: `${f.en} is empty (0 bytes); please give an Excel workbook (.xlsx).`,
      });
    case "encrypted":
      return new UserFacingError(code, {
        ja: `${f.ja}はパスワードで保護（暗号化）されています。Excel でパスワードを解除して保存し直してから指定してください。`,
        en: `${f.en} is password-protected (encrypted); remove the password in Excel, save it, and try again.`,
      });
    case "xls":
      return new UserFacingError(code, {
        ja: `${f.ja}は旧形式の Excel ファイル（.xls）です。Excel で .xlsx 形式に保存し直してから指定してください。`,
        en: `${f.en} is a legacy Excel file (.xls); save it as .xlsx in Excel and try again.`,
      });
    case "not-xlsx":
      return new UserFacingError(code, {
        ja: `${f.ja}は Excel ブック（.xlsx）ではありません（CSV やテキスト、別形式のファイルの可能性があります）。`,
        en: `${f.en} is not an Excel workbook (.xlsx); it may be CSV, text or another format.`,
      });
    case "corrupt":
    default:
      return new UserFacingError("corrupt", {
        ja: `${f.ja}は壊れているか途中で切れているため、Excel ブックとして読み取れません。`,
        en: `${f.en} is damaged or truncated and cannot be read as an Excel workbook.`,
      });
  }
}

/** One classification for every parse failure of a part (bad XML, truncated element, invalid character, bad CRC). */
export function damagedPart(part: string, fileName?: string): UserFacingError {
  const f = q(fileName);
  return new UserFacingError("corrupt", {
    ja: `${f.ja}の部品 ${part} が壊れています（途中で切れているか、XML として読み取れません）。Excel で開いて保存し直してください。`,
    en: `${f.en}: part ${part} is damaged (truncated or not readable as XML); open it in Excel and save it again.`,
  });
}

/** Refused before inflating: the declared sizes exceed the container's limits (ZIP_LIMITS). */
export function tooLarge(fileName: string | undefined, what: string, limit: string): UserFacingError {
  const f = q(fileName);
  return new UserFacingError("too-large", {
    ja: `${f.ja}は展開後のサイズが上限を超えるため読み取りません（${what}、上限 ${limit}）。不要なシートや画像を削除して保存し直してください。`,
    en: `${f.en} is too large once unpacked (${what}; the limit is ${limit}); it was not read. Remove unneeded sheets or images and save it again.`,
  });
}

export function unsupported(what: { ja: string; en: string }): UserFacingError {
  return new UserFacingError("unsupported", {
    ja: `この変更はブックを正確に保ったまま行えないため、何も変更していません：${what.ja}`,
    en: `Nothing was changed because this edit cannot be made faithfully: ${what.en}`,
  });
}

export function protectedSheet(sheet: string): UserFacingError {
  return new UserFacingError("protected", {
    ja: `シート「${sheet}」は保護されているため、ロックされたセルを変更できません。保護を解除してから再実行してください（何も変更していません）。`,
    en: `Sheet "${sheet}" is protected, so its locked cells cannot be changed; unprotect it and try again (nothing was changed).`,
  });
}

export function protectedStructure(): UserFacingError {
  return new UserFacingError("protected", {
    ja: "ブックの構成が保護されているため、シートを追加・削除できません。保護を解除してから再実行してください（何も変更していません）。",
    en: "The workbook structure is protected, so sheets cannot be added or removed; unprotect it and try again (nothing was changed).",
  });
}

export function sheetNotFound(sheet: string): UserFacingError {
  return new UserFacingError("sheet-not-found", {
    ja: `シート「${sheet}」が見つかりません。`,
    en: `Sheet "${sheet}" was not found.`,
  });
}

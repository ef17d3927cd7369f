/** Opening a workbook for the CLI: the .xlsx adapter on Node's codecs, with the CLI's bilingual errors. */
import * as path from "path";
import { UserFacingError } from "../workbook/gateway";
import { XlsxWorkbook } from "../workbook/xlsx";
import { NODE_ENGINE } from "./node-engine";
import { fail, readInputFile, type Io } from "./io";

export function openWorkbook(file: string, io: Io): XlsxWorkbook {
  const ext = path.extname(file).toLowerCase();
  const bytes = readInputFile(file, io, { ja: "ブック", en: "workbook" });
  if (ext === ".xls") fail(`「${file}」は旧形式の .xls です。Excel で .xlsx として保存し直してください。`, `"${file}" is a legacy .xls file; save it as .xlsx in Excel first.`);
  if (ext === ".csv") fail(`「${file}」は CSV です。チェックシートの .xlsx ファイルを指定してください。`, `"${file}" is a CSV file; give the checksheet .xlsx file.`);
  try {
    return XlsxWorkbook.open(bytes, path.basename(file), NODE_ENGINE);
  } catch (e) {
    if (e instanceof UserFacingError)
      fail(`「${path.basename(file)}」: ${e.localized.ja}`, `"${path.basename(file)}": ${e.localized.en}`);
    throw e;
  }
}

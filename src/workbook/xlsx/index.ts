export { XlsxWorkbook } from "./xlsx-workbook";
export { NO_ROW, NO_ROW_EMPTY_SHEETDATA } from "./sheet";

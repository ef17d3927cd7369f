/**
 * A richly featured checksheet workbook for fidelity tests: the messy layout (merges, hidden rows,
 * ○/× validations, 表紙/記入例/改訂履歴 sheets) plus styles, a formula, a legacy comment with an author,
 * a defined name, and custom document properties (docProps/custom.xml, which ExcelJS drops on save).
 */
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { messyLayout, type MessyOptions } from "./layouts";
import { addSheet } from "./make-xlsx";

export const CUSTOM_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="申請番号"><vt:lpwstr>APP-2026-0042（架空）</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Classification"><vt:lpwstr>社外秘</vt:lpwstr></property></Properties>`;

export async function richChecksheetXlsx(opts: MessyOptions = {}): Promise<Uint8Array> {
  const crosswalk = loadBundledCrosswalk();
  const book = messyLayout(crosswalk.entries, opts);
  const wb = new ExcelJS.Workbook();
  wb.creator = "fidelity fixture";
  wb.created = new Date("2024-04-01T00:00:00Z");
  wb.modified = new Date("2024-04-01T00:00:00Z");
  for (const s of book.sheets) addSheet(wb, s);
  const cover = wb.getWorksheet(book.sheets[0].name)!;
  cover.getCell("B1").value = { formula: "COUNTA('" + book.checksheet + "'!D:D)", result: 3 } as ExcelJS.CellFormulaValue;
  cover.getCell("A1").font = { bold: true, size: 16, color: { argb: "FF1F4E79" } };
  cover.getCell("A1").note = { texts: [{ text: "提出前に事業者名を記入すること（架空の注記）" }] } as ExcelJS.Comment;
  const sheet = wb.getWorksheet(book.checksheet)!;
  sheet.getCell("B7").border = { bottom: { style: "thin", color: { argb: "FF000000" } } };
  wb.definedNames.add(`'${book.checksheet}'!$A$1:$E$40`, "印刷範囲_テスト");
  const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);

  // Inject custom document properties (as Excel writes them).
  const parts = unzipSync(bytes);
  parts["docProps/custom.xml"] = strToU8(CUSTOM_XML);
  let ct = strFromU8(parts["[Content_Types].xml"]);
  ct = ct.replace(
    "</Types>",
    '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
  );
  parts["[Content_Types].xml"] = strToU8(ct);
  let rels = strFromU8(parts["_rels/.rels"]);
  rels = rels.replace(
    "</Relationships>",
    '<Relationship Id="rIdCustom1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
  );
  parts["_rels/.rels"] = strToU8(rels);
  return zipSync(parts);
}

/** Every part of a zip, decompressed, as text or bytes. */
export function zipParts(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes);
}

/** Parts of a zip; directory entries (names ending "/", written by some zip tools) are not OPC parts. */
function partsOnly(bytes: Uint8Array): Record<string, Uint8Array> {
  const all = unzipSync(bytes);
  return Object.fromEntries(Object.entries(all).filter(([n]) => !n.endsWith("/")));
}

/** Names of the parts that differ between two workbooks (added, removed or changed), byte for byte. */
export function differingParts(a: Uint8Array, b: Uint8Array): string[] {
  const pa = partsOnly(a);
  const pb = partsOnly(b);
  const names = new Set([...Object.keys(pa), ...Object.keys(pb)]);
  const out: string[] = [];
  for (const n of [...names].sort()) {
    const x = pa[n];
    const y = pb[n];
    if (!x || !y || x.length !== y.length || !x.every((v, i) => v === y[i])) out.push(n);
  }
  return out;
}

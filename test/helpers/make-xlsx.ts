/**
 * Write LayoutBook sheets (test/helpers/layouts.ts) to real .xlsx bytes with ExcelJS:
 * real merges, hidden rows, list data validations (dropdowns), sheet visibility, rich text.
 */
import ExcelJS from "exceljs";
import type { CellValue } from "../../src/domain/types";
import type { LayoutBook, SheetSpec } from "./layouts";

export interface WriteOptions {
  creator?: string;
  /** Fixed timestamp so the bytes do not depend on the clock. */
  date?: Date;
}

function cellKey(r: number, c: number): string {
  return `${r},${c}`;
}

function escapeListItem(s: string): string {
  return s.replace(/"/g, '""');
}

export function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(spec.name, {
    state: spec.visibility ?? "visible",
  });
  const rich = new Set((spec.richText ?? []).map((a) => cellKey(a.row, a.col)));
  spec.values.forEach((row, r) => {
    row.forEach((v: CellValue, c) => {
      if (v === null || v === undefined || v === "") return;
      const cell = ws.getCell(r + 1, c + 1);
      if (typeof v === "string" && rich.has(cellKey(r, c)) && v.length > 1) {
        const cut = Math.max(1, Math.floor(v.length / 2));
        cell.value = { richText: [{ text: v.slice(0, cut), font: { bold: true } }, { text: v.slice(cut) }] };
      } else {
        cell.value = v;
      }
      if (typeof v === "string" && v.includes("\n")) cell.alignment = { wrapText: true, vertical: "top" };
    });
  });
  for (const g of spec.merges ?? []) ws.mergeCells(g.top + 1, g.left + 1, g.bottom + 1, g.right + 1);
  for (const r of spec.hiddenRows ?? []) ws.getRow(r + 1).hidden = true;
  for (const r of spec.boldRows ?? []) ws.getRow(r + 1).font = { bold: true };
  for (const r of spec.shadedRows ?? []) {
    const width = Math.max(1, spec.values[r]?.length ?? 1);
    for (let c = 0; c < width; c++) {
      ws.getCell(r + 1, c + 1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEDEDED" } };
    }
  }
  for (const v of spec.validations ?? []) {
    const formula = `"${v.list.map(escapeListItem).join(",")}"`;
    for (const g of v.ranges) {
      for (let r = g.top; r <= g.bottom; r++) {
        for (let c = g.left; c <= g.right; c++) {
          ws.getCell(r + 1, c + 1).dataValidation = {
            type: "list",
            allowBlank: true,
            formulae: [formula],
            showErrorMessage: true,
            errorTitle: "入力エラー",
            error: "リストから選択してください。",
          };
        }
      }
    }
  }
  (spec.widths ?? []).forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return ws;
}

/** Write sheets to .xlsx bytes. */
export async function writeSheetsXlsx(sheets: SheetSpec[], opts: WriteOptions = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = opts.creator ?? "phr-infobank-checksheet tests";
  const when = opts.date ?? new Date("2024-04-01T00:00:00Z");
  wb.created = when;
  wb.modified = when;
  for (const s of sheets) addSheet(wb, s);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** Write a generated layout book to .xlsx bytes. */
export function writeLayoutXlsx(book: LayoutBook, opts: WriteOptions = {}): Promise<Uint8Array> {
  return writeSheetsXlsx(book.sheets, opts);
}

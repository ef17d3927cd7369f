/**
 * Layout detection on real .xlsx files: the generated layouts are written with ExcelJS
 * (real merges, hidden rows, list validations), read back with ExcelJS into SheetMatrix,
 * and detected against the full bundled catalog and the synthetic one.
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as path from "path";
import { detectChecksheet, pickSheet } from "../../src/domain/detect";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import type { CatalogItem, CellRect, CellValue, ListValidation, SheetMatrix } from "../../src/domain/types";
import { messyLayout, splitLayout, standardLayout, syntheticCatalog, type LayoutBook } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";

/* ------------------------------------------------------------------ */
/* A tiny ExcelJS → SheetMatrix reader (test-only)                     */
/* ------------------------------------------------------------------ */

function decodeRange(ref: string): CellRect {
  const parse = (a: string) => {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a.trim());
    if (!m) throw new Error(`bad address ${a}`);
    let col = 0;
    for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]) - 1, col: col - 1 };
  };
  const [a, b] = ref.split(":");
  const p = parse(a!);
  const q = b ? parse(b) : p;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

function toCellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return toCellValue((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ("text" in v && typeof (v as { text: unknown }).text === "string") return (v as { text: string }).text;
    if ("error" in v) return null;
  }
  return String(v);
}

function parseListFormula(f: string | undefined): string[] | null {
  if (!f) return null;
  const m = /^"(.*)"$/s.exec(f.trim());
  if (!m) return null;
  return m[1]!.split(",").map((s) => s.replace(/""/g, '"').trim());
}

export function readSheet(ws: ExcelJS.Worksheet): SheetMatrix {
  const merges: CellRect[] = ((ws.model as { merges?: string[] }).merges ?? []).map(decodeRange);
  const covered = new Set<string>();
  for (const g of merges)
    for (let r = g.top; r <= g.bottom; r++) for (let c = g.left; c <= g.right; c++) if (r !== g.top || c !== g.left) covered.add(`${r},${c}`);

  const values: CellValue[][] = [];
  const hiddenRows: number[] = [];
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const r = rowNumber - 1;
    if (row.hidden) hiddenRows.push(r);
    const out: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const c = colNumber - 1;
      if (covered.has(`${r},${c}`)) return;
      while (out.length < c) out.push(null);
      out[c] = toCellValue(cell.value);
    });
    while (values.length < r) values.push([]);
    values[r] = out;
  });

  // Data validations: per-cell model → vertical runs per (column, list).
  const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model;
  const byList = new Map<string, { list: string[]; cells: { row: number; col: number }[] }>();
  for (const [addr, dv] of Object.entries(model)) {
    if (!dv || dv.type !== "list") continue;
    const list = parseListFormula(dv.formulae?.[0] as string | undefined);
    if (!list) continue;
    const key = JSON.stringify(list);
    const e = byList.get(key) ?? { list, cells: [] };
    const rect = decodeRange(addr);
    for (let r = rect.top; r <= rect.bottom; r++) for (let c = rect.left; c <= rect.right; c++) e.cells.push({ row: r, col: c });
    byList.set(key, e);
  }
  const validations: ListValidation[] = [];
  for (const { list, cells } of byList.values()) {
    cells.sort((a, b) => a.col - b.col || a.row - b.row);
    const ranges: CellRect[] = [];
    for (const cell of cells) {
      const last = ranges[ranges.length - 1];
      if (last && last.left === cell.col && last.bottom + 1 === cell.row) last.bottom = cell.row;
      else ranges.push({ top: cell.row, left: cell.col, bottom: cell.row, right: cell.col });
    }
    validations.push({ ranges, list });
  }

  return {
    name: ws.name,
    values,
    merges,
    hiddenRows,
    validations,
    visibility: ws.state === "veryHidden" ? "veryHidden" : ws.state === "hidden" ? "hidden" : "visible",
  };
}

export async function readXlsx(bytes: Uint8Array): Promise<SheetMatrix[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.worksheets.map(readSheet);
}

async function roundTrip(book: LayoutBook): Promise<{ sheets: SheetMatrix[]; sheet: SheetMatrix }> {
  const bytes = await writeLayoutXlsx(book);
  expect(bytes.byteLength).toBeGreaterThan(1000);
  // An .xlsx is a zip: "PK" signature.
  expect(bytes[0]).toBe(0x50);
  expect(bytes[1]).toBe(0x4b);
  const sheets = await readXlsx(bytes);
  const sheet = sheets.find((s) => s.name === book.checksheet);
  if (!sheet) throw new Error(`sheet ${book.checksheet} not read back`);
  return { sheets, sheet };
}

function expectAllFound(res: ReturnType<typeof detectChecksheet>, catalog: CatalogItem[], book: LayoutBook): void {
  expect(res.errors).toEqual([]);
  expect(res.ok).toBe(true);
  expect(res.items).toHaveLength(catalog.length);
  expect(res.missing).toEqual([]);
  expect(res.unknown).toEqual([]);
  expect(res.duplicates).toEqual([]);
  for (const it of res.items) expect(it.row).toBe(book.rowOf.get(it.id));
  expect(res.confidence).toBeGreaterThan(0.9);
}

/* ------------------------------------------------------------------ */

const full: CatalogItem[] = loadBundledCrosswalk().entries;
const synth = syntheticCatalog();

describe("reader round trip", () => {
  it("keeps merges, hidden rows, validations and rich text as plain strings", async () => {
    const book = messyLayout(synth);
    const { sheet } = await roundTrip(book);
    const src = book.sheets.find((s) => s.name === book.checksheet)!;
    expect(sheet.merges!.length).toBe(src.merges!.length);
    expect([...sheet.hiddenRows!].sort((a, b) => a - b)).toEqual([...src.hiddenRows!].sort((a, b) => a - b));
    expect(sheet.validations).toEqual(src.validations);
    // Rich-text header cell comes back as the plain string.
    expect(sheet.values[5]![1]).toBe("確認事項");
    expect(sheet.values[5]![0]).toBe("項番");
  });
});

describe.each([
  ["full bundled catalog (145)", full],
  ["synthetic catalog", synth],
])("detection on .xlsx read back — %s", (_label, catalog) => {
  it("standard", async () => {
    const book = standardLayout(catalog);
    const { sheet } = await roundTrip(book);
    const res = detectChecksheet(sheet, catalog);
    expectAllFound(res, catalog, book);
    expect(res.headerRow).toBe(0);
    expect(res.columns).toEqual({ id: [0], text: 2, answer: 3, remarks: 4 });
    expect(res.answerList).toEqual(["はい", "いいえ"]);
  });

  it("split (section/part/topic/check columns, header on row 4)", async () => {
    const book = splitLayout(catalog);
    const { sheet } = await roundTrip(book);
    const res = detectChecksheet(sheet, catalog);
    expectAllFound(res, catalog, book);
    expect(res.headerRow).toBe(3);
    expect(res.columns).toEqual({ id: [0, 1, 2, 3], text: 4, answer: 5, remarks: 6 });
  });

  it("split with section and part on merged heading rows", async () => {
    const book = splitLayout(catalog, { sectionOnHeadingRows: true });
    const { sheet } = await roundTrip(book);
    const res = detectChecksheet(sheet, catalog);
    expectAllFound(res, catalog, book);
    expect(res.columns).toEqual({ id: [0, 1], text: 2, answer: 3, remarks: 4 });
  });

  it("messy, picked among 表紙 / 記入例 / 改訂履歴", async () => {
    const book = messyLayout(catalog);
    const { sheets, sheet } = await roundTrip(book);
    expect(sheets.map((s) => s.name)).toEqual(["表紙", "記入例", "改訂履歴", book.checksheet]);
    const pick = pickSheet(sheets, catalog);
    expect(pick.errors).toEqual([]);
    expect(pick.sheet).toBe(book.checksheet);
    const res = pick.results.find((r) => r.sheet === book.checksheet)!;
    expectAllFound(res, catalog, book);
    expect(res.headerRow).toBe(5);
    expect(res.answerList).toEqual(["○", "×"]);
    expect(res.notes.some((n) => n.en.startsWith("Hidden rows"))).toBe(true);
    expect(pick.results.find((r) => r.sheet === "記入例")!.ok).toBe(false);
    expect(detectChecksheet(sheet, catalog).items).toHaveLength(catalog.length);
  });
});

describe("full catalog anomalies on .xlsx", () => {
  it("duplicates, unknowns and missing items are reported, not hidden", async () => {
    const book = standardLayout(full);
    const { sheet } = await roundTrip(book);
    const values = sheet.values.map((r) => [...r]);
    // b: the first catalog item with check 2; a: its check-1 sibling; c: an item of another section.
    const b = full.find((e) => e.check === 2)!;
    const a = full.find((e) => e.section === b.section && e.part === b.part && e.topic === b.topic && e.check === 1)!;
    const c = full.find((e) => e.section !== b.section)!;
    const ra = book.rowOf.get(a.id)!;
    const rb = book.rowOf.get(b.id)!;
    const rc = book.rowOf.get(c.id)!;
    values[rb]![0] = `${a.topic}-${a.check}`; // b's row now claims a's id
    values[rc]![0] = "９－９";
    const res = detectChecksheet({ ...sheet, values }, full);
    expect(res.ok).toBe(true);
    expect(res.duplicates).toEqual([{ id: a.id, rows: [ra, rb] }]);
    expect(res.items.find((i) => i.id === a.id)!.row).toBe(ra);
    expect(res.missing).toEqual(expect.arrayContaining([b.id, c.id]));
    expect(res.missing).toHaveLength(2);
    expect(res.unknown.map((u) => u.rawId)).toEqual(["９－９"]);
    expect(res.unknown[0]!.id).toBe(`${c.section}${c.part !== null ? `(${c.part})` : ""}/9-9`);
  });

  it("a sheet with only a few items fails with the count", () => {
    const book = standardLayout(full.slice(0, 3));
    const res = detectChecksheet(book.sheets[0]!, full);
    expect(res.ok).toBe(false);
    expect(res.errors[0]!.en).toContain("3 of 145");
  });
});

describe("bundled sample workbook", () => {
  const file = path.join(__dirname, "..", "..", "examples", "sample-checksheet.xlsx");
  const present = fs.existsSync(file);
  (present ? it : it.skip)("is detected with all 145 items and its pre-filled answers", async () => {
    const sheets = await readXlsx(new Uint8Array(fs.readFileSync(file)));
    expect(sheets[0]!.name).toBe("表紙");
    const cover = sheets[0]!.values.flat().join("\n");
    expect(cover).toContain("架空");
    const pick = pickSheet(sheets, full);
    expect(pick.errors).toEqual([]);
    const res = pick.results.find((r) => r.sheet === pick.sheet)!;
    expect(res.ok).toBe(true);
    expect(res.items).toHaveLength(145);
    expect(res.missing).toEqual([]);
    expect(res.unknown).toEqual([]);
    expect(res.answerList).toEqual(["はい", "いいえ"]);
    expect(res.columns!.remarks).not.toBeNull();
    const answered = res.items.filter((i) => i.answerValue !== null && i.answerValue !== "");
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThan(20);
    expect(answered.some((i) => i.answerValue === "いいえ")).toBe(true);
  });
});

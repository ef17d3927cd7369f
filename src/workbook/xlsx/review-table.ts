/**
 * Table decoration of an owned sheet (OwnedSheetWrite.table, e.g. 審査記録) in OOXML:
 *   - a table part (xl/tables/tableN.xml: ref, autoFilter = filter buttons, one tableColumn per header cell),
 *     registered in the sheet's rels, [Content_Types].xml and the sheet's <tableParts>;
 *   - a frozen header pane (<sheetViews><sheetView><pane state="frozen">);
 *   - a list data validation on the status column (<dataValidations>);
 *   - location hyperlinks from cells to cells of other sheets (<hyperlinks><hyperlink location=…>, no relationship).
 * Idempotent: a rewrite updates the add-in's own table (found by name), validation (by its marker prompt title) and
 * links (in the table's link cells) instead of adding more; anything else on the sheet is left as it is.
 * The adapter calls decorateOwnedSheet after writing the rows, and removeSheetTables before deleting such a sheet.
 */
import type { OwnedSheetTable } from "../../domain/review-sheet";
import type { CellValue } from "../../domain/types";
import { cellRef } from "./refs";
import { dirOf, parseRels, relsPathOf } from "./package";
import { escapeAttr, findAll, findClose, findTag, rootPrefix, unescapeXml } from "./xml";

export const TABLE_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";
/** Namespaces of the workbook (WorkbookModel.ns): transitional or Strict OOXML. */
export interface SheetNs {
  main: string;
  /** Relationships namespace; relationship types are `${rel}/table` etc. */
  rel: string;
}
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
/** promptTitle of the validation the add-in owns (how a rewrite finds it again). */
const VALIDATION_MARK = "PHR審査状況";

/** Part access of the adapter (staged edits during a write). */
export interface PartIo {
  text(path: string): string | null;
  stage(path: string, text: string | null): void;
  /** Every part name (existing and staged). */
  names(): string[];
}

/**
 * Worksheet child elements in schema order (CT_Worksheet); a new element goes before the first present successor.
 */
const ORDER = [
  "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
  "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
  "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
  "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
  "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
];

interface Span {
  start: number;
  end: number;
}

export function elementSpan(xml: string, qname: string): Span | null {
  const t = findTag(xml, qname);
  if (!t) return null;
  if (t.selfClosing) return { start: t.start, end: t.end };
  const close = findClose(xml, t.name, t.end);
  return { start: t.start, end: xml.indexOf(">", close) + 1 };
}

/** Replace (or insert in schema order, or remove when `el` is "") one worksheet child element. */
export function putElement(xml: string, p: string, local: string, el: string): string {
  const cur = elementSpan(xml, p + local);
  if (cur) return xml.slice(0, cur.start) + el + xml.slice(cur.end);
  if (!el) return xml;
  for (const next of ORDER.slice(ORDER.indexOf(local) + 1)) {
    const t = findTag(xml, p + next);
    if (t) return xml.slice(0, t.start) + el + xml.slice(t.start);
  }
  const close = xml.lastIndexOf(`</${p}worksheet`);
  return xml.slice(0, close) + el + xml.slice(close);
}

function colLetters(col: number): string {
  return cellRef(0, col).replace(/\d+$/, "");
}

function rangeRef(t: OwnedSheetTable): string {
  return `${cellRef(t.headerRow, 0)}:${cellRef(Math.max(t.lastRow, t.headerRow + 1), t.columns - 1)}`;
}

/** Excel table column names: the header text, unique, never empty. */
function columnNames(header: CellValue[], n: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let c = 0; c < n; c++) {
    let name = String(header[c] ?? "").trim() || `Column${c + 1}`;
    let k = 2;
    const base = name;
    while (seen.has(name.toLowerCase())) name = `${base}${k++}`;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

function tableXml(id: number, t: OwnedSheetTable, names: string[], ns: SheetNs): string {
  const ref = rangeRef(t);
  const cols = names.map((n, i) => `<tableColumn id="${i + 1}" name="${escapeAttr(n)}"/>`).join("");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n` +
    `<table xmlns="${escapeAttr(ns.main)}" id="${id}" name="${escapeAttr(t.name)}" displayName="${escapeAttr(t.name)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/><tableColumns count="${names.length}">${cols}</tableColumns>` +
    `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

interface SheetTable {
  rid: string;
  path: string;
  name: string;
}

function sheetTables(io: PartIo, sheetPath: string): SheetTable[] {
  const rels = parseRels(io.text(relsPathOf(sheetPath)), dirOf(sheetPath));
  return rels
    .filter((r) => /\/relationships\/table$/.test(r.type) && r.path)
    .map((r) => ({ rid: r.id, path: r.path!, name: /\sname="([^"]*)"/.exec(io.text(r.path!) ?? "")?.[1] ?? "" }));
}

function maxTableId(io: PartIo): number {
  let max = 0;
  for (const n of io.names()) {
    if (!/(^|\/)tables\/[^/]+\.xml$/i.test(n)) continue;
    const m = /<(?:\w+:)?table\b[^>]*\sid="(\d+)"/.exec(io.text(n) ?? "");
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** Add an Override for `path` to [Content_Types].xml (appended before the end; nothing when present). */
export function addContentType(io: PartIo, path: string, type: string = TABLE_CT): void {
  const ct = io.text("[Content_Types].xml");
  if (!ct) return;
  const cp = rootPrefix(ct, "Types");
  if (findAll(ct, cp + "Override").some((e) => unescapeXml(e.tag.attrs.PartName ?? "").toLowerCase() === "/" + path.toLowerCase())) return;
  const close = ct.lastIndexOf(`</${cp}Types`);
  io.stage("[Content_Types].xml", ct.slice(0, close) + `<${cp}Override PartName="/${escapeAttr(path)}" ContentType="${type}"/>` + ct.slice(close));
}

/** Cut the Override of `path` from [Content_Types].xml again. */
export function removeContentType(io: PartIo, path: string): void {
  const ct = io.text("[Content_Types].xml");
  if (!ct) return;
  const cp = rootPrefix(ct, "Types");
  const o = findAll(ct, cp + "Override").find((e) => unescapeXml(e.tag.attrs.PartName ?? "").toLowerCase() === "/" + path.toLowerCase());
  if (o) io.stage("[Content_Types].xml", ct.slice(0, o.tag.start) + ct.slice(o.end));
}

/** Add a relationship to the rels part of `sheetPath` (any part; created when missing); returns its id. */
export function addRel(io: PartIo, sheetPath: string, target: string, ns: SheetNs, type = "table"): string {
  const relsPath = relsPathOf(sheetPath);
  const cur = io.text(relsPath);
  const ids = parseRels(cur, dirOf(sheetPath)).map((r) => Number(/^rId(\d+)$/.exec(r.id)?.[1] ?? 0));
  const rid = `rId${Math.max(0, ...ids) + 1}`;
  const el = `<Relationship Id="${rid}" Type="${escapeAttr(ns.rel)}/${type}" Target="${escapeAttr(target)}"/>`;
  if (!cur) {
    io.stage(relsPath, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="${RELS_NS}">${el}</Relationships>`);
  } else {
    const rp = rootPrefix(cur, "Relationships");
    const close = cur.lastIndexOf(`</${rp}Relationships`);
    io.stage(relsPath, cur.slice(0, close) + el.replace(/^<Relationship/, `<${rp}Relationship`) + cur.slice(close));
  }
  return rid;
}

function frozenViews(xml: string, p: string, rows: number): string {
  const cell = cellRef(rows, 0);
  const pane = `<${p}pane ySplit="${rows}" topLeftCell="${cell}" activePane="bottomLeft" state="frozen"/>`;
  const sel = `<${p}selection pane="bottomLeft" activeCell="${cell}" sqref="${cell}"/>`;
  const views = elementSpan(xml, p + "sheetViews");
  if (!views) return putElement(xml, p, "sheetViews", `<${p}sheetViews><${p}sheetView workbookViewId="0">${pane}${sel}</${p}sheetView></${p}sheetViews>`);
  const text = xml.slice(views.start, views.end);
  if (/<(?:\w+:)?pane\b/.test(text)) return xml; // the user's own split / freeze stays
  const v = findTag(text, p + "sheetView");
  if (!v) return xml;
  const inner = v.selfClosing
    ? text.slice(0, v.end - 2).replace(/\s*$/, "") + `>${pane}${sel}</${p}sheetView>` + text.slice(v.end)
    : text.slice(0, v.end) + pane + text.slice(v.end).replace(new RegExp(`<${p}selection\\b[^>]*/>`), "");
  return xml.slice(0, views.start) + inner + xml.slice(views.end);
}

function withValidation(xml: string, p: string, t: OwnedSheetTable): string {
  const span = elementSpan(xml, p + "dataValidations");
  const keep: string[] = [];
  if (span) {
    const text = xml.slice(span.start, span.end);
    for (const { tag, end } of findAll(text, p + "dataValidation")) {
      const el = text.slice(tag.start, end);
      if (tag.attrs.promptTitle !== VALIDATION_MARK) keep.push(el);
    }
  }
  if (t.list) {
    const col = colLetters(t.list.col);
    const sqref = `${col}${t.headerRow + 2}:${col}${Math.max(t.lastRow, t.headerRow + 1) + 1}`;
    const formula = `"${t.list.values.map((v) => v.replace(/"/g, '""')).join(",")}"`;
    keep.push(
      `<${p}dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" promptTitle="${VALIDATION_MARK}" sqref="${sqref}">` +
        `<${p}formula1>${escapeAttr(formula)}</${p}formula1></${p}dataValidation>`,
    );
  }
  const el = keep.length ? `<${p}dataValidations count="${keep.length}">${keep.join("")}</${p}dataValidations>` : "";
  return putElement(xml, p, "dataValidations", el);
}

function withLinks(xml: string, p: string, t: OwnedSheetTable): string {
  const span = elementSpan(xml, p + "hyperlinks");
  const linkCols = new Set(t.links.map((l) => l.col));
  const keep: string[] = [];
  if (span) {
    const text = xml.slice(span.start, span.end);
    for (const { tag, end } of findAll(text, p + "hyperlink")) {
      const m = /^([A-Z]+)(\d+)$/.exec(tag.attrs.ref ?? "");
      const internal = tag.attrs.location !== undefined && !Object.keys(tag.attrs).some((a) => a.endsWith(":id"));
      // The add-in's links: internal ones in its link column (all rows it owns); the user's other links stay.
      if (m && internal && [...linkCols].some((c) => colLetters(c) === m[1])) continue;
      keep.push(text.slice(tag.start, end));
    }
  }
  for (const l of t.links) {
    const loc = `'${l.sheet.replace(/'/g, "''")}'!${l.cell}`;
    keep.push(`<${p}hyperlink ref="${cellRef(l.row, l.col)}" location="${escapeAttr(loc)}" display="${escapeAttr(`${l.sheet}!${l.cell}`)}"/>`);
  }
  return putElement(xml, p, "hyperlinks", keep.length ? `<${p}hyperlinks>${keep.join("")}</${p}hyperlinks>` : "");
}

/**
 * Decorate the worksheet at `sheetPath` (its text `xml`, already holding the rows) with the table; stages the table
 * part, the sheet rels and the content type through `io`. Returns the new worksheet text.
 */
export function decorateOwnedSheet(io: PartIo, sheetPath: string, xml: string, t: OwnedSheetTable, header: CellValue[], ns: SheetNs): string {
  const p = rootPrefix(xml, "worksheet");
  const names = columnNames(header, t.columns);
  const existing = sheetTables(io, sheetPath).find((x) => x.name === t.name);
  let out = xml;
  if (existing) {
    const id = Number(/\sid="(\d+)"/.exec(io.text(existing.path) ?? "")?.[1] ?? maxTableId(io) + 1);
    io.stage(existing.path, tableXml(id, t, names, ns));
    out = ensureTablePart(out, p, existing.rid, ns);
  } else {
    const id = maxTableId(io) + 1;
    const lower = new Set(io.names().map((n) => n.toLowerCase()));
    let k = id;
    while (lower.has(`xl/tables/table${k}.xml`)) k++;
    const path = `xl/tables/table${k}.xml`;
    io.stage(path, tableXml(id, t, names, ns));
    addContentType(io, path);
    const target = relativeTarget(dirOf(sheetPath), path);
    out = ensureTablePart(out, p, addRel(io, sheetPath, target, ns), ns);
  }
  // A sheet-level filter cannot overlap a table (Excel repairs the file): the table's own filter replaces it.
  out = putElement(out, p, "autoFilter", "");
  out = frozenViews(out, p, t.freezeRows);
  out = withValidation(out, p, t);
  out = withLinks(out, p, t);
  return out;
}

/**
 * The sheet's <tableParts> lists the relationship `rid` (added when missing). The relationships prefix of the root is
 * used when the root declares one; otherwise the new element declares it itself (nothing else of the sheet changes).
 */
function ensureTablePart(xml: string, p: string, rid: string, ns: SheetNs): string {
  const root = findTag(xml, p + "worksheet")!;
  const decl = Object.entries(root.attrs).find(([k, v]) => k.startsWith("xmlns:") && unescapeXml(v) === ns.rel);
  const part = decl ? `<${p}tablePart ${decl[0].slice(6)}:id="${rid}"/>` : `<${p}tablePart xmlns:r="${escapeAttr(ns.rel)}" r:id="${rid}"/>`;
  const tp = elementSpan(xml, p + "tableParts");
  if (!tp) return putElement(xml, p, "tableParts", `<${p}tableParts count="1">${part}</${p}tableParts>`);
  const text = xml.slice(tp.start, tp.end);
  const parts = findAll(text, p + "tablePart").map((e) => ({
    el: text.slice(e.tag.start, e.end),
    rid: Object.entries(e.tag.attrs).find(([k]) => k.endsWith(":id"))?.[1],
  }));
  if (parts.some((x) => x.rid === rid)) return xml;
  const all = [...parts.map((x) => x.el), part];
  return xml.slice(0, tp.start) + `<${p}tableParts count="${all.length}">${all.join("")}</${p}tableParts>` + xml.slice(tp.end);
}

/** Remove the table parts of a sheet that is being deleted (parts and content types; the rels go with the sheet). */
export function removeSheetTables(io: PartIo, sheetPath: string): void {
  for (const t of sheetTables(io, sheetPath)) {
    io.stage(t.path, null);
    const rels = relsPathOf(t.path);
    if (io.text(rels) !== null) io.stage(rels, null);
    removeContentType(io, t.path);
  }
}

export function relativeTarget(fromDir: string, path: string): string {
  const a = fromDir.split("/").filter(Boolean);
  const b = path.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

/**
 * A native chart on an owned sheet (OwnedSheetWrite.chart, the summary's items per class) in OOXML:
 *   - a drawing part (xl/drawings/drawingN.xml, SpreadsheetML drawing, ECMA-376 part 1 §20.5): one twoCellAnchor over
 *     the cells topLeft..bottomRight holding a graphicFrame whose cNvPr name is the chart's name and whose c:chart
 *     points (r:id) at
 *   - a chart part (xl/charts/chartN.xml, DrawingML chart §21.2): c:chartSpace with a clustered c:barChart
 *     (barDir="bar"), one series whose categories (c:cat/c:strRef) and values (c:val/c:numRef) refer to the sheet's
 *     cells and carry their cached values, the title, a category and a value axis;
 *   - the sheet → drawing and drawing → chart relationships, the two [Content_Types].xml overrides and the sheet's
 *     `<drawing r:id>` (in CT_Worksheet order).
 * A later write finds the add-in's chart by its cNvPr name. Its anchor stays as it is (where the user moved or sized
 * it), and so does its chart part, but for the data: the series' references and cached values, and the title and
 * series name while they are still one of the add-in's own titles (refreshChartXml). A chart part it cannot read as
 * one series is drawn again. Every other anchor of the drawing (a chart or picture the user added to the sheet) and
 * every other part stays as it is.
 * removeSheetDrawings cuts the drawing of a sheet being deleted together with every part only it refers to.
 */
import type { OwnedChart } from "../gateway";
import { isOwnChartTitle } from "../../domain/summary";
import type { CellValue } from "../../domain/types";
import { dirOf, parseRels, relsPathOf } from "./package";
import { cellRef } from "./refs";
import { addContentType, addRel, putElement, relativeTarget, removeContentType, type PartIo, type SheetNs } from "./review-table";
import { elementEnd, escapeAttr, escapeText, findAll, findClose, findTag, innerText, rootPrefix, unescapeXml } from "./xml";

export const DRAWING_CT = "application/vnd.openxmlformats-officedocument.drawing+xml";
export const CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
const NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECL = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n`;
/** Axis ids of the add-in's chart (any two distinct unsigned ints, shared by c:barChart and its axes). */
const CAT_AX = 500000001;
const VAL_AX = 500000002;

/** The sheet name quoted for a formula reference ('…'!, quotes doubled). */
function sheetRef(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

function absRange(sheet: string, col: number, first: number, last: number): string {
  const a = cellRef(first, col).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  const b = cellRef(last, col).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  return `${sheetRef(sheet)}!${a}:${b}`;
}

/** The series' categories and values (c:cat and c:val content: references and cached values), prefixed `c` (the chart part's c: prefix). */
function seriesData(c: string, sheet: string, chart: OwnedChart, rows: CellValue[][]): { cat: string; val: string } {
  const n = Math.max(0, chart.lastRow - chart.firstRow + 1);
  const cats: string[] = [];
  const vals: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[chart.firstRow + i] ?? [];
    const cat = r[chart.categoryCol];
    const v = r[chart.valueCol];
    cats.push(`<${c}pt idx="${i}"><${c}v>${escapeText(cat === null || cat === undefined ? "" : String(cat))}</${c}v></${c}pt>`);
    if (typeof v === "number" && Number.isFinite(v)) vals.push(`<${c}pt idx="${i}"><${c}v>${v}</${c}v></${c}pt>`);
  }
  return {
    cat:
      `<${c}strRef><${c}f>${escapeText(absRange(sheet, chart.categoryCol, chart.firstRow, chart.lastRow))}</${c}f>` +
      `<${c}strCache><${c}ptCount val="${n}"/>${cats.join("")}</${c}strCache></${c}strRef>`,
    val:
      `<${c}numRef><${c}f>${escapeText(absRange(sheet, chart.valueCol, chart.firstRow, chart.lastRow))}</${c}f>` +
      `<${c}numCache><${c}formatCode>General</${c}formatCode><${c}ptCount val="${n}"/>${vals.join("")}</${c}numCache></${c}numRef>`,
  };
}

/** The chart part's text. `rows` are the owned sheet's rows (the cached values). */
export function chartXml(sheet: string, chart: OwnedChart, rows: CellValue[][]): string {
  const n = Math.max(0, chart.lastRow - chart.firstRow + 1);
  const data = seriesData("c:", sheet, chart, rows);
  const points = (chart.colors ?? [])
    .slice(0, n)
    .map((color, i) =>
      /^#[0-9A-Fa-f]{6}$/.test(color)
        ? `<c:dPt><c:idx val="${i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="${color.slice(1).toUpperCase()}"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="808080"/></a:solidFill></a:ln></c:spPr></c:dPt>`
        : "",
    )
    .join("");
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="ja-JP" altLang="en-US" sz="1200" b="1"/><a:t>${escapeText(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title>`;
  const ser =
    `<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>${escapeText(chart.title)}</c:v></c:tx>` +
    `<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>${points}` +
    `<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
    `<c:cat>${data.cat}</c:cat><c:val>${data.val}</c:val></c:ser>`;
  // Categories top to bottom in sheet order (reversed category axis), the value axis at the bottom (crosses at max).
  const axes =
    `<c:catAx><c:axId val="${CAT_AX}"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>` +
    `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="${VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${VAL_AX}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/>` +
    `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="${CAT_AX}"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>`;
  return (
    XML_DECL +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>${ser}<c:gapWidth val="60"/>` +
    `<c:axId val="${CAT_AX}"/><c:axId val="${VAL_AX}"/></c:barChart>${axes}</c:plotArea>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

/**
 * The add-in's chart part as it is in the file (saved by Excel or another program, maybe styled by the user) with
 * only its data brought up to date: the first series' c:cat and c:val (references and cached values) replaced, and
 * the chart title's text and the series name set to `chart.title` while they are still one of the add-in's own
 * titles (chart.ownTitles; a title the user typed stays). Everything else (colours, fonts, layout, extra elements
 * Excel writes) is kept byte for byte. The series is the one whose values refer to the summary's value column (the
 * only one, when none does); a chart with several series, none of them over that column, is left as it is. Null when
 * the part has no series with both c:cat and c:val.
 */
export function refreshChartXml(xml: string, sheet: string, chart: OwnedChart, rows: CellValue[][]): string | null {
  const c = rootPrefix(xml, "chartSpace");
  const sers = findAll(xml, c + "ser").filter((x) => !x.tag.selfClosing);
  if (!sers.length) return null;
  // Ours: the series whose values refer to the value column of this sheet; the only series when none does (its
  // references were changed). Several series and none of them ours: the user's chart now, left as it is.
  const prefix = `${sheetRef(sheet)}!$${cellRef(0, chart.valueCol).replace(/\d+$/, "")}$`;
  const refersHere = sers.filter(({ tag, end }) => {
    const f = /<(?:[A-Za-z0-9_]+:)?val>[\s\S]*?<(?:[A-Za-z0-9_]+:)?f>([^<]*)</.exec(xml.slice(tag.end, end));
    return !!f && unescapeXml(f[1]).startsWith(prefix);
  });
  const pick = refersHere.length ? refersHere[0] : sers.length === 1 ? sers[0] : null;
  if (!pick) return xml;
  const ser = pick.tag;
  const serEnd = pick.end;
  const cat = findTag(xml, c + "cat", ser.end, serEnd);
  const val = findTag(xml, c + "val", ser.end, serEnd);
  if (!cat || !val || cat.selfClosing || val.selfClosing) return null;
  const data = seriesData(c, sheet, chart, rows);
  // Edits from the end of the text backwards, so earlier offsets stay valid.
  const edits: { start: number; end: number; text: string }[] = [
    { start: cat.end, end: findClose(xml, cat.name, cat.end), text: data.cat },
    { start: val.end, end: findClose(xml, val.name, val.end), text: data.val },
  ];
  // the series name: <c:tx><c:v>…</c:v></c:tx> ahead of the data
  const tx = findTag(xml, c + "tx", ser.end, cat.start);
  const v = tx && !tx.selfClosing ? findTag(xml, c + "v", tx.end, elementEnd(xml, tx)) : null;
  if (v && !v.selfClosing && isOwnChartTitle(chart, unescapeXml(innerText(xml, v)))) edits.push({ start: v.end, end: findClose(xml, v.name, v.end), text: escapeText(chart.title) });
  // the chart's own title: a c:title of c:chart ahead of its c:plotArea (axis titles sit inside the axes), one text run
  const chartTag = findTag(xml, c + "chart");
  const plot = chartTag ? findTag(xml, c + "plotArea", chartTag.end) : null;
  const title = chartTag && plot ? findTag(xml, c + "title", chartTag.end, plot.start) : null;
  if (title && !title.selfClosing) {
    const body = xml.slice(title.end, findClose(xml, title.name, title.end));
    const runs = [...body.matchAll(/<((?:[A-Za-z0-9_.-]+:)?t)>([^<]*)<\/\1>/g)];
    if (runs.length === 1 && isOwnChartTitle(chart, unescapeXml(runs[0][2]))) {
      const at = title.end + runs[0].index! + runs[0][1].length + 2;
      edits.push({ start: at, end: at + runs[0][2].length, text: escapeText(chart.title) });
    }
  }
  let out = xml;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** One twoCellAnchor over topLeft..bottomRight (inclusive cells), prefixed `p` (the drawing's xdr prefix). */
function anchorXml(p: string, chart: OwnedChart, id: number, rid: string): string {
  const at = (col: number, row: number) =>
    `<${p}col>${col}</${p}col><${p}colOff>0</${p}colOff><${p}row>${row}</${p}row><${p}rowOff>0</${p}rowOff>`;
  return (
    `<${p}twoCellAnchor><${p}from>${at(chart.topLeft.col, chart.topLeft.row)}</${p}from>` +
    `<${p}to>${at(chart.bottomRight.col + 1, chart.bottomRight.row + 1)}</${p}to>` +
    `<${p}graphicFrame macro=""><${p}nvGraphicFramePr><${p}cNvPr id="${id}" name="${escapeAttr(chart.name)}"/><${p}cNvGraphicFramePr/></${p}nvGraphicFramePr>` +
    `<${p}xfrm><a:off xmlns:a="${NS_A}" x="0" y="0"/><a:ext xmlns:a="${NS_A}" cx="0" cy="0"/></${p}xfrm>` +
    `<a:graphic xmlns:a="${NS_A}"><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="${rid}"/></a:graphicData></a:graphic>` +
    `</${p}graphicFrame><${p}clientData/></${p}twoCellAnchor>`
  );
}

/** First free `dir/baseN.xml` (case-insensitive against every part name). */
function freePath(io: PartIo, dir: string, base: string): string {
  const lower = new Set(io.names().map((x) => x.toLowerCase()));
  let k = 1;
  while (lower.has(`${dir}${base}${k}.xml`.toLowerCase())) k++;
  return `${dir}${base}${k}.xml`;
}

interface Anchor {
  start: number;
  end: number;
  name: string;
  id: number;
  /** r:id of its c:chart, when it is a chart. */
  chartRid: string | null;
}

/** The anchors of a drawing part (two-cell, one-cell, absolute), with their frame name and chart relationship. */
function anchorsOf(xml: string, p: string): Anchor[] {
  const out: Anchor[] = [];
  for (const kind of ["twoCellAnchor", "oneCellAnchor", "absoluteAnchor"]) {
    for (const { tag, end } of findAll(xml, p + kind)) {
      const text = xml.slice(tag.start, end);
      const nv = findTag(text, p + "cNvPr");
      const chartTag = /<(?:[A-Za-z0-9_]+:)?chart\b[^>]*?\s[A-Za-z0-9_]+:id="([^"]*)"/.exec(text);
      out.push({
        start: tag.start,
        end,
        name: unescapeXml(nv?.attrs.name ?? ""),
        id: Number(nv?.attrs.id ?? 0) || 0,
        chartRid: chartTag ? chartTag[1] : null,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Names (cNvPr) of the drawing objects on the worksheet at `sheetPath`: charts, pictures and shapes of its drawing part. */
export function drawingNamesOf(io: PartIo, sheetPath: string): string[] {
  const out: string[] = [];
  for (const r of parseRels(io.text(relsPathOf(sheetPath)), dirOf(sheetPath))) {
    if (!/\/relationships\/drawing$/.test(r.type) || !r.path) continue;
    const xml = io.text(r.path);
    if (xml === null) continue;
    for (const a of anchorsOf(xml, rootPrefix(xml, "wsDr"))) out.push(a.name);
  }
  return out;
}

/** The `<drawing r:id>` element of a worksheet, using the root's relationships prefix when it declares one. */
function drawingElement(xml: string, p: string, rid: string, ns: SheetNs): string {
  const root = findTag(xml, p + "worksheet")!;
  const decl = Object.entries(root.attrs).find(([k, v]) => k.startsWith("xmlns:") && unescapeXml(v) === ns.rel);
  return decl ? `<${p}drawing ${decl[0].slice(6)}:id="${rid}"/>` : `<${p}drawing xmlns:r="${escapeAttr(ns.rel)}" r:id="${rid}"/>`;
}

/**
 * Draw (or redraw) the add-in's chart on the worksheet at `sheetPath` whose text is `xml` (already holding the rows);
 * stages the drawing, chart, rels and content types through `io`; returns the new worksheet text. Only transitional
 * OOXML is drawn (a Strict workbook keeps its rows alone).
 */
export function drawOwnedChart(io: PartIo, sheetPath: string, xml: string, sheetName: string, chart: OwnedChart, rows: CellValue[][], ns: SheetNs): string {
  if (ns.rel !== NS_R) return xml;
  const p = rootPrefix(xml, "worksheet");
  const content = chartXml(sheetName, chart, rows);
  const drawingRel = parseRels(io.text(relsPathOf(sheetPath)), dirOf(sheetPath)).find((r) => /\/relationships\/drawing$/.test(r.type) && r.path);
  const drawingText = drawingRel?.path ? io.text(drawingRel.path) : null;
  if (drawingRel?.path && drawingText !== null) {
    const dp = rootPrefix(drawingText, "wsDr");
    const anchors = anchorsOf(drawingText, dp);
    const mine = anchors.find((a) => a.name === chart.name && a.chartRid);
    const dRels = parseRels(io.text(relsPathOf(drawingRel.path)), dirOf(drawingRel.path));
    const chartPath = mine ? dRels.find((r) => r.id === mine.chartRid)?.path : undefined;
    const existing = mine && chartPath ? io.text(chartPath) : null;
    if (mine && chartPath && existing !== null) {
      // Ours, drawn before: the anchor is left where it is; the chart part gets its data refreshed, the rest of it kept.
      const next = refreshChartXml(existing, sheetName, chart, rows) ?? content;
      if (next !== existing) io.stage(chartPath, next);
      return ensureDrawingElement(xml, p, drawingRel.id, ns);
    }
    // The user's drawing on this sheet: add our chart beside what is there.
    const path = freePath(io, "xl/charts/", "chart");
    io.stage(path, content);
    addContentType(io, path, CHART_CT);
    const rid = addRel(io, drawingRel.path, relativeTarget(dirOf(drawingRel.path), path), ns, "chart");
    const id = Math.max(1, ...anchors.map((a) => a.id)) + 1;
    const close = drawingText.lastIndexOf(`</${dp}wsDr`);
    if (close < 0) return xml;
    io.stage(drawingRel.path, drawingText.slice(0, close) + anchorXml(dp, chart, id, rid) + drawingText.slice(close));
    return ensureDrawingElement(xml, p, drawingRel.id, ns);
  }
  // No drawing yet: drawing + chart parts, their relationships and content types.
  const drawingPath = freePath(io, "xl/drawings/", "drawing");
  const chartPath = freePath(io, "xl/charts/", "chart");
  io.stage(chartPath, content);
  addContentType(io, chartPath, CHART_CT);
  const chartRid = "rId1";
  io.stage(
    relsPathOf(drawingPath),
    XML_DECL + `<Relationships xmlns="${RELS_NS}"><Relationship Id="${chartRid}" Type="${escapeAttr(ns.rel)}/chart" Target="${escapeAttr(relativeTarget(dirOf(drawingPath), chartPath))}"/></Relationships>`,
  );
  io.stage(drawingPath, XML_DECL + `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${anchorXml("xdr:", chart, 2, chartRid)}</xdr:wsDr>`);
  addContentType(io, drawingPath, DRAWING_CT);
  const rid = addRel(io, sheetPath, relativeTarget(dirOf(sheetPath), drawingPath), ns, "drawing");
  return ensureDrawingElement(xml, p, rid, ns);
}

/**
 * The worksheet's `<drawing>` (at most one) refers to `rid`: added in schema order when missing, its reference replaced
 * when it points elsewhere (e.g. a dangling one left by a program that dropped the drawing part).
 */
function ensureDrawingElement(xml: string, p: string, rid: string, ns: SheetNs): string {
  const cur = findTag(xml, p + "drawing");
  if (cur && Object.entries(cur.attrs).some(([k, v]) => k.endsWith(":id") && v === rid)) return xml;
  return putElement(xml, p, "drawing", drawingElement(xml, p, rid, ns));
}

/**
 * Before a worksheet is deleted: remove its drawing parts and every part only they refer to (charts, their rels,
 * pictures no other part uses), with their content-type overrides. Parts another remaining part refers to stay.
 */
export function removeSheetDrawings(io: PartIo, sheetPath: string): void {
  const roots = parseRels(io.text(relsPathOf(sheetPath)), dirOf(sheetPath))
    .filter((r) => /\/relationships\/drawing$/.test(r.type) && r.path && io.text(r.path) !== null)
    .map((r) => r.path!);
  if (!roots.length) return;
  const removing = new Set<string>(roots);
  // References to every part from the rels parts of the package (owner part -> targets).
  const refs = new Map<string, string[]>();
  for (const n of io.names()) {
    const m = /^(.*)_rels\/([^/]+)\.rels$/.exec(n);
    if (!m) continue;
    const owner = m[1] + m[2];
    refs.set(owner, parseRels(io.text(n), dirOf(owner)).map((r) => r.path).filter((x): x is string => !!x));
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const owner of [...removing]) {
      for (const t of refs.get(owner) ?? []) {
        if (removing.has(t) || io.text(t) === null) continue;
        const usedElsewhere = [...refs.entries()].some(([o, ts]) => o !== sheetPath && !removing.has(o) && ts.includes(t));
        if (usedElsewhere) continue;
        removing.add(t);
        changed = true;
      }
    }
  }
  for (const path of removing) {
    io.stage(path, null);
    const rels = relsPathOf(path);
    if (io.text(rels) !== null) io.stage(rels, null);
    removeContentType(io, path);
  }
}

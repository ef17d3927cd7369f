/**
 * The summary sheet as parts of the file the CLI writes: the legend's swatches are filled cells, the chart is a native
 * DrawingML chart (drawing + chart parts, rels, content types) over the summary's cells, replaced and never duplicated
 * by later writes, never touching a chart the user added; clear removes it all with the sheet. Rows holding the
 * added wrapped texts get an estimated height, put back by clear unless the user changed it. Read back with ExcelJS,
 * a DOM parser and (where installed) LibreOffice. In-process main() on generated .xlsx files in a temporary folder.
 */
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { JSDOM } from "jsdom";
import { main } from "../../src/cli/main";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { legendEntries, SUMMARY_CHART_NAME, SUMMARY_SHEET_NAMES } from "../../src/domain/summary";
import { TEST_CERT_JSON } from "../helpers/cert";
import { messyLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";
import { exceljsResave, libreOffice, libreOfficeResave } from "../helpers/resave";

const crosswalk = loadBundledCrosswalk();
const CERT = { ...TEST_CERT_JSON, certificationNumber: "IB-TEST-0131", holder: "テストヘルス株式会社（架空）" };
const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const NINE = crosswalk.entries.filter((e) => e.class === "C" || e.class === "D").map((e) => e.id);
let dir: string;

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false, cwd: dir, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z" });
  return { code, out, err };
}
const file = (name: string) => path.join(dir, name);
const read = (name: string) => new Uint8Array(fs.readFileSync(file(name)));
type Parts = Record<string, Uint8Array>;
const text = (parts: Parts, k: string) => strFromU8(parts[k]);

function parseXml(t: string): Document {
  const doc = new JSDOM(t, { contentType: "text/xml" }).window.document;
  const err = doc.getElementsByTagName("parsererror")[0];
  if (err) throw new Error(err.textContent ?? "parse error");
  return doc;
}

/** Resolve a relationship target against the folder of the part that owns the rels. */
function resolve(owner: string, target: string): string {
  const out: string[] = [];
  for (const seg of (owner.slice(0, owner.lastIndexOf("/") + 1) + target).split("/")) {
    if (seg === "..") out.pop();
    else if (seg && seg !== ".") out.push(seg);
  }
  return out.join("/");
}

function relsOf(parts: Parts, owner: string): { id: string; type: string; path: string }[] {
  const k = owner.replace(/([^/]+)$/, "_rels/$1.rels");
  if (!parts[k]) return [];
  return [...parseXml(text(parts, k)).getElementsByTagName("Relationship")].map((r) => ({
    id: r.getAttribute("Id")!,
    type: r.getAttribute("Type")!,
    path: resolve(owner, r.getAttribute("Target")!),
  }));
}

function sheetPath(parts: Parts, name: string): string {
  const wb = parseXml(text(parts, "xl/workbook.xml"));
  const s = [...wb.getElementsByTagName("sheet")].find((x) => x.getAttribute("name") === name)!;
  const rid = s.getAttribute("r:id")!;
  return relsOf(parts, "xl/workbook.xml").find((r) => r.id === rid)!.path;
}

function overrides(parts: Parts): Map<string, string> {
  const ct = parseXml(text(parts, "[Content_Types].xml"));
  return new Map([...ct.getElementsByTagName("Override")].map((o) => [o.getAttribute("PartName")!.slice(1), o.getAttribute("ContentType")!]));
}

/** The summary sheet's drawing and the chart of the add-in's anchor (by name), resolved through the rels. */
function summaryChart(parts: Parts) {
  const sheet = sheetPath(parts, SUMMARY_SHEET_NAMES.ja);
  const sheetXml = text(parts, sheet);
  const drawingEl = parseXml(sheetXml).getElementsByTagName("drawing");
  expect(drawingEl).toHaveLength(1);
  const drawingRel = relsOf(parts, sheet).find((r) => r.id === drawingEl[0].getAttribute("r:id"))!;
  expect(drawingRel.type).toMatch(/\/relationships\/drawing$/);
  const drawing = parseXml(text(parts, drawingRel.path));
  const anchors = [...drawing.getElementsByTagNameNS(NS_XDR, "twoCellAnchor")];
  const named = (name: string) => anchors.filter((a) => a.getElementsByTagNameNS(NS_XDR, "cNvPr")[0]?.getAttribute("name") === name);
  const mine = named(SUMMARY_CHART_NAME);
  expect(mine).toHaveLength(1);
  const rid = mine[0].getElementsByTagNameNS(NS_C, "chart")[0].getAttribute("r:id");
  const chartRel = relsOf(parts, drawingRel.path).find((r) => r.id === rid)!;
  expect(chartRel.type).toMatch(/\/relationships\/chart$/);
  return { sheet, sheetXml, drawingPath: drawingRel.path, drawing, anchors, named, anchor: mine[0], chartPath: chartRel.path, chart: parseXml(text(parts, chartRel.path)) };
}

async function summaryOf(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SUMMARY_SHEET_NAMES.ja)!;
  expect(ws).toBeDefined();
  return { wb, ws };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-parts-"));
  fs.writeFileSync(file("cert.json"), JSON.stringify(CERT));
  fs.writeFileSync(file("in.xlsx"), await writeLayoutXlsx(messyLayout(crosswalk.entries)));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the summary sheet's legend and chart in the file", () => {
  test("legend swatches are solid fills of their colours (read by ExcelJS); the chart is a well-formed bar chart over the per-class cells", async () => {
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx")).code).toBe(0);
    const bytes = read("out.xlsx");
    const { ws } = await summaryOf(bytes);
    // Every legend row: column A filled solid with the colour its column C names.
    const legend = legendEntries();
    const swatches: { row: number; argb: string | undefined; code: string }[] = [];
    ws.eachRow((row, n) => {
      if (row.getCell(1).value === "（色見本）") {
        const fill = row.getCell(1).fill as ExcelJS.FillPattern;
        expect(fill.type).toBe("pattern");
        expect(fill.pattern).toBe("solid");
        swatches.push({ row: n, argb: fill.fgColor?.argb, code: String(row.getCell(3).value) });
      }
    });
    expect(swatches.map((s) => s.code)).toEqual(legend.map((e) => e.color));
    for (const s of swatches) expect(s.argb).toBe("FF" + s.code.slice(1).toUpperCase());
    // Only the swatches are filled in the add-in's columns.
    let filled = 0;
    ws.eachRow((row) => row.eachCell((c) => void ((c.fill as ExcelJS.FillPattern | undefined)?.pattern === "solid" && filled++)));
    expect(filled).toBe(legend.length);

    const parts = unzipSync(bytes);
    const ct = overrides(parts);
    const c = summaryChart(parts);
    expect(ct.get(c.drawingPath)).toBe("application/vnd.openxmlformats-officedocument.drawing+xml");
    expect(ct.get(c.chartPath)).toBe("application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
    // <drawing> sits where CT_Worksheet wants it: after the page setup, before any later element.
    const at = (tag: string) => c.sheetXml.indexOf(`<${tag}`);
    expect(at("drawing")).toBeGreaterThan(at("sheetData"));
    expect(at("drawing")).toBeGreaterThan(at("pageSetup"));
    // Clustered horizontal bars, one series, the title, two axes that cross each other.
    const q = (name: string) => [...c.chart.getElementsByTagNameNS(NS_C, name)];
    expect(q("barDir")[0].getAttribute("val")).toBe("bar");
    expect(q("grouping")[0].getAttribute("val")).toBe("clustered");
    expect(q("ser")).toHaveLength(1);
    expect(q("title")[0].textContent).toBe("区分別の項目数");
    const axIds = q("axId").map((a) => a.getAttribute("val"));
    expect(new Set(axIds).size).toBe(2);
    expect(q("catAx")[0].getElementsByTagNameNS(NS_C, "crossAx")[0].getAttribute("val")).toBe(q("valAx")[0].getElementsByTagNameNS(NS_C, "axId")[0].getAttribute("val"));
    // Categories and values refer to the summary's "区分 A".."区分 D" rows, with the cached values of those cells.
    const cat = q("cat")[0];
    const val = q("val")[0];
    const catRef = cat.getElementsByTagNameNS(NS_C, "f")[0].textContent!;
    const valRef = val.getElementsByTagNameNS(NS_C, "f")[0].textContent!;
    const m = /^'PHRチェック概要'!\$A\$(\d+):\$A\$(\d+)$/.exec(catRef)!;
    expect(m).not.toBeNull();
    expect(valRef).toBe(`'PHRチェック概要'!$B$${m[1]}:$B$${m[2]}`);
    const rows = Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => ws.getRow(Number(m[1]) + i));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(["区分 A", "区分 B", "区分 C", "区分 D"]);
    expect(rows.map((r) => r.getCell(2).value)).toEqual([36, 100, 2, 7]);
    const cached = (el: Element) => [...el.getElementsByTagNameNS(NS_C, "pt")].map((p) => p.getElementsByTagNameNS(NS_C, "v")[0].textContent);
    expect(cached(cat)).toEqual(["区分 A", "区分 B", "区分 C", "区分 D"]);
    expect(cached(val)).toEqual(["36", "100", "2", "7"]);
    // The anchor covers the cells the layout asks for (E3 .. J18, "to" is exclusive).
    const pos = (tag: string) => {
      const el = c.anchor.getElementsByTagNameNS(NS_XDR, tag)[0];
      return ["col", "row"].map((k) => Number(el.getElementsByTagNameNS(NS_XDR, k)[0].textContent));
    };
    expect(pos("from")).toEqual([4, 2]);
    expect(pos("to")).toEqual([10, 18]);
    // Every rels target of the new parts exists.
    for (const owner of [c.sheet, c.drawingPath]) for (const r of relsOf(parts, owner)) expect(parts[r.path]).toBeDefined();
  });

  test("a second write replaces the chart instead of adding one; clear removes drawing, chart, rels and content types with the sheet", async () => {
    const input = read("in.xlsx");
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    // bulk-mark keeps the summary current (and is undone by clear like the rest)
    expect((await run("mark", "a.xlsx", "--cert", "cert.json", "-o", "b.xlsx")).code).toBe(0);
    expect((await run("annotate", "b.xlsx", "--cert", "cert.json", "-o", "c.xlsx")).code).toBe(0);
    const a = unzipSync(read("a.xlsx"));
    const c = unzipSync(read("c.xlsx"));
    const drawings = (p: Parts) => Object.keys(p).filter((k) => /^xl\/(drawings|charts)\//.test(k)).sort();
    expect(drawings(c)).toEqual(drawings(a));
    expect(drawings(a)).toEqual(["xl/charts/chart1.xml", "xl/drawings/_rels/drawing1.xml.rels", "xl/drawings/drawing1.xml"]);
    expect([...overrides(c).values()].filter((v) => /drawing/.test(v))).toHaveLength(2);
    expect(summaryChart(c).anchors).toHaveLength(1);
    // clear: every part as before annotate (drawing and chart parts, their rels and overrides gone with the sheet)
    expect((await run("clear", "c.xlsx", "-o", "back.xlsx")).code).toBe(0);
    const back = unzipSync(read("back.xlsx"));
    const orig = unzipSync(input);
    expect(Object.keys(back).sort()).toEqual(Object.keys(orig).sort());
    expect(Object.keys(orig).filter((k) => !Buffer.from(orig[k]).equals(Buffer.from(back[k])))).toEqual([]);
  });

  test("a chart the user added to the summary sheet is kept, by name, through later writes; ours is redrawn beside it", async () => {
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    const parts = unzipSync(read("a.xlsx"));
    const c = summaryChart(parts);
    // As Excel would save a second chart the user inserted: another anchor in the same drawing, its own chart part.
    const userChart = text(parts, c.chartPath).replace("区分別の項目数", "利用者のグラフ");
    const userAnchor = /<xdr:twoCellAnchor>[\s\S]*<\/xdr:twoCellAnchor>/.exec(text(parts, c.drawingPath))![0]
      .replace(`id="2" name="${SUMMARY_CHART_NAME}"`, 'id="3" name="グラフ 2"')
      .replace('r:id="rId1"', 'r:id="rId9"')
      .replace("<xdr:row>2</xdr:row>", "<xdr:row>30</xdr:row>")
      .replace("<xdr:row>18</xdr:row>", "<xdr:row>45</xdr:row>");
    parts["xl/charts/chart7.xml"] = strToU8(userChart);
    parts[c.drawingPath] = strToU8(text(parts, c.drawingPath).replace("</xdr:wsDr>", userAnchor + "</xdr:wsDr>"));
    const relsPath = "xl/drawings/_rels/drawing1.xml.rels";
    parts[relsPath] = strToU8(text(parts, relsPath).replace("</Relationships>", '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart7.xml"/></Relationships>'));
    parts["[Content_Types].xml"] = strToU8(text(parts, "[Content_Types].xml").replace("</Types>", '<Override PartName="/xl/charts/chart7.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>'));
    fs.writeFileSync(file("user.xlsx"), zipSync(parts));

    expect((await run("evidence", "user.xlsx", "--set", `${NINE[1]}=委託先一覧（架空）`, "-o", "b.xlsx")).code).toBe(1);
    const b = unzipSync(read("b.xlsx"));
    const cb = summaryChart(b);
    expect(cb.anchors).toHaveLength(2);
    expect(cb.named("グラフ 2")).toHaveLength(1);
    expect(Buffer.from(b["xl/charts/chart7.xml"]).equals(Buffer.from(parts["xl/charts/chart7.xml"]))).toBe(true);
    expect(text(b, relsPath)).toContain('Target="../charts/chart7.xml"');
    expect(cb.chartPath).toBe(c.chartPath);

    // The user deleted our chart (only theirs is left): the next write adds ours again, theirs untouched.
    const onlyUser = unzipSync(read("b.xlsx"));
    const d = text(onlyUser, cb.drawingPath);
    const ours = /<xdr:twoCellAnchor>(?:(?!<\/xdr:twoCellAnchor>)[\s\S])*PHRCheckClassChart[\s\S]*?<\/xdr:twoCellAnchor>/.exec(d)![0];
    onlyUser[cb.drawingPath] = strToU8(d.replace(ours, ""));
    onlyUser[relsPath] = strToU8(text(onlyUser, relsPath).replace(/<Relationship Id="rId1"[^>]*\/>/, ""));
    delete onlyUser["xl/charts/chart1.xml"];
    onlyUser["[Content_Types].xml"] = strToU8(text(onlyUser, "[Content_Types].xml").replace(/<Override PartName="\/xl\/charts\/chart1.xml"[^>]*\/>/, ""));
    fs.writeFileSync(file("only-user.xlsx"), zipSync(onlyUser));
    expect((await run("evidence", "only-user.xlsx", "--set", `${NINE[2]}=監査報告書（架空）`, "-o", "e.xlsx")).code).toBe(1);
    const e = unzipSync(read("e.xlsx"));
    const ce = summaryChart(e);
    expect(ce.anchors).toHaveLength(2);
    expect(ce.named("グラフ 2")).toHaveLength(1);
    expect(Buffer.from(e["xl/charts/chart7.xml"]).equals(Buffer.from(parts["xl/charts/chart7.xml"]))).toBe(true);
    expect(overrides(e).get(ce.chartPath)).toBe("application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
    // cNvPr ids stay unique within the drawing
    const ids = ce.anchors.map((x) => x.getElementsByTagNameNS(NS_XDR, "cNvPr")[0].getAttribute("id"));
    expect(new Set(ids).size).toBe(2);

    // clear keeps the summary sheet with the user's chart on it, and says why; --force removes the sheet with both
    // charts and leaves no part pointing at them or left behind
    const kept = await run("clear", "e.xlsx", "-o", "kept.xlsx");
    expect(kept.code).toBe(0);
    expect(kept.out).toContain("「グラフ 2」");
    expect(kept.out).toContain("--force");
    const k = unzipSync(read("kept.xlsx"));
    expect(summaryChart(k).named("グラフ 2")).toHaveLength(1);
    expect(Buffer.from(k["xl/charts/chart7.xml"]).equals(Buffer.from(parts["xl/charts/chart7.xml"]))).toBe(true);
    expect((await run("clear", "e.xlsx", "-o", "back.xlsx", "--force")).code).toBe(0);
    const back = unzipSync(read("back.xlsx"));
    expect(Object.keys(back).filter((k) => /^xl\/(drawings|charts)\//.test(k))).toEqual([]);
    expect([...overrides(back).keys()].filter((k) => /drawings|charts/.test(k))).toEqual([]);
  });

  test("the user moved, resized and restyled our chart: later writes keep its place and style and bring only its data up to date", async () => {
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    const parts = unzipSync(read("a.xlsx"));
    const c = summaryChart(parts);
    // As Excel would save it after the user dragged the chart below the texts, made it taller, gave the bars another
    // colour and turned the legend on; the cached values are stale (as a file written by an earlier version may be).
    const moved = text(parts, c.drawingPath)
      .replace("<xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>", "<xdr:from><xdr:col>0</xdr:col><xdr:colOff>12700</xdr:colOff><xdr:row>40</xdr:row>")
      .replace("<xdr:to><xdr:col>10</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>18</xdr:row>", "<xdr:to><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>70</xdr:row>");
    expect(moved).not.toBe(text(parts, c.drawingPath));
    const styled = text(parts, c.chartPath)
      .replace('<a:srgbClr val="4472C4"/>', '<a:srgbClr val="C00000"/>')
      .replace("<c:plotVisOnly", '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend><c:plotVisOnly')
      .replace(/<c:numCache>[\s\S]*?<\/c:numCache>/, '<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="1"/><c:pt idx="0"><c:v>0</c:v></c:pt></c:numCache>')
      .replace(/(<c:val><c:numRef><c:f>)[^<]*/, "$1'PHRチェック概要'!$B$1:$B$1");
    parts[c.drawingPath] = strToU8(moved);
    parts[c.chartPath] = strToU8(styled);
    fs.writeFileSync(file("styled.xlsx"), zipSync(parts));

    expect((await run("mark", "styled.xlsx", "--cert", "cert.json", "-o", "b.xlsx")).code).toBe(0);
    const b = unzipSync(read("b.xlsx"));
    const cb = summaryChart(b);
    expect(text(b, cb.drawingPath)).toBe(moved); // place and size as the user left them
    const chart = text(b, cb.chartPath);
    expect(chart).toContain('<a:srgbClr val="C00000"/>');
    expect(chart).toContain('<c:legend><c:legendPos val="r"/>');
    const q = (name: string) => [...cb.chart.getElementsByTagNameNS(NS_C, name)];
    const cached = (el: Element) => [...el.getElementsByTagNameNS(NS_C, "pt")].map((x) => x.getElementsByTagNameNS(NS_C, "v")[0].textContent);
    expect(cached(q("val")[0])).toEqual(["36", "100", "2", "7"]);
    const catRef = q("cat")[0].getElementsByTagNameNS(NS_C, "f")[0].textContent!;
    expect(q("val")[0].getElementsByTagNameNS(NS_C, "f")[0].textContent).toBe(catRef.replace(/\$A\$/g, "$B$"));
    expect(q("title")[0].textContent).toBe("区分別の項目数");
    // Nothing else of the part changed: the same text once the data blocks are set aside.
    const withoutData = (t: string) => t.replace(/<c:cat>[\s\S]*?<\/c:cat>/, "").replace(/<c:val>[\s\S]*?<\/c:val>/, "");
    expect(withoutData(chart)).toBe(withoutData(styled));
    // ExcelJS still opens the file
    await summaryOf(read("b.xlsx"));
  });

  test("a title the user typed on our chart is kept; the add-in's own title follows the language", async () => {
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    const parts = unzipSync(read("a.xlsx"));
    const c = summaryChart(parts);
    const withTitle = (t: string) => {
      const p = { ...parts, [c.chartPath]: strToU8(text(parts, c.chartPath).replace(/<a:t>区分別の項目数<\/a:t>/, `<a:t>${t}</a:t>`)) };
      return zipSync(p);
    };
    fs.writeFileSync(file("typed.xlsx"), withTitle("当社の区分別集計（2026年度）"));
    fs.writeFileSync(file("english.xlsx"), withTitle("Items per class"));
    expect((await run("mark", "typed.xlsx", "--cert", "cert.json", "-o", "t.xlsx")).code).toBe(0);
    expect((await run("mark", "english.xlsx", "--cert", "cert.json", "-o", "e.xlsx")).code).toBe(0);
    const title = (name: string) => summaryChart(unzipSync(read(name))).chart.getElementsByTagNameNS(NS_C, "title")[0].textContent;
    expect(title("t.xlsx")).toBe("当社の区分別集計（2026年度）");
    expect(title("e.xlsx")).toBe("区分別の項目数");
  });

  test("after another program re-saved the file without the chart (ExcelJS), the next write draws it again, consistently", async () => {
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    fs.writeFileSync(file("resaved.xlsx"), await exceljsResave(read("a.xlsx")));
    const resaved = unzipSync(read("resaved.xlsx"));
    expect(Object.keys(resaved).filter((k) => /^xl\/charts\//.test(k))).toEqual([]); // ExcelJS drops charts
    expect((await run("mark", "resaved.xlsx", "--cert", "cert.json", "-o", "m.xlsx")).code).toBe(0);
    const m = unzipSync(read("m.xlsx"));
    const c = summaryChart(m); // <drawing r:id> → drawing → our anchor → chart, all resolving
    expect(overrides(m).get(c.chartPath)).toBe("application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
    expect([...c.chart.getElementsByTagNameNS(NS_C, "ser")]).toHaveLength(1);
    for (const owner of [c.sheet, c.drawingPath]) for (const r of relsOf(m, owner)) expect(m[r.path]).toBeDefined();
    await summaryOf(read("m.xlsx"));
    expect((await run("clear", "m.xlsx", "-o", "back.xlsx")).code).toBe(0);
    const back = unzipSync(read("back.xlsx"));
    expect(Object.keys(back).filter((k) => /^xl\/charts\//.test(k))).toEqual([]);
    for (const k of Object.keys(back).filter((x) => x.endsWith(".rels")))
      for (const r of relsOf(back, k.replace(/_rels\/([^/]+)\.rels$/, "$1"))) if (!/hyperlink/.test(r.type)) expect([k, back[r.path] !== undefined]).toEqual([k, true]);
  });

  (libreOffice() ? test : test.skip)("LibreOffice reads the chart: its own re-save still holds a bar chart over the summary's cells", async () => {
    expect((await run("annotate", "in.xlsx", "--cert", "cert.json", "-o", "out.xlsx")).code).toBe(0);
    const parts = unzipSync(libreOfficeResave(read("out.xlsx")));
    const charts = Object.keys(parts).filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k));
    expect(charts).toHaveLength(1);
    const chart = text(parts, charts[0]);
    expect(chart).toMatch(/<c:barDir val="bar"\/>/);
    expect(chart).toContain("$A$");
    expect(chart).toContain("区分別の項目数");
    await summaryOf(libreOfficeResave(read("out.xlsx"))); // and ExcelJS opens LibreOffice's file too
    // A later write over LibreOffice's file finds the chart again (LibreOffice keeps the name) and keeps LibreOffice's
    // anchor and chart part but for the data.
    fs.writeFileSync(file("lo.xlsx"), libreOfficeResave(read("out.xlsx")));
    const lo = unzipSync(read("lo.xlsx"));
    expect((await run("mark", "lo.xlsx", "--cert", "cert.json", "-o", "lo-m.xlsx")).code).toBe(0);
    const m = unzipSync(read("lo-m.xlsx"));
    const cm = summaryChart(m);
    expect(Object.keys(m).filter((k) => /^xl\/charts\/chart\d+\.xml$/.test(k))).toHaveLength(1);
    expect(text(m, cm.drawingPath)).toBe(text(lo, cm.drawingPath));
    const cached = [...cm.chart.getElementsByTagNameNS(NS_C, "val")[0].getElementsByTagNameNS(NS_C, "v")].map((v) => v.textContent);
    expect(cached).toEqual(["36", "100", "2", "7"]);
    expect(cm.chart.getElementsByTagNameNS(NS_C, "title")[0].textContent).toBe("区分別の項目数");
  }, 240_000);
});

describe("row heights for the added wrapped texts", () => {
  async function checksheetRows(bytes: Uint8Array) {
    const parts = unzipSync(bytes);
    const wb = parseXml(text(parts, "xl/workbook.xml"));
    const name = [...wb.getElementsByTagName("sheet")].map((s) => s.getAttribute("name")!).find((n) => n.includes("チェックシート"))!;
    const p = sheetPath(parts, name);
    return { parts, path: p, xml: text(parts, p) };
  }
  const rowTag = (xml: string, r: number) => new RegExp(`<row r="${r}"[^>]*>`).exec(xml)?.[0] ?? "";

  test("rows without a height get an estimated one (no customHeight), more lines for longer texts; clear removes it; a height the user changed since stays", async () => {
    // One row already has a height of its own (set by the user): never touched.
    const ex = new ExcelJS.Workbook();
    await ex.xlsx.load(fs.readFileSync(file("in.xlsx")) as unknown as ArrayBuffer);
    const ws = ex.worksheets.find((w) => w.name.includes("チェックシート"))!;
    let own = 0;
    ws.eachRow((row, n) => {
      if (!own && row.getCell(1).value === "１－１") own = n; // the first item row
    });
    expect(own).toBeGreaterThan(0);
    ws.getRow(own).height = 33;
    fs.writeFileSync(file("in2.xlsx"), new Uint8Array((await ex.xlsx.writeBuffer()) as ArrayBuffer));
    const input = read("in2.xlsx");
    const before = await checksheetRows(input);
    expect(rowTag(before.xml, own)).toMatch(/ht="33" customHeight="1"/);

    expect((await run("annotate", "in2.xlsx", "--cert", "cert.json", "-o", "a.xlsx")).code).toBe(0);
    const after = await checksheetRows(read("a.xlsx"));
    expect(rowTag(after.xml, own)).toBe(rowTag(before.xml, own));
    // The rows that got a height are rows without one before; none says customHeight.
    const grown = [...after.xml.matchAll(/<row r="(\d+)"[^>]*\sht="([\d.]+)"[^>]*>/g)].filter((m) => !/\sht=/.test(rowTag(before.xml, Number(m[1]))));
    expect(grown.length).toBeGreaterThan(30);
    for (const m of grown) {
      expect(m[0]).not.toMatch(/customHeight/);
      expect(Number(m[2])).toBeLessThanOrEqual(409);
    }
    // Two lines or more (a row that fits on one line is left alone), in whole pixels (0.75 pt).
    for (const m of grown) {
      expect(Number(m[2])).toBeGreaterThanOrEqual(30);
      expect((Number(m[2]) / 0.75) % 1).toBe(0);
    }
    const a = new ExcelJS.Workbook();
    await a.xlsx.load(Buffer.from(read("a.xlsx")) as unknown as ArrayBuffer);
    const aws = a.worksheets.find((w) => w.name.includes("チェックシート"))!;
    expect(aws.getRow(Number(grown[0][1])).height).toBe(Number(grown[0][2])); // ExcelJS reads the same height

    // The user changes one of the fitted heights by hand (as Excel saves it); clear keeps it, removes the others.
    const handRow = Number(grown[5][1]);
    const edited = unzipSync(read("a.xlsx"));
    const x = text(edited, after.path);
    const tag = rowTag(x, handRow);
    edited[after.path] = strToU8(x.replace(tag, tag.replace(/\sht="[\d.]+"/, ' ht="50.25" customHeight="1"')));
    fs.writeFileSync(file("hand.xlsx"), zipSync(edited));
    expect((await run("clear", "hand.xlsx", "-o", "back.xlsx")).code).toBe(0);
    const back = await checksheetRows(read("back.xlsx"));
    expect(rowTag(back.xml, handRow)).toMatch(/ht="50.25" customHeight="1"/);
    for (const m of grown) if (Number(m[1]) !== handRow) expect(rowTag(back.xml, Number(m[1]))).toBe(rowTag(before.xml, Number(m[1])));
    expect(rowTag(back.xml, own)).toBe(rowTag(before.xml, own));

    // Without a hand edit, clear gives the checksheet back byte for byte.
    expect((await run("clear", "a.xlsx", "-o", "back2.xlsx")).code).toBe(0);
    expect(Buffer.from((await checksheetRows(read("back2.xlsx"))).xml).equals(Buffer.from(before.xml))).toBe(true);
  });
});

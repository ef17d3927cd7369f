/**
 * chart.ts on its own, over an in-memory part store: where `<drawing>` goes in a worksheet that already has later
 * elements, a dangling `<drawing>` left by another program, and the removal of a deleted sheet's drawing parts while
 * a picture another drawing still uses stays.
 */
import { chartXml, drawOwnedChart, refreshChartXml, removeSheetDrawings } from "../../src/workbook/xlsx/chart";
import type { PartIo } from "../../src/workbook/xlsx/review-table";
import type { OwnedChart } from "../../src/workbook/gateway";

const NS = { main: "http://schemas.openxmlformats.org/spreadsheetml/2006/main", rel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships" };
const CT = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;
const chart: OwnedChart = { name: "PHRCheckClassChart", title: "区分別の項目数", firstRow: 0, lastRow: 1, categoryCol: 0, valueCol: 1, topLeft: { row: 0, col: 3 }, bottomRight: { row: 9, col: 8 } };
const rows = [["区分 A", 36], ["区分 B", 100]];

function store(init: Record<string, string>): PartIo & { parts: Map<string, string> } {
  const parts = new Map(Object.entries(init));
  return {
    parts,
    text: (p) => parts.get(p) ?? null,
    stage: (p, t) => void (t === null ? parts.delete(p) : parts.set(p, t)),
    names: () => [...parts.keys()],
  };
}

test("<drawing> goes before legacyDrawing and tableParts; a dangling one is pointed at the new drawing", () => {
  const sheet = `<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}"><sheetData/><pageMargins left="0.7"/><legacyDrawing r:id="rId1"/><tableParts count="0"/></worksheet>`;
  const io = store({ "[Content_Types].xml": CT, "xl/worksheets/sheet1.xml": sheet });
  const out = drawOwnedChart(io, "xl/worksheets/sheet1.xml", sheet, "PHRチェック概要", chart, rows, NS);
  expect(out).toMatch(/<pageMargins left="0.7"\/><drawing r:id="rId1"\/><legacyDrawing/);
  expect(io.parts.get("xl/drawings/drawing1.xml")).toContain('name="PHRCheckClassChart"');
  expect(io.parts.get("xl/charts/chart1.xml")).toContain("<c:f>'PHRチェック概要'!$A$1:$A$2</c:f>");
  expect(io.parts.get("xl/charts/chart1.xml")).toContain("<c:v>100</c:v>");
  expect(io.parts.get("xl/worksheets/_rels/sheet1.xml.rels")).toContain('Target="../drawings/drawing1.xml"');

  const dangling = `<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}"><sheetData/><drawing r:id="rId7"/></worksheet>`;
  const io2 = store({ "[Content_Types].xml": CT, "xl/worksheets/sheet2.xml": dangling });
  const out2 = drawOwnedChart(io2, "xl/worksheets/sheet2.xml", dangling, "S", chart, rows, NS);
  const rid = /Id="(rId\d+)"/.exec(io2.parts.get("xl/worksheets/_rels/sheet2.xml.rels")!)![1];
  expect(out2).toBe(`<worksheet xmlns="${NS.main}" xmlns:r="${NS.rel}"><sheetData/><drawing r:id="${rid}"/></worksheet>`);
});

test("a worksheet without the relationships prefix on its root declares it on <drawing>; Strict workbooks are left alone", () => {
  const sheet = `<x:worksheet xmlns:x="${NS.main}"><x:sheetData/></x:worksheet>`;
  const io = store({ "[Content_Types].xml": CT, "s.xml": sheet });
  expect(drawOwnedChart(io, "s.xml", sheet, "S", chart, rows, NS)).toBe(`<x:worksheet xmlns:x="${NS.main}"><x:sheetData/><x:drawing xmlns:r="${NS.rel}" r:id="rId1"/></x:worksheet>`);
  const strict = { main: "http://purl.oclc.org/ooxml/spreadsheetml/main", rel: "http://purl.oclc.org/ooxml/officeDocument/relationships" };
  const io2 = store({ "[Content_Types].xml": CT });
  expect(drawOwnedChart(io2, "s.xml", sheet, "S", chart, rows, strict)).toBe(sheet);
  expect([...io2.parts.keys()]).toEqual(["[Content_Types].xml"]);
});

test("removing a sheet's drawing takes its charts and their overrides, and keeps a picture another drawing uses", () => {
  const rels = (...t: [string, string, string][]) => `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${t.map(([id, type, target]) => `<Relationship Id="${id}" Type="${NS.rel}/${type}" Target="${target}"/>`).join("")}</Relationships>`;
  const io = store({
    "[Content_Types].xml": CT.replace("</Types>", '<Override PartName="/xl/drawings/drawing1.xml" ContentType="d"/><Override PartName="/xl/charts/chart1.xml" ContentType="c"/><Override PartName="/xl/drawings/drawing2.xml" ContentType="d"/></Types>'),
    "xl/worksheets/sheet1.xml": "<worksheet/>",
    "xl/worksheets/_rels/sheet1.xml.rels": rels(["rId1", "drawing", "../drawings/drawing1.xml"]),
    "xl/drawings/drawing1.xml": "<wsDr/>",
    "xl/drawings/_rels/drawing1.xml.rels": rels(["rId1", "chart", "../charts/chart1.xml"], ["rId2", "image", "../media/image1.png"], ["rId3", "image", "../media/image2.png"]),
    "xl/charts/chart1.xml": "<chartSpace/>",
    "xl/media/image1.png": "png1",
    "xl/media/image2.png": "png2",
    "xl/worksheets/sheet2.xml": "<worksheet/>",
    "xl/worksheets/_rels/sheet2.xml.rels": rels(["rId1", "drawing", "../drawings/drawing2.xml"]),
    "xl/drawings/drawing2.xml": "<wsDr/>",
    "xl/drawings/_rels/drawing2.xml.rels": rels(["rId1", "image", "../media/image1.png"]),
  });
  removeSheetDrawings(io, "xl/worksheets/sheet1.xml");
  expect([...io.parts.keys()].sort()).toEqual([
    "[Content_Types].xml",
    "xl/drawings/_rels/drawing2.xml.rels",
    "xl/drawings/drawing2.xml",
    "xl/media/image1.png",
    "xl/worksheets/_rels/sheet1.xml.rels", // goes with the sheet entry itself
    "xl/worksheets/_rels/sheet2.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
  ]);
  expect(io.parts.get("[Content_Types].xml")).toBe(CT.replace("</Types>", '<Override PartName="/xl/drawings/drawing2.xml" ContentType="d"/></Types>'));
});

test("refreshing a chart part: our series found by its value reference among the user's; the user's series and a chart of several series that are not ours left alone", () => {
  const ours = chartXml("S", chart, rows);
  const ser = /<c:ser>[\s\S]*<\/c:ser>/.exec(ours)![0];
  const users = ser.replace(/'S'!\$A\$1:\$A\$2/, "'Data'!$A$1:$A$3").replace(/'S'!\$B\$1:\$B\$2/, "'Data'!$B$1:$B$3").replace(/<c:v>100<\/c:v>/, "<c:v>55</c:v>");
  // the user added a series ahead of ours; ours holds stale counts
  const stale = ours.replace(ser, users + ser.replace("<c:v>100</c:v>", "<c:v>1</c:v>"));
  const out = refreshChartXml(stale, "S", chart, rows)!;
  expect(out).toBe(ours.replace(ser, users + ser));
  // two series, neither over the summary's value column: not ours to change
  const foreign = ours.replace(ser, users + users);
  expect(refreshChartXml(foreign, "S", chart, rows)).toBe(foreign);
  // no series at all: drawn again by the caller
  expect(refreshChartXml(ours.replace(ser, ""), "S", chart, rows)).toBeNull();
  // an element-prefix-free part (default namespace) is read the same way
  const plain = ours.replace(/<(\/?)c:/g, "<$1").replace('xmlns:c="', 'xmlns="');
  const refreshed = refreshChartXml(plain.replace("<v>100</v>", "<v>3</v>"), "S", chart, rows)!;
  expect(refreshed).toContain("<v>100</v>");
  expect(refreshed).not.toContain("<v>3</v>");
});

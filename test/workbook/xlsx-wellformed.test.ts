/**
 * Every XML part the OOXML adapter writes must stay well-formed and keep the structure Excel relies on
 * (after annotate, bulk-mark, review and evidence on a richly featured workbook).
 */
import { JSDOM } from "jsdom";
import { strFromU8, unzipSync } from "fflate";
import { parseCertification } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { addEvidence, applyBulkMark, setReviews } from "../../src/workbook/review-usecases";
import { applyCoverage, type UseCaseContext } from "../../src/workbook/usecases";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { richChecksheetXlsx } from "../helpers/rich-checksheet";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z", tool: "cli" };
const cert = parseCertification({
  schema: "infobank-certification/1",
  certificationNumber: "IB-WF-1",
  holder: "架空株式会社",
  serviceName: "架空PHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-01-01",
  expiresOn: "2027-01-01",
  status: "active",
});

function parseXml(text: string): Document {
  const doc = new JSDOM(text, { contentType: "text/xml" }).window.document;
  const err = doc.getElementsByTagName("parsererror")[0];
  if (err) throw new Error(err.textContent ?? "parse error");
  return doc;
}

test("all XML parts are well-formed after every kind of write, and the workbook structure is consistent", async () => {
  if (!cert.ok) throw new Error("cert");
  const wb = XlsxWorkbook.open(await richChecksheetXlsx({ answers: { "2.2/1-1": "×" } }));
  await applyCoverage(wb, ctx, { certification: cert.certification });
  await applyBulkMark(wb, ctx);
  await setReviews(wb, ctx, [{ itemId: "3.3(2)/3-1", status: "needs-fix", comment: "<script>&\"'" }], "審査 <太郎>");
  await addEvidence(wb, ctx, "4.2(1)/1-1", { document: "仕様書 & 画面 <v2>", url: "https://example.invalid/?a=1&b=2" });
  const parts = unzipSync(wb.save());
  const xmlNames = Object.keys(parts).filter((n) => /\.(xml|rels|vml)$/.test(n));
  expect(xmlNames.length).toBeGreaterThan(8);
  for (const n of xmlNames) expect(() => parseXml(strFromU8(parts[n]))).not.toThrow();

  // workbook.xml sheets ↔ rels ↔ content types ↔ parts
  const wbXml = parseXml(strFromU8(parts["xl/workbook.xml"]));
  const rels = parseXml(strFromU8(parts["xl/_rels/workbook.xml.rels"]));
  const ct = strFromU8(parts["[Content_Types].xml"]);
  const relTarget = new Map(
    [...rels.getElementsByTagName("Relationship")].map((r) => [r.getAttribute("Id"), r.getAttribute("Target")!]),
  );
  const sheets = [...wbXml.getElementsByTagName("sheet")];
  const ids = new Set<string>();
  for (const s of sheets) {
    const rid = s.getAttribute("r:id")!;
    const target = relTarget.get(rid);
    expect(target).toBeDefined();
    const part = "xl/" + target!.replace(/^\/?xl\//, "");
    expect(parts[part]).toBeDefined();
    expect(ct).toContain(`/${part}`);
    expect(ids.has(s.getAttribute("sheetId")!)).toBe(false);
    ids.add(s.getAttribute("sheetId")!);
  }
  const store = sheets.find((s) => s.getAttribute("name") === RECORD_SHEET_NAME)!;
  expect(store.getAttribute("state")).toBe("veryHidden");
  expect(sheets.some((s) => s.getAttribute("name") === "審査記録" && !s.getAttribute("state"))).toBe(true);

  // styles: every cell style index points into cellXfs, every fillId into fills
  const styles = parseXml(strFromU8(parts["xl/styles.xml"]));
  const xfs = styles.getElementsByTagName("cellXfs")[0].getElementsByTagName("xf");
  const fills = styles.getElementsByTagName("fills")[0].getElementsByTagName("fill");
  expect(Number(styles.getElementsByTagName("cellXfs")[0].getAttribute("count"))).toBe(xfs.length);
  expect(Number(styles.getElementsByTagName("fills")[0].getAttribute("count"))).toBe(fills.length);
  for (const xf of [...xfs]) expect(Number(xf.getAttribute("fillId") ?? 0)).toBeLessThan(fills.length);
  for (const n of Object.keys(parts).filter((x) => /^xl\/worksheets\/sheet\d+\.xml$/.test(x))) {
    const doc = parseXml(strFromU8(parts[n]));
    let lastRow = 0;
    for (const row of [...doc.getElementsByTagName("row")]) {
      const r = Number(row.getAttribute("r"));
      expect(r).toBeGreaterThan(lastRow); // rows sorted
      lastRow = r;
      let lastCol = -1;
      for (const c of [...row.getElementsByTagName("c")]) {
        const ref = c.getAttribute("r")!;
        const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
        expect(Number(m[2])).toBe(r);
        const col = [...m[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0);
        expect(col).toBeGreaterThan(lastCol); // cells sorted within the row
        lastCol = col;
        const s = c.getAttribute("s");
        if (s !== null) expect(Number(s)).toBeLessThan(xfs.length);
      }
    }
  }
  // the escaped text came back as text
  const reread = XlsxWorkbook.open(wb.save());
  const r = await reread.read({ allSheets: true });
  const review = r.matrices.find((m) => m.name === "審査記録")!;
  expect(review.values.flat()).toEqual(expect.arrayContaining(["<script>&\"'", "審査 <太郎>"]));
});

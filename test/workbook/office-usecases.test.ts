/**
 * The add-in's use cases over OfficeGateway and the strict fake Excel, at 145 and 10,000 rows:
 * apply ≤ 3 syncs, clear ≤ 3 syncs and identical state, bulk-mark preview → apply → undo, review, protection.
 */
import { toA1 } from "../../src/domain/a1";
import { parseCertification } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { OfficeGateway } from "../../src/workbook/office";
import { applyBulkMark, previewBulkMark, setReviews, undoBulkMark } from "../../src/workbook/review-usecases";
import { applyCoverage, clearMarks, type UseCaseContext } from "../../src/workbook/usecases";
import { createFakeExcel, type FakeExcel } from "../fakes/fake-excel";
import { messyLayout, type LayoutBook } from "../helpers/layouts";
import { testContext } from "../helpers/ctx";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = testContext("addin", { crosswalk });
const parsed = parseCertification({
  schema: "infobank-certification/1",
  certificationNumber: "IB-OFFICE-1",
  holder: "架空株式会社",
  serviceName: "架空PHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-04-01",
  expiresOn: "2027-03-31",
  status: "active",
});
if (!parsed.ok) throw new Error("bad cert");
const cert = parsed.certification;

function setup(book: LayoutBook, extraRows = 0) {
  const sheets = book.sheets.map((s) => {
    let values = s.values;
    if (s.name === book.checksheet && extraRows > 0)
      values = [...values, ...Array.from({ length: extraRows }, (_, i) => [null, `補足説明 ${i + 1}`, null, null, null])];
    return { name: s.name, values, merges: s.merges, hiddenRows: s.hiddenRows, validations: s.validations, visibility: s.visibility ?? "visible" };
  });
  const fake = createFakeExcel({ sheets, active: book.checksheet });
  const gw = new OfficeGateway({ excel: fake.Excel, office: fake.Office });
  return { fake, gw };
}

async function syncs(fake: FakeExcel, fn: () => Promise<unknown>): Promise<number> {
  const before = fake.syncCount;
  await fn();
  return fake.syncCount - before;
}

describe.each([
  ["145 items", 0],
  ["10,000 rows", 10000 - 300],
])("OfficeGateway + use cases, %s", (_label, extra) => {
  test("apply and clear in a bounded number of syncs (no sync per item), every request/response under 5 MB, workbook identical afterwards", async () => {
    const book = messyLayout(crosswalk.entries, { answers: { "2.2/1-1": "○" } });
    const { fake, gw } = setup(book, extra);
    const original = fake.snapshotState();
    let counts: { covered: number; needsEvidence: number; notCovered: number } | null = null;
    // read: list, used ranges, 1-2 bands, extras; snapshot; record sheet creation; write
    expect(await syncs(fake, async () => (counts = (await applyCoverage(gw, ctx, { certification: cert })).plan.counts))).toBeLessThanOrEqual(8);
    expect(counts).toEqual({ covered: 136, needsEvidence: 9, notCovered: 0, contradictions: 0 });
    expect(fake.state.sheets.find((s) => s.name === RECORD_SHEET_NAME)?.visibility).toBe("veryHidden");
    expect(await syncs(fake, () => clearMarks(gw, ctx))).toBeLessThanOrEqual(6);
    expect(fake.snapshotState()).toBe(original);
    for (const st of fake.stats) {
      expect(st.request).toBeLessThan(5 * 1024 * 1024);
      expect(st.response).toBeLessThan(5 * 1024 * 1024);
    }
  });
});

test("bulk-mark preview → apply → undo through Office, contradiction kept, then review status", async () => {
  const book = messyLayout(crosswalk.entries, { answers: { "2.2/1-1": "×" } });
  const { fake, gw } = setup(book);
  await applyCoverage(gw, ctx, { certification: cert });
  const afterApply = fake.snapshotState();
  let preview!: Awaited<ReturnType<typeof previewBulkMark>>;
  expect(await syncs(fake, async () => (preview = await previewBulkMark(gw, ctx)))).toBeLessThanOrEqual(5); // a read
  expect(preview.plan.yesValue).toBe("○");
  expect(preview.plan.contradictions.map((c) => c.itemId)).toEqual(["2.2/1-1"]);
  expect(await syncs(fake, () => applyBulkMark(gw, ctx))).toBeLessThanOrEqual(7);
  const d = preview.analysis.detection!;
  const contradicted = d.items.find((i) => i.catalogId === "2.2/1-1")!;
  const written = d.items.find((i) => i.catalogId === "3.2(2)/3-2")!;
  const cellOf = (r: number, c: number) => fake.cell(book.checksheet, toA1(r, c));
  expect(cellOf(contradicted.answer.row, contradicted.answer.col)?.v).toBe("×");
  expect(cellOf(written.answer.row, written.answer.col)?.v).toBe("○");
  const undo = await undoBulkMark(gw, ctx);
  expect(undo.done).toBe(true);
  // the sheets are back to the applied state (the record keeps the annotate layer)
  const strip = (s: string) => JSON.stringify(JSON.parse(s).sheets.filter((x: { name: string }) => x.name !== RECORD_SHEET_NAME));
  expect(strip(fake.snapshotState())).toBe(strip(afterApply));
  await setReviews(gw, ctx, [{ itemId: "3.3(2)/3-1", status: "needs-fix", comment: "規程を添付" }], "審査 太郎");
  const review = fake.state.sheets.find((s) => s.name === "審査記録");
  expect(review?.visibility).toBe("visible");
});

/**
 * End to end on real bytes: the use cases (apply coverage, clear) running on
 * the OOXML adapter must leave every zip part byte-identical after clear.
 */
import { unzipSync } from "fflate";
import { parseCertification } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { decodeRecord } from "../../src/domain/record";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { applyCoverage, clearMarks, type UseCaseContext } from "../../src/workbook/usecases";
import { messyLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";
import { testCertification } from "../helpers/cert";
import { testContext } from "../helpers/ctx";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = testContext("cli", { crosswalk });

function same(a?: Uint8Array, b?: Uint8Array): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

test("apply coverage, save, reopen, clear: every part byte-identical to the original", async () => {
  const parsed = { ok: true as const, certification: testCertification() };
  const cert = parsed.certification;

  const original = await writeLayoutXlsx(messyLayout(crosswalk.entries));
  const origParts = unzipSync(original);

  const wb = XlsxWorkbook.open(original, "messy.xlsx");
  const r = await applyCoverage(wb, ctx, { certification: cert });
  expect(r.plan.counts.covered).toBeGreaterThan(100);
  const applied = wb.save();

  const again = XlsxWorkbook.open(applied, "messy.xlsx");
  const read = await again.read();
  expect(decodeRecord(read.recordCells)?.layers.length).toBeGreaterThan(0);
  const c = await clearMarks(again, ctx);
  expect(c.done).toBe(true);
  const back = unzipSync(again.save());
  const names = new Set([...Object.keys(origParts), ...Object.keys(back)]);
  const differing = [...names].filter((n) => !same(origParts[n], back[n])).sort();
  expect({ differing }).toEqual({ differing: [] });
});

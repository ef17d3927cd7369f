/**
 * The record sheet is very hidden. LibreOffice has no very-hidden state and saves it merely hidden (it then shows up
 * in Excel's "Unhide" list); the OOXML adapter's next write hides it again. A record sheet the user made visible is
 * their choice and stays visible.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { addEvidence } from "../../src/workbook/review-usecases";
import { applyCoverage, clearMarks } from "../../src/workbook/usecases";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { libreOffice, libreOfficeResave } from "../helpers/resave";
import { richChecksheetXlsx } from "../helpers/rich-checksheet";
import { testCertification } from "../helpers/cert";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import type { UseCaseContext } from "../../src/workbook/usecases";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z", tool: "cli" };

function recordState(bytes: Uint8Array): string | null {
  const wb = strFromU8(unzipSync(bytes)["xl/workbook.xml"]);
  const tag = [...wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`name="${RECORD_SHEET_NAME}"`));
  if (!tag) return null;
  return /\bstate="([^"]*)"/.exec(tag)?.[1] ?? "visible";
}

/** The record sheet's <sheet> entry with its state set to `state` (visible: attribute removed), as another program saves it. */
function withRecordState(bytes: Uint8Array, state: "hidden" | "visible"): Uint8Array {
  const parts = unzipSync(bytes);
  const wb = strFromU8(parts["xl/workbook.xml"]).replace(/<((?:\w+:)?sheet\b[^>]*?)\s*(\/?)>/g, (m, head: string, slash: string) => {
    if (!head.includes(`name="${RECORD_SHEET_NAME}"`)) return m;
    const base = head.replace(/\s+state="[^"]*"/, "");
    return `<${base}${state === "hidden" ? ' state="hidden"' : ""}${slash}>`;
  });
  parts["xl/workbook.xml"] = strToU8(wb);
  return zipSync(parts);
}

async function annotated(): Promise<Uint8Array> {
  const wb = XlsxWorkbook.open(await richChecksheetXlsx({}));
  await applyCoverage(wb, ctx, { certification: testCertification() });
  return wb.save();
}

test("a record sheet saved merely hidden is very hidden again after the next write", async () => {
  const bytes = withRecordState(await annotated(), "hidden");
  expect(recordState(bytes)).toBe("hidden");
  const wb = XlsxWorkbook.open(bytes);
  await addEvidence(wb, ctx, "4.2(1)/1-1", { document: "手順書" });
  expect(recordState(wb.save())).toBe("veryHidden");
});

test("a record sheet the user made visible stays visible", async () => {
  const bytes = withRecordState(await annotated(), "visible");
  const wb = XlsxWorkbook.open(bytes);
  await addEvidence(wb, ctx, "4.2(1)/1-1", { document: "手順書" });
  expect(recordState(wb.save())).toBe("visible");
});

const lo = libreOffice() ? test : test.skip;
lo("after a real LibreOffice re-save: hidden, then very hidden again on the next write, and still after clear", async () => {
  const resaved = libreOfficeResave(await annotated());
  expect(recordState(resaved)).toBe("hidden");
  const wb = XlsxWorkbook.open(resaved);
  await addEvidence(wb, ctx, "4.2(1)/1-1", { document: "手順書" });
  const next = wb.save();
  expect(recordState(next)).toBe("veryHidden");
  const again = XlsxWorkbook.open(next);
  const cleared = await clearMarks(again, ctx);
  expect(cleared.restored).toBeGreaterThan(0);
  // the record outlives clear here (it keeps the certification and the evidence register), still very hidden
  expect(recordState(again.save())).toBe("veryHidden");
}, 180_000);

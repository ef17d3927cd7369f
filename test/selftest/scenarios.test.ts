/**
 * The self-test's scenarios (src/selftest/scenarios.ts) through the real use cases over OfficeGateway and the strict
 * fake Excel: green on a blank workbook and the workbook identical afterwards; refused (nothing changed) on a workbook
 * holding add-in data; a broken adapter contract shows up as a failed step.
 */
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { emptyRecord, encodeRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import { runSelfTest, SCRATCH_SHEET } from "../../src/selftest/scenarios";
import { OfficeGateway } from "../../src/workbook/office";
import type { UseCaseContext } from "../../src/workbook/usecases";
import { createFakeExcel } from "../fakes/fake-excel";

const crosswalk = loadBundledCrosswalk();
let tick = 0;
const ctx: UseCaseContext = {
  crosswalk,
  today: "2026-01-15",
  now: () => new Date(Date.UTC(2026, 0, 15, 9, 0, tick++)).toISOString(),
  tool: "addin",
  lang: "ja",
};

const blank = () => createFakeExcel({ sheets: [{ name: "Sheet1", values: [["メモ", 1]] }], active: "Sheet1" });

test("green on a blank workbook, every scenario reported, and the workbook is as before", async () => {
  const fake = blank();
  const before = fake.snapshotState();
  const gw = new OfficeGateway({ excel: fake.Excel, office: fake.Office });
  const seen: string[] = [];
  const rep = await runSelfTest(gw, ctx, { onStep: (s) => seen.push(s.id) });
  expect(rep.steps.filter((s) => !s.ok)).toEqual([]);
  expect(rep.ok).toBe(true);
  expect(rep.steps.map((s) => s.id)).toEqual([
    "preflight",
    "scratch",
    "certification",
    "apply",
    "bulk-mark",
    "evidence",
    "review",
    "sign-off",
    "hand-edit",
    "limits",
    "clear",
    "cleanup",
  ]);
  expect(seen).toEqual(rep.steps.map((s) => s.id));
  expect(fake.snapshotState()).toBe(before);
  expect(JSON.parse(JSON.stringify(rep)).schema).toBe("phr-checksheet-selftest/1");
});

test("refused on a workbook holding add-in data: one failed pre-check and nothing changed", async () => {
  const rec = encodeRecord(emptyRecord("2026-01-01T00:00:00Z"));
  const fake = createFakeExcel({
    sheets: [
      { name: "Sheet1", values: [["x"]] },
      { name: RECORD_SHEET_NAME, values: rec.map((s) => [s]), visibility: "veryHidden" },
    ],
  });
  const before = fake.snapshotState();
  const rep = await runSelfTest(new OfficeGateway({ excel: fake.Excel, office: fake.Office }), ctx);
  expect(rep.ok).toBe(false);
  expect(rep.steps.map((s) => [s.id, s.ok])).toEqual([["preflight", false]]);
  expect(rep.steps[0].detail).toContain("new blank workbook");
  expect(fake.snapshotState()).toBe(before);
});

test("an adapter that does not write what it was asked shows up as failed steps, and cleanup still runs", async () => {
  const fake = blank();
  const gw = new OfficeGateway({ excel: fake.Excel, office: fake.Office });
  // A broken adapter: fills are dropped on write.
  const broken = {
    read: gw.read.bind(gw),
    snapshot: gw.snapshot.bind(gw),
    write: (b: Parameters<typeof gw.write>[0]) => gw.write({ ...b, cells: b.cells.map(({ fill: _fill, ...c }) => c) }),
  };
  const rep = await runSelfTest(broken, ctx);
  expect(rep.ok).toBe(false);
  const failed = rep.steps.filter((s) => !s.ok).map((s) => s.id);
  expect(failed).toContain("hand-edit");
  expect(rep.steps[rep.steps.length - 1]).toMatchObject({ id: "cleanup", ok: true });
  expect(fake.state.sheets.some((s: { name: string }) => s.name === SCRATCH_SHEET)).toBe(false);
});

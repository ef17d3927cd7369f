/**
 * Life between steps at the use-case level (in-memory fake, the same rules every adapter follows): for each write
 * × each user change in between, clear (or the bulk-mark undo) keeps every value the user typed and every property
 * they changed, puts the rest back, and says what it kept. Also: re-apply and renewal over a bulk-marked workbook.
 */
import { testContext } from "../helpers/ctx";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { isSummarySheetName } from "../../src/domain/summary";
import { FakeWorkbook } from "../../src/workbook/fake";
import { addEvidence, applyBulkMark, signOff, undoBulkMark } from "../../src/workbook/review-usecases";
import { applyCoverage, clearMarks, type ClearOutcome } from "../../src/workbook/usecases";
import { testCertification } from "../helpers/cert";
import { standardLayout, type LayoutBook } from "../helpers/layouts";

const ctx = testContext("addin");
const crosswalk = ctx.crosswalk;
const ANSWER_COL = 3;

function setup(): { fake: FakeWorkbook; book: LayoutBook; seed: string } {
  const book = standardLayout(crosswalk.entries);
  const fake = new FakeWorkbook(
    book.sheets.map((s) => ({ name: s.name, values: s.values, merges: s.merges, validations: s.validations, visibility: "visible" as const })),
    book.checksheet,
  );
  return { fake, book, seed: fake.serialize() };
}

const idOf = (cls: string, n = 0) => crosswalk.entries.filter((e) => e.class === cls)[n].id;

type Write = (f: FakeWorkbook) => Promise<unknown>;
const annotate: Write = (f) => applyCoverage(f, ctx, { certification: testCertification() });
const WRITES: Record<string, Write> = {
  annotate,
  "bulk-mark": async (f) => {
    await annotate(f);
    await applyBulkMark(f, ctx, {});
  },
  evidence: async (f) => {
    await annotate(f);
    await addEvidence(f, ctx, idOf("C"), { document: "規程" });
  },
  "sign-off": async (f) => {
    await annotate(f);
    await signOff(f, ctx, "審査 太郎");
  },
  "renewal over a bulk-mark": async (f) => {
    await annotate(f);
    await applyBulkMark(f, ctx, {});
    await applyCoverage(f, ctx, { certification: testCertification({ certificationNumber: "IB-TEST-0100", certifiedOn: "2025-10-01", expiresOn: "2027-09-30" }) });
  },
};

interface Change {
  name: string;
  /** Applies the change; returns the cells whose final state must be the user's (key → cell). */
  apply(f: FakeWorkbook, book: LayoutBook): Map<string, { value: unknown; fill: unknown }>;
  keptCount: number;
}
const CHANGES: Change[] = [
  {
    name: "answers typed into highlighted cells",
    keptCount: 2,
    apply(f, book) {
      const s = f.sheet(book.checksheet)!;
      const out = new Map<string, { value: unknown; fill: unknown }>();
      for (const [id, v] of [
        [idOf("D"), "はい"],
        [idOf("C"), "いいえ"],
      ] as const) {
        const k = `${book.rowOf.get(id)}:${ANSWER_COL}`;
        s.cells.set(k, { ...(s.cells.get(k) ?? { formula: null, fill: null }), value: v, formula: null });
        out.set(k, { value: v, fill: null });
      }
      return out;
    },
  },
  {
    name: "a status text edited and an add-in cell recoloured",
    keptCount: 2,
    apply(f, book) {
      const s = f.sheet(book.checksheet)!;
      const row = book.rowOf.get(idOf("B"))!;
      const statusKey = [...s.cells.keys()].find((k) => k.startsWith(`${row}:`) && /充足|未充足/.test(String(s.cells.get(k)!.value)))!;
      const [, col] = statusKey.split(":").map(Number);
      s.cells.set(statusKey, { ...s.cells.get(statusKey)!, value: "審査メモ" });
      const refsKey = `${row}:${col + 1}`;
      s.cells.set(refsKey, { ...s.cells.get(refsKey)!, fill: "#FF0000" });
      return new Map([
        [statusKey, { value: "審査メモ", fill: undefined }],
        [refsKey, { value: undefined, fill: "#FF0000" }],
      ]);
    },
  },
];

describe.each(Object.entries(WRITES))("%s", (_w, write) => {
  test.each(CHANGES.map((c) => [c.name, c] as const))("→ %s → clear keeps them, restores the rest, says so", async (_n, change) => {
    const { fake, book, seed } = setup();
    await write(fake);
    const users = change.apply(fake, book);
    const out: ClearOutcome = await clearMarks(fake, ctx);
    expect(out.kept.length).toBe(change.keptCount);
    expect(out.keptMessage).not.toBeNull();
    const s = fake.sheet(book.checksheet)!;
    for (const [k, want] of users) {
      const c = s.cells.get(k);
      if (want.value !== undefined) expect({ k, v: c?.value }).toEqual({ k, v: want.value });
      if (want.fill !== undefined && want.fill !== null) expect({ k, f: c?.fill }).toEqual({ k, f: want.fill });
    }
    // Everything else is exactly the seed: drop the user's cells and the record (evidence/sign-off keep one).
    for (const k of users.keys()) s.cells.delete(k);
    const seedSheets = JSON.parse(seed) as { name: string; cells: [string, unknown][] }[];
    const now = JSON.parse(fake.serialize()) as { name: string; cells: [string, unknown][] }[];
    const strip = (xs: typeof now) =>
      xs.filter((x) => x.name !== RECORD_SHEET_NAME).map((x) => ({ ...x, cells: x.cells.filter(([k]) => !users.has(k)) }));
    expect(strip(now)).toEqual(strip(seedSheets));
  });
});

test("re-apply with a renewed certification over a bulk-marked workbook: no refusal, typed answers untouched, undo of the bulk-mark still exact", async () => {
  const { fake, book } = setup();
  await annotate(fake);
  const afterAnnotate = fake.serialize();
  await applyBulkMark(fake, ctx, {});
  const s = fake.sheet(book.checksheet)!;
  const k = `${book.rowOf.get(idOf("D"))}:${ANSWER_COL}`;
  s.cells.set(k, { ...(s.cells.get(k) ?? { formula: null, fill: null }), value: "はい（自社規程）", formula: null });
  const renewed = await applyCoverage(fake, ctx, {
    certification: testCertification({ certificationNumber: "IB-TEST-0100", certifiedOn: "2025-10-01", expiresOn: "2027-09-30" }),
  });
  expect(renewed.plan.counts.covered).toBe(136);
  expect(s.cells.get(k)?.value).toBe("はい（自社規程）");
  const undo = await undoBulkMark(fake, ctx);
  expect(undo.kept).toEqual([]);
  s.cells.delete(k);
  // The summary sheet follows the certification in use (renewed), so it is not part of the comparison.
  const strip = (x: string) => (JSON.parse(x) as { name: string }[]).filter((y) => y.name !== RECORD_SHEET_NAME && !isSummarySheetName(y.name));
  const before = strip(afterAnnotate).map((x) => ({ ...x, cells: (x as unknown as { cells: [string, unknown][] }).cells.filter(([kk]) => kk !== k) }));
  expect(strip(fake.serialize())).toEqual(before);
});

/**
 * Life between steps, on real files (OOXML adapter): for each write the add-in makes (annotate, bulk-mark, review,
 * evidence, sign-off, re-apply with another certification) and each thing that happens before the next step (answers
 * typed, an add-in cell recoloured or edited, the file re-saved by ExcelJS or by LibreOffice headless, 審査記録
 * hidden or extended), the next clear must leave every value the user typed intact, remove the marks, give back
 * every other cell value and formula of the original, open in a second reader, and say what it kept.
 */
import ExcelJS from "exceljs";
import { testContext } from "../helpers/ctx";
import { COLORS } from "../../src/domain/plan";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import type { Certification } from "../../src/domain/types";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { applyCoverage, clearMarks, REVIEW_SHEET_NAME, type ClearOutcome } from "../../src/workbook/usecases";
import { addEvidence, applyBulkMark, setReviews, signOff } from "../../src/workbook/review-usecases";
import { standardLayout, type LayoutBook } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";
import { testCertification } from "../helpers/cert";
import { editingHistoryOrder, exceljsResave, libreOffice, libreOfficeResave, readWithExcelJS } from "../helpers/resave";

jest.setTimeout(120_000);

const ctx = testContext("cli");
const crosswalk = ctx.crosswalk;
const CERT = testCertification();
const OTHER_CERT: Certification = testCertification({ certificationNumber: "IB-TEST-0099", expiresOn: "2026-01-01" });
const ADDIN_FILLS = new Set<string>([COLORS.A, COLORS.B, COLORS.evidence, COLORS.notCovered, COLORS.header]);

let book: LayoutBook;
let original: Uint8Array;
const C_ITEM = () => crosswalk.entries.find((e) => e.class === "C")!.id;
const D_ITEM = () => crosswalk.entries.find((e) => e.class === "D")!.id;
const B_ITEM = () => crosswalk.entries.find((e) => e.class === "B")!.id;

beforeAll(async () => {
  book = standardLayout(crosswalk.entries);
  // Answers and remarks already filled in on some rows (shared strings the marks' restore must not confuse).
  const sheet = book.sheets.find((x) => x.name === book.checksheet)!;
  let i = 0;
  for (const [id, row] of book.rowOf) {
    if (id === C_ITEM() || id === D_ITEM() || id === B_ITEM()) continue;
    if (i++ % 7 !== 0) continue;
    sheet.values[row][3] = i % 2 ? "いいえ" : "はい";
    sheet.values[row][4] = `備考 ${id}`;
  }
  // Written as a long-edited file is: shared strings in editing-history order, unused formats first.
  original = editingHistoryOrder(await writeLayoutXlsx(book));
});

test("the test input is a different file from a fresh write but reads the same", async () => {
  const fresh = await writeLayoutXlsx(book);
  expect(Buffer.from(original).equals(Buffer.from(fresh))).toBe(false);
  const a = await readWithExcelJS(fresh);
  const b = await readWithExcelJS(original);
  expect([...b.cells.entries()]).toEqual([...a.cells.entries()]);
});

test("untouched: annotate → clear gives back every part byte for byte", async () => {
  const { unzipSync } = await import("fflate");
  const back = await step(await annotate(original), (wb) => clearMarks(wb, ctx));
  const o = unzipSync(original);
  const r = unzipSync(back);
  expect(Object.keys(r).sort()).toEqual(Object.keys(o).sort());
  for (const k of Object.keys(o)) expect({ k, same: Buffer.from(o[k]).equals(Buffer.from(r[k])) }).toEqual({ k, same: true });
});

async function step(bytes: Uint8Array, f: (wb: XlsxWorkbook) => Promise<unknown>): Promise<Uint8Array> {
  const wb = XlsxWorkbook.open(bytes, "book.xlsx");
  await f(wb);
  return wb.save();
}

type Write = (bytes: Uint8Array) => Promise<Uint8Array>;
const annotate: Write = (b) => step(b, (wb) => applyCoverage(wb, ctx, { certification: CERT }));
const WRITES: Record<string, Write> = {
  annotate,
  "bulk-mark": async (b) => step(await annotate(b), (wb) => applyBulkMark(wb, ctx, {})),
  review: async (b) =>
    step(await annotate(b), (wb) => setReviews(wb, ctx, [{ itemId: B_ITEM(), status: "confirmed", comment: "規程を確認" }], "審査 太郎")),
  evidence: async (b) => step(await annotate(b), (wb) => addEvidence(wb, ctx, C_ITEM(), { document: "運用規程 第3条" })),
  "sign-off": async (b) => step(await annotate(b), (wb) => signOff(wb, ctx, "審査 太郎", { allowOpen: true })),
  "re-apply with another certification": async (b) =>
    step(await annotate(b), (wb) => applyCoverage(wb, ctx, { certification: OTHER_CERT })),
};

/** Answer cells (A1 on the checksheet) of a few items: the nine-item ones and a covered one. */
function answerCellsOf(ids: string[]): string[] {
  return ids.map((id) => {
    const row = book.rowOf.get(id)!;
    const sheet = book.sheets.find((s) => s.name === book.checksheet)!;
    const header = sheet.values.findIndex((r) => r?.some((v) => typeof v === "string" && /回答|はい/.test(v)));
    const col = sheet.values[header].findIndex((v) => typeof v === "string" && /回答/.test(v));
    return `${String.fromCharCode(65 + col)}${row + 1}`;
  });
}

interface Change {
  apply: (bytes: Uint8Array) => Promise<Uint8Array>;
  /** Cells the user typed (A1 → value), expected to survive. */
  typed: Record<string, string>;
  /** Cells the user recoloured (A1), whose fill is expected to survive. */
  recoloured?: string[];
  skip?: () => boolean;
}

function typedAnswers(): Record<string, string> {
  const cells = answerCellsOf([C_ITEM(), D_ITEM(), B_ITEM()]);
  return { [cells[0]]: "はい", [cells[1]]: "いいえ", [cells[2]]: "はい（規程あり）" };
}

const CHANGES: Record<string, () => Change> = {
  "nothing in between": () => ({ apply: async (b) => b, typed: {} }),
  "a re-save by ExcelJS": () => ({ apply: (b) => exceljsResave(b), typed: {} }),
  "answers typed into highlighted cells (saved by ExcelJS)": () => {
    const typed = typedAnswers();
    return {
      typed,
      apply: (b) =>
        exceljsResave(b, (wb) => {
          const ws = wb.getWorksheet(book.checksheet)!;
          for (const [a1, v] of Object.entries(typed)) ws.getCell(a1).value = v;
        }),
    };
  },
  "an add-in cell recoloured and a status text edited (ExcelJS)": () => {
    const typed: Record<string, string> = {};
    const recoloured: string[] = [];
    return {
      typed,
      recoloured,
      apply: (b) =>
        exceljsResave(b, (wb) => {
          const ws = wb.getWorksheet(book.checksheet)!;
          let done = false;
          ws.eachRow((row) =>
            row.eachCell((c) => {
              if (done || typeof c.value !== "string" || !/^[AB] (充足|未充足)/.test(c.value)) return;
              c.value = "審査メモ: 要確認";
              typed[c.address] = "審査メモ: 要確認";
              const next = ws.getCell(c.row, Number(c.col) + 1);
              next.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFF0000" } };
              recoloured.push(next.address);
              done = true;
            }),
          );
        }),
    };
  },
  "a re-save by LibreOffice headless": () => ({ apply: async (b) => libreOfficeResave(b), typed: {}, skip: () => !libreOffice() }),
  "answers typed (ExcelJS), then a re-save by LibreOffice": () => {
    const typed = typedAnswers();
    return {
      typed,
      skip: () => !libreOffice(),
      apply: async (b) =>
        libreOfficeResave(
          await exceljsResave(b, (wb) => {
            const ws = wb.getWorksheet(book.checksheet)!;
            for (const [a1, v] of Object.entries(typed)) ws.getCell(a1).value = v;
          }),
        ),
    };
  },
};

async function checksheetCells(bytes: Uint8Array) {
  const r = await readWithExcelJS(bytes);
  const out = new Map<string, { value: unknown; formula: string | null; fill: string | null }>();
  for (const [k, v] of r.cells) if (k.startsWith(`${book.checksheet}!`)) out.set(k.slice(book.checksheet.length + 1), v);
  return { sheets: r.sheets, cells: out };
}

describe("life between steps: write × change in between → clear", () => {
  for (const [writeName, write] of Object.entries(WRITES)) {
    for (const [changeName, make] of Object.entries(CHANGES)) {
      test(`${writeName} → ${changeName} → clear keeps the user's data and removes the marks`, async () => {
        const change = make();
        if (change.skip?.()) {
          // LibreOffice not installed: the ExcelJS cases cover the re-save; .ci/run installs it.
          expect(libreOffice()).toBeNull();
          return;
        }
        const written = await write(original);
        const between = await change.apply(written);
        let outcome: ClearOutcome | null = null;
        const cleared = await step(between, async (wb) => {
          outcome = await clearMarks(wb, ctx);
        });
        // Opens in a second reader.
        const orig = await checksheetCells(original);
        const back = await checksheetCells(cleared);
        expect(back.sheets.some((s) => s.name === RECORD_SHEET_NAME) ? "record left" : "no record").toBe(
          writeName === "evidence" || writeName === "sign-off" ? "record left" : "no record",
        );
        // What the user typed is intact.
        for (const [a1, v] of Object.entries(change.typed)) expect({ a1, value: back.cells.get(a1)?.value }).toEqual({ a1, value: v });
        // Every other cell value and formula equals the original's; no add-in fill or text is left.
        const diffs: string[] = [];
        const keys = new Set([...orig.cells.keys(), ...back.cells.keys()]);
        for (const k of keys) {
          if (k in change.typed) continue;
          const o = orig.cells.get(k);
          const b = back.cells.get(k);
          const ov = o?.value ?? null;
          const bv = b?.value ?? null;
          if (String(ov) !== String(bv) || (o?.formula ?? null) !== (b?.formula ?? null)) diffs.push(`${k}: ${String(ov)} → ${String(bv)}`);
          if (b?.fill && ADDIN_FILLS.has(b.fill) && b.fill !== o?.fill) diffs.push(`${k}: add-in fill ${b.fill} left`);
          else if ((o?.fill ?? null) !== (b?.fill ?? null) && !change.recoloured?.includes(k)) diffs.push(`${k}: fill ${o?.fill} → ${b?.fill}`);
        }
        expect(diffs).toEqual([]);
        // The user is told what was kept.
        const o = outcome as unknown as ClearOutcome;
        const typedCount = Object.keys(change.typed).length;
        if (typedCount) expect(o.keptMessage).not.toBeNull();
        else expect(o.kept).toEqual([]);
      });
    }
  }
});

describe("owned sheets live in place", () => {
  test("a hidden, extended 審査記録 keeps earlier entries, the user's column and a formula referring to it", async () => {
    const reviewed = await WRITES.review(original);
    const changed = await exceljsResave(reviewed, (wb) => {
      const ws = wb.getWorksheet(REVIEW_SHEET_NAME)!;
      ws.state = "hidden";
      const extra = ws.getRow(1).cellCount + 2;
      ws.getCell(1, extra).value = "社内メモ";
      ws.getCell(2, extra).value = "確認済み（田中）";
      const cover = wb.getWorksheet(book.checksheet)!;
      cover.getCell("AZ1").value = { formula: `COUNTA('${REVIEW_SHEET_NAME}'!A:A)`, result: 146 } as ExcelJS.CellFormulaValue;
    });
    const again = await step(changed, (wb) => setReviews(wb, ctx, [{ itemId: C_ITEM(), status: "needs-fix", comment: "証跡不足" }], "審査 花子"));
    const r = await readWithExcelJS(again);
    expect(r.sheets.find((s) => s.name === REVIEW_SHEET_NAME)?.state).toBe("hidden");
    const wb = XlsxWorkbook.open(again, "book.xlsx");
    const read = await wb.read({ allSheets: true, owned: [REVIEW_SHEET_NAME] });
    const review = read.owned!.find((m) => m.name === REVIEW_SHEET_NAME)!;
    const flat = review.values.map((row) => (row ?? []).map((v) => String(v ?? "")).join("|")).join("\n");
    expect(flat).toContain("規程を確認"); // the earlier entry survived hiding
    expect(flat).toContain("証跡不足"); // the new one
    expect(flat).toContain("社内メモ");
    expect(flat).toContain("確認済み（田中）");
    const formula = [...r.cells.entries()].find(([k]) => k === `${book.checksheet}!AZ1`)?.[1];
    expect(formula?.formula).toBe(`COUNTA('${REVIEW_SHEET_NAME}'!A:A)`);
  });
});

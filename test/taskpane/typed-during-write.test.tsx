/** @jest-environment jsdom */
/**
 * A cell the user types in while the add-in is writing it keeps the user's entry (the Office adapter puts it back and
 * reports it: WorkbookGateway.write's keptTyped; modelled here by a FakeWorkbook whose write does the same). The pane
 * says so after 適用 (認定) and after 一括入力 (証跡・一括入力), and does not count those cells as written.
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { App } from "../../src/taskpane/App";
import { EXTRA_TABS } from "../../src/taskpane/extraTabs";
import { FakeWorkbook } from "../../src/workbook/fake";
import type { WriteBatch, WriteOutcome } from "../../src/workbook/gateway";
import { saveCertification, type UseCaseContext } from "../../src/workbook/usecases";
import { addDays, testCertification } from "../helpers/cert";
import { messyLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const today = isoDateOf(new Date());
let clock = 0;
const ctx: UseCaseContext = { crosswalk, today, now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)).toISOString(), tool: "addin" };
const TYPED = "利用者の入力";

// valid around the machine's today, for the crosswalk's checklist version
const certification = () =>
  testCertification({ checklistVersion: crosswalk.checklist.version, certifiedOn: addDays(today, -30), expiresOn: addDays(today, 365) });

/** While `armed`, each write of cells on the checksheet has the user type in its first value cell during it. */
class TypingWorkbook extends FakeWorkbook {
  armed = false;
  typedAt: { row: number; col: number } | null = null;
  override async write(batch: WriteBatch): Promise<WriteOutcome> {
    await super.write(batch);
    const first = this.armed ? batch.cells.find((c) => c.value !== undefined && c.value !== null) : undefined;
    if (!first) return { keptTyped: [] };
    this.armed = false;
    this.typedAt = { row: first.row, col: first.col };
    // what the Office adapter leaves after putting the user's entry back
    this.userEdit(batch.sheet, first.row, first.col, TYPED);
    return { keptTyped: [{ row: first.row, col: first.col, now: TYPED }] };
  }
}

async function setup(tab: string) {
  const book = messyLayout(crosswalk.entries, { hideEvery: 0 });
  const fake = new TypingWorkbook(book.sheets, book.checksheet);
  await saveCertification(fake, ctx, certification());
  render(<App gateway={fake} ctx={ctx} initialLang="ja" extraTabs={EXTRA_TABS} initialTab={tab} />);
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
  return { fake, book };
}

async function click(el: HTMLElement) {
  await act(async () => {
    fireEvent.click(el);
  });
}

const valueAt = (fake: FakeWorkbook, sheet: string, row: number, col: number) => fake.sheet(sheet)!.cells.get(`${row}:${col}`)?.value ?? null;

test("適用: the cell typed in during the write is the user's, and the notice says so", async () => {
  const { fake, book } = await setup("cert");
  await waitFor(() => expect(screen.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("valid"));
  fake.armed = true;
  await click(screen.getByTestId("apply"));
  await waitFor(() => expect(screen.getByTestId("notice-bar").textContent).toContain("充足 136 件"));
  expect(fake.typedAt).not.toBeNull();
  expect(valueAt(fake, book.checksheet, fake.typedAt!.row, fake.typedAt!.col)).toBe(TYPED);
  expect(screen.getByTestId("notice-bar").textContent).toContain("アドインの書き込み中に入力された 1 個のセルの内容はそのまま残しました。");
});

test("一括入力: the answer typed in during the write is the user's, is not counted, and the notice names its cell", async () => {
  const { fake, book } = await setup("bulk");
  await screen.findByTestId("bulk-tab");
  await click(screen.getByTestId("bulk-preview"));
  await screen.findByTestId("bulk-plan");
  const planned = screen.getAllByTestId("bulk-change").filter((c) => c.getAttribute("data-kind") === "answer").length;
  fake.armed = true;
  await click(screen.getByTestId("bulk-apply"));
  await waitFor(() => expect(screen.getByTestId("bulk-notice").textContent).toMatch(/一括入力しました：回答 \d+ 件/));
  const at = fake.typedAt!;
  expect(valueAt(fake, book.checksheet, at.row, at.col)).toBe(TYPED);
  const text = screen.getByTestId("bulk-notice").textContent ?? "";
  expect(text).toContain(`回答 ${planned - 1} 件`);
  const a1 = `${String.fromCharCode(65 + at.col)}${at.row + 1}`;
  expect(text).toContain(`書き込みの最中に入力された 1 個のセル（${a1}）は、その入力のまま残しています`);
  // that item's remarks were taken back: the cell is as it was, and not counted
  const remarks = `${String.fromCharCode(65 + at.col + 1)}${at.row + 1}`;
  expect(text).toContain(`その項目に書き込んだ備考 1 件（${remarks}）は取り消し、元に戻しました。`);
  expect(valueAt(fake, book.checksheet, at.row, at.col + 1)).toBeNull();
  expect(text).toContain(`備考 ${planned - 1} 件`);
});

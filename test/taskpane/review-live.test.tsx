/** @jest-environment jsdom */
/**
 * 審査 tab, reviewer-grade: the confirmation before 承認 lists what is open and records it; bulk statuses with a
 * preview; live events from the port (FakeWorkbook.subscribe): a changed answer marks the sign-off "changed" and that
 * item's review stale without a manual reload; selecting a checksheet row picks its item; no events = no live mode.
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { decodeRecord } from "../../src/domain/record";
import type { SignOffRecord } from "../../src/domain/signoff";
import { App } from "../../src/taskpane/App";
import { EXTRA_TABS } from "../../src/taskpane/extraTabs";
import { REVIEWER_STORAGE_KEY } from "../../src/taskpane/state/reviewer";
import { FakeWorkbook } from "../../src/workbook/fake";
import { saveCertification, type UseCaseContext } from "../../src/workbook/usecases";
import { setReviews } from "../../src/workbook/review-usecases";
import { messyLayout } from "../helpers/layouts";
import { addDays, testCertification } from "../helpers/cert";

const crosswalk = loadBundledCrosswalk();
const today = isoDateOf(new Date());
const ANSWER_COL = 3;
const byClass = (c: string) => crosswalk.entries.filter((e) => e.class === c).map((e) => e.id);
const [A1, A2] = byClass("A");
let clock = 0;
const ctx: UseCaseContext = { crosswalk, today, now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)).toISOString(), tool: "addin" };

async function click(el: HTMLElement) {
  await act(async () => {
    fireEvent.click(el);
  });
}

async function setup(opts: { events?: boolean } = {}) {
  localStorage.setItem(REVIEWER_STORAGE_KEY, "審査 花子");
  const book = messyLayout(crosswalk.entries, { answers: { [A1]: "○" }, hideEvery: 0 });
  const fake = new FakeWorkbook(book.sheets, book.checksheet);
  fake.supportsEvents = opts.events ?? true;
  await saveCertification(fake, ctx, testCertification({ certifiedOn: addDays(today, -30), expiresOn: addDays(today, 365) }));
  const utils = render(<App gateway={fake} ctx={ctx} initialLang="ja" extraTabs={EXTRA_TABS} initialTab="review" />);
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
  await screen.findByTestId("review-tab");
  return { fake, book, ...utils };
}

const recordOf = async (fake: FakeWorkbook) => decodeRecord((await fake.read({ recordOnly: true })).recordCells)!;

beforeEach(() => localStorage.clear());

test("承認 shows what is open first; cancel writes nothing; confirm records it with the sign-off", async () => {
  const { fake } = await setup();
  await setReviews(fake, ctx, [{ itemId: A2, status: "needs-fix" }], "審査 花子");
  await click(screen.getByTestId("reload"));
  const before = fake.serialize();
  await click(screen.getByTestId("signoff"));
  const summary = await screen.findByTestId("signoff-dialog-summary");
  expect(summary.textContent).toContain("未解決の項目が");
  const lines = screen.getAllByTestId("signoff-open-line").map((l) => l.textContent);
  expect(lines).toEqual(expect.arrayContaining([`要修正 (1): ${A2}`]));
  expect(lines.some((l) => l!.startsWith("証跡のない C/D 項目 (9)"))).toBe(true);
  expect(lines.some((l) => l!.startsWith("未確認の項目 (144)"))).toBe(true);
  await click(screen.getByTestId("signoff-cancel"));
  await waitFor(() => expect(screen.queryByTestId("signoff-dialog")).toBeNull());
  expect(fake.serialize()).toBe(before);

  await click(screen.getByTestId("signoff"));
  await click(await screen.findByTestId("signoff-confirm"));
  await waitFor(() => expect(screen.getByTestId("signoff-status").getAttribute("data-state")).toBe("intact"));
  const so = (await recordOf(fake)).signoff as SignOffRecord;
  expect(so.reviewer).toBe("審査 花子");
  expect(so.atLocal).toMatch(/ [+-]\d{2}:\d{2}$/);
  expect(so.open?.counts["needs-fix"]).toBe(1);
  expect(screen.getByTestId("signoff-open-at").textContent).toContain("要修正 1");
  expect(screen.getByTestId("signoff-status").textContent).toContain(so.atLocal!);
});

test("bulk status: preview lists the covered items without a contradiction; apply sets them", async () => {
  const { fake } = await setup();
  await click(screen.getByTestId("bulk-review-preview"));
  const plan = await screen.findByTestId("bulk-review-plan");
  const covered = byClass("A").length + byClass("B").length;
  expect(Number(plan.getAttribute("data-changes"))).toBe(covered);
  expect(fake.sheet("審査記録")).toBeUndefined();
  await click(screen.getByTestId("bulk-review-apply"));
  await waitFor(() => expect(screen.getAllByTestId("review-entry")).toHaveLength(covered));
  expect(screen.getAllByTestId("review-entry").every((e) => e.getAttribute("data-status") === "confirmed")).toBe(true);
  expect(fake.sheet("審査記録")!.table).toMatchObject({ lastRow: crosswalk.entries.length, freezeRows: 1 });
  // a second preview finds nothing left to change
  await click(screen.getByTestId("bulk-review-preview"));
  await waitFor(() => expect(screen.getByTestId("bulk-review-plan").getAttribute("data-changes")).toBe("0"));
});

test("live: a changed answer marks the sign-off changed and the item's review stale at once; selection picks the item", async () => {
  const { fake, book, unmount } = await setup();
  expect(await screen.findByTestId("review-live")).toBeTruthy();
  await setReviews(fake, ctx, [{ itemId: A1, status: "confirmed" }], "審査 花子");
  await click(screen.getByTestId("reload"));
  await click(screen.getByTestId("signoff"));
  await click(await screen.findByTestId("signoff-confirm"));
  await waitFor(() => expect(screen.getByTestId("signoff-status").getAttribute("data-state")).toBe("intact"));
  expect(screen.getAllByTestId("review-entry").find((e) => e.getAttribute("data-id") === A1)!.getAttribute("data-stale")).toBe("false");

  // the applicant changes A1's answer in Excel: no reload button pressed
  await act(async () => fake.userEdit(book.checksheet, book.rowOf.get(A1)!, ANSWER_COL, "×"));
  await waitFor(() => expect(screen.getByTestId("signoff-status").getAttribute("data-state")).toBe("changed"));
  expect(within(screen.getByTestId("signoff-status")).getAllByTestId("signoff-changed").map((c) => c.getAttribute("data-id"))).toEqual([A1]);
  const entry = screen.getAllByTestId("review-entry").find((e) => e.getAttribute("data-id") === A1)!;
  expect(entry.getAttribute("data-stale")).toBe("true");
  expect(within(entry).getByTestId("review-entry-stale").textContent).toContain("審査後に回答が変更されました");

  // selecting a checksheet row picks its item in 審査
  await act(async () => fake.emitSelection(book.checksheet, { row: book.rowOf.get(A2)!, col: 0 }));
  await waitFor(() => expect(screen.getByTestId("review-item-selected").getAttribute("data-id")).toBe(A2));
  // shown as the sheet shows it, with its row
  expect(screen.getByTestId("review-item-shown").textContent).toContain(`${book.rowOf.get(A2)! + 1} 行`);
  // a selection on another sheet changes nothing
  await act(async () => fake.emitSelection("表紙", { row: book.rowOf.get(A1)!, col: 0 }));
  expect(screen.getByTestId("review-item-selected").getAttribute("data-id")).toBe(A2);

  expect(fake.subscriptions).toBe(1);
  unmount();
  expect(fake.subscriptions).toBe(0);
});

test("without events (older hosts) there is no live mode and nothing breaks", async () => {
  const { fake } = await setup({ events: false });
  expect(fake.subscribe).toBeUndefined();
  expect(screen.queryByTestId("review-live")).toBeNull();
  expect(screen.getByTestId("signoff-status").getAttribute("data-state")).toBe("none");
});

test("an item reviewed twice shows its earlier status in the history", async () => {
  const { fake } = await setup();
  await setReviews(fake, ctx, [{ itemId: A2, status: "needs-fix", comment: "規程なし" }], "審査 一郎");
  await setReviews(fake, ctx, [{ itemId: A2, status: "confirmed" }], "審査 花子");
  await click(screen.getByTestId("reload"));
  const entry = await waitFor(() => screen.getAllByTestId("review-entry").find((e) => e.getAttribute("data-id") === A2)!);
  expect(entry.getAttribute("data-status")).toBe("confirmed");
  expect(within(entry).getByTestId("review-entry-history").textContent).toContain("要修正｜規程なし — 審査 一郎");
});

/** @jest-environment jsdom */
/**
 * 項目 virtualized: of the 145 cards only those near the viewport are in the DOM; scrolling, opening a section and
 * the keyboard bring the right ones in; a click still selects the item's row in the sheet.
 * jsdom has no layout: the list uses its height estimates, which is what these tests rely on (not pixel values).
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { App } from "../../src/taskpane/App";
import { FakeWorkbook } from "../../src/workbook/fake";
import type { UseCaseContext } from "../../src/workbook/usecases";
import { standardLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z", tool: "addin" };
const ids = crosswalk.entries.map((e) => e.id);
const sections = [...new Set(crosswalk.entries.map((e) => e.section))];

async function setup() {
  const book = standardLayout(crosswalk.entries);
  const fake = new FakeWorkbook(book.sheets, book.checksheet);
  render(<App gateway={fake} ctx={ctx} initialLang="ja" initialTab="items" />);
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
  return { fake, book };
}

const rendered = () => screen.queryAllByTestId("item").map((i) => i.getAttribute("data-id"));
const viewport = () => screen.getByTestId("item-viewport");

/** jsdom keeps no scroll position: give the viewport one (clamped by the hook as a browser would). */
function scrollTo(top: number) {
  const vp = viewport() as HTMLElement & { _top?: number };
  if (vp._top === undefined) {
    Object.defineProperty(vp, "scrollTop", {
      configurable: true,
      get: () => vp._top ?? 0,
      set: (v: number) => (vp._top = v),
    });
  }
  act(() => {
    vp.scrollTop = top;
    fireEvent.scroll(vp);
  });
}

test("all 145 open: far fewer cards in the DOM, in catalog order; the list says how long it is", async () => {
  await setup();
  fireEvent.click(screen.getByTestId("items-toggle-all"));
  expect(screen.getByTestId("items-toggle-all").textContent).toBe("すべて閉じる");
  const first = rendered();
  expect(first.length).toBeGreaterThan(0);
  expect(first.length).toBeLessThan(20);
  expect(first).toEqual(ids.slice(0, first.length));
  // every entry tells assistive technology its place in the whole list (145 cards and the section headers)
  const li = screen.getAllByTestId("item")[0];
  expect(li.getAttribute("aria-setsize")).toBe(String(145 + sections.length));
  // the padding stands in for the rest: the list is as tall as all its entries
  const list = screen.getByTestId("item-list");
  expect(parseFloat(list.style.paddingBottom)).toBeGreaterThan(100 * 145);
});

test("scrolling to the bottom renders the last cards and drops the first ones; back up renders the first again", async () => {
  await setup();
  fireEvent.click(screen.getByTestId("items-toggle-all"));
  scrollTo(1_000_000);
  const bottom = rendered();
  expect(bottom[bottom.length - 1]).toBe(ids[ids.length - 1]);
  expect(bottom).not.toContain(ids[0]);
  expect(bottom.length).toBeLessThan(20);
  expect(bottom).toEqual(ids.slice(ids.length - bottom.length));
  // the middle: a contiguous run from somewhere inside
  scrollTo(8_000);
  const middle = rendered();
  expect(middle).not.toContain(ids[0]);
  expect(middle).not.toContain(ids[ids.length - 1]);
  const at = ids.indexOf(middle[0]!);
  expect(middle).toEqual(ids.slice(at, at + middle.length));
  scrollTo(0);
  expect(rendered()[0]).toBe(ids[0]);
});

test("sections start closed; opening one renders exactly its cards after its header", async () => {
  await setup();
  expect(rendered()).toHaveLength(0);
  const headers = screen.getAllByTestId("item-group");
  expect(headers.map((g) => g.getAttribute("data-section"))).toEqual(sections);
  const third = sections[2];
  const toggle = within(headers[2]).getByTestId("item-group-toggle");
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
  fireEvent.click(toggle);
  expect(toggle.getAttribute("aria-expanded")).toBe("true");
  const inThird = crosswalk.entries.filter((e) => e.section === third).map((e) => e.id);
  expect(rendered()).toEqual(inThird);
  // DOM order: the header, then its cards, then the next header
  const entries = [...screen.getByTestId("item-list").children] as HTMLElement[];
  const h = entries.findIndex((e) => e.getAttribute("data-section") === third && e.dataset.testid === "item-group");
  expect(entries.slice(h + 1, h + 1 + inThird.length).map((e) => e.getAttribute("data-id"))).toEqual(inThird);
  expect(entries[h + 1 + inThird.length].getAttribute("data-section")).toBe(sections[3]);
  fireEvent.click(toggle);
  expect(rendered()).toHaveLength(0);
});

test("keyboard: ↓/↑ move, → opens and ← closes a section, End reaches the last card even when it was not rendered", async () => {
  await setup();
  const firstToggle = within(screen.getAllByTestId("item-group")[0]).getByTestId("item-group-toggle");
  act(() => firstToggle.focus());
  fireEvent.keyDown(firstToggle, { key: "ArrowDown" });
  expect(document.activeElement?.closest("[data-section]")?.getAttribute("data-section")).toBe(sections[1]);
  fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
  expect(document.activeElement).toBe(firstToggle);
  fireEvent.keyDown(firstToggle, { key: "ArrowRight" });
  expect(firstToggle.getAttribute("aria-expanded")).toBe("true");
  fireEvent.keyDown(firstToggle, { key: "ArrowDown" });
  expect(document.activeElement?.closest("[data-testid='item']")?.getAttribute("data-id")).toBe(ids[0]);
  // ← on a card goes back to its header; ← on the open header closes it
  fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
  expect(document.activeElement).toBe(firstToggle);
  fireEvent.keyDown(firstToggle, { key: "ArrowLeft" });
  expect(firstToggle.getAttribute("aria-expanded")).toBe("false");

  fireEvent.click(screen.getByTestId("items-toggle-all"));
  expect(rendered()).not.toContain(ids[ids.length - 1]);
  const again = within(screen.getAllByTestId("item-group")[0]).getByTestId("item-group-toggle");
  act(() => again.focus());
  fireEvent.keyDown(again, { key: "End" });
  await waitFor(() => expect(document.activeElement?.closest("[data-testid='item']")?.getAttribute("data-id")).toBe(ids[ids.length - 1]));
  fireEvent.keyDown(document.activeElement!, { key: "Home" });
  await waitFor(() => expect(document.activeElement?.closest("[data-section]")?.getAttribute("data-section")).toBe(sections[0]));
});

test("a click on a card (found far down the list) selects its row in the sheet", async () => {
  const { fake, book } = await setup();
  fireEvent.click(screen.getByTestId("items-toggle-all"));
  scrollTo(1_000_000);
  const last = screen.getAllByTestId("item").find((i) => i.getAttribute("data-id") === ids[ids.length - 1])!;
  await act(async () => {
    fireEvent.click(within(last).getByRole("button"));
  });
  await waitFor(() => expect(fake.selected?.row).toBe(book.rowOf.get(ids[ids.length - 1])));
});

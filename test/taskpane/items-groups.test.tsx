/** @jest-environment jsdom */
/** 項目 grouped by section: collapsed (no cards rendered) until opened; every group open while a filter narrows the list. */
import * as React from "react";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { App } from "../../src/taskpane/App";
import { FakeWorkbook } from "../../src/workbook/fake";
import type { UseCaseContext } from "../../src/workbook/usecases";
import { messyLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z", tool: "addin" };

test("sections collapse and open; a filter opens every group", async () => {
  const book = messyLayout(crosswalk.entries);
  render(<App gateway={new FakeWorkbook(book.sheets, book.checksheet)} ctx={ctx} initialLang="ja" initialTab="items" />);
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
  const groups = screen.getAllByTestId("item-group");
  const sections = [...new Set(crosswalk.entries.map((e) => e.section))];
  expect(groups.map((g) => g.getAttribute("data-section"))).toEqual(sections);
  expect(screen.queryAllByTestId("item")).toHaveLength(0);
  const first = groups[0];
  const toggle = within(first).getByTestId("item-group-toggle");
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
  fireEvent.click(toggle);
  const inFirst = crosswalk.entries.filter((e) => e.section === sections[0]).map((e) => e.id);
  // the list is virtualized: the cards near the top are rendered, all of the first section, in order
  const cards = screen.getAllByTestId("item");
  expect(cards.length).toBeGreaterThan(0);
  expect(cards.map((i) => i.getAttribute("data-id"))).toEqual(inFirst.slice(0, cards.length));
  expect(cards.every((i) => i.getAttribute("data-section") === sections[0])).toBe(true);
  expect(toggle.getAttribute("aria-expanded")).toBe("true");
  expect(toggle.textContent).toContain(`(${inFirst.length})`);
  fireEvent.click(screen.getByTestId("filter-class-C"));
  expect(screen.getAllByTestId("item").map((i) => i.getAttribute("data-class"))).toEqual(["C", "C"]);
});

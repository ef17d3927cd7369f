/** @jest-environment jsdom */
/**
 * The pane's side of the shared runtime: App listens to the runtime bus (src/commands/runtime-bus.ts). A "show" from the
 * ribbon selects the tab and shows the message; a "changed" makes the pane read the workbook again; events posted before
 * the pane rendered are delivered when it subscribes. The footer links to the self-test and the support page.
 */
import * as React from "react";
import { act, render, screen, waitFor } from "@testing-library/react";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { createPaneBus } from "../../src/commands/runtime-bus";
import { App } from "../../src/taskpane/App";
import { FakeWorkbook } from "../../src/workbook/fake";
import type { UseCaseContext } from "../../src/workbook/usecases";
import { standardLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: isoDateOf(new Date()), now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };

async function ready() {
  await waitFor(() => {
    // the first read (started in an idle moment after the first paint) has ended and nothing is running
    expect(screen.getByTestId("app").getAttribute("data-workbook-read")).toBe("done");
    expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false);
  });
}

test("a request posted before the pane rendered selects its tab and shows its message", async () => {
  const bus = createPaneBus();
  bus.post({ kind: "show", tab: "summary", intent: "warning", message: { ja: "リボンからの知らせ", en: "from the ribbon" } });
  const fake = new FakeWorkbook(standardLayout(crosswalk.entries).sheets);
  render(<App gateway={fake} ctx={ctx} initialLang="ja" runtime={bus} />);
  await ready();
  expect(screen.getByTestId("tab-summary").getAttribute("aria-selected")).toBe("true");
  expect(screen.getByTestId("notice-bar").textContent).toContain("リボンからの知らせ");
});

test("'changed' makes the pane read the workbook again; 'show' without a tab keeps the tab", async () => {
  const bus = createPaneBus();
  const fake = new FakeWorkbook(standardLayout(crosswalk.entries).sheets);
  const read = jest.spyOn(fake, "read");
  render(<App gateway={fake} ctx={ctx} initialLang="en" runtime={bus} />);
  await ready();
  const reads = read.mock.calls.length;
  await act(async () => bus.post({ kind: "changed" }));
  await waitFor(() => expect(read.mock.calls.length).toBe(reads + 1));
  await ready();
  expect(screen.getByTestId("tab-cert").getAttribute("aria-selected")).toBe("true");
  await act(async () => bus.post({ kind: "show", intent: "success", message: { ja: "適用しました", en: "Applied to 3 cells." } }));
  expect(screen.getByTestId("notice-bar").textContent).toContain("Applied to 3 cells.");
  expect(screen.getByTestId("tab-cert").getAttribute("aria-selected")).toBe("true");
});

test("the footer links to the self-test and the support page (plain links: the pane never calls Office)", async () => {
  const fake = new FakeWorkbook(standardLayout(crosswalk.entries).sheets);
  render(<App gateway={fake} ctx={ctx} initialLang="ja" />);
  await ready();
  expect(screen.getByTestId("selftest-link").getAttribute("href")).toBe("selftest.html");
  expect(screen.getByTestId("support-link").getAttribute("href")).toBe("support.html");
  expect(screen.getByTestId("selftest-link").textContent).toContain("自己診断");
});

/** @jest-environment jsdom */
/**
 * The applicant's path: tabs in order (認定 → 証跡・一括入力 → what both read → 審査), apply from 認定 leads to the
 * nine evidence items; the ribbon still opens any tab by its value. The certification dates: Fluent's DatePicker
 * (lazy), typed dates in every accepted form stored as YYYY-MM-DD, an unreadable one kept as typed with its error.
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { createPaneBus } from "../../src/commands/runtime-bus";
import { App, TAB_ORDER, orderTabs } from "../../src/taskpane/App";
import { EXTRA_TABS } from "../../src/taskpane/extraTabs";
import { dateOfText, isoOfDate } from "../../src/taskpane/components/DatePickerField";
import { FakeWorkbook } from "../../src/workbook/fake";
import type { UseCaseContext } from "../../src/workbook/usecases";
import { addDays } from "../helpers/cert";
import { standardLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const today = isoDateOf(new Date());
const ctx: UseCaseContext = { crosswalk, today, now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };

function setup(extra = true, runtime?: ReturnType<typeof createPaneBus>) {
  const book = standardLayout(crosswalk.entries);
  const fake = new FakeWorkbook(book.sheets);
  render(<App gateway={fake} ctx={ctx} initialLang="ja" extraTabs={extra ? EXTRA_TABS : undefined} runtime={runtime} />);
  return { fake, book };
}

async function ready() {
  await waitFor(() => {
    // the first read (started in an idle moment after the first paint) has ended and nothing is running
    expect(screen.getByTestId("app").getAttribute("data-workbook-read")).toBe("done");
    expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false);
  });
}

const tabValues = () => screen.getAllByRole("tab").map((t) => t.getAttribute("data-testid")?.replace(/^tab-/, ""));
const selectedTab = () => screen.getAllByRole("tab").find((t) => t.getAttribute("aria-selected") === "true")?.getAttribute("data-testid");
const field = (name: string) => document.querySelector(`input[name="${name}"]`) as HTMLInputElement;

async function fillCertification() {
  const set = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
  set("certificationNumber", "IB-TEST-0001");
  set("holder", "架空ヘルス株式会社（テスト用）");
  set("serviceName", "架空PHR");
  set("guidelineVersion", "3.0");
  set("checklistVersion", crosswalk.checklist.version);
  fireEvent.click(screen.getByTestId("scope-health"));
  for (const [name, value] of [["certifiedOn", addDays(today, -30)], ["expiresOn", addDays(today, 365)]]) {
    set(name, value);
    fireEvent.blur(field(name));
  }
  await waitFor(() => expect(screen.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("valid"));
}

describe("tab order", () => {
  test("the applicant's path first, the reviewer's tab last; unknown tabs keep their place after these", () => {
    const tabs = ["cert", "detect", "items", "summary", "bulk", "review", "x-later"].map((value) => ({ value }));
    expect(orderTabs(tabs).map((t) => t.value)).toEqual(["cert", "bulk", "summary", "items", "detect", "review", "x-later"]);
    expect(TAB_ORDER[0]).toBe("cert");
    expect(TAB_ORDER[TAB_ORDER.length - 1]).toBe("review");
  });

  test("in the pane: 認定, 証跡・一括入力, 概要, 項目, 検出, 審査; apply from 認定 opens the nine items at the top of 証跡・一括入力", async () => {
    const { fake, book } = setup();
    await ready();
    expect(tabValues()).toEqual(["cert", "bulk", "summary", "items", "detect", "review"]);
    expect(screen.getByTestId("tab-bulk").textContent).toContain("証跡・一括入力");
    expect(selectedTab()).toBe("tab-cert");
    await fillCertification();
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    await waitFor(() => expect(selectedTab()).toBe("tab-bulk"));
    expect(fake.serialize()).not.toEqual(new FakeWorkbook(book.sheets).serialize());
    const tab = await screen.findByTestId("bulk-tab", undefined, { timeout: 5000 });
    // the nine items come before the bulk-mark controls
    const evidence = await screen.findAllByTestId("excluded-item");
    expect(evidence).toHaveLength(9);
    const preview = screen.getByTestId("bulk-preview");
    expect(evidence[0].compareDocumentPosition(preview) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(tab.contains(evidence[0])).toBe(true);
  });

  test("without the extra tabs (no 一括入力), apply leads to 概要 as before", async () => {
    setup(false);
    await ready();
    expect(tabValues()).toEqual(["cert", "summary", "items", "detect"]);
    await fillCertification();
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    await waitFor(() => expect(selectedTab()).toBe("tab-summary"));
  });

  test("the ribbon's 'open tab' messages still open the tab they name", async () => {
    const bus = createPaneBus();
    setup(true, bus);
    await ready();
    for (const tab of ["review", "detect", "cert"]) {
      act(() => bus.post({ kind: "show", tab, intent: "info", message: { ja: `${tab} を開く`, en: `open ${tab}` } }));
      await waitFor(() => expect(selectedTab()).toBe(`tab-${tab}`));
    }
  });
});

describe("date picker", () => {
  test("the parser behind the picker: every accepted form to a local date, shown as YYYY-MM-DD", () => {
    for (const text of ["2025-10-01", "2025/10/01", "令和7年10月1日", "R7.10.1", "２０２５／１０／０１"]) expect(isoOfDate(dateOfText(text))).toBe("2025-10-01");
    expect(dateOfText("2025-02-30")).toBeNull();
    expect(dateOfText("昨日")).toBeNull();
    expect(isoOfDate(null)).toBe("");
  });

  test("the field becomes Fluent's DatePicker: a combobox that opens a dialog, still labelled and described by its Field", async () => {
    setup();
    await ready();
    await waitFor(() => expect(field("certifiedOn").getAttribute("role")).toBe("combobox"));
    const input = field("certifiedOn");
    expect(input.getAttribute("aria-haspopup")).toBe("dialog");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    // the Field's label and hint still name and describe it
    expect(input.getAttribute("aria-describedby")).toBeTruthy();
    expect(document.getElementById(input.getAttribute("aria-describedby")!.split(" ").pop()!)?.textContent).toContain("カレンダー");
    // the calendar itself (opened with ↓, 今日, the month names) is exercised in Chromium: test/e2e/pane-flow.e2e.test.ts
  });

  test("typed dates (和暦, slashes) are read on leaving the field and shown as YYYY-MM-DD", async () => {
    setup();
    await ready();
    await waitFor(() => expect(field("certifiedOn").getAttribute("role")).toBe("combobox"));
    fireEvent.change(field("certifiedOn"), { target: { value: "令和7年10月1日" } });
    expect(field("certifiedOn").value).toBe("令和7年10月1日");
    fireEvent.blur(field("certifiedOn"));
    await waitFor(() => expect(field("certifiedOn").value).toBe("2025-10-01"));
    fireEvent.change(field("expiresOn"), { target: { value: "2027/9/30" } });
    fireEvent.blur(field("expiresOn"));
    await waitFor(() => expect(field("expiresOn").value).toBe("2027-09-30"));
    expect(screen.queryByTestId("error-certifiedOn")).toBeNull();
    expect(screen.queryByTestId("error-expiresOn")).toBeNull();
  });

  test("an unreadable typed date stays as typed, with the form's error, until it is fixed", async () => {
    setup();
    await ready();
    await waitFor(() => expect(field("expiresOn").getAttribute("role")).toBe("combobox"));
    fireEvent.change(field("expiresOn"), { target: { value: "2026/05/32" } });
    fireEvent.blur(field("expiresOn"));
    await waitFor(() => expect(field("expiresOn").value).toBe("2026/05/32"));
    expect(screen.getByTestId("error-expiresOn").textContent).toContain("2026/05/32");
    // a plain input while it is wrong; fixed and left, the picker is back with the date as YYYY-MM-DD
    expect(field("expiresOn").getAttribute("data-date-input")).toBe("plain");
    fireEvent.change(field("expiresOn"), { target: { value: "2026/05/31" } });
    expect(screen.queryByTestId("error-expiresOn")).toBeNull();
    fireEvent.blur(field("expiresOn"));
    await waitFor(() => expect(field("expiresOn").getAttribute("role")).toBe("combobox"));
    expect(field("expiresOn").value).toBe("2026-05-31");
  });
});

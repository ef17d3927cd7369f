/** @jest-environment jsdom */
/**
 * Cell text from the workbook is rendered as text, never as HTML: an unknown item whose text and remarks carry
 * an `<img onerror>` payload, on a sheet whose name carries one too, shows the characters literally and creates no element.
 */
import * as React from "react";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { App } from "../../src/taskpane/App";
import { FakeWorkbook } from "../../src/workbook/fake";
import type { UseCaseContext } from "../../src/workbook/usecases";
import { standardLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const PAYLOAD = `<img src=x onerror="window.__pwned=1">`;
const SHEET_PAYLOAD = `<img src=x onerror=alert(1)>`;

test("an <img onerror> in item text, remarks and a sheet name is shown literally and never becomes an element", async () => {
  const book = standardLayout(crosswalk.entries);
  const s = book.sheets[0];
  s.values.push(["9-99", "指針", `確認項目 ${PAYLOAD}`, null, `備考 ${PAYLOAD}`]);
  const fake = new FakeWorkbook([...book.sheets, { name: SHEET_PAYLOAD, values: [["メモ", PAYLOAD]] }], s.name);
  const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T00:00:00.000Z", tool: "addin" };
  render(<App gateway={fake} ctx={ctx} initialLang="ja" />);
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(screen.getByTestId("tab-detect"));
  const unknown = await screen.findByTestId("detect-unknown");
  expect(unknown.textContent).toContain("9-99");
  expect(unknown.textContent).toContain(PAYLOAD);
  // the sheet picker lists the sheet by its name, as text
  fireEvent.click(screen.getByTestId("sheet-dropdown"));
  await waitFor(() => expect(document.body.textContent).toContain(SHEET_PAYLOAD));
  expect(document.querySelectorAll("img")).toHaveLength(0);
  expect(document.querySelectorAll("[onerror]")).toHaveLength(0);
  expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
});

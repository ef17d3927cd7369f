/** @jest-environment jsdom */
/**
 * First-run guidance on 認定: the three steps in order. It stays while the certification is typed (taking it away at
 * the first keystroke moved the field being typed in up by the guidance's height), and is gone once the workbook
 * holds the add-in's record or a stored certification.
 */
import * as React from "react";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { App } from "../../src/taskpane/App";
import { S } from "../../src/taskpane/i18n-panels";
import { FakeWorkbook } from "../../src/workbook/fake";
import { saveCertification, type UseCaseContext } from "../../src/workbook/usecases";
import { testCertification } from "../helpers/cert";
import { messyLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z", tool: "addin" };
const fakeOf = () => {
  const book = messyLayout(crosswalk.entries);
  return new FakeWorkbook(book.sheets, book.checksheet);
};
const ready = () => waitFor(() => {
    // the first read (started in an idle moment after the first paint) has ended and nothing is running
    expect(screen.getByTestId("app").getAttribute("data-workbook-read")).toBe("done");
    expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false);
  });

test("a fresh workbook shows the three steps; they stay while a certification is typed, and go once it is saved", async () => {
  const fake = fakeOf();
  render(<App gateway={fake} ctx={ctx} initialLang="ja" />);
  await ready();
  const steps = within(screen.getByTestId("first-run")).getAllByRole("listitem").map((li) => li.textContent);
  expect(steps).toEqual([S.firstRunStep1.ja, S.firstRunStep2.ja, S.firstRunStep3.ja]);
  const input = document.querySelector('input[name="certificationNumber"]') as HTMLInputElement;
  fireEvent.change(input, { target: { value: "IB-1" } });
  // nothing above the field typed in comes or goes: the guidance is still there, the field is the same element
  expect(screen.getByTestId("first-run")).toBeTruthy();
  expect(document.querySelector('input[name="certificationNumber"]')).toBe(input);
  expect(input.value).toBe("IB-1");
  // a certification stored in the workbook (here by the use case, as the pane's save does): read again, no guidance
  await saveCertification(fake, ctx, testCertification());
  fireEvent.click(screen.getByTestId("reload"));
  await ready();
  await waitFor(() => expect(screen.queryByTestId("first-run")).toBeNull());
});

test("a workbook that already holds the add-in's record shows no first-run guidance", async () => {
  const fake = fakeOf();
  await saveCertification(fake, ctx, testCertification());
  render(<App gateway={fake} ctx={ctx} initialLang="en" />);
  await ready();
  expect(screen.queryByTestId("first-run")).toBeNull();
});

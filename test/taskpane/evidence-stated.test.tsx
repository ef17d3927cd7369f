/** @jest-environment jsdom */
/**
 * Evidence where the applicant writes it, in the 一括入力 tab: an answered C/D item with text in 備考 shows as
 * "stated in the sheet", is adopted into the register with one click, and registered evidence is written into
 * the sheet only when asked, only into empty 備考 cells. The nine items come before the bulk-mark controls.
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { isoDateOf } from "../../src/domain/certification";
import { parseCertificationJson } from "../../src/domain/certification-json";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { App } from "../../src/taskpane/App";
import { EXTRA_TABS } from "../../src/taskpane/extraTabs";
import { FakeWorkbook } from "../../src/workbook/fake";
import { analyzeWorkbook, saveCertification, type UseCaseContext } from "../../src/workbook/usecases";
import { addDays } from "../helpers/cert";
import { messyLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const today = isoDateOf(new Date());
const [D1, D2] = crosswalk.entries.filter((e) => e.class === "D").map((e) => e.id);
const REMARKS_COL = 4;
let clock = 0;
const ctx: UseCaseContext = { crosswalk, today, now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)).toISOString(), tool: "addin" };

function certification() {
  const r = parseCertificationJson(
    JSON.stringify({
      schema: "infobank-certification/1",
      certificationNumber: "IB-TEST-0043",
      holder: "架空ヘルス株式会社（テスト用）",
      serviceName: "架空PHR",
      kind: "standard",
      guidelineVersion: "3.0",
      checklistVersion: crosswalk.checklist.version,
      scopes: ["health-medical"],
      certifiedOn: addDays(today, -30),
      expiresOn: addDays(today, 365),
      status: "active",
    }),
  );
  if (!r.ok) throw new Error("test certification must parse");
  return r.certification;
}

test("stated in 備考 → shown as such, adopted with one click; writing into 備考 only into empty cells", async () => {
  const book = messyLayout(crosswalk.entries, { answers: { [D1]: "○", [D2]: "○" }, remarks: { [D1]: "エクスポート手順書（架空）" }, hideEvery: 0 });
  const fake = new FakeWorkbook(book.sheets, book.checksheet);
  await saveCertification(fake, ctx, certification());
  render(<App gateway={fake} ctx={ctx} initialLang="ja" extraTabs={EXTRA_TABS} initialTab="bulk" />);
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
  const panel = await screen.findByTestId("bulk-excluded");
  // The nine come before the bulk-mark controls.
  expect(panel.compareDocumentPosition(screen.getByTestId("bulk-preview")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  const card = () => within(panel).getAllByTestId("excluded-item").find((el) => el.getAttribute("data-id") === D1)!;
  expect(card().getAttribute("data-stated")).toBe("true");
  expect(within(card()).getByTestId("evidence-stated").textContent).toContain("エクスポート手順書（架空）");

  await act(async () => {
    fireEvent.click(within(card()).getByTestId("evidence-adopt"));
  });
  await waitFor(() => expect(card().getAttribute("data-refs")).toBe("1"));
  const rec = (await analyzeWorkbook(fake, ctx)).record!;
  expect(rec.evidence[D1].map((r) => r.document)).toEqual(["エクスポート手順書（架空）"]);

  // Register evidence for D2 (empty 備考), then write into the sheet: only D2's remark is written.
  const card2 = within(panel).getAllByTestId("excluded-item").find((el) => el.getAttribute("data-id") === D2)!;
  fireEvent.click(within(card2).getByTestId("evidence-open"));
  fireEvent.change(within(card2).getByTestId("evidence-document").querySelector("input") ?? within(card2).getByTestId("evidence-document"), { target: { value: "データ形式仕様書（架空）" } });
  await act(async () => {
    fireEvent.click(within(card2).getByTestId("evidence-submit"));
  });
  await waitFor(() => expect(within(panel).getAllByTestId("excluded-item").find((el) => el.getAttribute("data-id") === D2)!.getAttribute("data-refs")).toBe("1"));
  await act(async () => {
    fireEvent.click(screen.getByTestId("evidence-write-remarks"));
  });
  await waitFor(() => expect(screen.getByTestId("bulk-notice").textContent).toContain("1 件の証跡を備考に書き込みました"));
  const cells = fake.sheet(book.checksheet)!.cells;
  expect(cells.get(`${book.rowOf.get(D2)}:${REMARKS_COL}`)?.value).toBe("証跡: データ形式仕様書（架空）");
  expect(cells.get(`${book.rowOf.get(D1)}:${REMARKS_COL}`)?.value).toBe("エクスポート手順書（架空）");
});

test("the remarks template placeholders are shown with their meaning", async () => {
  const book = messyLayout(crosswalk.entries, { hideEvery: 0 });
  const fake = new FakeWorkbook(book.sheets, book.checksheet);
  await saveCertification(fake, ctx, certification());
  render(<App gateway={fake} ctx={ctx} initialLang="en" extraTabs={EXTRA_TABS} initialTab="bulk" />);
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
  const legend = await screen.findAllByTestId("bulk-placeholder");
  expect(legend.map((el) => el.getAttribute("data-name"))).toEqual(["number", "holder", "class", "refs", "kind"]);
  const number = legend[0];
  expect(number.querySelector("mark")?.textContent).toBe("{number}");
  // the meaning, and this certification's value as the example
  expect(within(number).getByTestId("placeholder-meaning").textContent).toBe(`certification number (e.g. ${certification().certificationNumber})`);
  expect(legend.every((el) => (within(el).getByTestId("placeholder-meaning").textContent ?? "").length > 3)).toBe(true);

  // the template itself: every {…} highlighted with what it stands for; the example is the text a 備考 will get
  const tokens = screen.getAllByTestId("template-token");
  expect(tokens.map((t) => t.getAttribute("data-name"))).toEqual(["number", "class", "refs"]);
  expect(tokens[0].textContent).toBe("{number} (certification number)");
  const example = screen.getByTestId("template-example").textContent ?? "";
  expect(example).toContain(`No. ${certification().certificationNumber}`);
  expect(example).not.toMatch(/\{(number|class|refs)\}/);
  expect(screen.queryByTestId("template-unknown")).toBeNull();

  // an unknown placeholder is flagged: it would be written as typed
  const input = screen.getByTestId("bulk-template");
  fireEvent.change(input.querySelector("input") ?? input, { target: { value: "{number} / {nmber}" } });
  const unknown = screen.getAllByTestId("template-token").find((t) => t.getAttribute("data-name") === "nmber")!;
  expect(unknown.getAttribute("data-known")).toBe("false");
  expect(screen.getByTestId("template-unknown").textContent).toBe("{nmber} is not a placeholder; it is written as typed.");
  expect(screen.getByTestId("template-example").textContent).toContain(`${certification().certificationNumber} / {nmber}`);
});

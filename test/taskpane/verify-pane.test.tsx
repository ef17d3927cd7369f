/** @jest-environment jsdom */
/**
 * The 検出 tab with a 要確認 row (both texts side by side) and a version warning; the item list's "matched by content".
 */
import * as React from "react";
import { render, screen, within } from "@testing-library/react";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { DetectionPanel } from "../../src/taskpane/components/DetectionPanel";
import { ItemList } from "../../src/taskpane/components/ItemList";
import { buildRows, EMPTY_FILTER } from "../../src/taskpane/state/items";
import { FakeWorkbook } from "../../src/workbook/fake";
import { analyzeWorkbook, type UseCaseContext } from "../../src/workbook/usecases";
import { CHECKSHEET_STYLE } from "../fixtures/checksheet-style";
import { testCertification } from "../helpers/cert";
import { standardLayout } from "../helpers/layouts";

const crosswalk = loadBundledCrosswalk();
const ctx: UseCaseContext = { crosswalk, today: "2026-01-15", now: () => "2026-01-15T00:00:00.000Z", tool: "addin" };

async function analysisWith(texts: Record<string, string>, cover?: string) {
  const book = standardLayout(crosswalk.entries);
  for (const e of crosswalk.entries) book.sheets[0]!.values[book.rowOf.get(e.id)!]![2] = CHECKSHEET_STYLE[texts[e.id] ?? e.id]!;
  const sheets = [...(cover ? [{ name: "表紙", values: [[cover]] }] : []), ...book.sheets];
  const fake = new FakeWorkbook(sheets, book.checksheet);
  return { book, a: await analyzeWorkbook(fake, ctx, { certification: testCertification() }) };
}

test("要確認 rows show the sheet's text and the catalog's side by side; the version warning is shown", async () => {
  const { book, a } = await analysisWith({ "2.1(2)/5-1": "3.3(2)/2-1" }, "PHRサービス提供者による健診等情報の取扱いに関する基本的指針");
  render(
    <DetectionPanel lang="ja" analysis={a} sheetChoice={null} expected={145} marked={false} busy={false} onSheetChange={() => undefined} onDetect={() => undefined} />,
  );
  const box = screen.getByTestId("detect-unverified");
  const pair = box.querySelector('[data-id="2.1(2)/5-1"]') as HTMLElement;
  expect(pair.getAttribute("data-row")).toBe(String(book.rowOf.get("2.1(2)/5-1")! + 1));
  expect(within(pair).getByTestId("unverified-sheet").textContent).toBe(CHECKSHEET_STYLE["3.3(2)/2-1"]);
  expect(within(pair).getByTestId("unverified-catalog").textContent).toBe(crosswalk.entries.find((e) => e.id === "2.1(2)/5-1")!.summary.ja);
  expect(pair.textContent).toContain("候補: 3.3(2)/2-1");
  const warnings = screen.getByTestId("detect-warnings");
  expect(warnings.querySelector('[data-code="checksheet-version-mismatch"]')?.textContent).toContain("2023-04");
  expect(warnings.querySelector('[data-code="content-unverified"]')).not.toBeNull();
});

test("an item matched by content says so in the item list", async () => {
  const { a } = await analysisWith({ "2.1(2)/5-1": "3.3(2)/2-1", "3.3(2)/2-1": "2.1(2)/5-1" });
  const rows = buildRows(a.coverage.items, a.detection);
  // the list is virtualized (only cards near its viewport are rendered): look each swapped item up by its number
  const list = (query: string) => (
    <ItemList
      lang="en"
      rows={rows}
      filter={{ ...EMPTY_FILTER, query }}
      notice={crosswalk.notice}
      busy={false}
      onFilterChange={() => undefined}
      onSelect={() => undefined}
    />
  );
  const { rerender } = render(list(""));
  for (const id of ["2.1(2)/5-1", "3.3(2)/2-1"]) {
    rerender(list(id));
    const card = screen.getAllByTestId("item").find((el) => el.getAttribute("data-id") === id)!;
    const badge = card.querySelector('[data-testid="matched-by-content"]');
    expect(badge?.textContent).toMatch(/^matched by content \(numbered \d+-\d+\)$/);
  }
  // an item matched by its number has no such badge
  rerender(list("2.1(1)/1-1"));
  const plain = screen.getAllByTestId("item").find((el) => el.getAttribute("data-id") === "2.1(1)/1-1")!;
  expect(plain.querySelector('[data-testid="matched-by-content"]')).toBeNull();
});

test("marks made with a crosswalk of the same version but other content: the pane warns (hash differs)", async () => {
  const { App } = await import("../../src/taskpane/App");
  const { applyCoverage } = await import("../../src/workbook/usecases");
  const { act } = await import("@testing-library/react");
  const book = standardLayout(crosswalk.entries);
  const fake = new FakeWorkbook(book.sheets, book.checksheet);
  const altered = { ...crosswalk, entries: crosswalk.entries.map((e) => (e.id === "2.2/1-2" ? { ...e, class: "A" as const } : e)) };
  await applyCoverage(fake, { ...ctx, crosswalk: altered }, { certification: testCertification() });
  await act(async () => {
    render(<App gateway={fake} ctx={ctx} initialLang="en" initialTab="detect" />);
  });
  const bar = await screen.findByTestId("crosswalk-mismatch");
  expect(bar.textContent).toContain(`${crosswalk.crosswalkVersion} (#`);
});

test("certification form: lastSurveillanceOn is shown, editable, and an old one gives the 13-month warning", async () => {
  const { App } = await import("../../src/taskpane/App");
  const { act, fireEvent, waitFor } = await import("@testing-library/react");
  const { isoDateOf } = await import("../../src/domain/certification");
  const { addDays } = await import("../helpers/cert");
  const today = isoDateOf(new Date());
  const book = standardLayout(crosswalk.entries);
  await act(async () => {
    render(<App gateway={new FakeWorkbook(book.sheets)} ctx={{ ...ctx, today }} initialLang="ja" />);
  });
  const json = JSON.stringify({
    schema: "infobank-certification/1",
    certificationNumber: "IB-TEST-0009",
    holder: "架空ヘルス株式会社（テスト用）",
    serviceName: "架空PHR",
    kind: "standard",
    guidelineVersion: "3.0",
    checklistVersion: "3.0",
    scopes: ["health-medical"],
    certifiedOn: addDays(today, -500),
    expiresOn: addDays(today, 200),
    lastSurveillanceOn: addDays(today, -100),
    status: "active",
  });
  await act(async () => {
    fireEvent.change(screen.getByTestId("cert-file"), { target: { files: [new File([json], "c.json", { type: "application/json" })] } });
  });
  const input = () => document.querySelector('input[name="lastSurveillanceOn"]') as HTMLInputElement;
  await waitFor(() => expect(input().value).toBe(addDays(today, -100)));
  expect(screen.getByTestId("cert-evaluation").textContent).not.toContain("13か月");
  await act(async () => {
    fireEvent.change(input(), { target: { value: addDays(today, -420) } });
  });
  await waitFor(() => expect(screen.getByTestId("cert-evaluation").textContent).toContain("13か月"));
});

/** @jest-environment jsdom */
import * as React from "react";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { refsCell } from "../../src/domain/crosswalk-table";
import type { Crosswalk } from "../../src/domain/types";
import { CrosswalkEditor } from "../../src/taskpane/components/CrosswalkEditor";

const cw = loadBundledCrosswalk();

async function pick(testid: string, option: string) {
  await act(async () => {
    fireEvent.click(screen.getByTestId(testid));
  });
  await act(async () => {
    fireEvent.click(screen.getByRole("option", { name: option }));
  });
}
const type = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });

test("an expert changes an item's class, references and rationale; provenance user; save hands over the crosswalk", async () => {
  const edited: { next: Crosswalk; id: string }[] = [];
  const saved: Crosswalk[] = [];
  render(
    <CrosswalkEditor
      lang="ja"
      crosswalk={cw}
      unknown={[]}
      today="2026-01-15"
      busy={false}
      onEdited={(next, id) => edited.push({ next, id })}
      onSave={(x) => saved.push(x)}
    />,
  );
  await pick("cwedit-item", "2.1(2)/5-6");
  expect((screen.getByTestId("cwedit-refs") as HTMLInputElement).value).toBe(refsCell(cw.entries.find((x) => x.id === "2.1(2)/5-6")!.infobankRefs));
  await pick("cwedit-class", "A");
  type("cwedit-refs", "5.3.1④ 技術的安全管理措置 No.52");
  type("cwedit-rationale-ja", "専門家の判断（架空の例）");
  type("cwedit-rationale-en", "Expert judgement (fictitious example)");
  // without a name: refused, with the reason
  fireEvent.click(screen.getByTestId("cwedit-apply"));
  expect(screen.getByTestId("cwedit-errors").textContent).toContain("修正者の名前");
  expect(edited).toHaveLength(0);
  type("cwedit-by", "審査 花子（架空）");
  fireEvent.click(screen.getByTestId("cwedit-apply"));
  expect(edited).toHaveLength(1);
  const e = edited[0]!.next.entries.find((x) => x.id === "2.1(2)/5-6")!;
  expect(e.class).toBe("A");
  expect(e.provenance).toMatchObject({ kind: "user", by: "審査 花子（架空）", on: "2026-01-15" });
  expect(e.infobankRefs[0]!.items).toEqual([{ series: "No", from: 52 }]);
  fireEvent.click(screen.getByTestId("cwedit-save"));
  expect(saved).toEqual([cw]);
}, 180000); // 145 options and the whole pane in jsdom are slow on a shared machine

test("in the pane: an edit becomes the session's crosswalk (indicator with the new version; the item list shows the correction)", async () => {
  const { App } = await import("../../src/taskpane/App");
  const { FakeWorkbook } = await import("../../src/workbook/fake");
  const { standardLayout } = await import("../helpers/layouts");
  const book = standardLayout(cw.entries);
  const ctx = { crosswalk: cw, today: "2026-01-15", now: () => "2026-01-15T00:00:00.000Z", tool: "addin" as const };
  render(<App gateway={new FakeWorkbook(book.sheets)} ctx={ctx} initialLang="ja" initialTab="summary" />);
  await screen.findByTestId("crosswalk-editor");
  await pick("cwedit-item", "2.2/1-2");
  type("cwedit-rationale-ja", "専門家の判断（架空の例）");
  type("cwedit-rationale-en", "Expert judgement (fictitious example)");
  type("cwedit-by", "審査 花子（架空）");
  await act(async () => {
    fireEvent.click(screen.getByTestId("cwedit-apply"));
  });
  expect(screen.getByTestId("crosswalk-indicator").textContent).toContain(`${cw.crosswalkVersion}+user.2026-01-15`);
  expect(screen.getByTestId("crosswalk-version").textContent).toBe(`${cw.crosswalkVersion}+user.2026-01-15`);
  await act(async () => {
    fireEvent.click(screen.getByTestId("tab-items"));
  });
  // sections start collapsed: open the one holding the item
  const group = (await screen.findAllByTestId("item-group")).find((g) => g.getAttribute("data-section") === cw.entries.find((e) => e.id === "2.2/1-2")!.section)!;
  await act(async () => {
    fireEvent.click(group.querySelector("[aria-expanded]") as HTMLElement);
  });
  const item = (await screen.findAllByTestId("item")).find((x) => x.getAttribute("data-id") === "2.2/1-2")!;
  expect(item.textContent).toContain("専門家修正（審査 花子（架空）・2026-01-15）");
}, 180000);

test("save as a file: a JSON download named after the version, with the crosswalk as its content", async () => {
  const { downloadCrosswalk } = await import("../../src/taskpane/components/CrosswalkEditor");
  const blobs: Blob[] = [];
  const clicks: { download: string; href: string }[] = [];
  const origCreate = URL.createObjectURL;
  const origRevoke = URL.revokeObjectURL;
  URL.createObjectURL = ((b: Blob) => {
    blobs.push(b);
    return "blob:test";
  }) as typeof URL.createObjectURL;
  URL.revokeObjectURL = (() => undefined) as typeof URL.revokeObjectURL;
  const click = jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push({ download: this.download, href: this.href });
  });
  try {
    downloadCrosswalk({ ...cw, crosswalkVersion: "2026.11+user.2026-01-15" });
    expect(clicks).toEqual([{ download: "crosswalk-2026.11+user.2026-01-15.json", href: "blob:test" }]);
    const text = await new Promise<string>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result));
      r.onerror = () => reject(r.error);
      r.readAsText(blobs[0]!);
    });
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify({ ...cw, crosswalkVersion: "2026.11+user.2026-01-15" })));
    expect(blobs[0]!.type).toBe("application/json");
  } finally {
    click.mockRestore();
    URL.createObjectURL = origCreate;
    URL.revokeObjectURL = origRevoke;
  }
});

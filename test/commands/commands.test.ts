/**
 * Ribbon commands against the strict Excel fake installed as globals (as the browser stub does), with the Dialog API
 * and pane visibility from test/helpers/office-ui.ts. Every outcome must reach the user: the pane (runtime bus) or a
 * dialog, never only the console; every event is completed, also when the host never answers.
 */
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { emptyRecord, encodeRecord, RECORD_SHEET_NAME } from "../../src/domain/record";
import { SUMMARY_SHEET_NAMES } from "../../src/domain/summary";
import type { PaneBus, PaneEvent } from "../../src/commands/runtime-bus";
import { createFakeExcel, type FakeExcel, type FakeSeedSheet } from "../fakes/fake-excel";
import { messyLayout } from "../helpers/layouts";
import { testCertification } from "../helpers/cert";
import { addOfficeUi, type OfficeUi } from "../helpers/office-ui";

type CommandsModule = typeof import("../../src/commands/commands");

const crosswalk = loadBundledCrosswalk();
const certification = testCertification({ expiresOn: "2030-03-31" });

function book(withCertification: boolean): FakeSeedSheet[] {
  const b = messyLayout(crosswalk.entries, {});
  const sheets: FakeSeedSheet[] = b.sheets.map((s) => ({
    name: s.name,
    values: s.values,
    merges: s.merges,
    hiddenRows: s.hiddenRows,
    validations: s.validations,
    visibility: s.visibility ?? "visible",
  }));
  if (withCertification) {
    const rec = encodeRecord({ ...emptyRecord("2026-01-01T00:00:00Z"), certification });
    sheets.push({ name: RECORD_SHEET_NAME, values: rec.map((s) => [s]), visibility: "veryHidden" });
  }
  return sheets;
}

interface Loaded {
  fake: FakeExcel;
  ui: OfficeUi;
  bus: PaneBus;
  events: PaneEvent[];
  mod: CommandsModule;
}

/** Install the fake as globals and load commands.ts the way the page does (its top level associates the actions). */
function load(fake: FakeExcel, behaviour: "open" | "fail" | "silent" = "open", paneListening = false): Loaded {
  const ui = addOfficeUi(fake, behaviour);
  const g = globalThis as Record<string, unknown>;
  fake.installGlobals(g);
  g.location = new URL("https://localhost:3000/taskpane.html");
  let mod!: CommandsModule;
  let bus!: PaneBus;
  jest.isolateModules(() => {
    mod = require("../../src/commands/commands");
    bus = require("../../src/commands/runtime-bus").paneBus;
  });
  const events: PaneEvent[] = [];
  if (paneListening) bus.subscribe((e) => events.push(e));
  return { fake, ui, bus, events, mod };
}

async function click(fake: FakeExcel, id: string): Promise<jest.Mock> {
  const completed = jest.fn();
  const fn = fake.actions.get(id);
  if (!fn) throw new Error(`${id} not associated`);
  await fn({ completed });
  return completed;
}

let consoleSpies: jest.SpyInstance[] = [];
beforeEach(() => {
  consoleSpies = (["info", "warn", "error", "log"] as const).map((k) => jest.spyOn(console, k).mockImplementation(() => {}));
});
afterEach(() => {
  consoleSpies.forEach((s) => s.mockRestore());
  for (const k of ["Excel", "Office", "OfficeExtension", "location"]) delete (globalThis as Record<string, unknown>)[k];
});

test("the functions are associated when the script loads, before (and without) Office.onReady", () => {
  const fake = createFakeExcel({ sheets: book(false) });
  fake.Office.onReady = () => new Promise(() => undefined); // Office never reports ready
  load(fake);
  expect([...fake.actions.keys()].sort()).toEqual(["applyCoverage", "clearMarks"]);
});

test("apply uses the stored certification and tells the user in a dialog; the pane re-reads; clear restores the workbook", async () => {
  const fake = createFakeExcel({ sheets: book(true) });
  const { ui, events } = load(fake, "open", true);
  const before = fake.snapshotState();
  const completedApply = await click(fake, "applyCoverage");
  expect(completedApply).toHaveBeenCalledTimes(1);
  // look up the stored certification (a record-only read), then apply's read, snapshot, the summary sheet's creation
  // (the record sheet already holds the certification, so the summary sheet needs a run of its own: the one extra sync
  // the summary sheet may cost, test/workbook/office-summary.test.ts), write
  expect(fake.syncCount).toBeLessThanOrEqual(11);
  expect(fake.state.sheets.some((s) => s.name === SUMMARY_SHEET_NAMES.ja)).toBe(true);
  expect(fake.snapshotState()).not.toBe(before);
  expect(events.map((e) => e.kind)).toEqual(["changed"]);
  expect(ui.messages()).toHaveLength(1);
  expect(ui.messages()[0]).toMatchObject({ lang: "ja", intent: "success" });
  expect(ui.messages()[0].ja).toMatch(/IB-TEST-0001.*セルに色と参照を付けました/);
  expect(ui.messages()[0].en).toMatch(/Applied the certification \(IB-TEST-0001\) to \d+ cells/);
  expect(ui.dialogs[0].url.pathname).toBe("/dialog.html");
  ui.dialogs[0].pressClose();
  expect(ui.dialogs[0].closed).toBe(true);

  const completedClear = await click(fake, "clearMarks");
  expect(completedClear).toHaveBeenCalledTimes(1);
  expect(ui.messages()[1].ja).toMatch(/個のセルを元に戻しました/);
  // the workbook is back, including a record that holds only the certification again
  const sheets = (s: string) => JSON.parse(s).sheets.filter((x: { name: string }) => x.name !== RECORD_SHEET_NAME);
  expect(sheets(fake.snapshotState())).toEqual(sheets(before));
  // nothing left to clear: that is told too
  await click(fake, "clearMarks");
  expect(ui.messages()[2]).toMatchObject({ intent: "info" });
  expect(ui.messages()[2].en).toContain("no marks to clear");
});

test("while the pane is visible, outcomes go to the pane instead of a dialog", async () => {
  const fake = createFakeExcel({ sheets: book(true) });
  const { ui, bus, events } = load(fake, "open", true);
  bus.paneVisible = true;
  await click(fake, "applyCoverage");
  expect(ui.dialogs).toHaveLength(0);
  expect(events.map((e) => e.kind)).toEqual(["changed", "show"]);
  const show = events[1] as Extract<PaneEvent, { kind: "show" }>;
  expect(show.intent).toBe("success");
  expect(show.message.en).toMatch(/Applied the certification/);
});

test("apply without a stored certification opens the task pane at 認定 with the message (shared runtime)", async () => {
  const fake = createFakeExcel({ sheets: book(false) });
  const { ui, events } = load(fake, "open", true);
  const before = fake.snapshotState();
  const completed = await click(fake, "applyCoverage");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(fake.log).toContain("addin.showAsTaskpane");
  expect(ui.dialogs).toHaveLength(0);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ kind: "show", tab: "cert", intent: "warning" });
  expect((events[0] as Extract<PaneEvent, { kind: "show" }>).message.ja).toContain("認定情報が保存されていません");
  expect(fake.snapshotState()).toBe(before);
});

test("a pane that is not listening yet gets the 認定 request when it subscribes (runtime started by the ribbon)", async () => {
  const fake = createFakeExcel({ sheets: book(false) });
  const { bus } = load(fake, "open", false);
  await click(fake, "applyCoverage");
  const late: PaneEvent[] = [];
  bus.subscribe((e) => late.push(e));
  expect(late).toMatchObject([{ kind: "show", tab: "cert" }]);
});

test("without SharedRuntime 1.1 the user is told in a dialog how to open the pane; nothing changes", async () => {
  const fake = createFakeExcel({ sheets: book(false), requirementSets: ["ExcelApi 1.12"] });
  const { ui } = load(fake);
  const before = fake.snapshotState();
  const completed = await click(fake, "applyCoverage");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(fake.log).not.toContain("addin.showAsTaskpane");
  expect(ui.messages()).toHaveLength(1);
  expect(ui.messages()[0]).toMatchObject({ intent: "warning" });
  expect(ui.messages()[0].ja).toContain("作業ウィンドウ");
  expect(ui.messages()[0].en).toContain("Home › PHR check › Open pane");
  expect(fake.snapshotState()).toBe(before);
});

test("a ribbon clear keeps a colour the user set by hand and says so", async () => {
  const fake = createFakeExcel({ sheets: book(true) });
  const { events, ui } = load(fake, "open", true);
  await click(fake, "applyCoverage");
  // the user changes a marked answer cell's fill by hand
  const name = messyLayout(crosswalk.entries, {}).checksheet;
  const ws = fake.state.sheets.find((s: { name: string }) => s.name === name)!;
  const marked = [...ws.cells.values()].find((c: { fill?: string | null }) => c.fill) as { fill: string | null };
  marked.fill = "#010203";
  events.length = 0;
  await click(fake, "clearMarks");
  expect(marked.fill).toBe("#010203");
  expect(events).toMatchObject([{ kind: "changed" }]);
  const msg = ui.messages()[ui.messages().length - 1];
  expect(msg).toMatchObject({ intent: "warning" });
  expect(msg.en).toMatch(/^Restored \d+ cells\. Kept 1 cell you recoloured\.$/);
  expect(msg.ja).toContain("色を変更された 1 個のセルの色はそのまま残しました");
});

test("errors are told bilingually in a dialog (no stack trace) and the event still completes", async () => {
  const fake = createFakeExcel({ sheets: book(true), requirementSets: ["ExcelApi 1.8"] });
  const { ui } = load(fake);
  const before = fake.snapshotState();
  const completed = await click(fake, "applyCoverage");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(fake.syncCount).toBe(0);
  expect(fake.snapshotState()).toBe(before);
  const m = ui.messages()[0];
  expect(m.ja).toContain("このバージョンの Excel には対応していません");
  expect(m.ja).toContain("ExcelApi 1.9");
  expect(m.en).not.toMatch(/\n\s+at /);
  const completedClear = await click(fake, "clearMarks");
  expect(completedClear).toHaveBeenCalledTimes(1);
});

test("when the dialog cannot open, the message is kept for the pane and the event completes", async () => {
  const fake = createFakeExcel({ sheets: book(true) });
  const { bus, ui } = load(fake, "fail");
  const completed = await click(fake, "applyCoverage");
  expect(completed).toHaveBeenCalledTimes(1);
  expect(ui.dialogs).toHaveLength(0);
  const later: PaneEvent[] = [];
  bus.subscribe((e) => later.push(e));
  expect(later.map((e) => e.kind)).toEqual(["changed", "show"]);
});

test("timeouts: a dialog that never answers, showAsTaskpane that never settles, a command that never finishes", async () => {
  const fake = createFakeExcel({ sheets: book(false) });
  const { mod } = load(fake, "silent");
  await expect(mod.showDialog({ ja: "a", en: "a" }, "info", 30)).resolves.toBe(false);
  fake.Office.addin.showAsTaskpane = () => new Promise(() => undefined);
  await expect(mod.showTaskpane(30)).resolves.toBe(false);
  const completed = jest.fn();
  const told: string[] = [];
  await mod.runCommand({ completed }, () => new Promise(() => undefined), async (m) => (told.push(m.en), "dialog"), 30);
  expect(completed).toHaveBeenCalledTimes(1);
  expect(told).toEqual([expect.stringContaining("Excel did not answer")]);
});

test("the dialog URL carries the message as query parameters next to the page", () => {
  const fake = createFakeExcel({ sheets: book(false) });
  const { mod } = load(fake);
  const u = new URL(mod.dialogUrl("https://localhost:3000/taskpane.html?x=1", { ja: "<b>日本語</b>&", en: "a=b" }, "warning", "en"));
  expect(u.origin + u.pathname).toBe("https://localhost:3000/dialog.html");
  expect(Object.fromEntries(u.searchParams)).toEqual({ lang: "en", intent: "warning", ja: "<b>日本語</b>&", en: "a=b" });
});

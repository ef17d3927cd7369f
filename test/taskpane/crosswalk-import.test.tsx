/** @jest-environment jsdom */
/**
 * Loading another crosswalk file in the task pane (概要 tab): a valid file is used for everything (items, summary,
 * apply, extra tabs), wrong totals are a warning with the numbers, an invalid file is refused with errors naming the
 * entry and the field, a workbook annotated with another crosswalk version gets a warning, and the bundled one can be
 * restored.
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { isoDateOf } from "../../src/domain/certification";
import { parseCertificationJson } from "../../src/domain/certification-json";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { COLORS } from "../../src/domain/plan";
import type { Crosswalk } from "../../src/domain/types";
import { App, type ExtraTab } from "../../src/taskpane/App";
import { EXTRA_TABS } from "../../src/taskpane/extraTabs";
import { FakeWorkbook } from "../../src/workbook/fake";
import { saveCertification, type UseCaseContext } from "../../src/workbook/usecases";
import { standardLayout } from "../helpers/layouts";
import { addDays } from "../helpers/cert";


const bundled = loadBundledCrosswalk();
const today = isoDateOf(new Date());
const ANSWER_COL = 3;

/** The A entry that the test crosswalk turns into a D (evidence needed, no references). */
const CHANGED = bundled.entries.find((e) => e.class === "A")!.id;

function changedCrosswalk(version = "test-2.0"): Crosswalk {
  const cw = JSON.parse(JSON.stringify(bundled)) as Crosswalk;
  cw.crosswalkVersion = version;
  cw.notice = { ja: "テスト用の対応表です（架空）。", en: "A test crosswalk (fictitious)." };
  const e = cw.entries.find((x) => x.id === CHANGED)!;
  e.class = "D";
  e.infobankRefs = [];
  e.evidence = { ja: "テスト用の証跡", en: "Test evidence" };
  return cw;
}

function certification() {
  const r = parseCertificationJson(
    JSON.stringify({
      schema: "infobank-certification/1",
      certificationNumber: "IB-TEST-0007",
      holder: "架空ヘルス株式会社（テスト用）",
      serviceName: "架空PHR",
      kind: "standard",
      guidelineVersion: "3.0",
      checklistVersion: bundled.checklist.version,
      scopes: ["health-medical"],
      certifiedOn: addDays(today, -30),
      expiresOn: addDays(today, 365),
      status: "active",
    }),
  );
  if (!r.ok) throw new Error("test certification must parse");
  return r.certification;
}

async function setup(opts: { tab?: string; extraTabs?: ExtraTab[]; storedCert?: boolean } = {}) {
  const book = standardLayout(bundled.entries);
  const fake = new FakeWorkbook(book.sheets);
  const ctx: UseCaseContext = { crosswalk: bundled, today, now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };
  if (opts.storedCert) await saveCertification(fake, ctx, certification());
  const utils = render(<App gateway={fake} ctx={ctx} initialLang="ja" initialTab={opts.tab ?? "summary"} extraTabs={opts.extraTabs} />);
  await idle();
  return { fake, book, ctx, ...utils };
}

async function idle() {
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
}

/** Pick a file in the 概要 tab's crosswalk input and wait until the pane has validated it (and re-read the workbook). */
async function loadCrosswalk(text: string | Uint8Array<ArrayBuffer>, name = "crosswalk.json") {
  const input = screen.getByTestId("crosswalk-file") as HTMLInputElement;
  await act(async () => {
    fireEvent.change(input, { target: { files: [new File([text], name, { type: "application/json" })] } });
  });
  await waitFor(() => expect(screen.getByTestId("crosswalk-panel").textContent).not.toContain("検証しています"), { timeout: 5000 });
  await idle();
}

const classCounts = () => {
  const bars = screen.getByTestId("class-bars");
  return ["A", "B", "C", "D"].map((c) => Number(bars.querySelector(`[data-class="${c}"]`)!.getAttribute("data-count")));
};

describe("task pane: loading another crosswalk file", () => {
  test("a crosswalk file saved as UTF-16 LE (with BOM) is read like UTF-8", async () => {
    await setup();
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(changedCrosswalk()), "utf16le")]));
    await loadCrosswalk(utf16, "utf16.json");
    expect(screen.queryByTestId("crosswalk-errors")).toBeNull();
    expect(screen.getByTestId("crosswalk-panel").getAttribute("data-source")).toBe("file");
    expect(screen.getByTestId("crosswalk-version").textContent).toBe("test-2.0");
  });

  test("bundled by default: 概要 shows its versions, source and notice; no reset button", async () => {
    await setup();
    const panel = screen.getByTestId("crosswalk-panel");
    expect(panel.getAttribute("data-source")).toBe("bundled");
    expect(screen.getByTestId("crosswalk-source").textContent).toBe("同梱");
    expect(screen.getByTestId("crosswalk-version").textContent).toBe(bundled.crosswalkVersion);
    expect(screen.getByTestId("crosswalk-checksheet").textContent).toBe(bundled.checksheet.version);
    expect(screen.getByTestId("crosswalk-checklist").textContent).toBe(bundled.checklist.version);
    expect(screen.getByTestId("crosswalk-notice").textContent).toContain(bundled.notice.ja);
    expect(screen.queryByTestId("crosswalk-reset")).toBeNull();
    expect(screen.queryByTestId("crosswalk-warnings")).toBeNull();
    expect(screen.queryByTestId("crosswalk-indicator")).toBeNull();
    expect(classCounts()).toEqual([36, 100, 2, 7]);
  });

  test("a valid file with one class changed: used for summary and items, totals warning with the numbers, reset restores", async () => {
    await setup();
    // no certification: A/B count as not covered, C/D as needs evidence
    expect(screen.getByTestId("count-needs-evidence").textContent).toBe("9");

    await loadCrosswalk(JSON.stringify(changedCrosswalk()), "official-table.json");
    expect(screen.queryByTestId("crosswalk-errors")).toBeNull();
    expect(screen.getByTestId("crosswalk-panel").getAttribute("data-source")).toBe("file");
    expect(screen.getByTestId("crosswalk-source").textContent).toBe("読み込んだファイル: official-table.json");
    expect(screen.getByTestId("crosswalk-version").textContent).toBe("test-2.0");
    expect(screen.getByTestId("crosswalk-notice").textContent).toContain("テスト用の対応表です");
    expect(screen.getByTestId("crosswalk-indicator").textContent).toContain("official-table.json");
    expect(screen.getByTestId("notice-bar").textContent).toContain("official-table.json");

    // the summary counts come from the loaded crosswalk
    expect(classCounts()).toEqual([35, 100, 2, 8]);
    expect(screen.getByTestId("count-needs-evidence").textContent).toBe("10");
    expect(screen.getByTestId("count-total").textContent).toBe("145");
    // wrong totals: a warning naming the numbers, but the crosswalk is used
    const warn = screen.getByTestId("crosswalk-warnings");
    expect(warn.textContent).toContain("A 35件（公表値 36）");
    expect(warn.textContent).toContain("D 8件（公表値 7）");

    // items: the changed entry is a D with its evidence, and the notice says whose table this is
    fireEvent.click(screen.getByTestId("tab-items"));
    expect(screen.getByTestId("imported-notice").textContent).toContain("official-table.json");
    expect(screen.getByTestId("paraphrase-notice").textContent).toContain("テスト用の対応表です");
    fireEvent.click(screen.getByTestId("filter-class-D"));
    const items = screen.getAllByTestId("item");
    expect(items).toHaveLength(8);
    const changed = items.find((i) => i.getAttribute("data-id") === CHANGED)!;
    expect(within(changed).getByTestId("evidence").textContent).toContain("テスト用の証跡");

    // English: the warning and the source follow the language
    fireEvent.click(screen.getByTestId("lang-toggle"));
    fireEvent.click(screen.getByTestId("tab-summary"));
    expect(screen.getByTestId("crosswalk-warnings").textContent).toContain("A 35 (expected 36)");
    expect(screen.getByTestId("crosswalk-source").textContent).toBe("Loaded file: official-table.json");
    fireEvent.click(screen.getByTestId("lang-toggle"));

    // back to the bundled crosswalk
    await act(async () => {
      fireEvent.click(screen.getByTestId("crosswalk-reset"));
    });
    await idle();
    expect(screen.getByTestId("crosswalk-source").textContent).toBe("同梱");
    expect(classCounts()).toEqual([36, 100, 2, 7]);
    expect(screen.queryByTestId("crosswalk-warnings")).toBeNull();
    expect(screen.queryByTestId("crosswalk-indicator")).toBeNull();
  });

  test("an invalid file is refused: errors name the entry and the field, the active crosswalk is unchanged", async () => {
    const { fake } = await setup();
    const before = fake.serialize();
    const bad = changedCrosswalk("bad-1") as unknown as { entries: Record<string, unknown>[] };
    const e0 = bad.entries[0];
    e0.class = "X";
    const d = bad.entries.find((e) => e.class === "D" && e.id !== CHANGED)!;
    delete d.evidence;
    await loadCrosswalk(JSON.stringify(bad), "broken-table.json");

    const err = screen.getByTestId("crosswalk-errors");
    expect(err.textContent).toContain("broken-table.json");
    expect(err.textContent).toContain("変更していません");
    const lines = within(err).getAllByRole("listitem").map((li) => li.textContent ?? "");
    expect(lines.some((l) => l.includes(`項目 ${String(e0.id)}`) && l.includes("class") && l.includes('"X"'))).toBe(true);
    expect(lines.some((l) => l.includes(`項目 ${String(d.id)}`) && l.includes("evidence"))).toBe(true);
    expect(err.textContent).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.js:\d+/);
    // still the bundled crosswalk, nothing written
    expect(screen.getByTestId("crosswalk-source").textContent).toBe("同梱");
    expect(screen.getByTestId("crosswalk-version").textContent).toBe(bundled.crosswalkVersion);
    expect(classCounts()).toEqual([36, 100, 2, 7]);
    expect(fake.serialize()).toBe(before);

    // not JSON at all
    await loadCrosswalk("{ not json", "notjson.json");
    expect(screen.getByTestId("crosswalk-errors").textContent).toContain("notjson.json");
    expect(screen.getByTestId("crosswalk-errors").textContent).toContain("JSON として読み取れません");

    // another format: the schema field is named
    await loadCrosswalk(JSON.stringify({ schema: "infobank-certification/1" }), "cert.json");
    const other = within(screen.getByTestId("crosswalk-errors")).getAllByRole("listitem").map((li) => li.textContent ?? "");
    expect(other.some((l) => l.includes("schema"))).toBe(true);

    // many errors: the first ones and "ほか n 件"
    const many = JSON.parse(JSON.stringify(bundled)) as { entries: Record<string, unknown>[] };
    many.entries.slice(0, 8).forEach((e) => (e.class = "Z"));
    await loadCrosswalk(JSON.stringify(many), "many.json");
    const manyErr = screen.getByTestId("crosswalk-errors");
    expect(manyErr.textContent).toContain("エラー 8 件");
    expect(manyErr.textContent).toContain("ほか 3 件");

    // a valid file afterwards clears the error
    await loadCrosswalk(JSON.stringify(changedCrosswalk()), "ok.json");
    expect(screen.queryByTestId("crosswalk-errors")).toBeNull();
    expect(screen.getByTestId("crosswalk-version").textContent).toBe("test-2.0");
  });

  test("apply uses the loaded crosswalk; a workbook annotated with another version shows a warning naming both", async () => {
    const { fake, book } = await setup({ storedCert: true });
    // the stored certification fills the form; apply with the bundled crosswalk
    await waitFor(() => expect(screen.getByTestId("notice-bar").textContent).toContain("ブックに保存されている認定情報"));
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    await waitFor(() => expect(screen.getByTestId("notice-bar").textContent).toContain("充足 136 件"));
    const sheet = () => fake.sheet(book.checksheet)!;
    const fillAt = (id: string) => sheet().cells.get(`${book.rowOf.get(id)}:${ANSWER_COL}`)?.fill;
    expect(fillAt(CHANGED)).toBe(COLORS.A);
    expect(screen.queryByTestId("crosswalk-mismatch")).toBeNull();

    await loadCrosswalk(JSON.stringify(changedCrosswalk()), "official-table.json");
    const mismatch = screen.getByTestId("crosswalk-mismatch");
    expect(mismatch.textContent).toContain(bundled.crosswalkVersion);
    expect(mismatch.textContent).toContain("test-2.0");
    expect(mismatch.textContent).toContain("適用");
    // also on 検出
    fireEvent.click(screen.getByTestId("tab-detect"));
    expect(screen.getByTestId("crosswalk-mismatch").textContent).toContain("test-2.0");

    // re-apply with the loaded crosswalk: the changed entry is now an evidence item, the record says test-2.0
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    await waitFor(() => expect(screen.getByTestId("notice-bar").textContent).toContain("充足 135 件、要証跡 10 件"));
    expect(fillAt(CHANGED)).toBe(COLORS.D);
    expect(screen.queryByTestId("crosswalk-mismatch")).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId("reload"));
    });
    await idle();
    fireEvent.click(screen.getByTestId("tab-summary"));
    expect(screen.queryByTestId("crosswalk-mismatch")).toBeNull();

    // back to the bundled one: the workbook now differs from it
    await act(async () => {
      fireEvent.click(screen.getByTestId("crosswalk-reset"));
    });
    await idle();
    expect(screen.getByTestId("crosswalk-mismatch").textContent).toContain("test-2.0");
  });

  test("the extra tabs (一括入力 / 審査) get the loaded crosswalk: bulk-mark preview leaves the changed item alone", async () => {
    const seen: string[] = [];
    const probe: ExtraTab = {
      value: "probe",
      label: { ja: "確認", en: "Probe" },
      render: (p) => {
        seen.push(p.ctx.crosswalk.crosswalkVersion);
        return <div data-testid="probe">{p.ctx.crosswalk.entries.find((e) => e.id === CHANGED)!.class}</div>;
      },
    };
    await setup({ storedCert: true, extraTabs: [...EXTRA_TABS, probe] });
    await loadCrosswalk(JSON.stringify(changedCrosswalk()), "official-table.json");

    fireEvent.click(screen.getByTestId("tab-probe"));
    expect(screen.getByTestId("probe").textContent).toBe("D");
    expect(seen[seen.length - 1]).toBe("test-2.0");

    fireEvent.click(screen.getByTestId("tab-bulk"));
    const preview = await screen.findByTestId("bulk-preview");
    await act(async () => {
      fireEvent.click(preview);
    });
    await screen.findByTestId("bulk-plan");
    const ids = new Set(screen.getAllByTestId("bulk-change").map((c) => c.getAttribute("data-id")));
    const other = bundled.entries.find((e) => e.class === "A" && e.id !== CHANGED)!.id;
    expect(ids.has(other)).toBe(true);
    expect(ids.has(CHANGED)).toBe(false);
  });
});

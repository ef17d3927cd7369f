/** @jest-environment jsdom */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { isoDateOf } from "../../src/domain/certification";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { COLORS } from "../../src/domain/plan";
import { App } from "../../src/taskpane/App";
import { FakeWorkbook } from "../../src/workbook/fake";
import type { UseCaseContext } from "../../src/workbook/usecases";
import { standardLayout } from "../helpers/layouts";
import { addDays } from "../helpers/cert";


const crosswalk = loadBundledCrosswalk();
const today = isoDateOf(new Date());

function setup(lang: "ja" | "en" = "ja") {
  const book = standardLayout(crosswalk.entries);
  const fake = new FakeWorkbook(book.sheets);
  const seedState = fake.serialize();
  const ctx: UseCaseContext = { crosswalk, today, now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };
  const utils = render(<App gateway={fake} ctx={ctx} initialLang={lang} />);
  return { fake, book, seedState, ctx, ...utils };
}

function certJson(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    schema: "infobank-certification/1",
    certificationNumber: "IB-TEST-0001",
    holder: "架空ヘルス株式会社（テスト用）",
    serviceName: "架空PHR",
    kind: "standard",
    guidelineVersion: "3.0",
    checklistVersion: crosswalk.checklist.version,
    scopes: ["health-medical"],
    certifiedOn: addDays(today, -30),
    expiresOn: addDays(today, 365),
    status: "active",
    ...overrides,
  });
}

async function importFile(text: string, name = "cert.json") {
  const input = screen.getByTestId("cert-file") as HTMLInputElement;
  const file = new File([text], name, { type: "application/json" });
  fireEvent.change(input, { target: { files: [file] } });
  await screen.findByText(new RegExp(`(ファイル「${name}」|"${name}")`), undefined, { timeout: 5000 });
}

const fieldInput = (name: string) => document.querySelector(`input[name="${name}"]`) as HTMLInputElement;

async function ready() {
  // first analysis done: the detection facts exist once the Detect tab is opened; wait for the reload button to be enabled
  await waitFor(() => {
    // the first read (started in an idle moment after the first paint) has ended and nothing is running
    expect(screen.getByTestId("app").getAttribute("data-workbook-read")).toBe("done");
    expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false);
  });
}

describe("task pane (jsdom, FakeWorkbook)", () => {
  test("field-level validation: each message shows under its field, and goes when fixed", async () => {
    setup();
    await ready();
    fireEvent.change(fieldInput("certificationNumber"), { target: { value: "IB-1" } });
    fireEvent.change(fieldInput("expiresOn"), { target: { value: "2026/05/32" } });
    // nothing shown before the field is left or the form is checked
    expect(screen.queryByTestId("error-expiresOn")).toBeNull();
    fireEvent.blur(fieldInput("expiresOn"));
    expect(screen.getByTestId("error-expiresOn").textContent).toContain("YYYY-MM-DD");
    expect(screen.queryByTestId("error-holder")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: /検証/ }));
    expect(screen.getByTestId("error-holder").textContent).toContain("事業者名");
    expect(screen.getByTestId("error-certifiedOn")).toBeTruthy();
    expect(screen.queryByTestId("error-certificationNumber")).toBeNull();
    expect(screen.getByTestId("cert-error-count").textContent).toMatch(/\d+ 件のエラー/);
    // the error is inside the Field of 有効期限
    const field = fieldInput("expiresOn").closest(".fui-Field") as HTMLElement;
    expect(within(field).getByTestId("error-expiresOn")).toBeTruthy();
    fireEvent.change(fieldInput("expiresOn"), { target: { value: "2026-05-31" } });
    expect(screen.queryByTestId("error-expiresOn")).toBeNull();
    // Dates are accepted as typed: YYYY/MM/DD and 和暦.
    fireEvent.change(fieldInput("expiresOn"), { target: { value: "2026/05/31" } });
    fireEvent.change(fieldInput("certifiedOn"), { target: { value: "令和6年4月1日" } });
    fireEvent.click(screen.getByRole("button", { name: /検証/ }));
    expect(screen.queryByTestId("error-expiresOn")).toBeNull();
    expect(screen.queryByTestId("error-certifiedOn")).toBeNull();
    expect(screen.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("incomplete");
  });

  test("import: valid file fills the form and shows valid; P認定 shows a warning; expired shows every reason", async () => {
    setup();
    await ready();
    await importFile(certJson());
    expect(fieldInput("holder").value).toBe("架空ヘルス株式会社（テスト用）");
    // (the evaluation follows the form in a deferred render)
    await waitFor(() => expect(screen.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("valid"));

    await importFile(certJson({ kind: "provisional" }), "p.json");
    await waitFor(() => expect(screen.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("warning"));
    const warn = screen.getByTestId("cert-evaluation");
    expect(warn.getAttribute("data-state")).toBe("warning");
    expect(warn.querySelector('[data-code="provisional"]')).toBeTruthy();

    await importFile(certJson({ expiresOn: addDays(today, -1), certifiedOn: addDays(today, -400), scopes: ["finance"], status: "suspended" }), "bad.json");
    await waitFor(() => expect(screen.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("invalid"));
    const bad = screen.getByTestId("cert-evaluation");
    expect(bad.getAttribute("data-state")).toBe("invalid");
    const codes = [...bad.querySelectorAll("[data-code]")].map((e) => e.getAttribute("data-code")).sort();
    expect(codes).toEqual(["expired", "scope-missing", "status-suspended"]);
    expect(screen.getByText(/その他の対象範囲: finance/)).toBeTruthy();
  });

  test("import: a file with field errors shows them under the fields; malformed JSON is an error bar", async () => {
    setup();
    await ready();
    await importFile(certJson({ certifiedOn: "2024-02-30", kind: "gold" }), "errs.json");
    expect(screen.getByTestId("error-certifiedOn").textContent).toContain("2024-02-30");
    expect(screen.getByTestId("error-kind").textContent).toContain("gold");
    expect(screen.getByTestId("notice-bar").textContent).toContain("2 件の問題");

    const input = screen.getByTestId("cert-file") as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(["{ not json"], "broken.json")] } });
    const err = await screen.findByTestId("error-bar");
    expect(err.textContent).toContain("broken.json");
    expect(err.textContent).toContain("JSON");
    // the form kept what it had
    expect(fieldInput("holder").value).toBe("架空ヘルス株式会社（テスト用）");

    fireEvent.change(input, { target: { files: [new File([JSON.stringify({ schema: "other/9" })], "other.json")] } });
    await waitFor(() => expect(screen.getByTestId("error-bar").textContent).toContain("other/9"));
  });

  test("import: a UTF-16 LE file (BOM) is read; a duplicate key is a warning naming it", async () => {
    setup();
    await ready();
    const input = screen.getByTestId("cert-file") as HTMLInputElement;
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(certJson(), "utf16le")]));
    fireEvent.change(input, { target: { files: [new File([utf16], "u16.json", { type: "application/json" })] } });
    await waitFor(() => expect(screen.getByTestId("notice-bar").textContent).toContain("u16.json"));
    expect(fieldInput("holder").value).toBe("架空ヘルス株式会社（テスト用）");

    const dup = certJson().replace('"status":"active"', '"status":"revoked","status":"active"');
    expect(dup).toContain('"status":"revoked"');
    await importFile(dup, "dup.json");
    expect(screen.getByTestId("notice-bar").textContent).toMatch(/キー "status" が \$ に 2 回あります/);
  });

  test("apply without a certification: error, no write", async () => {
    const { fake, seedState } = setup();
    await ready();
    fireEvent.click(screen.getByTestId("apply"));
    expect(screen.getByTestId("error-bar").textContent).toContain("認定情報を入力するか");
    expect(fake.serialize()).toBe(seedState);
  });

  test("apply → counts, fills; item filter and click select the row; clear restores the seed", async () => {
    const { fake, book, seedState } = setup();
    await ready();
    await importFile(certJson());
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    await waitFor(() => expect(screen.getByTestId("notice-bar").textContent).toContain("充足 136 件"));
    // moved to the summary tab
    expect(screen.getByTestId("count-covered").textContent).toBe("136");
    expect(screen.getByTestId("count-needs-evidence").textContent).toBe("9");
    expect(screen.getByTestId("count-not-covered").textContent).toBe("0");
    const bars = screen.getByTestId("class-bars");
    expect(["A", "B", "C", "D"].map((c) => bars.querySelector(`[data-class="${c}"]`)!.getAttribute("data-count"))).toEqual(["36", "100", "2", "7"]);

    // fills on the answer cells (column D = 3 in the standard layout)
    const sheet = fake.sheet(book.checksheet)!;
    const fillAt = (id: string) => sheet.cells.get(`${book.rowOf.get(id)}:3`)?.fill;
    const entry = (cls: string) => crosswalk.entries.find((e) => e.class === cls)!.id;
    expect(fillAt(entry("A"))).toBe(COLORS.A);
    expect(fillAt(entry("B"))).toBe(COLORS.B);
    expect(fillAt(entry("D"))).toBe(COLORS.D);

    // items: class D → 7
    fireEvent.click(screen.getByTestId("tab-items"));
    // the tab's panel is a lazy chunk: it renders once loaded
    expect((await screen.findByTestId("paraphrase-notice")).textContent).toContain(crosswalk.notice.ja);
    fireEvent.click(screen.getByTestId("filter-class-D"));
    const items = screen.getAllByTestId("item");
    expect(items).toHaveLength(7);
    expect(screen.getByTestId("items-count").textContent).toBe("7 / 145 件");
    expect(items.every((i) => i.getAttribute("data-class") === "D")).toBe(true);
    expect(items.every((i) => within(i).queryByTestId("evidence"))).toBe(true);
    const pinned = items.find((i) => i.getAttribute("data-id") === "4.2(1)/1-1")!;
    expect(within(pinned).getByTestId("provenance").textContent).toBe("公表例");
    await act(async () => {
      fireEvent.click(within(pinned).getByRole("button"));
    });
    await waitFor(() => expect(fake.selected).toEqual({ sheet: book.checksheet, row: book.rowOf.get("4.2(1)/1-1"), col: 3 }));

    // search narrows further
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "4.2(1)/1-2" } });
    expect(screen.getAllByTestId("item").map((i) => i.getAttribute("data-id"))).toEqual(["4.2(1)/1-2"]);

    // clear (asks first) → exactly the seed
    await act(async () => {
      fireEvent.click(screen.getByTestId("clear"));
    });
    const confirm = within(await screen.findByTestId("clear-dialog")).getByTestId("confirm-clear");
    await act(async () => {
      fireEvent.click(confirm);
    });
    await waitFor(() => expect(screen.getByTestId("notice-bar").textContent).toMatch(/消去しました/));
    expect(fake.serialize()).toBe(seedState);
  });

  test("clear asks first (what goes back, what of the user's is kept); cancel changes nothing, confirm keeps the user's change, 'restore those too' restores all", async () => {
    const { fake, book, seedState } = setup();
    await ready();
    await importFile(certJson());
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    await screen.findByText(/充足 136 件/);
    const applied = fake.serialize();
    // no change: the confirmation says what goes back; cancel leaves everything
    await act(async () => {
      fireEvent.click(screen.getByTestId("clear"));
    });
    const first = await screen.findByTestId("clear-dialog");
    expect(first.textContent).toMatch(/\d+ 個のセルをアドインの適用前の状態に戻します/);
    expect(within(first).queryByTestId("force-clear")).toBeNull();
    fireEvent.click(within(first).getByTestId("cancel-clear"));
    await waitFor(() => expect(screen.queryByTestId("clear-dialog")).toBeNull());
    expect(fake.serialize()).toBe(applied);

    // the user recolours one answer cell by hand
    const sheet = fake.sheet(book.checksheet)!;
    const key = `${book.rowOf.get("2.2/1-1")}:3`;
    sheet.cells.set(key, { ...sheet.cells.get(key)!, fill: "#FF0000" });
    const edited = fake.serialize();
    await act(async () => {
      fireEvent.click(screen.getByTestId("clear"));
    });
    const dialog = await screen.findByTestId("clear-dialog");
    expect(dialog.textContent).toContain(`D${book.rowOf.get("2.2/1-1")! + 1}`);
    expect(dialog.textContent).toContain("#FF0000");
    expect(within(dialog).getByTestId("cancel-clear").textContent).toBe("キャンセル");
    fireEvent.click(within(dialog).getByTestId("cancel-clear"));
    await waitFor(() => expect(screen.queryByTestId("clear-dialog")).toBeNull());
    expect(fake.serialize()).toBe(edited);

    // "restore those too": everything back, the user's colour included
    await act(async () => {
      fireEvent.click(screen.getByTestId("clear"));
    });
    const again = await screen.findByTestId("clear-dialog");
    await act(async () => {
      fireEvent.click(within(again).getByTestId("force-clear"));
    });
    await waitFor(() => expect(fake.serialize()).toBe(seedState));
  });

  test("clear (confirmed) keeps a colour the user set after apply and says so", async () => {
    const { fake, book } = setup();
    await ready();
    await importFile(certJson());
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    await screen.findByText(/充足 136 件/);
    const sheet = fake.sheet(book.checksheet)!;
    const key = `${book.rowOf.get("2.2/1-1")}:3`;
    sheet.cells.set(key, { ...sheet.cells.get(key)!, fill: "#FF0000" });
    await act(async () => {
      fireEvent.click(screen.getByTestId("clear"));
    });
    const dialog = await screen.findByTestId("clear-dialog");
    await act(async () => {
      fireEvent.click(within(dialog).getByTestId("confirm-clear"));
    });
    await waitFor(() => expect(screen.getByTestId("notice-bar").textContent).toContain("色を変更された 1 個のセルの色はそのまま残しました"));
    expect(sheet.cells.get(key)?.fill).toBe("#FF0000");
  });

  test("errors are shown with describeError in a MessageBar, never a stack trace", async () => {
    const { fake, seedState } = setup("en");
    await ready();
    await importFile(certJson());
    const boom = new Error("disk on fire");
    boom.stack = "Error: disk on fire\n    at secret (internal.js:1:1)";
    fake.failNextWrite = boom;
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    const bar = await screen.findByTestId("error-bar");
    expect(bar.textContent).toContain("Unexpected error: disk on fire");
    expect(bar.textContent).not.toContain("internal.js");
    expect(document.body.textContent).not.toContain("at secret");
    expect(fake.serialize()).toBe(seedState);
    fireEvent.click(within(bar).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("error-bar")).toBeNull();

    // a protected sheet: the use case's bilingual message
    fake.sheets[0].protected = true;
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    await waitFor(() => expect(screen.getByTestId("error-bar").textContent).toContain("is protected"));
  });

  test("a certification stored in the workbook is loaded into the form; save stores the edited one", async () => {
    const book = standardLayout(crosswalk.entries);
    const fake = new FakeWorkbook(book.sheets);
    const ctx: UseCaseContext = { crosswalk, today, now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };
    const { saveCertification } = await import("../../src/workbook/usecases");
    const { parseCertificationJson } = await import("../../src/domain/certification-json");
    const parsed = parseCertificationJson(certJson({ holder: "保存済みの事業者", kind: "provisional" }));
    if (!parsed.ok) throw new Error("sample must parse");
    await saveCertification(fake, ctx, parsed.certification);
    render(<App gateway={fake} ctx={ctx} initialLang="ja" />);
    await waitFor(() => expect(fieldInput("holder").value).toBe("保存済みの事業者"));
    expect(screen.getByTestId("notice-bar").textContent).toContain("ブックに保存されている認定情報");
    await waitFor(() => expect(screen.getByTestId("cert-evaluation").getAttribute("data-state")).toBe("warning"));

    fireEvent.change(fieldInput("holder"), { target: { value: "変更後の事業者" } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: /ブックに保存/ }));
    });
    await screen.findByText("認定情報をブックに保存しました。");
    const a = await (await import("../../src/workbook/usecases")).analyzeWorkbook(fake, ctx);
    expect(a.certification?.holder).toBe("変更後の事業者");
  });

  test("detection tab shows sheet, columns, found / expected; language toggle switches to English", async () => {
    const book = standardLayout(crosswalk.entries.slice(0, 140));
    const fake = new FakeWorkbook([...book.sheets, { name: "メモ", values: [["memo"]] }]);
    const ctx: UseCaseContext = { crosswalk, today, now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };
    render(<App gateway={fake} ctx={ctx} initialLang="ja" initialTab="detect" />);
    await ready();
    expect(screen.getByTestId("detect-sheet").textContent).toBe(book.checksheet);
    expect(screen.getByTestId("detect-found").textContent).toBe(`140 / ${crosswalk.entries.length}`);
    expect(screen.getByTestId("detect-columns").textContent).toContain("回答 D");
    expect(screen.getByTestId("detect-missing").textContent).toContain("シートにない項目（5）");
    fireEvent.click(screen.getByTestId("lang-toggle"));
    expect(screen.getByTestId("detect-columns").textContent).toContain("Answer D");
    expect(screen.getByTestId("detect-missing").textContent).toContain("Not in the sheet (5)");
    expect(document.documentElement.lang).toBe("en");
  });

  test("progress: the ProgressBar shows the use case's step while a write is pending", async () => {
    const book = standardLayout(crosswalk.entries);
    const fake = new FakeWorkbook(book.sheets);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const realWrite = fake.write.bind(fake);
    fake.write = async (batch) => {
      await gate;
      return realWrite(batch);
    };
    const ctx: UseCaseContext = { crosswalk, today, now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };
    render(<App gateway={fake} ctx={ctx} initialLang="ja" />);
    await ready();
    await importFile(certJson());
    await act(async () => {
      fireEvent.click(screen.getByTestId("apply"));
    });
    const progress = await screen.findByTestId("progress");
    await waitFor(() => expect(progress.textContent).toMatch(/個のセルに書き込んでいます/));
    expect(progress.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")).toBe("0.75");
    expect((screen.getByTestId("apply") as HTMLButtonElement).disabled).toBe(true);
    await act(async () => {
      release();
    });
    await waitFor(() => expect(screen.queryByTestId("progress")).toBeNull());
    expect(screen.getByTestId("count-covered").textContent).toBe("136");
  });

  test("extra tabs (一括入力 / 審査 later) get the gateway, context and analysis", async () => {
    const book = standardLayout(crosswalk.entries);
    const fake = new FakeWorkbook(book.sheets);
    const ctx: UseCaseContext = { crosswalk, today, now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };
    const seen: { lang: string; items: number; gw: boolean }[] = [];
    render(
      <App
        gateway={fake}
        ctx={ctx}
        initialLang="ja"
        extraTabs={[
          {
            value: "review",
            label: { ja: "審査", en: "Review" },
            render: (p) => {
              seen.push({ lang: p.lang, items: p.analysis?.detection?.items.length ?? 0, gw: p.gateway === fake });
              return <div data-testid="review-panel">{p.ctx.lang}</div>;
            },
          },
        ]}
      />,
    );
    await ready();
    expect(screen.queryByTestId("review-panel")).toBeNull();
    fireEvent.click(screen.getByTestId("tab-review"));
    expect(screen.getByTestId("review-panel").textContent).toBe("ja");
    expect(seen[seen.length - 1]).toEqual({ lang: "ja", items: 145, gw: true });
  });
});

test("what the adapter could not read as asked (e.g. too many merged areas) is shown above the tabs", async () => {
  const book = standardLayout(crosswalk.entries);
  class Degraded extends FakeWorkbook {
    override async read(options?: Parameters<FakeWorkbook["read"]>[0]) {
      const r = await super.read(options);
      return { ...r, warnings: [{ ja: "結合セルが多すぎるため、結合範囲を読めませんでした。", en: "Too many merged areas: merges were not read." }] };
    }
  }
  const ctx: UseCaseContext = { crosswalk, today, now: () => "2025-01-01T00:00:00.000Z", tool: "addin" };
  render(<App gateway={new Degraded(book.sheets)} ctx={ctx} initialLang="ja" />);
  expect((await screen.findByTestId("read-warning")).textContent).toContain("結合セルが多すぎる");
});

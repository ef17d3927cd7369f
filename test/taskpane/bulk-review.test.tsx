/** @jest-environment jsdom */
/**
 * The 一括入力 and 審査 tabs (lazy-loaded extra tabs) over FakeWorkbook seeded from messyLayout:
 * preview list, contradiction banner, apply/undo (with hand edits), template, yes-value choice,
 * evidence form validation, review status → 審査記録 sheet, consistency findings, sign-off.
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { isoDateOf } from "../../src/domain/certification";
import { parseCertificationJson } from "../../src/domain/certification-json";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import { REVIEW_SHEET_NAME } from "../../src/domain/review";
import { App } from "../../src/taskpane/App";
import { EXTRA_TABS } from "../../src/taskpane/extraTabs";
import { REVIEWER_STORAGE_KEY } from "../../src/taskpane/state/reviewer";
import { FakeWorkbook } from "../../src/workbook/fake";
import { analyzeWorkbook, saveCertification, type UseCaseContext } from "../../src/workbook/usecases";
import { messyLayout } from "../helpers/layouts";
import { addDays } from "../helpers/cert";

const crosswalk = loadBundledCrosswalk();
const today = isoDateOf(new Date());
const ANSWER_COL = 3;
const REMARKS_COL = 4;
const byClass = (c: string) => crosswalk.entries.filter((e) => e.class === c).map((e) => e.id);
const [A1, A2, A3] = byClass("A");
const B1 = byClass("B")[0];
const D1 = byClass("D")[0];

function certification(overrides: Record<string, unknown> = {}) {
  const r = parseCertificationJson(
    JSON.stringify({
      schema: "infobank-certification/1",
      certificationNumber: "IB-TEST-0042",
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
    }),
  );
  if (!r.ok) throw new Error("test certification must parse");
  return r.certification;
}

let clock = 0;
const ctx: UseCaseContext = {
  crosswalk,
  today,
  now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)).toISOString(),
  tool: "addin",
};

/** messyLayout with ○/× (default list): A1 answered × (contradiction), A2 answered ○ (conflict); certification stored. */
async function setup(opts: { answerList?: string[]; answers?: Record<string, string>; tab?: string; cert?: boolean; noNotes?: boolean } = {}) {
  const book = messyLayout(crosswalk.entries, {
    answerList: opts.answerList,
    answers: opts.answers ?? { [A1]: "×", [A2]: "○" },
    hideEvery: 0,
  });
  const fake = new FakeWorkbook(book.sheets, book.checksheet);
  if (opts.noNotes) fake.capabilities = { comments: false, notes: false, mergeUndoGroup: false };
  if (opts.cert !== false) await saveCertification(fake, ctx, certification());
  const seedState = fake.serialize();
  const utils = render(<App gateway={fake} ctx={ctx} initialLang="ja" extraTabs={EXTRA_TABS} initialTab={opts.tab ?? "bulk"} />);
  await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
  return { fake, book, seedState, ...utils };
}

const cellOf = (book: { rowOf: Map<string, number> }, id: string, col = ANSWER_COL) => {
  const r = book.rowOf.get(id)!;
  return `${String.fromCharCode(65 + col)}${r + 1}`;
};
const valueAt = (fake: FakeWorkbook, sheet: string, row: number, col: number) => fake.sheet(sheet)!.cells.get(`${row}:${col}`)?.value ?? null;

let NOTICE = "bulk-notice";

/** FakeWorkbook state without the add-in's very hidden record sheet (whose timestamps move). */
const withoutRecord = (state: string) => (JSON.parse(state) as { name: string }[]).filter((sh) => sh.name !== RECORD_SHEET_NAME);

async function click(el: HTMLElement) {
  await act(async () => {
    fireEvent.click(el);
  });
}

async function preview() {
  await screen.findByTestId("bulk-tab");
  await click(screen.getByTestId("bulk-preview"));
  return screen.findByTestId("bulk-plan");
}

beforeEach(() => {
  localStorage.clear();
});

describe("一括入力 tab", () => {
  test("preview: the sheet's yes value, contradictions first, exactly the cells that change, conflicts; nothing written", async () => {
    const { fake, book, seedState } = await setup();
    await screen.findByTestId("bulk-tab");
    expect(screen.getByTestId("bulk-yes-value").textContent).toContain("「○」");
    const plan = await preview();
    expect(plan.getAttribute("data-ok")).toBe("true");

    // the contradiction (A1 answered ×) is an error banner before the list, with its cell
    const banner = screen.getByTestId("bulk-contradictions");
    expect(banner.textContent).toContain("矛盾 1 件");
    const contra = within(banner).getAllByTestId("bulk-contradiction");
    expect(contra.map((c) => [c.getAttribute("data-cell"), c.getAttribute("data-id")])).toEqual([[cellOf(book, A1), A1]]);
    expect(banner.compareDocumentPosition(screen.getByTestId("bulk-changes")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    // exactly the changes: every A/B item except A1 and A2 gets an answer and a remarks cell
    const changes = screen.getAllByTestId("bulk-change");
    const ab = crosswalk.entries.filter((e) => e.class === "A" || e.class === "B").length;
    const answers = changes.filter((c) => c.getAttribute("data-kind") === "answer");
    const remarks = changes.filter((c) => c.getAttribute("data-kind") === "remarks");
    expect(answers).toHaveLength(ab - 2);
    expect(remarks).toHaveLength(ab - 2);
    const cells = new Set(changes.map((c) => c.getAttribute("data-cell")));
    expect(cells.has(cellOf(book, A1))).toBe(false);
    expect(cells.has(cellOf(book, A2))).toBe(false);
    expect(cells.has(cellOf(book, D1))).toBe(false);
    const a3 = changes.find((c) => c.getAttribute("data-cell") === cellOf(book, A3))!;
    expect(a3.getAttribute("data-id")).toBe(A3);
    expect(a3.textContent).toContain("（空） → 「○」");
    const a3r = changes.find((c) => c.getAttribute("data-cell") === cellOf(book, A3, REMARKS_COL))!;
    expect(a3r.textContent).toContain("IB-TEST-0042");
    expect(screen.getByTestId("bulk-counts").textContent).toContain(`回答 ${ab - 2} 件・備考 ${ab - 2} 件を記入（計 ${2 * (ab - 2)} セル）`);
    expect(screen.getByTestId("bulk-counts").textContent).toContain("既に回答済み 1 件・矛盾 1 件");

    // the already answered item is listed as left alone
    const conflicts = screen.getByTestId("bulk-conflicts");
    expect(conflicts.querySelector(`[data-id="${A2}"]`)?.textContent).toContain("既に「○」");

    // the nine C/D items are never bulk-marked and each says what evidence it needs
    const excluded = within(screen.getByTestId("bulk-excluded")).getAllByTestId("excluded-item");
    expect(excluded).toHaveLength(9);
    expect(excluded.every((e) => within(e).queryByTestId("evidence-needed"))).toBe(true);

    expect(fake.serialize()).toBe(seedState);
  });

  test("apply writes the sheet's own value, leaves × alone; undo asks first, keeps the user's change or restores it on request", async () => {
    const { fake, book, seedState } = await setup();
    await preview();
    const apply = screen.getByTestId("bulk-apply") as HTMLButtonElement;
    expect(apply.disabled).toBe(false);
    await click(apply);
    await waitFor(() => expect(screen.getByTestId(NOTICE).textContent).toMatch(/一括入力しました：回答 \d+ 件/));
    const sheet = book.checksheet;
    expect(valueAt(fake, sheet, book.rowOf.get(A3)!, ANSWER_COL)).toBe("○");
    expect(valueAt(fake, sheet, book.rowOf.get(B1)!, ANSWER_COL)).toBe("○");
    expect(valueAt(fake, sheet, book.rowOf.get(A1)!, ANSWER_COL)).toBe("×");
    expect(valueAt(fake, sheet, book.rowOf.get(D1)!, ANSWER_COL)).toBeNull();
    expect(String(valueAt(fake, sheet, book.rowOf.get(A3)!, REMARKS_COL))).toContain("IB-TEST-0042");

    // the user changes one bulk-marked answer by hand → undo asks, listing it as kept; cancel changes nothing
    const s = fake.sheet(sheet)!;
    const key = `${book.rowOf.get(B1)}:${ANSWER_COL}`;
    s.cells.set(key, { ...s.cells.get(key)!, value: "×" });
    const edited = fake.serialize();
    const undo = await waitFor(() => {
      const b = screen.getByTestId("bulk-undo") as HTMLButtonElement;
      expect(b.disabled).toBe(false);
      return b;
    });
    await click(undo);
    const dialog = await screen.findByTestId("undo-dialog");
    expect(dialog.textContent).toContain(cellOf(book, B1));
    expect(dialog.textContent).toContain("次の 1 件はそのまま残します");
    await click(within(dialog).getByTestId("cancel-undo"));
    await waitFor(() => expect(screen.queryByTestId("undo-dialog")).toBeNull());
    expect(fake.serialize()).toBe(edited);

    // confirm: every other bulk-marked answer goes back, the user's × stays
    await click(screen.getByTestId("bulk-undo"));
    await click(within(await screen.findByTestId("undo-dialog")).getByTestId("confirm-undo"));
    await waitFor(() => expect(screen.getByTestId(NOTICE).textContent).toContain("一括入力を元に戻しました"));
    expect(screen.getByTestId(NOTICE).textContent).toContain("そのまま残しました");
    expect(valueAt(fake, sheet, book.rowOf.get(B1)!, ANSWER_COL)).toBe("×");
    expect(valueAt(fake, sheet, book.rowOf.get(A3)!, ANSWER_COL)).toBeNull();
    s.cells.delete(key);
    const seedWithoutB1 = (() => {
      const f = JSON.parse(seedState) as { name: string; cells: [string, { value: unknown }][] }[];
      for (const sh of f) if (sh.name === sheet) sh.cells = sh.cells.filter(([k]) => k !== key);
      return JSON.stringify(f);
    })();
    // every sheet is as before (but for the user's cell); the record keeps the certification, no bulk-mark layer
    expect(withoutRecord(fake.serialize())).toEqual(withoutRecord(seedWithoutB1));
    const after = await analyzeWorkbook(fake, ctx);
    expect(after.record?.layers).toEqual([]);
    expect(after.record?.certification?.certificationNumber).toBe("IB-TEST-0042");
  });

  test("editing the template makes the preview stale; previewing again uses it", async () => {
    const { book } = await setup();
    await preview();
    const area = screen.getByTestId("bulk-template").querySelector("input") ?? (screen.getByTestId("bulk-template") as HTMLTextAreaElement);
    fireEvent.change(area, { target: { value: "認定 {number}／{holder}／{kind}" } });
    expect(screen.getByTestId("bulk-stale")).toBeTruthy();
    // the placeholders of the edited template, each with its meaning, and the text a covered 備考 will get
    expect(screen.getAllByTestId("template-token").map((t) => t.textContent)).toEqual([
      "{number}（認定番号）",
      "{holder}（認定事業者）",
      "{kind}（認定の種類）",
    ]);
    expect(screen.getByTestId("template-example").textContent).toContain("認定 IB-TEST-0042／架空ヘルス株式会社（テスト用）／通常認定");
    expect((screen.getByTestId("bulk-apply") as HTMLButtonElement).disabled).toBe(true);
    await click(screen.getByTestId("bulk-preview"));
    await waitFor(() => expect(screen.queryByTestId("bulk-stale")).toBeNull());
    const r = screen.getAllByTestId("bulk-change").find((c) => c.getAttribute("data-cell") === cellOf(book, A3, REMARKS_COL))!;
    expect(r.textContent).toContain("認定 IB-TEST-0042／架空ヘルス株式会社（テスト用）／通常認定");
    expect((screen.getByTestId("bulk-apply") as HTMLButtonElement).disabled).toBe(false);
  });

  test("no yes-like entry in the dropdown: the user chooses one, and that value is written", async () => {
    const { fake, book } = await setup({ answerList: ["A", "B"], answers: {} });
    await screen.findByTestId("bulk-tab");
    expect(screen.queryByTestId("bulk-yes-value")).toBeNull();
    // without a choice the preview is blocked and says why
    await preview();
    expect(screen.getByTestId("bulk-blocked").textContent).toContain("書き込む値を選んでください");
    await click(screen.getByLabelText("A"));
    expect(screen.getByTestId("bulk-stale")).toBeTruthy();
    await click(screen.getByTestId("bulk-preview"));
    await waitFor(() => expect(screen.getByTestId("bulk-plan").getAttribute("data-ok")).toBe("true"));
    const a3 = screen.getAllByTestId("bulk-change").find((c) => c.getAttribute("data-cell") === cellOf(book, A3))!;
    expect(a3.textContent).toContain("→ 「A」");
    await click(screen.getByTestId("bulk-apply"));
    await waitFor(() => expect(valueAt(fake, book.checksheet, book.rowOf.get(A3)!, ANSWER_COL)).toBe("A"));
  });

  test("without a stored certification the tab says what to do and the preview is blocked", async () => {
    await setup({ cert: false });
    expect((await screen.findByTestId("bulk-needs-cert")).textContent).toContain("ブックに保存");
    await preview();
    expect(screen.getByTestId("bulk-blocked").textContent).toContain("認定情報が登録されていない");
    expect((screen.getByTestId("bulk-apply") as HTMLButtonElement).disabled).toBe(true);
  });

  test("evidence form: document name required, URL checked; added to the record, listed, removable", async () => {
    const { fake, seedState } = await setup();
    const card = () => within(screen.getByTestId("bulk-excluded")).getAllByTestId("excluded-item").find((e) => e.getAttribute("data-id") === D1)!;
    await screen.findByTestId("bulk-tab");
    fireEvent.click(within(card()).getByTestId("evidence-open"));
    const input = (id: string) => within(card()).getByTestId(id) as HTMLInputElement;
    await click(within(card()).getByTestId("evidence-submit"));
    expect(card().textContent).toContain("文書名を入力してください。");
    fireEvent.change(input("evidence-document"), { target: { value: "  個人情報保護規程 第5版  " } });
    expect(card().textContent).not.toContain("文書名を入力してください。");
    fireEvent.change(input("evidence-url"), { target: { value: "javascript:alert(1)" } });
    await click(within(card()).getByTestId("evidence-submit"));
    expect(card().textContent).toContain("http:// または https://");
    expect(fake.serialize()).toBe(seedState); // nothing written on a validation error
    fireEvent.change(input("evidence-url"), { target: { value: "https://intra.example/docs/privacy.pdf" } });
    fireEvent.change(input("evidence-page"), { target: { value: "第3条" } });
    await click(within(card()).getByTestId("evidence-submit"));
    await waitFor(() => expect(card().getAttribute("data-refs")).toBe("1"));
    expect(within(card()).getByTestId("evidence-ref").textContent).toBe("個人情報保護規程 第5版 (第3条) https://intra.example/docs/privacy.pdf");
    expect(screen.getByTestId(NOTICE).textContent).toContain(`${D1} に証跡「個人情報保護規程 第5版」を追加しました`);
    const a = await analyzeWorkbook(fake, ctx);
    expect(a.record?.evidence[D1]).toEqual([
      expect.objectContaining({ document: "個人情報保護規程 第5版", url: "https://intra.example/docs/privacy.pdf", page: "第3条" }),
    ]);
    await click(within(card()).getByTestId("evidence-remove"));
    await waitFor(() => expect(card().getAttribute("data-refs")).toBe("0"));
    expect((await analyzeWorkbook(fake, ctx)).record?.evidence[D1]).toBeUndefined();
  });

  test("skipped cells are listed with their reason (a formula in a covered answer cell is never written)", async () => {
    const book = messyLayout(crosswalk.entries, { answers: {}, hideEvery: 0 });
    const sheet = book.sheets.find((x) => x.name === book.checksheet)!;
    const r = book.rowOf.get(A3)!;
    const formulas: (string | null)[][] = [];
    formulas[r] = [];
    formulas[r][ANSWER_COL] = '=IF(TRUE,"","")';
    const fake = new FakeWorkbook(
      book.sheets.map((x) => (x === sheet ? { ...x, formulas } : x)),
      book.checksheet,
    );
    await saveCertification(fake, ctx, certification());
    const seedState = fake.serialize();
    render(<App gateway={fake} ctx={ctx} initialLang="en" extraTabs={EXTRA_TABS} initialTab="bulk" />);
    await waitFor(() => expect((screen.getByTestId("reload") as HTMLButtonElement).disabled).toBe(false));
    await preview();
    const skipped = screen.getByTestId("bulk-skipped");
    const row = skipped.querySelector(`[data-id="${A3}"]`)!;
    expect(row.getAttribute("data-reason")).toBe("formula-answer");
    expect(row.getAttribute("data-cell")).toBe(cellOf(book, A3));
    expect(row.textContent).toContain("holds a formula");
    expect(screen.getAllByTestId("bulk-change").some((c) => c.getAttribute("data-id") === A3)).toBe(false);
    expect(fake.serialize()).toBe(seedState);
  });

  test("errors from the use case show as a message, not a stack", async () => {
    const { fake } = await setup();
    await preview();
    const boom = new Error("disk on fire");
    boom.stack = "Error: disk on fire\n    at secret (internal.js:1:1)";
    fake.failNextWrite = boom;
    await click(screen.getByTestId("bulk-apply"));
    const bar = await screen.findByTestId("bulk-error");
    expect(bar.textContent).toContain("予期しないエラーが発生しました: disk on fire");
    expect(document.body.textContent).not.toContain("internal.js");
  });
});

describe("審査 tab", () => {
  beforeEach(() => {
    NOTICE = "review-notice";
  });
  afterAll(() => {
    NOTICE = "bulk-notice";
  });
  async function pick(id: string) {
    fireEvent.change(screen.getByTestId("review-item-search").querySelector("input") ?? screen.getByTestId("review-item-search"), { target: { value: id } });
    const option = screen.getAllByTestId("review-item-option").find((o) => o.getAttribute("data-id") === id)!;
    fireEvent.click(option);
    expect(screen.getByTestId("review-item-selected").getAttribute("data-id")).toBe(id);
  }

  test("on a host with neither notes nor threaded comments, saving a comment says it is in 審査記録 only", async () => {
    const { fake } = await setup({ tab: "review", noNotes: true });
    await screen.findByTestId("review-tab");
    fireEvent.change(screen.getByTestId("reviewer-name").querySelector("input") ?? screen.getByTestId("reviewer-name"), { target: { value: "審査 太郎" } });
    await pick(A3);
    await click(screen.getByLabelText("要修正"));
    fireEvent.change(screen.getByTestId("review-comment").querySelector("input") ?? screen.getByTestId("review-comment"), {
      target: { value: "規程の版が古い" },
    });
    await click(screen.getByTestId("review-save"));
    await waitFor(() => expect(screen.getByTestId(NOTICE).textContent).toContain(`コメントは「${REVIEW_SHEET_NAME}」シートにだけ記録しました`));
    expect(fake.sheet(REVIEW_SHEET_NAME)).toBeDefined();
  });

  test("set a status: the 審査記録 sheet gets the row, the entry is listed, the reviewer name is remembered", async () => {
    const { fake } = await setup({ tab: "review" });
    await screen.findByTestId("review-tab");
    // no reviewer yet: the use case's message
    await pick(A3);
    await click(screen.getByLabelText("要修正"));
    fireEvent.change(screen.getByTestId("review-comment").querySelector("input") ?? screen.getByTestId("review-comment"), {
      target: { value: "規程の版が古い" },
    });
    await click(screen.getByTestId("review-save"));
    expect((await screen.findByTestId("review-error")).textContent).toContain("審査者名を入力してください");
    expect(fake.sheet(REVIEW_SHEET_NAME)).toBeUndefined();

    fireEvent.change(screen.getByTestId("reviewer-name").querySelector("input") ?? screen.getByTestId("reviewer-name"), { target: { value: "審査 太郎" } });
    expect(localStorage.getItem(REVIEWER_STORAGE_KEY)).toBe("審査 太郎");
    await click(screen.getByTestId("review-save"));
    await waitFor(() => expect(screen.getByTestId(NOTICE).textContent).toContain(`${A3} を「要修正」にしました`));
    const sheet = fake.sheet(REVIEW_SHEET_NAME)!;
    expect(sheet).toBeDefined();
    expect(sheet.visibility).toBe("visible");
    const rows = new Map<number, unknown[]>();
    for (const [k, c] of sheet.cells) {
      const [r, col] = k.split(":").map(Number);
      (rows.get(r) ?? rows.set(r, []).get(r)!)[col] = c.value;
    }
    const row = [...rows.values()].find((r) => r[0] === A3)!;
    expect(row).toEqual(expect.arrayContaining([A3, "要修正", "規程の版が古い", "審査 太郎"]));
    await waitFor(() => expect(screen.getAllByTestId("review-entry").map((e) => [e.getAttribute("data-id"), e.getAttribute("data-status")])).toEqual([[A3, "needs-fix"]]));

    // picking the entry loads its status and comment back into the form
    await pick(B1);
    expect((screen.getByLabelText("未確認") as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(screen.getByTestId("review-entries")).getByRole("button"));
    expect(screen.getByTestId("review-item-selected").getAttribute("data-id")).toBe(A3);
    expect((screen.getByLabelText("要修正") as HTMLInputElement).checked).toBe(true);
  });

  test("consistency check lists errors first with item and row; a finding selects its row; sign-off status follows answer changes", async () => {
    localStorage.setItem(REVIEWER_STORAGE_KEY, "審査 花子");
    const { fake, book } = await setup({ tab: "review" });
    await screen.findByTestId("review-tab");
    expect((screen.getByTestId("reviewer-name").querySelector("input") ?? (screen.getByTestId("reviewer-name") as HTMLInputElement)).value).toBe("審査 花子");
    expect(screen.getByTestId("signoff-status").getAttribute("data-state")).toBe("none");

    await click(screen.getByTestId("consistency-check"));
    const findings = await screen.findAllByTestId("finding");
    const sev = findings.map((f) => f.getAttribute("data-severity"));
    expect(sev.indexOf("warning")).toBeGreaterThan(sev.lastIndexOf("error"));
    const contra = findings.find((f) => f.getAttribute("data-code") === "contradiction")!;
    expect(contra.getAttribute("data-id")).toBe(A1);
    expect(contra.getAttribute("data-row")).toBe(String(book.rowOf.get(A1)));
    expect(contra.textContent).toContain(`${book.rowOf.get(A1)! + 1} 行`);
    await click(within(contra).getByRole("button"));
    await waitFor(() => expect(fake.selected).toEqual({ sheet: book.checksheet, row: book.rowOf.get(A1), col: ANSWER_COL }));
    expect(findings.filter((f) => f.getAttribute("data-code") === "evidence-missing")).toHaveLength(9);

    await click(screen.getByTestId("signoff"));
    // the confirmation lists what is open before 承認; confirming records it
    expect((await screen.findByTestId("signoff-dialog-summary")).getAttribute("data-open")).not.toBe("0");
    await click(screen.getByTestId("signoff-confirm"));
    await waitFor(() => expect(screen.getByTestId("signoff-status").getAttribute("data-state")).toBe("intact"));
    expect(screen.getByTestId("signoff-status").textContent).toContain("審査 花子");

    // the applicant changes an answer afterwards → the check shows the sign-off broken, naming the item
    const s = fake.sheet(book.checksheet)!;
    s.cells.set(`${book.rowOf.get(A3)}:${ANSWER_COL}`, { value: "○" });
    await click(screen.getByTestId("consistency-check"));
    await waitFor(() => expect(screen.getByTestId("signoff-status").getAttribute("data-state")).toBe("changed"));
    const changed = within(screen.getByTestId("signoff-status")).getAllByTestId("signoff-changed");
    expect(changed.map((c) => c.getAttribute("data-id"))).toEqual([A3]);
    expect(changed[0].textContent).toContain("（空） → 「○」");
    expect(screen.getAllByTestId("finding").some((f) => f.getAttribute("data-code") === "signoff-broken" && f.getAttribute("data-id") === A3)).toBe(true);
  });
});

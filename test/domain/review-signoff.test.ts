/** Sign-off rules (what is open, state), item references as the sheet shows them, bulk review plans, local times. */
import { computeCoverage } from "../../src/domain/coverage";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { detectChecksheet } from "../../src/domain/detect";
import type { Finding } from "../../src/domain/checks";
import { resolveItemRef, sheetLabelOf } from "../../src/domain/item-ref";
import { answersFromDetection, makeSignOff, parseReviewSheet, type ReviewEntry } from "../../src/domain/review";
import { planBulkReview } from "../../src/domain/review-bulk";
import { reviewSheetLayout } from "../../src/domain/review-sheet";
import { isStale, openFindings, openListLines, signOffFields, signOffState, type SignOffRecord } from "../../src/domain/signoff";
import { formatOffset, localTimestamp, parseTimestamp } from "../../src/domain/time";
import { evaluateCertification } from "../../src/domain/certification";
import { messyLayout } from "../helpers/layouts";
import { testCertification } from "../helpers/cert";

const crosswalk = loadBundledCrosswalk();
const ids = crosswalk.entries.map((e) => e.id);
const entry = (itemId: string, status: ReviewEntry["status"], answer?: string): ReviewEntry => ({
  itemId,
  status,
  comment: "",
  reviewer: "R",
  at: "2026-01-01 09:00:00 +09:00",
  ...(answer !== undefined ? { answer } : {}),
});

describe("time", () => {
  test("local time with its offset; typed text kept", () => {
    expect(localTimestamp("2026-12-01T18:15:29.642Z", 540)).toBe("2026-12-02 03:15:29 +09:00");
    expect(localTimestamp("2026-12-01T18:15:29Z", -330)).toBe("2026-12-01 12:45:29 -05:30");
    expect(localTimestamp("12月1日", 540)).toBe("12月1日");
    expect(formatOffset(0)).toBe("+00:00");
    expect(parseTimestamp("2026-12-02 03:15:29 +09:00")).toBe(Date.parse("2026-12-01T18:15:29Z"));
  });
});

describe("open findings and sign-off state", () => {
  const findings: Finding[] = [
    { code: "contradiction", severity: "error", itemId: ids[1], message: { ja: "", en: "" } },
    { code: "evidence-missing", severity: "warning", itemId: ids[2], message: { ja: "", en: "" } },
    { code: "missing-from-sheet", severity: "warning", itemId: ids[3], message: { ja: "", en: "" } },
  ];
  test("unreviewed, 要修正, contradictions, C/D without evidence, stale reviews", () => {
    const entries = ids.map((id, i) => entry(id, i === 0 ? "needs-fix" : "confirmed", "はい"));
    entries[5] = entry(ids[5], "unreviewed");
    const answers = Object.fromEntries(ids.map((id) => [id, "はい"]));
    answers[ids[7]] = "いいえ";
    const s = openFindings({ catalogIds: ids, entries, findings, answers });
    expect(s.counts).toEqual({ "needs-fix": 1, contradiction: 1, "evidence-missing": 1, stale: 1, unreviewed: 1 });
    expect(s.items.map((i) => [i.kind, i.itemId])).toEqual([
      ["needs-fix", ids[0]],
      ["contradiction", ids[1]],
      ["evidence-missing", ids[2]],
      ["stale", ids[7]],
      ["unreviewed", ids[5]],
    ]);
    expect(openListLines(s, "en")[0]).toBe(`Needs fix (1): ${ids[0]}`);
    expect(isStale(entry(ids[0], "confirmed"), answers)).toBe(false); // answer not recorded: never stale
  });
  test("nothing open when everything is reviewed and consistent", () => {
    const answers = Object.fromEntries(ids.map((id) => [id, "はい"]));
    const s = openFindings({ catalogIds: ids, entries: ids.map((id) => entry(id, "confirmed", "はい")), findings: [], answers });
    expect(s.total).toBe(0);
  });
  test("state: none, intact, changed with the items", () => {
    const answers = { a: "はい", b: "" };
    expect(signOffState(null, answers).state).toBe("none");
    const so = makeSignOff(answers, "R", "2026-01-01T00:00:00Z");
    expect(signOffState(so, answers)).toMatchObject({ state: "intact", changed: [] });
    expect(signOffState(so, { a: "いいえ", b: "" })).toMatchObject({ state: "changed", changed: ["a"] });
    const fields = Object.fromEntries(signOffFields(signOffState({ ...so, atLocal: "2026-01-01 09:00:00 +09:00" } as SignOffRecord, { a: "いいえ", b: "" }), "en"));
    expect(fields).toMatchObject({ Reviewer: "R", When: "2026-01-01 09:00:00 +09:00", State: "changed since: a", "Open at sign-off": "not recorded" });
  });
});

describe("item refs and review sheet", () => {
  const book = messyLayout(crosswalk.entries, { hideEvery: 0 });
  const matrix = book.sheets.find((s) => s.name === book.checksheet)!;
  const det = detectChecksheet(matrix, crosswalk.entries);
  const cat = new Set(ids);
  test("sheet label, heading + full-width id, row, catalog id; ambiguity refused", () => {
    const d = det.items.find((x) => x.catalogId === "3.3(2)/3-1")!;
    expect(sheetLabelOf(d)).toBe(`3.3(2) ${d.rawId}`);
    expect(resolveItemRef("３．３（２）　３－１", det, cat)).toMatchObject({ ok: true, itemId: "3.3(2)/3-1" });
    expect(resolveItemRef(`row ${d.row + 1}`, det, cat)).toMatchObject({ ok: true, itemId: "3.3(2)/3-1" });
    expect(resolveItemRef("3.3(2)/3-1", det, cat)).toMatchObject({ ok: true, itemId: "3.3(2)/3-1" });
    const amb = resolveItemRef("1-1", det, cat);
    expect(amb.ok).toBe(false);
    expect(!amb.ok && amb.error.en).toMatch(/several headings/);
    expect(resolveItemRef("9-99", det, cat).ok).toBe(false);
  });
  test("layout round-trips through parseReviewSheet, stops at the sign-off block, marks stale reviews", () => {
    const answers = answersFromDetection(det);
    const entries: ReviewEntry[] = [{ ...entry("3.3(2)/3-1", "needs-fix", "old"), history: ["確認済 — R0 t"] }, entry("2.2/1-1", "confirmed", "")];
    const layout = reviewSheetLayout({
      entries,
      items: crosswalk.entries.map((e) => ({ id: e.id, label: e.summary.ja, class: e.class })),
      checksheet: det.sheet,
      answers,
      signoff: signOffState(makeSignOff(answers, "R", "2026-01-01T00:00:00Z"), answers),
    });
    expect(layout.table).toMatchObject({ headerRow: 0, lastRow: crosswalk.entries.length, columns: 12, freezeRows: 1 });
    const back = parseReviewSheet(layout.rows);
    expect(back.errors).toEqual([]);
    const byId = (a: ReviewEntry, b: ReviewEntry) => a.itemId.localeCompare(b.itemId);
    expect([...back.entries].sort(byId)).toEqual([...entries].sort(byId));
    const row = layout.rows.find((r) => r[0] === "3.3(2)/3-1")!;
    expect(String(row[layout.rows[0].indexOf("回答変更")])).toMatch(/^要再確認/);
  });
});

describe("bulk review plan", () => {
  test("covered items without a contradiction; existing statuses kept; invalid certification selects nothing", () => {
    const book = messyLayout(crosswalk.entries, { hideEvery: 0, answers: { "2.2/1-1": "×" } });
    const det = detectChecksheet(book.sheets.find((s) => s.name === book.checksheet)!, crosswalk.entries);
    const ev = evaluateCertification(testCertification(), { asOf: "2026-01-15", checklistVersion: crosswalk.checklist.version });
    const coverage = computeCoverage(crosswalk, ev);
    const covered = coverage.items.filter((c) => c.status === "covered").map((c) => c.id);
    const fix = covered[3];
    const plan = planBulkReview({ detection: det, coverage, entries: [entry(fix, "needs-fix")], options: { rule: { kind: "covered-clean" }, status: "confirmed" } });
    expect(plan.changes.map((c) => c.itemId).sort()).toEqual(covered.filter((id) => id !== "2.2/1-1" && id !== fix).sort());
    expect(plan.kept.map((k) => k.itemId)).toEqual([fix]);
    const expired = evaluateCertification(testCertification({ expiresOn: "2025-12-31" }), { asOf: "2026-01-15", checklistVersion: crosswalk.checklist.version });
    expect(planBulkReview({ detection: det, coverage: computeCoverage(crosswalk, expired), entries: [], options: { rule: { kind: "covered-clean" }, status: "confirmed" } }).changes).toEqual([]);
  });
});

import { describeKept, keptDuringWrite } from "../../src/domain/plan";
import {
  afterTypedMeanwhile,
  DEFAULT_REMARKS_TEMPLATE,
  remarksToWithdraw,
  columnLetters,
  formatInfobankRef,
  planBulkMark,
  remarksContext,
  renderRemarks,
  toA1,
  type PlanBulkMarkInput,
} from "../../src/domain/mark";
import type {
  CellValue,
  Certification,
  CertificationEvaluation,
  CoverageResult,
  CrosswalkEntry,
  DetectedItem,
  DetectionResult,
  InfobankRef,
  ItemClass,
  ItemCoverage,
  SheetMatrix,
} from "../../src/domain/types";

/* ---------- hand-built fixtures ---------- */

const REF_B: InfobankRef = { section: "5.1", subItem: "②", heading: "業務能力など", items: [{ series: "No", from: 6 }] };
const REF_A: InfobankRef = {
  section: "5.4.1",
  subItem: "④",
  heading: "諮問体制",
  items: [
    { series: "M", from: 1 },
    { series: "M", from: 2 },
    { series: "No", from: 130, to: 133 },
  ],
};

function entry(id: string, cls: ItemClass, refs: InfobankRef[] = []): CrosswalkEntry {
  return {
    id,
    chapter: id[0],
    section: id.split("/")[0].replace(/\(.*\)/, ""),
    sectionHeading: "",
    part: null,
    partHeading: null,
    topic: 1,
    topicLabel: "1",
    topicHeading: "",
    check: 1,
    summary: { ja: "要約", en: "summary" },
    class: cls,
    infobankRefs: refs,
    evidence: cls === "C" || cls === "D" ? { ja: `${id} の根拠資料`, en: `evidence for ${id}` } : undefined,
    provenance: { kind: "assessed", rationale: { ja: "テスト", en: "test" } },
  };
}

const CERT: Certification = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-TEST-0001",
  holder: "架空ヘルス株式会社",
  serviceName: "架空PHR",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2024-06-01",
  expiresOn: "2026-05-31",
  status: "active",
  extra: {},
};

const VALID: CertificationEvaluation = { valid: true, problems: [], warnings: [], asOf: "2025-01-01" };
const EXPIRED: CertificationEvaluation = {
  valid: false,
  problems: [{ code: "expired", message: { ja: "認定の有効期限が切れています。", en: "The certification has expired." } }],
  warnings: [],
  asOf: "2027-01-01",
};

function coverage(entries: CrosswalkEntry[], ev: CertificationEvaluation | null): CoverageResult {
  const items: ItemCoverage[] = entries.map((e) => ({
    id: e.id,
    class: e.class,
    status: e.class === "C" || e.class === "D" ? "needs-evidence" : ev?.valid ? "covered" : "not-covered",
    reasons: [],
    entry: e,
  }));
  return {
    certification: ev,
    items,
    summary: { A: 0, B: 0, C: 0, D: 0, covered: 0, needsEvidence: 0, notCovered: 0, total: items.length },
  };
}

const ANSWER_COL = 4; // E
const REMARKS_COL = 5; // F

function item(id: string, row: number, answerValue: CellValue): DetectedItem {
  return {
    id,
    catalogId: id,
    rawId: id,
    section: null,
    part: null,
    topic: null,
    check: null,
    row,
    answer: { row, col: ANSWER_COL },
    remarks: { row, col: REMARKS_COL },
    answerValue,
    text: null,
  };
}

function detection(items: DetectedItem[], answerList: string[] | null): DetectionResult {
  return {
    sheet: "チェックシート",
    ok: true,
    confidence: 1,
    headerRow: 0,
    columns: { id: [0], text: 1, answer: ANSWER_COL, remarks: REMARKS_COL },
    items,
    missing: [],
    unknown: [],
    duplicates: [],
    answerList,
    errors: [],
    notes: [],
  };
}

function matrixOf(items: DetectedItem[], extra: Record<string, CellValue> = {}): SheetMatrix {
  const values: CellValue[][] = [];
  for (const it of items) {
    values[it.row] = [];
    values[it.row][0] = it.id;
    values[it.row][ANSWER_COL] = it.answerValue;
    values[it.row][REMARKS_COL] = null;
  }
  for (const [a1, v] of Object.entries(extra)) {
    const [r, c] = a1.split(",").map(Number);
    (values[r] ??= [])[c] = v;
  }
  return { name: "チェックシート", values };
}

const ENTRIES = [
  entry("2.2/1-1", "B", [REF_B]),
  entry("3.2(2)/3-2", "A", [REF_A]),
  entry("3.3(2)/3-1", "C", [{ ...REF_B, partial: true }]),
  entry("4.2(1)/1-1", "D"),
  entry("4.2(1)/1-2", "D"),
  entry("2.1(2)/1-1", "B", [REF_B]),
  entry("2.1(2)/1-2", "B", [REF_B]),
];

function baseInput(values: Record<string, CellValue>, list: string[] | null, ev = VALID): PlanBulkMarkInput {
  const items = ENTRIES.map((e, i) => item(e.id, 10 + i, values[e.id] ?? null));
  const det = detection(items, list);
  return { detection: det, coverage: coverage(ENTRIES, ev), certification: CERT, answerList: list, matrix: matrixOf(items) };
}

/* ---------- tests ---------- */

describe("toA1", () => {
  it("converts 0-based row/col to A1", () => {
    expect(toA1(0, 0)).toBe("A1");
    expect(toA1(11, 4)).toBe("E12");
    expect(columnLetters(25)).toBe("Z");
    expect(columnLetters(26)).toBe("AA");
    expect(columnLetters(701)).toBe("ZZ");
    expect(columnLetters(702)).toBe("AAA");
    expect(() => toA1(-1, 0)).toThrow(RangeError);
  });
});

describe("renderRemarks", () => {
  it("renders the default template with all placeholders", () => {
    const ctx = remarksContext(CERT, entry("3.2(2)/3-2", "A", [REF_A]));
    expect(renderRemarks(DEFAULT_REMARKS_TEMPLATE, ctx)).toBe(
      "情報銀行認定（認定番号 IB-TEST-0001）により充足：区分A／5.4.1④ 諮問体制 M01、M02、No.130〜133",
    );
    expect(renderRemarks("{holder} {kind} {number}", ctx)).toBe("架空ヘルス株式会社 通常認定 IB-TEST-0001");
    expect(renderRemarks("{kind}", remarksContext({ ...CERT, kind: "provisional" }, entry("x", "B")))).toBe("P認定");
  });
  it("leaves unknown placeholders as they are", () => {
    expect(renderRemarks("{number} {unknown} {}", { number: "N1" })).toBe("N1 {unknown} {}");
  });
  it("formats references like the checklist", () => {
    expect(formatInfobankRef(REF_B)).toBe("5.1② 業務能力など No.6");
    expect(formatInfobankRef({ ...REF_B, partial: true })).toBe("5.1② 業務能力など No.6（一部）");
  });
});

describe("planBulkMark", () => {
  it("はい/いいえ sheet: writes はい and the remarks only for covered empty items", () => {
    const plan = planBulkMark(baseInput({}, ["はい", "いいえ"]));
    expect(plan.ok).toBe(true);
    expect(plan.yesValue).toBe("はい");
    const answers = plan.writes.filter((w) => w.kind === "answer");
    expect(answers.map((w) => w.itemId)).toEqual(["2.2/1-1", "3.2(2)/3-2", "2.1(2)/1-1", "2.1(2)/1-2"]);
    expect(answers.every((w) => w.value === "はい" && w.col === ANSWER_COL)).toBe(true);
    const remarks = plan.writes.filter((w) => w.kind === "remarks");
    expect(remarks).toHaveLength(4);
    expect(remarks[0]).toMatchObject({
      itemId: "2.2/1-1",
      cell: "F11",
      value: "情報銀行認定（認定番号 IB-TEST-0001）により充足：区分B／5.1② 業務能力など No.6",
    });
    // preview lists exactly the changed cells
    expect(plan.preview).toHaveLength(plan.writes.length);
    expect(plan.preview[0]).toEqual({ itemId: "2.2/1-1", kind: "answer", cell: "E11", oldValue: null, newValue: "はい" });
    expect(plan.summary).toMatchObject({ answersWritten: 4, remarksWritten: 4, excluded: 3 });
  });

  it("○/× sheet: writes ○", () => {
    const plan = planBulkMark(baseInput({}, ["○", "×", "－"]));
    expect(plan.yesValue).toBe("○");
    expect(plan.writes.filter((w) => w.kind === "answer").every((w) => w.value === "○")).toBe(true);
  });

  it("C/D items are never written and are listed with their evidence", () => {
    const plan = planBulkMark(baseInput({}, ["はい", "いいえ"]));
    const cd = ["3.3(2)/3-1", "4.2(1)/1-1", "4.2(1)/1-2"];
    expect(plan.writes.some((w) => cd.includes(w.itemId))).toBe(false);
    expect(plan.excluded.map((e) => e.itemId)).toEqual(cd);
    expect(plan.excluded[0]).toMatchObject({ class: "C", row: 12, evidence: { ja: "3.3(2)/3-1 の根拠資料" } });
    expect(plan.excluded[1].class).toBe("D");
  });

  it("pre-filled answers: いいえ is a contradiction, yes/other are conflicts; none are overwritten", () => {
    const plan = planBulkMark(
      baseInput({ "2.2/1-1": "いいえ", "3.2(2)/3-2": "はい", "2.1(2)/1-1": "一部対応", "2.1(2)/1-2": "該当なし" }, ["はい", "いいえ"]),
    );
    expect(plan.writes).toEqual([]);
    expect(plan.ok).toBe(false);
    expect(plan.contradictions).toHaveLength(1);
    expect(plan.contradictions[0]).toMatchObject({ itemId: "2.2/1-1", cell: "E11", value: "いいえ", answerClass: "no" });
    expect(plan.contradictions[0].message.ja).toContain("矛盾");
    expect(plan.conflicts.map((c) => [c.itemId, c.answerClass])).toEqual([
      ["3.2(2)/3-2", "yes"],
      ["2.1(2)/1-1", "other"],
      ["2.1(2)/1-2", "na"],
    ]);
  });

  it("× on a ○/× sheet is a contradiction too", () => {
    const plan = planBulkMark(baseInput({ "3.2(2)/3-2": "×" }, ["○", "×"]));
    expect(plan.contradictions.map((c) => c.itemId)).toEqual(["3.2(2)/3-2"]);
    expect(plan.writes.some((w) => w.itemId === "3.2(2)/3-2")).toBe(false);
  });

  it("merged and formula answer cells are skipped with reasons", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    // 2.2/1-1 at row 10: merged E11:E12; 3.2(2)/3-2 at row 11: formula
    input.matrix = {
      ...input.matrix!,
      merges: [{ top: 10, left: ANSWER_COL, bottom: 10, right: ANSWER_COL + 1 }],
      formulas: [],
    };
    input.matrix.formulas![11] = [];
    input.matrix.formulas![11][ANSWER_COL] = '=IF(A1="","","はい")';
    const plan = planBulkMark(input);
    expect(plan.skipped.map((s) => [s.itemId, s.reason, s.cell, s.answerWritten])).toEqual([
      ["2.2/1-1", "merged-answer", "E11", false],
      ["3.2(2)/3-2", "formula-answer", "E12", false],
    ]);
    expect(plan.writes.map((w) => w.itemId)).not.toContain("2.2/1-1");
    expect(plan.writes.map((w) => w.itemId)).not.toContain("3.2(2)/3-2");
    expect(plan.skipped[0].message.ja).toContain("結合セル");
    expect(plan.skipped[1].message.en).toContain("formula");
  });

  it("callbacks override the matrix (formulas / mergedAnswer)", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    // the matrix says E11 is merged, but the callback (which wins) says only row 15 is
    input.matrix = { ...input.matrix!, merges: [{ top: 10, left: ANSWER_COL, bottom: 11, right: ANSWER_COL }] };
    input.mergedAnswer = (r) => r === 15;
    input.formulas = (r, c) => (r === 16 && c === ANSWER_COL ? "=X1" : null);
    const plan = planBulkMark(input);
    expect(plan.skipped.map((s) => [s.itemId, s.reason, s.cell])).toEqual([
      ["2.1(2)/1-1", "merged-answer", "E16"],
      ["2.1(2)/1-2", "formula-answer", "E17"],
    ]);
    expect(plan.writes.filter((w) => w.kind === "answer").map((w) => w.itemId)).toEqual(["2.2/1-1", "3.2(2)/3-2"]);
  });

  it("protected sheet: nothing written, every candidate reported", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    input.lockedProtected = true;
    const plan = planBulkMark(input);
    expect(plan.writes).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(Array(4).fill("protected-sheet"));
  });

  it("remarks cell not empty: answer written, remarks left and reported", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    input.matrix!.values[10][REMARKS_COL] = "既存の備考";
    const plan = planBulkMark(input);
    expect(plan.writes.filter((w) => w.itemId === "2.2/1-1").map((w) => w.kind)).toEqual(["answer"]);
    expect(plan.skipped).toEqual([
      expect.objectContaining({ itemId: "2.2/1-1", reason: "remarks-not-empty", cell: "F11", answerWritten: true }),
    ]);
    expect(plan.preview.some((p) => p.cell === "F11")).toBe(false);
  });

  it("remarks with formula or unreadable remarks: answer only", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    input.formulas = (r, c) => (r === 10 && c === REMARKS_COL ? "=B11" : null);
    let plan = planBulkMark(input);
    expect(plan.skipped.map((s) => [s.itemId, s.reason])).toEqual([["2.2/1-1", "remarks-formula"]]);
    expect(plan.writes.some((w) => w.itemId === "2.2/1-1" && w.kind === "answer")).toBe(true);

    const noValues = baseInput({}, ["はい", "いいえ"]);
    delete noValues.matrix;
    plan = planBulkMark(noValues);
    expect(plan.summary.remarksWritten).toBe(0);
    expect(plan.summary.answersWritten).toBe(4);
    expect(plan.skipped.every((s) => s.reason === "remarks-unknown" && s.answerWritten)).toBe(true);
  });

  it("remarks cell inside a merged area (not its top-left): answer only; top-left of a merge is written", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    input.matrix = {
      ...input.matrix!,
      merges: [
        { top: 9, left: REMARKS_COL, bottom: 10, right: REMARKS_COL }, // F10:F11 → F11 is not top-left
        { top: 11, left: REMARKS_COL, bottom: 11, right: REMARKS_COL + 2 }, // F12:H12 → F12 is top-left
      ],
    };
    const plan = planBulkMark(input);
    expect(plan.skipped).toEqual([expect.objectContaining({ itemId: "2.2/1-1", reason: "remarks-merged", answerWritten: true })]);
    expect(plan.writes.some((w) => w.cell === "F12" && w.kind === "remarks")).toBe(true);
  });

  it("invalid certification: no writes, plan says why", () => {
    const plan = planBulkMark(baseInput({}, ["はい", "いいえ"], EXPIRED));
    expect(plan.ok).toBe(false);
    expect(plan.writes).toEqual([]);
    expect(plan.preview).toEqual([]);
    expect(plan.blocked.map((b) => b.ja)).toContain("認定の有効期限が切れています。");
    expect(plan.blocked[0].en).toMatch(/not valid/);
    // C/D still listed so the UI can show what needs evidence
    expect(plan.excluded).toHaveLength(3);
  });

  it("no certification or unevaluated certification: no writes", () => {
    const a = baseInput({}, ["はい", "いいえ"]);
    a.certification = null;
    expect(planBulkMark(a).writes).toEqual([]);
    expect(planBulkMark(a).blocked[0].ja).toContain("登録されていない");
    const b = baseInput({}, ["はい", "いいえ"]);
    b.coverage = { ...b.coverage, certification: null };
    expect(planBulkMark(b).writes).toEqual([]);
  });

  it("only items with coverage status 'covered' are written", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    input.coverage.items[0] = { ...input.coverage.items[0], status: "not-covered", reasons: [{ ja: "理由", en: "reason" }] };
    const plan = planBulkMark(input);
    expect(plan.writes.some((w) => w.itemId === "2.2/1-1")).toBe(false);
    expect(plan.skipped).toEqual([expect.objectContaining({ itemId: "2.2/1-1", reason: "not-covered", message: { ja: "理由", en: "reason" } })]);
  });

  it("no yes value in the list (or no list) blocks; an explicit choice unblocks", () => {
    const noList = baseInput({}, null);
    const p1 = planBulkMark(noList);
    expect(p1.writes).toEqual([]);
    expect(p1.blocked[0].ja).toContain("プルダウン");
    noList.yesValue = "済";
    const p2 = planBulkMark(noList);
    expect(p2.yesValue).toBe("済");
    expect(p2.summary.answersWritten).toBe(4);

    const ambiguous = baseInput({}, ["○", "済", "×"]);
    expect(planBulkMark(ambiguous).writes).toEqual([]);
    ambiguous.yesValue = "済";
    expect(planBulkMark(ambiguous).yesValue).toBe("済");
    ambiguous.yesValue = "はい"; // not in the sheet's list
    const p3 = planBulkMark(ambiguous);
    expect(p3.writes).toEqual([]);
    expect(p3.blocked[0].en).toContain('"はい"');
  });

  it("failed detection blocks", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    input.detection = { ...input.detection, ok: false, errors: [{ ja: "見出しなし", en: "no header" }] };
    const plan = planBulkMark(input);
    expect(plan.writes).toEqual([]);
    expect(plan.blocked.map((b) => b.en)).toContain("no header");
  });

  it("provisional certification warnings are carried to the plan", () => {
    const ev: CertificationEvaluation = {
      ...VALID,
      warnings: [{ code: "provisional", message: { ja: "P認定です。", en: "Provisional." } }],
    };
    const plan = planBulkMark(baseInput({}, ["はい", "いいえ"], ev));
    expect(plan.ok).toBe(true);
    expect(plan.warnings).toEqual([{ ja: "P認定です。", en: "Provisional." }]);
  });

  it("uses a custom template", () => {
    const input = baseInput({}, ["はい", "いいえ"]);
    input.remarksTemplate = "{holder}:{class}:{foo}";
    const plan = planBulkMark(input);
    expect(plan.writes.find((w) => w.kind === "remarks")!.value).toBe("架空ヘルス株式会社:B:{foo}");
  });
});

describe("cells the user typed in while the add-in wrote them", () => {
  it("afterTypedMeanwhile: those cells leave the writes, are skipped with their cell named, and the counts follow", () => {
    const plan = planBulkMark(baseInput({}, ["はい", "いいえ"]));
    const answer = plan.writes.find((w) => w.kind === "answer")!;
    const remarks = plan.writes.find((w) => w.kind === "remarks" && w.itemId !== answer.itemId)!;
    const after = afterTypedMeanwhile(plan, [
      { row: answer.row, col: answer.col },
      { row: remarks.row, col: remarks.col },
      { row: 999, col: 0 }, // not one of the plan's cells: nothing to say
    ]);
    expect(after.writes).toHaveLength(plan.writes.length - 2);
    expect(after.writes).not.toContainEqual(answer);
    expect(after.summary).toMatchObject({ answersWritten: 3, remarksWritten: 3, skipped: plan.skipped.length + 2 });
    const skipped = after.skipped.filter((x) => x.reason === "typed-meanwhile");
    expect(skipped.map((x) => [x.cell, x.answerWritten])).toEqual([
      [answer.cell, false],
      [remarks.cell, true], // its item's answer was still written
    ]);
    expect(skipped[0].message.ja).toContain(answer.cell);
    expect(afterTypedMeanwhile(plan, [])).toBe(plan);
  });

  it("remarksToWithdraw: the remarks of an item whose answer the user typed, unless typed in too; afterTypedMeanwhile takes them out", () => {
    const plan = planBulkMark(baseInput({}, ["はい", "いいえ"]));
    const [a1, a2] = plan.writes.filter((w) => w.kind === "answer");
    const r1 = plan.writes.find((w) => w.kind === "remarks" && w.itemId === a1.itemId)!;
    const r2 = plan.writes.find((w) => w.kind === "remarks" && w.itemId === a2.itemId)!;
    // a1 typed alone: its remarks go back; a2 and its remarks both typed: nothing of a2's to take back
    const typed = [a1, a2, r2].map((w) => ({ row: w.row, col: w.col }));
    expect(remarksToWithdraw(plan, typed)).toEqual([r1]);
    const after = afterTypedMeanwhile(plan, typed, [r1]);
    expect(after.writes.map((w) => w.cell)).not.toContain(r1.cell);
    const back = after.skipped.find((x) => x.cell === r1.cell)!;
    expect(back).toMatchObject({ reason: "remarks-withdrawn", itemId: a1.itemId, answerWritten: false });
    expect(back.message.ja).toContain(r1.cell);
    expect(after.summary).toMatchObject({ answersWritten: 2, remarksWritten: 2 });
    // only typed remarks: no answer of the user's, nothing to take back
    expect(remarksToWithdraw(plan, [{ row: r1.row, col: r1.col }])).toEqual([]);
  });

  it("keptDuringWrite + describeKept: what was meant and what was there, told apart from changes made after an earlier write", () => {
    const kept = keptDuringWrite(
      [{ row: 4, col: 3, now: "いいえ" }],
      [{ row: 4, col: 3, value: "はい" }],
      () => null,
    );
    expect(kept).toEqual([{ row: 4, col: 3, field: "value", wrote: "はい", now: "いいえ", original: null, duringWrite: true }]);
    const message = describeKept([...kept, { row: 5, col: 3, field: "fill", wrote: "#FFF2CC", now: "#FF0000", original: null }]);
    expect(message).toEqual({
      ja: "アドインの書き込み中に入力された 1 個のセルの内容、色を変更された 1 個のセルの色はそのまま残しました。",
      en: "Kept what you typed in 1 cell while the add-in was writing; 1 cell you recoloured.",
    });
  });
});

import { runConsistencyChecks, type ConsistencyInput, type Finding } from "../../src/domain/checks";
import { emptyRecord, type AddinRecord, type EvidenceRef } from "../../src/domain/record";
import { answersFromDetection, makeSignOff } from "../../src/domain/review";
import type {
  CellValue,
  CertificationEvaluation,
  CoverageResult,
  CrosswalkEntry,
  DetectedItem,
  DetectionResult,
  ItemClass,
} from "../../src/domain/types";

function entry(id: string, cls: ItemClass): CrosswalkEntry {
  return {
    id,
    chapter: id[0],
    section: id.split(/[(/]/)[0],
    sectionHeading: "",
    part: null,
    partHeading: null,
    topic: 1,
    topicLabel: "1",
    topicHeading: "",
    check: 1,
    summary: { ja: "要約", en: "summary" },
    class: cls,
    infobankRefs: [],
    evidence: cls === "C" || cls === "D" ? { ja: "削除規程", en: "deletion policy" } : undefined,
    provenance: { kind: "assessed", rationale: { ja: "テスト", en: "test" } },
  };
}

const VALID: CertificationEvaluation = { valid: true, problems: [], warnings: [], asOf: "2025-01-01" };
const SUSPENDED: CertificationEvaluation = {
  valid: false,
  problems: [{ code: "status-suspended", message: { ja: "認定が一時停止中です。", en: "The certification is suspended." } }],
  warnings: [],
  asOf: "2025-01-01",
};

const ENTRIES = [entry("2.2/1-1", "B"), entry("3.2(2)/3-2", "A"), entry("3.3(2)/3-1", "C"), entry("4.2(1)/1-1", "D"), entry("5.1/1-1", "B")];

function coverage(ev: CertificationEvaluation | null): CoverageResult {
  return {
    certification: ev,
    items: ENTRIES.map((e) => ({
      id: e.id,
      class: e.class,
      status: e.class === "C" || e.class === "D" ? "needs-evidence" : ev?.valid ? "covered" : "not-covered",
      reasons: [],
      entry: e,
    })),
    summary: { A: 0, B: 0, C: 0, D: 0, covered: 0, needsEvidence: 0, notCovered: 0, total: ENTRIES.length },
  };
}

function item(id: string, row: number, answerValue: CellValue, catalogId: string | null = id): DetectedItem {
  return {
    id,
    catalogId,
    rawId: id,
    section: null,
    part: null,
    topic: null,
    check: null,
    row,
    answer: { row, col: 4 },
    remarks: { row, col: 5 },
    answerValue,
    text: null,
  };
}

function detection(answers: Record<string, CellValue>, over: Partial<DetectionResult> = {}): DetectionResult {
  const ids = ENTRIES.map((e) => e.id).filter((id) => !(over.missing ?? []).includes(id));
  return {
    sheet: "チェックシート",
    ok: true,
    confidence: 1,
    headerRow: 0,
    columns: { id: [0], text: 1, answer: 4, remarks: 5 },
    items: ids.map((id, i) => item(id, 10 + i, answers[id] ?? null)),
    missing: [],
    unknown: [],
    duplicates: [],
    answerList: ["はい", "いいえ"],
    errors: [],
    notes: [],
    ...over,
  };
}

const EV: EvidenceRef = { document: "長期未利用時の削除規程.pdf", page: "3", addedAt: "2025-01-01T00:00:00Z" };
const ALL_EVIDENCE = { "3.3(2)/3-1": [EV], "4.2(1)/1-1": [{ ...EV, document: "エクスポート仕様書" }] };
const CLEAN_ANSWERS = { "2.2/1-1": "はい", "3.2(2)/3-2": "はい", "3.3(2)/3-1": "はい", "4.2(1)/1-1": "はい", "5.1/1-1": "はい" };

function run(over: Partial<ConsistencyInput>): Finding[] {
  return runConsistencyChecks({
    detection: detection(CLEAN_ANSWERS),
    coverage: coverage(VALID),
    certificationEvaluation: VALID,
    evidence: ALL_EVIDENCE,
    ...over,
  });
}

const codes = (fs: Finding[]) => fs.map((f) => [f.code, f.severity, f.itemId ?? null]);

describe("runConsistencyChecks", () => {
  it("a consistent sheet has no findings", () => {
    expect(run({})).toEqual([]);
  });

  it("contradiction: covered item answered no", () => {
    const fs = run({ detection: detection({ ...CLEAN_ANSWERS, "3.2(2)/3-2": "いいえ" }) });
    expect(codes(fs)).toEqual([["contradiction", "error", "3.2(2)/3-2"]]);
    expect(fs[0].row).toBe(11);
    expect(fs[0].message.ja).toContain("E12");
    expect(fs[0].message.en).toContain('"いいえ"');
  });

  it("contradiction with a ○/× vocabulary", () => {
    const fs = run({ detection: detection({ ...CLEAN_ANSWERS, "2.2/1-1": "×" }) });
    expect(codes(fs)).toEqual([["contradiction", "error", "2.2/1-1"]]);
  });

  it("C/D without evidence: error when answered yes, warning when not", () => {
    const fs = run({ evidence: { "4.2(1)/1-1": [] }, detection: detection({ ...CLEAN_ANSWERS, "4.2(1)/1-1": null }) });
    expect(codes(fs)).toEqual([
      ["evidence-missing", "error", "3.3(2)/3-1"],
      ["evidence-missing", "warning", "4.2(1)/1-1"],
    ]);
    expect(fs[0].message.ja).toContain("削除規程");
    expect(fs[0].message.en).toContain("deletion policy");
  });

  it("covered items answered yes while the certification is not valid (problems in the message)", () => {
    const record: AddinRecord = {
      ...emptyRecord("t"),
      layers: [
        {
          kind: "bulk-mark",
          sheet: "チェックシート",
          at: "t",
          tool: "addin",
          before: [],
          after: [{ row: 10, col: 4, value: "はい" }],
        },
      ],
    };
    const fs = run({
      coverage: coverage(SUSPENDED),
      certificationEvaluation: SUSPENDED,
      detection: detection({ ...CLEAN_ANSWERS, "5.1/1-1": null }),
      record,
    });
    // 2.2/1-1 was written by bulk-mark → error; 3.2(2)/3-2 typed by hand → warning; C/D and empty items not flagged
    expect(codes(fs)).toEqual([
      ["yes-without-valid-certification", "error", "2.2/1-1"],
      ["yes-without-valid-certification", "warning", "3.2(2)/3-2"],
    ]);
    expect(fs[0].message.ja).toContain("認定が一時停止中です。");
    expect(fs[0].message.en).toContain("The certification is suspended.");
    // no contradiction is reported when nothing is covered
    expect(fs.some((f) => f.code === "contradiction")).toBe(false);
  });

  it("no certification at all: yes answers are not flagged as relying on it", () => {
    expect(run({ coverage: coverage(null), certificationEvaluation: null })).toEqual([]);
  });

  it("catalog items missing from the sheet", () => {
    const fs = run({ detection: detection(CLEAN_ANSWERS, { missing: ["5.1/1-1"] }) });
    expect(codes(fs)).toEqual([["missing-from-sheet", "warning", "5.1/1-1"]]);
  });

  it("unknown and duplicate ids", () => {
    const fs = run({
      detection: detection(CLEAN_ANSWERS, {
        unknown: [item("9-9", 30, "はい", null)],
        duplicates: [{ id: "2.2/1-1", rows: [10, 40] }],
      }),
    });
    expect(codes(fs)).toEqual([
      ["duplicate-item", "error", "2.2/1-1"],
      ["unknown-item", "warning", "9-9"],
    ]);
    expect(fs[0].message.ja).toContain("11, 41");
    expect(fs[1].row).toBe(30);
    expect(fs[1].message.en).toContain("Row 31");
  });

  it("sign-off broken: answers changed after sign-off", () => {
    const signed = detection(CLEAN_ANSWERS);
    const record: AddinRecord = { ...emptyRecord("t"), signoff: makeSignOff(answersFromDetection(signed), "審査 太郎", "2025-02-01") };
    expect(run({ detection: signed, record })).toEqual([]);

    const fs = run({ detection: detection({ ...CLEAN_ANSWERS, "5.1/1-1": "対応済" }), record });
    expect(codes(fs)).toEqual([["signoff-broken", "error", "5.1/1-1"]]);
    expect(fs[0].row).toBe(14);
    expect(fs[0].message.ja).toContain("「はい」から「対応済」");
  });

  it("sign-off record altered by hand is reported even without a visible change", () => {
    const signed = detection(CLEAN_ANSWERS);
    const so = makeSignOff(answersFromDetection(signed), "R", "t");
    const record: AddinRecord = { ...emptyRecord("t"), signoff: { ...so, answersHash: "0".repeat(64) } };
    expect(codes(run({ detection: signed, record }))).toEqual([["signoff-broken", "error", null]]);
  });

  it("finds every planted problem at once, errors first", () => {
    const signedDet = detection(CLEAN_ANSWERS);
    const record: AddinRecord = { ...emptyRecord("t"), signoff: makeSignOff(answersFromDetection(signedDet), "R", "t") };
    const fs = run({
      detection: detection(
        { ...CLEAN_ANSWERS, "2.2/1-1": "いいえ" },
        { unknown: [item("X", 50, null, null)], duplicates: [{ id: "3.2(2)/3-2", rows: [11, 60] }] },
      ),
      evidence: { "4.2(1)/1-1": [EV] },
      record,
    });
    const found = new Set(fs.map((f) => f.code));
    expect([...found].sort()).toEqual(["contradiction", "duplicate-item", "evidence-missing", "signoff-broken", "unknown-item"]);
    const firstWarning = fs.findIndex((f) => f.severity === "warning");
    expect(fs.slice(firstWarning).every((f) => f.severity === "warning")).toBe(true);
  });
});

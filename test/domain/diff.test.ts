import { diffSubmissions, snapshotFromDetection, type SubmissionSnapshot } from "../../src/domain/diff";
import type { EvidenceRef } from "../../src/domain/record";
import type { CellValue, DetectedItem, DetectionResult, SheetMatrix } from "../../src/domain/types";

function item(id: string, row: number, answerValue: CellValue, remarks = true): DetectedItem {
  return {
    id,
    catalogId: id,
    rawId: id,
    section: null,
    part: null,
    topic: null,
    check: null,
    row,
    answer: { row, col: 2 },
    remarks: remarks ? { row, col: 3 } : null,
    answerValue,
    text: null,
  };
}

function detection(items: DetectedItem[]): DetectionResult {
  return {
    sheet: "S",
    ok: true,
    confidence: 1,
    headerRow: 0,
    columns: { id: [0], text: 1, answer: 2, remarks: 3 },
    items,
    missing: [],
    unknown: [],
    duplicates: [],
    answerList: null,
    errors: [],
    notes: [],
  };
}

const EV1: EvidenceRef = { document: "削除規程.pdf", page: "3", addedAt: "2025-01-01T00:00:00Z" };
const EV2: EvidenceRef = { document: "エクスポート仕様書", url: "https://example.invalid/spec", addedAt: "2025-01-02T00:00:00Z" };

describe("snapshotFromDetection", () => {
  it("reads answer and remarks from the detected cells", () => {
    const matrix: SheetMatrix = {
      name: "S",
      values: [
        ["ID", "項目", "回答", "備考"],
        ["2.2/1-1", "…", "はい", "認定により充足"],
        ["3.3(2)/3-1", "…", "", "   "],
        ["4.2(1)/1-1", "…", 1, null],
      ],
    };
    const det = detection([item("2.2/1-1", 1, "stale"), item("3.3(2)/3-1", 2, null), item("4.2(1)/1-1", 3, 1, false)]);
    const snap = snapshotFromDetection(det, matrix, { "3.3(2)/3-1": [EV1], other: [EV2] });
    expect(snap).toEqual({
      items: {
        "2.2/1-1": { answer: "はい", remarks: "認定により充足", evidence: [] },
        "3.3(2)/3-1": { answer: null, remarks: null, evidence: [EV1] },
        "4.2(1)/1-1": { answer: "1", remarks: null, evidence: [] },
      },
    });
    // a bare values matrix works too
    expect(snapshotFromDetection(det, matrix.values, {})).toEqual({
      items: { ...snap.items, "3.3(2)/3-1": { answer: null, remarks: null, evidence: [] } },
    });
  });
});

describe("diffSubmissions", () => {
  const old: SubmissionSnapshot = {
    items: {
      "2.2/1-1": { answer: "はい", remarks: "認定により充足", evidence: [] },
      "3.2(2)/3-2": { answer: null, remarks: null, evidence: [] },
      "3.3(2)/3-1": { answer: "いいえ", remarks: null, evidence: [EV1] },
      "4.2(1)/1-1": { answer: "はい", remarks: "x", evidence: [EV1] },
      "5.1/1-1": { answer: "はい", remarks: null, evidence: [] },
    },
  };

  it("no changes → empty list", () => {
    expect(diffSubmissions(old, old)).toEqual([]);
  });

  it("lists answer, remarks, evidence changes, added and removed items, in id order", () => {
    const next: SubmissionSnapshot = {
      items: {
        "2.2/1-1": { answer: "はい", remarks: "認定により充足（更新）", evidence: [] },
        "3.2(2)/3-2": { answer: "はい", remarks: "新規", evidence: [] },
        "3.3(2)/3-1": { answer: "はい", remarks: null, evidence: [EV1, EV2] },
        // evidence re-added with a new timestamp only: not a change
        "4.2(1)/1-1": { answer: "はい", remarks: "x", evidence: [{ ...EV1, addedAt: "2025-06-01T00:00:00Z" }] },
        "10.1/1-1": { answer: "はい", remarks: null, evidence: [] },
      },
    };
    const changes = diffSubmissions(old, next);
    expect(changes.map((c) => [c.itemId, c.fields])).toEqual([
      ["2.2/1-1", ["remarks"]],
      ["3.2(2)/3-2", ["answer", "remarks"]],
      ["3.3(2)/3-1", ["answer", "evidence"]],
      ["5.1/1-1", ["removed"]],
      ["10.1/1-1", ["added"]],
    ]);
    const c33 = changes[2];
    expect(c33.before?.answer).toBe("いいえ");
    expect(c33.after?.answer).toBe("はい");
    expect(c33.evidenceAdded).toEqual([EV2]);
    expect(c33.evidenceRemoved).toEqual([]);
    expect(changes[3]).toMatchObject({ before: old.items["5.1/1-1"], after: null });
    expect(changes[4]).toMatchObject({ before: null, after: next.items["10.1/1-1"] });
  });

  it("evidence removed and answer cleared", () => {
    const next: SubmissionSnapshot = {
      items: { ...old.items, "4.2(1)/1-1": { answer: null, remarks: "x", evidence: [] } },
    };
    const changes = diffSubmissions(old, next);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ itemId: "4.2(1)/1-1", fields: ["answer", "evidence"], evidenceRemoved: [EV1], evidenceAdded: [] });
  });

  it("end to end from two detections", () => {
    const det = detection([item("2.2/1-1", 1, null), item("3.3(2)/3-1", 2, null)]);
    const v1 = snapshotFromDetection(det, [[], [null, null, "", null], [null, null, "いいえ", null]], {});
    const v2 = snapshotFromDetection(det, [[], [null, null, "はい", "認定"], [null, null, "いいえ", null]], { "3.3(2)/3-1": [EV1] });
    expect(diffSubmissions(v1, v2).map((c) => [c.itemId, c.fields])).toEqual([
      ["2.2/1-1", ["answer", "remarks"]],
      ["3.3(2)/3-1", ["evidence"]],
    ]);
  });
});

import { answersHash } from "../../src/domain/record";
import {
  REVIEW_STATUS_LABELS,
  answersFromDetection,
  makeSignOff,
  parseReviewSheet,
  parseReviewStatus,
  reviewNoteText,
  reviewSheetRows,
  setReview,
  verifySignOff,
  type CatalogOrderItem,
  type ReviewEntry,
} from "../../src/domain/review";
import type { CellValue, DetectionResult } from "../../src/domain/types";

const CATALOG: CatalogOrderItem[] = [
  { id: "2.2/1-1", class: "B" },
  { id: "3.2(2)/3-2", class: "A" },
  { id: "3.3(2)/3-1", class: "C" },
  { id: "4.2(1)/1-1", class: "D" },
];

const ENTRIES: ReviewEntry[] = [
  { itemId: "3.3(2)/3-1", status: "needs-fix", comment: "長期未利用時の削除規程を添付してください", reviewer: "審査 太郎", at: "2025-02-01T09:00:00Z" },
  { itemId: "2.2/1-1", status: "confirmed", comment: "", reviewer: "審査 太郎", at: "2025-02-01T08:00:00Z" },
  { itemId: "4.2(1)/1-1", status: "not-applicable", comment: "API 非接続", reviewer: "Reviewer B", at: "2025-02-02T10:00:00Z" },
];

const sortById = (es: ReviewEntry[]) => es.slice().sort((a, b) => a.itemId.localeCompare(b.itemId));

describe("review sheet", () => {
  it("writes a header and one row per catalog item in catalog order", () => {
    const rows = reviewSheetRows(ENTRIES, CATALOG);
    expect(rows[0]).toEqual(["項目ID", "区分", "審査状況", "コメント", "審査者", "日時"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(CATALOG.map((c) => c.id));
    expect(rows[1]).toEqual(["2.2/1-1", "B", "確認済", "", "審査 太郎", "2025-02-01T08:00:00Z"]);
    expect(rows[2]).toEqual(["3.2(2)/3-2", "A", "未確認", "", "", ""]);
    expect(rows[3][2]).toBe("要修正");
    expect(rows[4][2]).toBe("対象外");
  });

  it("keeps entries of ids the catalog does not list (appended)", () => {
    const rows = reviewSheetRows([...ENTRIES, { itemId: "9.9/9-9", status: "confirmed", comment: "", reviewer: "x", at: "t" }], CATALOG);
    expect(rows[rows.length - 1][0]).toBe("9.9/9-9");
  });

  it("adds a 項目 column when labels are given; parse still works", () => {
    const rows = reviewSheetRows(ENTRIES, CATALOG.map((c) => ({ ...c, label: `label ${c.id}` })));
    expect(rows[0]).toEqual(["項目ID", "項目", "区分", "審査状況", "コメント", "審査者", "日時"]);
    expect(sortById(parseReviewSheet(rows).entries)).toEqual(sortById(ENTRIES));
  });

  it("round trip: rows → parse → same entries", () => {
    const { entries, errors } = parseReviewSheet(reviewSheetRows(ENTRIES, CATALOG));
    expect(errors).toEqual([]);
    expect(sortById(entries)).toEqual(sortById(ENTRIES));
  });

  it("tolerates user edits: English status, code, moved columns, blank rows, title rows, Excel dates", () => {
    const rows: CellValue[][] = [
      ["審査記録（架空の例）"],
      [],
      ["Comment", "Item ID", "Status", "Reviewer", "Date"],
      ["OK", "2.2/1-1", "Confirmed", "R1", "2025-03-01"],
      [null, "3.2(2)/3-2", "needs fix", "R1", 45717.5],
      [null, null, null, null, null],
      ["", "3.3(2)/3-1", "not-applicable", "", ""],
      ["", "4.2(1)/1-1", "  確認済み ", "R2", ""],
    ];
    const { entries, errors } = parseReviewSheet(rows);
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      { itemId: "2.2/1-1", status: "confirmed", comment: "OK", reviewer: "R1", at: "2025-03-01" },
      { itemId: "3.2(2)/3-2", status: "needs-fix", comment: "", reviewer: "R1", at: "2025-03-01T12:00:00Z" },
      { itemId: "3.3(2)/3-1", status: "not-applicable", comment: "", reviewer: "", at: "" },
      { itemId: "4.2(1)/1-1", status: "confirmed", comment: "", reviewer: "R2", at: "" },
    ]);
  });

  it("user-edited English status in a sheet we wrote", () => {
    const rows = reviewSheetRows(ENTRIES, CATALOG);
    rows[2][2] = "Confirmed"; // 3.2(2)/3-2
    rows[2][4] = "Reviewer C";
    const { entries } = parseReviewSheet(rows);
    expect(entries.find((e) => e.itemId === "3.2(2)/3-2")).toMatchObject({ status: "confirmed", reviewer: "Reviewer C" });
  });

  it("unknown status → error naming the row; other rows still read", () => {
    const rows = reviewSheetRows(ENTRIES, CATALOG);
    rows[3][2] = "たぶんOK";
    const { entries, errors } = parseReviewSheet(rows);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 4, code: "unknown-status" });
    expect(errors[0].message.ja).toContain("4 行目");
    expect(errors[0].message.ja).toContain("たぶんOK");
    expect(errors[0].message.en).toContain("Row 4");
    expect(entries.map((e) => e.itemId).sort()).toEqual(["2.2/1-1", "4.2(1)/1-1"]);
  });

  it("missing header, missing id, duplicate id are errors", () => {
    expect(parseReviewSheet([["a", "b"]]).errors[0].code).toBe("no-header");
    const rows: CellValue[][] = [
      ["項目ID", "審査状況", "コメント"],
      ["2.2/1-1", "確認済", ""],
      ["", "要修正", "id 無し"],
      ["2.2/1-1", "要修正", "dup"],
    ];
    const { entries, errors } = parseReviewSheet(rows);
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [3, "missing-id"],
      [4, "duplicate-id"],
    ]);
    expect(entries).toEqual([{ itemId: "2.2/1-1", status: "confirmed", comment: "", reviewer: "", at: "" }]);
  });

  it("parseReviewStatus accepts ja, en and codes", () => {
    for (const [code, l] of Object.entries(REVIEW_STATUS_LABELS)) {
      expect(parseReviewStatus(l.ja)).toBe(code);
      expect(parseReviewStatus(l.en.toUpperCase())).toBe(code);
      expect(parseReviewStatus(code)).toBe(code);
    }
    expect(parseReviewStatus("")).toBe("unreviewed");
    expect(parseReviewStatus("???")).toBeNull();
  });
});

describe("setReview", () => {
  it("adds or replaces without mutating, stamping reviewer and time", () => {
    const a = setReview([], { itemId: "2.2/1-1", status: "confirmed" }, "2025-01-01T00:00:00Z", "R1");
    expect(a).toEqual([{ itemId: "2.2/1-1", status: "confirmed", comment: "", reviewer: "R1", at: "2025-01-01T00:00:00Z" }]);
    const b = setReview(a, { itemId: "2.2/1-1", comment: "再確認" }, "2025-01-02T00:00:00Z", "R2");
    // the earlier review is kept in the history
    expect(b).toEqual([
      { itemId: "2.2/1-1", status: "confirmed", comment: "再確認", reviewer: "R2", at: "2025-01-02T00:00:00Z", history: ["確認済 — R1 2025-01-01T00:00:00Z"] },
    ]);
    expect(a[0].comment).toBe("");
    const c = setReview(b, { itemId: "3.2(2)/3-2", status: "needs-fix", comment: "x" }, "t", "R3");
    expect(c.map((e) => e.itemId)).toEqual(["2.2/1-1", "3.2(2)/3-2"]);
  });
});

describe("reviewNoteText", () => {
  it("mirrors status, comment, reviewer and time", () => {
    const t = reviewNoteText(ENTRIES[0]);
    expect(t.split("\n")).toEqual(["【審査】要修正（Needs fix）", "長期未利用時の削除規程を添付してください", "— 審査 太郎 2025-02-01T09:00:00Z"]);
    expect(reviewNoteText({ itemId: "x", status: "unreviewed", comment: "", reviewer: "", at: "" })).toBe("【審査】未確認（Unreviewed）");
  });
});

describe("sign-off", () => {
  const answers = { "2.2/1-1": "はい", "3.2(2)/3-2": "はい", "3.3(2)/3-1": "" };

  it("makeSignOff hashes the answers with answersHash", () => {
    const so = makeSignOff(answers, "審査 太郎", "2025-02-03T00:00:00Z");
    expect(so.answersHash).toBe(answersHash(answers));
    expect(so.answers).toEqual(answers);
    expect(so).toMatchObject({ reviewer: "審査 太郎", at: "2025-02-03T00:00:00Z" });
  });

  it("intact when answers are unchanged (key order irrelevant)", () => {
    const so = makeSignOff(answers, "R", "t");
    const reordered = { "3.3(2)/3-1": "", "3.2(2)/3-2": "はい", "2.2/1-1": "はい" };
    expect(verifySignOff(so, reordered)).toEqual({ intact: true, changed: [], consistent: true });
  });

  it("detects changed, added and removed answers", () => {
    const so = makeSignOff(answers, "R", "t");
    const r = verifySignOff(so, { "2.2/1-1": "いいえ", "3.3(2)/3-1": "", "4.2(1)/1-1": "はい" });
    expect(r.intact).toBe(false);
    expect(r.consistent).toBe(true);
    expect(r.changed).toEqual([
      { itemId: "2.2/1-1", before: "はい", after: "いいえ" },
      { itemId: "3.2(2)/3-2", before: "はい", after: null },
      { itemId: "4.2(1)/1-1", before: null, after: "はい" },
    ]);
  });

  it("detects a stored sign-off whose answers were altered", () => {
    const so = makeSignOff(answers, "R", "t");
    const tampered = { ...so, answers: { ...so.answers, "2.2/1-1": "いいえ" } };
    const r = verifySignOff(tampered, { ...answers, "2.2/1-1": "いいえ" });
    expect(r.intact).toBe(false);
    expect(r.consistent).toBe(false);
  });

  it("answersFromDetection reads the detected answer cells", () => {
    const det = {
      items: [
        { id: "2.2/1-1", catalogId: "2.2/1-1", answerValue: "はい" },
        { id: "3.2(2)/3-2", catalogId: "3.2(2)/3-2", answerValue: null },
      ],
    } as unknown as DetectionResult;
    expect(answersFromDetection(det)).toEqual({ "2.2/1-1": "はい", "3.2(2)/3-2": "" });
  });
});

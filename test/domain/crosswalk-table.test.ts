/**
 * The crosswalk as a table: the bundled CSV is the source of crosswalk.json; export → edit → import round-trips through
 * CSV and .xlsx; errors name the row and the column; an expert's correction carries provenance `user` (by, on); the
 * workbook record keeps the crosswalk's version and hash.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";
import { crosswalkHash } from "../../src/domain/crosswalk-hash";
import { loadBundledCrosswalk, parseCrosswalk } from "../../src/domain/crosswalk";
import {
  columnOfPath,
  CROSSWALK_COLUMNS,
  crosswalkToCsv,
  parseCsv,
  parseRefsCell,
  refsCell,
  tableToCrosswalk,
  type CrosswalkMeta,
} from "../../src/domain/crosswalk-table";
import { refsText } from "../../src/domain/plan";
import { decodeRecord } from "../../src/domain/record";
import type { Crosswalk } from "../../src/domain/types";
import { FakeWorkbook } from "../../src/workbook/fake";
import { applyCoverage } from "../../src/workbook/usecases";
import { testCertification } from "../helpers/cert";
import { standardLayout } from "../helpers/layouts";
import { writeSheetsXlsx } from "../helpers/make-xlsx";

const cw = loadBundledCrosswalk();
const DATA = path.join(__dirname, "../../src/domain/data");
const metaOf = (x: Crosswalk): CrosswalkMeta => {
  const { entries, ...meta } = x;
  expect(entries.length).toBeGreaterThan(0);
  return meta;
};

describe("the bundled table", () => {
  test("crosswalk.csv + crosswalk-meta.json build exactly the committed crosswalk.json, and the export writes the same CSV", () => {
    const csv = fs.readFileSync(path.join(DATA, "crosswalk.csv"), "utf8");
    const meta = JSON.parse(fs.readFileSync(path.join(DATA, "crosswalk-meta.json"), "utf8")) as CrosswalkMeta;
    const r = tableToCrosswalk(parseCsv(csv), meta);
    if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    const json = JSON.parse(fs.readFileSync(path.join(DATA, "crosswalk.json"), "utf8"));
    expect(JSON.parse(JSON.stringify(r.crosswalk))).toEqual(json);
    expect(crosswalkToCsv(cw)).toBe(csv);
    expect(parseCsv(csv)[0]).toEqual([...CROSSWALK_COLUMNS]);
  });

  test("every reference cell reads back to the same references (partial ones included)", () => {
    let partial = 0;
    for (const e of cw.entries) {
      const back = parseRefsCell(refsCell(e.infobankRefs));
      expect(back).not.toBeNull();
      expect(refsCell(back!)).toBe(refsCell(e.infobankRefs));
      expect(back!.map((r) => !!r.partial)).toEqual(e.infobankRefs.map((r) => !!r.partial));
      partial += back!.filter((r) => r.partial).length;
    }
    expect(partial).toBeGreaterThan(0);
    expect(parseRefsCell("5.4.1④ 諮問体制 M01、M02、No.130〜133")).toEqual([
      { section: "5.4.1", subItem: "④", heading: "諮問体制", items: [{ series: "M", from: 1 }, { series: "M", from: 2 }, { series: "No", from: 130, to: 133 }] },
    ]);
    expect(parseRefsCell("5.1 業務能力 6")).toBeNull();
  });
});

describe("CSV reader", () => {
  test("quotes, doubled quotes, line breaks inside a field, CRLF and LF, BOM", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""","line1\nline2"\nlast,\r\n')).toEqual([
      ["a", "b"],
      ['x, "y"', "line1\nline2"],
      ["last", ""],
    ]);
  });
});

describe("table errors name the row and the column", () => {
  const table = () => parseCsv(crosswalkToCsv(cw)).map((r) => [...r]);
  const col = (c: string) => CROSSWALK_COLUMNS.indexOf(c as (typeof CROSSWALK_COLUMNS)[number]);

  test("a missing and an unknown column", () => {
    const t = table().map((r) => r.filter((_, i) => i !== col("topicLabel")));
    t[0]!.push("comment");
    const r = tableToCrosswalk(t, metaOf(cw));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [1, "topicLabel"],
      [1, "comment"],
    ]);
  });

  test("a bad number and unreadable references", () => {
    const t = table();
    t[4]![col("check")] = "二";
    t[7]![col("infobankRefs")] = "see 5.2";
    const r = tableToCrosswalk(t, metaOf(cw));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.row, e.column])).toEqual([
        [5, "check"],
        [8, "infobankRefs"],
      ]);
      expect(r.errors[0]!.message.en).toContain('"二"');
    }
  });

  test("schema errors map back to the row and column", () => {
    const t = table();
    t[10]![col("class")] = "E";
    t[12]![col("rationale_en")] = "";
    const r = tableToCrosswalk(t, metaOf(cw));
    if (!r.ok) throw new Error("structure should be fine");
    const p = parseCrosswalk(r.crosswalk);
    expect(p.ok).toBe(false);
    if (!p.ok) {
      const at = p.errors.map((e) => columnOfPath(e.path));
      expect(at).toContainEqual({ row: 11, column: "class" });
      expect(at).toContainEqual({ row: 13, column: "rationale_en" });
    }
  });
});

describe("crosswalk import (CLI)", () => {
  let dir: string;
  let out = "";
  let err = "";
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-cwtable-"));
    out = "";
    err = "";
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (...argv: string[]) =>
    main(argv, {
      out: (s) => (out += s),
      err: (s) => (err += s),
      isTTY: false,
      cwd: dir,
      today: "2026-01-15",
      now: () => "2026-01-15T09:00:00.000Z",
    });
  const json = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Crosswalk;

  test("export → import round-trips (CSV); the version says it came from a table", async () => {
    expect(await run("crosswalk", "--format", "csv", "-o", "t.csv")).toBe(0);
    expect(await run("crosswalk", "import", "t.csv", "-o", "back.json")).toBe(0);
    const back = json("back.json");
    expect(back.crosswalkVersion).toMatch(new RegExp(`^${cw.crosswalkVersion.replace(/\./g, "\\.")}\\+table\\.[0-9a-f]{8}$`));
    expect({ ...back, crosswalkVersion: cw.crosswalkVersion }).toEqual(JSON.parse(JSON.stringify(cw)));
  });

  test("an expert edits a row in Excel (.xlsx): class, references, rationale, provenance user with name and date", async () => {
    const rows = parseCsv(crosswalkToCsv(cw));
    const i = rows.findIndex((r) => r[0] === "2.1(2)/5-6");
    const c = (name: string) => CROSSWALK_COLUMNS.indexOf(name as (typeof CROSSWALK_COLUMNS)[number]);
    rows[i]![c("class")] = "A";
    rows[i]![c("infobankRefs")] = "5.3.1④ 技術的安全管理措置 No.52〜53";
    rows[i]![c("rationale_ja")] = "専門家の確認により、情報銀行の技術的安全管理措置の方が具体的と判断（架空の例）";
    rows[i]![c("rationale_en")] = "An expert found the certification's technical controls more specific (fictitious example)";
    rows[i]![c("provenance")] = "user";
    rows[i]![c("provenance_by")] = "審査 太郎（架空）";
    rows[i]![c("provenance_on")] = "2026-01-10";
    // numbers as numbers, as Excel stores them
    const values = rows.map((r) => r.map((v) => (/^\d+$/.test(v) ? Number(v) : v === "" ? null : v)));
    fs.writeFileSync(path.join(dir, "t.xlsx"), await writeSheetsXlsx([{ name: "crosswalk", values }]));
    expect(await run("crosswalk", "import", "t.xlsx", "-o", "edited.json", "--set-version", "2026.11-expert.1")).toBe(0);
    const x = json("edited.json");
    expect(x.crosswalkVersion).toBe("2026.11-expert.1");
    const e = x.entries.find((y) => y.id === "2.1(2)/5-6")!;
    expect(e.class).toBe("A");
    expect(e.infobankRefs).toEqual([{ section: "5.3.1", subItem: "④", heading: "技術的安全管理措置", items: [{ series: "No", from: 52, to: 53 }] }]);
    expect(e.provenance).toEqual({
      kind: "user",
      by: "審査 太郎（架空）",
      on: "2026-01-10",
      rationale: { ja: rows[i]![c("rationale_ja")], en: rows[i]![c("rationale_en")] },
    });
    // class totals now differ from the published ones: a warning with the numbers, not an error
    expect(err).toMatch(/A 37/);
    expect(refsText({ id: e.id, class: e.class, status: "covered", reasons: [], entry: e }, "ja")).toContain("［専門家修正: 審査 太郎（架空） 2026-01-10］");
    // the edited file is usable as --crosswalk
    expect(await run("crosswalk", "--crosswalk", "edited.json", "--format", "csv", "-o", "again.csv")).toBe(0);
  });

  test("a user row without a name: exit 2, the message names the row and the column, nothing written", async () => {
    const rows = parseCsv(crosswalkToCsv(cw));
    rows[3]![CROSSWALK_COLUMNS.indexOf("provenance")] = "user";
    rows[3]![CROSSWALK_COLUMNS.indexOf("provenance_on")] = "2026-01-10";
    fs.writeFileSync(path.join(dir, "t.csv"), rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(",")).join("\n"));
    expect(await run("crosswalk", "import", "t.csv", "-o", "x.json")).toBe(2);
    expect(err).toContain("4行目・列「provenance_by」");
    expect(err).toContain('row 4, column "provenance_by"');
    expect(fs.existsSync(path.join(dir, "x.json"))).toBe(false);
  });
});

test("the workbook record keeps the crosswalk's version and hash", async () => {
  const book = standardLayout(cw.entries);
  const wb = new FakeWorkbook(book.sheets, book.checksheet);
  let t = 0;
  await applyCoverage(wb, { crosswalk: cw, today: "2026-01-15", now: () => `2026-01-15T00:00:0${t++}.000Z`, tool: "addin" }, { certification: testCertification() });
  const read = await wb.read({ recordOnly: true });
  const rec = decodeRecord(read.recordCells)!;
  expect(rec.crosswalkVersion).toBe(cw.crosswalkVersion);
  expect(rec.crosswalkHash).toBe(crosswalkHash(cw));
  expect(rec.crosswalkHash).toMatch(/^[0-9a-f]{64}$/);
});

test("the crosswalk hash does not depend on key order (the CLI's validated copy and the pane's raw JSON agree)", () => {
  const raw = JSON.parse(fs.readFileSync(path.join(DATA, "crosswalk.json"), "utf8")) as Crosswalk;
  expect(crosswalkHash(cw)).toBe(crosswalkHash(raw));
  const shuffled = { ...raw, entries: raw.entries.map((e) => Object.fromEntries(Object.entries(e).reverse()) as typeof e) };
  expect(crosswalkHash(shuffled)).toBe(crosswalkHash(raw));
  const changed = { ...raw, entries: raw.entries.map((e, i) => (i === 0 ? { ...e, class: "A" as const } : e)) };
  expect(crosswalkHash(changed)).not.toBe(crosswalkHash(raw));
});

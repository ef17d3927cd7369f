/**
 * The bad-input matrix (issue 7). ONE case list drives:
 *   - the CLI, in-process through main() in a fresh tmp dir: exit code, the message (bilingual, Japanese first,
 *     no stack trace), every input file byte-identical afterwards, no output / temp file left behind;
 *   - the add-in path where it applies: the use cases over OfficeGateway + the strict fake Excel:
 *     the UserFacingError code and bilingual message, and the fake workbook state identical afterwards;
 *   - the `## Bad input` table in README.md (this file checks it matches; `UPDATE_README=1` rewrites it).
 *
 * All data is generated and fictitious. No timing assertions; the 100,000-row case asserts a memory bound only.
 */
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checksheetBook, fakeSeedOf } from "../../bench/fixtures";
import { main } from "../../src/cli/main";
import { parseCertificationJson } from "../../src/domain/certification";
import { loadBundledCrosswalk, parseCrosswalk } from "../../src/domain/crosswalk";
import { RECORD_SHEET_NAME } from "../../src/domain/record";
import type { Localized } from "../../src/domain/types";
import { UserFacingError } from "../../src/workbook/gateway";
import { OfficeGateway } from "../../src/workbook/office";
import { analyzeWorkbook, applyCoverage, clearMarks, type UseCaseContext } from "../../src/workbook/usecases";
import { createFakeExcel, type FakeExcel, type FakeSeed } from "../fakes/fake-excel";
import { messyLayout, standardLayout, type LayoutBook } from "../helpers/layouts";
import { addSheet, writeLayoutXlsx, writeSheetsXlsx } from "../helpers/make-xlsx";
import { differingParts } from "../helpers/rich-checksheet";

const crosswalk = loadBundledCrosswalk();
const TODAY = "2026-01-15";
const NOW = "2026-01-15T09:00:00.000Z";

const CERT = {
  schema: "infobank-certification/1",
  certificationNumber: "IB-MATRIX-0001",
  holder: "マトリクス検証株式会社（架空）",
  serviceName: "検証PHR（架空）",
  kind: "standard",
  guidelineVersion: "3.0",
  checklistVersion: "3.0",
  scopes: ["health-medical"],
  certifiedOn: "2025-04-01",
  expiresOn: "2027-03-31",
  status: "active",
};
const certWith = (o: Record<string, unknown>) => JSON.stringify({ ...CERT, ...o });

/* ------------------------------------------------------------------ */
/* Inputs                                                              */
/* ------------------------------------------------------------------ */

const standardXlsx = () => writeLayoutXlsx(standardLayout(crosswalk.entries));

function withDuplicate(): LayoutBook {
  const book = standardLayout(crosswalk.entries);
  const s = book.sheets[0];
  const first = s.values.findIndex((r) => r?.[0] === "1-1");
  s.values.splice(first + 1, 0, [...s.values[first]]);
  return book;
}

function withUnknown(): LayoutBook {
  const book = standardLayout(crosswalk.entries);
  const s = book.sheets[0];
  s.values.push(["9-99", "指針", "対応表にない確認項目（架空）", null, null]);
  return book;
}

/** Answer cells: one merged over two columns, one holding a formula. */
function mergedFormulaBook(): { book: LayoutBook; formulaRow: number; mergedRow: number } {
  const book = standardLayout(crosswalk.entries);
  const s = book.sheets[0];
  const ids = [...book.rowOf.entries()];
  const mergedRow = ids[0][1];
  const formulaRow = ids[1][1];
  s.merges = [...(s.merges ?? []), { top: mergedRow, left: 3, bottom: mergedRow, right: 4 }];
  s.values[mergedRow][3] = "はい";
  s.values[mergedRow][4] = null;
  s.formulas = s.values.map(() => []);
  s.formulas[formulaRow] = [null, null, null, '=IF(C2<>"","はい","")'];
  s.values[formulaRow][3] = "はい";
  return { book, formulaRow, mergedRow };
}

async function mergedFormulaXlsx(): Promise<Uint8Array> {
  const { book, formulaRow } = mergedFormulaBook();
  const wb = new ExcelJS.Workbook();
  const ws = addSheet(wb, book.sheets[0]);
  ws.getCell(formulaRow + 1, 4).value = { formula: 'IF(C2<>"","はい","")', result: "はい" } as ExcelJS.CellFormulaValue;
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

async function protectedXlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = addSheet(wb, standardLayout(crosswalk.entries).sheets[0]);
  await ws.protect("", { selectLockedCells: true, selectUnlockedCells: true });
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function cfb(names: string[] = []): Uint8Array {
  const b = new Uint8Array(2048);
  b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  names.forEach((n, i) => b.set(Uint8Array.from([...n].flatMap((ch) => [ch.charCodeAt(0), 0])), 1024 + i * 128));
  return b;
}

/** Change one character of the stored record JSON inside the .xlsx (the hash no longer matches). */
function tamperRecordXlsx(bytes: Uint8Array): Uint8Array {
  const parts = unzipSync(bytes);
  let done = false;
  for (const name of Object.keys(parts)) {
    if (!name.endsWith(".xml") || done) continue;
    const text = strFromU8(parts[name]);
    const i = text.indexOf("IB-MATRIX-0001");
    if (i >= 0 && (text.includes("&quot;layers&quot;") || text.includes('"layers"'))) {
      parts[name] = strToU8(text.slice(0, i) + "IB-MATRIX-0009" + text.slice(i + 14));
      done = true;
    }
  }
  if (!done) throw new Error("record chunk not found in the annotated workbook");
  return zipSync(parts);
}

function seedOf(book: LayoutBook): FakeSeed {
  return fakeSeedOf(book);
}

/* ------------------------------------------------------------------ */
/* The case list                                                       */
/* ------------------------------------------------------------------ */

interface CliEnv {
  dir: string;
  write(name: string, data: Uint8Array | string): string;
}

interface AddinEnv {
  fake: FakeExcel;
  gw: OfficeGateway;
  ctx: UseCaseContext;
}

interface Case {
  id: string;
  /** README: the input. */
  input: string;
  /** README: what the user is told (short, both languages). */
  told: Localized;
  cli: {
    /** Writes the inputs into env.dir and returns argv. */
    setup(env: CliEnv): Promise<string[]>;
    exit: 0 | 1 | 2;
    /** Matched against stderr (exit 2) or stdout+stderr. Must match both the Japanese and the English text. */
    ja: RegExp;
    en: RegExp;
    /** File name the command writes on success (only for exit 0/1 commands with -o). */
    output?: string;
    /** Extra checks on the CLI run. */
    check?(env: CliEnv, r: RunResult): Promise<void> | void;
    /** Bound for the rss growth (bytes) during the run. */
    rssBound?: number;
  };
  /** The add-in path; a string explains why it does not apply. */
  addin:
    | string
    | {
        seed(): FakeSeed | Promise<FakeSeed>;
        /** Preparation whose workbook changes are allowed (e.g. an earlier apply). */
        prepare?(env: AddinEnv): Promise<void>;
        act(env: AddinEnv): Promise<unknown>;
        /** UserFacingError code thrown by act, or null when act succeeds and `check` looks at its result. */
        error: string | null;
        ja: RegExp;
        en: RegExp;
        /** Message(s) of a successful act (e.g. detection notes / evaluation problems). */
        messages?(result: unknown): Localized[];
        /** README wording for the add-in column (default from error / changes). */
        readme?: string;
        /** Whether the fake workbook may change (only for cases where the add-in does its normal job). */
        changes?: boolean;
        check?(env: AddinEnv, result: unknown): Promise<void> | void;
      };
}

interface RunResult {
  code: number;
  out: string;
  err: string;
}

const annotate = (f: string, cert = "cert.json") => ["annotate", f, "--cert", cert, "-o", "out.xlsx"];
const scanJson = (f: string, cert = "cert.json") => ["scan", f, "--cert", cert, "--json"];
const NOT_IN_PANE = "Excel opens the file; the add-in never sees its bytes";

function certCase(id: string, input: string, told: Localized, cert: Record<string, unknown>, code: string, ja: RegExp, en: RegExp): Case {
  return {
    id,
    input,
    told,
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        env.write("c.json", certWith(cert));
        return scanJson("in.xlsx", "c.json");
      },
      exit: 1,
      ja,
      en,
      check(_env, r) {
        const j = JSON.parse(r.out);
        expect(j.certification.valid).toBe(false);
        expect(j.certification.problems.map((p: { code: string }) => p.code)).toContain(code);
        expect(j.summary.covered).toBe(0);
      },
    },
    addin: {
      seed: () => seedOf(standardLayout(crosswalk.entries)),
      async act({ gw, ctx }) {
        const parsed = parseCertificationJson(certWith(cert));
        if (!parsed.ok) throw new Error("expected a well-formed certification");
        const a = await analyzeWorkbook(gw, ctx, { certification: parsed.certification });
        return a;
      },
      error: null,
      ja,
      en,
      messages: (a) => (a as { evaluation: { problems: { message: Localized }[] } }).evaluation.problems.map((p) => p.message),
      check(_env, a) {
        const an = a as Awaited<ReturnType<typeof analyzeWorkbook>>;
        expect(an.evaluation?.valid).toBe(false);
        expect(an.evaluation?.problems.map((p) => p.code)).toContain(code);
        expect(an.coverage.summary.covered).toBe(0);
      },
    },
  };
}

const CASES: Case[] = [
  {
    id: "corrupt-zip",
    input: "corrupt zip (`PK` header, garbage after)",
    told: { ja: "壊れているか途中で切れているため読み取れません", en: "damaged or truncated, cannot be read" },
    cli: {
      async setup(env) {
        env.write("c.xlsx", new Uint8Array(400).map((_, i) => (i < 4 ? [0x50, 0x4b, 0x03, 0x04][i] : (i * 37) % 251)));
        return annotate("c.xlsx");
      },
      exit: 2,
      ja: /壊れている/,
      en: /damaged or truncated/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "truncated",
    input: "truncated `.xlsx` (first half of a real file)",
    told: { ja: "壊れているか途中で切れているため読み取れません", en: "damaged or truncated, cannot be read" },
    cli: {
      async setup(env) {
        const good = await standardXlsx();
        env.write("t.xlsx", good.slice(0, Math.floor(good.length / 2)));
        return annotate("t.xlsx");
      },
      exit: 2,
      ja: /壊れている/,
      en: /damaged or truncated/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "zero-bytes",
    input: "0-byte `.xlsx`",
    told: { ja: "空です（0 バイト）", en: "is empty (0 bytes)" },
    cli: {
      async setup(env) {
        env.write("z.xlsx", new Uint8Array(0));
        return annotate("z.xlsx");
      },
      exit: 2,
      ja: /空です/,
      en: /empty \(0 bytes\)/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "password",
    input: "password-protected workbook (encrypted OOXML in a CFB container)",
    told: { ja: "パスワードで保護（暗号化）されています", en: "password-protected (encrypted)" },
    cli: {
      async setup(env) {
        env.write("p.xlsx", cfb(["EncryptionInfo", "EncryptedPackage"]));
        return annotate("p.xlsx");
      },
      exit: 2,
      ja: /パスワード/,
      en: /password-protected/,
    },
    addin: "Excel asks for the password before the add-in can read anything",
  },
  {
    id: "xls",
    input: "legacy `.xls`",
    told: { ja: "旧形式の .xls です。.xlsx として保存し直してください", en: "legacy .xls file; save it as .xlsx" },
    cli: {
      async setup(env) {
        env.write("old.xls", cfb());
        return annotate("old.xls");
      },
      exit: 2,
      ja: /\.xls/,
      en: /legacy \.xls/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "xls-renamed",
    input: "`.xls` renamed to `.xlsx`",
    told: { ja: "旧形式の Excel ファイル（.xls）です", en: "a legacy Excel file (.xls)" },
    cli: {
      async setup(env) {
        env.write("old.xlsx", cfb());
        return annotate("old.xlsx");
      },
      exit: 2,
      ja: /\.xls/,
      en: /\.xls/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "csv-renamed",
    input: "`.csv` renamed to `.xlsx`",
    told: { ja: "Excel ブック（.xlsx）ではありません", en: "is not an Excel workbook (.xlsx)" },
    cli: {
      async setup(env) {
        env.write("list.xlsx", "No,項目,回答\n1-1,方針,はい\n");
        return annotate("list.xlsx");
      },
      exit: 2,
      ja: /ではありません/,
      en: /not an Excel workbook/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "empty-workbook",
    input: "empty workbook (one blank sheet)",
    told: { ja: "チェックシートの項目を確認できませんでした", en: "Could not identify the checksheet items" },
    cli: {
      async setup(env) {
        env.write("e.xlsx", await writeSheetsXlsx([{ name: "Sheet1", values: [] }]));
        return annotate("e.xlsx");
      },
      exit: 2,
      ja: /チェックシートの項目を確認できませんでした/,
      en: /Could not identify the checksheet items/,
    },
    addin: {
      seed: () => ({ sheets: [{ name: "Sheet1", values: [] }] }),
      act: ({ gw, ctx }) => applyCoverage(gw, ctx, { certification: parsedCert() }),
      error: "no-checksheet",
      ja: /チェックシートの項目を確認できませんでした/,
      en: /Could not identify the checksheet items/,
    },
  },
  {
    id: "wrong-sheet",
    input: "wrong sheet chosen (`--sheet 表紙` / the pane's sheet picker)",
    told: { ja: "チェックシートの項目を確認できませんでした（表紙）", en: "Could not identify the checksheet items" },
    cli: {
      async setup(env) {
        env.write("m.xlsx", await writeLayoutXlsx(messyLayout(crosswalk.entries)));
        return [...annotate("m.xlsx"), "--sheet", "表紙"];
      },
      exit: 2,
      ja: /表紙/,
      en: /Could not identify the checksheet items/,
    },
    addin: {
      seed: () => seedOf(messyLayout(crosswalk.entries)),
      act: ({ gw, ctx }) => applyCoverage(gw, ctx, { certification: parsedCert(), sheet: "表紙" }),
      error: "no-checksheet",
      ja: /表紙/,
      en: /Could not identify the checksheet items/,
    },
  },
  {
    id: "no-items",
    input: "a sheet with text but no checksheet items",
    told: { ja: "チェックシートの項目を確認できませんでした", en: "Could not identify the checksheet items" },
    cli: {
      async setup(env) {
        env.write("memo.xlsx", await writeSheetsXlsx([{ name: "メモ", values: [["議事メモ（架空）"], ["特になし"], ["1", "2", "3"]] }]));
        return annotate("memo.xlsx");
      },
      exit: 2,
      ja: /チェックシートの項目を確認できませんでした/,
      en: /Could not identify the checksheet items/,
    },
    addin: {
      seed: () => ({ sheets: [{ name: "メモ", values: [["議事メモ（架空）"], ["特になし"], ["1", "2", "3"]] }] }),
      act: ({ gw, ctx }) => applyCoverage(gw, ctx, { certification: parsedCert() }),
      error: "no-checksheet",
      ja: /チェックシートの項目を確認できませんでした/,
      en: /Could not identify the checksheet items/,
    },
  },
  {
    id: "duplicate-ids",
    input: "duplicate item ids (the same id on two rows)",
    told: { ja: "同じ項目番号が複数の行にあります（行番号つき）", en: "The same item id appears on several rows (with rows)" },
    cli: {
      async setup(env) {
        env.write("d.xlsx", await writeLayoutXlsx(withDuplicate()));
        return annotate("d.xlsx");
      },
      exit: 2,
      ja: /同じ項目番号が複数の行にあります/,
      en: /same item id appears on several rows/,
    },
    addin: {
      seed: () => seedOf(withDuplicate()),
      act: ({ gw, ctx }) => applyCoverage(gw, ctx, { certification: parsedCert() }),
      error: "duplicate-ids",
      ja: /同じ項目番号が複数の行にあります/,
      en: /same item id appears on several rows/,
    },
  },
  {
    id: "unknown-ids",
    input: "ids the catalog does not know (`9-99`)",
    told: { ja: "scan: 対応表にない項目を行番号つきで一覧（終了コード 1）", en: "scan lists unknown ids with their rows (exit 1)" },
    cli: {
      async setup(env) {
        env.write("u.xlsx", await writeLayoutXlsx(withUnknown()));
        return ["scan", "u.xlsx", "--cert", "cert.json"];
      },
      exit: 1,
      ja: /対応表にない項目: 9-99/,
      en: /9-99 \(行 \d+\)/,
    },
    addin: {
      seed: () => seedOf(withUnknown()),
      act: ({ gw, ctx }) => analyzeWorkbook(gw, ctx, { certification: parsedCert() }),
      error: null,
      ja: /9-99/,
      en: /9-99/,
      messages: (a) => (a as Awaited<ReturnType<typeof analyzeWorkbook>>).detection!.unknown.map((u) => ({ ja: u.rawId, en: u.rawId })),
      check(_env, a) {
        const an = a as Awaited<ReturnType<typeof analyzeWorkbook>>;
        expect(an.detection?.ok).toBe(true);
        expect(an.detection?.items).toHaveLength(145);
      },
    },
  },
  {
    id: "merged-formula-answers",
    input: "merged answer cell and formula answer cell",
    told: { ja: "通常どおり色付け（値・数式・結合は変更せず、消去で完全に復元）", en: "annotated as usual; values, formulas, merges kept; clear restores exactly" },
    cli: {
      async setup(env) {
        env.write("mf.xlsx", await mergedFormulaXlsx());
        return annotate("mf.xlsx");
      },
      exit: 0,
      ja: /充足 136 \/ 要証跡 9/,
      en: /covered 136 \/ needs evidence 9/,
      output: "out.xlsx",
      async check(env) {
        const { formulaRow, mergedRow } = mergedFormulaBook();
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(fs.readFileSync(path.join(env.dir, "out.xlsx")) as unknown as ExcelJS.Buffer);
        const ws = wb.worksheets[0];
        expect((ws.getCell(formulaRow + 1, 4).value as ExcelJS.CellFormulaValue).formula).toBe('IF(C2<>"","はい","")');
        expect(ws.getCell(mergedRow + 1, 4).value).toBe("はい");
        expect(ws.getCell(mergedRow + 1, 5).isMerged).toBe(true);
        expect((ws.getCell(formulaRow + 1, 4).fill as ExcelJS.FillPattern)?.pattern).toBe("solid");
        // and clear gives back every part of the original
        const back = await run(env.dir, ["clear", "out.xlsx", "-o", "back.xlsx"]);
        expect(back.code).toBe(0);
        expect(differingParts(fs.readFileSync(path.join(env.dir, "mf.xlsx")), fs.readFileSync(path.join(env.dir, "back.xlsx")))).toEqual([]);
      },
    },
    addin: {
      seed: () => seedOf(mergedFormulaBook().book),
      async act({ gw, ctx }) {
        await applyCoverage(gw, ctx, { certification: parsedCert() });
        return clearMarks(gw, ctx);
      },
      error: null,
      ja: /./,
      en: /./,
      readme: "apply + clear: workbook identical",
      // apply then clear: the workbook must be exactly as before (checked by the runner).
      check(env, r) {
        expect((r as { done: boolean }).done).toBe(true);
        const { formulaRow } = mergedFormulaBook();
        expect(env.fake.cell("チェックシート", `D${formulaRow + 1}`)?.f).toBe('=IF(C2<>"","はい","")');
      },
    },
  },
  {
    id: "protected-sheet",
    input: "protected checksheet",
    told: { ja: "シートは保護されています。保護を解除してから（何も変更していません）", en: "Sheet is protected. Unprotect it (nothing was changed)" },
    cli: {
      async setup(env) {
        env.write("prot.xlsx", await protectedXlsx());
        return annotate("prot.xlsx");
      },
      exit: 2,
      ja: /保護されています/,
      en: /is protected/,
    },
    addin: {
      seed: () => {
        const s = seedOf(standardLayout(crosswalk.entries));
        s.sheets[0].protected = true;
        return s;
      },
      act: ({ gw, ctx }) => applyCoverage(gw, ctx, { certification: parsedCert() }),
      error: "protected",
      ja: /保護されています/,
      en: /is protected/,
    },
  },
  {
    id: "rows-100k",
    input: "100,000-row checksheet (145 items, notes under each)",
    told: { ja: "通常どおり処理（メモリ増加は上限内）", en: "processed normally (memory growth bounded)" },
    cli: {
      async setup(env) {
        env.write("big.xlsx", await writeLayoutXlsx(checksheetBook(100_000)));
        return annotate("big.xlsx");
      },
      exit: 0,
      ja: /充足 136 \/ 要証跡 9/,
      en: /covered 136 \/ needs evidence 9/,
      output: "out.xlsx",
      rssBound: 1.5 * 1024 ** 3,
    },
    addin: {
      seed: () => seedOf(checksheetBook(100_000)),
      async act({ gw, ctx, fake }) {
        const before = process.memoryUsage().rss;
        const s0 = fake.syncCount;
        const st0 = fake.stats.length;
        const r = await applyCoverage(gw, ctx, { certification: parsedCert() });
        const largest = Math.max(...fake.stats.slice(st0).map((st) => Math.max(st.request, st.response)));
        return { r, syncs: fake.syncCount - s0, largest, rssDelta: process.memoryUsage().rss - before };
      },
      error: null,
      ja: /./,
      en: /./,
      changes: true,
      check(_env, x) {
        const { r, syncs, largest, rssDelta } = x as { r: { plan: { counts: { covered: number } } }; syncs: number; largest: number; rssDelta: number };
        expect(r.plan.counts.covered).toBe(136);
        // contents read in bounded bands (Excel on the web: 5 MB per request / response), not one sync per item
        expect(syncs).toBeLessThanOrEqual(16);
        expect(largest).toBeLessThan(5 * 1024 * 1024);
        expect(rssDelta).toBeLessThan(1.5 * 1024 ** 3);
      },
    },
  },
  {
    id: "cert-bad-json",
    input: "certification: malformed JSON",
    told: { ja: "認定情報ファイルが不正です（JSON）", en: "The certification file is invalid (JSON)" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        env.write("bad.json", "{ not json");
        return annotate("in.xlsx", "bad.json");
      },
      exit: 2,
      ja: /認定情報ファイル「bad\.json」が不正です.*JSON/,
      en: /certification file "bad\.json" is invalid.*JSON/,
    },
    addin: {
      seed: () => seedOf(standardLayout(crosswalk.entries)),
      act: async () => parseCertificationJson("{ not json"),
      error: null,
      ja: /JSON/,
      en: /JSON/,
      messages: (r) => (r as { ok: false; errors: { message: Localized }[] }).errors.map((e) => e.message),
      check: (_e, r) => expect((r as { ok: boolean }).ok).toBe(false),
    },
  },
  {
    id: "cert-wrong-schema",
    input: "certification: wrong schema (`other/9`)",
    told: { ja: "認定情報ファイルが不正です（schema）", en: "The certification file is invalid (schema)" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        env.write("s.json", certWith({ schema: "other/9" }));
        return annotate("in.xlsx", "s.json");
      },
      exit: 2,
      ja: /認定情報ファイル「s\.json」が不正です/,
      en: /schema/,
    },
    addin: {
      seed: () => seedOf(standardLayout(crosswalk.entries)),
      act: async () => parseCertificationJson(certWith({ schema: "other/9" })),
      error: null,
      ja: /schema|形式/,
      en: /schema/,
      messages: (r) => (r as { ok: false; errors: { message: Localized }[] }).errors.map((e) => e.message),
      check: (_e, r) => expect((r as { ok: boolean }).ok).toBe(false),
    },
  },
  certCase("cert-expired", "certification: expired", { ja: "有効期限が切れています", en: "expired" }, { expiresOn: "2025-12-31" }, "expired", /有効期限（2025-12-31）が切れています/, /expired/i),
  certCase("cert-revoked", "certification: revoked", { ja: "認定は取り消されています", en: "has been revoked" }, { status: "revoked" }, "status-revoked", /取り消されています/, /revoked/),
  certCase("cert-suspended", "certification: suspended", { ja: "認定は停止されています", en: "suspended" }, { status: "suspended" }, "status-suspended", /停止/, /suspended/i),
  certCase("cert-no-scope", "certification: without the health-medical scope", { ja: "健康・医療分野が対象に含まれていません", en: "health-medical scope missing" }, { scopes: ["finance"] }, "scope-missing", /健康・医療/, /health/i),
  certCase("cert-old-guideline", "certification: older guideline version (2.2)", { ja: "認定指針の版が古い", en: "guideline version too old" }, { guidelineVersion: "2.2" }, "guideline-too-old", /2\.2/, /2\.2/),
  {
    id: "crosswalk-unknown-class",
    input: "crosswalk file with an unknown class (`E`)",
    told: { ja: "対応表ファイルが不正です（該当する項目番号つき）", en: "The crosswalk file is invalid (names the entry)" },
    cli: {
      async setup(env) {
        const x = JSON.parse(JSON.stringify(crosswalk));
        x.entries[0].class = "E";
        env.write("in.xlsx", await standardXlsx());
        env.write("x.json", JSON.stringify(x));
        return [...annotate("in.xlsx"), "--crosswalk", "x.json"];
      },
      exit: 2,
      ja: new RegExp(`対応表ファイル「x\\.json」が不正です.*${escapeRe(crosswalk.entries[0].id)}`),
      en: new RegExp(`crosswalk file "x\\.json" is invalid.*${escapeRe(crosswalk.entries[0].id)}`),
    },
    addin: {
      seed: () => seedOf(standardLayout(crosswalk.entries)),
      act: async () => {
        const x = JSON.parse(JSON.stringify(crosswalk));
        x.entries[0].class = "E";
        return parseCrosswalk(x);
      },
      error: null,
      ja: new RegExp(escapeRe(crosswalk.entries[0].id)),
      en: new RegExp(escapeRe(crosswalk.entries[0].id)),
      messages: (r) => (r as { ok: false; errors: { message: Localized }[] }).errors.map((e) => e.message),
      check: (_e, r) => expect((r as { ok: boolean }).ok).toBe(false),
    },
  },
  {
    id: "crosswalk-wrong-totals",
    input: "crosswalk file with wrong class totals (A 37 / B 99)",
    told: { ja: "警告: 区分の件数が公表値と違います（数値つき）、処理は続行", en: "Warning: class totals differ from the published ones (with numbers); continues" },
    cli: {
      async setup(env) {
        const y = JSON.parse(JSON.stringify(crosswalk));
        y.entries.find((e: { class: string }) => e.class === "B").class = "A";
        env.write("in.xlsx", await standardXlsx());
        env.write("y.json", JSON.stringify(y));
        return ["scan", "in.xlsx", "--cert", "cert.json", "--crosswalk", "y.json"];
      },
      exit: 0,
      ja: /警告: .*A 37.*36/,
      en: /Warning: .*A 37.*36/,
    },
    addin: {
      seed: () => seedOf(standardLayout(crosswalk.entries)),
      act: async () => {
        const y = JSON.parse(JSON.stringify(crosswalk));
        y.entries.find((e: { class: string }) => e.class === "B").class = "A";
        return parseCrosswalk(y);
      },
      error: null,
      ja: /37/,
      en: /37/,
      messages: (r) => (r as { ok: true; warnings: Localized[] }).warnings,
      check: (_e, r) => expect((r as { ok: boolean }).ok).toBe(true),
    },
  },
  {
    id: "record-edited",
    input: "stored add-in record edited by hand, then `clear`",
    told: { ja: "アドインの記録が手作業で変更されています。処理を中止しました", en: "The add-in record was edited by hand. Stopped" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        const code = await run(env.dir, annotate("in.xlsx", "cert.json"));
        if (code.code !== 0) throw new Error(`setup annotate failed: ${code.err}`);
        const annotated = fs.readFileSync(path.join(env.dir, "out.xlsx"));
        fs.unlinkSync(path.join(env.dir, "out.xlsx"));
        env.write("edited.xlsx", tamperRecordXlsx(new Uint8Array(annotated)));
        return ["clear", "edited.xlsx", "-o", "back.xlsx"];
      },
      exit: 2,
      ja: /手作業で変更されています/,
      en: /edited by hand/,
    },
    addin: {
      seed: () => seedOf(standardLayout(crosswalk.entries)),
      async prepare({ gw, ctx, fake }) {
        await applyCoverage(gw, ctx, { certification: parsedCert() });
        const rec = fake.state.sheets.find((s) => s.name === RECORD_SHEET_NAME)!;
        // the first chunk of the JSON is in column A, row 4
        const key = [...rec.cells.keys()].sort((a, b) => a - b)[3];
        const cell = rec.cells.get(key)!;
        cell.v = String(cell.v).replace("IB-MATRIX-0001", "IB-MATRIX-0009");
      },
      act: ({ gw, ctx }) => clearMarks(gw, ctx, { force: true }),
      error: "record-tampered",
      ja: /手作業で変更されています/,
      en: /edited by hand/,
    },
  },
];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parsedCert() {
  const r = parseCertificationJson(JSON.stringify(CERT));
  if (!r.ok) throw new Error("test certification invalid");
  return r.certification;
}

/* ------------------------------------------------------------------ */
/* Runner                                                              */
/* ------------------------------------------------------------------ */

async function run(dir: string, argv: string[]): Promise<RunResult> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false, cwd: dir, today: TODAY, now: () => NOW });
  return { code, out, err };
}

function listTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const JA = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe("bad-input matrix: CLI (in-process main, tmp dir)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-matrix-"));
    fs.writeFileSync(path.join(dir, "cert.json"), JSON.stringify(CERT));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(CASES.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const env: CliEnv = {
      dir,
      write: (name, data) => {
        fs.writeFileSync(path.join(dir, name), data);
        return name;
      },
    };
    const argv = await c.cli.setup(env);
    const before = listTree(dir);
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const r = await run(dir, argv);
    const rssDelta = process.memoryUsage().rss - rss0;
    expect({ code: r.code, err: r.code !== c.cli.exit ? r.err : "" }).toEqual({ code: c.cli.exit, err: "" });

    const text = c.cli.exit === 2 ? r.err : r.out + r.err;
    if (c.cli.exit === 2) {
      // one bilingual message, Japanese first, nothing on stdout
      expect(r.err).toMatch(/^エラー: .+\nError: .+\n$/);
      const [jaLine, enLine] = r.err.split("\n");
      expect(jaLine).toMatch(c.cli.ja);
      expect(enLine).toMatch(c.cli.en);
      expect(jaLine).toMatch(JA);
      expect(r.out).toBe("");
    } else {
      expect(text).toMatch(c.cli.ja);
      expect(text).toMatch(c.cli.en);
    }
    expect(text).not.toMatch(/\n\s+at .+:\d+/); // no stack trace
    expect(text).not.toMatch(/TypeError|ReferenceError|undefined is not/);

    // inputs byte-identical; nothing but the declared output appeared; no temp files
    const after = listTree(dir);
    for (const [name, bytes] of before) expect({ name, same: after.get(name)?.equals(bytes) ?? false }).toEqual({ name, same: true });
    const added = [...after.keys()].filter((n) => !before.has(n)).sort();
    expect(added).toEqual(c.cli.output ? [c.cli.output] : []);
    if (c.cli.rssBound) expect(rssDelta).toBeLessThan(c.cli.rssBound);
    await c.cli.check?.(env, r);
  });
});

describe("bad-input matrix: add-in (use cases over OfficeGateway + strict fake Excel)", () => {
  const applicable = CASES.filter((c) => typeof c.addin !== "string");
  const ctx: UseCaseContext = { crosswalk, today: TODAY, now: () => NOW, tool: "addin" };

  test.each(applicable.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const a = c.addin as Exclude<Case["addin"], string>;
    const fake = createFakeExcel(await a.seed());
    const gw = new OfficeGateway({ excel: fake.Excel, office: fake.Office });
    const env: AddinEnv = { fake, gw, ctx };
    await a.prepare?.(env);
    const before = fake.snapshotState();
    let result: unknown;
    let thrown: unknown = null;
    try {
      result = await a.act(env);
    } catch (e) {
      thrown = e;
    }
    if (a.error) {
      expect(thrown).toBeInstanceOf(UserFacingError);
      const u = thrown as UserFacingError;
      expect(u.code).toBe(a.error);
      expect(u.localized.ja).toMatch(a.ja);
      expect(u.localized.ja).toMatch(JA);
      expect(u.localized.en).toMatch(a.en);
      expect(`${u.localized.ja}\n${u.localized.en}`).not.toMatch(/\n\s+at .+:\d+/);
    } else {
      expect(thrown).toBeNull();
      if (a.messages) {
        const msgs = a.messages(result);
        expect(msgs.length).toBeGreaterThan(0);
        expect(msgs.some((m) => a.ja.test(m.ja))).toBe(true);
        expect(msgs.some((m) => a.en.test(m.en))).toBe(true);
      }
    }
    if (!a.changes) expect(fake.snapshotState()).toBe(before); // no cell changed
    await a.check?.(env, result);
  });
});

/* ------------------------------------------------------------------ */
/* README table, generated from the same list                          */
/* ------------------------------------------------------------------ */

function renderTable(cases: Case[]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    "| case | input | CLI exit | add-in | what the user is told (ja / en) |",
    "| --- | --- | --- | --- | --- |",
    ...cases.map((c) => {
      const addin = typeof c.addin === "string" ? `n/a: ${c.addin}` : c.addin.readme ? c.addin.readme : c.addin.error ? `refused: \`${c.addin.error}\`` : c.addin.changes ? "works" : "reported";
      return `| \`${c.id}\` | ${esc(c.input)} | ${c.cli.exit} | ${esc(addin)} | ${esc(c.told.ja)} / ${esc(c.told.en)} |`;
    }),
  ];
  return lines.join("\n");
}

const START = "<!-- badinput-table:start (generated from test/badinput/matrix.test.ts; UPDATE_README=1 npx jest test/badinput) -->";
const END = "<!-- badinput-table:end -->";

test("README's bad-input table matches the case list", () => {
  const readmePath = path.join(__dirname, "../../README.md");
  const readme = fs.readFileSync(readmePath, "utf8");
  const block = `${START}\n${renderTable(CASES)}\n${END}`;
  if (process.env.UPDATE_README === "1" && readme.includes(START) && readme.includes(END)) {
    const next = readme.slice(0, readme.indexOf(START)) + block + readme.slice(readme.indexOf(END) + END.length);
    fs.writeFileSync(readmePath, next);
    return;
  }
  expect(readme).toContain(block);
  expect(CASES.length).toBeGreaterThanOrEqual(20);
  expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
});

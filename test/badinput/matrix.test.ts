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
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checksheetBook, fakeSeedOf } from "../../bench/fixtures";
import { main } from "../../src/cli/main";
import { parseCertificationJson } from "../../src/domain/certification-json";
import { decodeJsonBytes } from "../../src/domain/json-text";
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
import { sparseMeter } from "../../src/domain/sparse";
import { inflateMeter } from "../../src/workbook/xlsx/container";

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
    /**
     * Time-independent cost bound of the run: bytes the zip container inflated and sheet cells detection
     * visited (defaults: DEFAULT_BOUND). README shows it when given.
     */
    bound?: { inflated?: number; cells?: number; readme?: string };
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

/* ------------------------------------------------------------------ */
/* Hostile and broken input (issue 16)                                 */
/* ------------------------------------------------------------------ */

const MiB = 1024 ** 2;
const SHEET1 = "xl/worksheets/sheet1.xml";

async function standardParts(): Promise<Record<string, Uint8Array>> {
  return unzipSync(await standardXlsx());
}

/** The standard checksheet with its sheet1.xml (or another part) edited as text. */
async function editedXlsx(part: string, edit: (xml: string) => string): Promise<Uint8Array> {
  const parts = await standardParts();
  if (!parts[part]) throw new Error(`no ${part}`);
  const before = strFromU8(parts[part]);
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${part} changed nothing`);
  parts[part] = strToU8(after);
  return zipSync(parts);
}

/** Overwrite the declared uncompressed size of one entry (central directory and local header). */
function setDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  const nameBytes = strToU8(name);
  let hits = 0;
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = dv.getUint32(p, true);
    const nameAt = sig === 0x02014b50 ? 46 : sig === 0x04034b50 ? 30 : -1;
    if (nameAt < 0) continue;
    const len = dv.getUint16(p + (sig === 0x02014b50 ? 28 : 26), true);
    if (len !== nameBytes.length || !nameBytes.every((b, i) => out[p + nameAt + i] === b)) continue;
    dv.setUint32(p + (sig === 0x02014b50 ? 24 : 22), size >>> 0, true);
    hits++;
  }
  if (hits !== 2) throw new Error(`entry ${name} found ${hits} times`);
  return out;
}

function fifo(env: CliEnv, name: string): string {
  execFileSync("mkfifo", [path.join(env.dir, name)]);
  return name;
}

/** Ids the way Excel stores "3-1" typed into a General cell: the serial of 1 March (2026). */
function idsAsDates(): LayoutBook {
  const book = standardLayout(crosswalk.entries);
  for (const row of book.sheets[0].values) {
    const m = typeof row?.[0] === "string" ? /^(\d{1,2})-(\d{1,2})$/.exec(row[0]) : null;
    if (m && Number(m[1]) <= 12) row[0] = (Date.UTC(2026, Number(m[1]) - 1, Number(m[2])) - Date.UTC(1899, 11, 30)) / 86_400_000;
  }
  return book;
}

function idsWithZeroWidth(): LayoutBook {
  const book = standardLayout(crosswalk.entries);
  for (const row of book.sheets[0].values) if (typeof row?.[0] === "string" && /^\d+-\d+$/.test(row[0])) row[0] = row[0].replace("-", "\u200B-") + "\u2060";
  return book;
}

function twoChecksheets(): LayoutBook {
  const a = standardLayout(crosswalk.entries, { sheetName: "本社" });
  const b = standardLayout(crosswalk.entries, { sheetName: "支社" });
  return { ...a, sheets: [a.sheets[0], b.sheets[0]] };
}

const scanOk = (env: CliEnv, r: RunResult) => {
  void env;
  const j = JSON.parse(r.out);
  expect(j.found).toBe(145);
  expect(j.summary.covered).toBe(136);
};

const NOT_IN_PANE_FILE = "the add-in reads the open workbook through Excel, never a file";

const HOSTILE: Case[] = [
  {
    id: "stray-cell-xfd",
    input: "one stray value in the last cell (XFD1048576) of the checksheet",
    told: { ja: "通常どおり処理（保存されたセルだけを走査）", en: "processed normally (only stored cells are visited)" },
    cli: {
      async setup(env) {
        env.write("x.xlsx", await editedXlsx(SHEET1, (x) => x.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')));
        return scanJson("x.xlsx");
      },
      exit: 0,
      ja: /"found": 145|"found":145/,
      en: /"covered":136|"covered": 136/,
      check: scanOk,
      // the sheet's extent is 16,384 × 1,048,576 cells; the stored cells are about 1,200
      bound: { cells: 200_000, readme: "cells visited ≤ 200,000 (extent 1.7 × 10¹⁰)" },
    },
    addin: "Excel's used range is the Office adapter's concern (it reads values through Excel)",
  },
  {
    id: "stray-cell-annotate",
    input: "`annotate` with a stray value in XFD1048576 (the add-in columns would go right of XFD)",
    told: { ja: "書き込み先が最終列 XFD より右になります。離れたセルの値を削除（何も変更していません）", en: "the cell to write is right of the last column, XFD; delete the stray values (nothing was changed)" },
    cli: {
      async setup(env) {
        env.write("x.xlsx", await editedXlsx(SHEET1, (x) => x.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')));
        return annotate("x.xlsx");
      },
      exit: 2,
      ja: /何も変更していません：書き込み先が最終列 XFD より右になります/,
      en: /Nothing was changed .*right of the last column, XFD/,
      bound: { cells: 200_000, readme: "cells visited ≤ 200,000" },
    },
    addin: "the Office adapter's concern",
  },
  {
    id: "fifo-workbook",
    input: "a FIFO (named pipe) given as the workbook",
    told: { ja: "通常のファイルではありません（名前付きパイプ）。読み込まずに中止", en: "is not a regular file (a FIFO); it was not read" },
    cli: {
      async setup(env) {
        return annotate(fifo(env, "pipe.xlsx"));
      },
      exit: 2,
      ja: /通常のファイルではありません（名前付きパイプ）/,
      en: /not a regular file \(a FIFO\)/,
      bound: { inflated: 0, cells: 0, readme: "nothing opened for reading" },
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "fifo-cert",
    input: "a FIFO given as `--cert`",
    told: { ja: "通常のファイルではありません（名前付きパイプ）", en: "is not a regular file (a FIFO)" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        return scanJson("in.xlsx", fifo(env, "cert-pipe.json"));
      },
      exit: 2,
      ja: /「cert-pipe\.json」は通常のファイルではありません/,
      en: /"cert-pipe\.json" is not a regular file/,
      bound: { inflated: 0, cells: 0, readme: "nothing opened for reading" },
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "dev-zero",
    input: "`/dev/zero` given as the workbook",
    told: { ja: "通常のファイルではありません（デバイス）", en: "is not a regular file (a device)" },
    cli: {
      async setup() {
        return scanJson("/dev/zero");
      },
      exit: 2,
      ja: /通常のファイルではありません（デバイス）/,
      en: /not a regular file \(a device\)/,
      bound: { inflated: 0, cells: 0, readme: "nothing read" },
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "unreadable-file",
    input: "a file the system refuses to read (`/proc/self/mem`: a regular file whose read fails)",
    told: { ja: "読み取れません（理由つき）", en: "cannot be read (with the reason)" },
    cli: {
      async setup() {
        return scanJson("/proc/self/mem");
      },
      exit: 2,
      ja: /ブック「\/proc\/self\/mem」を読み取れません（E[A-Z]+）/,
      en: /The workbook "\/proc\/self\/mem" cannot be read \(E[A-Z]+\)/,
      bound: { inflated: 0, cells: 0, readme: "nothing read" },
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "folder-as-file",
    input: "a folder given where a file is expected (`--cert`)",
    told: { ja: "フォルダーです。ファイルを指定してください", en: "is a folder; give a file" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        fs.mkdirSync(path.join(env.dir, "certs"));
        return scanJson("in.xlsx", "certs");
      },
      exit: 2,
      ja: /「certs」はフォルダーです/,
      en: /"certs" is a folder/,
      bound: { inflated: 0, cells: 0, readme: "nothing read" },
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "report-fifo",
    input: "`report` on a folder holding a FIFO named `*.xlsx` next to a real workbook",
    told: { ja: "その行にエラー（通常のファイルではありません）、他のブックは処理（終了コード 1）", en: "that row gets the error (not a regular file), the others are processed (exit 1)" },
    cli: {
      async setup(env) {
        fs.mkdirSync(path.join(env.dir, "in"));
        env.write("in/a.xlsx", await standardXlsx());
        fifo(env, "in/b.xlsx");
        return ["report", "in", "--cert", "cert.json", "--format", "json"];
      },
      exit: 1,
      ja: /通常のファイルではありません/,
      en: /is not a regular file \(a FIFO\)/,
      check(_env, r) {
        const j = JSON.parse(r.out);
        expect(j.files.map((f: { found: number | null }) => f.found)).toEqual([145, null]);
        expect(j.files[1].error).toMatch(/通常のファイルではありません（名前付きパイプ）/);
      },
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "input-too-large",
    input: "a certification file over the 16 MB input cap",
    told: { ja: "大きすぎます（サイズと上限つき）。読み込まずに中止", en: "is too large (size and limit given); it was not read" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        const fd = fs.openSync(path.join(env.dir, "big.json"), "w");
        fs.ftruncateSync(fd, 17 * MiB); // sparse: no 17 MB written to disk
        fs.closeSync(fd);
        return scanJson("in.xlsx", "big.json");
      },
      exit: 2,
      ja: /認定情報ファイル「big\.json」は大きすぎます（17\.0 MB、上限 16\.0 MB）/,
      en: /too large \(17\.0 MB; the limit is 16\.0 MB\)/,
      bound: { inflated: 0, cells: 0, readme: "refused on its size, nothing read" },
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "zip-bomb-declared",
    input: "a few-KB zip whose unreferenced part declares 4.2 GB (3.9 GiB)",
    told: { ja: "展開後のサイズが上限を超えるため読み取りません（部品名・サイズ・上限つき）", en: "too large once unpacked (part, size and limit given); not read" },
    cli: {
      async setup(env) {
        const parts = await standardParts();
        parts["xl/media/huge.bin"] = new Uint8Array(1024);
        env.write("bomb.xlsx", setDeclaredSize(zipSync(parts), "xl/media/huge.bin", 0xfa000000));
        return annotate("bomb.xlsx");
      },
      exit: 2,
      ja: /展開後のサイズが上限を超えるため読み取りません（xl\/media\/huge\.bin: 3\.9 GB、上限 256\.0 MB）/,
      en: /too large once unpacked \(xl\/media\/huge\.bin: 3\.9 GB; the limit is 256\.0 MB\)/,
      bound: { inflated: 0, cells: 0, readme: "0 bytes inflated" },
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "part-too-large",
    input: "a large sheet part (declares 600 MB, over the per-part limit)",
    told: { ja: "展開後のサイズが上限を超える（「UTF-8 ではない」とは言わない）", en: "too large once unpacked (never called \"not UTF-8\")" },
    cli: {
      async setup(env) {
        env.write("large.xlsx", setDeclaredSize(await standardXlsx(), SHEET1, 600 * MiB));
        return scanJson("large.xlsx");
      },
      exit: 2,
      ja: /sheet1\.xml: 600\.0 MB、上限 256\.0 MB(?![\s\S]*UTF-8)/,
      en: /sheet1\.xml: 600\.0 MB; the limit is 256\.0 MB(?![\s\S]*UTF-8)/,
      bound: { inflated: 0, cells: 0, readme: "0 bytes inflated" },
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "zip-bomb-lying",
    input: "the sheet part declares its size without its 64 MB of padding (inflates past what it declares)",
    told: { ja: "部品 xl/worksheets/sheet1.xml が壊れています", en: "part xl/worksheets/sheet1.xml is damaged" },
    cli: {
      async setup(env) {
        const parts = await standardParts();
        const xml = parts[SHEET1];
        const padded = new Uint8Array(xml.length + 64 * MiB).fill(0x20);
        padded.set(xml);
        env.write("lie.xlsx", setDeclaredSize(zipSync({ ...parts, [SHEET1]: padded }), SHEET1, xml.length));
        return scanJson("lie.xlsx");
      },
      exit: 2,
      ja: /部品 xl\/worksheets\/sheet1\.xml が壊れています/,
      en: /part xl\/worksheets\/sheet1\.xml is damaged/,
      // inflation stops at the declared size, plus at most one step's output (16 KB in, ≤ 1032× out)
      bound: { inflated: 20 * MiB, cells: 0, readme: "inflated ≤ 20 MB of the 64 MB" },
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "unreferenced-part",
    input: "an unreferenced 20 MB part (`xl/media/unused.bin`)",
    told: { ja: "通常どおり処理（読まない部品は展開しない）", en: "processed normally (parts not read are not inflated)" },
    cli: {
      async setup(env) {
        env.write("u.xlsx", zipSync({ ...(await standardParts()), "xl/media/unused.bin": new Uint8Array(20 * MiB) }));
        return scanJson("u.xlsx");
      },
      exit: 0,
      ja: /"found":145|"found": 145/,
      en: /"covered":136|"covered": 136/,
      check: scanOk,
      bound: { inflated: 2 * MiB, readme: "inflated ≤ 2 MB (the 20 MB part never)" },
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "truncated-sheetdata",
    input: "damaged XML: `</sheetData>` cut off",
    told: { ja: "部品 xl/worksheets/sheet1.xml が壊れています", en: "part xl/worksheets/sheet1.xml is damaged" },
    cli: {
      async setup(env) {
        env.write("t.xlsx", await editedXlsx(SHEET1, (x) => x.replace("</sheetData>", "</sheetDa")));
        return scanJson("t.xlsx");
      },
      exit: 2,
      ja: /「t\.xlsx」の部品 xl\/worksheets\/sheet1\.xml が壊れています/,
      en: /"t\.xlsx": part xl\/worksheets\/sheet1\.xml is damaged/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "malformed-styles",
    input: "damaged XML: malformed `styles.xml` (`</cellXfs>` missing)",
    told: { ja: "部品 xl/styles.xml が壊れています", en: "part xl/styles.xml is damaged" },
    cli: {
      async setup(env) {
        env.write("s.xlsx", await editedXlsx("xl/styles.xml", (x) => x.replace("</cellXfs>", "")));
        return annotate("s.xlsx");
      },
      exit: 2,
      ja: /部品 xl\/styles\.xml が壊れています/,
      en: /part xl\/styles\.xml is damaged/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "invalid-code-point",
    input: "damaged XML: an invalid code point (`&#x110000;`) in a cell",
    told: { ja: "部品（シート）が壊れています", en: "the part (sheet) is damaged" },
    cli: {
      async setup(env) {
        env.write("cp.xlsx", await editedXlsx(SHEET1, (x) => x.replace("</sheetData>", '<row r="9999"><c r="A9999" t="inlineStr"><is><t>&#x110000;</t></is></c></row></sheetData>')));
        return scanJson("cp.xlsx");
      },
      exit: 2,
      ja: /部品 xl\/worksheets\/sheet1\.xml が壊れています/,
      en: /part xl\/worksheets\/sheet1\.xml is damaged/,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "today-impossible",
    input: "an impossible date: `--today 2026-02-30`",
    told: { ja: "存在しない日付です（月と日を確認）", en: "is not a real date (check the month and day)" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        return [...scanJson("in.xlsx"), "--today", "2026-02-30"];
      },
      exit: 2,
      ja: /--today の 2026-02-30 は存在しない日付です/,
      en: /--today 2026-02-30 is not a real date/,
      bound: { inflated: 0, cells: 0, readme: "refused before reading" },
    },
    addin: "the add-in takes today's date from the clock",
  },
  ...(["utf-16le", "utf-16be", "utf-8-bom"] as const).map(
    (enc): Case => ({
      id: `cert-${enc}`,
      input: `certification saved as ${enc === "utf-8-bom" ? "UTF-8 with BOM" : `${enc.slice(0, 6).toUpperCase()} ${enc.slice(6).toUpperCase()} with BOM`}`,
      told: { ja: "読み取って通常どおり処理", en: "read and processed normally" },
      cli: {
        async setup(env) {
          env.write("in.xlsx", await standardXlsx());
          const text = JSON.stringify({ ...CERT, holder: "マトリクス検証株式会社（架空）" });
          const le = Buffer.from(text, "utf16le");
          const bytes =
            enc === "utf-16le"
              ? Buffer.concat([Buffer.from([0xff, 0xfe]), le])
              : enc === "utf-16be"
                ? Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()])
                : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
          env.write("c.json", new Uint8Array(bytes));
          return scanJson("in.xlsx", "c.json");
        },
        exit: 0,
        ja: /"valid":true|"valid": true/,
        en: /"covered":136|"covered": 136/,
        check: scanOk,
      },
      addin: {
        seed: () => seedOf(standardLayout(crosswalk.entries)),
        // the pane reads a picked file as text the same way (decodeJsonBytes) before parsing
        act: async () => {
          const le = Buffer.from(JSON.stringify(CERT), "utf16le");
          const bytes = enc === "utf-16le" ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : enc === "utf-16be" ? Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]) : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(CERT))]);
          const d = decodeJsonBytes(new Uint8Array(bytes));
          if (!d.ok) throw new Error("not decoded");
          return { d, r: parseCertificationJson(d.text) };
        },
        error: null,
        ja: /./,
        en: /./,
        readme: "decodeJsonBytes: read",
        check: (_e, x) => {
          const { d, r } = x as { d: { encoding: string }; r: { ok: boolean } };
          expect(d.encoding).toBe(enc);
          expect(r.ok).toBe(true);
        },
      },
    }),
  ),
  {
    id: "cert-not-utf8",
    input: "certification saved as Shift_JIS",
    told: { ja: "文字コードが UTF-8 ではありません（UTF-8 で保存し直す）", en: "the text is not UTF-8; save it as UTF-8" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        // 「架空」 in Shift_JIS: 89 CB 8B F3
        const head = Buffer.from(JSON.stringify({ ...CERT, holder: "@@" }), "latin1");
        const i = head.indexOf("@@");
        env.write("sj.json", new Uint8Array(Buffer.concat([head.subarray(0, i), Buffer.from([0x89, 0xcb, 0x8b, 0xf3]), head.subarray(i + 2)])));
        return scanJson("in.xlsx", "sj.json");
      },
      exit: 2,
      ja: /「sj\.json」を読み取れません: 文字コードが UTF-8 ではありません/,
      en: /not UTF-8 \(it may be Shift_JIS/,
      bound: { inflated: 0, cells: 0, readme: "refused before the workbook is read" },
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "cert-duplicate-keys",
    input: 'certification with a duplicate key (`"status": "revoked", "status": "active"`)',
    told: { ja: "警告: キー \"status\" が 2 回あります。最後の値が使われます", en: 'Warning: the key "status" appears 2 times; the last value is used' },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        env.write("dup.json", JSON.stringify(CERT).replace('"status":"active"', '"status":"revoked","status":"active"'));
        return scanJson("in.xlsx", "dup.json");
      },
      exit: 0,
      ja: /警告: 認定情報ファイル「dup\.json」: キー "status" が \$ に 2 回あります/,
      en: /Warning: certification file "dup\.json": The key "status" appears 2 times in \$/,
      check: scanOk,
    },
    addin: {
      seed: () => seedOf(standardLayout(crosswalk.entries)),
      act: async () => parseCertificationJson(JSON.stringify(CERT).replace('"status":"active"', '"status":"revoked","status":"active"')),
      error: null,
      ja: /キー "status" が \$ に 2 回あります/,
      en: /"status" appears 2 times/,
      messages: (r) => (r as { warnings?: Localized[] }).warnings ?? [],
      check: (_e, r) => expect((r as { ok: boolean }).ok).toBe(true),
    },
  },
  {
    id: "cert-deep",
    input: "certification nested 5,000 levels deep",
    told: { ja: "入れ子が深すぎます（64 段を超えています）", en: "is nested too deeply (more than 64 levels)" },
    cli: {
      async setup(env) {
        env.write("in.xlsx", await standardXlsx());
        env.write("deep.json", JSON.stringify(CERT).replace(/}$/, `,"x":${"[".repeat(5000)}${"]".repeat(5000)}}`));
        return annotate("in.xlsx", "deep.json");
      },
      exit: 2,
      ja: /認定情報ファイル「deep\.json」が不正です: 証明書: 入れ子が深すぎます/,
      en: /nested too deeply \(more than 64 levels\)/,
      bound: { inflated: 0, cells: 0, readme: "refused before the workbook is read" },
    },
    addin: {
      seed: () => seedOf(standardLayout(crosswalk.entries)),
      act: async () => parseCertificationJson(JSON.stringify(CERT).replace(/}$/, `,"x":${"[".repeat(5000)}${"]".repeat(5000)}}`)),
      error: null,
      ja: /入れ子が深すぎます/,
      en: /nested too deeply/,
      messages: (r) => (r as { ok: false; errors: { message: Localized }[] }).errors.map((e) => e.message),
      check: (_e, r) => expect((r as { ok: boolean }).ok).toBe(false),
    },
  },
  {
    id: "ids-zero-width",
    input: "ids pasted with zero-width characters (`3\\u200B-2\\u2060`)",
    told: { ja: "通常どおり検出（書式文字 Cf を除去）", en: "detected as usual (format characters, Cf, removed)" },
    cli: {
      async setup(env) {
        env.write("zw.xlsx", await writeLayoutXlsx(idsWithZeroWidth()));
        return scanJson("zw.xlsx");
      },
      exit: 0,
      ja: /"found":145|"found": 145/,
      en: /"covered":136|"covered": 136/,
      check: scanOk,
    },
    addin: {
      seed: () => seedOf(idsWithZeroWidth()),
      act: ({ gw, ctx }) => analyzeWorkbook(gw, ctx, { certification: parsedCert() }),
      error: null,
      ja: /./,
      en: /./,
      readme: "detected: 145 items",
      check(_env, a) {
        expect((a as Awaited<ReturnType<typeof analyzeWorkbook>>).detection?.items).toHaveLength(145);
      },
    },
  },
  {
    id: "ids-as-dates",
    input: "ids Excel turned into dates (3-1 stored as the date 3月1日)",
    told: { ja: "項目番号が日付に変換されているようです（列・例・直し方つき）", en: "ids look like Excel turned them into dates (column, example and the fix)" },
    cli: {
      async setup(env) {
        env.write("dates.xlsx", await writeLayoutXlsx(idsAsDates()));
        return annotate("dates.xlsx");
      },
      exit: 2,
      ja: /列 A の \d+ 個のセル（例: A\d+ の「1月1日」）は、Excel が日付に変換した項目番号（1-1）のようです。列の書式を「文字列」に/,
      en: /look like item ids Excel turned into dates \(1-1\)\. Format the column as Text/,
    },
    addin: {
      seed: () => seedOf(idsAsDates()),
      act: ({ gw, ctx }) => applyCoverage(gw, ctx, { certification: parsedCert() }),
      error: "no-checksheet",
      ja: /Excel が日付に変換した項目番号/,
      en: /Excel turned into dates/,
    },
  },
  {
    id: "non-utf8-name",
    input: "a workbook whose file name is not UTF-8 (bytes `FF FE`)",
    told: { ja: "通常どおり処理（フォルダーの一覧から見つける）", en: "processed normally (found again in its folder)" },
    cli: {
      async setup(env) {
        const raw = Buffer.concat([Buffer.from(env.dir + path.sep + "n"), Buffer.from([0xff, 0xfe]), Buffer.from(".xlsx")]);
        fs.writeFileSync(raw, await standardXlsx());
        return scanJson(Buffer.from([0x6e, 0xff, 0xfe, ...Buffer.from(".xlsx")]).toString("utf8"));
      },
      exit: 0,
      ja: /"found":145|"found": 145/,
      en: /"covered":136|"covered": 136/,
      check: scanOk,
    },
    addin: NOT_IN_PANE_FILE,
  },
  {
    id: "part-names-case",
    input: "part names in another case (`XL/Workbook.xml`, `XL/Worksheets/Sheet1.xml`)",
    told: { ja: "通常どおり処理（部品名は大文字小文字を区別しない）", en: "processed normally (part names are case-insensitive)" },
    cli: {
      async setup(env) {
        const parts = await standardParts();
        const renamed: Record<string, Uint8Array> = {};
        // "xl/workbook.xml" → "XL/Workbook.xml"; the relationship targets keep their lower-case spelling
        for (const [k, v] of Object.entries(parts))
          renamed[k.startsWith("xl/") ? "XL/" + k.slice(3).replace(/(^|\/)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase()) : k] = v;
        expect(Object.keys(renamed)).toEqual(expect.arrayContaining(["XL/Workbook.xml", "XL/Worksheets/Sheet1.xml"]));
        env.write("case.xlsx", zipSync(renamed));
        return scanJson("case.xlsx");
      },
      exit: 0,
      ja: /"found":145|"found": 145/,
      en: /"covered":136|"covered": 136/,
      check: scanOk,
    },
    addin: NOT_IN_PANE,
  },
  {
    id: "clear-two-sheets",
    input: "`clear` after annotating two sheets (without `--sheet`: every recorded sheet)",
    told: { ja: "両方のシートを元に戻す（元のブックと部品単位で同一）", en: "both sheets restored (part-for-part identical to the original)" },
    cli: {
      async setup(env) {
        env.write("two.xlsx", await writeLayoutXlsx(twoChecksheets()));
        for (const [from, to, sheet] of [["two.xlsx", "one.xlsx", "本社"], ["one.xlsx", "both.xlsx", "支社"]]) {
          const r = await run(env.dir, [...annotate(from), "--sheet", sheet].map((a) => (a === "out.xlsx" ? to : a)));
          if (r.code !== 0) throw new Error(`setup annotate failed: ${r.err}`);
        }
        fs.unlinkSync(path.join(env.dir, "one.xlsx"));
        return ["clear", "both.xlsx", "-o", "back.xlsx"];
      },
      exit: 0,
      ja: /back\.xlsx: \d+ セルを元に戻しました/,
      en: /restored \d+ cells/,
      output: "back.xlsx",
      check(env) {
        const orig = new Uint8Array(fs.readFileSync(path.join(env.dir, "two.xlsx")));
        const back = new Uint8Array(fs.readFileSync(path.join(env.dir, "back.xlsx")));
        expect(differingParts(orig, back)).toEqual([]);
      },
    },
    addin: {
      seed: () => seedOf(twoChecksheets()),
      async prepare({ gw, ctx }) {
        await applyCoverage(gw, ctx, { certification: parsedCert(), sheet: "本社" });
        await applyCoverage(gw, ctx, { certification: parsedCert(), sheet: "支社" });
      },
      act: ({ gw, ctx }) => clearMarks(gw, ctx, { force: true }),
      error: "multi-sheet",
      ja: /複数のシート（本社、支社）に記録があります。シートを指定して消去してください/,
      en: /several sheets \(本社, 支社\); clear one sheet at a time/,
    },
  },
  {
    id: "clear-sheet-option",
    input: "`clear --sheet 支社` after annotating two sheets",
    told: { ja: "そのシートだけ元に戻す（もう一方の記録は残る）", en: "only that sheet is restored (the other's record stays)" },
    cli: {
      async setup(env) {
        env.write("two.xlsx", await writeLayoutXlsx(twoChecksheets()));
        for (const [from, to, sheet] of [["two.xlsx", "one.xlsx", "本社"], ["one.xlsx", "both.xlsx", "支社"]]) {
          const r = await run(env.dir, [...annotate(from), "--sheet", sheet].map((a) => (a === "out.xlsx" ? to : a)));
          if (r.code !== 0) throw new Error(`setup annotate failed: ${r.err}`);
        }
        return ["clear", "both.xlsx", "--sheet", "支社", "-o", "back.xlsx"];
      },
      exit: 0,
      ja: /back\.xlsx: \d+ セルを元に戻しました/,
      en: /restored \d+ cells/,
      output: "back.xlsx",
      check(env) {
        // what is left is exactly the first annotate (本社 only)
        const one = new Uint8Array(fs.readFileSync(path.join(env.dir, "one.xlsx")));
        const back = new Uint8Array(fs.readFileSync(path.join(env.dir, "back.xlsx")));
        const differ = differingParts(one, back);
        expect(differ.filter((p) => !/worksheets\/sheet\d+\.xml$|docProps/.test(p))).toEqual([]);
        expect(differ.length).toBeLessThanOrEqual(2); // the record sheet's timestamps at most
      },
    },
    addin: {
      seed: () => seedOf(twoChecksheets()),
      async prepare({ gw, ctx }) {
        await applyCoverage(gw, ctx, { certification: parsedCert(), sheet: "本社" });
        await applyCoverage(gw, ctx, { certification: parsedCert(), sheet: "支社" });
      },
      act: ({ gw, ctx }) => clearMarks(gw, ctx, { force: true, sheet: "支社" }),
      error: null,
      ja: /./,
      en: /./,
      changes: true,
      readme: "clearMarks({ sheet }): that sheet restored",
      check: (_e, r) => expect((r as { done: boolean; restored: number }).restored).toBeGreaterThan(0),
    },
  },
];

CASES.push(...HOSTILE);

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

/** Every entry of the tree (names as raw bytes, so names that are not UTF-8 are read too); FIFOs are listed, never read. */
function listTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: Buffer, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true, encoding: "buffer" })) {
      const p = Buffer.concat([d, Buffer.from(path.sep), e.name]);
      const name = rel + e.name.toString("latin1");
      if (e.isDirectory()) walk(p, name + "/");
      else if (e.isFile()) out.set(name, fs.readFileSync(p));
      else out.set(name, Buffer.from(`<${e.isFIFO() ? "fifo" : "special"}>`));
    }
  };
  walk(Buffer.from(dir), "");
  return out;
}

/** Bound of every row without its own: far above a normal run, far below what an unbounded one costs. */
const DEFAULT_BOUND = { inflated: 256 * 1024 ** 2, cells: 5_000_000 };

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
    const inflated0 = inflateMeter.bytes;
    const cells0 = sparseMeter.cellsVisited;
    const r = await run(dir, argv);
    const rssDelta = process.memoryUsage().rss - rss0;
    const cost = { inflated: inflateMeter.bytes - inflated0, cells: sparseMeter.cellsVisited - cells0 };
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
    expect(cost.inflated).toBeLessThanOrEqual(c.cli.bound?.inflated ?? DEFAULT_BOUND.inflated);
    expect(cost.cells).toBeLessThanOrEqual(c.cli.bound?.cells ?? DEFAULT_BOUND.cells);
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
    "| case | input | CLI exit | add-in | what the user is told (ja / en) | bound |",
    "| --- | --- | --- | --- | --- | --- |",
    ...cases.map((c) => {
      const addin = typeof c.addin === "string" ? `n/a: ${c.addin}` : c.addin.readme ? c.addin.readme : c.addin.error ? `refused: \`${c.addin.error}\`` : c.addin.changes ? "works" : "reported";
      return `| \`${c.id}\` | ${esc(c.input)} | ${c.cli.exit} | ${esc(addin)} | ${esc(c.told.ja)} / ${esc(c.told.en)} | ${esc(c.cli.bound?.readme ?? "default")} |`;
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

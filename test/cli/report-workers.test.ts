/**
 * `report` on worker threads: the rows and the bytes written are those of the single-threaded run, in the input
 * order, whatever the number of workers; --jobs is checked; a worker that dies costs only the file it was scoring,
 * and one that cannot start costs none. The workers run the current TypeScript sources here (through the pool's
 * loader); test/cli/pipe.test.ts runs them from the compiled build.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";
import { reportCsv, reportWriter } from "../../src/cli/report";
import { jobsFor, runReportPool, startReportPool, workerCrashMessage, workerTimeoutMessage } from "../../src/cli/report-pool";
import { reportFileRow, type ReportEnv } from "../../src/cli/report-score";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import type { ReportRow } from "../../src/domain/report";
import { TEST_CERT_JSON } from "../helpers/cert";
import { messyLayout, splitLayout, standardLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";

const crosswalk = loadBundledCrosswalk();
const TODAY = "2026-01-15";
const NOW = "2026-01-15T09:00:00.000Z";
jest.setTimeout(240000);
const FAULTY = path.resolve(__dirname, "../helpers/faulty-report-worker.ts");
const UNLOADABLE = path.resolve(__dirname, "../helpers/unloadable-report-worker.ts");
let dir: string;

async function run(argv: string[], opts: { errIsTTY?: boolean } = {}) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s), isTTY: false, cwd: dir, today: TODAY, now: () => NOW, ...opts });
  return { code, out, err };
}
const write = (name: string, data: Uint8Array | string) => (fs.writeFileSync(path.join(dir, name), data), name);

/** The inputs: checksheets of every layout with different answers, one annotated, a broken one and a non-workbook. */
let inputs: string[];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-report-workers-"));
  fs.mkdirSync(path.join(dir, "in"));
  write("cert.json", JSON.stringify(TEST_CERT_JSON));
  const answers = ["はい", "いいえ", "該当なし", "×"];
  const ids = crosswalk.entries.map((e) => e.id);
  for (let i = 0; i < 7; i++) {
    const ans = Object.fromEntries(ids.filter((_, k) => (k + i) % 5 === 0).map((id, k) => [id, answers[(k + i) % answers.length]]));
    const layout = [standardLayout, splitLayout, messyLayout][i % 3](crosswalk.entries, { answers: ans });
    write(`in/applicant-${i + 1}.xlsx`, await writeLayoutXlsx(layout));
  }
  expect((await run(["annotate", "in/applicant-2.xlsx", "--cert", "cert.json", "-o", "in/applicant-2-annotated.xlsx"])).code).toBeLessThan(2);
  const good = fs.readFileSync(path.join(dir, "in/applicant-1.xlsx"));
  write("in/broken.xlsx", good.subarray(0, Math.floor(good.length / 2)));
  write("in/notes.csv", "id,status\n2.2/1-1,確認済\n");
  write("in/text.xlsx", "not a workbook");
  inputs = fs.readdirSync(path.join(dir, "in")).sort().map((f) => `in/${f}`);
}, 120000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fileColumn = (csv: string) =>
  csv
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .slice(1)
    .map((l) => l.split(",")[0]);

describe("report on worker threads", () => {
  test("CSV and JSON, to stdout and to a file: byte-identical to --jobs 1, rows in the order of the inputs", async () => {
    // explicit files in an order that is not sorted: the rows must follow it
    const order = [...inputs].reverse();
    const one = await run(["report", ...order, "--jobs", "1"]);
    expect(one.code).toBe(1);
    expect(fileColumn(one.out)).toEqual(order);
    const errors = fileColumn(one.out).length;
    expect(errors).toBe(inputs.length);
    for (const jobs of ["2", "3", "5"]) {
      const par = await run(["report", ...order, "--jobs", jobs]);
      expect(par.code).toBe(one.code);
      expect(par.out).toBe(one.out);
      expect(par.err).toContain(`${jobs} workers`);
    }
    const j1 = await run(["report", "in", "--format", "json", "--cert", "cert.json", "--lang", "en", "--jobs", "1"]);
    const j2 = await run(["report", "in", "--format", "json", "--cert", "cert.json", "--lang", "en", "--jobs", "4"]);
    expect(j2.out).toBe(j1.out);
    const parsed = JSON.parse(j2.out);
    expect(parsed.files.map((f: ReportRow) => f.file)).toEqual(inputs.filter((f) => f.endsWith(".xlsx")));
    const byName = (n: string) => parsed.files.find((f: ReportRow) => f.file === n) as ReportRow;
    expect(byName("in/broken.xlsx").error).toBeTruthy();
    expect(byName("in/text.xlsx").error).toBeTruthy();
    expect(byName("in/applicant-1.xlsx")).toMatchObject({ error: null, found: 145, certificationSource: "override" });
    expect((await run(["report", "in", "--jobs", "1", "-o", "one.csv"])).code).toBe(1);
    expect((await run(["report", "in", "--jobs", "3", "-o", "par.csv"])).code).toBe(1);
    expect(fs.readFileSync(path.join(dir, "par.csv"))).toEqual(fs.readFileSync(path.join(dir, "one.csv")));
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("the non-workbook and the broken file are rows with their reason, as on one thread", async () => {
    const files = ["in/notes.csv", "in/broken.xlsx", "in/applicant-3.xlsx"];
    const one = JSON.parse((await run(["report", ...files, "--format", "json", "--jobs", "1"])).out).files as ReportRow[];
    const par = JSON.parse((await run(["report", ...files, "--format", "json", "--jobs", "2"])).out).files as ReportRow[];
    expect(par).toEqual(one);
    expect(par[0].error).toMatch(/CSV/);
    expect(par[0].error).toMatch(/です/);
    expect(par[1].error).not.toBeNull();
    expect(par[2].error).toBeNull();
  });

  test("the streamed text is exactly the whole-table text", async () => {
    const env: ReportEnv = { cwd: dir, crosswalk, today: TODAY, lang: "ja", now: NOW, override: null };
    const rows = await Promise.all(inputs.map((f) => reportFileRow(f, env)));
    for (const lang of ["ja", "en"] as const) {
      const head = { asOf: TODAY, certificationOverride: null, crosswalkVersion: crosswalk.crosswalkVersion };
      const csv = reportWriter("csv", lang, head);
      expect(csv.begin() + rows.map((r) => csv.row(r)).join("") + csv.end()).toBe(reportCsv(rows, lang));
      const json = reportWriter("json", lang, head);
      expect(json.begin() + rows.map((r) => json.row(r)).join("") + json.end()).toBe(JSON.stringify({ ...head, files: rows }, null, 2) + "\n");
      const empty = reportWriter("json", lang, head);
      expect(empty.begin() + empty.end()).toBe(JSON.stringify({ ...head, files: [] }, null, 2) + "\n");
    }
  });

  test.each(["0", "abc", "1.5", "65", "", "-2", "2x"])("--jobs=%j is refused in both languages, before any file is read", async (v) => {
    const r = await run(["report", "in", `--jobs=${v}`, "-o", "never.csv"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/エラー: --jobs は 1 から 64 までの整数で指定してください/);
    expect(r.err).toMatch(/Error: --jobs must be a whole number from 1 to 64/);
    expect(r.out).toBe("");
    expect(fs.existsSync(path.join(dir, "never.csv"))).toBe(false);
  });

  test("worker count: the cores, never more than the files; --jobs wins", () => {
    expect(jobsFor(1)).toBe(1);
    expect(jobsFor(1, 8)).toBe(1);
    expect(jobsFor(100, 3)).toBe(3);
    expect(jobsFor(100)).toBe(Math.min(os.availableParallelism(), 8));
  });

  test("progress: a bar on a terminal, a final count otherwise", async () => {
    const tty = await run(["report", "in", "--jobs", "2"], { errIsTTY: true });
    const n = inputs.filter((f) => f.endsWith(".xlsx")).length;
    expect(tty.err).toContain(`\r[${"#".repeat(24)}] ${n}/${n}`);
    expect(tty.err).toContain(`${n} 件のブックを集計しました`);
    const plain = await run(["report", "in", "--jobs", "2"]);
    expect(plain.err).not.toContain("\r");
    expect(plain.err).toMatch(new RegExp(`${n} 件のブックを集計しました（エラー 2 件、ワーカー 2）。\\nReported ${n} workbooks \\(2 with an error, 2 workers\\)\\.\\n$`));
  });
});

describe("the worker pool when workers fail", () => {
  const env = (): ReportEnv => ({ cwd: dir, crosswalk, today: TODAY, lang: "ja", now: NOW, override: null });

  async function pool(files: string[], opts: { jobs: number; entry?: string; perWorker?: number; fileTimeoutMs?: number }) {
    const rows: { index: number; row: ReportRow }[] = [];
    const crashes: string[] = [];
    const warnings: string[] = [];
    await runReportPool(files, {
      ...opts,
      env: env(),
      onRow: (index, row) => rows.push({ index, row }),
      onCrash: (f, m) => crashes.push(`${f}: ${m.ja} / ${m.en}`),
      onWarning: (m) => warnings.push(`${m.ja} / ${m.en}`),
    });
    return { rows, crashes, warnings };
  }

  test("a worker that dies loses only the file it was scoring; every other file is scored; no hang", async () => {
    for (const name of ["crash.xlsx", "exit.xlsx", "reject.xlsx"]) fs.copyFileSync(path.join(dir, "in/applicant-4.xlsx"), path.join(dir, name));
    const good = inputs.filter((f) => /applicant/.test(f));
    const files = [good[0], "crash.xlsx", good[1], good[2], "exit.xlsx", good[3], "reject.xlsx", ...good.slice(4), "crash.xlsx"];
    const expected = await Promise.all(files.map((f) => reportFileRow(f, env())));
    const r = await pool(files, { jobs: 2, entry: FAULTY, perWorker: 2 });
    expect(r.rows.map((x) => x.index)).toEqual(files.map((_, i) => i));
    r.rows.forEach(({ row }, i) => {
      const f = files[i];
      if (f === "crash.xlsx" || f === "exit.xlsx") {
        expect(row).toMatchObject({ file: f, found: null, covered: null, certificationSource: "none" });
        const why = f === "crash.xlsx" ? "simulated fault" : "exit code 7";
        const m = workerCrashMessage(why);
        expect(row.error).toBe(`${m.ja} / ${m.en}`);
      } else if (f === "reject.xlsx") {
        expect(row).toMatchObject({ file: f, error: "scorer rejected", found: null });
      } else expect(row).toEqual(expected[i]);
    });
    expect(r.crashes).toHaveLength(3);
    // (in the order the workers died, which is not the input order)
    const crashes = [...r.crashes].sort();
    expect(crashes[0]).toMatch(/^crash\.xlsx: このファイルを処理していたワーカースレッドが異常終了しました（simulated fault）/);
    expect(crashes[1]).toBe(crashes[0]);
    expect(crashes[2]).toMatch(/^exit\.xlsx: .*The worker thread processing this file stopped unexpectedly \(exit code 7\)/);
    expect(r.warnings).toEqual([]);
  });

  test("a file that takes longer than the time limit (a busy loop, a promise that never settles) is given up; its worker is replaced; the rest are scored", async () => {
    for (const name of ["hang.xlsx", "stall.xlsx"]) fs.copyFileSync(path.join(dir, "in/applicant-4.xlsx"), path.join(dir, name));
    const good = inputs.filter((f) => /applicant/.test(f));
    const files = [good[0], "hang.xlsx", good[1], "stall.xlsx", good[2], good[3], "hang.xlsx"];
    const expected = await Promise.all(files.map((f) => reportFileRow(f, env())));
    const started = Date.now();
    const r = await pool(files, { jobs: 2, entry: FAULTY, perWorker: 2, fileTimeoutMs: 4000 });
    expect(r.rows.map((x) => x.index)).toEqual(files.map((_, i) => i));
    const m = workerTimeoutMessage(4);
    r.rows.forEach(({ row }, i) => {
      if (/hang|stall/.test(files[i])) expect(row).toMatchObject({ file: files[i], found: null, error: `${m.ja} / ${m.en}` });
      else expect(row).toEqual(expected[i]);
    });
    expect(r.crashes.sort()).toEqual(["hang.xlsx", "hang.xlsx", "stall.xlsx"].map((f) => `${f}: ${m.ja} / ${m.en}`));
    expect(r.warnings).toEqual([]);
    expect(Date.now() - started).toBeLessThan(120_000); // (a guard against a hang, not a speed goal)
  });

  test.each(["0", "-1", "abc", "86401", "", "1e3"])("--file-timeout=%j is refused in both languages, before any file is read", async (v) => {
    const r = await run(["report", ...inputs.slice(0, 2), `--file-timeout=${v}`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--file-timeout は");
    expect(r.err).toContain("--file-timeout must be");
    expect(r.out).toBe("");
  });

  test("--file-timeout with a generous limit changes nothing in the output", async () => {
    const files = inputs.slice(0, 3);
    const plain = await run(["report", ...files, "--jobs", "2"]);
    const limited = await run(["report", ...files, "--jobs", "2", "--file-timeout", "600.5"]);
    expect(limited.code).toBe(plain.code);
    expect(limited.out).toBe(plain.out);
  });

  test("every worker dying still ends, each such file reported", async () => {
    const files = ["crash.xlsx", "exit.xlsx", "crash.xlsx", "exit.xlsx"];
    const r = await pool(files, { jobs: 2, entry: FAULTY, perWorker: 3 });
    expect(r.rows.map((x) => x.row.error?.includes("stopped unexpectedly"))).toEqual([true, true, true, true]);
    expect(r.crashes).toHaveLength(4);
  });

  test("workers that cannot start cost no file: the rows are scored on this thread and the user is told", async () => {
    const files = inputs.slice(0, 4);
    const expected = await Promise.all(files.map((f) => reportFileRow(f, env())));
    const r = await pool(files, { jobs: 2, entry: UNLOADABLE });
    expect(r.rows.map((x) => x.row)).toEqual(expected);
    expect(r.crashes).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/ワーカースレッドを起動できませんでした（worker module failed to load）.*A worker thread could not start/);
  });
});

describe("workers started ahead of the work", () => {
  const env = (): ReportEnv => ({ cwd: dir, crosswalk, today: TODAY, lang: "en", now: NOW, override: null });

  test("started before the environment is known, they score the files run() hands them, as on this thread", async () => {
    const pool = startReportPool(2);
    expect(pool.jobs).toBe(2);
    // (the workers load their code meanwhile; the environment comes with run())
    await new Promise((r) => setTimeout(r, 200));
    const files = inputs.filter((f) => f.endsWith(".xlsx"));
    const rows: ReportRow[] = [];
    await pool.run(files, { env: env(), onRow: (_i, r) => rows.push(r) });
    expect(rows).toEqual(await Promise.all(files.map((f) => reportFileRow(f, env()))));
    expect(() => pool.run(files, { env: env(), onRow: () => undefined })).toThrow(/closed/);
    pool.close();
  });

  test("a pool closed without a run stops its workers (the command failed on its input)", async () => {
    const pool = startReportPool(3);
    pool.close();
    pool.close();
    expect(() => pool.run(inputs, { env: env(), onRow: () => undefined })).toThrow(/closed/);
  });

  test("workers that could not start before run() cost no file: scored on this thread, one warning", async () => {
    const pool = startReportPool(2, { entry: UNLOADABLE });
    // Most likely both have failed by now; if not, they fail during run(): the outcome is the same.
    await new Promise((r) => setTimeout(r, 1500));
    const files = inputs.slice(0, 3);
    const rows: ReportRow[] = [];
    const warnings: string[] = [];
    await pool.run(files, { env: env(), onRow: (_i, r) => rows.push(r), onWarning: (m) => warnings.push(m.en) });
    expect(rows).toEqual(await Promise.all(files.map((f) => reportFileRow(f, env()))));
    expect(warnings).toEqual(["A worker thread could not start (worker module failed to load); the remaining files are processed on the other threads."]);
  });

  test("report starts its workers before it loads the crosswalk schema, and not at all for one file or --jobs 1", async () => {
    async function order(argv: string[]) {
      const events: string[] = [];
      let code = -1;
      await jest.isolateModulesAsync(async () => {
        jest.doMock("../../src/domain/crosswalk", () => {
          events.push("crosswalk loaded");
          return jest.requireActual("../../src/domain/crosswalk");
        });
        jest.doMock("../../src/cli/report-pool", () => {
          const actual = jest.requireActual("../../src/cli/report-pool");
          return {
            ...actual,
            startReportPool: (jobs: number, start?: object) => {
              events.push(`workers started: ${jobs}`);
              return actual.startReportPool(jobs, start);
            },
          };
        });
        const { main: isolatedMain } = await import("../../src/cli/main");
        code = await isolatedMain(argv, { out: () => undefined, err: () => undefined, isTTY: false, cwd: dir, today: TODAY, now: () => NOW });
      });
      jest.dontMock("../../src/domain/crosswalk");
      jest.dontMock("../../src/cli/report-pool");
      return { events, code };
    }
    const two = await order(["report", "in", "--jobs", "2"]);
    expect(two.code).toBe(1);
    expect(two.events).toEqual(["workers started: 2", "crosswalk loaded"]);
    expect((await order(["report", "in/applicant-1.xlsx"])).events).toEqual(["crosswalk loaded"]);
    expect((await order(["report", "in", "--jobs", "1"])).events).toEqual(["crosswalk loaded"]);
    // bad input: the workers started early are stopped, the error is the same as before
    const bad = await order(["report", "in", "--jobs", "2", "--today", "2026-02-30"]);
    expect(bad.code).toBe(2);
    expect(bad.events).toEqual(["workers started: 2", "crosswalk loaded"]);
  });
});


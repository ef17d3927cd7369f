/**
 * `npm run bench` (never part of the test suite). Writes bench/results.json and prints a table.
 *
 *  1. add-in apply/clear over OfficeGateway + the strict fake Excel (as Excel on the web: 5 MB per request and per
 *     response, counted in UTF-8 bytes) with a simulated round-trip latency per sync, at 145 item rows, 10,000 and
 *     100,000 rows and beside a 60,000-row data sheet: syncs, wall time and the largest request / response of any
 *     sync in bytes (goal: all under 5 MB; contents are read in bounded bands, so syncs grow slowly with size).
 *  2. CLI `annotate` versus a raw ExcelJS load + save of the same file, same run, as a ratio (goal ≤ 1.3×),
 *     on the bundled sample and on a generated 10,000-row sheet.
 *  3. `report` over 100 generated workbooks: files per second and the process's peak RSS.
 *  4. task pane first-load JavaScript, gzipped, from dist/ (goal ≤ 250 KB), via scripts/size-limit.js.
 *  5. hostile and broken inputs (bench/hostile.ts), each in a child process (goal: ≤ 10 s and ≤ 1 GB peak RSS each).
 *
 * Environment: BENCH_LATENCY_MS (default 50), BENCH_QUICK=1 (fewer repetitions).
 */
import { execFileSync } from "child_process";
import ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../src/cli/main";
import { parseCertificationJson } from "../src/domain/certification";
import { OfficeGateway } from "../src/workbook/office";
import { applyCoverage, clearMarks, type UseCaseContext } from "../src/workbook/usecases";
import { createFakeExcel } from "../test/fakes/fake-excel";
import { writeLayoutXlsx } from "../test/helpers/make-xlsx";
import { CERT, checksheetBook, crosswalk, fakeSeedOf, TODAY } from "./fixtures";
import { benchHostile } from "./hostile";

const ROOT = path.resolve(__dirname, "../..");
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const QUICK = process.env.BENCH_QUICK === "1";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function certification() {
  const r = parseCertificationJson(JSON.stringify(CERT));
  if (!r.ok) throw new Error("bench certification invalid");
  return r.certification;
}

/* ------------------------------------------------------------------ */
/* 1. add-in                                                           */
/* ------------------------------------------------------------------ */

interface AddinResult {
  rows: number;
  /** Rows of a data sheet beside the checksheet (0: none). */
  dataRows: number;
  latencyMs: number;
  /** ms: wall time; the simulated latency part is syncs × latencyMs, the rest is the adapter, the fake and the domain. */
  apply: { syncs: number; ms: number; cellsWritten: number; maxRequestBytes: number; maxResponseBytes: number };
  clear: { syncs: number; ms: number; restored: number; maxRequestBytes: number; maxResponseBytes: number };
}

const PAYLOAD_LIMIT = 5 * 1024 * 1024;

async function benchAddin(rows: number, dataRows = 0): Promise<AddinResult> {
  const book = checksheetBook(rows);
  const seed = fakeSeedOf(book);
  seed.platform = "OfficeOnline"; // the 5 MB request / response limit applies
  if (dataRows)
    seed.sheets.push({
      name: "データ",
      values: Array.from({ length: dataRows }, (_, i) => [`記録 ${i + 1}`, i, `受診者 ${i % 977} の健診結果（架空）`, i % 2 ? "済" : "未", i * 3]),
    });
  const fake = createFakeExcel(seed);
  const largest = (from: number) => {
    const st = fake.stats.slice(from);
    return { maxRequestBytes: Math.max(...st.map((x) => x.request)), maxResponseBytes: Math.max(...st.map((x) => x.response)) };
  };
  fake.installGlobals(); // the global Excel / Office, as in the task pane
  // Every context.sync() (including the flush Excel.run does at the end) waits LATENCY ms: a round trip.
  const base = fake.Excel;
  const slowExcel = {
    ...base,
    run: (...args: unknown[]) => {
      const batch = args[args.length - 1] as (ctx: { sync(): Promise<void> }) => Promise<unknown>;
      return base.run(...args.slice(0, -1), async (ctx: { sync(): Promise<void> }) => {
        const sync = ctx.sync.bind(ctx);
        ctx.sync = async () => {
          await sleep(LATENCY);
          return sync();
        };
        return batch(ctx);
      });
    },
  };
  (globalThis as Record<string, unknown>).Excel = slowExcel;
  const gw = new OfficeGateway();
  const ctx: UseCaseContext = { crosswalk, today: TODAY, now: () => `${TODAY}T09:00:00.000Z`, tool: "addin" };

  let s0 = fake.syncCount;
  let st0 = fake.stats.length;
  let t0 = now();
  const a = await applyCoverage(gw, ctx, { certification: certification() });
  const apply = { syncs: fake.syncCount - s0, ms: now() - t0, cellsWritten: a.cellsWritten, ...largest(st0) };
  if (a.plan.counts.covered !== 136) throw new Error(`add-in bench: expected 136 covered, got ${a.plan.counts.covered}`);

  s0 = fake.syncCount;
  st0 = fake.stats.length;
  t0 = now();
  const c = await clearMarks(gw, ctx);
  const clear = { syncs: fake.syncCount - s0, ms: now() - t0, restored: c.restored, ...largest(st0) };
  if (!c.done) throw new Error("add-in bench: clear did not finish");
  return { rows: book.sheets[0].values.length, dataRows, latencyMs: LATENCY, apply, clear };
}

/* ------------------------------------------------------------------ */
/* 2. CLI annotate vs ExcelJS                                          */
/* ------------------------------------------------------------------ */

const quietIo = (cwd: string) => ({
  out: () => undefined,
  err: () => undefined,
  isTTY: false,
  cwd,
  today: TODAY,
  now: () => `${TODAY}T09:00:00.000Z`,
});

interface AnnotateResult {
  file: string;
  rows: number;
  bytes: number;
  runs: number;
  annotateMs: number;
  exceljsMs: number;
  ratio: number;
}

async function benchAnnotate(label: string, file: string, cert: string, runs: number, tmp: string): Promise<AnnotateResult> {
  const out = path.join(tmp, "bench-out.xlsx");
  const cliOnce = async () => {
    const t0 = now();
    const code = await main(["annotate", file, "--cert", cert, "-o", out, "--force", "--today", TODAY], quietIo(tmp));
    const ms = now() - t0;
    if (code !== 0) throw new Error(`annotate ${label} exited ${code}`);
    return ms;
  };
  const exceljsOnce = async () => {
    const t0 = now();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file) as unknown as ExcelJS.Buffer);
    const buf = await wb.xlsx.writeBuffer();
    fs.writeFileSync(path.join(tmp, "bench-exceljs.xlsx"), new Uint8Array(buf as ArrayBuffer));
    return now() - t0;
  };
  await cliOnce(); // warm-up (JIT, module loading)
  await exceljsOnce();
  const a: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < runs; i++) {
    // alternate so both see the same machine state
    a.push(await cliOnce());
    e.push(await exceljsOnce());
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(fs.readFileSync(file) as unknown as ExcelJS.Buffer);
  const rows = Math.max(...wb.worksheets.map((w) => w.rowCount));
  const annotateMs = median(a);
  const exceljsMs = median(e);
  return { file: label, rows, bytes: fs.statSync(file).size, runs, annotateMs, exceljsMs, ratio: annotateMs / exceljsMs };
}

/* ------------------------------------------------------------------ */
/* 3. report over 100 workbooks                                        */
/* ------------------------------------------------------------------ */

async function benchReport(tmp: string, cert: string, count: number) {
  const dir = path.join(tmp, "report-in");
  fs.mkdirSync(dir, { recursive: true });
  const answers = ["はい", "いいえ", null, "はい", "該当なし"];
  for (let i = 0; i < count; i++) {
    const book = checksheetBook(145 + (i % 10) * 40, (n) => answers[(n + i) % answers.length]);
    fs.writeFileSync(path.join(dir, `applicant-${String(i + 1).padStart(3, "0")}.xlsx`), await writeLayoutXlsx(book));
  }
  const child = path.join(__dirname, "report-child.js");
  const out = path.join(tmp, "report.csv");
  const raw = execFileSync(process.execPath, [child, dir, cert, out, TODAY], { encoding: "utf8", maxBuffer: 1 << 20 });
  const r = JSON.parse(raw.trim().split("\n").pop()!) as { ms: number; code: number; maxRssKB: number; rssBeforeKB: number };
  const lines = fs.readFileSync(out, "utf8").trim().split("\n").length - 1;
  if (lines !== count) throw new Error(`report wrote ${lines} rows for ${count} files`);
  return {
    files: count,
    ms: r.ms,
    filesPerSecond: count / (r.ms / 1000),
    peakRssMB: r.maxRssKB / 1024,
    rssAtStartMB: r.rssBeforeKB / 1024,
    exitCode: r.code,
  };
}

/* ------------------------------------------------------------------ */
/* 4. task pane first-load JS                                          */
/* ------------------------------------------------------------------ */

function benchTaskpane() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { measureFirstLoad } = require(path.join(ROOT, "scripts/size-limit.js")) as {
    measureFirstLoad(dist: string): { gzip: number; budget: number; ok: boolean; files: { file: string; bytes: number; gzip: number }[] };
  };
  const dist = path.join(ROOT, "dist");
  let built = false;
  if (!fs.existsSync(path.join(dist, "taskpane.html"))) {
    try {
      execFileSync(process.platform === "win32" ? "npx.cmd" : "npx", ["webpack", "--mode", "production"], { cwd: ROOT, stdio: "ignore" });
      built = true;
    } catch {
      return { available: false, reason: "dist/ missing and the production build failed (run `npm run build`)" };
    }
  }
  const r = measureFirstLoad(dist);
  return { available: true, builtNow: built, gzipKB: r.gzip / 1024, budgetKB: r.budget / 1024, ok: r.ok, files: r.files };
}

/* ------------------------------------------------------------------ */

async function runAll() {
  const started = now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "phr-bench-"));
  try {
    const cert = path.join(tmp, "cert.json");
    fs.writeFileSync(cert, JSON.stringify(CERT));
    process.stderr.write("bench: add-in…\n");
    await benchAddin(0); // warm-up (JIT), not recorded
    const addin = [await benchAddin(0), await benchAddin(10_000), await benchAddin(100_000), await benchAddin(0, 60_000)];

    process.stderr.write("bench: annotate vs ExcelJS…\n");
    const big = path.join(tmp, "big-10000.xlsx");
    fs.writeFileSync(big, await writeLayoutXlsx(checksheetBook(10_000)));
    const annotate = [
      await benchAnnotate("examples/sample-checksheet.xlsx", path.join(ROOT, "examples/sample-checksheet.xlsx"), path.join(ROOT, "examples/sample-certification.json"), QUICK ? 3 : 9, tmp),
      await benchAnnotate("generated 10,000 rows", big, cert, QUICK ? 1 : 5, tmp),
    ];

    process.stderr.write("bench: report over 100 workbooks…\n");
    const report = await benchReport(tmp, cert, 100);

    process.stderr.write("bench: task pane bundle…\n");
    const taskpane = benchTaskpane();

    process.stderr.write("bench: hostile inputs…\n");
    const hostile = await benchHostile(tmp, cert);

    const results = {
      at: new Date().toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}, ${os.cpus().length} CPU`,
      latencyMs: LATENCY,
      addin,
      annotate,
      report,
      taskpane,
      hostile,
      goals: {
        addinPayloadBytesMax: PAYLOAD_LIMIT,
        annotateRatioMax: 1.3,
        taskpaneGzipKBMax: 250,
      },
      met: {
        addinPayload: addin.every((a) =>
          [a.apply.maxRequestBytes, a.apply.maxResponseBytes, a.clear.maxRequestBytes, a.clear.maxResponseBytes].every((b) => b < PAYLOAD_LIMIT),
        ),
        annotateRatio: annotate.every((a) => a.ratio <= 1.3),
        taskpaneBudget: taskpane.available ? taskpane.ok : null,
        hostile: hostile.every((h) => h.ok),
      },
      totalSeconds: 0,
    };
    results.totalSeconds = round((now() - started) / 1000);
    fs.writeFileSync(path.join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
    print(results);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function print(r: any) {
  const rows: string[][] = [["benchmark", "figure", "goal", "met"]];
  const kb = (b: number) => `${round(b / 1024, 1)} KB`;
  for (const a of r.addin as AddinResult[]) {
    const where = `145 items / ${a.rows} rows${a.dataRows ? ` + ${a.dataRows}-row data sheet` : ""}, ${a.latencyMs} ms/sync`;
    for (const [k, x] of [["apply", a.apply], ["clear", a.clear]] as const) {
      const ok = x.maxRequestBytes < PAYLOAD_LIMIT && x.maxResponseBytes < PAYLOAD_LIMIT;
      rows.push([
        `add-in ${k}, ${where}`,
        `${x.syncs} syncs, ${round(x.ms, 0)} ms; largest request ${kb(x.maxRequestBytes)}, response ${kb(x.maxResponseBytes)}`,
        "< 5 MB per request/response",
        ok ? "yes" : "NO",
      ]);
    }
  }
  for (const a of r.annotate as AnnotateResult[])
    rows.push([`annotate vs ExcelJS load+save: ${a.file} (${a.rows} rows)`, `${round(a.annotateMs, 0)} ms vs ${round(a.exceljsMs, 0)} ms = ${round(a.ratio, 2)}×`, "≤ 1.3×", a.ratio <= 1.3 ? "yes" : "NO"]);
  rows.push([`report, ${r.report.files} workbooks`, `${round(r.report.filesPerSecond, 1)} files/s, peak RSS ${round(r.report.peakRssMB, 0)} MB`, "-", "-"]);
  if (r.taskpane.available)
    rows.push(["task pane first-load JS (gzip)", `${round(r.taskpane.gzipKB, 1)} KB`, "≤ 250 KB", r.taskpane.ok ? "yes" : "NO"]);
  else rows.push(["task pane first-load JS (gzip)", `n/a: ${r.taskpane.reason}`, "≤ 250 KB", "-"]);
  for (const h of r.hostile ?? [])
    rows.push([`hostile: ${h.name} (exit ${h.code})`, `${round(h.ms, 0)} ms, peak RSS ${round(h.peakRssMB, 0)} MB, inflated ${round(h.inflatedMB, 1)} MB, ${h.cellsVisited} cells`, "≤ 10 s, ≤ 1 GB", h.ok ? "yes" : "NO"]);
  const w = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  const line = (x: string[]) => `| ${x.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
  const out = [line(rows[0]), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...rows.slice(1).map(line)];
  process.stdout.write(out.join("\n") + `\n\nnode ${r.node}, ${r.platform}; total ${r.totalSeconds} s; written to bench/results.json\n`);
}

runAll().catch((e) => {
  process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});

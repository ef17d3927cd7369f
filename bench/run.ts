/**
 * `npm run bench` (never part of the test suite). Writes bench/results.json and prints tables and the goals, met or not.
 *
 *  1. The command line as whole processes (bench/cli.ts): `annotate` and `scan` of bin/phr-checksheet.js beside peers
 *     run as their own processes (SheetJS read+write with compression, SheetJS read, ExcelJS load+save, and the floor:
 *     unzip + re-zip with the CLI's zip library), alternating in each round, on the bundled sample, a 10,000-row sheet and
 *     a dense 100,000-row sheet whose ~300,000 texts are all distinct (shared strings). Wall time, CPU time and peak RSS
 *     of every run; min / median / max and paired ratios (per round, then their median and spread). Goals on the dense
 *     sheet: annotate ≤ 1.0× SheetJS read+write and ≤ 2× the floor; scan ≤ 1.0× SheetJS read.
 *  2. `report` over 120 generated workbooks, whole process: wall time, CPU-seconds per wall-second (goal ≥ 1.7 on two
 *     cores), peak RSS, files per second.
 *  3. task pane first-load JavaScript, gzipped, from dist/ (goal ≤ 100 KB), via scripts/size-limit.js.
 *  4. task pane load in Chromium: bench/pane-load.ts when present (see paneLoadSection below), otherwise said so.
 *  5. hostile and broken inputs (bench/hostile.ts), each in a child process (goal: ≤ 10 s and ≤ 1 GB peak RSS each).
 *  6. add-in apply/clear over OfficeGateway + the strict fake Excel (as Excel on the web: 5 MB per request and per
 *     response, counted in UTF-8 bytes) with a simulated round-trip latency per sync, at 145 item rows, 10,000 and
 *     100,000 rows and beside a 60,000-row data sheet: syncs, wall time and the largest request / response of any
 *     sync in bytes (goal: all under 5 MB). Last, so that the bench's own memory is small while it spawns the others.
 *
 * Environment: BENCH_QUICK=1 (a short run: 20,000 dense rows, 5,000 rows, 40 workbooks, 3 rounds),
 * BENCH_ROUNDS=N (rounds of the CLI section), BENCH_LATENCY_MS (default 50).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseCertificationJson } from "../src/domain/certification-json";
import { OfficeGateway } from "../src/workbook/office";
import { applyCoverage, clearMarks, type UseCaseContext } from "../src/workbook/usecases";
import { createFakeExcel } from "../test/fakes/fake-excel";
import { benchCli, type CaseResult, type ReportResult } from "./cli";
import { CERT, checksheetBook, crosswalk, fakeSeedOf, TODAY } from "./fixtures";
import { benchHostile, type HostileResult } from "./hostile";
import { rusageSource } from "./procs";
import { formatSpread } from "./stats";

const ROOT = path.resolve(__dirname, "../..");
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const QUICK = process.env.BENCH_QUICK === "1";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function certification() {
  const r = parseCertificationJson(JSON.stringify(CERT));
  if (!r.ok) throw new Error("bench certification invalid");
  return r.certification;
}

/* ------------------------------------------------------------------ */
/* 6. add-in                                                           */
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
/* 3. task pane first-load JS                                          */
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
/* 4. task pane load in Chromium: MERGE POINT for bench/pane-load.ts   */
/* ------------------------------------------------------------------ */

/**
 * bench/pane-load.ts is written separately. When it exists (compiled beside this file as pane-load.js) it is loaded here
 * and its result is stored as `paneLoad` in results.json. Expected: an exported `benchPaneLoad(options)` (or a default
 * export) returning a JSON-serialisable object; its optional `goals` ({ name, text, figure, met, metEveryRound? }[]) are
 * added to the goal list and its optional `lines` (string[]) are printed. Absent: said so in the output and the JSON.
 */
interface GoalRow {
  name: string;
  text: string;
  figure: string;
  met: boolean | null;
  metEveryRound?: boolean | null;
}

interface PaneLoadResult {
  goals?: GoalRow[];
  lines?: string[];
  [k: string]: unknown;
}

type PaneLoadSection = { available: true; result: PaneLoadResult } | { available: false; reason: string };

async function paneLoadSection(tmp: string): Promise<PaneLoadSection> {
  const file = path.join(__dirname, "pane-load.js");
  if (!fs.existsSync(file)) return { available: false, reason: "bench/pane-load.ts is absent: the task pane's load in Chromium was not timed in this run" };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { benchPaneLoad?: (o: unknown) => Promise<PaneLoadResult>; default?: (o: unknown) => Promise<PaneLoadResult> };
  const fn = mod.benchPaneLoad ?? mod.default;
  if (typeof fn !== "function") return { available: false, reason: "bench/pane-load.ts exports neither benchPaneLoad nor a default function" };
  return { available: true, result: await fn({ quick: QUICK, tmp, root: ROOT }) };
}

/* ------------------------------------------------------------------ */

function cliGoals(cases: CaseResult[], report: ReportResult): GoalRow[] {
  const rows: GoalRow[] = [];
  for (const c of cases)
    for (const cmd of c.commands)
      for (const r of cmd.ratios)
        if (r.goal)
          rows.push({
            name: `${cmd.name} / ${r.versus}, ${c.name}`,
            text: r.goal.text,
            figure: `paired ratio ${formatSpread(r, "×")} (min–median–max of ${r.perRound.length} rounds)`,
            met: r.met,
            metEveryRound: r.metEveryRound,
          });
  rows.push({
    name: `report CPU-s per wall-s, ${report.files} workbooks, ${report.cpus} CPU`,
    text: report.goal.text,
    figure: `${formatSpread(report.cpuPerWall, "")} (${report.runs.length} runs)`,
    met: report.met,
    metEveryRound: report.metEveryRound,
  });
  return rows;
}

async function runAll() {
  const started = now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "phr-bench-"));
  try {
    const rounds = process.env.BENCH_ROUNDS ? Math.max(1, Number(process.env.BENCH_ROUNDS)) : undefined;
    process.stderr.write(`bench: command line as whole processes (${rusageSource() === "gnu-time" ? "GNU time" : "resourceUsage preload"})…\n`);
    const cli = benchCli({ quick: QUICK, tmp, rounds });

    process.stderr.write("bench: task pane bundle…\n");
    const taskpane = benchTaskpane();

    process.stderr.write("bench: task pane load in Chromium…\n");
    const paneLoad = await paneLoadSection(tmp);

    process.stderr.write("bench: hostile inputs…\n");
    const cert = path.join(tmp, "cert.json");
    fs.writeFileSync(cert, JSON.stringify(CERT));
    const hostile = await benchHostile(tmp, cert);

    process.stderr.write("bench: add-in…\n");
    await benchAddin(0); // warm-up (JIT), not recorded
    const addin = [await benchAddin(0), await benchAddin(10_000), await benchAddin(100_000), await benchAddin(0, 60_000)];

    const addinOk = addin.every((a) =>
      [a.apply.maxRequestBytes, a.apply.maxResponseBytes, a.clear.maxRequestBytes, a.clear.maxResponseBytes].every((b) => b < PAYLOAD_LIMIT),
    );
    const goals: GoalRow[] = [
      ...cliGoals(cli.cases, cli.report),
      { name: "add-in requests and responses", text: "< 5 MB each", figure: `largest ${round(Math.max(...addin.flatMap((a) => [a.apply.maxRequestBytes, a.apply.maxResponseBytes, a.clear.maxRequestBytes, a.clear.maxResponseBytes])) / 1024 ** 2, 2)} MB`, met: addinOk },
      {
        name: "task pane first-load JS (gzip)",
        text: "≤ 100 KB",
        figure: taskpane.available ? `${round(taskpane.gzipKB!, 1)} KB` : `n/a: ${taskpane.reason}`,
        met: taskpane.available ? taskpane.ok! : null,
      },
      ...(paneLoad.available ? (paneLoad.result.goals ?? []) : [{ name: "task pane load in Chromium", text: "(bench/pane-load.ts)", figure: "not measured: file absent", met: null }]),
      { name: "hostile inputs", text: "≤ 10 s, ≤ 1 GB each", figure: `${hostile.filter((h) => h.ok).length} / ${hostile.length} within`, met: hostile.every((h) => h.ok) },
    ];

    const results = {
      at: new Date().toISOString(),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}, ${os.cpus().length} CPU`,
      loadAverage: os.loadavg().map((x) => round(x, 2)),
      quick: QUICK,
      rusageSource: rusageSource(),
      latencyMs: LATENCY,
      cli: { zipLib: cli.zipLib, inputs: cli.inputs, cases: cli.cases, report: cli.report },
      taskpane,
      paneLoad,
      hostile,
      addin,
      goals,
      totalSeconds: 0,
    };
    results.totalSeconds = round((now() - started) / 1000);
    fs.writeFileSync(path.join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");
    print(results);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  const line = (x: string[]) => `| ${x.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
  return [line(rows[0]), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n") + "\n";
}

const yes = (m: boolean | null | undefined) => (m === null || m === undefined ? "-" : m ? "yes" : "NO");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function print(r: any) {
  let out = "";
  for (const c of r.cli.cases as CaseResult[]) {
    const input = c.input as { rows?: number; bytes?: number; distinctTexts?: number };
    out += `\n${c.name} (${[input.rows ? `${input.rows} rows` : "", input.distinctTexts ? `${input.distinctTexts} distinct texts` : "", input.bytes ? `${round(input.bytes / 1024 ** 2, 2)} MB` : ""].filter(Boolean).join(", ")}; ${c.rounds} rounds, whole processes; load average ${c.loadAverage.start.toFixed(1)} → ${c.loadAverage.end.toFixed(1)})\n`;
    const rows = [["command", "wall s (min–median–max)", "CPU s (median)", "peak RSS MB (median)"]];
    for (const cmd of c.commands) rows.push([cmd.label, formatSpread(cmd, ""), cmd.cpuS.median.toFixed(2), cmd.peakRssMB.median.toFixed(0)]);
    out += table(rows);
    const ratios = [["paired ratio (wall)", "per round min–median–max", "goal", "met (median)", "every round", "CPU-time ratio"]];
    for (const cmd of c.commands)
      for (const x of cmd.ratios) ratios.push([`${cmd.name} / ${x.versus}`, formatSpread(x, "×"), x.goal?.text ?? "-", yes(x.met), yes(x.metEveryRound), formatSpread(x.cpu, "×")]);
    out += table(ratios);
  }
  const rep = r.cli.report as ReportResult;
  out += `\nreport over ${rep.files} workbooks (${rep.runs.length} runs, whole process; load average ${rep.loadAverage.start.toFixed(1)} → ${rep.loadAverage.end.toFixed(1)} on ${rep.cpus} CPU)\n`;
  out += table([
    ["wall s", "CPU s", "CPU-s / wall-s", "files / s", "peak RSS MB"],
    [formatSpread(rep, ""), formatSpread(rep.cpuS, ""), formatSpread(rep.cpuPerWall, ""), formatSpread(rep.filesPerSecond, "", 1), formatSpread(rep.peakRssMB, "", 0)],
  ]);
  if (rep.jobs1) {
    out += `report --jobs 1 (one thread), same rounds: wall ${formatSpread(rep.jobs1, "s")}, CPU ${formatSpread(rep.jobs1.cpuS, "s")}, CPU-s / wall-s ${formatSpread(rep.jobs1.cpuPerWall, "")}, peak RSS ${formatSpread(rep.jobs1.peakRssMB, "MB", 0)}\n`;
    out += `paired ratio report / report --jobs 1 (wall): ${formatSpread(rep.jobs1.wallRatio, "×")}\n`;
  }

  const rows: string[][] = [["other benchmark", "figure", "goal", "met"]];
  const kb = (b: number) => `${round(b / 1024, 1)} KB`;
  for (const a of r.addin as AddinResult[]) {
    const where = `145 items / ${a.rows} rows${a.dataRows ? ` + ${a.dataRows}-row data sheet` : ""}, ${a.latencyMs} ms/sync`;
    for (const [k, x] of [["apply", a.apply], ["clear", a.clear]] as const) {
      const ok = x.maxRequestBytes < PAYLOAD_LIMIT && x.maxResponseBytes < PAYLOAD_LIMIT;
      rows.push([`add-in ${k}, ${where}`, `${x.syncs} syncs, ${round(x.ms, 0)} ms; largest request ${kb(x.maxRequestBytes)}, response ${kb(x.maxResponseBytes)}`, "< 5 MB per request/response", ok ? "yes" : "NO"]);
    }
  }
  if (r.taskpane.available) rows.push(["task pane first-load JS (gzip)", `${round(r.taskpane.gzipKB, 1)} KB`, "≤ 100 KB", r.taskpane.ok ? "yes" : "NO"]);
  else rows.push(["task pane first-load JS (gzip)", `n/a: ${r.taskpane.reason}`, "≤ 100 KB", "-"]);
  for (const h of (r.hostile ?? []) as HostileResult[])
    rows.push([`hostile: ${h.name} (exit ${h.code})`, `${round(h.ms, 0)} ms, peak RSS ${round(h.peakRssMB, 0)} MB, inflated ${round(h.inflatedMB, 1)} MB, ${h.cellsVisited} cells`, "≤ 10 s, ≤ 1 GB", h.ok ? "yes" : "NO"]);
  out += "\n" + table(rows);

  out += r.paneLoad.available ? `\ntask pane load in Chromium (bench/pane-load.ts):\n${(r.paneLoad.result.lines ?? ["see paneLoad in bench/results.json"]).join("\n")}\n` : `\ntask pane load in Chromium: ${r.paneLoad.reason}\n`;

  const goals = r.goals as GoalRow[];
  out += "\nGoals in this run (met: the median meets the goal; every round: the worst round does too)\n";
  out += table([["goal", "figure", "met", "every round"], ...goals.map((g) => [`${g.name}: ${g.text}`, g.figure, yes(g.met), yes(g.metEveryRound)])]);
  const missed = goals.filter((g) => g.met === false).map((g) => `${g.name} (${g.text})`);
  out += missed.length ? `NOT met: ${missed.join("; ")}\n` : "All measured goals are met.\n";
  const cpus = os.cpus().length;
  const busiest = Math.max(...(r.cli.cases as CaseResult[]).map((c) => Math.max(c.loadAverage.start, c.loadAverage.end)), rep.loadAverage.start, rep.loadAverage.end);
  if (busiest > cpus)
    out += `\nWARNING: the machine was busy (1-minute load average up to ${busiest.toFixed(1)} on ${cpus} CPU): other jobs stretch wall times and lower CPU-s per wall-s; the CPU-time ratios are the steadier comparison in this run.\n`;
  out += `\nnode ${r.node}, ${r.platform}, load average ${r.loadAverage.join(" / ")} at the end; ${r.quick ? "QUICK run; " : ""}CPU and peak RSS from ${r.rusageSource}; total ${r.totalSeconds} s; written to bench/results.json\n`;
  process.stdout.write(out);
}

runAll().catch((e) => {
  process.stderr.write(`bench failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});

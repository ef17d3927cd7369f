/**
 * The command line measured as whole processes (`node bin/phr-checksheet.js …`: start-up, reading, writing and exit
 * included) beside peers doing the same job as their own processes (bench/peers/): SheetJS read + write (compression on),
 * SheetJS read, ExcelJS load + save, and the floor, unzip + re-zip of every part with the zip library the CLI uses.
 * In each round every command runs once, in an order rotated from round to round; ratios are paired per round.
 * Inputs are generated into a temporary folder by a child process (bench/make-inputs-child.ts).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runNode, type ProcessRun } from "./procs";
import { checkGoal, pairedRatio, roundOrder, summarize, type Goal, type PairedRatio, type Summary } from "./stats";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "bin/phr-checksheet.js");
const PEERS = path.join(__dirname, "peers");
export const TODAY = "2026-01-15";

export type ZipLib = "fflate" | "zlib";

/** Which zip library the compiled CLI's OOXML adapter deflates with: the floor must use the same. */
export function cliZipLib(): ZipLib {
  const dir = path.join(ROOT, "build/src/workbook/xlsx");
  const js = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".js")) : [];
  const usesZlib = js.some((f) => /require\("(node:)?zlib"\)/.test(fs.readFileSync(path.join(dir, f), "utf8")));
  return usesZlib ? "zlib" : "fflate";
}

interface CommandSpec {
  name: string;
  label: string;
  script: string;
  args: string[];
  okCodes?: number[];
}

export interface RatioResult extends PairedRatio {
  versus: string;
  /** The same pairing over CPU seconds (user + system): less sensitive to other jobs on the machine than wall time. */
  cpu: PairedRatio;
  goal: Goal | null;
  /** Median meets the goal (null: no goal for this case). */
  met: boolean | null;
  metEveryRound: boolean | null;
}

export interface CommandResult extends Summary {
  name: string;
  label: string;
  unit: "s";
  cpuS: Summary;
  cpuPerWall: Summary;
  peakRssMB: Summary;
  exitCodes: number[];
  ratios: RatioResult[];
}

export interface CaseResult {
  name: string;
  input: Record<string, unknown>;
  rounds: number;
  /** 1-minute load average when the case started and ended (other jobs on the machine stretch wall times). */
  loadAverage: { start: number; end: number };
  commands: CommandResult[];
}

interface RatioSpec {
  command: string;
  versus: string;
  goal?: Goal;
}

function commandResult(spec: CommandSpec, runs: ProcessRun[]): Omit<CommandResult, "ratios"> {
  const wall = summarize(runs.map((r) => r.wallS));
  return {
    name: spec.name,
    label: spec.label,
    unit: "s",
    ...wall,
    cpuS: summarize(runs.map((r) => r.cpuS)),
    cpuPerWall: summarize(runs.map((r) => r.cpuS / r.wallS)),
    peakRssMB: summarize(runs.map((r) => r.maxRssMB)),
    exitCodes: [...new Set(runs.map((r) => r.code))],
  };
}

/** One warm-up round (not recorded: disk cache, lazy compilation), then `rounds` rounds of every command. */
function runCase(name: string, input: Record<string, unknown>, specs: CommandSpec[], ratios: RatioSpec[], rounds: number, cwd: string): CaseResult {
  const runs = new Map<string, ProcessRun[]>(specs.map((s) => [s.name, []]));
  const loadStart = os.loadavg()[0];
  for (let r = -1; r < rounds; r++) {
    for (const s of roundOrder(specs, r)) {
      const run = runNode(s.script, s.args, { cwd, okCodes: s.okCodes, label: `${name}: ${s.label}` });
      if (r >= 0) runs.get(s.name)!.push(run);
    }
    process.stderr.write(r < 0 ? `  ${name}: warm-up done\n` : `  ${name}: round ${r + 1}/${rounds}\n`);
  }
  const loadEnd = os.loadavg()[0];
  const wallOf = (n: string) => runs.get(n)!.map((x) => x.wallS);
  const cpuOf = (n: string) => runs.get(n)!.map((x) => x.cpuS);
  const commands: CommandResult[] = specs.map((s) => ({ ...commandResult(s, runs.get(s.name)!), ratios: [] }));
  for (const rs of ratios) {
    const p = pairedRatio(wallOf(rs.command), wallOf(rs.versus));
    const g = rs.goal ? checkGoal(rs.goal, p) : null;
    commands
      .find((c) => c.name === rs.command)!
      .ratios.push({ versus: rs.versus, ...p, cpu: pairedRatio(cpuOf(rs.command), cpuOf(rs.versus)), goal: rs.goal ?? null, met: g ? g.met : null, metEveryRound: g ? g.metEveryRound : null });
  }
  return { name, input, rounds, loadAverage: { start: loadStart, end: loadEnd }, commands };
}

function fileCommands(file: string, cert: string, out: string, zip: ZipLib, cliCodes: number[]): CommandSpec[] {
  return [
    { name: "annotate", label: "annotate", script: CLI, args: ["annotate", file, "--cert", cert, "-o", path.join(out, "annotate.xlsx"), "--force", "--today", TODAY], okCodes: cliCodes },
    { name: "scan", label: "scan --json", script: CLI, args: ["scan", file, "--cert", cert, "--json", "--today", TODAY], okCodes: cliCodes },
    { name: "sheetjs-rw", label: "SheetJS read+write (compression)", script: path.join(PEERS, "sheetjs-rw.js"), args: [file, path.join(out, "sheetjs.xlsx")] },
    { name: "sheetjs-read", label: "SheetJS read", script: path.join(PEERS, "sheetjs-read.js"), args: [file] },
    { name: "exceljs-rw", label: "ExcelJS load+save", script: path.join(PEERS, "exceljs-rw.js"), args: [file, path.join(out, "exceljs.xlsx")] },
    ...(["fflate", "zlib"] as const).map((lib) => ({
      name: `floor-${lib}`,
      label: `unzip + re-zip (${lib}${lib === zip ? ", the CLI's library" : ""})`,
      script: path.join(PEERS, "rezip.js"),
      args: ["--lib", lib, file, path.join(out, `floor-${lib}.xlsx`)],
    })),
  ];
}

export interface CliBenchOptions {
  quick: boolean;
  tmp: string;
  /** Rounds for the big inputs (default 5, quick 3) and the bundled sample (default 7, quick 3). */
  rounds?: number;
}

export interface ReportResult extends Summary {
  files: number;
  bytes: number;
  unit: "s";
  cpuS: Summary;
  cpuPerWall: Summary;
  peakRssMB: Summary;
  filesPerSecond: Summary;
  exitCodes: number[];
  goal: Goal;
  met: boolean;
  metEveryRound: boolean;
  cpus: number;
  loadAverage: { start: number; end: number };
  /** The same with `--jobs 1`, alternating with it (null: this CLI has no --jobs). */
  jobs1: (Summary & { cpuS: Summary; cpuPerWall: Summary; peakRssMB: Summary; wallRatio: PairedRatio }) | null;
}

export const GOALS = {
  annotateVsSheetjs: { op: "<=", value: 1.0, text: "≤ 1.0× SheetJS read+write" } as Goal,
  annotateVsFloor: { op: "<=", value: 2.0, text: "≤ 2× unzip + re-zip" } as Goal,
  scanVsSheetjsRead: { op: "<=", value: 1.0, text: "≤ 1.0× SheetJS read" } as Goal,
  reportCpuPerWall: { op: ">=", value: 1.7, text: "≥ 1.7 CPU-s / wall-s" } as Goal,
};

export function benchCli(opts: CliBenchOptions): { zipLib: ZipLib; cases: CaseResult[]; report: ReportResult; inputs: Record<string, unknown> } {
  const denseRows = opts.quick ? 20_000 : 100_000;
  const bigRows = opts.quick ? 5_000 : 10_000;
  const reportFiles = opts.quick ? 40 : 120;
  const rounds = opts.rounds ?? (opts.quick ? 3 : 5);
  const sampleRounds = opts.rounds ?? (opts.quick ? 3 : 7);
  const inDir = path.join(opts.tmp, "cli-in");
  const outDir = path.join(opts.tmp, "cli-out");
  fs.mkdirSync(outDir, { recursive: true });
  process.stderr.write(`  generating inputs (${denseRows} dense rows, ${bigRows} rows, ${reportFiles} workbooks)…\n`);
  const raw = execFileSync(process.execPath, [path.join(__dirname, "make-inputs-child.js"), inDir, String(denseRows), String(bigRows), String(reportFiles)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  const inputs = JSON.parse(raw.trim().split("\n").pop()!) as {
    big: { file: string; bytes: number; rows: number };
    dense: { file: string; bytes: number; rows: number };
    report: { dir: string; files: number; bytes: number };
  };
  const cert = path.join(inDir, "cert.json");
  const zip = cliZipLib();
  const floor = `floor-${zip}`;
  const plain: RatioSpec[] = [
    { command: "annotate", versus: "sheetjs-rw" },
    { command: "annotate", versus: floor },
    { command: "annotate", versus: "exceljs-rw" },
    { command: "scan", versus: "sheetjs-read" },
  ];
  const withGoals: RatioSpec[] = [
    { command: "annotate", versus: "sheetjs-rw", goal: GOALS.annotateVsSheetjs },
    { command: "annotate", versus: floor, goal: GOALS.annotateVsFloor },
    { command: "annotate", versus: "exceljs-rw" },
    { command: "scan", versus: "sheetjs-read", goal: GOALS.scanVsSheetjsRead },
  ];

  const sample = path.join(ROOT, "examples/sample-checksheet.xlsx");
  const sampleCert = path.join(ROOT, "examples/sample-certification.json");
  const cases: CaseResult[] = [];
  // The sample holds a planted いいえ on a covered item: annotate and scan report it with exit 1 (annotate writes its file all the same).
  cases.push(
    runCase("bundled sample", { file: "examples/sample-checksheet.xlsx", bytes: fs.statSync(sample).size }, fileCommands(sample, sampleCert, outDir, zip, [0, 1]), plain, sampleRounds, outDir),
  );
  const describe = (x: Record<string, unknown>) => ({ ...x, file: path.basename(String(x.file)) });
  cases.push(runCase(`${bigRows.toLocaleString("en")} rows`, describe(inputs.big), fileCommands(inputs.big.file, cert, outDir, zip, [0]), plain, rounds, outDir));
  cases.push(
    runCase(
      `dense ${denseRows.toLocaleString("en")} rows, unique texts`,
      describe(inputs.dense),
      fileCommands(inputs.dense.file, cert, outDir, zip, [0]),
      withGoals,
      rounds,
      outDir,
    ),
  );

  // report: whole process over the generated workbooks; how many cores it keeps busy. Alternates with `--jobs 1` (one
  // thread) when the CLI has --jobs, so that the gain of the worker threads is a paired ratio of the same rounds.
  const csv = path.join(outDir, "report.csv");
  const csv1 = path.join(outDir, "report-jobs1.csv");
  const reportArgs = (out: string) => ["report", inputs.report.dir, "--cert", cert, "-o", out, "--force", "--today", TODAY];
  // whether the compiled CLI has --jobs (its options are declared in the command table, earlier in report.js)
  const hasJobs = ["build/src/cli/command-table.js", "build/src/cli/report.js"].some(
    (f) => fs.existsSync(path.join(ROOT, f)) && fs.readFileSync(path.join(ROOT, f), "utf8").includes('"jobs"'),
  );
  const specs: CommandSpec[] = [
    { name: "report", label: "report", script: CLI, args: reportArgs(csv), okCodes: [0, 1] },
    ...(hasJobs ? [{ name: "report-jobs1", label: "report --jobs 1", script: CLI, args: [...reportArgs(csv1), "--jobs", "1"], okCodes: [0, 1] }] : []),
  ];
  const runsOf = new Map<string, ProcessRun[]>(specs.map((x) => [x.name, []]));
  const loadStart = os.loadavg()[0];
  for (let r = -1; r < rounds; r++) {
    for (const x of roundOrder(specs, r)) {
      const run = runNode(x.script, x.args, { cwd: outDir, okCodes: x.okCodes, label: x.label });
      if (r >= 0) runsOf.get(x.name)!.push(run);
    }
    if (r < 0) {
      const lines = fs.readFileSync(csv, "utf8").trim().split("\n").length - 1;
      if (lines !== inputs.report.files) throw new Error(`report wrote ${lines} rows for ${inputs.report.files} files`);
      if (hasJobs && fs.readFileSync(csv1, "utf8") !== fs.readFileSync(csv, "utf8")) throw new Error("report --jobs 1 wrote another table than report");
    }
    process.stderr.write(r < 0 ? "  report: warm-up done\n" : `  report: round ${r + 1}/${rounds}\n`);
  }
  const runs = runsOf.get("report")!;
  const single = runsOf.get("report-jobs1");
  const jobs1 = single
    ? {
        ...summarize(single.map((r) => r.wallS)),
        cpuS: summarize(single.map((r) => r.cpuS)),
        cpuPerWall: summarize(single.map((r) => r.cpuS / r.wallS)),
        peakRssMB: summarize(single.map((r) => r.maxRssMB)),
        /** report (default jobs) / report --jobs 1, wall time, per round. */
        wallRatio: pairedRatio(runs.map((r) => r.wallS), single.map((r) => r.wallS)),
      }
    : null;
  const cpuPerWall = summarize(runs.map((r) => r.cpuS / r.wallS));
  const g = checkGoal(GOALS.reportCpuPerWall, cpuPerWall);
  const report: ReportResult = {
    files: inputs.report.files,
    bytes: inputs.report.bytes,
    unit: "s",
    ...summarize(runs.map((r) => r.wallS)),
    cpuS: summarize(runs.map((r) => r.cpuS)),
    cpuPerWall,
    peakRssMB: summarize(runs.map((r) => r.maxRssMB)),
    filesPerSecond: summarize(runs.map((r) => inputs.report.files / r.wallS)),
    exitCodes: [...new Set(runs.map((r) => r.code))],
    goal: GOALS.reportCpuPerWall,
    met: g.met,
    metEveryRound: g.metEveryRound,
    cpus: os.cpus().length,
    loadAverage: { start: loadStart, end: os.loadavg()[0] },
    jobs1,
  };
  return { zipLib: zip, cases, report, inputs: { denseRows, bigRows, reportFiles } };
}

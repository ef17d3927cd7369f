/**
 * Whole-process measurement: spawn a command (start-up, module loading, reading, writing and exit included) and take its
 * wall time, CPU time (user + system, all threads) and peak RSS. With GNU time (/usr/bin/time) the figures come from
 * wait4() of a small parent, so the child's peak RSS is its own; without it a preload writes process.resourceUsage() at
 * exit, and the peak RSS may then include the bench's own RSS at spawn (Linux keeps it across fork + exec).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseTimeLine } from "./stats";

export interface ProcessRun {
  code: number;
  wallS: number;
  cpuS: number;
  maxRssMB: number;
}

const GNU_TIME = "/usr/bin/time";
let source: "gnu-time" | "preload" | null = null;
/** Where CPU time and peak RSS come from: GNU time when it runs here, otherwise the preload. */
export function rusageSource(): "gnu-time" | "preload" {
  if (source) return source;
  if (process.env.BENCH_RUSAGE === "preload") return (source = "preload"); // to try the fallback where GNU time exists
  try {
    const r = spawnSync(GNU_TIME, ["-f", "BENCH-RUSAGE %e %U %S %M", process.execPath, "-e", "0"], { encoding: "utf8" });
    source = r.status === 0 && parseTimeLine(r.stderr ?? "") ? "gnu-time" : "preload";
  } catch {
    source = "preload";
  }
  return source;
}

/** Run `node SCRIPT ARGS...` once as its own process; throws when the exit code is not one of `okCodes`. */
export function runNode(script: string, args: string[], opts: { cwd: string; okCodes?: number[]; label: string }): ProcessRun {
  const okCodes = opts.okCodes ?? [0];
  let cmd: string;
  let argv: string[];
  const env = { ...process.env };
  let rusageFile = "";
  if (rusageSource() === "gnu-time") {
    cmd = GNU_TIME;
    argv = ["-f", "BENCH-RUSAGE %e %U %S %M", process.execPath, script, ...args];
  } else {
    rusageFile = path.join(os.tmpdir(), `phr-bench-rusage-${process.pid}.json`);
    env.BENCH_RUSAGE_FILE = rusageFile;
    cmd = process.execPath;
    argv = ["-r", path.join(__dirname, "rusage-preload.js"), script, ...args];
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: opts.cwd, env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 16 << 20 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw new Error(`${opts.label}: ${r.error.message}`);
  const code = r.status ?? -1;
  if (!okCodes.includes(code)) throw new Error(`${opts.label} exited ${code}: ${(r.stderr ?? "").split("\n").slice(0, 3).join(" / ")}`);
  let u: { userS: number; sysS: number; maxRssKB: number } | null;
  if (rusageSource() === "gnu-time") u = parseTimeLine(r.stderr ?? "");
  else {
    u = JSON.parse(fs.readFileSync(rusageFile, "utf8"));
    fs.rmSync(rusageFile, { force: true });
  }
  if (!u) throw new Error(`${opts.label}: no resource usage reported`);
  return { code, wallS, cpuS: u.userS + u.sysS, maxRssMB: u.maxRssKB / 1024 };
}

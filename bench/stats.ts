/**
 * Pure helpers of the benchmark: summaries of repeated runs, paired ratios (one ratio per round, from runs made
 * side by side in that round) and the goal check. No timing, no I/O: tested in test/bench/stats.test.ts.
 */

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface Summary extends Spread {
  runs: number[];
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("median of no values");
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(runs: readonly number[]): Summary {
  if (runs.length === 0) throw new Error("summary of no runs");
  if (runs.some((x) => !Number.isFinite(x))) throw new Error("summary of a non-finite run");
  return { runs: [...runs], min: Math.min(...runs), median: median(runs), max: Math.max(...runs) };
}

export interface PairedRatio extends Spread {
  /** a[i] / b[i] of round i. */
  perRound: number[];
}

/**
 * The ratio of two commands run in the same rounds: the ratio of each round first (both saw the same machine state),
 * then its median and spread. Not median(a) / median(b), which can pair a fast round of one with a slow one of the other.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): PairedRatio {
  if (a.length !== b.length) throw new Error(`paired ratio of ${a.length} and ${b.length} runs`);
  if (a.length === 0) throw new Error("paired ratio of no runs");
  if (b.some((x) => !(x > 0))) throw new Error("paired ratio over a run that is not positive");
  const perRound = a.map((x, i) => x / b[i]);
  const { min, median: med, max } = summarize(perRound);
  return { perRound, min, median: med, max };
}

/** A goal on a figure: at most (a ratio, a time) or at least (CPU-seconds per wall-second). */
export interface Goal {
  op: "<=" | ">=";
  value: number;
  /** How the goal reads, e.g. "≤ 1.0× SheetJS read+write". */
  text: string;
}

export interface GoalCheck {
  /** The median meets the goal: the figure the bench reports as met or not. */
  met: boolean;
  /** Every round met it (the worst of the spread). */
  metEveryRound: boolean;
}

const meets = (g: Goal, x: number) => (g.op === "<=" ? x <= g.value : x >= g.value);

export function checkGoal(goal: Goal, s: Spread): GoalCheck {
  const worst = goal.op === "<=" ? s.max : s.min;
  return { met: meets(goal, s.median), metEveryRound: meets(goal, worst) };
}

/** The order of the commands in round `round`: rotated so that none always runs first (or right after another). */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const k = ((round % n) + n) % n;
  return [...items.slice(k), ...items.slice(0, k)];
}

function fmt(x: number, digits: number): string {
  return x.toFixed(digits);
}

/** "1.23–1.31–1.50" (min–median–max) with a unit: "s", "×", "MB" or "". */
export function formatSpread(s: Spread, unit: string, digits = 2): string {
  return `${fmt(s.min, digits)}–${fmt(s.median, digits)}–${fmt(s.max, digits)}${unit ? ` ${unit}` : ""}`.replace(" ×", "×");
}

/** Parse the line GNU time writes with `-f "BENCH-RUSAGE %e %U %S %M"`: wall s, user s, system s, peak RSS KB. */
export function parseTimeLine(stderr: string): { wallS: number; userS: number; sysS: number; maxRssKB: number } | null {
  const lines = stderr.split("\n").filter((l) => l.startsWith("BENCH-RUSAGE "));
  const last = lines[lines.length - 1];
  if (!last) return null;
  const [wallS, userS, sysS, maxRssKB] = last.slice("BENCH-RUSAGE ".length).trim().split(/\s+/).map(Number);
  if (![wallS, userS, sysS, maxRssKB].every((x) => Number.isFinite(x))) return null;
  return { wallS, userS, sysS, maxRssKB };
}

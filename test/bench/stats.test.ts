/** The benchmark's pure helpers (bench/stats.ts): statistics, paired ratios, the goal check. No timing here. */
import { checkGoal, formatSpread, median, pairedRatio, parseTimeLine, roundOrder, summarize, type Goal } from "../../bench/stats";

describe("median and summarize", () => {
  it("takes the middle value of an odd count and the mean of the two middle values of an even count, unsorted input", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("does not reorder the runs it summarizes", () => {
    const runs = [3, 1, 2];
    const s = summarize(runs);
    expect(s).toEqual({ runs: [3, 1, 2], min: 1, median: 2, max: 3 });
    expect(runs).toEqual([3, 1, 2]);
  });

  it("refuses no runs and non-finite runs instead of reporting NaN", () => {
    expect(() => summarize([])).toThrow(/no runs/);
    expect(() => median([])).toThrow();
    expect(() => summarize([1, NaN])).toThrow(/non-finite/);
    expect(() => summarize([1, Infinity])).toThrow(/non-finite/);
  });
});

describe("pairedRatio", () => {
  it("divides round by round, then summarizes the ratios", () => {
    const r = pairedRatio([2, 3, 10], [1, 2, 4]);
    expect(r.perRound).toEqual([2, 1.5, 2.5]);
    expect(r.min).toBe(1.5);
    expect(r.median).toBe(2);
    expect(r.max).toBe(2.5);
  });

  it("differs from the ratio of medians when a slow round hits both commands", () => {
    // Round 2 is slow for both (machine busy): paired, each round says a is 2× b.
    const a = [1, 10, 1.2];
    const b = [0.5, 5, 0.6];
    const p = pairedRatio(a, b);
    expect(p.perRound.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([2, 2, 2]);
    expect(p.min).toBeCloseTo(2, 9);
    expect(p.max).toBeCloseTo(2, 9);
    // While pairing a's fast round with b's slow one would say otherwise:
    expect(Math.min(...a) / Math.max(...b)).toBeCloseTo(0.2, 9);
  });

  it("refuses unequal run counts, no runs and a zero or negative denominator", () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/2 and 1/);
    expect(() => pairedRatio([], [])).toThrow(/no runs/);
    expect(() => pairedRatio([1], [0])).toThrow(/not positive/);
    expect(() => pairedRatio([1], [-1])).toThrow(/not positive/);
  });
});

describe("checkGoal", () => {
  const atMost: Goal = { op: "<=", value: 1.0, text: "≤ 1.0×" };
  const atLeast: Goal = { op: ">=", value: 1.7, text: "≥ 1.7" };

  it("judges an upper bound by the median, and every round by the maximum", () => {
    expect(checkGoal(atMost, { min: 0.8, median: 0.95, max: 1.1 })).toEqual({ met: true, metEveryRound: false });
    expect(checkGoal(atMost, { min: 0.8, median: 0.9, max: 1.0 })).toEqual({ met: true, metEveryRound: true });
    expect(checkGoal(atMost, { min: 0.9, median: 1.01, max: 1.2 })).toEqual({ met: false, metEveryRound: false });
  });

  it("judges a lower bound by the median, and every round by the minimum", () => {
    expect(checkGoal(atLeast, { min: 1.6, median: 1.75, max: 1.9 })).toEqual({ met: true, metEveryRound: false });
    expect(checkGoal(atLeast, { min: 1.7, median: 1.8, max: 1.9 })).toEqual({ met: true, metEveryRound: true });
    expect(checkGoal(atLeast, { min: 1.1, median: 1.2, max: 1.9 })).toEqual({ met: false, metEveryRound: false });
  });

  it("works on a paired ratio directly", () => {
    const p = pairedRatio([1.2, 1.4, 1.3], [1, 1, 1]);
    expect(checkGoal(atMost, p)).toEqual({ met: false, metEveryRound: false });
    expect(checkGoal({ op: "<=", value: 2, text: "≤ 2×" }, p)).toEqual({ met: true, metEveryRound: true });
  });
});

describe("roundOrder", () => {
  it("rotates the commands so each one starts a round in turn", () => {
    const xs = ["a", "b", "c"];
    expect(roundOrder(xs, 0)).toEqual(["a", "b", "c"]);
    expect(roundOrder(xs, 1)).toEqual(["b", "c", "a"]);
    expect(roundOrder(xs, 2)).toEqual(["c", "a", "b"]);
    expect(roundOrder(xs, 3)).toEqual(["a", "b", "c"]);
    expect(roundOrder(xs, -1)).toEqual(["c", "a", "b"]);
    expect(roundOrder([], 4)).toEqual([]);
    const firsts = [0, 1, 2].map((r) => roundOrder(xs, r)[0]);
    expect(new Set(firsts).size).toBe(3);
  });
});

describe("formatSpread and parseTimeLine", () => {
  it("prints min–median–max with the unit", () => {
    expect(formatSpread({ min: 1.234, median: 1.5, max: 2 }, "×")).toBe("1.23–1.50–2.00×");
    expect(formatSpread({ min: 0.5, median: 0.75, max: 1 }, "s", 1)).toBe("0.5–0.8–1.0 s");
    expect(formatSpread({ min: 100, median: 120, max: 130 }, "", 0)).toBe("100–120–130");
  });

  it("reads the last BENCH-RUSAGE line of GNU time among the command's own stderr", () => {
    const stderr = "warning from the command\nBENCH-RUSAGE 9.9 9 9 9\nmore\nBENCH-RUSAGE 2.50 3.10 0.40 204800\n";
    expect(parseTimeLine(stderr)).toEqual({ wallS: 2.5, userS: 3.1, sysS: 0.4, maxRssKB: 204800 });
    expect(parseTimeLine("no such line\n")).toBeNull();
    expect(parseTimeLine("BENCH-RUSAGE 1 x 2 3\n")).toBeNull();
  });
});

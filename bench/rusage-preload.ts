/**
 * Preloaded (`node -r`) into a measured process when GNU time is not installed: at exit, writes the process's own
 * CPU time (all threads) and peak RSS as JSON to the file named by BENCH_RUSAGE_FILE.
 */
import * as fs from "fs";

const file = process.env.BENCH_RUSAGE_FILE;
if (file)
  process.on("exit", () => {
    const u = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ userS: u.userCPUTime / 1e6, sysS: u.systemCPUTime / 1e6, maxRssKB: u.maxRSS }));
  });

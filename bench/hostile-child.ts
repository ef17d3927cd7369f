/**
 * Child process for the hostile-input benchmark: runs one CLI command in-process and prints
 * {ms, code, maxRssKB, inflatedBytes, cellsVisited} (peak RSS is the whole process's own, from getrusage).
 * Usage: node hostile-child.js CWD TODAY ARG...   (or --make DIR CERT: write the inputs, see hostile.ts)
 */
import { main } from "../src/cli/main";
import { sparseMeter } from "../src/domain/sparse";
import { inflateMeter } from "../src/workbook/xlsx/container";
import { makeHostileInputs } from "./hostile";

async function run() {
  if (process.argv[2] === "--make") return makeHostileInputs(process.argv[3]!, process.argv[4]!);
  const [cwd, today, ...argv] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const code = await main(argv, { out: () => undefined, err: () => undefined, isTTY: false, cwd, today, now: () => `${today}T00:00:00.000Z` });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(
    JSON.stringify({ ms, code, maxRssKB: process.resourceUsage().maxRSS, inflatedBytes: inflateMeter.bytes, cellsVisited: sparseMeter.cellsVisited }) + "\n",
  );
}

run().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + "\n");
  process.exit(3);
});

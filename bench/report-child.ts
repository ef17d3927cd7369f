/**
 * Child process for the `report` benchmark: runs the CLI in-process once and prints
 * {ms, code, maxRssKB, rssBeforeKB} so peak memory is the whole process's own peak (getrusage).
 * Usage: node report-child.js DIR CERT OUT TODAY
 */
import { main } from "../src/cli/main";

async function run() {
  const [dir, cert, out, today] = process.argv.slice(2);
  const rssBeforeKB = Math.round(process.memoryUsage().rss / 1024);
  const t0 = process.hrtime.bigint();
  const code = await main(["report", dir, "--cert", cert, "-o", out, "--force", "--today", today], {
    out: () => undefined,
    err: () => undefined,
    isTTY: false,
    cwd: process.cwd(),
    today,
    now: () => `${today}T00:00:00.000Z`,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(JSON.stringify({ ms, code, maxRssKB: process.resourceUsage().maxRSS, rssBeforeKB }) + "\n");
}

run().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + "\n");
  process.exit(3);
});

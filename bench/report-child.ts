/**
 * Child process for the `report` benchmark: runs the CLI in-process once and prints
 * {ms, code, maxRssKB, rssBeforeKB, cpuMs, wallMs, cpuPerWall} so peak memory is the whole process's own peak (getrusage).
 * cpuMs is user + system CPU of the whole process (every thread, worker threads included) since it started, wallMs the
 * process's age at the end: cpuPerWall is how many cores `report` kept busy, start-up included.
 * Usage: node report-child.js DIR CERT OUT TODAY [JOBS]
 */
import { main } from "../src/cli/main";

async function run() {
  const [dir, cert, out, today, jobs] = process.argv.slice(2);
  const rssBeforeKB = Math.round(process.memoryUsage().rss / 1024);
  const t0 = process.hrtime.bigint();
  const code = await main(["report", dir, "--cert", cert, "-o", out, "--force", "--today", today, ...(jobs ? ["--jobs", jobs] : [])], {
    out: () => undefined,
    err: () => undefined,
    isTTY: false,
    cwd: process.cwd(),
    today,
    now: () => `${today}T00:00:00.000Z`,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const ru = process.resourceUsage();
  const cpuMs = (ru.userCPUTime + ru.systemCPUTime) / 1000;
  const wallMs = process.uptime() * 1000;
  process.stdout.write(JSON.stringify({ ms, code, maxRssKB: ru.maxRSS, rssBeforeKB, cpuMs, wallMs, cpuPerWall: cpuMs / wallMs }) + "\n");
}

run().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + "\n");
  process.exit(3);
});

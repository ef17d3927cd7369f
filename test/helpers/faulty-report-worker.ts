/**
 * A `report` worker that fails on purpose, for test/cli/report-workers.test.ts: the real scorer, except for files
 * whose name says how to fail — "crash" (an exception thrown outside any handler: the thread dies), "exit"
 * (process.exit inside the worker), "reject" (the scorer throws; the worker survives).
 */
import { serveReportWorker } from "../../src/cli/report-pool";
import { reportFileRow } from "../../src/cli/report-score";

serveReportWorker(async (file, env) => {
  if (file.includes("crash")) {
    setImmediate(() => {
      throw new Error("simulated fault");
    });
    return new Promise(() => undefined);
  }
  if (file.includes("exit")) process.exit(7);
  if (file.includes("reject")) throw new Error("scorer rejected");
  return reportFileRow(file, env);
});

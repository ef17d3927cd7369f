/**
 * A `report` worker that fails on purpose, for test/cli/report-workers.test.ts: the real scorer, except for files
 * whose name says how to fail — "crash" (an exception thrown outside any handler: the thread dies), "exit"
 * (process.exit inside the worker), "reject" (the scorer throws; the worker survives), "hang" (a busy loop that never
 * returns: only stopping the thread ends it), "stall" (a promise that never settles).
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
  if (file.includes("hang")) for (;;);
  if (file.includes("stall")) return new Promise(() => undefined);
  return reportFileRow(file, env);
});

export {};

/** A `report` worker whose code cannot load (for test/cli/report-workers.test.ts): it throws before serving. */
throw new Error("worker module failed to load");

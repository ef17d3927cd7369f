/** The use-case context the tests share: bundled crosswalk, evaluation date 2026-01-15, a clock that ticks a second a call. */
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import type { UseCaseContext } from "../../src/workbook/usecases";

export function testContext(tool: UseCaseContext["tool"] = "cli", over: Partial<UseCaseContext> = {}): UseCaseContext {
  let clock = 0;
  return {
    crosswalk: loadBundledCrosswalk(),
    today: "2026-01-15",
    now: () => new Date(Date.UTC(2026, 0, 15, 9, 0, clock++)).toISOString(),
    tool,
    ...over,
  };
}

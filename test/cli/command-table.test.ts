/**
 * The CLI loads only what a command needs: main knows the commands from the light command table (name, usage, summary,
 * options) and requires a command's module when the command runs. `--help`, a command's `--help` and a bad option load
 * no command code, no schema library and no workbook adapter; running a command loads its own module only.
 */
import { COMMAND_TABLE } from "../../src/cli/command-table";
import { COMMANDS } from "../../src/cli/commands";

const quietIo = (sink: { out: string; err: string }) => ({
  out: (s: string) => (sink.out += s),
  err: (s: string) => (sink.err += s),
  isTTY: false,
  cwd: process.cwd(),
  today: "2026-01-15",
  now: () => "2026-01-15T00:00:00Z",
});

test("the table lists every command in the order of COMMANDS, with the same usage, summary and options", async () => {
  expect(COMMAND_TABLE.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
  for (const [i, entry] of COMMAND_TABLE.entries()) {
    const cmd = COMMANDS[i];
    expect({ name: entry.name, usage: entry.usage, summary: entry.summary, details: entry.details, options: entry.options }).toEqual({
      name: cmd.name,
      usage: cmd.usage,
      summary: cmd.summary,
      details: cmd.details,
      options: cmd.options,
    });
    expect(await entry.load()).toBe(cmd);
  }
});

/** The modules a command's code lives in, and the heavy ones below them. */
const WATCHED = {
  "file-commands": "../../src/cli/file-commands",
  "crosswalk-command": "../../src/cli/crosswalk-command",
  report: "../../src/cli/report",
  "review-commands": "../../src/cli/review-commands",
  signoff: "../../src/cli/signoff",
  "evidence-command": "../../src/cli/evidence-command",
  "zod (crosswalk schema)": "../../src/domain/crosswalk",
  "xlsx adapter": "../../src/workbook/xlsx",
} as const;

/** Runs each argv through a fresh copy of main and says which watched modules got loaded. */
async function loadedBy(argv: string[]): Promise<{ loaded: string[]; code: number; out: string; err: string }> {
  const loaded = new Set<string>();
  let result: { code: number; out: string; err: string } | undefined;
  await jest.isolateModulesAsync(async () => {
    for (const [label, mod] of Object.entries(WATCHED))
      jest.doMock(mod, () => {
        loaded.add(label);
        return jest.requireActual(mod);
      });
    const { main } = await import("../../src/cli/main");
    const sink = { out: "", err: "" };
    const code = await main(argv, quietIo(sink));
    result = { code, ...sink };
  });
  for (const mod of Object.values(WATCHED)) jest.dontMock(mod);
  return { loaded: [...loaded].sort(), ...result! };
}

test("--help, a command's --help and a bad option load no command code, no zod and no workbook adapter", async () => {
  const global = await loadedBy(["--help"]);
  expect(global.code).toBe(0);
  expect(global.out).toContain("  report ");
  expect(global.loaded).toEqual([]);
  const scanHelp = await loadedBy(["scan", "--help"]);
  expect(scanHelp.code).toBe(0);
  expect(scanHelp.out).toContain("npx phr-checksheet scan FILE.xlsx");
  expect(scanHelp.loaded).toEqual([]);
  const bad = await loadedBy(["report", "--no-such-option"]);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain("--no-such-option");
  expect(bad.loaded).toEqual([]);
  const unknown = await loadedBy(["frobnicate"]);
  expect(unknown.code).toBe(2);
  expect(unknown.loaded).toEqual([]);
});

test("a command loads its own module: crosswalk needs the schema but neither the workbook adapter nor the other commands", async () => {
  const r = await loadedBy(["crosswalk", "--format", "csv"]);
  expect(r.code).toBe(0);
  expect(r.out.split("\r\n").length).toBeGreaterThan(145);
  expect(r.loaded).toEqual(["crosswalk-command", "zod (crosswalk schema)"]);
  const check = await loadedBy(["check", "no-such-folder"]);
  expect(check.code).toBe(2);
  expect(check.loaded).not.toContain("file-commands");
  expect(check.loaded).not.toContain("report");
  expect(check.loaded).toContain("review-commands");
});

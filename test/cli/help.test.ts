/**
 * `--help` describes every option of every command (Japanese and English), and the README's command-line section
 * documents every command and every option.
 */
import * as fs from "fs";
import * as path from "path";
import { COMMANDS } from "../../src/cli/commands";
import { main } from "../../src/cli/main";
import { optionHelp } from "../../src/cli/option-help";

async function help(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(argv, { out: (s) => (out += s), err: () => undefined, isTTY: false, cwd: process.cwd(), today: "2026-01-15", now: () => "2026-01-15T00:00:00Z" });
  return { code, out };
}

const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
const cliSection = (() => {
  const start = readme.indexOf("## Command line");
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
})();

test.each(COMMANDS.map((c) => [c.name]))("%s --help: usage with npx and a ja + en line for each option", async (name) => {
  const cmd = COMMANDS.find((c) => c.name === name)!;
  const r = await help(name, "--help");
  expect(r.code).toBe(0);
  expect(r.out).toContain(`npx phr-checksheet ${name}`);
  const lines = r.out.split("\n");
  for (const o of [...cmd.options, { name: "help", alias: "h", value: false }]) {
    const h = optionHelp(name, o.name);
    expect([o.name, h ? "described" : "missing"]).toEqual([o.name, "described"]);
    const i = lines.findIndex((l) => new RegExp(`^  (-\\w, )?--${o.name}\\b`).test(l));
    expect([o.name, i >= 0]).toEqual([o.name, true]);
    expect(lines[i]).toContain(h!.text.ja);
    expect(lines[i + 1].trim()).toBe(h!.text.en);
    if (o.value) expect(lines[i]).toContain(`--${o.name} <${h!.value}>`);
  }
});

test("the global help lists every command and says how to run it after npm ci", async () => {
  const r = await help("--help");
  expect(r.code).toBe(0);
  expect(r.out).toContain("npx phr-checksheet");
  for (const c of COMMANDS) expect(r.out).toMatch(new RegExp(`^  ${c.name}\\s`, "m"));
});

test("README's command-line section documents npx, every command and every option", () => {
  expect(cliSection).toContain("npx phr-checksheet");
  for (const c of COMMANDS) {
    expect([c.name, cliSection.includes(`npx phr-checksheet ${c.name}`)]).toEqual([c.name, true]);
    for (const o of c.options) expect([c.name, o.name, cliSection.includes(`--${o.name}`)]).toEqual([c.name, o.name, true]);
  }
});

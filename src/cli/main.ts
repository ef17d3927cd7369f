/**
 * phr-checksheet: the reviewer's command line. Same domain and use cases as the add-in,
 * on .xlsx files through the surgical OOXML adapter.
 *
 * Exit codes: 0 ok, 1 findings the user must act on, 2 bad input.
 *
 * Start-up loads only the command table (command-table.ts): the code of a command is required when it runs.
 */
import * as fs from "fs";
import * as path from "path";
import { isIsoDate, isoDateOf } from "../domain/certification";
import { ArgError, parseArgs, type OptionSpec } from "./args";
import { InputError, userError, type Io } from "./io";
import { COMMAND_TABLE, type CommandSpec } from "./command-table";
import { optionHelp } from "./option-help";

export const GLOBAL_HELP = `phr-checksheet — PHR指針チェックシートと情報銀行認定の対応づけ / map a 情報銀行 certification onto the PHR checksheet

使い方 / Usage: npx phr-checksheet <command> [options]   (phr-checksheet <command> when installed globally)

Commands:
${"__COMMANDS__"}

Every command accepts --help. Exit codes: 0 ok, 1 findings to act on, 2 bad input.
終了コード: 0 正常, 1 対応が必要な指摘あり, 2 入力の誤り。`;

function defaultIo(): Io {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
    errIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    today: isIsoDate(process.env.PHR_TODAY) ? process.env.PHR_TODAY : isoDateOf(new Date()),
    now: () => new Date().toISOString(),
  };
}

function printError(io: Io, ja: string, en: string) {
  io.err(`エラー: ${ja}\nError: ${en}\n`);
}

function commandHelp(c: CommandSpec): string {
  const rows = [...c.options, { name: "help", alias: "h" }].map((o) => {
    const h = optionHelp(c.name, o.name);
    const flag = `${o.alias ? `-${o.alias}, ` : ""}--${o.name}${o.value ? ` <${h?.value ?? "value"}>` : ""}`;
    return { flag, h };
  });
  const width = Math.max(...rows.map((r) => r.flag.length)) + 2;
  const opts = rows
    .map(({ flag, h }) => `  ${flag.padEnd(width)}${h ? `${h.text.ja}\n  ${" ".repeat(width)}${h.text.en}` : ""}`)
    .join("\n");
  return `使い方 / Usage: npx phr-checksheet ${c.usage}\n\n${c.summary.ja}\n${c.summary.en}\n\nOptions:\n${opts}\n${c.details ? `\n${c.details}\n` : ""}`;
}

export async function main(argv: string[], ioOverride?: Partial<Io>): Promise<number> {
  const io: Io = { ...defaultIo(), ...ioOverride };
  // A caller's own stderr sink is no terminal unless it says so.
  if (ioOverride?.err && ioOverride.errIsTTY === undefined) io.errIsTTY = false;
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    const list = COMMAND_TABLE.map((c) => `  ${c.name.padEnd(10)} ${c.summary.ja} / ${c.summary.en}`).join("\n");
    io.out(GLOBAL_HELP.replace("__COMMANDS__", list) + "\n");
    return name ? 0 : 2;
  }
  if (name === "--version") {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));
    io.out(`${pkg.version}\n`);
    return 0;
  }
  const cmd = COMMAND_TABLE.find((c) => c.name === name);
  if (!cmd) {
    printError(io, `不明なコマンド「${name}」です（--help で一覧）。`, `Unknown command "${name}" (see --help).`);
    return 2;
  }
  const specs: OptionSpec[] = [...cmd.options, { name: "help", alias: "h" }];
  let parsed;
  try {
    parsed = parseArgs(rest, specs);
  } catch (e) {
    if (e instanceof ArgError) {
      printError(io, `オプション ${e.message} が不正です（${cmd.name} --help を参照）。`, `Invalid option ${e.message} (see ${cmd.name} --help).`);
      return 2;
    }
    throw e;
  }
  if (parsed.options.help) {
    io.out(commandHelp(cmd));
    return 0;
  }
  try {
    // Only now the command's code is loaded (--help and a mistyped option need none of it).
    return await (await cmd.load()).run(parsed, io);
  } catch (e) {
    const u = userError(e);
    if (u) {
      printError(io, u.ja, u.en);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    printError(io, `予期しないエラーが発生しました（${msg}）。`, `Unexpected error (${msg}).`);
    if (process.env.PHR_DEBUG) io.err(`${(e as Error).stack}\n`);
    return 2;
  }
}

export { InputError };

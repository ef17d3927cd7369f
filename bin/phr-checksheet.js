#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is compiled by `npm run build:cli` (run automatically by `npm ci` via `prepare`).
// It never calls process.exit: the exit code is set and Node exits once stdout and stderr are flushed, so piped
// output (`crosswalk --format json | jq`, `scan --json | ...`) is never cut at the pipe buffer size.
const path = require("path");
const entry = path.join(__dirname, "..", "build", "src", "cli", "main.js");
let main;
try {
  require.resolve(entry);
  main = require(entry).main;
} catch {
  process.stderr.write("phr-checksheet: CLI が未ビルドです。`npm run build:cli` を実行してください。 / The CLI is not built; run `npm run build:cli`.\n");
  process.exitCode = 2;
}
if (main) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`エラー: 予期しないエラーが発生しました（${msg}）。\nError: Unexpected error (${msg}).\n`);
      process.exitCode = 2;
    },
  );
}

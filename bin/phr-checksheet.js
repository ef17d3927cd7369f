#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is compiled by `npm run build:cli` (run automatically by `npm ci` via `prepare`).
const path = require("path");
const entry = path.join(__dirname, "..", "build", "src", "cli", "main.js");
let main;
try {
  require.resolve(entry);
} catch {
  process.stderr.write("phr-checksheet: CLI が未ビルドです。`npm run build:cli` を実行してください。 / The CLI is not built; run `npm run build:cli`.\n");
  process.exit(2);
}
main = require(entry).main;
main(process.argv.slice(2)).then((code) => process.exit(code));

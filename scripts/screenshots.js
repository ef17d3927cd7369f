#!/usr/bin/env node
/**
 * npm run screenshots: refresh the README's pictures in docs/screenshots by running the browser tests with
 * SCREENSHOTS_DIR pointed there (a plain `npm test` writes them to the git-ignored test-output/screenshots).
 * Expects a current production build in dist/ (the npm script runs `npm run build` first).
 */
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const root = path.resolve(__dirname, "..");
const r = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--config", "jest.e2e.config.js"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, SCREENSHOTS_DIR: path.join(root, "docs", "screenshots") },
});
process.exitCode = r.status === null ? 1 : r.status;

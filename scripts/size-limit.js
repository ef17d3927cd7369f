#!/usr/bin/env node
/**
 * size-limit style budget for the task pane: the JavaScript loaded on first view (the local <script src>
 * files referenced by dist/taskpane.html, gzipped at level 9) must stay within the budget.
 * office.js (loaded from Microsoft's CDN, not part of our build) is not counted.
 *
 * Run after webpack in `npm run build`. Exit 1 above the budget or when the build output is missing.
 * Also exported for the benchmark (bench/run.ts): measureFirstLoad(distDir).
 */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const BUDGET_BYTES = 100 * 1024;

/** Local scripts referenced by an HTML file (<script src=...>, quoted or not), in order; remote ones listed apart. */
function scriptsOf(html) {
  const local = [];
  const remote = [];
  const re = /<script\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))[^>]*>/gi;
  let m;
  while ((m = re.exec(html))) {
    const src = m[1] || m[2] || m[3];
    if (/^(https?:)?\/\//i.test(src)) remote.push(src);
    else local.push(src.replace(/^\.?\//, "").split(/[?#]/)[0]);
  }
  return { local, remote };
}

function measureFirstLoad(distDir, htmlName = "taskpane.html") {
  const htmlPath = path.join(distDir, htmlName);
  if (!fs.existsSync(htmlPath)) throw new Error(`${htmlPath} not found: run webpack first`);
  const html = fs.readFileSync(htmlPath, "utf8");
  const { local, remote } = scriptsOf(html);
  const files = local.map((f) => {
    const buf = fs.readFileSync(path.join(distDir, f));
    return { file: f, bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
  });
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((x) => x[1]).join("");
  const inlineGzip = inline ? zlib.gzipSync(Buffer.from(inline), { level: 9 }).length : 0;
  const gzip = files.reduce((a, f) => a + f.gzip, 0) + inlineGzip;
  return { html: htmlName, files, remote, inlineGzip, gzip, budget: BUDGET_BYTES, ok: gzip <= BUDGET_BYTES };
}

module.exports = { measureFirstLoad, scriptsOf, BUDGET_BYTES };

if (require.main === module) {
  const dist = path.resolve(process.argv[2] || path.join(__dirname, "..", "dist"));
  let r;
  try {
    r = measureFirstLoad(dist);
  } catch (e) {
    console.error(`size-limit: ${e.message}`);
    process.exit(1);
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of r.files) console.log(`size-limit: ${f.file} ${kb(f.bytes)} → ${kb(f.gzip)} gzip`);
  if (r.remote.length) console.log(`size-limit: not counted (remote): ${r.remote.join(", ")}`);
  const line = `size-limit: first-load JS ${kb(r.gzip)} gzip, budget ${kb(r.budget)}`;
  if (!r.files.length) {
    console.error("size-limit: no local <script src> in taskpane.html; the check cannot measure the bundle");
    process.exit(1);
  }
  if (!r.ok) {
    console.error(`${line} — OVER BUDGET`);
    process.exit(1);
  }
  console.log(`${line} — ok`);
}

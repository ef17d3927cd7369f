#!/usr/bin/env node
/**
 * npm run validate: offline checks of the add-in only (XML) manifest. No network (Microsoft's validator fetches the
 * schemas and calls a web service); this checks what breaks a sideload or a deployment most often:
 *   - well-formed XML, OfficeApp of type TaskPaneApp, the required top-level elements present and in schema order;
 *   - Id is a GUID, Version is n.n.n.n, DefaultLocale set, length limits of names and descriptions;
 *   - Requirements: known sets with valid versions, ExcelApi ≥ 1.9, SharedRuntime 1.1 when <Runtimes> is declared;
 *   - every resid resolves to a resource of the right kind, ids ≤ 32 characters and unique, control/group ids unique;
 *   - shared runtime: one <Runtime lifetime="long">, the same resid as FunctionFile and the ShowTaskpane page;
 *   - every URL is https and under one base; every icon and page it points at exists (manifest folder, dist/, or the
 *     page templates in src/), icons are PNGs of their declared size;
 *   - every ExecuteFunction's FunctionName is associated in src/commands/commands.ts.
 *
 * Usage: node scripts/validate-manifest.js [manifest.xml ...]   (default: manifest.xml; dist/manifest.xml after a build)
 * Exit 1 with one line per problem. Exported: validateManifest(xml, { dir }) → { errors, warnings, info }.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { JSDOM } = require("jsdom");

const ROOT = path.resolve(__dirname, "..");
const NS = {
  app: "http://schemas.microsoft.com/office/appforoffice/1.1",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
  ov: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
};
/** Top-level children of a TaskPaneApp in schema order (required ones marked). */
const TOP = [
  ["Id", true],
  ["AlternateId", false],
  ["Version", true],
  ["ProviderName", true],
  ["DefaultLocale", true],
  ["DisplayName", true],
  ["Description", true],
  ["IconUrl", true],
  ["HighResolutionIconUrl", false],
  ["SupportUrl", false],
  ["AppDomains", false],
  ["Hosts", false],
  ["Requirements", false],
  ["DefaultSettings", true],
  ["Permissions", true],
  ["VersionOverrides", false],
];
const KNOWN_SETS = new Set(["ExcelApi", "ExcelApiOnline", "SharedRuntime", "DialogApi", "AddinCommands", "RibbonApi", "IdentityAPI", "CustomFunctionsRuntime", "ImageCoercion", "OpenBrowserWindowApi", "KeyboardShortcuts"]);
const PERMISSIONS = new Set(["Restricted", "ReadDocument", "ReadAllDocument", "WriteDocument", "ReadWriteDocument"]);
/** Where a page of the build comes from, for the root manifest (before any build). */
const PAGE_SOURCES = {
  "taskpane.html": "src/taskpane/taskpane.html",
  "support.html": "src/support/support.html",
  "dialog.html": "src/dialog/dialog.html",
  "selftest.html": "src/selftest/selftest.html",
};

const versionOf = (v) => (v || "").split(".").map(Number);
const atLeast = (v, min) => {
  const a = versionOf(v);
  const b = versionOf(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
  return true;
};

function validateManifest(xml, opts = {}) {
  const dir = path.resolve(opts.dir || ROOT);
  const errors = [];
  const warnings = [];
  const info = {};
  let doc;
  try {
    doc = new JSDOM(xml, { contentType: "text/xml" }).window.document;
  } catch (e) {
    return { errors: [`not well-formed XML: ${String(e.message).split("\n")[0]}`], warnings, info };
  }
  const root = doc.documentElement;
  if (root.localName !== "OfficeApp" || root.namespaceURI !== NS.app) errors.push("the root element must be <OfficeApp> in the appforoffice/1.1 namespace");
  if (root.getAttributeNS(NS.xsi, "type") !== "TaskPaneApp") errors.push('OfficeApp xsi:type must be "TaskPaneApp"');
  const all = (local, ns) => Array.from(ns ? doc.getElementsByTagNameNS(ns, local) : doc.getElementsByTagName(local));
  const top = Array.from(root.children);
  const topNames = top.map((e) => e.localName);

  // required elements and their order
  for (const [name, required] of TOP) if (required && !topNames.includes(name)) errors.push(`missing <${name}>`);
  const order = TOP.map(([n]) => n);
  const known = topNames.filter((n) => order.includes(n));
  for (let i = 1; i < known.length; i++)
    if (order.indexOf(known[i]) < order.indexOf(known[i - 1])) errors.push(`<${known[i]}> must come before <${known[i - 1]}> (schema order)`);
  for (const n of topNames) if (!order.includes(n)) errors.push(`unexpected top-level element <${n}>`);
  const topEl = (n) => top.find((e) => e.localName === n);
  const text = (n) => (topEl(n) ? topEl(n).textContent.trim() : "");

  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text("Id"))) errors.push(`<Id> must be a GUID (got "${text("Id")}")`);
  if (!/^\d+(\.\d+){3}$/.test(text("Version"))) errors.push(`<Version> must be n.n.n.n (got "${text("Version")}")`);
  if (!/^[a-z]{2,3}-[A-Z]{2}$/.test(text("DefaultLocale"))) errors.push(`<DefaultLocale> must be a culture name like ja-JP (got "${text("DefaultLocale")}")`);
  if (!PERMISSIONS.has(text("Permissions"))) errors.push(`<Permissions> "${text("Permissions")}" is not a task pane permission`);
  for (const [n, max] of [["ProviderName", 125], ["DisplayName", 125], ["Description", 250]]) {
    const el = topEl(n);
    if (!el) continue;
    const values = [el.getAttribute("DefaultValue"), ...Array.from(el.children).filter((c) => c.localName === "Override").map((c) => c.getAttribute("Value"))];
    if (n !== "ProviderName" && !el.getAttribute("DefaultValue")) errors.push(`<${n}> needs a DefaultValue`);
    for (const v of values) if (v && v.length > max) errors.push(`<${n}> is longer than ${max} characters`);
  }
  const hosts = topEl("Hosts") ? Array.from(topEl("Hosts").children).map((h) => h.getAttribute("Name")) : [];
  if (!hosts.includes("Workbook")) errors.push('<Hosts> must list <Host Name="Workbook"/>');

  // requirement sets
  const sets = all("Set").map((s) => ({ name: s.getAttribute("Name"), min: s.getAttribute("MinVersion") || topEl("Requirements")?.querySelector("Sets")?.getAttribute("DefaultMinVersion") || "" }));
  info.requirementSets = sets.map((s) => `${s.name} ${s.min}`);
  for (const s of sets) {
    if (!KNOWN_SETS.has(s.name)) errors.push(`unknown requirement set "${s.name}"`);
    if (!/^\d+\.\d+$/.test(s.min)) errors.push(`requirement set ${s.name}: MinVersion "${s.min}" must be n.n`);
  }
  const excel = sets.find((s) => s.name === "ExcelApi");
  if (!excel) errors.push("Requirements must include the ExcelApi set");
  else if (!atLeast(excel.min, "1.9")) errors.push(`ExcelApi ${excel.min} is below the 1.9 the add-in needs`);

  // resources and resids
  const resources = new Map();
  for (const kind of ["Image", "Url", "String"])
    for (const el of all(kind, NS.bt)) {
      const id = el.getAttribute("id");
      if (!id) continue;
      if (resources.has(id)) errors.push(`resource id "${id}" is used twice`);
      if (id.length > 32) errors.push(`resource id "${id}" is longer than 32 characters`);
      resources.set(id, { kind, el, short: el.parentElement.localName === "ShortStrings" });
    }
  for (const [id, r] of resources)
    if (r.kind === "String") {
      const max = r.short ? 125 : 250;
      const vals = [r.el.getAttribute("DefaultValue"), ...Array.from(r.el.children).map((c) => c.getAttribute("Value"))];
      for (const v of vals) if (v && v.length > max) errors.push(`string "${id}" is longer than ${max} characters`);
    }
  const urlKinds = new Set(["SourceLocation", "FunctionFile", "LearnMoreUrl", "Runtime"]);
  for (const e of Array.from(doc.getElementsByTagName("*")).filter((x) => x.hasAttribute("resid"))) {
    const id = e.getAttribute("resid");
    const want = e.localName === "Image" ? "Image" : urlKinds.has(e.localName) ? "Url" : "String";
    const got = resources.get(id);
    if (!got) errors.push(`<${e.localName} resid="${id}"> does not resolve to a resource`);
    else if (got.kind !== want) errors.push(`<${e.localName} resid="${id}"> must point at a bt:${want}, not a bt:${got.kind}`);
  }
  for (const kind of ["Control", "Group"]) {
    const ids = all(kind).map((c) => c.getAttribute("id"));
    for (const id of ids) if (ids.filter((x) => x === id).length > 1) errors.push(`${kind} id "${id}" is not unique`);
  }

  // shared runtime
  const runtimes = all("Runtime");
  const functionFile = all("FunctionFile")[0];
  const paneSources = all("Action")
    .filter((a) => a.getAttributeNS(NS.xsi, "type") === "ShowTaskpane")
    .map((a) => Array.from(a.children).find((c) => c.localName === "SourceLocation"))
    .filter(Boolean)
    .map((s) => s.getAttribute("resid"));
  if (runtimes.length) {
    if (!sets.some((s) => s.name === "SharedRuntime" && atLeast(s.min, "1.1"))) errors.push("<Runtimes> needs the SharedRuntime 1.1 requirement set");
    if (runtimes.length > 1) errors.push("only one <Runtime> is supported for a shared runtime");
    const rt = runtimes[0];
    if (rt.getAttribute("lifetime") !== "long") errors.push('the shared <Runtime> must have lifetime="long"');
    const resid = rt.getAttribute("resid");
    if (functionFile && functionFile.getAttribute("resid") !== resid) errors.push(`<FunctionFile> must use the runtime's resid "${resid}" (shared runtime)`);
    for (const p of paneSources) if (p !== resid) errors.push(`the task pane's SourceLocation "${p}" must be the runtime's resid "${resid}"`);
    const host = rt.parentElement && rt.parentElement.parentElement;
    if (host && host.firstElementChild !== rt.parentElement) errors.push("<Runtimes> must be the first child of its <Host>");
    info.sharedRuntime = resid;
  }

  // URLs: https, one base, files exist
  const urlEls = [
    ...["IconUrl", "HighResolutionIconUrl", "SupportUrl"].map(topEl).filter(Boolean),
    ...all("SourceLocation").filter((e) => e.hasAttribute("DefaultValue")),
    ...all("Image", NS.bt).filter((e) => e.hasAttribute("DefaultValue")),
    ...all("Url", NS.bt),
  ];
  const urls = urlEls.map((e) => ({ el: e, url: e.getAttribute("DefaultValue") || "" }));
  for (const u of urls) if (!/^https:\/\/[^/]+\//.test(u.url)) errors.push(`<${u.el.localName}> URL must be https: "${u.url}"`);
  const origins = new Set(urls.map((u) => u.url.replace(/^(https:\/\/[^/]+\/).*$/, "$1")));
  if (origins.size > 1) errors.push(`URLs point at more than one host: ${[...origins].join(", ")}`);
  const base = (() => {
    const paths = urls.map((u) => u.url);
    if (!paths.length) return "";
    let p = paths[0].slice(0, paths[0].lastIndexOf("/") + 1);
    while (p && !paths.every((x) => x.startsWith(p))) p = p.slice(0, p.slice(0, -1).lastIndexOf("/") + 1);
    return p;
  })();
  info.base = base;
  const locate = (rel) => {
    const candidates = [path.join(dir, rel), path.join(dir, "dist", rel)];
    if (PAGE_SOURCES[rel]) candidates.push(path.join(dir, PAGE_SOURCES[rel]));
    return candidates.find((c) => fs.existsSync(c));
  };
  for (const u of urls) {
    if (!base || !u.url.startsWith(base)) continue;
    const rel = u.url.slice(base.length).split(/[?#]/)[0];
    const file = locate(rel);
    if (!file) {
      errors.push(`<${u.el.localName}> points at ${rel}, which is not in ${path.relative(process.cwd(), dir) || "."} (nor dist/, nor a page template)`);
      continue;
    }
    if (/\.png$/i.test(rel)) {
      const buf = fs.readFileSync(file);
      if (buf.subarray(1, 4).toString("latin1") !== "PNG") errors.push(`${rel} is not a PNG`);
      else {
        const size = Number(u.el.parentElement && u.el.localName === "Image" ? (/\.(\d+)x\d+$/.exec(u.el.getAttribute("id")) || [])[1] : NaN);
        const w = buf.readUInt32BE(16);
        const h = buf.readUInt32BE(20);
        if (w !== h) errors.push(`${rel} is not square (${w}×${h})`);
        if (size && w !== size) errors.push(`${rel} is ${w}×${h}, but its resource "${u.el.getAttribute("id")}" says ${size}`);
      }
    }
  }
  const support = topEl("SupportUrl");
  if (support && paneSources.length && resources.get(paneSources[0]) && support.getAttribute("DefaultValue") === resources.get(paneSources[0]).el.getAttribute("DefaultValue"))
    warnings.push("SupportUrl points at the task pane; it should be a support page");

  // ribbon functions associated in the commands source
  const commandsSrc = path.join(dir, "src/commands/commands.ts");
  const functions = all("FunctionName").map((f) => f.textContent.trim());
  if (functions.length && fs.existsSync(commandsSrc)) {
    const src = fs.readFileSync(commandsSrc, "utf8");
    for (const f of functions) if (!src.includes(`Office.actions.associate("${f}"`)) errors.push(`FunctionName "${f}" is not associated in src/commands/commands.ts`);
  }
  return { errors, warnings, info };
}

module.exports = { validateManifest };

if (require.main === module) {
  const files = process.argv.slice(2).length ? process.argv.slice(2) : [path.join(ROOT, "manifest.xml")];
  let failed = false;
  for (const f of files) {
    const file = path.resolve(f);
    if (!fs.existsSync(file)) {
      console.error(`validate: ${f} not found`);
      failed = true;
      continue;
    }
    const dir = path.basename(path.dirname(file)) === "dist" ? path.dirname(file) : ROOT;
    const r = validateManifest(fs.readFileSync(file, "utf8"), { dir });
    const name = path.relative(process.cwd(), file) || file;
    for (const w of r.warnings) console.warn(`validate: ${name}: warning: ${w}`);
    for (const e of r.errors) console.error(`validate: ${name}: ${e}`);
    if (r.errors.length) failed = true;
    else console.log(`validate: ${name}: ok (${r.info.requirementSets.join(", ")}; shared runtime ${r.info.sharedRuntime || "none"}; URLs under ${r.info.base})`);
  }
  process.exitCode = failed ? 1 : 0;
}

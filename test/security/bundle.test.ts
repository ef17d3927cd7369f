/**
 * Security properties of the built add-in (dist/) and its sources:
 *  - the pages load no remote code but office.js, under a strict Content Security Policy;
 *  - no eval / Function constructor in the shipped JavaScript (two known, guarded feature probes excepted: see ALLOWED);
 *  - no network APIs in our bundle (fetch, XMLHttpRequest, WebSocket, sendBeacon, EventSource), connect-src has no remote host;
 *  - the manifest asks for the minimum permission (ReadWriteDocument) and lists no extra domains.
 *
 * dist/ comes from `npm run build`; when it is missing this test builds it once (webpack --mode production).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const PAGES = ["taskpane.html", "dialog.html", "selftest.html"];

/**
 * Guarded feature probe that never runs eval under our CSP (script-src without 'unsafe-eval'):
 *  - zod's JIT probe `try{return new Function(""),!0}catch…`, skipped because src/domain/crosswalk.ts sets jitless.
 * (webpack's `new Function("return this")` global shim is off: `node: { global: false }` in webpack.config.js.)
 */
const ALLOWED: RegExp[] = [/try\{return new Function\(""\),!0\}catch/g];

let built = false;
beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, "taskpane.html"))) {
    execFileSync(process.platform === "win32" ? "npx.cmd" : "npx", ["webpack", "--mode", "production"], { cwd: ROOT, stdio: "pipe" });
    built = true;
  }
}, 600_000);

function csp(html: string): Map<string, string[]> {
  const m = /<meta[^>]+http-equiv=["']?Content-Security-Policy["']?[^>]+content=("([^"]*)"|'([^']*)')/i.exec(html);
  if (!m) throw new Error("no CSP meta tag");
  const map = new Map<string, string[]>();
  for (const d of (m[2] ?? m[3]).split(";").map((x) => x.trim()).filter(Boolean)) {
    const [name, ...values] = d.split(/\s+/);
    map.set(name, values);
  }
  return map;
}

function scriptSrcs(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))/gi)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const jsFiles = () => fs.readdirSync(DIST).filter((f) => f.endsWith(".js"));

describe("built pages (dist/)", () => {
  test.each(PAGES)("%s: only office.js is remote, and a strict CSP allows nothing else", (page) => {
    const file = path.join(DIST, page);
    expect(fs.existsSync(file)).toBe(true);
    const html = fs.readFileSync(file, "utf8");
    const srcs = scriptSrcs(html);
    expect(srcs.filter((s) => /^(https?:)?\/\//i.test(s))).toEqual([OFFICE_JS]);
    for (const s of srcs.filter((x) => !/^(https?:)?\/\//i.test(x))) expect(fs.existsSync(path.join(DIST, s))).toBe(true);
    expect(html).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/i); // no inline script
    expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers
    const p = csp(html);
    expect(p.get("default-src")).toEqual(["'self'"]);
    expect(p.get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(p.get("object-src")).toEqual(["'none'"]);
    expect(p.get("base-uri")).toEqual(["'self'"]);
    for (const [name, values] of p) {
      expect({ name, unsafeEval: values.includes("'unsafe-eval'") }).toEqual({ name, unsafeEval: false });
      if (name !== "style-src") expect({ name, unsafeInline: values.includes("'unsafe-inline'") }).toEqual({ name, unsafeInline: false });
      if (name !== "script-src") expect({ name, remote: values.filter((v) => /^(https?:|wss?:|\*)/.test(v)) }).toEqual({ name, remote: [] });
    }
    // no network destinations: connect-src (or its default) is 'self'/'none' only
    for (const v of p.get("connect-src") ?? p.get("default-src")!) expect(["'self'", "'none'"]).toContain(v);
  });

  test("no eval or Function constructor in the shipped JavaScript", () => {
    const files = jsFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      let src = fs.readFileSync(path.join(DIST, f), "utf8");
      for (const a of ALLOWED) src = src.replace(a, "/*allowed probe*/");
      expect({ f, hits: src.match(/\beval\s*\(|\bnew\s+Function\s*\(|[^.\w$]Function\s*\(\s*["'`]|setTimeout\(\s*["'`]|setInterval\(\s*["'`]/g) ?? [] }).toEqual({ f, hits: [] });
    }
  });

  test("no network APIs in the bundle (the add-in talks only to Excel through office.js)", () => {
    for (const f of jsFiles()) {
      const src = fs.readFileSync(path.join(DIST, f), "utf8");
      const hits = src.match(/\bfetch\s*\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource|importScripts|navigator\.serviceWorker/g) ?? [];
      expect({ f, hits }).toEqual({ f, hits: [] });
    }
  });

  test("the production build ran (or was present) and office.js is not bundled", () => {
    for (const f of jsFiles()) expect(fs.readFileSync(path.join(DIST, f), "utf8")).not.toContain("OSF.DDA");
    expect(typeof built).toBe("boolean");
  });
});

describe("sources", () => {
  function walk(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  }

  test("the task pane never injects HTML and no browser code opens network connections", () => {
    const files = [...walk(path.join(ROOT, "src/taskpane")), ...walk(path.join(ROOT, "src/commands")), ...walk(path.join(ROOT, "src/domain")), ...walk(path.join(ROOT, "src/workbook"))].filter((f) => /\.(ts|tsx)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const src = fs.readFileSync(f, "utf8");
      const rel = path.relative(ROOT, f);
      expect({ rel, html: src.match(/dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write/g) ?? [] }).toEqual({ rel, html: [] });
      if (!rel.startsWith(path.join("src", "workbook", "xlsx")))
        expect({ rel, net: src.match(/\bfetch\s*\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource/g) ?? [] }).toEqual({ rel, net: [] });
      expect({ rel, evals: src.match(/\beval\s*\(|new\s+Function\s*\(/g) ?? [] }).toEqual({ rel, evals: [] });
    }
  });

  test("manifest: minimum permission, no extra domains, https only", () => {
    const xml = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
    expect(xml.match(/<Permissions>([^<]+)<\/Permissions>/g)).toEqual(["<Permissions>ReadWriteDocument</Permissions>"]);
    expect(xml).not.toMatch(/<AppDomains>|<AppDomain>/);
    for (const u of xml.match(/(?:DefaultValue|Value)="(https?:[^"]+)"/g) ?? []) expect(u).toMatch(/"https:\/\//);
  });
});

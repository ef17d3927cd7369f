/**
 * Offline structural checks of manifest.xml (the XML validator of office-addin-manifest needs the network).
 * Parsed with jsdom's XML parser, which rejects documents that are not well-formed.
 */
import * as fs from "fs";
import * as path from "path";
import { JSDOM } from "jsdom";

const root = path.resolve(__dirname, "..");
const xml = fs.readFileSync(path.join(root, "manifest.xml"), "utf8");
const doc = new JSDOM(xml, { contentType: "text/xml" }).window.document;
const OV = "http://schemas.microsoft.com/office/taskpaneappversionoverrides";
const BT = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
const XSI = "http://www.w3.org/2001/XMLSchema-instance";

const all = (local: string, ns?: string): Element[] =>
  Array.from(ns ? doc.getElementsByTagNameNS(ns, local) : doc.getElementsByTagName(local));
const one = (local: string): Element => {
  const els = all(local);
  if (els.length !== 1) throw new Error(`expected one <${local}>, found ${els.length}`);
  return els[0];
};

describe("manifest.xml", () => {
  test("is well-formed and rejects a broken copy", () => {
    expect(doc.documentElement.localName).toBe("OfficeApp");
    expect(() => new JSDOM(xml.replace("</Hosts>", ""), { contentType: "text/xml" })).toThrow();
  });

  test("is a TaskPaneApp for workbooks, ja-JP by default, ReadWriteDocument only", () => {
    expect(doc.documentElement.getAttributeNS(XSI, "type")).toBe("TaskPaneApp");
    expect(one("Id").textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(one("Version").textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(one("DefaultLocale").textContent).toBe("ja-JP");
    const topHosts = Array.from(doc.documentElement.children).find((e) => e.localName === "Hosts")!;
    expect(Array.from(topHosts.children).map((h) => h.getAttribute("Name"))).toEqual(["Workbook"]);
    const overrideHosts = all("Host").filter((h) => h.getAttributeNS(XSI, "type"));
    expect(overrideHosts.map((h) => h.getAttributeNS(XSI, "type"))).toEqual(["Workbook"]);
    expect(all("Permissions").map((p) => p.textContent?.trim())).toEqual(["ReadWriteDocument"]);
  });

  test("requires ExcelApi 1.9 and SharedRuntime 1.1", () => {
    const sets = one("Sets");
    expect(sets.getAttribute("DefaultMinVersion")).toBe("1.1");
    const set = all("Set").map((s) => [s.getAttribute("Name"), s.getAttribute("MinVersion")]);
    expect(set).toEqual([
      ["ExcelApi", "1.9"],
      ["SharedRuntime", "1.1"],
    ]);
  });

  test("shared runtime: one <Runtime> with a long lifetime, first in the Host, on the page that hosts pane and commands", () => {
    const host = all("Host").find((h) => h.getAttributeNS(XSI, "type") === "Workbook")!;
    const children = Array.from(host.children).map((c) => c.localName);
    expect(children[0]).toBe("Runtimes"); // documented order: <Runtimes> right after <Host>
    const runtimes = all("Runtime");
    expect(runtimes).toHaveLength(1);
    expect(runtimes[0].getAttribute("lifetime")).toBe("long");
    const resid = runtimes[0].getAttribute("resid");
    expect(resid).toBe("Taskpane.Url");
    // the function file and the task pane use the same resid (otherwise the shared runtime does not load)
    expect(one("FunctionFile").getAttribute("resid")).toBe(resid);
    const paneSources = all("Action")
      .filter((a) => a.getAttributeNS(XSI, "type") === "ShowTaskpane")
      .map((a) => Array.from(a.children).find((c) => c.localName === "SourceLocation")!.getAttribute("resid"));
    expect(paneSources).toEqual([resid]);
    const taskpaneIds = all("TaskpaneId").map((t) => t.textContent);
    expect(taskpaneIds).toEqual(["PhrCheckPane"]); // one task pane (a shared runtime supports only one)
    const url = all("Url", BT).find((u) => u.getAttribute("id") === resid)!.getAttribute("DefaultValue");
    expect(url).toBe("https://localhost:3000/taskpane.html");
    // that page loads the commands: the task pane entry imports them
    expect(fs.readFileSync(path.join(root, "src/taskpane/index.tsx"), "utf8")).toMatch(/^import "\.\.\/commands\/commands";$/m);
    expect(fs.existsSync(path.join(root, "src/commands/commands.html"))).toBe(false);
  });

  test("SupportUrl is the static support page, not the task pane", () => {
    const support = Array.from(doc.documentElement.children).find((e) => e.localName === "SupportUrl")!;
    expect(support.getAttribute("DefaultValue")).toBe("https://localhost:3000/support.html");
    const html = fs.readFileSync(path.join(root, "src/support/support.html"), "utf8");
    expect(html).toContain("Office 2019");
    expect(html).toContain("ExcelApi 1.7");
    expect(html).not.toMatch(/<script/i);
  });

  test("has en-US overrides for the display name, description and every string resource", () => {
    for (const tag of ["DisplayName", "Description"]) {
      const el = Array.from(doc.documentElement.children).find((e) => e.localName === tag)!;
      expect(el.getAttribute("DefaultValue")).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // Japanese default
      const o = Array.from(el.children).filter((c) => c.localName === "Override");
      expect(o.map((x) => x.getAttribute("Locale"))).toEqual(["en-US"]);
      expect(o[0].getAttribute("Value")).toMatch(/[A-Za-z]/);
    }
    const strings = all("String", BT);
    expect(strings.length).toBeGreaterThan(0);
    for (const s of strings) {
      const overrides = Array.from(s.children).filter((c) => c.localName === "Override");
      expect([s.getAttribute("id"), overrides.map((o) => o.getAttribute("Locale"))]).toEqual([s.getAttribute("id"), ["en-US"]]);
      const short = s.parentElement!.localName === "ShortStrings";
      for (const v of [s.getAttribute("DefaultValue")!, overrides[0].getAttribute("Value")!])
        expect(v.length).toBeLessThanOrEqual(short ? 125 : 250);
    }
  });

  test("every resid resolves to a resource of the right kind and is at most 32 characters", () => {
    const resources = new Map<string, string>();
    for (const kind of ["Image", "Url", "String"])
      for (const el of all(kind, BT)) {
        const id = el.getAttribute("id");
        if (!id) continue;
        expect(resources.has(id)).toBe(false); // unique
        resources.set(id, kind);
      }
    const uses = Array.from(doc.getElementsByTagName("*")).filter((e) => e.hasAttribute("resid"));
    expect(uses.length).toBeGreaterThan(10);
    for (const e of uses) {
      const id = e.getAttribute("resid")!;
      expect(id.length).toBeLessThanOrEqual(32);
      const expected = e.localName === "Image" ? "Image" : ["SourceLocation", "FunctionFile", "LearnMoreUrl", "Runtime"].includes(e.localName) ? "Url" : "String";
      expect([id, resources.get(id)]).toEqual([id, expected]);
    }
    for (const id of resources.keys()) expect(id.length).toBeLessThanOrEqual(32);
  });

  test("every URL is https, and icons exist in assets/", () => {
    const urls = [
      ...Array.from(doc.getElementsByTagName("*"))
        .filter((e) => /Url$|^SourceLocation$/.test(e.localName) && e.hasAttribute("DefaultValue"))
        .map((e) => e.getAttribute("DefaultValue")!),
      ...all("Image", BT)
        .filter((e) => e.hasAttribute("DefaultValue"))
        .map((e) => e.getAttribute("DefaultValue")!),
      ...all("Url", BT).map((e) => e.getAttribute("DefaultValue")!),
    ];
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) expect(u).toMatch(/^https:\/\/localhost:3000\//);
    const plainHttp = (xml.match(/http:\/\/[^\s"]+/g) ?? []).filter((u) => !/^http:\/\/(schemas\.microsoft\.com|www\.w3\.org)\//.test(u));
    expect(plainHttp).toEqual([]); // only XML namespace names use http://
    const icons = urls.filter((u) => /\.png$/.test(u)).map((u) => u.replace("https://localhost:3000/", ""));
    expect(new Set(icons)).toEqual(new Set(["assets/icon-16.png", "assets/icon-32.png", "assets/icon-64.png", "assets/icon-80.png"]));
    for (const icon of [...icons, "assets/icon-128.png"]) {
      const buf = fs.readFileSync(path.join(root, icon));
      expect(buf.subarray(1, 4).toString("latin1")).toBe("PNG");
      const size = Number(/icon-(\d+)\.png$/.exec(icon)![1]);
      expect([buf.readUInt32BE(16), buf.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  test("the ribbon group on TabHome has open / apply / clear, and every FunctionName is associated in commands.ts at load", () => {
    const tab = one("OfficeTab");
    expect(tab.getAttribute("id")).toBe("TabHome");
    const controls = all("Control", OV).length ? all("Control", OV) : all("Control");
    const actions = controls.map((c) => {
      const action = Array.from(c.children).find((x) => x.localName === "Action")!;
      return [action.getAttributeNS(XSI, "type"), Array.from(action.children).find((x) => x.localName === "FunctionName")?.textContent ?? null];
    });
    expect(actions).toEqual([
      ["ShowTaskpane", null],
      ["ExecuteFunction", "applyCoverage"],
      ["ExecuteFunction", "clearMarks"],
    ]);
    const commands = fs.readFileSync(path.join(root, "src/commands/commands.ts"), "utf8");
    for (const fn of all("FunctionName").map((f) => f.textContent!.trim()))
      expect(commands).toContain(`Office.actions.associate("${fn}"`);
    // associated at script load (top level), not inside Office.onReady
    expect(commands).toMatch(/^if \(typeof Office !== "undefined" && Office\.actions\) associateCommands\(\);$/m);
  });

  test.each(["src/taskpane/taskpane.html", "src/dialog/dialog.html", "src/selftest/selftest.html"])("%s loads office.js from the CDN under a CSP without eval", (page) => {
    const html = fs.readFileSync(path.join(root, page), "utf8");
    expect(html).toContain('<script type="text/javascript" src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1];
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    expect(csp).not.toContain("unsafe-eval");
    const scriptSrc = /script-src ([^;]+)/.exec(csp)![1];
    expect(scriptSrc).not.toContain("unsafe-inline");
  });
});

describe("npm run validate (scripts/validate-manifest.js, offline)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateManifest } = require("../scripts/validate-manifest.js") as {
    validateManifest(xml: string, o?: { dir?: string }): { errors: string[]; warnings: string[]; info: Record<string, unknown> };
  };

  test("manifest.xml passes with no errors or warnings", () => {
    const r = validateManifest(xml, { dir: root });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.info).toMatchObject({ requirementSets: ["ExcelApi 1.9", "SharedRuntime 1.1"], sharedRuntime: "Taskpane.Url", base: "https://localhost:3000/" });
  });

  test.each([
    ["broken XML", (x: string) => x.replace("</Hosts>", ""), /not well-formed/],
    ["a short-lived runtime", (x: string) => x.replace('lifetime="long"', 'lifetime="short"'), /lifetime="long"/],
    ["no SharedRuntime requirement", (x: string) => x.replace('<Set Name="SharedRuntime" MinVersion="1.1"/>', ""), /needs the SharedRuntime 1.1/],
    ["a separate function file", (x: string) => x.replace('<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="GetStarted.LearnMoreUrl"/>'), /FunctionFile> must use the runtime's resid/],
    ["ExcelApi 1.7", (x: string) => x.replace('Name="ExcelApi" MinVersion="1.9"', 'Name="ExcelApi" MinVersion="1.7"'), /ExcelApi 1\.7 is below/],
    ["a plain http URL", (x: string) => x.replace('"https://localhost:3000/support.html"', '"http://localhost:3000/support.html"'), /must be https/],
    ["a missing icon", (x: string) => x.replace("assets/icon-80.png", "assets/icon-81.png"), /icon-81\.png, which is not in/],
    ["an icon of the wrong size", (x: string) => x.replace('id="Icon.80x80" DefaultValue="https://localhost:3000/assets/icon-80.png"', 'id="Icon.80x80" DefaultValue="https://localhost:3000/assets/icon-64.png"'), /says 80/],
    ["an unresolved resid", (x: string) => x.replace('<Label resid="Apply.Label"/>', '<Label resid="Nope.Label"/>'), /resid="Nope.Label"> does not resolve/],
    ["a bad GUID", (x: string) => x.replace(/<Id>[^<]+<\/Id>/, "<Id>not-a-guid</Id>"), /must be a GUID/],
    ["elements out of order", (x: string) => x.replace(/(\s*<DefaultSettings>[\s\S]*?<\/DefaultSettings>)(\s*<Permissions>[^<]+<\/Permissions>)/, "$2$1"), /<Permissions> must come before|<DefaultSettings> must come before/],
    ["an unassociated function", (x: string) => x.replace("<FunctionName>clearMarks</FunctionName>", "<FunctionName>clearAll</FunctionName>"), /"clearAll" is not associated/],
  ])("reports %s", (_name, mutate, expected) => {
    const broken = mutate(xml);
    expect(broken).not.toBe(xml);
    const r = validateManifest(broken, { dir: root });
    expect(r.errors.join("\n")).toMatch(expected);
  });

  test("the validator needs no network (no http client in the script)", () => {
    const src = fs.readFileSync(path.join(root, "scripts/validate-manifest.js"), "utf8");
    expect(src).not.toMatch(/require\(["'](https?|net|dns|undici)["']\)|fetch\(/);
  });
});

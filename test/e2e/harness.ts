/**
 * Shared harness of the browser tests: the built dist/ served on 127.0.0.1, the office.js stub over the strict
 * fake Excel, Chromium (CHROMIUM_PATH, default Debian's) through playwright-core, a 320×900 pane, and the layout check.
 */
import * as fs from "fs";
import * as path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import type { FakeSeed } from "../fakes/fake-excel";
import { buildOfficeStub } from "./build-stub";
import { serveStatic, type StaticServer } from "./server";

export const ROOT = path.resolve(__dirname, "../..");
export const DIST = path.join(ROOT, "dist");
/**
 * Where the browser tests write screenshots: test-output/screenshots (git-ignored) unless SCREENSHOTS_DIR says
 * otherwise; `npm run screenshots` points it at docs/screenshots to refresh the README's pictures.
 */
export const SHOTS = path.resolve(ROOT, process.env.SCREENSHOTS_DIR || "test-output/screenshots");

/** The Chromium binary: CHROMIUM_PATH, default Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export { addDays } from "../helpers/cert";

export interface Harness {
  browser: Browser;
  server: StaticServer;
  stubSource: string;
}

export async function startHarness(): Promise<Harness> {
  if (!fs.existsSync(path.join(DIST, "taskpane.html"))) throw new Error("dist/taskpane.html is missing: run `npm run build` first (npm run test:e2e does)");
  if (!fs.existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`);
  const [stubSource, server] = await Promise.all([buildOfficeStub(ROOT), serveStatic(DIST)]);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  return { browser, server, stubSource };
}

export async function stopHarness(h: Harness | undefined): Promise<void> {
  await h?.browser.close();
  await h?.server.close();
}

/**
 * Open the pane on a fake workbook. Page errors (console errors included, so CSP violations count) and any request
 * leaving 127.0.0.1 other than office.js are collected; `scripts` lists the script paths the page loaded.
 */
export async function openPane(
  h: Harness,
  seed: FakeSeed,
  displayLanguage = "ja-JP",
  opts: { beforeGoto?(page: Page): Promise<void>; waitForFirstRead?: boolean } = {},
): Promise<{ page: Page; pageErrors: string[]; scripts: string[] }> {
  const page = await h.browser.newPage({ viewport: { width: 320, height: 900 }, locale: "ja-JP" });
  const pageErrors: string[] = [];
  const scripts: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
  });
  // Any other outside request would hang or fail offline: refuse it loudly.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) => {
    pageErrors.push(`unexpected request ${r.request().url()}`);
    return r.abort();
  });
  await page.route("https://appsforoffice.microsoft.com/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/javascript", body: h.stubSource }),
  );
  await page.addInitScript(
    ({ seed, displayLanguage }) => {
      (window as unknown as Record<string, unknown>).__seed = seed;
      (window as unknown as Record<string, unknown>).__displayLanguage = displayLanguage;
    },
    { seed, displayLanguage },
  );
  await opts.beforeGoto?.(page);
  // (a chunk held back by the caller would hold the load event too)
  await page.goto(`${h.server.url}/taskpane.html`, { waitUntil: opts.waitForFirstRead === false ? "domcontentloaded" : "load" });
  await page.getByTestId("app").waitFor();
  if (opts.waitForFirstRead === false) return { page, pageErrors, scripts };
  // the first read of the workbook (started in an idle moment after the first paint) has ended, nothing is running
  await page.waitForFunction(() => document.querySelector('[data-testid="app"]')?.getAttribute("data-workbook-read") === "done");
  await page.waitForFunction(() => !(document.querySelector('[data-testid="reload"]') as HTMLButtonElement | null)?.disabled);
  return { page, pageErrors, scripts };
}

/** The fake workbook's whole state (canonical JSON). */
export const fakeSnapshot = (page: Page) => page.evaluate(() => (window as any).__fake.snapshotState() as string); // eslint-disable-line @typescript-eslint/no-explicit-any

/** No element sticks out of the 320 px pane. */
export async function expectNoOverflow(page: Page) {
  if (process.env.E2E_DEBUG_SHOTS) await page.screenshot({ path: path.join(process.env.E2E_DEBUG_SHOTS, `overflow-${Date.now()}.png`) });
  const r = await page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll("#container *")]
      .filter((el) => {
        const b = el.getBoundingClientRect();
        if (!(b.width > 0 && b.right > root.clientWidth + 0.5)) return false;
        const cs = getComputedStyle(el);
        if (cs.visibility === "hidden" || Number(cs.opacity) === 0) return false;
        // clipped by an ancestor that itself fits (e.g. a collapsed slot with overflow hidden)
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const as = getComputedStyle(a);
          if (as.overflowX !== "visible" && a.getBoundingClientRect().right <= root.clientWidth + 0.5) return false;
        }
        return true;
      })
      .map((el) => `${el.tagName}.${(el.getAttribute("class") ?? "").split(" ")[0]} ${el.textContent?.slice(0, 30)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 5) };
  });
  expect(r.wide).toEqual([]);
  expect(r.scrollWidth).toBeLessThanOrEqual(r.clientWidth);
}

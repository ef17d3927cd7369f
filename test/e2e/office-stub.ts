/**
 * Browser stand-in for https://appsforoffice.microsoft.com/lib/1/hosted/office.js in the e2e test.
 * Installs window.Office / window.Excel backed by the strict fake of the Excel JS API, seeded from
 * `window.__seed` (set by page.addInitScript), and exposes the fake as `window.__fake`.
 */
import { createFakeExcel, type FakeSeed } from "../fakes/fake-excel";

interface StubWindow {
  __seed?: FakeSeed;
  __displayLanguage?: string;
  __fake?: ReturnType<typeof createFakeExcel>;
  [k: string]: unknown;
}

const w = window as unknown as StubWindow;
if (!w.__seed) throw new Error("office-stub: window.__seed is not set");
const fake = createFakeExcel(w.__seed);
fake.installGlobals(w);
(w.Office as { context: Record<string, unknown> }).context.displayLanguage = w.__displayLanguage ?? "ja-JP";
w.__fake = fake;

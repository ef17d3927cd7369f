/**
 * The summary sheet as a reviewer sees it on paper: `annotate` on the bundled fictitious sample, LibreOffice headless
 * → PDF, the summary sheet's page → PNG (SHOTS/summary-sheet.png; `npm run screenshots` refreshes docs/screenshots).
 * The legend's swatches are printed filled in their colours and the native chart (items per class) is drawn.
 * Also checks the printed checksheet is fitted to the page width (no page of the added columns alone).
 * Needs LibreOffice and poppler-utils (pdftoppm, pdftotext); skipped with a note where they are missing.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../src/cli/main";
import { legendEntries } from "../../src/domain/summary";
import { libreOffice } from "../helpers/resave";
import { ROOT, SHOTS } from "./harness";

const has = (bin: string) => ["/usr/bin", "/usr/local/bin"].some((d) => fs.existsSync(path.join(d, bin)));
const ready = !!libreOffice() && has("pdftoppm") && has("pdftotext") && has("pdfinfo");
if (!ready) console.warn("summary-sheet screenshot skipped: LibreOffice or poppler-utils (pdftoppm) not installed");

/** Pixels of each colour (RRGGBB) in a binary PPM (P6, what `pdftoppm` writes without -png). */
function colourCounts(ppm: Buffer): Map<string, number> {
  let pos = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(ppm[pos]))) pos++;
    const start = pos;
    while (!/\s/.test(String.fromCharCode(ppm[pos]))) pos++;
    fields.push(ppm.subarray(start, pos).toString());
  }
  pos++; // the single whitespace after maxval
  expect(fields[0]).toBe("P6");
  const out = new Map<string, number>();
  for (let i = pos; i + 2 < ppm.length; i += 3) {
    const k = ppm.subarray(i, i + 3).toString("hex").toUpperCase();
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

(ready ? test : test.skip)("the summary sheet prints on a page of its own with the certification, contradiction, the nine, the filled legend and the chart", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-summary-"));
  try {
    const out = path.join(dir, "annotated.xlsx");
    let err = "";
    const code = await main(
      ["annotate", path.join(ROOT, "examples/sample-checksheet.xlsx"), "--cert", path.join(ROOT, "examples/sample-certification.json"), "-o", out, "--today", "2026-01-15"],
      { out: () => undefined, err: (s) => (err += s), isTTY: false, cwd: dir, today: "2026-01-15", now: () => "2026-01-15T09:00:00.000Z" },
    );
    // The sample answers one covered item いいえ: annotate says so and exits 1.
    expect(code).toBe(1);
    expect(err).toContain("要確認 1 件");
    execFileSync(libreOffice()!, [`-env:UserInstallation=file://${path.join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, out], { stdio: "pipe", timeout: 120_000 });
    const pdf = path.join(dir, "annotated.pdf");
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())![1]);
    const textOf = (p: number) => execFileSync("pdftotext", ["-f", String(p), "-l", String(p), pdf, "-"]).toString();
    const texts = Array.from({ length: pages }, (_, i) => textOf(i + 1));
    const summaryPage = texts.findIndex((t) => t.includes("PHR チェックシート × 情報銀行認定 概要")) + 1;
    expect(summaryPage).toBeGreaterThan(0);
    const s = texts[summaryPage - 1];
    for (const want of ["IB-SAMPLE-0001", "要確認 1", "3.2(2)/3-2", "証跡が必要な項目", "/ 9", "未承認", "対応表の版"]) expect(s).toContain(want);
    // The chart is drawn: its title (no cell holds it) and its axis labels are on the page.
    expect(s).toContain("区分別の項目数");
    expect(s.split("区分別の項目数")[1]).toMatch(/区分 A[\s\S]*区分 B[\s\S]*区分 C[\s\S]*区分 D/);
    // Every legend colour is printed (the swatch cell; A–D also as the chart's bars), each over a solid area.
    const ppmPrefix = path.join(dir, "colours");
    execFileSync("pdftoppm", ["-r", "100", "-f", String(summaryPage), "-l", String(summaryPage), "-singlefile", pdf, ppmPrefix]);
    const counts = colourCounts(fs.readFileSync(`${ppmPrefix}.ppm`));
    for (const e of legendEntries()) expect(counts.get(e.color.slice(1)) ?? 0).toBeGreaterThan(200);
    // Fitted to the width: the pages holding the added columns' header also hold the item ids.
    const withStatus = texts.filter((t, i) => i !== summaryPage - 1 && t.includes("B 充足（同等）"));
    expect(withStatus.length).toBeGreaterThan(0);
    for (const t of withStatus) expect(t).toMatch(/\d-\d/);
    fs.mkdirSync(SHOTS, { recursive: true });
    const prefix = path.join(dir, "summary");
    execFileSync("pdftoppm", ["-png", "-r", "150", "-f", String(summaryPage), "-l", String(summaryPage), "-x", "75", "-y", "112", "-W", "1125", "-H", "570", "-singlefile", pdf, prefix]);
    const png = fs.readFileSync(`${prefix}.png`);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    fs.writeFileSync(path.join(SHOTS, "summary-sheet.png"), png);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Child process of the whole-process bench: writes its generated inputs into DIR (never into the tree) and prints a JSON
 * description of them. Run apart from the bench's own process so that the generation's memory is not part of it.
 * Usage: node make-inputs-child.js DIR DENSE_ROWS BIG_ROWS REPORT_FILES
 */
import * as fs from "fs";
import * as path from "path";
import { writeLayoutXlsx } from "../test/helpers/make-xlsx";
import { CERT, checksheetBook, denseChecksheetBook, textStats } from "./fixtures";

async function run() {
  const [dir, denseRows, bigRows, reportFiles] = process.argv.slice(2);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "cert.json"), JSON.stringify(CERT));
  const described: Record<string, unknown> = {};

  const big = checksheetBook(Number(bigRows));
  const bigFile = path.join(dir, `rows-${bigRows}.xlsx`);
  fs.writeFileSync(bigFile, await writeLayoutXlsx(big));
  described.big = { file: bigFile, bytes: fs.statSync(bigFile).size, ...textStats(big) };

  const dense = denseChecksheetBook(Number(denseRows));
  const denseFile = path.join(dir, `dense-unique-${denseRows}.xlsx`);
  fs.writeFileSync(denseFile, await writeLayoutXlsx(dense));
  described.dense = { file: denseFile, bytes: fs.statSync(denseFile).size, ...textStats(dense) };

  const reportDir = path.join(dir, "report-in");
  fs.mkdirSync(reportDir, { recursive: true });
  const answers = ["はい", "いいえ", null, "はい", "該当なし"];
  let bytes = 0;
  for (let i = 0; i < Number(reportFiles); i++) {
    const book = checksheetBook(145 + (i % 10) * 40, (n) => answers[(n + i) % answers.length]);
    const f = path.join(reportDir, `applicant-${String(i + 1).padStart(3, "0")}.xlsx`);
    fs.writeFileSync(f, await writeLayoutXlsx(book));
    bytes += fs.statSync(f).size;
  }
  described.report = { dir: reportDir, files: Number(reportFiles), bytes };
  process.stdout.write(JSON.stringify(described) + "\n");
}

run().catch((e) => {
  process.stderr.write(`make-inputs: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});

/** Peer for the whole-process bench: ExcelJS loads IN and saves it to OUT. Usage: node exceljs-rw.js IN OUT */
import ExcelJS from "exceljs";

async function run() {
  const [inFile, outFile] = process.argv.slice(2);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(inFile);
  await wb.xlsx.writeFile(outFile);
}

run().catch((e) => {
  process.stderr.write(`exceljs-rw: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});

/** Peer for the whole-process bench: SheetJS reads IN (every sheet parsed, the default options). Usage: node sheetjs-read.js IN */
import * as XLSX from "xlsx";

const wb = XLSX.readFile(process.argv[2]);
// Touch the result so the read cannot be skipped: the used range of every sheet.
let cells = 0;
for (const name of wb.SheetNames) {
  const ref = wb.Sheets[name]["!ref"];
  if (ref) {
    const r = XLSX.utils.decode_range(ref);
    cells += (r.e.r - r.s.r + 1) * (r.e.c - r.s.c + 1);
  }
}
if (cells === 0) process.exitCode = 1;

/** Peer for the whole-process bench: SheetJS reads IN and writes it to OUT with compression on. Usage: node sheetjs-rw.js IN OUT */
import * as XLSX from "xlsx";

const [inFile, outFile] = process.argv.slice(2);
const wb = XLSX.readFile(inFile);
XLSX.writeFile(wb, outFile, { bookType: "xlsx", compression: true });

/**
 * Builds the bundled crosswalk (src/domain/data/crosswalk.json) and its JSON Schema (schema/crosswalk.schema.json)
 * from the table a domain expert edits: src/domain/data/crosswalk.csv (exactly the columns `crosswalk --format csv`
 * writes; open it in Excel, edit, save as CSV UTF-8) and the header fields in src/domain/data/crosswalk-meta.json.
 *
 * Run:
 *   npx tsc --outDir build/scripts --module commonjs --target es2020 --esModuleInterop --strict \
 *     --resolveJsonModule --skipLibCheck --types node scripts/build-crosswalk.ts \
 *   && node build/scripts/scripts/build-crosswalk.js
 * (from the repository root; build/ is git-ignored). test/domain/crosswalk.test.ts checks that the
 * committed JSON equals buildCrosswalk() and that the committed schema equals crosswalkJsonSchema().
 *
 * Honesty rules (CONTRIBUTING.md, "Data honesty"):
 *  - only the four class totals and five items are published (総務省 資料4 p.5–6); everything else is
 *    our assessment and is marked `assessed` with a rationale (or `user`, with who and when, after an expert's correction);
 *  - headings and summaries are our paraphrases, never the official wording;
 *  - 情報銀行 checklist numbers other than the three published references are our reconstruction.
 */
import * as fs from "fs";
import * as path from "path";
import { classTotals, crosswalkJsonSchema, parseCrosswalk } from "../src/domain/crosswalk";
import { parseCsv, tableToCrosswalk, type CrosswalkMeta } from "../src/domain/crosswalk-table";
import type { Crosswalk } from "../src/domain/types";

const DATA = path.join(__dirname, "..", "src", "domain", "data");
/** When compiled to build/scripts/scripts/, the data folder is three levels further up. */
function dataDir(): string {
  for (const d of [DATA, path.join(__dirname, "..", "..", "..", "src", "domain", "data")]) if (fs.existsSync(path.join(d, "crosswalk.csv"))) return d;
  throw new Error("src/domain/data/crosswalk.csv not found");
}

/** The crosswalk built from the table and the header fields; throws with row and column on a bad table. */
export function buildCrosswalk(): Crosswalk {
  const dir = dataDir();
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "crosswalk-meta.json"), "utf8")) as CrosswalkMeta;
  const table = parseCsv(fs.readFileSync(path.join(dir, "crosswalk.csv"), "utf8"));
  const r = tableToCrosswalk(table, meta);
  if (!r.ok) throw new Error(r.errors.map((e) => `crosswalk.csv row ${e.row} column ${e.column}: ${e.message.en}`).join("\n"));
  return r.crosswalk;
}

function main(): void {
  const crosswalk = buildCrosswalk();
  const result = parseCrosswalk(crosswalk);
  if (!result.ok) {
    for (const e of result.errors) console.error(`${e.path}: ${e.message.en}`);
    process.exit(1);
  }
  for (const w of result.warnings) console.warn(`warning: ${w.en}`);
  const root = path.resolve(dataDir(), "..", "..", "..");
  const dataPath = path.join(root, "src", "domain", "data", "crosswalk.json");
  const schemaPath = path.join(root, "schema", "crosswalk.schema.json");
  fs.mkdirSync(path.dirname(schemaPath), { recursive: true });
  fs.writeFileSync(dataPath, JSON.stringify(crosswalk, null, 2) + "\n", "utf8");
  fs.writeFileSync(schemaPath, JSON.stringify(crosswalkJsonSchema(), null, 2) + "\n", "utf8");
  const t = classTotals(crosswalk.entries);
  console.log(`wrote ${crosswalk.entries.length} entries (A ${t.A}, B ${t.B}, C ${t.C}, D ${t.D}) to ${dataPath}`);
  console.log(`wrote ${schemaPath}`);
}

if (require.main === module) main();

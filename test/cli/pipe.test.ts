/**
 * Piped output is never cut: the real launcher (bin/phr-checksheet.js, compiled CLI) runs as a child process whose
 * stdout is a pipe read by a second child process that starts reading only after a pause, so the pipe buffer
 * (64 KiB on Linux) fills up while the CLI is finishing. A launcher that calls process.exit with the write pending
 * loses everything past the buffer; this test reads every format back in full and parses it.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadBundledCrosswalk } from "../../src/domain/crosswalk";
import { messyLayout } from "../helpers/layouts";
import { writeLayoutXlsx } from "../helpers/make-xlsx";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/phr-checksheet.js");
const PIPE_BUFFER = 64 * 1024;
const crosswalk = loadBundledCrosswalk();
let dir: string;

/** A reader process that waits before draining its stdin into its stdout. */
const SLOW_READER = "setTimeout(() => process.stdin.pipe(process.stdout), 700);";

/**
 * `node bin/phr-checksheet.js ARGS | node -e SLOW_READER` through /bin/sh; the CLI's own exit code is written to a
 * file (a pipeline's status is the reader's).
 */
function runPiped(args: string[]): Promise<{ code: number | null; out: Buffer; err: string }> {
  const codeFile = path.join(dir, `code-${Math.random().toString(36).slice(2)}`);
  const script = '{ "$NODE" "$BIN" "$@"; echo $? > "$CODE_FILE"; } | "$NODE" -e "$READER"';
  return new Promise((resolve, reject) => {
    const sh = spawn("/bin/sh", ["-c", script, "sh", ...args], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PHR_TODAY: "2026-01-15", NODE: process.execPath, BIN, CODE_FILE: codeFile, READER: SLOW_READER },
    });
    const chunks: Buffer[] = [];
    let err = "";
    sh.stdout.on("data", (d: Buffer) => chunks.push(d));
    sh.stderr.on("data", (d) => (err += d));
    sh.on("error", reject);
    sh.on("close", () => {
      const code = fs.existsSync(codeFile) ? Number(fs.readFileSync(codeFile, "utf8").trim()) : null;
      resolve({ code, out: Buffer.concat(chunks), err });
    });
  });
}

beforeAll(async () => {
  // The launcher runs the compiled CLI: compile it from the current sources.
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.cli.json"], { cwd: ROOT, stdio: "inherit" });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-pipe-"));
  fs.copyFileSync(path.join(ROOT, "examples/sample-certification.json"), path.join(dir, "cert.json"));
  // A large checksheet: every item answered with a long text, so scan --json is well over the pipe buffer.
  const long = (id: string) => `はい（${id}）: ` + "規程・手順書・記録の所在と版を記載した説明文。".repeat(20);
  const answers = Object.fromEntries(crosswalk.entries.map((e) => [e.id, long(e.id)]));
  fs.writeFileSync(path.join(dir, "large.xlsx"), await writeLayoutXlsx(messyLayout(crosswalk.entries, { answers })));
}, 120000);
afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

test("crosswalk --format json: the whole export arrives and parses (145 entries)", async () => {
  const r = await runPiped(["crosswalk", "--format", "json"]);
  expect(r.code).toBe(0);
  expect(r.out.length).toBeGreaterThan(PIPE_BUFFER);
  expect(JSON.parse(r.out.toString("utf8")).entries).toHaveLength(crosswalk.entries.length);
});

test("crosswalk --format csv: every line arrives (header + 145 rows)", async () => {
  const r = await runPiped(["crosswalk", "--format", "csv"]);
  expect(r.code).toBe(0);
  expect(r.out.length).toBeGreaterThan(PIPE_BUFFER);
  const text = r.out.toString("utf8");
  expect(text.endsWith("\r\n") || text.endsWith("\n")).toBe(true);
  expect(text.trim().split("\r\n")).toHaveLength(crosswalk.entries.length + 1);
});

test("crosswalk --format oscal: the mapping collection arrives whole", async () => {
  const r = await runPiped(["crosswalk", "--format", "oscal"]);
  expect(r.code).toBe(0);
  expect(r.out.length).toBeGreaterThan(PIPE_BUFFER);
  const maps = JSON.parse(r.out.toString("utf8"))["mapping-collection"].mappings[0].maps;
  expect(maps).toHaveLength(crosswalk.entries.length);
});

test("scan --json on a large generated sheet: one complete JSON object with every item", async () => {
  const r = await runPiped(["scan", "large.xlsx", "--cert", "cert.json", "--json"]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(r.out.length).toBeGreaterThan(PIPE_BUFFER);
  const j = JSON.parse(r.out.toString("utf8"));
  expect(j.found).toBe(crosswalk.entries.length);
  expect(j.items).toHaveLength(crosswalk.entries.length);
  expect(j.items[j.items.length - 1].answer).toContain("規程・手順書");
});

test("the launcher and the CLI never call process.exit", () => {
  for (const f of ["bin/phr-checksheet.js", ...fs.readdirSync(path.join(ROOT, "src/cli")).map((f) => `src/cli/${f}`)])
    expect([f, /process\.exit\s*\(/.test(fs.readFileSync(path.join(ROOT, f), "utf8"))]).toEqual([f, false]);
});

test("report from the compiled build on worker threads: the same bytes as on one thread, in the input order", async () => {
  fs.mkdirSync(path.join(dir, "rep"));
  for (let i = 0; i < 5; i++) {
    const answers = Object.fromEntries(crosswalk.entries.filter((_, k) => k % (i + 2) === 0).map((e) => [e.id, i % 2 ? "いいえ" : "はい"]));
    fs.writeFileSync(path.join(dir, `rep/applicant-${i}.xlsx`), await writeLayoutXlsx(messyLayout(crosswalk.entries, { answers })));
  }
  fs.copyFileSync(path.join(dir, "large.xlsx"), path.join(dir, "rep/large.xlsx"));
  fs.writeFileSync(path.join(dir, "rep/broken.xlsx"), fs.readFileSync(path.join(dir, "large.xlsx")).subarray(0, 5000));
  const names = fs.readdirSync(path.join(dir, "rep")).sort();
  const one = await runPiped(["report", "rep", "--cert", "cert.json", "--format", "json", "--jobs", "1"]);
  const par = await runPiped(["report", "rep", "--cert", "cert.json", "--format", "json", "--jobs", "2"]);
  expect(one.code).toBe(1);
  expect(par.code).toBe(one.code);
  expect(par.err).toContain("2 workers");
  expect(par.err).not.toMatch(/could not start|stopped unexpectedly/);
  expect(par.out.equals(one.out)).toBe(true);
  const files = JSON.parse(par.out.toString("utf8")).files as { file: string; found: number | null; error: string | null }[];
  expect(files.map((f) => f.file)).toEqual(names.map((n) => path.join("rep", n)));
  expect(files.filter((f) => f.found === crosswalk.entries.length)).toHaveLength(names.length - 1);
  expect(files.find((f) => f.file.endsWith("broken.xlsx"))!.error).toBeTruthy();
});

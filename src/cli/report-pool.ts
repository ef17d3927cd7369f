/**
 * `report` on every core: a pool of worker threads, each reading and scoring workbooks (report-score.ts) and sending
 * back one ReportRow per file. The main thread hands out file names, never file contents, and gets rows in whatever
 * order the workers finish; it passes them on in the input order, so the output is the same as on one thread.
 *
 * Memory stays bounded: a worker has at most `perWorker` files handed to it at a time, and no file is handed out more
 * than `window` places ahead of the first row not yet passed on (a slow file holds back at most that many small rows).
 *
 * A worker that dies (an uncaught exception, process.exit, out of memory) costs only the file it was scoring: that
 * file gets a row saying so (bilingual), the files it had not started are handed out again, and a new worker takes its
 * place. A worker that cannot even start (its code cannot be loaded) costs no file: its files go to the other
 * workers, or, when none is left, are scored on the main thread. A file that takes longer than the time limit
 * (`fileTimeoutMs`, `report --file-timeout`; a pathological or hostile workbook) is given up the same way: its worker
 * is stopped, the file gets a row saying so, and the rest go on; the batch never hangs on one file.
 *
 * `report` starts the workers first (startReportPool), before it loads the crosswalk and the certification, and
 * hands them the environment with the files (run()): a worker's start-up (its thread, then the modules scoring
 * needs: no schema library, no command code) overlaps the main thread's own.
 *
 * Workers run compiled JavaScript (build/src/cli/report-worker.js, next to this module once compiled). When this
 * module itself runs from TypeScript sources (ts-jest), the worker is started through a small loader that compiles
 * each .ts module it requires with TypeScript's transpileModule, so the tests exercise the current sources.
 */
import * as os from "os";
import * as path from "path";
import { parentPort, Worker } from "worker_threads";
import { emptyReportRow, type ReportRow } from "../domain/report";
import type { Localized } from "../domain/types";
import type { ReportEnv } from "./report-score";

/** Seconds one file may take on a worker before it is given up (report --file-timeout). */
export const DEFAULT_FILE_TIMEOUT_S = 300;
/** Largest --file-timeout accepted (seconds). */
export const MAX_FILE_TIMEOUT_S = 86_400;

/** Most workers `report` starts by itself (each holds one workbook in memory at a time). */
export const MAX_AUTO_JOBS = 8;
/** Largest --jobs accepted. */
export const MAX_JOBS = 64;

/** Number of workers for `files` files: --jobs when given, else the cores available, never more than the files. */
export function jobsFor(files: number, requested?: number): number {
  const auto = Math.min(typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length, MAX_AUTO_JOBS);
  return Math.max(1, Math.min(requested ?? auto, files));
}

type ToWorker = { type: "env"; env: ReportEnv } | { type: "file"; id: number; file: string };
type FromWorker = { type: "ready" } | { type: "row"; id: number; row: ReportRow };

/** A scorer: one row per file (report-score.ts's reportFileRow, or a test's). */
export type Scorer = (file: string, env: ReportEnv) => Promise<ReportRow>;

/**
 * The worker side: says "ready" once its code is loaded, then scores each file sent, one at a time, in the order
 * received. The environment (crosswalk, date, --cert) comes in the first message: workers are started before the
 * main thread has loaded it, and load their modules meanwhile.
 */
export function serveReportWorker(score: Scorer): void {
  const port = parentPort;
  if (!port) throw new Error("serveReportWorker must run in a worker thread");
  let env: ReportEnv | null = null;
  const queue: { id: number; file: string }[] = [];
  let busy = false;
  const pump = async () => {
    if (busy || !env) return;
    busy = true;
    while (queue.length) {
      const job = queue.shift()!;
      let row: ReportRow;
      try {
        row = await score(job.file, env);
      } catch (e) {
        // reportFileRow turns every failure into a row; this is for a scorer that does not.
        row = emptyReportRow(job.file, env.crosswalk, env.today, String((e as Error)?.message ?? e));
      }
      port.postMessage({ type: "row", id: job.id, row } satisfies FromWorker);
    }
    busy = false;
  };
  port.on("message", (m: ToWorker) => {
    if (m.type === "env") env = m.env;
    else queue.push({ id: m.id, file: m.file });
    void pump();
  });
  port.postMessage({ type: "ready" } satisfies FromWorker);
}

/** The message a file gets when the worker scoring it died. */
export function workerCrashMessage(reason: string): Localized {
  return {
    ja: `このファイルを処理していたワーカースレッドが異常終了しました（${reason}）。このファイルは集計されていません（--jobs 1 で再実行すると原因を確認できます）。`,
    en: `The worker thread processing this file stopped unexpectedly (${reason}); the file was not scored (run again with --jobs 1 to see why).`,
  };
}

/** The message a file gets when it took longer than the time limit. */
export function workerTimeoutMessage(seconds: number): Localized {
  return {
    ja: `このファイルの処理が ${seconds} 秒以内に終わらなかったため中止しました。このファイルは集計されていません（他のファイルは続けて処理しています。--file-timeout で制限時間を変えられます）。`,
    en: `This file was not scored within ${seconds} s and was given up (the other files went on; --file-timeout sets the limit).`,
  };
}

/** How the workers are started (known before the files and the environment are). */
export interface PoolStart {
  /** Worker entry module (.js, or .ts through the loader); default report-worker next to this module. */
  entry?: string;
  /** Files handed to one worker at a time (default 2: one being scored, one waiting, so no worker idles). */
  perWorker?: number;
  /** Longest time one file may be scored, in ms (default DEFAULT_FILE_TIMEOUT_S); its worker is stopped then. */
  fileTimeoutMs?: number;
}

export interface PoolRun {
  env: ReportEnv;
  /** Called once per file, in the input order. */
  onRow: (index: number, row: ReportRow) => void;
  /** Called as each file is finished, in the order they finish (progress). */
  onDone?: (done: number, file: string) => void;
  /** A worker died while scoring this file (also given its row through onRow). */
  onCrash?: (file: string, message: Localized) => void;
  /** Something the user should know that is not about one file (workers could not start). */
  onWarning?: (message: Localized) => void;
}

export interface PoolOptions extends PoolStart, PoolRun {
  jobs: number;
}

interface Slot {
  worker: Worker;
  inflight: number[];
  ready: boolean;
  closing: boolean;
  error: Error | null;
  /** Runs out when the file at the head of `inflight` (the one being scored) has taken too long. */
  timer: ReturnType<typeof setTimeout> | null;
  /** The file being scored when the timer ran out (its worker was stopped for it). */
  timedOut: number | null;
}

/**
 * JavaScript that runs a .ts entry in a worker: a require hook compiling each TypeScript module with transpileModule.
 * The output is cached in the system's temporary folder by path and content (TypeScript's compiler is slow to warm up,
 * and every worker would otherwise compile every module again); TypeScript itself is loaded only on a cache miss.
 */
const TS_LOADER = `
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { workerData, threadId } = require("worker_threads");
let ts = null;
const cacheDir = workerData.cacheDir;
require.extensions[".ts"] = function (module, filename) {
  const src = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha256").update(filename + "\\0" + src).digest("hex");
  const cached = path.join(cacheDir, key + ".js");
  let code;
  try {
    code = fs.readFileSync(cached, "utf8");
  } catch {
    ts = ts || require(workerData.typescript);
    code = ts.transpileModule(src, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, resolveJsonModule: true, inlineSourceMap: true },
    }).outputText;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const tmp = cached + "." + process.pid + "." + threadId + ".tmp";
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached);
    } catch {
      /* no cache: compiled again next time */
    }
  }
  module._compile(code, filename);
};
require(workerData.entry);
`;

function defaultEntry(): string {
  return path.join(__dirname, `report-worker${path.extname(__filename) === ".ts" ? ".ts" : ".js"}`);
}

function startWorker(entry: string): Worker {
  if (entry.endsWith(".ts")) {
    const typescript = require.resolve("typescript");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const version = (require("typescript/package.json") as { version: string }).version;
    const cacheDir = path.join(os.tmpdir(), `phr-report-worker-ts-${version}`);
    return new Worker(TS_LOADER, { eval: true, workerData: { entry, typescript, cacheDir } });
  }
  return new Worker(entry);
}

/** The scorer of this thread, loaded only when the files must be scored here (no worker could start). */
async function scoreHere(file: string, env: ReportEnv): Promise<ReportRow> {
  const { reportFileRow } = await import("./report-score");
  return reportFileRow(file, env);
}

/**
 * Workers started ahead of the work: `report` starts them before it loads the crosswalk and the certification and
 * lists nothing more than it must, so that the workers load their code while the main thread loads its own.
 * run() hands them the environment and the files; close() stops them (a run that never comes, or after it).
 */
export interface ReportPool {
  readonly jobs: number;
  run(files: string[], opts: PoolRun): Promise<void>;
  close(): void;
}

export function startReportPool(jobs: number, start: PoolStart = {}): ReportPool {
  const perWorker = Math.max(1, start.perWorker ?? 2);
  const entry = start.entry ?? defaultEntry();
  const timeoutMs = Math.max(1, start.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_S * 1000);
  const slots = new Set<Slot>();
  /** Set by run(): what the exit of a worker does then. */
  let onExitHook: ((s: Slot, code: number) => void) | null = null;
  let onMessageHook: ((s: Slot, m: FromWorker) => void) | null = null;
  let startError: Error | null = null;
  let env: ReportEnv | null = null;
  let closed = false;

  const spawn = (): Slot | null => {
    let worker: Worker;
    try {
      worker = startWorker(entry);
    } catch (e) {
      startError = new Error((e as Error).message);
      return null;
    }
    const s: Slot = { worker, inflight: [], ready: false, closing: false, error: null, timer: null, timedOut: null };
    slots.add(s);
    if (env) worker.postMessage({ type: "env", env } satisfies ToWorker);
    worker.on("message", (m: FromWorker) => {
      if (m.type === "ready") {
        s.ready = true;
        arm(s); // a file's clock starts once its worker has loaded its code
      }
      onMessageHook?.(s, m);
    });
    worker.on("error", (e) => {
      // (duck-typed: under jest the Error comes from another realm)
      const message = typeof (e as { message?: unknown })?.message === "string" ? (e as Error).message : String(e);
      s.error = new Error(message);
    });
    worker.on("exit", (code) => {
      disarm(s);
      if (onExitHook) onExitHook(s, code);
      else if (!s.closing) slots.delete(s); // before run(): a worker that could not start is noticed by run()
      if (!s.ready && !s.closing && !s.error) s.error = new Error(`exit code ${code}`);
      if (!s.ready && !s.closing) startError = startError ?? s.error;
    });
    return s;
  };

  /** The clock of the file a worker is scoring (the head of its inflight list), restarted when the head changes. */
  const arm = (s: Slot) => {
    disarm(s);
    const head = s.inflight[0];
    if (head === undefined || s.closing || !s.ready) return;
    s.timer = setTimeout(() => {
      s.timer = null;
      if (s.closing || s.inflight[0] !== head) return;
      s.timedOut = head;
      void s.worker.terminate(); // stops a busy loop too; the exit handler reports the file
    }, timeoutMs);
  };
  const disarm = (s: Slot) => {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
  };

  const close = () => {
    closed = true;
    for (const s of slots) {
      disarm(s);
      s.closing = true;
      void s.worker.terminate();
    }
    slots.clear();
  };

  for (let k = 0; k < jobs; k++) spawn();

  return {
    jobs,
    close,
    run(files, opts) {
      if (closed) throw new Error("the report pool is closed");
      env = opts.env;
      for (const s of slots) s.worker.postMessage({ type: "env", env } satisfies ToWorker);
      return runOn(files, opts);
    },
  };

  function runOn(files: string[], opts: PoolRun): Promise<void> {
    const window = Math.max(jobs * perWorker * 4, 8);
    const results = new Map<number, ReportRow>();
    const retry: number[] = [];
    let nextNew = 0;
    let nextEmit = 0;
    let done = 0;
    let inProcess = false;
    let warnedStart = false;

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        onExitHook = () => undefined;
        onMessageHook = null;
        close();
        if (err) reject(err);
        else resolve();
      };

      const warnStart = (why: string) => {
        if (warnedStart) return;
        warnedStart = true;
        opts.onWarning?.({
          ja: `ワーカースレッドを起動できませんでした（${why}）。残りのファイルは他のスレッドで処理します。`,
          en: `A worker thread could not start (${why}); the remaining files are processed on the other threads.`,
        });
      };

      const take = (): number | undefined => {
        if (retry.length) return retry.shift();
        if (nextNew < files.length && nextNew < nextEmit + window) return nextNew++;
        return undefined;
      };

      const settle = (index: number, row: ReportRow) => {
        if (results.has(index) || index < nextEmit) return;
        results.set(index, row);
        done++;
        opts.onDone?.(done, files[index]);
        try {
          while (results.has(nextEmit)) {
            const r = results.get(nextEmit)!;
            results.delete(nextEmit);
            opts.onRow(nextEmit, r);
            nextEmit++;
          }
        } catch (e) {
          finish(e);
          return;
        }
        if (nextEmit === files.length) finish();
      };

      const dispatch = () => {
        if (settled || inProcess) return;
        for (const s of slots) {
          while (!s.closing && s.inflight.length < perWorker) {
            const i = take();
            if (i === undefined) break;
            s.inflight.push(i);
            if (s.inflight.length === 1) arm(s);
            s.worker.postMessage({ type: "file", id: i, file: files[i] } satisfies ToWorker);
          }
        }
        if (!slots.size && nextEmit < files.length) void runHere();
      };

      /** No worker left that can start: the rest on this thread, in order. */
      const runHere = async () => {
        inProcess = true;
        try {
          for (let i = take(); i !== undefined && !settled; i = take()) settle(i, await scoreHere(files[i], opts.env));
        } catch (e) {
          finish(e);
        }
      };

      onMessageHook = (s, m) => {
        if (m.type !== "row") return;
        const head = s.inflight[0];
        s.inflight = s.inflight.filter((i) => i !== m.id);
        if (s.inflight[0] !== head) arm(s);
        settle(m.id, m.row);
        dispatch();
      };

      onExitHook = (s, code) => {
        if (s.closing || settled) return;
        slots.delete(s);
        const pending = s.inflight;
        if (!s.ready) {
          // Could not start: no file's fault. Its files go back to the queue; no replacement (it would fail the same way).
          retry.unshift(...pending);
          warnStart(s.error?.message ?? `exit code ${code}`);
        } else {
          const [blamed, ...notStarted] = pending;
          retry.unshift(...notStarted);
          if (blamed !== undefined) {
            const msg =
              s.timedOut === blamed ? workerTimeoutMessage(Math.round(timeoutMs / 100) / 10) : workerCrashMessage(s.error?.message ?? `exit code ${code}`);
            opts.onCrash?.(files[blamed], msg);
            settle(blamed, emptyReportRow(files[blamed], opts.env.crosswalk, opts.env.today, `${msg.ja} / ${msg.en}`));
          }
          if (!settled && (retry.length || nextNew < files.length) && !spawn()) warnStart(startError!.message);
        }
        dispatch();
      };

      // Workers that failed before run() (could not be created, or exited before saying ready).
      if (startError) warnStart(startError.message);
      if (!files.length) return finish();
      dispatch();
    });
  }
}

/** Score every file on `jobs` worker threads; resolves once every file has had its row passed to onRow. */
export function runReportPool(files: string[], opts: PoolOptions): Promise<void> {
  return startReportPool(opts.jobs, opts).run(files, opts);
}

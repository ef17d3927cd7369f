/**
 * The pane's background work after its first view: the first read of the workbook, then the date picker's chunk,
 * then the other tabs' chunk.
 * One piece per idle period of the browser (requestIdleCallback, each within a second at the latest), the most
 * urgent first, each waited for before the next starts, so that the form answers the user's first keystrokes
 * instead of queueing behind everything at once. Where there is no requestIdleCallback (jsdom), a timer.
 */
export const IDLE_PRIORITY = { firstRead: 0, datePicker: 1, panels: 2 } as const;

interface Job {
  run(): unknown;
  priority: number;
  cancelled: boolean;
}

const queue: Job[] = [];
let scheduled = false;

type IdleWindow = { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };

function schedule(): void {
  if (scheduled || !queue.length) return;
  scheduled = true;
  const w = globalThis as IdleWindow;
  if (typeof w.requestIdleCallback === "function") w.requestIdleCallback(() => void pump(), { timeout: 1000 });
  else setTimeout(() => void pump(), 0);
}

async function pump(): Promise<void> {
  const i = queue.reduce((best, j, k) => (best < 0 || j.priority < queue[best].priority ? k : best), -1);
  const job = i < 0 ? undefined : queue.splice(i, 1)[0];
  try {
    if (job && !job.cancelled) await job.run();
  } catch {
    // each job reports its own failures (the read shows its error in the pane)
  } finally {
    scheduled = false;
    schedule();
  }
}

/** Queue `run` for an idle moment; returns a function that takes it back if it has not started. */
export function whenIdle(run: () => unknown, priority: number): () => void {
  const job: Job = { run, priority, cancelled: false };
  queue.push(job);
  schedule();
  return () => {
    job.cancelled = true;
  };
}

/**
 * One-at-a-time async actions for a tab: busy flag, progress from the use case
 * (ctx.onProgress), and every failure as a bilingual message (describeError, through the kit: lazy-loaded with the tabs).
 */
import { useCallback, useMemo, useRef, useState } from "react";
import type { Localized } from "../../domain/types";
import type { Progress, UseCaseContext } from "../../workbook/usecases";
import { describeError } from "../../workbook/usecases-core";
import type { Notice } from "./useAddin";

export interface TaskState<K extends string> {
  busy: K | null;
  progress: Progress | null;
  error: Localized | null;
  notice: Notice | null;
  /** The context with onProgress wired to this tab's ProgressBar. */
  ctx: UseCaseContext;
  run<T>(kind: K, fn: (ctx: UseCaseContext) => Promise<T>): Promise<T | undefined>;
  setError(e: Localized | null): void;
  setNotice(n: Notice | null): void;
}

export function useTask<K extends string>(baseCtx: UseCaseContext): TaskState<K> {
  const [busy, setBusy] = useState<K | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<Localized | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const busyRef = useRef(false);
  // The pane builds a fresh ctx object per render: depend on its fields, not its identity.
  const { crosswalk, today, now, lang } = baseCtx;
  const ctx = useMemo<UseCaseContext>(
    () => ({ crosswalk, today, now, lang, tool: "addin", onProgress: (p: Progress) => setProgress(p) }),
    [crosswalk, today, now, lang],
  );

  const run = useCallback(
    async <T>(kind: K, fn: (ctx: UseCaseContext) => Promise<T>): Promise<T | undefined> => {
      if (busyRef.current) return undefined;
      busyRef.current = true;
      setBusy(kind);
      setProgress(null);
      setError(null);
      setNotice(null);
      try {
        return await fn(ctx);
      } catch (e) {
        setError(describeError(e));
        return undefined;
      } finally {
        busyRef.current = false;
        setBusy(null);
        setProgress(null);
      }
    },
    [ctx],
  );

  return { busy, progress, error, notice, ctx, run, setError, setNotice };
}

/**
 * The task pane's workbook state and actions. Takes a WorkbookGateway
 * (OfficeGateway in Excel, FakeWorkbook in tests); never calls Office itself.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import type { ClearPreview } from "../components/ClearDialog";
import type { Certification, Localized } from "../../domain/types";
import type { WorkbookGateway } from "../../workbook/gateway";
import type { Analysis, Progress, UseCaseContext } from "../../workbook/usecases";
import { UserFacingError } from "../../workbook/gateway";
import { describeError, loadUseCases } from "../../workbook/usecases-core";
import { fmt, S, type Lang } from "../i18n";

export type BusyKind = "analyze" | "apply" | "clear" | "save" | "select";

export interface Notice {
  intent: "success" | "info" | "warning";
  text: Localized;
}

export interface AddinState {
  analysis: Analysis | null;
  /**
   * A read of the workbook has ended (the first one starts in an idle moment after the first paint; an action the user
   * starts before it reads the workbook itself).
   */
  firstReadDone: boolean;
  busy: BusyKind | null;
  progress: Progress | null;
  error: Localized | null;
  notice: Notice | null;
  /** What a clear would do (cells restored, the user's changes kept), waiting for the user's confirmation. */
  pendingClear: ClearPreview | null;
  /** The add-in's marks are in the workbook. */
  marked: boolean;
  /** Sheet chosen in the Dropdown (null: automatic). */
  sheetChoice: string | null;
  /**
   * The crosswalk version the add-in's marks in the workbook were made with (the stored record's, or the one just
   * applied; null when nothing is marked). The analysis returned by an apply holds the record as read before it.
   */
  appliedCrosswalkVersion: string | null;
  /** SHA-256 of the crosswalk the workbook's marks came from (null when unknown). */
  appliedCrosswalkHash: string | null;
  /**
   * SHA-256 of a crosswalk (the active one at the last read or apply), computed with the use cases' code when the
   * workbook's marks carry a hash to compare it with (null otherwise, and until then).
   */
  activeCrosswalkHash: { crosswalk: UseCaseContext["crosswalk"]; hash: string } | null;
}

export interface AddinActions {
  analyze(sheet?: string | null): Promise<Analysis | null>;
  apply(certification: Certification): Promise<boolean>;
  /** First call (confirmed false): a dry run that opens the confirmation; then clear for real. */
  clear(force?: boolean, confirmed?: boolean): Promise<void>;
  cancelClear(): void;
  save(certification: Certification): Promise<boolean>;
  select(sheet: string, row: number, col: number): Promise<void>;
  setSheetChoice(sheet: string | null): void;
  setError(e: Localized | null): void;
  setNotice(n: Notice | null): void;
}

const localized = (lang: Lang, text: Localized, vars: Record<string, string | number>): Localized => ({
  ja: fmt("ja", text, vars),
  en: fmt("en", text, vars),
});

/** An action asked for before the bundled crosswalk has arrived (the pane paints first; the buttons are disabled). */
const notReady = () =>
  new UserFacingError("crosswalk-loading", {
    ja: "対応表を読み込んでいます。少し待ってからもう一度お試しください。",
    en: "The crosswalk is still loading. Please try again in a moment.",
  });

/** `baseCtx` is null until the bundled crosswalk has loaded (a chunk of its own, fetched after the first paint). */
export function useAddin(gateway: WorkbookGateway, baseCtx: UseCaseContext | null, lang: Lang): AddinState & AddinActions {
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [firstReadDone, setFirstReadDone] = useState(false);
  const [busy, setBusy] = useState<BusyKind | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<Localized | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pendingClear, setPending] = useState<ClearPreview | null>(null);
  const [marked, setMarked] = useState(false);
  const [sheetChoice, setSheetChoice] = useState<string | null>(null);
  const [appliedCrosswalkVersion, setAppliedVersion] = useState<string | null>(null);
  const [appliedCrosswalkHash, setAppliedHash] = useState<string | null>(null);
  const [activeCrosswalkHash, setActiveHash] = useState<AddinState["activeCrosswalkHash"]>(null);
  const busyRef = useRef(false);

  const ctxOrNull: UseCaseContext | null = useMemo(
    () => (baseCtx ? { ...baseCtx, tool: "addin", lang, onProgress: (p: Progress) => setProgress(p) } : null),
    [baseCtx, lang],
  );
  const need = useCallback((): UseCaseContext => {
    if (!ctxOrNull) throw notReady();
    return ctxOrNull;
  }, [ctxOrNull]);

  /** Run one action at a time; every failure ends as a bilingual message. */
  const run = useCallback(async <T,>(kind: BusyKind, fn: () => Promise<T>): Promise<T | undefined> => {
    if (busyRef.current) return undefined;
    busyRef.current = true;
    setBusy(kind);
    setProgress(null);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(describeError(e));
      return undefined;
    } finally {
      busyRef.current = false;
      setBusy(null);
      setProgress(null);
    }
  }, []);

  const analyzeNow = useCallback(
    async (sheet: string | null | undefined) => {
      const ctx = need();
      try {
        const { analyzeWorkbook, crosswalkHash } = await loadUseCases();
        const a = await analyzeWorkbook(gateway, ctx, sheet ? { sheet } : {});
        setAnalysis(a);
        setMarked(!!a.record?.layers.length);
        setAppliedVersion(a.record?.layers.length ? a.record.crosswalkVersion : null);
        const storedHash = a.record?.layers.length ? (a.record.crosswalkHash ?? null) : null;
        setAppliedHash(storedHash);
        setActiveHash(storedHash ? { crosswalk: ctx.crosswalk, hash: crosswalkHash(ctx.crosswalk) } : null);
        return a;
      } finally {
        // a read has ended (read, save and clear all end with one; apply sets it with its own analysis)
        setFirstReadDone(true);
      }
    },
    [gateway, need],
  );

  const analyze = useCallback(
    async (sheet?: string | null) => (await run("analyze", () => analyzeNow(sheet === undefined ? sheetChoice : sheet))) ?? null,
    [run, analyzeNow, sheetChoice],
  );

  const apply = useCallback(
    async (certification: Certification) => {
      const ok = await run("apply", async () => {
        const sheet = sheetChoice ?? analysis?.sheet ?? undefined;
        const ctx = need();
        const { applyCoverage, crosswalkHash } = await loadUseCases();
        const out = await applyCoverage(gateway, ctx, { certification, sheet });
        setAnalysis(out.analysis);
        setFirstReadDone(true);
        setMarked(true);
        setAppliedVersion(ctx.crosswalk.crosswalkVersion);
        const hash = crosswalkHash(ctx.crosswalk);
        setAppliedHash(hash);
        setActiveHash({ crosswalk: ctx.crosswalk, hash });
        const appliedText = localized(lang, S.applied, {
          sheet: out.plan.sheet,
          covered: out.plan.counts.covered,
          evidence: out.plan.counts.needsEvidence,
          notCovered: out.plan.counts.notCovered,
        });
        const cs = out.plan.contradictions;
        // what the user changed in the add-in's cells (since an earlier apply, or while this one was writing): kept
        const kept = out.keptMessage;
        const tail = (l: Lang) =>
          [
            cs.length
              ? fmt(l, S.appliedContradictions, {
                  n: cs.length,
                  list: cs.map((c) => (l === "ja" ? `${c.id}（${c.cell}「${String(c.answer ?? "")}」）` : `${c.id} (${c.cell} "${String(c.answer ?? "")}")`)).join(l === "ja" ? "、" : ", "),
                })
              : "",
            kept ? kept[l] : "",
          ]
            .filter(Boolean)
            .join(" ");
        setNotice(
          cs.length || kept
            ? { intent: "warning", text: { ja: `${appliedText.ja} ${tail("ja")}`, en: `${appliedText.en} ${tail("en")}` } }
            : { intent: "success", text: appliedText },
        );
        return true;
      });
      return !!ok;
    },
    [run, gateway, need, sheetChoice, analysis, lang],
  );

  const clear = useCallback(
    async (force = false, confirmed = false) => {
      setPending(null);
      await run("clear", async () => {
        const ctx = need();
        const { clearMarks } = await loadUseCases();
        if (!confirmed) {
          const preview = await clearMarks(gateway, ctx, { dryRun: true });
          if (preview.restored === 0 && preview.kept.length === 0 && !preview.keptSummary && !preview.removesSummary) {
            setNotice({ intent: "info", text: S.nothingToClear });
            return;
          }
          setPending({ restored: preview.restored, kept: preview.kept, keptSummary: preview.keptSummary ?? null, removesSummary: preview.removesSummary ?? null });
          return;
        }
        const out = await clearMarks(gateway, ctx, { force });
        setMarked(false);
        const text: Localized = out.keptMessage
          ? {
              ja: fmt("ja", S.clearedKept, { n: out.restored, kept: out.keptMessage.ja }),
              en: fmt("en", S.clearedKept, { n: out.restored, kept: out.keptMessage.en }),
            }
          : out.restored
            ? localized(lang, S.cleared, { n: out.restored })
            : out.removesSummary
              ? localized(lang, S.clearedSummary, { name: out.removesSummary })
              : S.nothingToClear;
        const sk = out.keptSummary;
        setNotice({
          intent: sk ? "warning" : out.restored ? "success" : "info",
          text: sk ? { ja: `${text.ja} ${sk.ja}`, en: `${text.en} ${sk.en}` } : text,
        });
        await analyzeNow(sheetChoice);
      });
    },
    [run, gateway, need, lang, analyzeNow, sheetChoice],
  );

  const save = useCallback(
    async (certification: Certification) =>
      !!(await run("save", async () => {
        const ctx = need();
        const { saveCertification } = await loadUseCases();
        await saveCertification(gateway, ctx, certification);
        setNotice({ intent: "success", text: S.saved });
        // Read again: the tabs (一括入力) work from the certification stored in the workbook.
        await analyzeNow(sheetChoice);
        return true;
      })),
    [run, gateway, need, analyzeNow, sheetChoice],
  );

  const select = useCallback(
    async (sheet: string, row: number, col: number) => {
      if (!gateway.select) return;
      await run("select", () => gateway.select!(sheet, { row, col }));
    },
    [run, gateway],
  );

  return {
    analysis,
    firstReadDone,
    busy,
    progress,
    error,
    notice,
    pendingClear,
    marked,
    sheetChoice,
    appliedCrosswalkVersion,
    appliedCrosswalkHash,
    activeCrosswalkHash,
    analyze,
    apply,
    clear,
    cancelClear: () => setPending(null),
    save,
    select,
    setSheetChoice,
    setError,
    setNotice,
  };
}

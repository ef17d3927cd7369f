/**
 * The task pane. Gets a WorkbookGateway and a UseCaseContext by props
 * (index.tsx wires OfficeGateway; tests pass FakeWorkbook). Never calls Office.
 *
 * Tabs: 認定 / 検出 / 項目 / 概要, plus any `extraTabs` (index.tsx plugs in extraTabs.tsx:
 * 証跡・一括入力 = the nine evidence items, then bulk-mark preview/apply/undo; 審査 = review status per item,
 * consistency, sign-off), shown in the applicant's order (TAB_ORDER).
 *
 * The crosswalk: `props.ctx.crosswalk` is the bundled one; the user can load another file on the 概要 tab. The
 * active one is App state (session only) and every use case, list and tab gets the ctx derived from it.
 * `props.ctx.crosswalk` may be null at first: the pane paints its first view (the 認定 form) before the bundled
 * crosswalk's chunk has arrived; the other tabs show "loading" and the actions wait until it is there.
 */
import * as React from "react";
import { FluentProvider, MessageBar, MessageBarBody, Button, Link, Text, makeStyles, tokens, webLightTheme } from "@fluentui/react-components";
import { LocalLanguageRegular } from "@fluentui/react-icons";
import type { CertificationField, ParseCertificationResult } from "../domain/certification";
import { computeCoverage } from "../domain/coverage";
import { classTotals } from "../domain/crosswalk-core";
import type { Crosswalk, Localized } from "../domain/types";
import type { WorkbookGateway } from "../workbook/gateway";
import type { Analysis, UseCaseContext } from "../workbook/usecases";
import { describeError, evaluate } from "../workbook/usecases-core";
import { ActionBar } from "./components/ActionBar";
import { CertificationForm } from "./components/CertificationForm";
import { FirstRun } from "./components/FirstRun";
import { loadCertFile, loadCrosswalkFileReader } from "./state/loaders";
import { TabStrip } from "./components/TabStrip";
import { IDLE_PRIORITY, whenIdle } from "./idle";
import { ErrorMessage, NoticeMessage } from "./components/Messages";
import { fmt, S, type Lang } from "./i18n";
import {
  ClearDialog,
  CrosswalkEditor,
  CrosswalkMismatch,
  CrosswalkPanel,
  DetectionPanel,
  downloadCrosswalk,
  ItemList,
  PanelLoading,
  preloadPanels,
  SummaryPanel,
} from "./lazyPanels";
import type { ActiveCrosswalk, CrosswalkLoadFailure } from "./state/crosswalk";
import { crosswalkMismatch } from "./state/crosswalk-mismatch";
import { EMPTY_FORM, formFromCertification, formFromObject, validateForm, type CertFormState } from "./state/certForm";
import { buildRows, EMPTY_FILTER, type ItemFilter, type ItemRow } from "./state/items";
import { useAddin } from "./state/useAddin";
import type { PaneBus } from "../commands/runtime-bus";

export interface ExtraTabProps {
  lang: Lang;
  gateway: WorkbookGateway;
  ctx: UseCaseContext;
  analysis: Analysis | null;
  busy: boolean;
  /** Read the workbook again (after the tab changed it). */
  refresh(): Promise<unknown>;
}

/** A tab the lead can plug in (一括入力, 審査) without touching the tab logic. */
export interface ExtraTab {
  value: string;
  label: Localized;
  render(props: ExtraTabProps): React.ReactNode;
}

/** What the pane gets: the use cases' context, whose bundled crosswalk may still be loading (null). */
export type PaneContext = Omit<UseCaseContext, "crosswalk"> & { crosswalk: Crosswalk | null };

export interface AppProps {
  gateway: WorkbookGateway;
  /** crosswalk (the bundled one; null while it loads), today, now; `lang`, `tool` and `onProgress` are set by the pane. */
  ctx: PaneContext;
  initialLang?: Lang;
  extraTabs?: ExtraTab[];
  /** Tab shown first (default 認定). */
  initialTab?: string;
  /** The shared runtime's bus: the ribbon opens a tab, shows a message or reports that it changed the workbook. */
  runtime?: Pick<PaneBus, "subscribe">;
}

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: "8px",
    padding: "8px 10px 16px 10px",
    boxSizing: "border-box",
    width: "100%",
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  header: { display: "flex", alignItems: "center", justifyContent: "space-between", columnGap: "6px" },
  title: { fontWeight: tokens.fontWeightSemibold, minWidth: 0 },
  langButton: { flexShrink: 0, whiteSpace: "nowrap" },
  tabs: { flexWrap: "wrap", marginLeft: "-8px", marginRight: "-8px" },
  panel: { minWidth: 0, display: "flex", flexDirection: "column", rowGap: "12px" },
  indicator: { color: tokens.colorNeutralForeground3 },
  footer: { display: "flex", flexWrap: "wrap", columnGap: "12px", marginTop: "8px", fontSize: tokens.fontSizeBase200 },
});

/** Footer links: the self-test (diagnostics for a first run in real Excel) and the support page. */
const FOOTER: Record<"selfTest" | "support", Localized> = {
  selfTest: { ja: "自己診断（新しい空のブックで）", en: "Self-test (in a new blank workbook)" },
  support: { ja: "サポート", en: "Support" },
};

/**
 * Tab order: the applicant's path first (認定 → apply in the action bar → 証跡・一括入力, whose top is the nine items
 * that need evidence and whose rest is the bulk-mark), then what both sides read (概要, 項目, 検出), the reviewer's
 * 審査 last. Tabs not listed keep their place after these.
 */
export const TAB_ORDER = ["cert", "bulk", "summary", "items", "detect", "review"] as const;
/** Where the pane goes after an apply from 認定. */
const AFTER_APPLY = "bulk";

export function orderTabs<T extends { value: string }>(tabs: T[]): T[] {
  const rank = (v: string) => {
    const i = (TAB_ORDER as readonly string[]).indexOf(v);
    return i < 0 ? TAB_ORDER.length : i;
  };
  return tabs.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t.value) - rank(b.t.value) || a.i - b.i).map((x) => x.t);
}

const tabId = (value: string) => `phr-tab-${value}`;

/** A callback whose identity never changes and that always runs the latest `fn` (keeps memoized children still). */
function useStableCallback<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  const ref = React.useRef(fn);
  ref.current = fn;
  return React.useCallback((...args: A) => ref.current(...args), []);
}

const NO_ERRORS: never[] = [];

const localized = (text: Localized, vars: Record<string, string | number>): Localized => ({
  ja: fmt("ja", text, vars),
  en: fmt("en", text, vars),
});

export function App(props: AppProps) {
  const { gateway } = props;
  const st = useStyles();
  const [lang, setLang] = React.useState<Lang>(props.initialLang ?? "ja");
  const [tab, setTab] = React.useState<string>(props.initialTab ?? "cert");

  // --- the active crosswalk (bundled, or a file the user loaded; session only) ---------------------------
  const [imported, setImported] = React.useState<ActiveCrosswalk | null>(null);
  const [cwFailure, setCwFailure] = React.useState<CrosswalkLoadFailure | null>(null);
  const [cwValidating, setCwValidating] = React.useState(false);
  const ctx = React.useMemo<UseCaseContext | null>(() => {
    const crosswalk = imported?.crosswalk ?? props.ctx.crosswalk;
    return crosswalk ? { ...props.ctx, crosswalk } : null;
  }, [props.ctx, imported]);
  const active = React.useMemo<ActiveCrosswalk | null>(
    () => imported ?? (props.ctx.crosswalk ? { crosswalk: props.ctx.crosswalk, source: { kind: "bundled" }, warnings: [] } : null),
    [imported, props.ctx.crosswalk],
  );

  const addin = useAddin(gateway, ctx, lang);
  const { analysis } = addin;

  // Ribbon commands (same runtime): show the tab and message they ask for; read the workbook again after they wrote.
  const addinRef = React.useRef(addin);
  addinRef.current = addin;
  React.useEffect(
    () =>
      props.runtime?.subscribe((e) => {
        if (e.kind === "changed") void addinRef.current.analyze();
        else {
          if (e.tab) setTab(e.tab);
          addinRef.current.setNotice({ intent: e.intent, text: e.message });
        }
      }),
    [props.runtime],
  );

  // Another crosswalk means another catalog: detect again (once the pane is idle) with the new one.
  // (the first crosswalk there is, the bundled one, is read with the first read below)
  const analyzedWith = React.useRef<Crosswalk | null>(null);
  const activeCrosswalk = ctx?.crosswalk ?? null;
  React.useEffect(() => {
    if (!activeCrosswalk || analyzedWith.current === activeCrosswalk) return;
    if (analyzedWith.current === null) {
      analyzedWith.current = activeCrosswalk;
      return;
    }
    if (addin.busy !== null) return;
    analyzedWith.current = activeCrosswalk;
    void addin.analyze();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [activeCrosswalk, addin.busy]);

  const onCrosswalkFile = (file: File) => {
    const name = file.name;
    setCwValidating(true);
    loadCrosswalkFileReader()
      .then((m) => m.readCrosswalkFile(file))
      .then((r) => {
        if (!r.ok) {
          setCwFailure(r.failure);
          return;
        }
        setCwFailure(null);
        setImported(r.active);
        const n = r.active.warnings.length;
        addin.setNotice(
          n
            ? { intent: "warning", text: localized(S.cwLoadedWithWarnings, { name, n }) }
            : { intent: "success", text: localized(S.cwLoaded, { name }) },
        );
      })
      .catch((e: unknown) => {
        // the module itself could not be loaded
        const why = describeError(e);
        setCwFailure({ name, head: why, errors: [], total: 0 });
      })
      .finally(() => setCwValidating(false));
  };

  const onCrosswalkReset = () => {
    setImported(null);
    setCwFailure(null);
    addin.setNotice({ intent: "info", text: S.cwResetDone });
  };

  // --- certification form ------------------------------------------------
  const [form, setFormState] = React.useState<CertFormState>(EMPTY_FORM);
  const [touched, setTouched] = React.useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = React.useState(false);
  const dirty = React.useRef(false);
  const parsed = React.useMemo(() => validateForm(form), [form]);
  const certification = parsed.ok ? parsed.certification : null;
  // What the certification gives (its evaluation, the coverage and every list over it) follows in a deferred render:
  // a keystroke commits the field typed in, and its errors, first. Actions (apply, save) take `certification`, which
  // is the form's as it is now, never this possibly older one.
  const shownCertification = React.useDeferredValue(certification);
  const evaluation = React.useMemo(() => (ctx ? evaluate(ctx, shownCertification) : null), [ctx, shownCertification]);

  const setForm = (f: CertFormState) => {
    dirty.current = true;
    setFormState(f);
  };

  // Load the certification stored in the workbook (unless the user already typed one). Keyed by content:
  // every re-read (e.g. after a tab wrote evidence) gives a new object, which must not reload the form again.
  const stored = analysis?.certification ?? null;
  const storedKey = stored ? JSON.stringify(stored) : null;
  React.useEffect(() => {
    if (!stored || dirty.current) return;
    setFormState(formFromCertification(stored));
    setShowAll(true);
    addin.setNotice({ intent: "info", text: S.loadedFromWorkbook });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storedKey]);

  // First read of the workbook, once the first view is painted, the crosswalk is there and the browser is idle: the
  // read brings the use cases' chunk and runs the detection over the whole sheet; the form is usable meanwhile.
  const crosswalkReady = ctx !== null;
  React.useEffect(
    () => (crosswalkReady ? whenIdle(() => addin.analyze(), IDLE_PRIORITY.firstRead) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [gateway, crosswalkReady],
  );

  // After the first read, the other tabs' code, so that the first switch to one of them does not wait.
  const firstReadDone = addin.firstReadDone;
  React.useEffect(() => (firstReadDone ? whenIdle(() => preloadPanels(), IDLE_PRIORITY.panels) : undefined), [firstReadDone]);

  React.useEffect(() => {
    if (typeof document !== "undefined") document.documentElement.lang = lang;
  }, [lang]);

  const onImport = (name: string, text: string) => {
    loadCertFile().then(
      ({ parseCertificationJson }) => importParsed(name, text, parseCertificationJson(text)),
      (e: unknown) => addin.setError(describeError(e)),
    );
  };

  const importParsed = (name: string, text: string, res: ParseCertificationResult) => {
    const fatal = res.ok ? [] : res.errors.filter((e) => e.field === "" || e.field === "schema");
    if (fatal.length) {
      const head = localized(S.importFailed, { name });
      addin.setError({
        ja: [head.ja, ...fatal.map((e) => e.message.ja)].join(" "),
        en: [head.en, ...fatal.map((e) => e.message.en)].join(" "),
      });
      return;
    }
    setForm(formFromObject(JSON.parse(text.replace(/^\uFEFF/, ""))));
    setShowAll(true);
    addin.setError(null);
    const dup = res.ok ? (res.warnings ?? []) : [];
    const done = localized(S.imported, { name });
    addin.setNotice(
      res.ok
        ? dup.length
          ? { intent: "warning", text: { ja: [done.ja, ...dup.map((w) => w.ja)].join(" "), en: [done.en, ...dup.map((w) => w.en)].join(" ") } }
          : { intent: "success", text: done }
        : { intent: "warning", text: localized(S.importProblems, { name, n: res.errors.length }) },
    );
  };

  const requireCertification = () => {
    setShowAll(true);
    if (certification) return certification;
    setTab("cert");
    addin.setError(form === EMPTY_FORM ? S.noCertForApply : S.certInvalidForApply);
    return null;
  };

  const onApply = async () => {
    const cert = requireCertification();
    if (!cert) return;
    // The applicant's next step: the nine items that need evidence (top of 一括入力), else the summary.
    const next = props.extraTabs?.some((t) => t.value === AFTER_APPLY) ? AFTER_APPLY : "summary";
    if (await addin.apply(cert)) setTab((t) => (t === "cert" ? next : t));
  };

  // stable identities: the memoized action bar does not re-render on every keystroke in the form
  const onApplyClick = useStableCallback(() => void onApply());
  const onClearClick = useStableCallback(() => void addin.clear(false));
  const onReloadClick = useStableCallback(() => void addin.analyze());

  const onSave = () => {
    const cert = requireCertification();
    if (cert) void addin.save(cert);
  };

  // stable identities: the memoized form re-renders its fields on a keystroke, not when only `busy` changes
  const formCallbacks = {
    onChange: useStableCallback(setForm),
    onBlurField: useStableCallback((f: CertificationField) => setTouched((s) => (s.has(f) ? s : new Set([...s, f])))),
    onImport: useStableCallback(onImport),
    onImportError: useStableCallback((name: string) => addin.setError(localized(S.importFailed, { name }))),
    onCheck: useStableCallback(() => setShowAll(true)),
    onSave: useStableCallback(onSave),
  };

  // --- items -------------------------------------------------------------
  const [filter, setFilter] = React.useState<ItemFilter>(EMPTY_FILTER);
  const coverage = React.useMemo(() => {
    if (!activeCrosswalk) return null;
    const det = analysis?.detection;
    const ids = det?.ok ? new Set(det.items.map((i) => i.catalogId).filter((x): x is string => !!x)) : undefined;
    return computeCoverage(activeCrosswalk, evaluation, ids);
  }, [analysis, evaluation, activeCrosswalk]);
  const rows = React.useMemo(() => (coverage ? buildRows(coverage.items, analysis?.detection ?? null) : []), [coverage, analysis]);
  const onSelect = React.useCallback(
    (row: ItemRow) => {
      const sheet = analysis?.detection?.sheet;
      if (sheet && row.detected) void addin.select(sheet, row.detected.answer.row, row.detected.answer.col);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [analysis, addin.select],
  );

  const working = addin.busy !== null && addin.busy !== "select";
  // (the actions also wait for the bundled crosswalk: it arrives just after the first paint)
  const busy = working || !ctx;
  // SHA-256 of the active crosswalk: useAddin computes it (with the use cases' code) when the marks carry a hash.
  // (of this crosswalk: another one loaded since gets its hash with the read that follows)
  const activeHash = activeCrosswalk && addin.activeCrosswalkHash?.crosswalk === activeCrosswalk ? addin.activeCrosswalkHash.hash : null;
  const mismatch = !activeCrosswalk
    ? null
    : crosswalkMismatch(addin.appliedCrosswalkVersion, activeCrosswalk.crosswalkVersion) ??
    (addin.appliedCrosswalkHash && activeHash && addin.appliedCrosswalkHash !== activeHash
      ? {
          stored: `${addin.appliedCrosswalkVersion ?? ""} (#${addin.appliedCrosswalkHash.slice(0, 8)})`,
          active: `${activeCrosswalk.crosswalkVersion} (#${activeHash.slice(0, 8)})`,
        }
      : null);
  const abCount = coverage ? coverage.summary.A + coverage.summary.B : 0;
  // (one list per language and set of tabs: the memoized strip does not re-render on every keystroke in the form)
  const tabStripTabs = React.useMemo(
    () =>
      orderTabs([
        { value: "cert", label: S.tabCert },
        { value: "detect", label: S.tabDetect },
        { value: "items", label: S.tabItems },
        { value: "summary", label: S.tabSummary },
        ...(props.extraTabs ?? []).map((t) => ({ value: t.value, label: t.label })),
      ]).map((t) => ({ value: t.value, label: t.label[lang] })),
    [props.extraTabs, lang],
  );
  const extra = props.extraTabs?.find((t) => t.value === tab);

  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <div className={st.root} data-testid="app" data-workbook-read={addin.firstReadDone ? "done" : "pending"}>
        <header className={st.header}>
          <Text className={st.title} size={300}>
            {S.appTitle[lang]}
          </Text>
          <Button
            size="small"
            appearance="subtle"
            className={st.langButton}
            icon={<LocalLanguageRegular />}
            aria-label={`${S.switchLang[lang]}: ${S.switchLangLabel[lang]}`}
            data-testid="lang-toggle"
            onClick={() => setLang((l) => (l === "ja" ? "en" : "ja"))}
          >
            {S.switchLang[lang]}
          </Button>
        </header>
        {active?.source.kind === "file" && (
          <Text size={200} className={st.indicator} data-testid="crosswalk-indicator">
            {fmt(lang, S.cwIndicator, { name: active.source.name, version: active.crosswalk.crosswalkVersion })}
          </Text>
        )}

        <ActionBar
          lang={lang}
          busy={working}
          ready={!!ctx}
          progress={addin.progress}
          canClear={addin.marked || !!analysis?.record}
          onApply={onApplyClick}
          onClear={onClearClick}
          onReload={onReloadClick}
        />
        <ErrorMessage lang={lang} error={addin.error} onDismiss={() => addin.setError(null)} />
        <NoticeMessage lang={lang} notice={addin.notice} onDismiss={() => addin.setNotice(null)} />
        {analysis?.warnings
          .filter((w) => w.code.includes("version") || w.code === "read-degraded")
          .map((w, i) => (
            <MessageBar key={`${w.code}:${i}`} intent="warning" layout="multiline" data-testid={w.code === "read-degraded" ? "read-warning" : "version-warning"}>
              <MessageBarBody className="wrap-anywhere">{w.message[lang]}</MessageBarBody>
            </MessageBar>
          ))}

        <TabStrip
          className={st.tabs}
          tabs={tabStripTabs}
          selected={tab}
          onSelect={setTab}
          aria-label={S.tabsLabel[lang]}
          idOf={tabId}
        />

        <div className={st.panel} role="tabpanel" aria-labelledby={tabId(tab)} data-testid="tabpanel">
          <React.Suspense fallback={<PanelLoading lang={lang} />}>
          {tab === "cert" && !analysis?.record && !analysis?.certification && <FirstRun lang={lang} />}
          {tab === "cert" && (
            <CertificationForm
              lang={lang}
              form={form}
              errors={parsed.ok ? NO_ERRORS : parsed.errors}
              showErrorsFor={showAll ? "all" : touched}
              evaluation={evaluation}
              coveredCount={abCount}
              busy={busy}
              onChange={formCallbacks.onChange}
              onBlurField={formCallbacks.onBlurField}
              onImport={formCallbacks.onImport}
              onImportError={formCallbacks.onImportError}
              onCheck={formCallbacks.onCheck}
              onSave={formCallbacks.onSave}
            />
          )}
          {tab !== "cert" && !(ctx && active && coverage) && <PanelLoading lang={lang} />}
          {ctx && active && coverage && (
            <>
              {tab === "detect" && <CrosswalkMismatch lang={lang} mismatch={mismatch} />}
              {tab === "detect" && (
                <DetectionPanel
                  lang={lang}
                  analysis={analysis}
                  sheetChoice={addin.sheetChoice}
                  expected={ctx.crosswalk.entries.length}
                  marked={addin.marked}
                  busy={busy}
                  onSheetChange={(s) => {
                    addin.setSheetChoice(s);
                    void addin.analyze(s);
                  }}
                  onDetect={() => void addin.analyze()}
                />
              )}
              {tab === "items" && (
                <ItemList
                  lang={lang}
                  rows={rows}
                  filter={filter}
                  notice={ctx.crosswalk.notice}
                  importedName={active.source.kind === "file" ? active.source.name : null}
                  busy={busy}
                  onFilterChange={setFilter}
                  onSelect={onSelect}
                />
              )}
              {tab === "summary" && (
                <SummaryPanel lang={lang} summary={coverage.summary} crosswalk={ctx.crosswalk} hasCertification={!!shownCertification} />
              )}
              {tab === "summary" && (
                <CrosswalkPanel
                  lang={lang}
                  active={active}
                  failure={cwFailure}
                  mismatch={mismatch}
                  busy={busy || cwValidating}
                  validating={cwValidating}
                  onFile={onCrosswalkFile}
                  onReset={onCrosswalkReset}
                />
              )}
              {tab === "summary" && (
                <CrosswalkEditor
                  lang={lang}
                  crosswalk={ctx.crosswalk}
                  unknown={analysis?.detection?.unknown ?? []}
                  today={ctx.today}
                  busy={busy}
                  onEdited={(next, id) => {
                    const name = active.source.kind === "file" ? active.source.name : S.cwEditedName[lang];
                    const t = classTotals(next.entries);
                    const diff = (["A", "B", "C", "D"] as const).filter((c) => t[c] !== next.expectedTotals[c]);
                    const warnings: Localized[] = diff.length
                      ? [
                          {
                            ja: `分類ごとの件数が公表値と異なります: ${diff.map((c) => `${c} ${t[c]}件（公表値 ${next.expectedTotals[c]}）`).join("、")}`,
                            en: `Class totals differ from the expected totals: ${diff.map((c) => `${c} ${t[c]} (expected ${next.expectedTotals[c]})`).join(", ")}`,
                          },
                        ]
                      : [];
                    setImported({ crosswalk: next, source: { kind: "file", name }, warnings });
                    addin.setNotice({ intent: "success", text: localized(S.cwEdited, { id, version: next.crosswalkVersion }) });
                  }}
                  onSave={(c) => void downloadCrosswalk(c)}
                />
              )}
              {extra?.render({ lang, gateway, ctx: { ...ctx, lang }, analysis, busy, refresh: () => addin.analyze() })}
            </>
          )}
          </React.Suspense>
        </div>

        {addin.pendingClear && (
          <React.Suspense fallback={null}>
            <ClearDialog lang={lang} preview={addin.pendingClear} onConfirm={(force) => void addin.clear(force, true)} onCancel={addin.cancelClear} />
          </React.Suspense>
        )}
        <footer className={st.footer}>
          <Link href="selftest.html" data-testid="selftest-link">
            {FOOTER.selfTest[lang]}
          </Link>
          <Link href="support.html" data-testid="support-link">
            {FOOTER.support[lang]}
          </Link>
        </footer>
      </div>
    </FluentProvider>
  );
}

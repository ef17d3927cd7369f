/**
 * 審査 tab (reviewer): reviewer name, per-item status and comment (written to the visible 審査記録 sheet),
 * the current entries (stale reviews and history shown), bulk statuses with a preview, the consistency check (findings
 * select their row) and sign-off after a confirmation listing what is open, with its state. Live where the host has the
 * events (gateway.subscribe, feature-detected): a changed cell re-reads the workbook (sign-off "changed", the item's
 * review stale) and selecting a checksheet row picks its item.
 * Talks to the workbook only through the use cases and the WorkbookGateway port it gets by props.
 * (The resubmission diff is not in the pane: the CLI has `diff`.)
 */
import * as React from "react";
import { Button, Field, Input, ProgressBar, Radio, RadioGroup, Text, makeStyles, tokens } from "@fluentui/react-components";
import { CheckmarkRegular, ClipboardTaskListLtrRegular, SignatureRegular } from "@fluentui/react-icons";
import { fmt, S } from "../i18n-panels";
import { describeError } from "../../workbook/usecases-core";
import { ErrorMessage, NoticeMessage } from "../components/Messages";
import { answersFromDetection, REVIEW_SHEET_NAME, REVIEW_STATUS_LABELS, REVIEW_STATUSES, verifySignOff, type ReviewStatus } from "../../domain/review";
import { sheetLabelOf } from "../../domain/item-ref";
import type { BulkReviewOptions, BulkReviewPlan } from "../../domain/review-bulk";
import { openSummaryText, type OpenSummary } from "../../domain/signoff";
import type { Analysis, UseCaseContext } from "../../workbook/usecases";
import {
  applyBulkReview,
  checkConsistency,
  previewBulkReview,
  reviewEntriesOf,
  reviewStateOf,
  setReviews,
  signOff,
  type ConsistencyReport,
  type ReviewState,
} from "../../workbook/review-usecases";
import type { ExtraTabProps } from "../App";
import { Findings, ItemPicker, ReviewEntries, SignOffDialog, SignOffStatus, type PickerItem } from "../components/ReviewParts";
import { REVIEWER_STORAGE_KEY } from "../state/reviewer";
import { useTask } from "../state/useTask";
import { T } from "./strings";

// Fluent UI and the pane helpers come through the kit (see ../kit.ts): this module is lazy-loaded.

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "10px", minWidth: 0 },
  group: {
    display: "flex",
    flexDirection: "column",
    rowGap: "6px",
    minWidth: 0,
    paddingTop: "8px",
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  full: { width: "100%", minWidth: 0, boxSizing: "border-box", "& textarea": { minWidth: 0 }, "& input": { minWidth: 0 } },
  radios: { display: "flex", flexWrap: "wrap" },
  buttons: { display: "flex", flexWrap: "wrap", gap: "6px" },
  muted: { color: tokens.colorNeutralForeground3 },
});

type ReviewBusy = "save" | "check" | "signoff" | "bulk-preview" | "bulk-apply";

const BULK: BulkReviewOptions = { rule: { kind: "covered-clean" }, status: "confirmed" };

function stateOf(a: Analysis | null, ctx: UseCaseContext): ReviewState | null {
  if (!a?.detection?.ok || a.recordError) return null;
  try {
    return reviewStateOf(a, ctx);
  } catch {
    return null;
  }
}


function loadReviewer(): string {
  try {
    return globalThis.localStorage?.getItem(REVIEWER_STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
}

function storeReviewer(name: string) {
  try {
    globalThis.localStorage?.setItem(REVIEWER_STORAGE_KEY, name);
  } catch {
    // storage unavailable (private mode): the name is just not remembered
  }
}

function signOffOf(a: Analysis | null) {
  const so = a?.record?.signoff ?? null;
  if (!so || !a?.detection?.ok) return { signoff: so, check: null };
  return { signoff: so, check: verifySignOff(so, answersFromDetection(a.detection)) };
}

export default function ReviewTab(props: ExtraTabProps) {
  const { lang, gateway, analysis, refresh } = props;
  const st = useStyles();
  const task = useTask<ReviewBusy>(props.ctx);
  const busy = props.busy || task.busy !== null;

  const [reviewer, setReviewerState] = React.useState(loadReviewer);
  const setReviewer = (v: string) => {
    setReviewerState(v);
    storeReviewer(v);
  };

  const { entries, errors: sheetErrors } = React.useMemo(
    () => (analysis ? reviewEntriesOf(analysis) : { entries: [], errors: [] }),
    [analysis],
  );
  const [confirm, setConfirm] = React.useState<OpenSummary | null>(null);
  const [bulkPlan, setBulkPlan] = React.useState<BulkReviewPlan | null>(null);
  React.useEffect(() => setBulkPlan(null), [analysis]);

  const detection = analysis?.detection?.ok ? analysis.detection : null;
  const items: PickerItem[] = React.useMemo(() => {
    const onSheet = new Map((detection?.items ?? []).filter((d) => d.catalogId).map((d) => [d.catalogId!, d]));
    return props.ctx.crosswalk.entries.map((e) => {
      const d = onSheet.get(e.id);
      return { id: e.id, cls: e.class, summary: e.summary, ...(d ? { shown: sheetLabelOf(d), row: d.row } : {}) };
    });
  }, [props.ctx.crosswalk, detection]);
  const [selected, setSelected] = React.useState<string | null>(null);
  const [status, setStatus] = React.useState<ReviewStatus>("unreviewed");
  const [comment, setComment] = React.useState("");
  const pickItem = (id: string) => {
    setSelected(id);
    const e = entries.find((x) => x.itemId === id);
    setStatus(e?.status ?? "unreviewed");
    setComment(e?.comment ?? "");
  };

  // The newest read wins: the pane's analysis (after refresh) or the consistency check's.
  const [latest, setLatest] = React.useState<Analysis | null>(analysis);
  React.useEffect(() => setLatest(analysis), [analysis]);
  const [report, setReport] = React.useState<ConsistencyReport | null>(null);
  const so = React.useMemo(() => signOffOf(latest), [latest]);
  const review = React.useMemo(() => stateOf(latest, props.ctx), [latest, props.ctx]);
  const stale = React.useMemo(() => new Set(review?.open.items.filter((i) => i.kind === "stale").map((i) => i.itemId) ?? []), [review]);

  // --- live: follow worksheet changes and the selection (where the host has the events) -------------------
  const [live, setLive] = React.useState(false);
  const [changeTick, setChangeTick] = React.useState(0);
  const pendingRefresh = React.useRef(false);
  const onSelectionRef = React.useRef<(sheet: string, row: number) => void>(() => undefined);
  onSelectionRef.current = (sheet, row) => {
    const det = latest?.detection;
    if (!det?.ok || sheet !== det.sheet) return;
    const hit = det.items.find((d) => d.row === row && d.catalogId);
    if (hit && hit.catalogId !== selected) pickItem(hit.catalogId!);
  };
  React.useEffect(() => {
    if (!gateway.subscribe) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    gateway
      .subscribe({
        onChanged: () => {
          pendingRefresh.current = true;
          setChangeTick((t) => t + 1);
        },
        onSelection: (e) => onSelectionRef.current(e.sheet, e.cell.row),
      })
      .then((off) => {
        if (cancelled) off();
        else {
          stop = off;
          setLive(true);
        }
      })
      .catch(() => setLive(false));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [gateway]);
  React.useEffect(() => {
    if (!pendingRefresh.current || busy) return;
    pendingRefresh.current = false;
    void refresh();
  }, [changeTick, busy, refresh]);
  const reportErrors = report?.findings.filter((f) => f.severity === "error").length ?? 0;

  const onSave = async () => {
    if (!selected) {
      task.setError(T.reviewItemNone);
      return;
    }
    const out = await task.run("save", async (ctx) => {
      const r = await setReviews(gateway, ctx, [{ itemId: selected, status, comment }], reviewer);
      await refresh();
      return r;
    });
    if (out) {
      const vars = (l: "ja" | "en") => ({ id: selected, status: REVIEW_STATUS_LABELS[status][l], sheet: REVIEW_SHEET_NAME });
      // Hosts without notes (ExcelApi 1.18) and threaded comments (1.10): say where the comment went.
      const caps = analysis?.read.capabilities;
      const only = comment && caps && !caps.notes && !caps.comments;
      const tail = (l: "ja" | "en") => (only ? ` ${fmt(l, T.reviewSheetOnly, vars(l))}` : "");
      task.setNotice({
        intent: only ? "warning" : "success",
        text: { ja: fmt("ja", T.reviewSaved, vars("ja")) + tail("ja"), en: fmt("en", T.reviewSaved, vars("en")) + tail("en") },
      });
    }
  };

  const onCheck = async () => {
    const r = await task.run("check", (ctx) => checkConsistency(gateway, ctx));
    if (r) {
      setReport(r);
      setLatest(r.analysis);
    }
  };

  /** 承認: first show what is open (fresh read), then sign off on confirmation, recording it. */
  const onSignOff = async () => {
    if (!reviewer.trim()) {
      task.setError({ ja: "審査者名を入力してください。", en: "Enter the reviewer's name." });
      return;
    }
    const r = await task.run("check", (ctx) => checkConsistency(gateway, ctx));
    if (!r) return;
    setReport(r);
    setLatest(r.analysis);
    const st = stateOf(r.analysis, props.ctx);
    if (st) setConfirm(st.open);
    else task.setError(T.noAnalysis);
  };

  const onSignOffConfirmed = async () => {
    setConfirm(null);
    const out = await task.run("signoff", async (ctx) => {
      await signOff(gateway, ctx, reviewer, { allowOpen: true });
      const r = await checkConsistency(gateway, ctx);
      await refresh();
      return r;
    });
    if (out) {
      setReport(out);
      setLatest(out.analysis);
      const name = reviewer.trim();
      task.setNotice({ intent: "success", text: { ja: fmt("ja", T.signOffDone, { reviewer: name }), en: fmt("en", T.signOffDone, { reviewer: name }) } });
    }
  };

  const onBulkPreview = async () => {
    const r = await task.run("bulk-preview", (ctx) => previewBulkReview(gateway, ctx, BULK));
    if (r) setBulkPlan(r.plan);
  };

  const onBulkApply = async () => {
    const out = await task.run("bulk-apply", async (ctx) => {
      const r = await applyBulkReview(gateway, ctx, BULK, reviewer);
      await refresh();
      return r;
    });
    if (out) {
      const n = out.plan.changes.length;
      const vars = (l: "ja" | "en") => ({ n, status: REVIEW_STATUS_LABELS[BULK.status][l] });
      task.setNotice({ intent: "success", text: { ja: fmt("ja", T.bulkReviewDone, vars("ja")), en: fmt("en", T.bulkReviewDone, vars("en")) } });
    }
  };

  const onSelectRow = async (row: number) => {
    const det = (report?.analysis ?? analysis)?.detection;
    if (!det || !gateway.select) return;
    try {
      await gateway.select(det.sheet, { row, col: det.columns?.answer ?? 0 });
    } catch (e) {
      task.setError(describeError(e));
    }
  };

  if (!analysis) return <Text>{T.noAnalysis[lang]}</Text>;

  return (
    <section className={st.root} aria-label={T.reviewHeading[lang]} data-testid="review-tab">
      <Field label={T.reviewerName[lang]} required>
        <Input
          className={st.full}
          value={reviewer}
          placeholder={T.reviewerPlaceholder[lang]}
          onChange={(_, d) => setReviewer(d.value)}
          data-testid="reviewer-name"
        />
      </Field>

      {task.busy && (
        <Field validationMessage={task.progress ? task.progress.message[lang] : S.working[lang]} validationState="none" data-testid="review-progress">
          <ProgressBar value={task.progress ? task.progress.fraction : undefined} thickness="large" />
        </Field>
      )}
      <ErrorMessage lang={lang} error={task.error} onDismiss={() => task.setError(null)} testId="review-error" />
      <NoticeMessage lang={lang} notice={task.notice} onDismiss={() => task.setNotice(null)} testId="review-notice" />

      <div className={st.group}>
        <Field label={T.reviewItem[lang]}>
          <ItemPicker lang={lang} items={items} selected={selected} onSelect={pickItem} />
        </Field>
        <Field label={T.reviewStatus[lang]}>
          <RadioGroup
            className={st.radios}
            layout="horizontal"
            value={status}
            onChange={(_, d) => setStatus(d.value as ReviewStatus)}
            data-testid="review-status"
          >
            {REVIEW_STATUSES.map((s) => (
              <Radio key={s} value={s} label={REVIEW_STATUS_LABELS[s][lang]} data-testid={`review-status-${s}`} />
            ))}
          </RadioGroup>
        </Field>
        <Field label={T.reviewComment[lang]}>
          <Input className={st.full} value={comment} onChange={(_, d) => setComment(d.value)} data-testid="review-comment" />
        </Field>
        <div className={st.buttons}>
          <Button appearance="primary" icon={<CheckmarkRegular />} onClick={() => void onSave()} disabled={busy || !selected} data-testid="review-save">
            {T.reviewSave[lang]}
          </Button>
        </div>
      </div>

      <div className={st.group}>
        <Text weight="semibold">{fmt(lang, T.reviewEntries, { n: entries.length })}</Text>
        {sheetErrors.length > 0 && (
          <ErrorMessage
            lang={lang}
            testId="review-sheet-errors"
            error={{ ja: `${T.reviewSheetProblems.ja}: ${sheetErrors.map((e) => e.ja).join(" ")}`, en: `${T.reviewSheetProblems.en}: ${sheetErrors.map((e) => e.en).join(" ")}` }}
          />
        )}
        <ReviewEntries lang={lang} entries={entries} selected={selected} onPick={pickItem} stale={stale} />
      </div>

      <div className={st.group} data-testid="bulk-review">
        <Text weight="semibold">{T.bulkReviewHeading[lang]}</Text>
        <Text size={200}>{fmt(lang, T.bulkReviewRule, { status: REVIEW_STATUS_LABELS[BULK.status][lang] })}</Text>
        <div className={st.buttons}>
          <Button onClick={() => void onBulkPreview()} disabled={busy} data-testid="bulk-review-preview">
            {T.bulkReviewPreview[lang]}
          </Button>
          {bulkPlan && bulkPlan.changes.length > 0 && (
            <Button appearance="primary" onClick={() => void onBulkApply()} disabled={busy} data-testid="bulk-review-apply">
              {fmt(lang, T.bulkReviewApply, { n: bulkPlan.changes.length, status: REVIEW_STATUS_LABELS[BULK.status][lang] })}
            </Button>
          )}
        </div>
        {bulkPlan && (
          <Text size={200} data-testid="bulk-review-plan" data-changes={bulkPlan.changes.length} data-kept={bulkPlan.kept.length}>
            {bulkPlan.changes.length
              ? fmt(lang, T.bulkReviewCount, { n: bulkPlan.changes.length, kept: bulkPlan.kept.length })
              : T.bulkReviewNone[lang]}
            {bulkPlan.changes.length > 0 && ` ${bulkPlan.changes.slice(0, 8).map((c) => c.itemId).join(", ")}${bulkPlan.changes.length > 8 ? " …" : ""}`}
          </Text>
        )}
      </div>

      <div className={st.group}>
        <SignOffStatus lang={lang} signoff={so.signoff} check={so.check} />
        {review && (
          <Text size={200} data-testid="review-open" data-open={review.open.total}>
            {review.open.total
              ? fmt(lang, T.signOffOpenNow, { text: openSummaryText(review.open, lang) })
              : T.signOffNothingOpen[lang]}
          </Text>
        )}
        {live && (
          <Text size={200} className={st.muted} data-testid="review-live">
            {T.liveOn[lang]}
          </Text>
        )}
        <div className={st.buttons}>
          <Button icon={<ClipboardTaskListLtrRegular />} onClick={() => void onCheck()} disabled={busy} data-testid="consistency-check">
            {T.consistencyCheck[lang]}
          </Button>
          <Button appearance="primary" icon={<SignatureRegular />} onClick={() => void onSignOff()} disabled={busy} data-testid="signoff">
            {T.signOff[lang]}
          </Button>
        </div>
        {reportErrors > 0 && (
          <Text size={200} weight="semibold" data-testid="signoff-has-errors">
            {fmt(lang, T.signOffHasErrors, { n: reportErrors })}
          </Text>
        )}
        {report && <Findings lang={lang} findings={report.findings} busy={busy} onSelectRow={(r) => void onSelectRow(r)} />}
        <Text size={200} className={st.muted}>
          {T.diffNotInPane[lang]}
        </Text>
      </div>
      <SignOffDialog
        lang={lang}
        open={confirm}
        reviewer={reviewer.trim()}
        onConfirm={() => void onSignOffConfirmed()}
        onCancel={() => setConfirm(null)}
      />
    </section>
  );
}

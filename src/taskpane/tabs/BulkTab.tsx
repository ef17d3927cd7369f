/**
 * 一括入力 tab (applicant): preview → apply → undo of the bulk-mark, the remarks template,
 * the "yes" value, and the evidence references of the C/D items.
 * Talks to the workbook only through the use cases and the WorkbookGateway port it gets by props.
 */
import * as React from "react";
import { Button, Field, ProgressBar, Radio, RadioGroup, Input, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowUndoRegular, CheckmarkRegular, EyeRegular } from "@fluentui/react-icons";
import { fmt, S } from "../i18n-panels";
import { ClearDialog } from "../components/ClearDialog";
import { ErrorMessage, NoticeMessage } from "../components/Messages";
import { yesValueFromList } from "../../domain/answers";
import { DEFAULT_REMARKS_TEMPLATE, DEFAULT_REMARKS_TEMPLATE_EN, type BulkMarkPlan } from "../../domain/mark";
import type { KeptChange } from "../../domain/plan";
import type { EvidenceRef } from "../../domain/record";
import { adoptRemarkAsEvidence, evidenceStates, writeEvidenceToRemarks } from "../../workbook/evidence-usecases";
import { addEvidence, applyBulkMark, previewBulkMark, removeEvidence, undoBulkMark } from "../../workbook/review-usecases";
import type { ExtraTabProps } from "../App";
import { BulkPreview } from "../components/BulkPreview";
import { EvidencePanel, type EvidenceItem } from "../components/EvidencePanel";
import { TemplateLegend } from "../components/TemplateLegend";
import type { Lang } from "../i18n-panels";
import { useTask } from "../state/useTask";
import { T } from "./strings";

// Fluent UI and the pane helpers come through the kit (see ../kit.ts): this module is lazy-loaded.

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "10px", minWidth: 0 },
  intro: { color: tokens.colorNeutralForeground2 },
  buttons: { display: "flex", flexWrap: "wrap", gap: "6px" },
  full: { width: "100%", minWidth: 0, boxSizing: "border-box", "& textarea": { minWidth: 0 }, "& input": { minWidth: 0 } },
  templateHelp: { display: "flex", flexDirection: "column", alignItems: "flex-start", rowGap: "2px", minWidth: 0 },
  radios: { display: "flex", flexWrap: "wrap" },
  yes: { fontWeight: tokens.fontWeightSemibold },
});

type BulkBusy = "preview" | "apply" | "undo" | "evidence";

/** What each remarks placeholder stands for (shown next to it). */
const PLACEHOLDER_MEANING = {
  number: T.placeholderNumber,
  holder: T.placeholderHolder,
  class: T.placeholderClass,
  refs: T.placeholderRefs,
  kind: T.placeholderKind,
} as const;

export type BulkTabProps = ExtraTabProps;

function defaultTemplate(lang: Lang) {
  return lang === "en" ? DEFAULT_REMARKS_TEMPLATE_EN : DEFAULT_REMARKS_TEMPLATE;
}

export default function BulkTab(props: BulkTabProps) {
  const { lang, gateway, analysis, refresh } = props;
  const st = useStyles();
  const task = useTask<BulkBusy>(props.ctx);
  const busy = props.busy || task.busy !== null;

  // Remarks template: the one stored in the workbook, else the default; the user's edits win.
  const [template, setTemplateState] = React.useState<string | null>(null);
  const storedTemplate = analysis?.record?.remarksTemplate;
  const templateValue = template ?? storedTemplate ?? defaultTemplate(lang);

  // The "yes" value: from the sheet's dropdown when it has exactly one; otherwise the user's choice.
  const answerList = analysis?.detection?.answerList ?? null;
  const pick = React.useMemo(() => yesValueFromList(answerList), [answerList]);
  const needChoice = "error" in pick;
  const [yesChoice, setYesChoice] = React.useState("");
  const yesValue = needChoice ? yesChoice.trim() || undefined : undefined;

  const [plan, setPlan] = React.useState<BulkMarkPlan | null>(null);
  const [planKey, setPlanKey] = React.useState<string | null>(null);
  const key = JSON.stringify([templateValue, yesValue ?? null]);
  const stale = plan !== null && planKey !== key;
  const [pendingUndo, setPendingUndo] = React.useState<{ restored: number; kept: KeptChange[] } | null>(null);

  const hasBulk = !!analysis?.record?.layers.some((l) => l.kind === "bulk-mark");
  const opts = () => ({ remarksTemplate: templateValue, ...(yesValue !== undefined ? { yesValue } : {}) });

  const onPreview = async () => {
    const k = key;
    const out = await task.run("preview", (ctx) => previewBulkMark(gateway, ctx, opts()));
    if (out) {
      setPlan(out.plan);
      setPlanKey(k);
    }
  };

  const onApply = async () => {
    const out = await task.run("apply", async (ctx) => {
      const r = await applyBulkMark(gateway, ctx, opts());
      await refresh();
      return r;
    });
    if (out) {
      setPlan(null);
      setPlanKey(null);
      const skippedFor = (reason: string) => out.plan.skipped.filter((s) => s.reason === reason).map((s) => s.cell);
      const typed = skippedFor("typed-meanwhile");
      const withdrawn = skippedFor("remarks-withdrawn");
      const list = (l: Lang, cells: string[]) => cells.join(l === "ja" ? "、" : ", ");
      const typedNote = (l: Lang) =>
        (typed.length ? ` ${fmt(l, T.bulkTypedKept, { n: typed.length, cells: list(l, typed) })}` : "") +
        (withdrawn.length ? ` ${fmt(l, T.bulkRemarksWithdrawn, { n: withdrawn.length, cells: list(l, withdrawn) })}` : "");
      task.setNotice({
        intent: typed.length ? "warning" : "success",
        text: {
          ja: fmt("ja", T.bulkApplied, { answers: out.plan.summary.answersWritten, remarks: out.plan.summary.remarksWritten }) + typedNote("ja"),
          en: fmt("en", T.bulkApplied, { answers: out.plan.summary.answersWritten, remarks: out.plan.summary.remarksWritten }) + typedNote("en"),
        },
      });
    }
  };

  const onUndo = async (force: boolean, confirmed: boolean) => {
    setPendingUndo(null);
    const out = await task.run("undo", async (ctx) => {
      const r = await undoBulkMark(gateway, ctx, { force, dryRun: !confirmed });
      if (r.done) await refresh();
      return r;
    });
    if (!out) return;
    if (!out.done) {
      if (out.restored === 0 && out.kept.length === 0) task.setNotice({ intent: "info", text: T.bulkNothingToUndo });
      else setPendingUndo({ restored: out.restored, kept: out.kept });
      return;
    }
    setPlan(null);
    setPlanKey(null);
    task.setNotice(
      out.restored
        ? {
            intent: "success",
            text: {
              ja: fmt("ja", T.bulkUndone, { n: out.restored }) + (out.keptMessage ? ` ${out.keptMessage.ja}` : ""),
              en: fmt("en", T.bulkUndone, { n: out.restored }) + (out.keptMessage ? ` ${out.keptMessage.en}` : ""),
            },
          }
        : { intent: "info", text: T.bulkNothingToUndo },
    );
  };

  const onAddEvidence = async (itemId: string, ref: Omit<EvidenceRef, "addedAt">) => {
    const out = await task.run("evidence", async (ctx) => {
      const r = await addEvidence(gateway, ctx, itemId, ref);
      await refresh();
      return r;
    });
    if (out) {
      task.setNotice({
        intent: "success",
        text: { ja: fmt("ja", T.evidenceAdded, { id: itemId, doc: ref.document }), en: fmt("en", T.evidenceAdded, { id: itemId, doc: ref.document }) },
      });
    }
    return !!out;
  };

  const onRemoveEvidence = async (itemId: string, index: number) => {
    const out = await task.run("evidence", async (ctx) => {
      const r = await removeEvidence(gateway, ctx, itemId, index);
      await refresh();
      return r;
    });
    if (out) task.setNotice({ intent: "success", text: { ja: fmt("ja", T.evidenceRemoved, { id: itemId }), en: fmt("en", T.evidenceRemoved, { id: itemId }) } });
  };

  const onAdopt = async (itemId: string) => {
    const out = await task.run("evidence", async (ctx) => {
      const r = await adoptRemarkAsEvidence(gateway, ctx, itemId);
      await refresh();
      return r;
    });
    if (out) task.setNotice({ intent: "success", text: { ja: fmt("ja", T.evidenceAdopted, { id: itemId }), en: fmt("en", T.evidenceAdopted, { id: itemId }) } });
  };

  const onWriteRemarks = async () => {
    const out = await task.run("evidence", async (ctx) => {
      const r = await writeEvidenceToRemarks(gateway, ctx);
      if (r.written.length) await refresh();
      return r;
    });
    if (out) task.setNotice({ intent: out.written.length ? "success" : "info", text: out.message });
  };

  const evidenceItems: EvidenceItem[] = React.useMemo(() => {
    if (!analysis) return [];
    const rows = new Map((analysis.detection?.items ?? []).map((d) => [d.catalogId ?? d.id, d.row]));
    const refs = analysis.record?.evidence ?? {};
    const stated = new Map(evidenceStates(analysis).filter((s) => s.state === "stated-in-sheet").map((s) => [s.itemId, s.remark]));
    return analysis.coverage.items
      .filter((ic) => ic.class === "C" || ic.class === "D")
      .map((ic) => ({
        id: ic.id,
        cls: ic.class,
        row: rows.get(ic.id) ?? null,
        summary: ic.entry.summary,
        evidence: ic.entry.evidence ?? null,
        refs: refs[ic.id] ?? [],
        stated: stated.get(ic.id) ?? null,
      }));
  }, [analysis]);

  // The template's example: the first covered item (what its 備考 would read).
  const exampleEntry = React.useMemo(() => analysis?.coverage.items.find((ic) => ic.status === "covered")?.entry ?? null, [analysis]);

  if (!analysis) return <Text>{T.noAnalysis[lang]}</Text>;

  return (
    <section className={st.root} aria-label={T.bulkHeading[lang]} data-testid="bulk-tab">
      <Text weight="semibold">{T.bulkHeading[lang]}</Text>
      <Text size={200} className={st.intro}>
        {T.bulkIntro[lang]}
      </Text>

      {!analysis.certification && (
        <Text size={200} data-testid="bulk-needs-cert">
          {T.bulkNeedsCert[lang]}
        </Text>
      )}

      {/* The nine items that need evidence come first: they are what the applicant must still provide. */}
      <EvidencePanel
        lang={lang}
        items={evidenceItems}
        busy={busy}
        onAdd={onAddEvidence}
        onRemove={(id, i) => void onRemoveEvidence(id, i)}
        onAdopt={(id) => void onAdopt(id)}
        onWriteRemarks={() => void onWriteRemarks()}
      />

      <Field label={needChoice ? T.bulkYesChoose[lang] : T.bulkYesValue[lang]} hint={needChoice ? pick.error[lang] : undefined}>
        {needChoice ? (
          answerList && answerList.length > 0 ? (
            <RadioGroup
              className={st.radios}
              layout="horizontal"
              value={yesChoice}
              onChange={(_, d) => setYesChoice(d.value)}
              data-testid="bulk-yes-choice"
            >
              {[...new Set(answerList)].map((v) => (
                <Radio key={v} value={v} label={v} />
              ))}
            </RadioGroup>
          ) : (
            <Input
              className={st.full}
              value={yesChoice}
              placeholder={T.bulkYesPlaceholder[lang]}
              onChange={(_, d) => setYesChoice(d.value)}
              data-testid="bulk-yes-input"
            />
          )
        ) : (
          <Text data-testid="bulk-yes-value" className={st.yes}>
            {fmt(lang, T.bulkYesFromList, { value: pick.value })}
          </Text>
        )}
      </Field>

      <Field label={T.bulkTemplate[lang]}>
        <Input
          className={st.full}
          value={templateValue}
          onChange={(_, d) => setTemplateState(d.value)}
          data-testid="bulk-template"
        />
      </Field>
      <div className={st.templateHelp}>
        <TemplateLegend
          lang={lang}
          template={templateValue}
          meaning={PLACEHOLDER_MEANING}
          certification={analysis.certification ?? null}
          example={exampleEntry}
        />
        <Button size="small" appearance="transparent" onClick={() => setTemplateState(defaultTemplate(lang))} data-testid="bulk-template-reset">
          {T.bulkTemplateReset[lang]}
        </Button>
      </div>

      <div className={st.buttons}>
        <Button icon={<EyeRegular />} onClick={() => void onPreview()} disabled={busy} data-testid="bulk-preview">
          {plan ? T.bulkPreviewAgain[lang] : T.bulkPreview[lang]}
        </Button>
        <Button
          appearance="primary"
          icon={<CheckmarkRegular />}
          onClick={() => void onApply()}
          disabled={busy || !plan || stale || !plan.ok}
          data-testid="bulk-apply"
        >
          {T.bulkApply[lang]}
        </Button>
        <Button icon={<ArrowUndoRegular />} onClick={() => void onUndo(false, false)} disabled={busy || !hasBulk} data-testid="bulk-undo">
          {T.bulkUndo[lang]}
        </Button>
      </div>
      {task.busy && (
        <Field validationMessage={task.progress ? task.progress.message[lang] : S.working[lang]} validationState="none" data-testid="bulk-progress">
          <ProgressBar value={task.progress ? task.progress.fraction : undefined} thickness="large" />
        </Field>
      )}
      {hasBulk && !plan && (
        <Text size={200} data-testid="bulk-present">
          {T.bulkMarkedPresent[lang]}
        </Text>
      )}

      <ErrorMessage lang={lang} error={task.error} onDismiss={() => task.setError(null)} testId="bulk-error" />
      <NoticeMessage lang={lang} notice={task.notice} onDismiss={() => task.setNotice(null)} testId="bulk-notice" />

      {!plan && <Text size={200}>{T.bulkNoPreview[lang]}</Text>}
      {stale && (
        <Text size={200} weight="semibold" data-testid="bulk-stale">
          {T.bulkStale[lang]}
        </Text>
      )}
      {plan && <BulkPreview lang={lang} plan={plan} />}

      <ClearDialog
        lang={lang}
        preview={pendingUndo}
        title={T.bulkUndoTitle}
        confirmLabel={T.bulkUndoConfirm}
        testId="undo"
        onConfirm={(force) => void onUndo(force, true)}
        onCancel={() => setPendingUndo(null)}
      />
    </section>
  );
}

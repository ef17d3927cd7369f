/**
 * 一括入力 preview: contradictions first (never overwritten), then exactly which cells change
 * (cell, item, old → new), then the items left alone (already answered, skipped).
 */
import * as React from "react";
import { MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from "@fluentui/react-components";
import { fmt, S } from "../i18n-panels";
import type { BulkMarkPlan } from "../../domain/mark";
import type { CellValue } from "../../domain/types";
import type { Lang } from "../i18n-panels";
import { T } from "../tabs/strings";

// Lazy-loaded with the tabs: Fluent UI and the strings come through the kit (see ../kit.ts).

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "8px", minWidth: 0 },
  msgList: { margin: "4px 0 0 0", paddingLeft: "16px", overflowWrap: "anywhere" },
  counts: { display: "flex", flexDirection: "column", rowGap: "2px" },
  changes: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    maxHeight: "260px",
    overflowY: "auto",
    overflowX: "hidden",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  change: {
    padding: "3px 6px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  head: { display: "flex", flexWrap: "wrap", columnGap: "6px", alignItems: "baseline" },
  cell: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  id: { fontFamily: tokens.fontFamilyMonospace },
  kind: { color: tokens.colorNeutralForeground3 },
  value: { display: "block", color: tokens.colorNeutralForeground2 },
  details: { overflowWrap: "anywhere" },
  summary: { cursor: "pointer", fontWeight: tokens.fontWeightSemibold, padding: "2px 0" },
  plain: { margin: "4px 0 0 0", paddingLeft: "16px", fontSize: tokens.fontSizeBase200, maxHeight: "200px", overflowY: "auto" },
});

/** Cell value for display: 「…」, or （空） when empty; long texts shortened. */
export function shownValue(lang: Lang, v: CellValue | undefined, max = 60): string {
  if (v === null || v === undefined || v === "") return S.empty[lang];
  const s = String(v);
  return `「${s.length > max ? `${s.slice(0, max)}…` : s}」`;
}

export function BulkPreview(props: { lang: Lang; plan: BulkMarkPlan }) {
  const { lang, plan } = props;
  const st = useStyles();
  const cells = plan.preview.length;
  return (
    <section className={st.root} data-testid="bulk-plan" data-ok={plan.ok ? "true" : "false"}>
      {plan.contradictions.length > 0 && (
        <MessageBar intent="error" layout="multiline" data-testid="bulk-contradictions">
          <MessageBarBody>
            <MessageBarTitle>{fmt(lang, T.bulkContradictionsTitle, { n: plan.contradictions.length })}</MessageBarTitle>
            <span className="wrap-anywhere">{T.bulkContradictionsBody[lang]}</span>
            <ul className={st.msgList}>
              {plan.contradictions.map((c) => (
                <li key={c.cell} data-testid="bulk-contradiction" data-cell={c.cell} data-id={c.itemId}>
                  <span className={st.cell}>{c.cell}</span> <span className={st.id}>{c.itemId}</span> {shownValue(lang, c.value)}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}

      {plan.blocked.length > 0 && (
        <MessageBar intent="error" layout="multiline" data-testid="bulk-blocked">
          <MessageBarBody>
            <MessageBarTitle>{T.bulkBlocked[lang]}</MessageBarTitle>
            <ul className={st.msgList}>
              {plan.blocked.map((b, i) => (
                <li key={i}>{b[lang]}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}

      {plan.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="bulk-warnings">
          <MessageBarBody>
            <MessageBarTitle>{T.bulkWarnings[lang]}</MessageBarTitle>
            <ul className={st.msgList}>
              {plan.warnings.map((w, i) => (
                <li key={i}>{w[lang]}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}

      <div className={st.counts} data-testid="bulk-counts">
        <Text weight="semibold">
          {fmt(lang, T.bulkCounts, { answers: plan.summary.answersWritten, remarks: plan.summary.remarksWritten, cells })}
        </Text>
        <Text size={200}>
          {fmt(lang, T.bulkCountsOther, {
            conflicts: plan.summary.conflicts,
            contradictions: plan.summary.contradictions,
            skipped: plan.summary.skipped,
            excluded: plan.summary.excluded,
          })}
        </Text>
      </div>

      {plan.blocked.length === 0 && (
        <div>
          <Text weight="semibold" size={200} block>
            {fmt(lang, T.bulkChanges, { n: cells })}
          </Text>
          {cells === 0 ? (
            <Text size={200}>{T.bulkNoChanges[lang]}</Text>
          ) : (
            <ul className={st.changes} data-testid="bulk-changes" tabIndex={0} aria-label={fmt(lang, T.bulkChanges, { n: cells })}>
              {plan.preview.map((p) => (
                <li key={p.cell} className={st.change} data-testid="bulk-change" data-cell={p.cell} data-id={p.itemId} data-kind={p.kind}>
                  <span className={st.head}>
                    <span className={st.cell}>{p.cell}</span>
                    <span className={st.id}>{p.itemId}</span>
                    <span className={st.kind}>{p.kind === "answer" ? T.bulkKindAnswer[lang] : T.bulkKindRemarks[lang]}</span>
                  </span>
                  <span className={st.value}>
                    {shownValue(lang, p.oldValue)} → {shownValue(lang, p.newValue)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {plan.conflicts.length > 0 && (
        <details className={st.details} data-testid="bulk-conflicts">
          <summary className={st.summary}>{fmt(lang, T.bulkConflicts, { n: plan.conflicts.length })}</summary>
          <ul className={st.plain}>
            {plan.conflicts.map((c) => (
              <li key={c.cell} data-cell={c.cell} data-id={c.itemId}>
                <span className={st.id}>{c.itemId}</span>: {c.message[lang]}
              </li>
            ))}
          </ul>
        </details>
      )}

      {plan.skipped.length > 0 && (
        <details className={st.details} data-testid="bulk-skipped" open>
          <summary className={st.summary}>{fmt(lang, T.bulkSkipped, { n: plan.skipped.length })}</summary>
          <ul className={st.plain}>
            {plan.skipped.map((s) => (
              <li key={`${s.cell}:${s.reason}`} data-cell={s.cell} data-id={s.itemId} data-reason={s.reason}>
                <span className={st.id}>{s.itemId}</span>: {s.message[lang]}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

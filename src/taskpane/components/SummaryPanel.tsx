/**
 * 概要 tab: counts, a small CSS bar chart (A/B/C/D; covered vs needs evidence) and the colour legend.
 * The active crosswalk (versions, source, notice) follows in CrosswalkPanel.
 */
import * as React from "react";
import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { COLORS } from "../../domain/plan";
import { ITEM_CLASSES, type CoverageSummary, type Crosswalk, type Localized } from "../../domain/types";
import { CLASS_LABELS } from "../../domain/coverage";
import { fmt, S, type Lang } from "../i18n-panels";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "12px", minWidth: 0 },
  counts: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(64px, 1fr))", gap: "6px" },
  count: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "4px 6px",
    display: "flex",
    flexDirection: "column",
    minWidth: 0,
  },
  num: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  h: { fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: tokens.fontSizeBase300 },
  bars: { display: "flex", flexDirection: "column", rowGap: "4px" },
  barRow: { display: "grid", gridTemplateColumns: "minmax(0, 1fr) 36px", columnGap: "6px", alignItems: "center" },
  barLabel: { gridColumn: "1 / span 2", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  track: { height: "14px", backgroundColor: tokens.colorNeutralBackground3, borderRadius: "2px", overflow: "hidden" },
  fill: { height: "100%", border: `1px solid ${tokens.colorNeutralStroke1}`, boxSizing: "border-box" },
  stack: { display: "flex", height: "18px", borderRadius: "2px", overflow: "hidden", border: `1px solid ${tokens.colorNeutralStroke1}` },
  value: { textAlign: "right", fontVariantNumeric: "tabular-nums" },
  legend: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: "3px" },
  legendItem: { display: "flex", alignItems: "center", columnGap: "6px" },
  swatch: { width: "14px", height: "14px", flex: "0 0 auto", border: `1px solid ${tokens.colorNeutralStroke1}` },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function Legend(props: { lang: Lang }) {
  const { lang } = props;
  const st = useStyles();
  const items: [string, Localized][] = [
    [COLORS.A, S.legendA],
    [COLORS.B, S.legendB],
    [COLORS.C, S.legendEvidence],
    [COLORS.D, S.legendD],
    [COLORS.contradiction, S.legendContradiction],
    [COLORS.notCovered, S.legendNotCovered],
    [COLORS.unverified, S.legendUnverified],
  ];
  return (
    <ul className={st.legend} aria-label={S.legend[lang]} data-testid="legend">
      {items.map(([color, label]) => (
        <li key={color} className={st.legendItem}>
          <span className={st.swatch} style={{ backgroundColor: color }} aria-hidden />
          <Text size={200}>{label[lang]}</Text>
        </li>
      ))}
    </ul>
  );
}

export interface SummaryPanelProps {
  lang: Lang;
  summary: CoverageSummary;
  crosswalk: Crosswalk;
  hasCertification: boolean;
}

export function SummaryPanel(props: SummaryPanelProps) {
  const { lang, summary, crosswalk } = props;
  const st = useStyles();
  const max = Math.max(1, ...ITEM_CLASSES.map((c) => summary[c]));
  const total = Math.max(1, summary.total);
  const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(2)}%`;
  const classColor = (c: string) => (c === "A" ? COLORS.A : c === "B" ? COLORS.B : c === "D" ? COLORS.D : COLORS.C);

  return (
    <section className={st.root} aria-label={S.summaryHeading[lang]}>
      <div className={st.counts} data-testid="summary-counts">
        <div className={st.count} style={{ backgroundColor: COLORS.B }}>
          <Text size={200}>{S.covered[lang]}</Text>
          <span className={st.num} data-testid="count-covered">
            {summary.covered}
          </span>
        </div>
        <div className={st.count} style={{ backgroundColor: COLORS.evidence }}>
          <Text size={200}>{S.needsEvidence[lang]}</Text>
          <span className={st.num} data-testid="count-needs-evidence">
            {summary.needsEvidence}
          </span>
        </div>
        <div className={st.count}>
          <Text size={200}>{S.notCovered[lang]}</Text>
          <span className={st.num} data-testid="count-not-covered">
            {summary.notCovered}
          </span>
        </div>
        <div className={st.count}>
          <Text size={200}>{S.total[lang]}</Text>
          <span className={st.num} data-testid="count-total">
            {summary.total}
          </span>
        </div>
      </div>

      {!props.hasCertification && (
        <Text size={200} className={st.muted}>
          {S.noCertYet[lang]}
        </Text>
      )}

      <h3 className={st.h}>{S.byClass[lang]}</h3>
      <div className={st.bars} role="list" data-testid="class-bars">
        {ITEM_CLASSES.map((c) => (
          <div key={c} className={st.barRow} role="listitem" data-class={c} data-count={summary[c]}>
            <span className={st.barLabel}>{CLASS_LABELS[c][lang]}</span>
            <div className={st.track}>
              <div className={st.fill} style={{ width: pct(summary[c], max), backgroundColor: classColor(c) }} />
            </div>
            <span className={st.value}>{summary[c]}</span>
          </div>
        ))}
      </div>
      <Text size={200} className={st.muted}>
        {fmt(lang, S.expectedTotals, crosswalk.expectedTotals)}
      </Text>

      <h3 className={st.h}>{S.coverageBar[lang]}</h3>
      <div
        className={st.stack}
        role="img"
        aria-label={`${S.covered[lang]} ${summary.covered}, ${S.needsEvidence[lang]} ${summary.needsEvidence}, ${S.notCovered[lang]} ${summary.notCovered}`}
        data-testid="coverage-bar"
      >
        <div style={{ width: pct(summary.covered, total), backgroundColor: COLORS.B }} title={`${S.covered[lang]} ${summary.covered}`} />
        <div style={{ width: pct(summary.needsEvidence, total), backgroundColor: COLORS.evidence }} title={`${S.needsEvidence[lang]} ${summary.needsEvidence}`} />
        <div style={{ width: pct(summary.notCovered, total), backgroundColor: COLORS.notCovered }} title={`${S.notCovered[lang]} ${summary.notCovered}`} />
      </div>
      <Text size={200} data-testid="coverage-caption">
        {S.covered[lang]} {summary.covered} · {S.needsEvidence[lang]} {summary.needsEvidence} · {S.notCovered[lang]} {summary.notCovered}
      </Text>

      <h3 className={st.h}>{S.legend[lang]}</h3>
      <Legend lang={lang} />
    </section>
  );
}

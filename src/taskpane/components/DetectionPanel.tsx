/**
 * 検出 tab: the sheet choice and what layout detection found.
 */
import * as React from "react";
import {
  Badge,
  Button,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { SearchRegular } from "@fluentui/react-icons";
import type { Localized } from "../../domain/types";
import type { SheetInfo } from "../../workbook/gateway";
import type { Analysis } from "../../workbook/usecases";
import { isVerified } from "../../domain/verify";
import { colName } from "../format";
import { fmt, S, type Lang } from "../i18n-panels";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "10px", minWidth: 0 },
  pick: { display: "flex", alignItems: "flex-end", columnGap: "6px" },
  grow: { flex: "1 1 auto", minWidth: 0 },
  dropdown: {
    minWidth: 0,
    width: "100%",
    "& .fui-Dropdown__button": { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" },
  },
  dl: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: "10px",
    rowGap: "4px",
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: "anywhere" },
  details: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: "4px 8px" },
  summary: { cursor: "pointer", fontWeight: tokens.fontWeightSemibold },
  list: { margin: "4px 0", paddingLeft: "18px", maxHeight: "180px", overflowY: "auto", overflowWrap: "anywhere" },
  pair: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)",
    columnGap: "8px",
    padding: "4px 0",
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    overflowWrap: "anywhere",
  },
});

/** Sheets the user can pick: visible, and not the add-in's own. */
export function pickableSheets(sheets: SheetInfo[]): SheetInfo[] {
  return sheets.filter((s) => s.visibility === "visible" && s.name !== "審査記録");
}

export interface DetectionPanelProps {
  lang: Lang;
  analysis: Analysis | null;
  sheetChoice: string | null;
  expected: number;
  marked: boolean;
  busy: boolean;
  onSheetChange(sheet: string | null): void;
  onDetect(): void;
}

export function DetectionPanel(props: DetectionPanelProps) {
  const { lang, analysis, sheetChoice, expected, busy } = props;
  const st = useStyles();
  const AUTO = "\u0000auto";
  const sheets = analysis ? pickableSheets(analysis.read.sheets) : [];
  const det = analysis?.detection ?? null;
  const errors: Localized[] = [
    ...(analysis?.recordError ? [analysis.recordError] : []),
    ...(analysis?.errors ?? []),
    ...(det?.errors ?? []),
  ];
  const selectedLabel = sheetChoice ?? S.sheetAuto[lang];

  return (
    <section className={st.root} aria-label={S.detectHeading[lang]}>
      <div className={st.pick}>
        <Field label={S.sheetLabel[lang]} className={st.grow}>
          <Dropdown
            className={st.dropdown}
            data-testid="sheet-dropdown"
            value={selectedLabel}
            selectedOptions={[sheetChoice ?? AUTO]}
            onOptionSelect={(_, d) => props.onSheetChange(d.optionValue === AUTO || !d.optionValue ? null : d.optionValue)}
          >
            <Option value={AUTO}>{S.sheetAuto[lang]}</Option>
            {sheets.map((s) => (
              <Option key={s.name} value={s.name}>
                {s.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Button icon={<SearchRegular />} onClick={props.onDetect} disabled={busy}>
          {S.detect[lang]}
        </Button>
      </div>

      {!analysis && <Text>{busy ? S.loading[lang] : S.noDetection[lang]}</Text>}

      {det && (
        <MessageBar intent={det.ok ? "success" : "error"} layout="multiline" data-testid="detect-status">
          <MessageBarBody>
            <MessageBarTitle>{det.ok ? S.detOk[lang] : S.detNotOk[lang]}</MessageBarTitle>
          </MessageBarBody>
        </MessageBar>
      )}

      {errors.length > 0 && (
        <MessageBar intent="error" layout="multiline" data-testid="detect-errors">
          <MessageBarBody>
            {errors.map((e, i) => (
              <div key={i} className="wrap-anywhere">
                {e[lang]}
              </div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}

      {props.marked && (
        <Badge appearance="tint" color="informative" style={{ alignSelf: "flex-start", whiteSpace: "normal", height: "auto" }}>
          {S.marksPresent[lang]}
        </Badge>
      )}

      {det && (
        <dl className={st.dl} data-testid="detect-facts">
          <dt className={st.dt}>{S.detSheet[lang]}</dt>
          <dd className={st.dd} data-testid="detect-sheet">
            {det.sheet}
          </dd>
          {det.columns && (
            <>
              <dt className={st.dt}>{S.detColumns[lang]}</dt>
              <dd className={st.dd} data-testid="detect-columns">
                {S.colId[lang]} {det.columns.id.map(colName).join("+")}
                {det.columns.text !== null ? ` · ${S.colText[lang]} ${colName(det.columns.text)}` : ""}
                {` · ${S.colAnswer[lang]} ${colName(det.columns.answer)}`}
                {det.columns.remarks !== null ? ` · ${S.colRemarks[lang]} ${colName(det.columns.remarks)}` : ""}
              </dd>
            </>
          )}
          {det.headerRow !== null && (
            <>
              <dt className={st.dt}>{S.detHeaderRow[lang]}</dt>
              <dd className={st.dd}>{det.headerRow + 1}</dd>
            </>
          )}
          <dt className={st.dt}>{S.detFound[lang]}</dt>
          <dd className={st.dd} data-testid="detect-found">
            {det.items.length} / {expected}
          </dd>
          <dt className={st.dt}>{S.detConfidence[lang]}</dt>
          <dd className={st.dd}>{Math.round(det.confidence * 100)}%</dd>
          {det.answerList && det.answerList.length > 0 && (
            <>
              <dt className={st.dt}>{S.answerList[lang]}</dt>
              <dd className={st.dd}>{det.answerList.join(" / ")}</dd>
            </>
          )}
        </dl>
      )}

      {analysis && analysis.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="detect-warnings">
          <MessageBarBody>
            <MessageBarTitle>{S.detWarnings[lang]}</MessageBarTitle>
            {analysis.warnings.map((w) => (
              <div key={w.code} className="wrap-anywhere" data-code={w.code}>
                {w.message[lang]}
              </div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      {isVerified(det) && det.unverified.length > 0 && (
        <details className={st.details} data-testid="detect-unverified" open>
          <summary className={st.summary}>{fmt(lang, S.detUnverified, { n: det.unverified.length })}</summary>
          {det.unverified.map((u) => (
            <div key={u.row} className={st.pair} data-id={u.content.numberedId} data-row={u.row + 1}>
              <div>
                <Text size={200} className={st.dt}>
                  {S.detSheetText[lang]} ({fmt(lang, S.detRow, { n: u.row + 1 })})
                </Text>
                <div data-testid="unverified-sheet">{u.text}</div>
              </div>
              <div>
                <Text size={200} className={st.dt}>
                  {fmt(lang, S.detCatalogText, { id: u.content.numberedId })}
                  {u.content.numberedSimilarity !== null ? ` · ${fmt(lang, S.detSimilarity, { s: u.content.numberedSimilarity.toFixed(2) })}` : ""}
                </Text>
                <div data-testid="unverified-catalog">{u.content.numberedSummary?.[lang] ?? ""}</div>
                {u.content.proposal && (
                  <Text size={200}>{fmt(lang, S.detProposal, { id: u.content.proposal.id, s: u.content.proposal.similarity.toFixed(2) })}</Text>
                )}
              </div>
            </div>
          ))}
        </details>
      )}
      {det && det.missing.length > 0 && (
        <details className={st.details} data-testid="detect-missing">
          <summary className={st.summary}>{fmt(lang, S.detMissing, { n: det.missing.length })}</summary>
          <ul className={st.list}>
            {det.missing.map((id) => (
              <li key={id}>{id}</li>
            ))}
          </ul>
        </details>
      )}
      {det && det.unknown.length > 0 && (
        <details className={st.details} data-testid="detect-unknown">
          <summary className={st.summary}>{fmt(lang, S.detUnknown, { n: det.unknown.length })}</summary>
          <ul className={st.list}>
            {det.unknown.map((u) => (
              <li key={`${u.row}:${u.id}`}>
                {u.rawId} ({fmt(lang, S.detRow, { n: u.row + 1 })}){u.text ? ` ${u.text}` : ""}
              </li>
            ))}
          </ul>
        </details>
      )}
      {det && det.duplicates.length > 0 && (
        <details className={st.details} data-testid="detect-duplicates" open>
          <summary className={st.summary}>{fmt(lang, S.detDuplicates, { n: det.duplicates.length })}</summary>
          <ul className={st.list}>
            {det.duplicates.map((d) => (
              <li key={d.id}>
                {d.id}: {fmt(lang, S.detRows, { rows: d.rows.map((r) => r + 1).join(", ") })}
              </li>
            ))}
          </ul>
        </details>
      )}
      {det && det.notes.length > 0 && (
        <ul className={st.list}>
          {det.notes.map((n, i) => (
            <li key={i}>{n[lang]}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

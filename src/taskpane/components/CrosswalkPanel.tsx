/**
 * 概要 tab, 対応表 section: which crosswalk is active (version, checksheet / checklist versions, bundled or the
 * loaded file), its notice (always visible: data honesty), its warnings, and the controls to load another
 * crosswalk file or go back to the bundled one. Also the warning shown when the workbook was annotated with another
 * crosswalk version. State comes in by props (App holds the active crosswalk).
 */
import * as React from "react";
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowUndoRegular } from "@fluentui/react-icons";
import type { Localized } from "../../domain/types";
import { fmt, S, type Lang } from "../i18n-panels";
import type { ActiveCrosswalk, CrosswalkLoadFailure } from "../state/crosswalk";
import { JsonFileButton } from "./JsonFileButton";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "8px", minWidth: 0 },
  h: { fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: tokens.fontSizeBase300 },
  dl: { display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", columnGap: "10px", rowGap: "4px", margin: 0 },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: "anywhere" },
  buttons: { display: "flex", flexWrap: "wrap", gap: "6px" },
  button: { maxWidth: "100%", whiteSpace: "normal", height: "auto" },
  list: { margin: "4px 0 0 0", paddingLeft: "18px", overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
});

export { crosswalkMismatch } from "../state/crosswalk-mismatch";

export function CrosswalkMismatch(props: { lang: Lang; mismatch: { stored: string; active: string } | null }) {
  if (!props.mismatch) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="crosswalk-mismatch">
      <MessageBarBody>
        <span className="wrap-anywhere">{fmt(props.lang, S.cwMismatch, props.mismatch)}</span>
      </MessageBarBody>
    </MessageBar>
  );
}

export interface CrosswalkPanelProps {
  lang: Lang;
  active: ActiveCrosswalk;
  /** The last failed load (errors name entry and field), until the next load or reset. */
  failure: CrosswalkLoadFailure | null;
  mismatch: { stored: string; active: string } | null;
  /** A load is running (validator chunk, parsing) or the workbook is busy. */
  busy: boolean;
  validating: boolean;
  onFile(file: File): void;
  onReset(): void;
}

export function CrosswalkPanel(props: CrosswalkPanelProps) {
  const { lang, active, failure, busy } = props;
  const cw = active.crosswalk;
  const st = useStyles();
  const sourceText =
    active.source.kind === "bundled" ? S.cwSourceBundled[lang] : fmt(lang, S.cwSourceFile, { name: active.source.name });
  const notice: Localized = cw.notice;

  return (
    <section className={st.root} aria-label={S.cwHeading[lang]} data-testid="crosswalk-panel" data-source={active.source.kind}>
      <h3 className={st.h}>{S.cwHeading[lang]}</h3>

      <CrosswalkMismatch lang={lang} mismatch={props.mismatch} />

      <dl className={st.dl} data-testid="crosswalk-facts">
        <dt className={st.dt}>{S.cwSource[lang]}</dt>
        <dd className={st.dd} data-testid="crosswalk-source">
          {sourceText}
        </dd>
        <dt className={st.dt}>{S.cwVersion[lang]}</dt>
        <dd className={st.dd} data-testid="crosswalk-version">
          {cw.crosswalkVersion}
        </dd>
        <dt className={st.dt}>{S.cwChecksheet[lang]}</dt>
        <dd className={st.dd} data-testid="crosswalk-checksheet">
          {cw.checksheet.version}
        </dd>
        <dt className={st.dt}>{S.cwChecklist[lang]}</dt>
        <dd className={st.dd} data-testid="crosswalk-checklist">
          {cw.checklist.version}
        </dd>
        <dt className={st.dt}>{S.cwItemCount[lang]}</dt>
        <dd className={st.dd}>{cw.entries.length}</dd>
      </dl>

      {active.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline" data-testid="crosswalk-warnings">
          <MessageBarBody>
            <MessageBarTitle>{S.cwWarningsTitle[lang]}</MessageBarTitle>
            {active.warnings.map((w, i) => (
              <div key={i} className="wrap-anywhere">
                {w[lang]}
              </div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}

      <MessageBar intent="info" layout="multiline" data-testid="crosswalk-notice">
        <MessageBarBody>
          <MessageBarTitle>{S.cwNotice[lang]}</MessageBarTitle>
          <div className="wrap-anywhere">{notice[lang]}</div>
        </MessageBarBody>
      </MessageBar>

      {failure && (
        <MessageBar intent="error" layout="multiline" data-testid="crosswalk-errors">
          <MessageBarBody>
            <div className="wrap-anywhere">{failure.head[lang]}</div>
            {failure.errors.length > 0 && (
              <ul className={st.list}>
                {failure.errors.map((e, i) => (
                  <li key={i} data-path={e.path}>
                    {e.message[lang]}
                  </li>
                ))}
                {failure.total > failure.errors.length && (
                  <li>{fmt(lang, S.cwMoreErrors, { n: failure.total - failure.errors.length })}</li>
                )}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}

      <div className={st.buttons}>
        <JsonFileButton
          className={st.button}
          label={S.cwImport[lang]}
          title={S.cwImportHint[lang]}
          disabled={busy}
          inputTestId="crosswalk-file"
          buttonTestId="crosswalk-import"
          onFile={props.onFile}
        />
        {active.source.kind === "file" && (
          <Button className={st.button} icon={<ArrowUndoRegular />} disabled={busy} data-testid="crosswalk-reset" onClick={props.onReset}>
            {S.cwReset[lang]}
          </Button>
        )}
      </div>
      <Text size={200} className={st.muted}>
        {props.validating ? S.cwValidating[lang] : S.cwImportHint[lang]}
      </Text>
    </section>
  );
}

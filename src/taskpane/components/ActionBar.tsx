/**
 * Apply / Clear / Reload, with the progress of the running action.
 */
import * as React from "react";
import { Button, Text, makeStyles } from "@fluentui/react-components";
import { ArrowClockwiseRegular, EraserRegular, PaintBucketRegular } from "@fluentui/react-icons";
import type { Progress } from "../../workbook/usecases";
import { S, type Lang } from "../i18n";

const BusyProgress = React.lazy(() => import(/* webpackChunkName: "progress" */ "./BusyProgress"));

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "6px" },
  buttons: { display: "flex", flexWrap: "wrap", gap: "6px" },
});

export interface ActionBarProps {
  lang: Lang;
  busy: boolean;
  /** false while the pane cannot act yet (the bundled crosswalk is loading): buttons disabled, no progress shown */
  ready?: boolean;
  progress: Progress | null;
  canClear: boolean;
  onApply(): void;
  onClear(): void;
  onReload(): void;
}

export const ActionBar = React.memo(function ActionBar(props: ActionBarProps) {
  const { lang, busy, progress } = props;
  const off = busy || props.ready === false;
  const st = useStyles();
  return (
    <div className={st.root}>
      <div className={st.buttons}>
        <Button appearance="primary" icon={<PaintBucketRegular />} onClick={props.onApply} disabled={off} title={S.applyHint[lang]} data-testid="apply">
          {S.apply[lang]}
        </Button>
        <Button icon={<EraserRegular />} onClick={props.onClear} disabled={off || !props.canClear} title={S.clearHint[lang]} data-testid="clear">
          {S.clear[lang]}
        </Button>
        {/* title, like the buttons beside it (Fluent's Tooltip would bring its positioning code into first-load) */}
        <Button
          icon={<ArrowClockwiseRegular />}
          onClick={props.onReload}
          disabled={off}
          aria-label={S.reload[lang]}
          title={S.reloadHint[lang]}
          data-testid="reload"
        />
      </div>
      {busy && (
        <React.Suspense
          fallback={
            <Text size={200} data-testid="progress">
              {progress ? progress.message[lang] : S.working[lang]}
            </Text>
          }
        >
          <BusyProgress message={progress ? progress.message[lang] : S.working[lang]} fraction={progress ? progress.fraction : undefined} />
        </React.Suspense>
      )}
    </div>
  );
});

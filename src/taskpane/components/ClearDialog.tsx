/**
 * Confirmation before a clear (or an undo of the bulk-mark): says how many cells go back to how they were before the
 * add-in, and which of the user's changes since are kept (answers typed, add-in cells edited or recoloured). The user
 * can keep them (default) or put the originals back over them. It also names the summary sheet the clear deletes, or
 * says why it stays (the user's own content is on it; the forced clear deletes it).
 */
import * as React from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
} from "@fluentui/react-components";
import type { KeptChange } from "../../domain/plan";
import type { CellValue, Localized } from "../../domain/types";
import { cellName } from "../format";
import { fmt, S, type Lang } from "../i18n-panels";

const useStyles = makeStyles({
  surface: { maxWidth: "calc(100vw - 24px)", boxSizing: "border-box", padding: "16px" },
  list: { margin: "8px 0 0 0", paddingLeft: "18px", maxHeight: "200px", overflowY: "auto", overflowWrap: "anywhere" },
  summary: { marginTop: "8px" },
});

const MAX_SHOWN = 20;

export interface ClearPreview {
  /** Cells that go back. */
  restored: number;
  /** The user's changes a clear keeps. */
  kept: KeptChange[];
  /** The summary sheet stays (the user's own content is on it), and why; null or absent otherwise. */
  keptSummary?: Localized | null;
  /** The summary sheet the clear deletes; null or absent when none. */
  removesSummary?: string | null;
}

export interface ClearDialogProps {
  lang: Lang;
  preview: ClearPreview | null;
  /** force: put the originals back over the user's changes too. */
  onConfirm(force: boolean): void;
  onCancel(): void;
  /** Title (default: the clear wording). */
  title?: Localized;
  /** Confirm button label (default 消去する). */
  confirmLabel?: Localized;
  /** Prefix of the test ids (default "clear": clear-dialog, confirm-clear, force-clear, cancel-clear). */
  testId?: string;
}

export function ClearDialog(props: ClearDialogProps) {
  const { lang, preview } = props;
  const id = props.testId ?? "clear";
  const st = useStyles();
  const show = (v: CellValue | undefined) => (v === null || v === undefined || v === "" ? S.empty[lang] : `「${String(v)}」`);
  const field = (k: KeptChange) =>
    k.field === "fill" ? S.handEditFill[lang] : k.field === "wrap" ? S.handEditWrap[lang] : k.wrote === undefined ? S.handEditAnswer[lang] : S.handEditValue[lang];
  const kept = preview?.kept ?? [];
  return (
    <Dialog open={!!preview} onOpenChange={(_, d) => !d.open && props.onCancel()} modalType="alert">
      <DialogSurface className={st.surface} data-testid={`${id}-dialog`}>
        <DialogBody>
          <DialogTitle>{(props.title ?? S.clearTitle)[lang]}</DialogTitle>
          <DialogContent>
            <div>{fmt(lang, S.clearBody, { n: preview?.restored ?? 0 })}</div>
            {kept.length > 0 && (
              <>
                <div>{fmt(lang, S.keptBody, { n: kept.length })}</div>
                <ul className={st.list}>
                  {kept.slice(0, MAX_SHOWN).map((e) => (
                    <li key={`${e.row}:${e.col}:${e.field}`}>
                      {cellName(e.row, e.col)} ({field(e)}): {show(e.now)}
                    </li>
                  ))}
                  {kept.length > MAX_SHOWN && <li>{fmt(lang, S.handEditMore, { n: kept.length - MAX_SHOWN })}</li>}
                </ul>
              </>
            )}
            {preview?.removesSummary && <div className={st.summary} data-testid={`${id}-removes-summary`}>{fmt(lang, S.clearRemovesSummary, { name: preview.removesSummary })}</div>}
            {preview?.keptSummary && <div className={st.summary} data-testid={`${id}-kept-summary`}>{preview.keptSummary[lang]}</div>}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => props.onConfirm(false)} data-testid={`confirm-${id}`}>
              {(props.confirmLabel ?? S.confirmClear)[lang]}
            </Button>
            {(kept.length > 0 || !!preview?.keptSummary) && (
              <Button onClick={() => props.onConfirm(true)} data-testid={`force-${id}`}>
                {S.forceClear[lang]}
              </Button>
            )}
            <Button onClick={props.onCancel} data-testid={`cancel-${id}`}>
              {S.cancel[lang]}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * Confirmation before a clear (or an undo of the bulk-mark) overwrites cells the user changed by hand.
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
import type { HandEdit } from "../../domain/plan";
import type { CellValue, Localized } from "../../domain/types";
import { cellName } from "../format";
import { fmt, S, type Lang } from "../i18n";

const useStyles = makeStyles({
  surface: { maxWidth: "calc(100vw - 24px)", boxSizing: "border-box", padding: "16px" },
  list: { margin: "8px 0 0 0", paddingLeft: "18px", maxHeight: "200px", overflowY: "auto", overflowWrap: "anywhere" },
});

const MAX_SHOWN = 20;

export interface ClearDialogProps {
  lang: Lang;
  edits: HandEdit[] | null;
  onConfirm(): void;
  onCancel(): void;
  /** Body text with {n} (default: the clear wording). */
  body?: Localized;
  /** Confirm button label (default 上書きして消去). */
  confirmLabel?: Localized;
  /** Prefix of the test ids (default "clear": clear-dialog, confirm-clear, cancel-clear). */
  testId?: string;
}

export function ClearDialog(props: ClearDialogProps) {
  const { lang, edits } = props;
  const id = props.testId ?? "clear";
  const st = useStyles();
  const show = (v: CellValue | undefined) => (v === null || v === undefined || v === "" ? S.empty[lang] : `「${String(v)}」`);
  return (
    <Dialog open={!!edits && edits.length > 0} onOpenChange={(_, d) => !d.open && props.onCancel()} modalType="alert">
      <DialogSurface className={st.surface} data-testid={`${id}-dialog`}>
        <DialogBody>
          <DialogTitle>{S.handEditsTitle[lang]}</DialogTitle>
          <DialogContent>
            {fmt(lang, props.body ?? S.handEditsBody, { n: edits?.length ?? 0 })}
            <ul className={st.list}>
              {(edits ?? []).slice(0, MAX_SHOWN).map((e) => (
                <li key={`${e.row}:${e.col}:${e.field}`}>
                  {cellName(e.row, e.col)} ({e.field === "fill" ? S.handEditFill[lang] : S.handEditValue[lang]}): {show(e.expected)} → {show(e.actual)}
                </li>
              ))}
              {(edits?.length ?? 0) > MAX_SHOWN && <li>{fmt(lang, S.handEditMore, { n: edits!.length - MAX_SHOWN })}</li>}
            </ul>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onConfirm} data-testid={`confirm-${id}`}>
              {(props.confirmLabel ?? S.confirmClear)[lang]}
            </Button>
            <Button onClick={props.onCancel} data-testid={`cancel-${id}`}>
              {S.cancel[lang]}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * Confirmation before a clear overwrites cells the user changed by hand.
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
import type { CellValue } from "../../domain/types";
import { cellName } from "../format";
import { fmt, S, type Lang } from "../i18n";

const useStyles = makeStyles({
  surface: { maxWidth: "calc(100vw - 24px)", boxSizing: "border-box", padding: "16px" },
  list: { margin: "8px 0 0 0", paddingLeft: "18px", maxHeight: "200px", overflowY: "auto", overflowWrap: "anywhere" },
});

const MAX_SHOWN = 20;

export function ClearDialog(props: { lang: Lang; edits: HandEdit[] | null; onConfirm(): void; onCancel(): void }) {
  const { lang, edits } = props;
  const st = useStyles();
  const show = (v: CellValue | undefined) => (v === null || v === undefined || v === "" ? S.empty[lang] : `「${String(v)}」`);
  return (
    <Dialog open={!!edits && edits.length > 0} onOpenChange={(_, d) => !d.open && props.onCancel()} modalType="alert">
      <DialogSurface className={st.surface} data-testid="clear-dialog">
        <DialogBody>
          <DialogTitle>{S.handEditsTitle[lang]}</DialogTitle>
          <DialogContent>
            {fmt(lang, S.handEditsBody, { n: edits?.length ?? 0 })}
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
            <Button appearance="primary" onClick={props.onConfirm} data-testid="confirm-clear">
              {S.confirmClear[lang]}
            </Button>
            <Button onClick={props.onCancel} data-testid="cancel-clear">
              {S.cancel[lang]}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * Pieces of the 審査 tab: item picker, review entries, consistency findings, sign-off status.
 * Plain props in, callbacks out.
 */
import * as React from "react";
import { Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, SearchBox, Text, makeStyles, mergeClasses, tokens, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";
import { fmt, S } from "../i18n-panels";
import type { Finding } from "../../domain/checks";
import type { SignOff } from "../../domain/record";
import { REVIEW_STATUS_LABELS, type ReviewEntry, type ReviewStatus, type SignOffCheck } from "../../domain/review";
import { openListLines, openSummaryText, type OpenSummary, type SignOffRecord } from "../../domain/signoff";
import type { ItemClass, Localized } from "../../domain/types";
import type { Lang } from "../i18n-panels";
import { T } from "../tabs/strings";

// Lazy-loaded with the tabs: Fluent UI and the strings come through the kit (see ../kit.ts).

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: "4px", minWidth: 0 },
  scroll: { maxHeight: "240px", overflowY: "auto", overflowX: "hidden" },
  row: {
    display: "block",
    width: "100%",
    boxSizing: "border-box",
    textAlign: "left",
    background: "none",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "4px 6px",
    font: "inherit",
    fontSize: tokens.fontSizeBase200,
    color: "inherit",
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  clickable: { cursor: "pointer", ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover } },
  selected: { border: `1px solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  head: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px" },
  id: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  line: { display: "block", marginTop: "2px" },
  search: { width: "100%", maxWidth: "100%", minWidth: 0, boxSizing: "border-box", "& input": { minWidth: 0, width: "100%" } },
  picker: { display: "flex", flexDirection: "column", rowGap: "4px", minWidth: 0 },
  changed: { margin: "4px 0 0 0", paddingLeft: "16px", overflowWrap: "anywhere", maxHeight: "160px", overflowY: "auto" },
  surface: { maxWidth: "calc(100vw - 24px)", boxSizing: "border-box", padding: "16px" },
  stale: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

const STATUS_COLOR: Record<ReviewStatus, "informative" | "success" | "danger" | "subtle"> = {
  unreviewed: "informative",
  confirmed: "success",
  "needs-fix": "danger",
  "not-applicable": "subtle",
};

export function StatusBadge(props: { lang: Lang; status: ReviewStatus }) {
  return (
    <Badge size="small" appearance="tint" color={STATUS_COLOR[props.status]}>
      {REVIEW_STATUS_LABELS[props.status][props.lang]}
    </Badge>
  );
}

export interface PickerItem {
  id: string;
  cls: ItemClass;
  summary: Localized;
  /** The id as the sheet shows it under its heading ("3.3(2) ３－１"), when the item is on the sheet. */
  shown?: string;
  /** 0-based sheet row, when the item is on the sheet. */
  row?: number;
}

/** "2025-01-01T09:30:00.000Z" → "2025-01-01 18:30" in the user's local time (JST for most users); other text as is. */
export function shownTime(at: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(at)) return at;
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const norm = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
const MAX_MATCHES = 8;

/** Search by id or summary; the matches are buttons (at most 8); the picked item is shown below. */
export function ItemPicker(props: { lang: Lang; items: PickerItem[]; selected: string | null; onSelect(id: string): void }) {
  const { lang, items, selected } = props;
  const st = useStyles();
  const [query, setQuery] = React.useState("");
  const matches = React.useMemo(() => {
    const terms = norm(query).split(" ").filter(Boolean);
    if (!terms.length) return [];
    return items.filter((it) => {
      const hay = norm(`${it.id} ${it.shown ?? ""} ${it.row !== undefined ? `行${it.row + 1} row ${it.row + 1}` : ""} ${it.summary.ja} ${it.summary.en}`);
      return terms.every((t) => hay.includes(t));
    });
  }, [items, query]);
  const picked = items.find((i) => i.id === selected) ?? null;
  return (
    <div className={st.picker}>
      <SearchBox
        className={st.search}
        size="small"
        placeholder={T.reviewItemSearch[lang]}
        aria-label={T.reviewItemSearch[lang]}
        value={query}
        onChange={(_, d) => setQuery(d.value)}
        data-testid="review-item-search"
      />
      {query.trim() !== "" && (
        <>
          <Text size={200} className={st.muted} aria-live="polite">
            {fmt(lang, T.reviewItemMatches, { n: matches.length, shown: Math.min(matches.length, MAX_MATCHES) })}
          </Text>
          <ul className={st.list}>
            {matches.slice(0, MAX_MATCHES).map((it) => (
              <li key={it.id}>
                <button
                  type="button"
                  className={mergeClasses(st.row, st.clickable)}
                  onClick={() => {
                    props.onSelect(it.id);
                    setQuery("");
                  }}
                  data-testid="review-item-option"
                  data-id={it.id}
                >
                  <span className={st.id}>{it.id}</span> <span className={st.muted}>{it.cls}</span> {it.summary[lang]}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className={mergeClasses(st.row, !!picked && st.selected)} data-testid="review-item-selected" data-id={picked?.id ?? ""}>
        {picked ? (
          <>
            <span className={st.id}>{picked.id}</span> <span className={st.muted}>{picked.cls}</span>
            {picked.shown && (
              <span className={st.muted} data-testid="review-item-shown">
                {" "}
                {picked.shown}
                {picked.row !== undefined ? `（${fmt(lang, T.findingRow, { row: picked.row + 1 })}）` : ""}
              </span>
            )}
            <span className={st.line}>{picked.summary[lang]}</span>
          </>
        ) : (
          <span className={st.muted}>{T.reviewItemNone[lang]}</span>
        )}
      </div>
    </div>
  );
}

export function ReviewEntries(props: {
  lang: Lang;
  entries: ReviewEntry[];
  selected: string | null;
  onPick(id: string): void;
  /** Items whose answer changed since their review. */
  stale?: ReadonlySet<string>;
}) {
  const { lang, entries } = props;
  const stale = props.stale ?? new Set<string>();
  const st = useStyles();
  if (!entries.length) return <Text size={200}>{T.reviewNoEntries[lang]}</Text>;
  return (
    <ul className={mergeClasses(st.list, st.scroll)} data-testid="review-entries">
      {entries.map((e) => (
        <li key={e.itemId} data-testid="review-entry" data-id={e.itemId} data-status={e.status} data-stale={stale.has(e.itemId) ? "true" : "false"}>
          <button
            type="button"
            className={mergeClasses(st.row, st.clickable, props.selected === e.itemId && st.selected)}
            onClick={() => props.onPick(e.itemId)}
          >
            <span className={st.head}>
              <span className={st.id}>{e.itemId}</span>
              <StatusBadge lang={lang} status={e.status} />
            </span>
            {e.comment && <span className={st.line}>{e.comment}</span>}
            {(e.reviewer || e.at) && (
              <span className={mergeClasses(st.line, st.muted)}>{fmt(lang, T.reviewBy, { reviewer: e.reviewer, at: shownTime(e.at) })}</span>
            )}
            {stale.has(e.itemId) && (
              <span className={mergeClasses(st.line, st.stale)} data-testid="review-entry-stale">
                {T.reviewStale[lang]}
              </span>
            )}
            {!!e.history?.length && (
              <span className={mergeClasses(st.line, st.muted)} data-testid="review-entry-history">
                {fmt(lang, T.reviewHistory, { n: e.history.length })}: {e.history.join(" / ")}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function Findings(props: { lang: Lang; findings: Finding[]; onSelectRow(row: number): void; busy: boolean }) {
  const { lang, findings } = props;
  const st = useStyles();
  const errors = findings.filter((f) => f.severity === "error").length;
  return (
    <div data-testid="findings">
      <Text size={200} weight="semibold" block data-testid="findings-count">
        {findings.length ? fmt(lang, T.consistencyCounts, { errors, warnings: findings.length - errors }) : T.consistencyNone[lang]}
      </Text>
      {findings.length > 0 && (
        <ul className={mergeClasses(st.list, st.scroll)}>
          {findings.map((f, i) => {
            const body = (
              <>
                <span className={st.head}>
                  <Badge size="small" appearance="filled" color={f.severity === "error" ? "danger" : "warning"}>
                    {f.severity === "error" ? T.severityError[lang] : T.severityWarning[lang]}
                  </Badge>
                  {f.itemId && <span className={st.id}>{f.itemId}</span>}
                  {f.row !== undefined && <span className={st.muted}>{fmt(lang, T.findingRow, { row: f.row + 1 })}</span>}
                </span>
                <span className={st.line}>{f.message[lang]}</span>
              </>
            );
            return (
              <li key={i} data-testid="finding" data-severity={f.severity} data-code={f.code} data-id={f.itemId ?? ""} data-row={f.row ?? ""}>
                {f.row !== undefined ? (
                  <button
                    type="button"
                    className={mergeClasses(st.row, st.clickable)}
                    disabled={props.busy}
                    title={fmt(lang, S.goToRow, { row: f.row + 1 })}
                    onClick={() => props.onSelectRow(f.row!)}
                  >
                    {body}
                  </button>
                ) : (
                  <div className={st.row}>{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function SignOffStatus(props: { lang: Lang; signoff: SignOff | null; check: SignOffCheck | null }) {
  const { lang, signoff, check } = props;
  const st = useStyles();
  if (!signoff || !check)
    return (
      <Text size={200} data-testid="signoff-status" data-state="none">
        {T.signOffNone[lang]}
      </Text>
    );
  const rec = signoff as SignOffRecord;
  const vars = { reviewer: signoff.reviewer, at: rec.atLocal ?? shownTime(signoff.at) };
  const openAt = rec.open ? (
    <span className={mergeClasses(st.line, "wrap-anywhere")} data-testid="signoff-open-at">
      {fmt(lang, T.signOffOpenAt, { text: openSummaryText(rec.open, lang) || T.none[lang] })}
    </span>
  ) : null;
  if (check.intact)
    return (
      <MessageBar intent="success" layout="multiline" data-testid="signoff-status" data-state="intact">
        <MessageBarBody>
          <span className="wrap-anywhere">{fmt(lang, T.signOffIntact, vars)}</span>
          {openAt}
        </MessageBarBody>
      </MessageBar>
    );
  return (
    <MessageBar intent="error" layout="multiline" data-testid="signoff-status" data-state="changed">
      <MessageBarBody>
        <MessageBarTitle>{fmt(lang, T.signOffChanged, { ...vars, n: check.changed.length })}</MessageBarTitle>
        {!check.consistent && <span className="wrap-anywhere">{T.signOffTampered[lang]}</span>}
        {openAt}
        <ul className={st.changed}>
          {check.changed.map((c) => (
            <li key={c.itemId} data-testid="signoff-changed" data-id={c.itemId}>
              <span className={st.id}>{c.itemId}</span>: {c.before === null || c.before === "" ? S.empty[lang] : `「${c.before}」`} →{" "}
              {c.after === null || c.after === "" ? S.empty[lang] : `「${c.after}」`}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/** The confirmation before 承認: everything still open, grouped by kind; confirming records it with the sign-off. */
export function SignOffDialog(props: { lang: Lang; open: OpenSummary | null; reviewer: string; onConfirm(): void; onCancel(): void }) {
  const { lang, open } = props;
  const st = useStyles();
  const n = open?.total ?? 0;
  return (
    <Dialog open={!!open} onOpenChange={(_, d) => !d.open && props.onCancel()} modalType="alert">
      <DialogSurface className={st.surface} data-testid="signoff-dialog">
        <DialogBody>
          <DialogTitle>{T.signOffConfirmTitle[lang]}</DialogTitle>
          <DialogContent>
            <Text block data-testid="signoff-dialog-summary" data-open={n}>
              {n ? fmt(lang, T.signOffConfirmOpen, { n }) : fmt(lang, T.signOffConfirmClean, { reviewer: props.reviewer })}
            </Text>
            {open && n > 0 && (
              <ul className={st.changed}>
                {openListLines(open, lang).map((l, i) => (
                  <li key={i} data-testid="signoff-open-line">
                    {l}
                  </li>
                ))}
              </ul>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onConfirm} data-testid="signoff-confirm">
              {n ? T.signOffConfirmWithOpen[lang] : T.signOffConfirm[lang]}
            </Button>
            <Button onClick={props.onCancel} data-testid="signoff-cancel">
              {T.cancel[lang]}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * 項目 tab: the items, filterable by class, status and text; a click selects the row in the sheet.
 */
import * as React from "react";
import {
  Badge,
  Button,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  SearchBox,
  Text,
  ToggleButton,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { formatInfobankRef } from "../../domain/crosswalk-core";
import { COLORS } from "../../domain/plan";
import { ITEM_CLASSES, type ItemClass, type Localized } from "../../domain/types";
import type { VerifiedItem } from "../../domain/verify";
import { fmt, S, type Lang } from "../i18n-panels";
import { filterRows, type ItemFilter, type ItemRow, type StatusFilter } from "../state/items";
import { useWindowing } from "./useWindowing";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "8px", minWidth: 0 },
  filters: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "6px" },
  classes: { display: "flex", gap: "4px" },
  classBtn: { minWidth: "32px", paddingLeft: "4px", paddingRight: "4px" },
  status: { flex: "1 1 110px", minWidth: 0 },
  statusDropdown: { minWidth: 0, width: "100%" },
  search: { width: "100%", maxWidth: "100%", minWidth: 0, boxSizing: "border-box", "& input": { minWidth: 0, width: "100%" } },
  viewport: {
    maxHeight: "min(70vh, 640px)",
    minHeight: "120px",
    overflowY: "auto",
    overflowX: "hidden",
    overflowAnchor: "auto",
    minWidth: 0,
    border: `1px solid ${tokens.colorNeutralStroke3}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "4px",
  },
  list: { listStyleType: "none", margin: 0, padding: 0, minWidth: 0 },
  entry: { paddingBottom: "6px", minWidth: 0 },
  tools: { display: "flex", flexWrap: "wrap", alignItems: "center", justifyContent: "space-between", gap: "6px" },
  groupButton: {
    display: "flex",
    alignItems: "center",
    gap: "4px",
    width: "100%",
    textAlign: "left",
    background: tokens.colorNeutralBackground3,
    border: "none",
    borderRadius: tokens.borderRadiusMedium,
    padding: "4px 8px",
    cursor: "pointer",
    font: "inherit",
    fontWeight: tokens.fontWeightSemibold,
    color: "inherit",
    overflowWrap: "anywhere",
  },
  item: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  itemButton: {
    display: "block",
    width: "100%",
    textAlign: "left",
    background: "none",
    border: "none",
    padding: "6px 8px",
    cursor: "pointer",
    font: "inherit",
    color: "inherit",
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    '&[aria-disabled="true"]': { cursor: "default" },
  },
  head: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px" },
  id: { fontWeight: tokens.fontWeightSemibold, fontFamily: tokens.fontFamilyMonospace, overflowWrap: "anywhere" },
  line: { display: "block", marginTop: "3px", overflowWrap: "anywhere" },
  label: { color: tokens.colorNeutralForeground3 },
  swatch: {
    display: "inline-block",
    minWidth: "18px",
    textAlign: "center",
    borderRadius: "3px",
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
    padding: "0 3px",
  },
});

export function classColor(cls: ItemClass): string {
  return cls === "A" ? COLORS.A : cls === "B" ? COLORS.B : cls === "D" ? COLORS.D : COLORS.C;
}

export interface ItemListProps {
  lang: Lang;
  rows: ItemRow[];
  filter: ItemFilter;
  notice: Localized | null;
  /** Name of the crosswalk file the user loaded (null: the bundled crosswalk, whose summaries are our paraphrases). */
  importedName?: string | null;
  busy: boolean;
  onFilterChange(f: ItemFilter): void;
  onSelect(row: ItemRow): void;
}

const STATUS_OPTIONS: { value: StatusFilter; label: Localized }[] = [
  { value: "all", label: S.statusAll },
  { value: "covered", label: S.statusCovered },
  { value: "needs-evidence", label: S.statusNeedsEvidence },
  { value: "not-covered", label: S.statusNotCovered },
];

/** Up to this many items shown, every section group starts open. */
const ALL_OPEN_UP_TO = 30;

export function ItemList(props: ItemListProps) {
  const { lang, rows, filter, onFilterChange } = props;
  const st = useStyles();
  const shown = React.useMemo(() => filterRows(rows, filter), [rows, filter]);
  const statusLabel = STATUS_OPTIONS.find((o) => o.value === filter.status)!.label[lang];
  // Grouped by section; a group's cards are rendered only while it is open (145 cards would be ~28,000 px). All
  // groups open while a filter narrows the list or few items are shown.
  const groups = React.useMemo(() => {
    const out: { section: string; heading: string; rows: ItemRow[] }[] = [];
    for (const r of shown) {
      const e = r.coverage.entry;
      const last = out[out.length - 1];
      if (last && last.section === e.section) last.rows.push(r);
      else out.push({ section: e.section, heading: e.sectionHeading, rows: [r] });
    }
    return out;
  }, [shown]);
  const [opened, setOpened] = React.useState<Record<string, boolean>>({});
  const narrowed = filter.classes.length > 0 || filter.status !== "all" || filter.query.trim() !== "" || shown.length <= ALL_OPEN_UP_TO;
  const isOpen = React.useCallback((section: string) => opened[section] ?? narrowed, [opened, narrowed]);
  const allOpen = groups.every((g) => isOpen(g.section));

  // Virtualized: the groups' headers and the open groups' cards as one flat list, of which only what is in (or
  // near) the viewport is in the DOM (145 cards would be ~28,000 px of DOM).
  const entries = React.useMemo(() => {
    const out: Entry[] = [];
    for (const g of groups) {
      const open = isOpen(g.section);
      out.push({ kind: "group", key: `g:${g.section}`, section: g.section, heading: g.heading, count: g.rows.length, open });
      if (open) for (const row of g.rows) out.push({ kind: "row", key: `r:${row.coverage.id}`, section: g.section, row });
    }
    return out;
  }, [groups, isOpen]);
  const keys = React.useMemo(() => entries.map((e) => e.key), [entries]);
  const estimate = React.useCallback((i: number) => (entries[i]?.kind === "group" ? GROUP_HEIGHT : ROW_HEIGHT), [entries]);
  const [focusKey, setFocusKey] = React.useState<string | null>(null);
  const focusIndex = focusKey ? keys.indexOf(focusKey) : -1;
  const win = useWindowing({ keys, estimate, renderAllUpTo: RENDER_ALL_UP_TO, pinned: focusIndex >= 0 ? [focusIndex] : [] });

  // Keyboard: ↑/↓ move between headers and cards (scrolling the next one in), Home/End to the ends,
  // → opens a section, ← closes it (from a card: back to its header).
  const wantFocus = React.useRef<string | null>(null);
  const moveFocus = (index: number) => {
    const e = entries[Math.max(0, Math.min(entries.length - 1, index))];
    if (!e) return;
    wantFocus.current = e.key;
    setFocusKey(e.key);
    win.scrollToIndex(keys.indexOf(e.key));
  };
  React.useLayoutEffect(() => {
    const key = wantFocus.current;
    if (!key) return;
    const li = [...(win.viewportRef.current?.querySelectorAll<HTMLElement>("[data-key]") ?? [])].find((x) => x.dataset.key === key);
    const el = li?.querySelector("button");
    if (el) {
      wantFocus.current = null;
      el.focus();
    }
  });
  const onKeyDown = (ev: React.KeyboardEvent) => {
    const li = (ev.target as HTMLElement).closest<HTMLElement>("[data-key]");
    const i = li ? keys.indexOf(li.dataset.key ?? "") : -1;
    if (i < 0) return;
    const e = entries[i];
    const headerOf = (k: number) => {
      let j = k;
      while (j > 0 && entries[j].kind !== "group") j--;
      return j;
    };
    let next: number | null = null;
    if (ev.key === "ArrowDown") next = i + 1;
    else if (ev.key === "ArrowUp") next = i - 1;
    else if (ev.key === "Home") next = 0;
    else if (ev.key === "End") next = entries.length - 1;
    else if (ev.key === "ArrowRight" && e.kind === "group" && !e.open) {
      setOpened((o) => ({ ...o, [e.section]: true }));
      next = i;
    } else if (ev.key === "ArrowLeft") {
      if (e.kind === "group" && e.open) setOpened((o) => ({ ...o, [e.section]: false }));
      next = headerOf(i);
    }
    if (next === null) return;
    ev.preventDefault();
    moveFocus(next);
  };

  const toggleClass = (c: ItemClass) =>
    onFilterChange({
      ...filter,
      classes: filter.classes.includes(c) ? filter.classes.filter((x) => x !== c) : [...filter.classes, c],
    });

  return (
    <section className={st.root} aria-label={S.itemsHeading[lang]}>
      <MessageBar intent="info" layout="multiline" data-testid="paraphrase-notice">
        <MessageBarBody>
          {props.importedName ? (
            // Another table (e.g. an official one): we cannot say its texts are our paraphrases; show its own notice.
            <span className="wrap-anywhere" data-testid="imported-notice">
              {fmt(lang, S.itemsImportedNotice, { name: props.importedName })}
              {props.notice ? ` ${props.notice[lang]}` : ""}
            </span>
          ) : props.notice ? (
            <details className="wrap-anywhere">
              <summary style={{ cursor: "pointer" }}>{S.paraphraseNotice[lang]}</summary>
              {props.notice[lang]}
            </details>
          ) : (
            <span className="wrap-anywhere">{S.paraphraseNotice[lang]}</span>
          )}
        </MessageBarBody>
      </MessageBar>

      <div className={st.filters}>
        <Field label={S.filterClass[lang]}>
          <div className={st.classes} role="group" aria-label={S.filterClass[lang]}>
            {ITEM_CLASSES.map((c) => (
              <ToggleButton
                key={c}
                size="small"
                className={st.classBtn}
                checked={filter.classes.includes(c)}
                onClick={() => toggleClass(c)}
                data-testid={`filter-class-${c}`}
              >
                {c}
              </ToggleButton>
            ))}
          </div>
        </Field>
        <Field label={S.filterStatus[lang]} className={st.status}>
          <Dropdown
            size="small"
            className={st.statusDropdown}
            data-testid="filter-status"
            value={statusLabel}
            selectedOptions={[filter.status]}
            onOptionSelect={(_, d) => onFilterChange({ ...filter, status: (d.optionValue as StatusFilter) ?? "all" })}
          >
            {STATUS_OPTIONS.map((o) => (
              <Option key={o.value} value={o.value}>
                {o.label[lang]}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      <SearchBox
        placeholder={S.search[lang]}
        aria-label={S.search[lang]}
        value={filter.query}
        onChange={(_, d) => onFilterChange({ ...filter, query: d.value })}
        data-testid="filter-query"
        className={st.search}
      />
      <Text size={200} data-testid="items-count" aria-live="polite">
        {fmt(lang, S.shownOf, { shown: shown.length, total: rows.length })}
      </Text>

      {shown.length === 0 && <Text>{S.noItems[lang]}</Text>}
      <div className={st.tools}>
        <Text size={200} id="items-keys-hint" className={st.label}>
          {S.itemsKeysHint[lang]}
        </Text>
        {groups.length > 1 && (
          <Button
            size="small"
            appearance="subtle"
            data-testid="items-toggle-all"
            onClick={() => setOpened(Object.fromEntries(groups.map((g) => [g.section, !allOpen])))}
          >
            {allOpen ? S.itemsCollapseAll[lang] : S.itemsExpandAll[lang]}
          </Button>
        )}
      </div>
      {entries.length > 0 && (
        <div className={st.viewport} ref={win.viewportRef} onScroll={win.onScroll} data-testid="item-viewport">
          <ul
            className={st.list}
            data-testid="item-list"
            aria-label={S.itemsHeading[lang]}
            aria-describedby="items-keys-hint"
            style={{ paddingTop: win.padBefore, paddingBottom: win.padAfter }}
            onKeyDown={onKeyDown}
            onFocus={(ev) => {
              const k = (ev.target as HTMLElement).closest<HTMLElement>("[data-key]")?.dataset.key;
              if (k) setFocusKey(k);
            }}
          >
            {win.items.map(({ index, gap }) => {
              const e = entries[index];
              const common = {
                ref: win.measure(index),
                "data-key": e.key,
                "aria-posinset": index + 1,
                "aria-setsize": entries.length,
                className: st.entry,
                style: gap ? { marginTop: gap } : undefined,
              };
              return e.kind === "group" ? (
                <li key={e.key} {...common} data-testid="item-group" data-section={e.section} data-open={e.open ? "true" : "false"}>
                  <button
                    type="button"
                    className={st.groupButton}
                    aria-expanded={e.open}
                    onClick={() => setOpened((o) => ({ ...o, [e.section]: !e.open }))}
                    data-testid="item-group-toggle"
                  >
                    <span aria-hidden>{e.open ? "▾" : "▸"}</span>
                    {e.section} {e.heading} ({e.count})
                  </button>
                </li>
              ) : (
                <ItemCard key={e.key} li={common} lang={lang} row={e.row} busy={props.busy} onSelect={props.onSelect} />
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}

type Entry =
  | { kind: "group"; key: string; section: string; heading: string; count: number; open: boolean }
  | { kind: "row"; key: string; section: string; row: ItemRow };

/** A list this short (a filter's result, a few open sections) is rendered whole. */
const RENDER_ALL_UP_TO = 40;

/** Estimates until measured (a header line; a card of four wrapped lines at 320 px). */
const GROUP_HEIGHT = 34;
const ROW_HEIGHT = 150;

type LiProps = React.LiHTMLAttributes<HTMLLIElement> & { ref: (el: HTMLElement | null) => void; "data-key": string };

const ItemCard = function ItemCard(props: { li: LiProps; lang: Lang; row: ItemRow; busy: boolean; onSelect(row: ItemRow): void }) {
  const { lang, row } = props;
  const st = useStyles();
  const cov = row.coverage;
  const e = cov.entry;
  const statusLabel =
    cov.status === "covered" ? S.statusCovered : cov.status === "needs-evidence" ? S.statusNeedsEvidence : S.statusNotCovered;
  const statusColor = cov.status === "covered" ? "success" : cov.status === "needs-evidence" ? "warning" : "subtle";
  const refs = e.infobankRefs.map((r) => formatInfobankRef(r) + (r.partial ? S.partial[lang] : ""));
  const title = row.detected ? fmt(lang, S.goToRow, { row: row.detected.row + 1 }) : S.notInSheet[lang];
  return (
    <li {...props.li} data-testid="item" data-id={cov.id} data-class={cov.class} data-status={cov.status} data-section={e.section}>
      <div className={st.item}>
        <button
          type="button"
          className={st.itemButton}
          title={title}
          aria-disabled={!row.detected || props.busy}
          onClick={() => {
            if (row.detected && !props.busy) props.onSelect(row);
          }}
        >
          <span className={st.head}>
            <span className={st.swatch} style={{ backgroundColor: cov.status === "not-covered" ? COLORS.notCovered : classColor(cov.class) }}>
              {cov.class}
            </span>
            <span className={st.id}>{cov.id}</span>
            <Badge size="small" appearance="tint" color={statusColor}>
              {statusLabel[lang]}
            </Badge>
            <Badge size="small" appearance="outline" color={e.provenance.kind === "published" ? "brand" : "informative"} data-testid="provenance">
              {e.provenance.kind === "published"
                ? S.published[lang]
                : e.provenance.kind === "user"
                  ? fmt(lang, S.userProvenance, { by: e.provenance.by ?? "", on: e.provenance.on ?? "" })
                  : S.assessed[lang]}
            </Badge>
            {row.detected && (
              <Text size={200} className={st.label}>
                {fmt(lang, S.detRow, { n: row.detected.row + 1 })}
              </Text>
            )}
            {(row.detected as Partial<VerifiedItem> | null)?.content?.matchedBy === "content" && (
              <Badge size="small" appearance="outline" color="warning" data-testid="matched-by-content">
                {fmt(lang, S.matchedByContent, { raw: row.detected!.rawId })}
              </Badge>
            )}
          </span>
          <span className={st.line}>{e.summary[lang]}</span>
          <span className={st.line}>
            <span className={st.label}>{S.refs[lang]}: </span>
            {refs.length ? refs.join(lang === "ja" ? "、" : "; ") : S.noRefs[lang]}
          </span>
          <span className={st.line}>
            <span className={st.label}>{S.rationale[lang]}: </span>
            {e.provenance.rationale[lang]}
            {e.provenance.source ? ` (${S.source[lang]}: ${e.provenance.source})` : ""}
          </span>
          {(cov.class === "C" || cov.class === "D") && e.gap && (
            <span className={st.line}>
              <span className={st.label}>{S.gap[lang]}: </span>
              {e.gap[lang]}
            </span>
          )}
          {(cov.class === "C" || cov.class === "D") && e.evidence && (
            <span className={st.line} data-testid="evidence">
              <strong>{S.evidence[lang]}: </strong>
              {e.evidence[lang]}
            </span>
          )}
        </button>
      </div>
    </li>
  );
};

/**
 * 項目 tab: the items, filterable by class, status and text; a click selects the row in the sheet.
 */
import * as React from "react";
import {
  Badge,
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
import { fmt, S, type Lang } from "../i18n";
import { filterRows, type ItemFilter, type ItemRow, type StatusFilter } from "../state/items";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "8px", minWidth: 0 },
  filters: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "6px" },
  classes: { display: "flex", gap: "4px" },
  classBtn: { minWidth: "32px", paddingLeft: "4px", paddingRight: "4px" },
  status: { flex: "1 1 110px", minWidth: 0 },
  statusDropdown: { minWidth: 0, width: "100%" },
  search: { width: "100%", maxWidth: "100%", minWidth: 0, boxSizing: "border-box", "& input": { minWidth: 0, width: "100%" } },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: "6px" },
  group: { minWidth: 0 },
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
    marginBottom: "4px",
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
    ":disabled": { cursor: "default" },
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
  const isOpen = (section: string) => opened[section] ?? narrowed;

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
      <ul className={st.list} data-testid="item-list">
        {groups.map((g) => {
          const open = isOpen(g.section);
          const listId = `items-${g.section.replace(/[^0-9A-Za-z]/g, "_")}`;
          return (
            <li key={g.section} className={st.group} data-testid="item-group" data-section={g.section} data-open={open ? "true" : "false"}>
              <button
                type="button"
                className={st.groupButton}
                aria-expanded={open}
                aria-controls={listId}
                onClick={() => setOpened((o) => ({ ...o, [g.section]: !open }))}
                data-testid="item-group-toggle"
              >
                <span aria-hidden>{open ? "▾" : "▸"}</span>
                {g.section} {g.heading} ({g.rows.length})
              </button>
              {open && (
                <ul className={st.list} id={listId}>
                  {g.rows.map((row) => (
                    <ItemCard key={row.coverage.id} lang={lang} row={row} busy={props.busy} onSelect={props.onSelect} />
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const ItemCard = React.memo(function ItemCard(props: { lang: Lang; row: ItemRow; busy: boolean; onSelect(row: ItemRow): void }) {
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
    <li className={st.item} data-testid="item" data-id={cov.id} data-class={cov.class} data-status={cov.status}>
      <button type="button" className={st.itemButton} title={title} disabled={!row.detected || props.busy} onClick={() => props.onSelect(row)}>
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
    </li>
  );
});

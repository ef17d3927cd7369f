/**
 * The C/D items that are never bulk-marked: what evidence each needs, the references registered
 * in the workbook (removable), and a small form to add one (document name required, URL, page).
 */
import * as React from "react";
import { Badge, Button, Field, Input, Text, makeStyles, tokens } from "@fluentui/react-components";
import { AddRegular, DeleteRegular } from "@fluentui/react-icons";
import { fmt, S } from "../i18n-panels";
import type { EvidenceRef } from "../../domain/record";
import type { ItemClass, Localized } from "../../domain/types";
import type { Lang } from "../i18n-panels";
import { EMPTY_EVIDENCE, validateEvidence, type EvidenceErrors, type EvidenceForm } from "../state/evidence";
import { T } from "../tabs/strings";

// Lazy-loaded with the tabs: Fluent UI and the strings come through the kit (see ../kit.ts).

export interface EvidenceItem {
  id: string;
  cls: ItemClass;
  /** 0-based sheet row, null when the item is not on the sheet. */
  row: number | null;
  summary: Localized;
  evidence: Localized | null;
  refs: EvidenceRef[];
  /** The applicant's 備考 text, when the item is answered and states its evidence there (null otherwise). */
  stated?: string | null;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "6px", minWidth: 0 },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: "6px" },
  item: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "6px 8px",
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  head: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "4px" },
  id: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  line: { display: "block", marginTop: "3px", fontSize: tokens.fontSizeBase200 },
  label: { color: tokens.colorNeutralForeground3 },
  refs: { listStyleType: "none", margin: "4px 0 0 0", padding: 0, display: "flex", flexDirection: "column", rowGap: "2px" },
  ref: { display: "flex", alignItems: "flex-start", gap: "4px", fontSize: tokens.fontSizeBase200, minWidth: 0 },
  refText: { flex: "1 1 auto", minWidth: 0, overflowWrap: "anywhere", paddingTop: "4px" },
  form: { display: "flex", flexDirection: "column", rowGap: "4px", marginTop: "6px" },
  input: { width: "100%", minWidth: 0, "& input": { minWidth: 0 } },
  formRow: { display: "flex", gap: "6px", flexWrap: "wrap" },
});

export interface EvidencePanelProps {
  lang: Lang;
  items: EvidenceItem[];
  busy: boolean;
  /** Resolves true when stored (the form is then emptied). */
  onAdd(itemId: string, ref: Omit<EvidenceRef, "addedAt">): Promise<boolean>;
  onRemove(itemId: string, index: number): void;
  /** Register the 備考 text of an item as its evidence (one click). */
  onAdopt?(itemId: string): void;
  /** Write registered evidence into the empty 備考 cells (only when the user asks). */
  onWriteRemarks?(): void;
}

export function EvidencePanel(props: EvidencePanelProps) {
  const { lang, items } = props;
  const st = useStyles();
  return (
    <section className={st.root} aria-label={fmt(lang, T.excludedHeading, { n: items.length })} data-testid="bulk-excluded">
      <Text weight="semibold">{fmt(lang, T.excludedHeading, { n: items.length })}</Text>
      <Text size={200}>{T.excludedIntro[lang]}</Text>
      {props.onWriteRemarks && items.some((i) => i.refs.length > 0) && (
        <Button size="small" onClick={() => props.onWriteRemarks!()} disabled={props.busy} title={T.evidenceWriteRemarksHint[lang]} data-testid="evidence-write-remarks">
          {T.evidenceWriteRemarks[lang]}
        </Button>
      )}
      <ul className={st.list}>
        {items.map((it) => (
          <EvidenceCard key={it.id} {...props} item={it} />
        ))}
      </ul>
    </section>
  );
}

function EvidenceCard(props: EvidencePanelProps & { item: EvidenceItem }) {
  const { lang, item, busy } = props;
  const st = useStyles();
  const [open, setOpen] = React.useState(false);
  const [form, setForm] = React.useState<EvidenceForm>(EMPTY_EVIDENCE);
  const [errors, setErrors] = React.useState<EvidenceErrors>({});
  const set = (k: keyof EvidenceForm) => (_: unknown, d: { value: string }) => {
    setForm((f) => ({ ...f, [k]: d.value }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    const res = validateEvidence(form);
    if (!res.ok) {
      setErrors(res.errors);
      return;
    }
    setErrors({});
    if (await props.onAdd(item.id, res.ref)) {
      setForm(EMPTY_EVIDENCE);
      setOpen(false);
    }
  };
  const fieldId = (k: string) => `ev-${k}-${item.id}`;
  return (
    <li className={st.item} data-testid="excluded-item" data-id={item.id} data-class={item.cls} data-refs={item.refs.length} data-stated={item.stated && !item.refs.length ? "true" : "false"}>
      <span className={st.head}>
        <span className={st.id}>{item.id}</span>
        <Badge size="small" appearance="tint" color="warning">
          {item.cls}
        </Badge>
        <Badge size="small" appearance="outline" color={item.refs.length ? "success" : item.stated ? "informative" : "danger"}>
          {item.refs.length ? fmt(lang, T.evidenceCount, { n: item.refs.length }) : item.stated ? T.evidenceStated[lang] : T.evidenceNone[lang]}
        </Badge>
        {item.row !== null && (
          <Text size={200} className={st.label}>
            {fmt(lang, S.detRow, { n: item.row + 1 })}
          </Text>
        )}
      </span>
      <span className={st.line}>{item.summary[lang]}</span>
      {item.evidence && (
        <span className={st.line} data-testid="evidence-needed">
          <strong>{S.evidence[lang]}: </strong>
          {item.evidence[lang]}
        </span>
      )}
      {item.stated && item.refs.length === 0 && (
        <span className={st.line} data-testid="evidence-stated">
          <strong>{T.evidenceStatedLine[lang]}: </strong>
          {item.stated}
          {props.onAdopt && (
            <Button
              size="small"
              appearance="transparent"
              icon={<AddRegular />}
              onClick={() => props.onAdopt!(item.id)}
              disabled={busy}
              data-testid="evidence-adopt"
              style={{ marginLeft: 4 }}
            >
              {T.evidenceAdopt[lang]}
            </Button>
          )}
        </span>
      )}
      {item.refs.length > 0 && (
        <ul className={st.refs}>
          {item.refs.map((r, i) => (
            <li key={`${i}:${r.document}`} className={st.ref} data-testid="evidence-ref">
              <span className={st.refText}>
                {r.document}
                {r.page ? ` (${r.page})` : ""}
                {r.url ? ` ${r.url}` : ""}
              </span>
              <Button
                size="small"
                appearance="subtle"
                icon={<DeleteRegular />}
                aria-label={fmt(lang, T.evidenceRemove, { doc: r.document })}
                title={fmt(lang, T.evidenceRemove, { doc: r.document })}
                disabled={busy}
                onClick={() => props.onRemove(item.id, i)}
                data-testid="evidence-remove"
              />
            </li>
          ))}
        </ul>
      )}
      {!open ? (
        <Button
          size="small"
          appearance="transparent"
          icon={<AddRegular />}
          onClick={() => setOpen(true)}
          disabled={busy}
          data-testid="evidence-open"
          style={{ marginTop: 4, paddingLeft: 0 }}
        >
          {T.evidenceAdd[lang]}
        </Button>
      ) : (
        <form className={st.form} onSubmit={(e) => void submit(e)} noValidate data-testid="evidence-form">
          <Field
            label={T.evidenceDocument[lang]}
            required
            size="small"
            validationMessage={errors.document?.[lang]}
            validationState={errors.document ? "error" : "none"}
          >
            <Input
              id={fieldId("doc")}
              className={st.input}
              size="small"
              value={form.document}
              onChange={set("document")}
              data-testid="evidence-document"
            />
          </Field>
          <Field label={T.evidenceUrl[lang]} size="small" validationMessage={errors.url?.[lang]} validationState={errors.url ? "error" : "none"}>
            <Input
              id={fieldId("url")}
              className={st.input}
              size="small"
              type="url"
              value={form.url}
              onChange={set("url")}
              placeholder="https://"
              data-testid="evidence-url"
            />
          </Field>
          <Field label={T.evidencePage[lang]} size="small">
            <Input id={fieldId("page")} className={st.input} size="small" value={form.page} onChange={set("page")} data-testid="evidence-page" />
          </Field>
          <div className={st.formRow}>
            <Button size="small" appearance="primary" type="submit" disabled={busy} data-testid="evidence-submit">
              {T.evidenceSubmit[lang]}
            </Button>
            <Button
              size="small"
              onClick={() => {
                setOpen(false);
                setErrors({});
              }}
            >
              {S.cancel[lang]}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

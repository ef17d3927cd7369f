/**
 * 認定 tab: the certification form with field-level validation (parseCertification),
 * JSON import (FileReader) and the evaluation MessageBar. State comes in by props.
 */
import * as React from "react";
import {
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CheckmarkCircleRegular, SaveRegular } from "@fluentui/react-icons";
import { FIELD_LABELS, KIND_LABELS, OPTIONAL_FIELD_LABELS, STATUS_LABELS, type CertificationField } from "../../domain/certification";
import type { CertificationEvaluation, FieldError } from "../../domain/types";
import { fmt, S, type Lang } from "../i18n";
import { loadCertFile } from "../state/loaders";
import { errorsByField, type CertFormState } from "../state/certForm";
import { DateField } from "./DateField";
import { JsonFileButton } from "./JsonFileButton";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", rowGap: "10px", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", columnGap: "8px", rowGap: "10px" },
  half: { flex: "1 1 120px", minWidth: 0 },
  input: { width: "100%", minWidth: 0, "& > input": { width: "100%", minWidth: 0 } },
  buttons: { display: "flex", flexWrap: "wrap", gap: "6px" },
  list: { margin: "4px 0 0 0", paddingLeft: "18px" },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface CertificationFormProps {
  lang: Lang;
  form: CertFormState;
  errors: FieldError[];
  /** Fields whose errors are shown (touched, or all after a check / save / import). */
  showErrorsFor: "all" | ReadonlySet<string>;
  evaluation: CertificationEvaluation | null;
  /** Items of classes A and B (for the "covers n items" line). */
  coveredCount: number;
  busy: boolean;
  onChange(form: CertFormState): void;
  onBlurField(field: CertificationField): void;
  onImport(fileName: string, text: string): void;
  onImportError(fileName: string): void;
  onCheck(): void;
  onSave(): void;
}

/**
 * The form: memoized, and its fields a memoized part of their own, so that what changes without a keystroke (the
 * crosswalk arriving after the first paint enables the buttons; an evaluation) re-renders the buttons and the message,
 * not every field.
 */
export const CertificationForm = React.memo(function CertificationForm(props: CertificationFormProps) {
  const { lang, form, errors, showErrorsFor, evaluation, busy } = props;
  const st = useStyles();
  const docErrors = showErrorsFor === "all" ? (errorsByField(errors)[""] ?? []) : [];

  const readFile = (file: File) => {
    const reader = new FileReader();
    // Bytes, not text: UTF-16 (Windows) and UTF-8 with BOM are decoded by their BOM (domain/json-text.ts).
    reader.onload = () => {
      const r = reader.result;
      loadCertFile().then(
        ({ decodeJsonBytes }) => {
          const d = r !== null && typeof r !== "string" ? decodeJsonBytes(new Uint8Array(r)) : null;
          if (d?.ok) props.onImport(file.name, d.text);
          else props.onImportError(file.name);
        },
        () => props.onImportError(file.name),
      );
    };
    reader.onerror = () => props.onImportError(file.name);
    reader.readAsArrayBuffer(file);
  };

  const extraCount = Object.keys(form.extra).filter((k) => k !== "lastSurveillanceOn").length;

  return (
    <section className={st.form} aria-label={S.certHeading[lang]}>
      <div className={st.buttons}>
        <JsonFileButton
          label={S.importJson[lang]}
          title={S.importHint[lang]}
          disabled={busy}
          inputTestId="cert-file"
          onFile={readFile}
        />
      </div>

      <EvaluationMessage lang={lang} evaluation={evaluation} coveredCount={props.coveredCount} />

      {docErrors.length > 0 && (
        <MessageBar intent="error" layout="multiline" data-testid="cert-doc-errors">
          <MessageBarBody>
            {docErrors.map((e, i) => (
              <div key={i} className="wrap-anywhere">
                {e.message[lang]}
              </div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}

      <CertificationFields lang={lang} form={form} errors={errors} showErrorsFor={showErrorsFor} onChange={props.onChange} onBlurField={props.onBlurField} />

      {extraCount > 0 && (
        <Text size={200} className={st.muted}>
          {fmt(lang, S.extraKept, { n: extraCount })}
        </Text>
      )}

      <div className={st.buttons}>
        <Button icon={<CheckmarkCircleRegular />} onClick={props.onCheck} disabled={busy}>
          {S.check[lang]}
        </Button>
        <Button appearance="primary" icon={<SaveRegular />} onClick={props.onSave} disabled={busy}>
          {S.save[lang]}
        </Button>
      </div>

      {showErrorsFor === "all" && errors.length > 0 && (
        <Text role="status" data-testid="cert-error-count" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {fmt(lang, S.formHasErrors, { n: errors.length })}
        </Text>
      )}
    </section>
  );
});

type CertificationFieldsProps = Pick<CertificationFormProps, "lang" | "form" | "errors" | "showErrorsFor" | "onChange" | "onBlurField">;

type TextFieldName = "certificationNumber" | "holder" | "serviceName" | "guidelineVersion" | "checklistVersion";
type DateFieldName = "certifiedOn" | "expiresOn" | "lastSurveillanceOn";

/** What one field row gets: primitives and stable callbacks only, so a keystroke re-renders that row alone. */
interface RowProps<F extends string> {
  lang: Lang;
  field: F;
  value: string;
  /** the field's shown errors as one text ("" when none are shown) */
  error: string;
  required: boolean;
  placeholder?: string;
  className?: string;
  inputClassName: string;
  setField(field: F, value: string): void;
  onBlurField?(field: CertificationField): void;
}

const fieldId = (f: string) => `cert-${f}`;

const validationOf = (f: string, error: string) =>
  error
    ? { validationState: "error" as const, validationMessage: <span data-testid={`error-${f}`}>{error}</span> }
    : {};

const TextRow = React.memo(function TextRow(props: RowProps<TextFieldName>) {
  const { field: f, setField, onBlurField } = props;
  return (
    <Field label={FIELD_LABELS[f][props.lang]} required={props.required} {...validationOf(f, props.error)} className={props.className}>
      <Input
        className={props.inputClassName}
        id={fieldId(f)}
        name={f}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(_, d) => setField(f, d.value)}
        onBlur={() => onBlurField?.(f)}
      />
    </Field>
  );
});

// A date: typed (YYYY-MM-DD, YYYY/MM/DD, 和暦) or picked from the calendar (lazy-loaded, see DateField).
const DateRow = React.memo(function DateRow(props: RowProps<DateFieldName> & { hint: string; label: string }) {
  const { field: f, setField, onBlurField } = props;
  return (
    <Field label={props.label} required={props.required} hint={props.hint} {...validationOf(f, props.error)} className={props.className}>
      <DateField
        lang={props.lang}
        className={props.inputClassName}
        id={fieldId(f)}
        name={f}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(v) => setField(f, v)}
        onBlur={onBlurField && f !== "lastSurveillanceOn" ? () => onBlurField(f) : undefined}
      />
    </Field>
  );
});

interface ChoiceRowProps {
  lang: Lang;
  error: string;
  update(patch: Partial<CertFormState>, field: CertificationField): void;
}

const KindRow = React.memo(function KindRow(props: ChoiceRowProps & { value: string }) {
  const { lang, update } = props;
  return (
    <Field label={FIELD_LABELS.kind[lang]} required {...validationOf("kind", props.error)}>
      <RadioGroup id={fieldId("kind")} value={props.value} onChange={(_, d) => update({ kind: d.value }, "kind")}>
        <Radio value="standard" label={KIND_LABELS.standard[lang]} />
        <Radio value="provisional" label={KIND_LABELS.provisional[lang]} />
      </RadioGroup>
    </Field>
  );
});

const ScopesRow = React.memo(function ScopesRow(props: ChoiceRowProps & { checked: boolean; otherScopes: string[] }) {
  const { lang, update } = props;
  const st = useStyles();
  return (
    <Field label={FIELD_LABELS.scopes[lang]} required {...validationOf("scopes", props.error)}>
      <Checkbox
        id={fieldId("scopes")}
        data-testid="scope-health"
        required={false}
        checked={props.checked}
        label={S.scopeHealth[lang]}
        onChange={(_, d) => update({ healthMedical: d.checked === true }, "scopes")}
      />
      {props.otherScopes.length > 0 && (
        <Text size={200} className={st.muted}>
          {fmt(lang, S.otherScopes, { list: props.otherScopes.join(", ") })}
        </Text>
      )}
    </Field>
  );
});

const StatusRow = React.memo(function StatusRow(props: ChoiceRowProps & { value: string }) {
  const { lang, update } = props;
  return (
    <Field label={FIELD_LABELS.status[lang]} required {...validationOf("status", props.error)}>
      <RadioGroup id={fieldId("status")} layout="horizontal" value={props.value} onChange={(_, d) => update({ status: d.value }, "status")}>
        <Radio value="active" label={STATUS_LABELS.active[lang]} />
        <Radio value="suspended" label={STATUS_LABELS.suspended[lang]} />
        <Radio value="revoked" label={STATUS_LABELS.revoked[lang]} />
      </RadioGroup>
    </Field>
  );
});

/**
 * The fields, from the form's state and its errors only. Each text and date field is a memoized row of its own: a
 * keystroke re-renders the field typed in (and the rows whose shown errors changed), not all ten; so does a choice.
 */
const CertificationFields = React.memo(function CertificationFields(props: CertificationFieldsProps) {
  const { lang, form, errors, showErrorsFor, onChange, onBlurField } = props;
  const st = useStyles();
  const byField = errorsByField(errors);
  const shown = (f: string) => showErrorsFor === "all" || showErrorsFor.has(f);
  const errorText = (f: CertificationField) => (shown(f) ? (byField[f] ?? []).map((e) => e.message[lang]).join(" ") : "");

  // One stable setter for every row, over the latest form (the rows' props stay equal between keystrokes).
  const latest = React.useRef(form);
  latest.current = form;
  const setField = React.useCallback(
    (f: TextFieldName | DateFieldName, v: string) => {
      const cur = latest.current;
      if (f === "lastSurveillanceOn") {
        // Optional: kept with the file's other extra fields, validated by parseCertification.
        const extra = { ...cur.extra };
        if (v.trim()) extra.lastSurveillanceOn = v.trim();
        else delete extra.lastSurveillanceOn;
        onChange({ ...cur, extra });
      } else onChange({ ...cur, [f]: v });
    },
    [onChange],
  );

  // A choice (kind, scope, status) is also "left" when made: its errors show at once.
  const update = React.useCallback(
    (patch: Partial<CertFormState>, field: CertificationField) => {
      onChange({ ...latest.current, ...patch });
      onBlurField(field);
    },
    [onChange, onBlurField],
  );

  const text = (f: TextFieldName, extra?: { placeholder?: string; className?: string }) => (
    <TextRow
      lang={lang}
      field={f}
      value={form[f]}
      error={errorText(f)}
      required
      placeholder={extra?.placeholder}
      className={extra?.className}
      inputClassName={st.input}
      setField={setField}
      onBlurField={onBlurField}
    />
  );
  const date = (f: "certifiedOn" | "expiresOn") => (
    <DateRow
      lang={lang}
      field={f}
      label={FIELD_LABELS[f][lang]}
      hint={S.dateHint[lang]}
      value={form[f]}
      error={errorText(f)}
      required
      placeholder={S.datePlaceholder[lang]}
      className={st.half}
      inputClassName={st.input}
      setField={setField}
      onBlurField={onBlurField}
    />
  );
  const surveillance = form.extra.lastSurveillanceOn;

  return (
    <>
      {text("certificationNumber", { placeholder: "IB-2024-0001" })}
      {text("holder")}
      {text("serviceName")}

      <KindRow lang={lang} value={form.kind} error={errorText("kind")} update={update} />

      <div className={st.row}>
        {text("guidelineVersion", { placeholder: S.versionPlaceholder[lang], className: st.half })}
        {text("checklistVersion", { placeholder: S.versionPlaceholder[lang], className: st.half })}
      </div>

      <ScopesRow lang={lang} checked={form.healthMedical} otherScopes={form.otherScopes} error={errorText("scopes")} update={update} />

      <div className={st.row}>
        {date("certifiedOn")}
        {date("expiresOn")}
      </div>
      <DateRow
        lang={lang}
        field="lastSurveillanceOn"
        label={OPTIONAL_FIELD_LABELS.lastSurveillanceOn[lang]}
        hint={S.surveillanceHint[lang]}
        value={typeof surveillance === "string" ? surveillance : ""}
        // (its errors are shown after a check / save / import only: it is optional, and has no blur of its own)
        error={showErrorsFor === "all" ? errors.filter((e) => e.field === "lastSurveillanceOn").map((e) => e.message[lang]).join(" ") : ""}
        required={false}
        placeholder={S.datePlaceholder[lang]}
        inputClassName={st.input}
        setField={setField}
      />

      <StatusRow lang={lang} value={form.status} error={errorText("status")} update={update} />
    </>
  );
});

/** valid / warning (P認定) / not valid, with every reason. */
export const EvaluationMessage = React.memo(function EvaluationMessage(props: { lang: Lang; evaluation: CertificationEvaluation | null; coveredCount: number }) {
  const { lang, evaluation } = props;
  const st = useStyles();
  if (!evaluation)
    return (
      <MessageBar intent="info" layout="multiline" data-testid="cert-evaluation" data-state="incomplete">
        <MessageBarBody>{S.evalIncomplete[lang]}</MessageBarBody>
      </MessageBar>
    );
  const state = !evaluation.valid ? "invalid" : evaluation.warnings.length ? "warning" : "valid";
  const intent = state === "invalid" ? "error" : state === "warning" ? "warning" : "success";
  const title =
    state === "invalid"
      ? fmt(lang, S.evalInvalid, { asOf: evaluation.asOf })
      : state === "warning"
        ? `${S.evalWarning[lang]} — ${fmt(lang, S.evalValid, { asOf: evaluation.asOf })}`
        : fmt(lang, S.evalValid, { asOf: evaluation.asOf });
  const reasons = state === "invalid" ? evaluation.problems : evaluation.warnings;
  return (
    <MessageBar intent={intent} layout="multiline" data-testid="cert-evaluation" data-state={state}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {state !== "invalid" && <div>{fmt(lang, S.evalValidBody, { n: props.coveredCount })}</div>}
        {reasons.length > 0 && (
          <ul className={st.list}>
            {reasons.map((p) => (
              <li key={p.code} data-code={p.code} className="wrap-anywhere">
                {p.message[lang]}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
});

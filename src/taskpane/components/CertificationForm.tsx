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

/** The fields, from the form's state and its errors only. */
const CertificationFields = React.memo(function CertificationFields(props: CertificationFieldsProps) {
  const { lang, form, errors, showErrorsFor, onChange, onBlurField } = props;
  const st = useStyles();
  const byField = errorsByField(errors);
  const shown = (f: string) => showErrorsFor === "all" || showErrorsFor.has(f);
  const fieldErrors = (f: CertificationField) => (shown(f) ? (byField[f] ?? []) : []);
  const id = (f: string) => `cert-${f}`;
  const validation = (f: CertificationField) => {
    const list = fieldErrors(f);
    return list.length
      ? {
          validationState: "error" as const,
          validationMessage: (
            <span data-testid={`error-${f}`}>{list.map((e) => e.message[lang]).join(" ")}</span>
          ),
        }
      : {};
  };

  const text = (f: "certificationNumber" | "holder" | "serviceName" | "guidelineVersion" | "checklistVersion", extra?: { placeholder?: string; className?: string }) => (
    <Field label={FIELD_LABELS[f][lang]} required {...validation(f)} className={extra?.className}>
      <Input
        className={st.input}
        id={id(f)}
        name={f}
        value={form[f]}
        placeholder={extra?.placeholder}
        onChange={(_, d) => onChange({ ...form, [f]: d.value })}
        onBlur={() => onBlurField(f)}
      />
    </Field>
  );

  // A date: typed (YYYY-MM-DD, YYYY/MM/DD, 和暦) or picked from the calendar (lazy-loaded, see DateField).
  const date = (f: "certifiedOn" | "expiresOn") => (
    <Field label={FIELD_LABELS[f][lang]} required hint={S.dateHint[lang]} {...validation(f)} className={st.half}>
      <DateField
        lang={lang}
        className={st.input}
        id={id(f)}
        name={f}
        value={form[f]}
        placeholder={S.datePlaceholder[lang]}
        onChange={(v) => onChange({ ...form, [f]: v })}
        onBlur={() => onBlurField(f)}
      />
    </Field>
  );

  return (
    <>
      {text("certificationNumber", { placeholder: "IB-2024-0001" })}
      {text("holder")}
      {text("serviceName")}

      <Field label={FIELD_LABELS.kind[lang]} required {...validation("kind")}>
        <RadioGroup
          id={id("kind")}
          value={form.kind}
          onChange={(_, d) => {
            onChange({ ...form, kind: d.value });
            onBlurField("kind");
          }}
        >
          <Radio value="standard" label={KIND_LABELS.standard[lang]} />
          <Radio value="provisional" label={KIND_LABELS.provisional[lang]} />
        </RadioGroup>
      </Field>

      <div className={st.row}>
        {text("guidelineVersion", { placeholder: S.versionPlaceholder[lang], className: st.half })}
        {text("checklistVersion", { placeholder: S.versionPlaceholder[lang], className: st.half })}
      </div>

      <Field label={FIELD_LABELS.scopes[lang]} required {...validation("scopes")}>
        <Checkbox
          id={id("scopes")}
          data-testid="scope-health"
          required={false}
          checked={form.healthMedical}
          label={S.scopeHealth[lang]}
          onChange={(_, d) => {
            onChange({ ...form, healthMedical: d.checked === true });
            onBlurField("scopes");
          }}
        />
        {form.otherScopes.length > 0 && (
          <Text size={200} className={st.muted}>
            {fmt(lang, S.otherScopes, { list: form.otherScopes.join(", ") })}
          </Text>
        )}
      </Field>

      <div className={st.row}>
        {date("certifiedOn")}
        {date("expiresOn")}
      </div>
      {(() => {
        // Optional: kept with the file's other extra fields, validated by parseCertification.
        const list = errors.filter((e) => e.field === "lastSurveillanceOn");
        const value = form.extra.lastSurveillanceOn;
        return (
          <Field
            label={OPTIONAL_FIELD_LABELS.lastSurveillanceOn[lang]}
            hint={S.surveillanceHint[lang]}
            {...(list.length && showErrorsFor === "all"
              ? { validationState: "error" as const, validationMessage: <span data-testid="error-lastSurveillanceOn">{list.map((e) => e.message[lang]).join(" ")}</span> }
              : {})}
          >
            <DateField
              lang={lang}
              className={st.input}
              id={id("lastSurveillanceOn")}
              name="lastSurveillanceOn"
              value={typeof value === "string" ? value : ""}
              placeholder={S.datePlaceholder[lang]}
              onChange={(v) => {
                const extra = { ...form.extra };
                if (v.trim()) extra.lastSurveillanceOn = v.trim();
                else delete extra.lastSurveillanceOn;
                onChange({ ...form, extra });
              }}
            />
          </Field>
        );
      })()}

      <Field label={FIELD_LABELS.status[lang]} required {...validation("status")}>
        <RadioGroup
          id={id("status")}
          layout="horizontal"
          value={form.status}
          onChange={(_, d) => {
            onChange({ ...form, status: d.value });
            onBlurField("status");
          }}
        >
          <Radio value="active" label={STATUS_LABELS.active[lang]} />
          <Radio value="suspended" label={STATUS_LABELS.suspended[lang]} />
          <Radio value="revoked" label={STATUS_LABELS.revoked[lang]} />
        </RadioGroup>
      </Field>
    </>
  );
});

/** valid / warning (P認定) / not valid, with every reason. */
export function EvaluationMessage(props: { lang: Lang; evaluation: CertificationEvaluation | null; coveredCount: number }) {
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
}

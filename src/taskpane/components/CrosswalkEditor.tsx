/**
 * 概要 tab, 専門家による修正: an expert changes an item's class, 情報銀行 references and rationale, or assigns a sheet item
 * the catalog does not know; the entry's provenance becomes `user` (name, date). The edited crosswalk is used for the
 * session and can be saved as a crosswalk file. State comes in by props; the component never calls Office.
 */
import * as React from "react";
import { Button, Dropdown, Field, Input, MessageBar, MessageBarBody, Option, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { addEntry, editEntry, type EntryChange } from "../../domain/crosswalk-edit";
import { parseRefsCell, refsCell } from "../../domain/crosswalk-table";
import { ITEM_CLASSES, type Crosswalk, type DetectedItem, type ItemClass, type Localized } from "../../domain/types";
import { fmt, S, type Lang } from "../i18n-panels";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "6px", minWidth: 0 },
  h: { fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: tokens.fontSizeBase300 },
  row: { display: "flex", flexWrap: "wrap", gap: "6px" },
  dropdown: { minWidth: 0, width: "100%" },
});

export interface CrosswalkEditorProps {
  lang: Lang;
  crosswalk: Crosswalk;
  /** Sheet items the catalog does not know (can be assigned). */
  unknown: DetectedItem[];
  today: string;
  busy: boolean;
  onEdited(next: Crosswalk, id: string): void;
  onSave(crosswalk: Crosswalk): void;
}

const UNKNOWN = "unknown:";

export function CrosswalkEditor(props: CrosswalkEditorProps) {
  const { lang, crosswalk } = props;
  const st = useStyles();
  const [target, setTarget] = React.useState<string>("");
  const [cls, setCls] = React.useState<ItemClass>("B");
  const [refs, setRefs] = React.useState("");
  const [rationale, setRationale] = React.useState<Localized>({ ja: "", en: "" });
  const [evidence, setEvidence] = React.useState<Localized>({ ja: "", en: "" });
  const [gap, setGap] = React.useState<Localized>({ ja: "", en: "" });
  const [summary, setSummary] = React.useState<Localized>({ ja: "", en: "" });
  const [by, setBy] = React.useState("");
  const [on, setOn] = React.useState(props.today);
  const [errors, setErrors] = React.useState<Localized[]>([]);

  const unknownItem = target.startsWith(UNKNOWN) ? props.unknown.find((u) => `${UNKNOWN}${u.row}` === target) ?? null : null;
  const choose = (value: string) => {
    setTarget(value);
    setErrors([]);
    const e = crosswalk.entries.find((x) => x.id === value);
    if (e) {
      setCls(e.class);
      setRefs(refsCell(e.infobankRefs));
      setRationale(e.provenance.rationale);
      setEvidence(e.evidence ?? { ja: "", en: "" });
      setGap(e.gap ?? { ja: "", en: "" });
    } else {
      setRefs("");
      setRationale({ ja: "", en: "" });
      setEvidence({ ja: "", en: "" });
      setGap({ ja: "", en: "" });
      setSummary({ ja: "", en: "" });
    }
  };

  const apply = () => {
    const parsed = parseRefsCell(refs);
    if (!parsed) {
      setErrors([{ ja: fmt("ja", S.cwEditBadRefs, { refs }), en: fmt("en", S.cwEditBadRefs, { refs }) }]);
      return;
    }
    const change: EntryChange = { class: cls, infobankRefs: parsed, rationale };
    if (cls === "C" || cls === "D") change.evidence = evidence;
    if (cls === "C") change.gap = gap;
    const editor = { by, on };
    const r = unknownItem
      ? addEntry(
          crosswalk,
          { section: unknownItem.section ?? "", part: unknownItem.part, topic: unknownItem.topic ?? 0, check: unknownItem.check ?? 0, summary },
          change,
          editor,
        )
      : editEntry(crosswalk, target, change, editor);
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setErrors([]);
    props.onEdited(r.crosswalk, r.entry.id);
  };

  const field = (label: Localized, value: Localized, set: (v: Localized) => void, testid: string) => (
    <>
      <Field label={`${label[lang]}（日本語）`}>
        <Textarea value={value.ja} data-testid={`${testid}-ja`} onChange={(_, d) => set({ ...value, ja: d.value })} />
      </Field>
      <Field label={`${label[lang]} (English)`}>
        <Textarea value={value.en} data-testid={`${testid}-en`} onChange={(_, d) => set({ ...value, en: d.value })} />
      </Field>
    </>
  );

  return (
    <section className={st.root} aria-label={S.cwEditHeading[lang]} data-testid="crosswalk-editor">
      <h3 className={st.h}>{S.cwEditHeading[lang]}</h3>
      <Field label={S.cwEditItem[lang]}>
        <Dropdown
          className={st.dropdown}
          data-testid="cwedit-item"
          value={unknownItem ? `${unknownItem.rawId}（${fmt(lang, S.detRow, { n: unknownItem.row + 1 })}）` : target}
          selectedOptions={target ? [target] : []}
          onOptionSelect={(_, d) => choose(d.optionValue ?? "")}
        >
          {props.unknown.map((u) => (
            <Option key={`u${u.row}`} value={`${UNKNOWN}${u.row}`} text={`${u.id}`}>
              {`${S.cwEditUnknown[lang]} ${u.id}（${fmt(lang, S.detRow, { n: u.row + 1 })}）`}
            </Option>
          ))}
          {crosswalk.entries.map((e) => (
            <Option key={e.id} value={e.id}>
              {e.id}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {target && (
        <>
          <Field label={S.cwEditClass[lang]}>
            <Dropdown value={cls} selectedOptions={[cls]} data-testid="cwedit-class" onOptionSelect={(_, d) => setCls((d.optionValue as ItemClass) ?? "B")}>
              {ITEM_CLASSES.map((c) => (
                <Option key={c} value={c}>
                  {c}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label={S.cwEditRefs[lang]} hint={S.cwEditRefsHint[lang]}>
            <Input value={refs} data-testid="cwedit-refs" onChange={(_, d) => setRefs(d.value)} />
          </Field>
          {field(S.rationale, rationale, setRationale, "cwedit-rationale")}
          {(cls === "C" || cls === "D") && field(S.evidence, evidence, setEvidence, "cwedit-evidence")}
          {cls === "C" && field(S.gap, gap, setGap, "cwedit-gap")}
          {unknownItem && field(S.cwEditSummary, summary, setSummary, "cwedit-summary")}
          <div className={st.row}>
            <Field label={S.cwEditBy[lang]}>
              <Input value={by} data-testid="cwedit-by" onChange={(_, d) => setBy(d.value)} />
            </Field>
            <Field label={S.cwEditOn[lang]}>
              <Input value={on} data-testid="cwedit-on" onChange={(_, d) => setOn(d.value)} />
            </Field>
          </div>
          {errors.length > 0 && (
            <MessageBar intent="error" layout="multiline" data-testid="cwedit-errors">
              <MessageBarBody>
                {errors.map((e, i) => (
                  <div key={i} className="wrap-anywhere">
                    {e[lang]}
                  </div>
                ))}
              </MessageBarBody>
            </MessageBar>
          )}
          <Button appearance="primary" disabled={props.busy} data-testid="cwedit-apply" onClick={apply}>
            {S.cwEditApply[lang]}
          </Button>
        </>
      )}
      <Button disabled={props.busy} data-testid="cwedit-save" onClick={() => props.onSave(crosswalk)}>
        {S.cwEditSave[lang]}
      </Button>
    </section>
  );
}

/** Save a crosswalk as a `phr-infobank-crosswalk/1` JSON file (browser download; no Office call). */
export function downloadCrosswalk(crosswalk: Crosswalk): void {
  const blob = new Blob([JSON.stringify(crosswalk, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `crosswalk-${crosswalk.crosswalkVersion.replace(/[^\w.+-]/g, "_")}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

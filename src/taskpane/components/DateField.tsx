/**
 * A certification date: a plain input that becomes Fluent's DatePicker once its chunk has loaded (React.lazy:
 * the picker is not part of the pane's first-load JavaScript; its chunk is fetched in an idle moment after the
 * pane's first read, idle.ts). The plain input is also the Suspense fallback, so the field works from the first
 * paint, and it stays while the text is one the parser cannot read (the user sees
 * what they typed next to the form's error) until the field is left with a readable date or empty.
 */
import * as React from "react";
import { Input } from "@fluentui/react-components";
import { parseDateInput } from "../../domain/dates";
import type { Lang } from "../i18n";
import { IDLE_PRIORITY, whenIdle } from "../idle";

const loadPicker = () => import(/* webpackChunkName: "date-picker" */ "./DatePickerField");
const DatePickerField = React.lazy(loadPicker);
/** The picker's chunk is evaluated (fetched in the background once the pane is idle, see idle.ts). */
let pickerLoaded = false;
/** The fields waiting for the picker, and the one idle job that loads it for all of them (the form has three). */
const waiting = new Set<() => void>();
let cancelPickerJob: (() => void) | null = null;

/**
 * Call `ready` once the picker's chunk is there, loading it in an idle moment: one job in the idle queue however many
 * fields wait, taken back when the last of them goes (the tab was left before the pane was idle). Exported for tests.
 */
export function whenPickerLoaded(ready: () => void): () => void {
  if (pickerLoaded) {
    ready();
    return () => undefined;
  }
  waiting.add(ready);
  cancelPickerJob ??= whenIdle(
    () =>
      loadPicker().then(() => {
        pickerLoaded = true;
        cancelPickerJob = null;
        for (const f of [...waiting]) f();
        waiting.clear();
      }),
    IDLE_PRIORITY.datePicker,
  );
  return () => {
    waiting.delete(ready);
    if (!waiting.size && cancelPickerJob && !pickerLoaded) {
      cancelPickerJob();
      cancelPickerJob = null;
    }
  };
}

export interface DateFieldProps {
  lang: Lang;
  id: string;
  name: string;
  /** The form's text: YYYY-MM-DD once a date is picked or a typed one is committed. */
  value: string;
  placeholder?: string;
  className?: string;
  disabled?: boolean;
  /** Every keystroke (the form validates as before) and every committed date (YYYY-MM-DD, or "" when cleared). */
  onChange(text: string): void;
  onBlur?(): void;
}

const unreadable = (text: string) => text.trim() !== "" && !parseDateInput(text).ok;

export function DateField(props: DateFieldProps) {
  const { value, onChange } = props;
  // Plain input while the text is unreadable (typed, imported or stored so); back to the picker on leaving it readable.
  const [plain, setPlain] = React.useState(() => unreadable(value));
  const focused = React.useRef(false);
  React.useEffect(() => {
    if (!focused.current && unreadable(value)) setPlain(true);
  }, [value]);
  // The picker comes after the pane's first read, in an idle moment; a field the user is typing in keeps its plain
  // input until it is left (the swap would take the focus away).
  const [picker, setPicker] = React.useState(pickerLoaded);
  const [typing, setTyping] = React.useState(false);
  React.useEffect(() => (picker ? undefined : whenPickerLoaded(() => setPicker(true))), [picker]);

  const input = (
    <Input
      className={props.className}
      id={props.id}
      name={props.name}
      value={value}
      placeholder={props.placeholder}
      disabled={props.disabled}
      data-date-input="plain"
      onFocus={() => {
        focused.current = true;
        setTyping(true);
      }}
      onChange={(_, d) => onChange(d.value)}
      onBlur={() => {
        focused.current = false;
        setTyping(false);
        if (!unreadable(value)) setPlain(false);
        props.onBlur?.();
      }}
    />
  );
  if (plain || !picker || typing) return input;
  return (
    <React.Suspense fallback={input}>
      <DatePickerField
        lang={props.lang}
        id={props.id}
        name={props.name}
        value={value}
        placeholder={props.placeholder}
        className={props.className}
        disabled={props.disabled}
        onChange={onChange}
        onFocus={() => (focused.current = true)}
        onBlur={() => {
          focused.current = false;
          props.onBlur?.();
        }}
        onUnreadable={(text) => {
          onChange(text);
          setPlain(true);
        }}
      />
    </React.Suspense>
  );
}

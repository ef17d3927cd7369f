/**
 * A certification date: a plain input that becomes Fluent's DatePicker once its chunk has loaded (React.lazy:
 * the picker is not part of the pane's first-load JavaScript). The plain input is the Suspense fallback, so the
 * field works from the first paint, and it stays while the text is one the parser cannot read (the user sees
 * what they typed next to the form's error) until the field is left with a readable date or empty.
 */
import * as React from "react";
import { Input } from "@fluentui/react-components";
import { parseDateInput } from "../../domain/dates";
import type { Lang } from "../i18n";

const DatePickerField = React.lazy(() => import(/* webpackChunkName: "date-picker" */ "./DatePickerField"));

export interface DateFieldProps {
  lang: Lang;
  id: string;
  name: string;
  value: string;
  placeholder?: string;
  className?: string;
  disabled?: boolean;
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

  const input = (
    <Input
      className={props.className}
      id={props.id}
      name={props.name}
      value={value}
      placeholder={props.placeholder}
      disabled={props.disabled}
      data-date-input="plain"
      onFocus={() => (focused.current = true)}
      onChange={(_, d) => onChange(d.value)}
      onBlur={() => {
        focused.current = false;
        if (!unreadable(value)) setPlain(false);
        props.onBlur?.();
      }}
    />
  );
  if (plain) return input;
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

/**
 * The date picker of a certification date (lazy chunk: DateField.tsx loads it with React.lazy, so Fluent's
 * DatePicker never weighs on the pane's first load). Typed input stays: allowTextInput, parsed by
 * domain/dates.ts (YYYY-MM-DD, YYYY/MM/DD, 和暦), shown and stored as YYYY-MM-DD.
 *
 * Keyboard: type a date, or ↓ / Enter opens the calendar (arrows move by day, PageUp/PageDown by month, Enter
 * picks, Esc closes); 今日 / Go to today and every calendar label come in the pane's language.
 */
import * as React from "react";
import { DatePicker } from "@fluentui/react-datepicker-compat";
import { parseDateInput } from "../../domain/dates";
import type { DateFieldProps } from "./DateField";
import { CALENDAR_LABEL, CALENDAR_STRINGS, JA_DATE_FORMATTING } from "./calendarStrings";

/** DateField's props (a type only: nothing of DateField's module comes into this chunk), and: */
export interface DatePickerFieldProps extends DateFieldProps {
  onFocus?(): void;
  /** A typed text the parser cannot read: the field shows it as typed, in a plain input, with the form's error. */
  onUnreadable(text: string): void;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** YYYY-MM-DD of a local date (the picker's dates are local midnight). */
export function isoOfDate(d?: Date | null): string {
  return d && !isNaN(d.getTime()) ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : "";
}

/** A typed date read by domain/dates.ts, as the picker's local date (null when unreadable). */
export function dateOfText(text: string): Date | null {
  const r = parseDateInput(text);
  if (!r.ok) return null;
  const [y, m, d] = r.iso.split("-").map(Number);
  const date = new Date(y, m - 1, d);
  date.setFullYear(y); // years below 100 stay themselves
  return date;
}

export default function DatePickerField(props: DatePickerFieldProps) {
  const { lang, value, onChange } = props;
  // While the user types, the picker's date stays the one committed before (a new `value` would reformat the text
  // under the cursor); it follows the form again on blur, on a pick, and on any change from outside (import, load).
  const [frozen, setFrozen] = React.useState<string | null>(null);
  const typed = React.useRef("");
  const source = frozen ?? value;
  const date = React.useMemo(() => (source.trim() ? dateOfText(source) : null), [source]);

  return (
    <DatePicker
      id={props.id}
      name={props.name}
      className={props.className}
      disabled={props.disabled}
      placeholder={props.placeholder}
      allowTextInput
      value={date}
      formatDate={isoOfDate}
      parseDateFromString={dateOfText}
      strings={CALENDAR_STRINGS[lang]}
      dateTimeFormatter={lang === "ja" ? JA_DATE_FORMATTING : undefined}
      popupSurface={{ "aria-label": CALENDAR_LABEL[lang] }}
      showCloseButton
      onChange={(_, d) => {
        typed.current = d.value;
        if (frozen === null) setFrozen(value);
        onChange(d.value);
      }}
      onFocus={props.onFocus}
      onBlur={() => {
        setFrozen(null);
        props.onBlur?.();
      }}
      onSelectDate={(d) => {
        setFrozen(null);
        onChange(isoOfDate(d));
      }}
      onValidationResult={(r) => {
        // Called after onSelectDate on every commit. On an unreadable text the picker put its previous date back;
        // keep what the user typed instead, so the form says why it is wrong.
        const text = typed.current;
        typed.current = "";
        if (r.error === "invalid-input" && text.trim()) props.onUnreadable(text);
      }}
    />
  );
}

/**
 * Calendar texts of the date picker, Japanese and English (month and day names, 今日 / Go to today, the labels
 * screen readers announce). Imported only by DatePickerField.tsx, so it travels in the date picker's lazy chunk.
 */
import type { CalendarStrings, DatePickerProps } from "@fluentui/react-datepicker-compat";
import type { Lang } from "../i18n-panels";

type DateFormatting = NonNullable<DatePickerProps["dateTimeFormatter"]>;

const JA_MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);

export const CALENDAR_STRINGS: Record<Lang, CalendarStrings> = {
  ja: {
    months: JA_MONTHS,
    shortMonths: JA_MONTHS,
    days: ["日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"],
    shortDays: ["日", "月", "火", "水", "木", "金", "土"],
    goToToday: "今日",
    prevMonthAriaLabel: "前の月へ",
    nextMonthAriaLabel: "次の月へ",
    prevYearAriaLabel: "前の年へ",
    nextYearAriaLabel: "次の年へ",
    prevYearRangeAriaLabel: "前の年の範囲へ",
    nextYearRangeAriaLabel: "次の年の範囲へ",
    closeButtonAriaLabel: "カレンダーを閉じる",
    weekNumberFormatString: "第{0}週",
    selectedDateFormatString: "選択中の日付 {0}",
    todayDateFormatString: "今日の日付 {0}",
    monthPickerHeaderAriaLabel: "{0}、年を変更",
    yearPickerHeaderAriaLabel: "{0}、月を変更",
    dayMarkedAriaLabel: "印あり",
  },
  en: {
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    shortMonths: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    shortDays: ["S", "M", "T", "W", "T", "F", "S"],
    goToToday: "Go to today",
    prevMonthAriaLabel: "Go to previous month",
    nextMonthAriaLabel: "Go to next month",
    prevYearAriaLabel: "Go to previous year",
    nextYearAriaLabel: "Go to next year",
    prevYearRangeAriaLabel: "Previous year range",
    nextYearRangeAriaLabel: "Next year range",
    closeButtonAriaLabel: "Close date picker",
    weekNumberFormatString: "Week number {0}",
    selectedDateFormatString: "Selected date {0}",
    todayDateFormatString: "Today's date {0}",
    monthPickerHeaderAriaLabel: "{0}, change year",
    yearPickerHeaderAriaLabel: "{0}, change month",
    dayMarkedAriaLabel: "marked",
  },
};

/** The popup's accessible name (the package's default is the English "Calendar"). */
export const CALENDAR_LABEL: Record<Lang, string> = { ja: "カレンダー", en: "Calendar" };

/** Japanese order: 2025年10月, 2025年10月1日 (the default formatter writes "10月 2025"). */
export const JA_DATE_FORMATTING: DateFormatting = {
  formatDay: (d) => String(d.getDate()),
  formatMonth: (d, s) => s.months[d.getMonth()],
  formatYear: (d) => String(d.getFullYear()),
  formatMonthDayYear: (d) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`,
  formatMonthYear: (d) => `${d.getFullYear()}年${d.getMonth() + 1}月`,
};

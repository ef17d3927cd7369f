/**
 * The pane's tab strip: the WAI-ARIA tabs pattern (role tablist / tab, aria-selected, one tab in the Tab order,
 * arrow keys, Home and End move between tabs, Enter or Space opens the focused one: manual activation, because a
 * tab's panel may still have to be loaded), drawn with Fluent's tokens like Fluent's small TabList.
 *
 * Why not Fluent's TabList: its keyboard handling comes from tabster (arrow-navigation groups), which nothing else
 * in the pane's first view needs; this strip keeps ~30 KB gzip of it out of the first-load JavaScript. The panels
 * loaded later (dialogs, lists) use tabster as before.
 */
import * as React from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";

export interface TabStripTab {
  value: string;
  label: string;
}

export interface TabStripProps {
  tabs: readonly TabStripTab[];
  selected: string;
  onSelect(value: string): void;
  "aria-label": string;
  className?: string;
  /** id of a tab element; the panel refers to it with aria-labelledby */
  idOf(value: string): string;
}

const useStyles = makeStyles({
  list: { display: "flex", flexWrap: "wrap", alignItems: "stretch" },
  tab: {
    position: "relative",
    display: "inline-flex",
    alignItems: "center",
    minHeight: "32px",
    padding: "4px 10px 6px 10px",
    border: "none",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorTransparentBackground,
    color: tokens.colorNeutralForeground2,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightRegular,
    cursor: "pointer",
    outlineStyle: "none",
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover, color: tokens.colorNeutralForeground2Hover },
    ":active": { backgroundColor: tokens.colorSubtleBackgroundPressed },
    ":focus-visible": {
      boxShadow: `inset 0 0 0 ${tokens.strokeWidthThick} ${tokens.colorStrokeFocus2}`,
    },
    // the selection indicator: a bar under the label, as Fluent's Tab draws it
    "::after": {
      content: '""',
      position: "absolute",
      left: "10px",
      right: "10px",
      bottom: "0",
      height: tokens.strokeWidthThicker,
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: tokens.colorTransparentStroke,
    },
    ":hover::after": { backgroundColor: tokens.colorNeutralStroke1Hover },
  },
  selected: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    ":hover": { color: tokens.colorNeutralForeground1Hover },
    "::after": { backgroundColor: tokens.colorCompoundBrandStroke },
    ":hover::after": { backgroundColor: tokens.colorCompoundBrandStrokeHover },
  },
});

export const TabStrip = React.memo(function TabStrip(props: TabStripProps) {
  const st = useStyles();
  const refs = React.useRef(new Map<string, HTMLButtonElement>());
  const { tabs } = props;
  const focusAt = (i: number) => {
    const t = tabs[(i + tabs.length) % tabs.length];
    if (t) refs.current.get(t.value)?.focus();
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLButtonElement>, i: number) => {
    const move: Record<string, number | undefined> = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: tabs.length - 1 };
    const to = move[e.key];
    if (to === undefined) return;
    e.preventDefault();
    focusAt(to);
  };
  // the selected tab is the one reached with Tab; when the selection is not in the list, the first tab is
  const tabStop = tabs.some((t) => t.value === props.selected) ? props.selected : tabs[0]?.value;
  return (
    <div role="tablist" aria-label={props["aria-label"]} aria-orientation="horizontal" className={mergeClasses(st.list, props.className)}>
      {tabs.map((t, i) => {
        const selected = t.value === props.selected;
        return (
          <button
            key={t.value}
            ref={(el) => {
              if (el) refs.current.set(t.value, el);
              else refs.current.delete(t.value);
            }}
            type="button"
            role="tab"
            id={props.idOf(t.value)}
            aria-selected={selected}
            tabIndex={t.value === tabStop ? 0 : -1}
            data-testid={`tab-${t.value}`}
            className={mergeClasses(st.tab, selected && st.selected)}
            onClick={() => props.onSelect(t.value)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
});

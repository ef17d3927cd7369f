/**
 * The remarks template of 一括入力 with its placeholders made visible: each `{name}` in the template is a
 * highlighted token followed by what it will be filled in with (認定番号 …), an unknown one is flagged (it would be
 * written as typed), the legend lists every placeholder with its meaning and this certification's value, and one
 * example shows the text a covered item's 備考 will get.
 */
import * as React from "react";
import { Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { fmt } from "../i18n-panels";
import { remarksContext, renderRemarks, REMARKS_PLACEHOLDERS, type RemarksPlaceholder } from "../../domain/mark";
import type { Certification, CrosswalkEntry } from "../../domain/types";
import type { Lang } from "../i18n-panels";
import { T } from "../tabs/strings";

// Lazy-loaded with the tabs: Fluent UI and the strings come through the kit (see ../kit.ts).

export type TemplateSegment = { kind: "text"; text: string } | { kind: "placeholder"; name: string; known: boolean };

/** The template cut into literal text and `{name}` placeholders (the syntax renderRemarks fills in). */
export function templateSegments(template: string): TemplateSegment[] {
  const out: TemplateSegment[] = [];
  const re = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
  let at = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > at) out.push({ kind: "text", text: template.slice(at, m.index) });
    out.push({ kind: "placeholder", name: m[1], known: (REMARKS_PLACEHOLDERS as readonly string[]).includes(m[1]) });
    at = m.index + m[0].length;
  }
  if (at < template.length) out.push({ kind: "text", text: template.slice(at) });
  return out;
}

const paren = (lang: Lang, text: string) => (lang === "ja" ? `（${text}）` : ` (${text})`);

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: "4px",
    minWidth: 0,
    overflowWrap: "anywhere",
    fontSize: tokens.fontSizeBase200,
  },
  line: { lineHeight: "1.9" },
  token: {
    fontFamily: tokens.fontFamilyMonospace,
    backgroundColor: tokens.colorPaletteYellowBackground2,
    color: tokens.colorNeutralForeground1,
    border: `1px solid ${tokens.colorPaletteYellowBorderActive}`,
    borderRadius: tokens.borderRadiusSmall,
    padding: "0 2px",
  },
  unknown: { backgroundColor: tokens.colorPaletteRedBackground2, border: `1px solid ${tokens.colorPaletteRedBorderActive}` },
  meaning: { color: tokens.colorNeutralForeground2, marginLeft: "2px", marginRight: "2px" },
  legend: { display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", columnGap: "8px", rowGap: "2px", margin: 0 },
  pair: { display: "contents" },
  dd: { margin: 0, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  example: { borderLeft: `3px solid ${tokens.colorNeutralStroke1}`, paddingLeft: "6px" },
});

export interface TemplateLegendProps {
  lang: Lang;
  template: string;
  meaning: Record<RemarksPlaceholder, { ja: string; en: string }>;
  certification: Certification | null;
  /** A covered item whose 備考 the example shows (null: no example). */
  example: Pick<CrosswalkEntry, "id" | "class" | "infobankRefs"> | null;
}

export function TemplateLegend(props: TemplateLegendProps) {
  const { lang, template, meaning, certification, example } = props;
  const st = useStyles();
  const segments = React.useMemo(() => templateSegments(template), [template]);
  const values = certification && example ? remarksContext(certification, example, lang) : null;
  const unknown = [...new Set(segments.flatMap((s) => (s.kind === "placeholder" && !s.known ? [s.name] : [])))];
  return (
    <div className={st.root} data-testid="template-legend">
      <Text size={200} weight="semibold" id="template-legend-title">
        {T.templateReading[lang]}
      </Text>
      <div className={st.line} data-testid="template-tokens">
        {segments.map((s, i) =>
          s.kind === "text" ? (
            <span key={i}>{s.text}</span>
          ) : (
            <span key={i} data-testid="template-token" data-name={s.name} data-known={s.known ? "true" : "false"}>
              <mark className={mergeClasses(st.token, !s.known && st.unknown)}>{`{${s.name}}`}</mark>
              <span className={st.meaning}>
                {paren(lang, s.known ? meaning[s.name as RemarksPlaceholder][lang] : T.templateUnknownShort[lang])}
              </span>
            </span>
          ),
        )}
      </div>
      {unknown.length > 0 && (
        <Text size={200} role="status" data-testid="template-unknown" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {fmt(lang, T.templateUnknown, { list: unknown.map((n) => `{${n}}`).join(lang === "ja" ? "、" : ", ") })}
        </Text>
      )}
      <Text size={200} weight="semibold">
        {T.bulkPlaceholders[lang]}
      </Text>
      <dl className={st.legend} data-testid="template-meanings">
        {REMARKS_PLACEHOLDERS.map((p) => (
          <div key={p} className={st.pair} data-testid="bulk-placeholder" data-name={p}>
            <dt>
              <mark className={st.token}>{`{${p}}`}</mark>
            </dt>
            <dd className={st.dd} data-testid="placeholder-meaning">
              {meaning[p][lang]}
              {values?.[p] !== undefined && (
                <span className={st.muted} data-testid="placeholder-value">
                  {lang === "ja" ? `（例: ${values[p]}）` : ` (e.g. ${values[p]})`}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {values && example && (
        <Text size={200} className={st.example} data-testid="template-example">
          <span className={st.muted}>{fmt(lang, T.templateExample, { id: example.id })} </span>
          {renderRemarks(template, values)}
        </Text>
      )}
    </div>
  );
}

/**
 * First-run guidance: shown on 認定 while the workbook holds nothing of the add-in and no certification is entered.
 * The applicant's path in order: certification → apply → the nine items → bulk-mark.
 */
import * as React from "react";
import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { S, type Lang } from "../i18n";

const useStyles = makeStyles({
  root: {
    border: `1px solid ${tokens.colorBrandStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground2,
    padding: "8px 10px",
    marginBottom: "8px",
    minWidth: 0,
    overflowWrap: "anywhere",
  },
  list: { margin: "4px 0 0 0", paddingLeft: "20px", display: "flex", flexDirection: "column", rowGap: "2px" },
});

export const FirstRun = React.memo(function FirstRun(props: { lang: Lang }) {
  const { lang } = props;
  const st = useStyles();
  return (
    <section className={st.root} aria-label={S.firstRunTitle[lang]} data-testid="first-run">
      <Text weight="semibold">{S.firstRunTitle[lang]}</Text>
      <ol className={st.list}>
        {[S.firstRunStep1, S.firstRunStep2, S.firstRunStep3].map((s, i) => (
          <li key={i}>
            <Text size={200}>{s[lang]}</Text>
          </li>
        ))}
      </ol>
    </section>
  );
});

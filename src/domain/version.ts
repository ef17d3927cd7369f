/**
 * Which guideline (and so which checksheet version) a workbook is for, read from the title or cover text, and the warning
 * when it is not the one the crosswalk was made for.
 *
 * Known editions (public facts, see the README's data-honesty section):
 *  - 2023-04: 「民間PHR事業者による健診等情報の取扱いに関する基本的指針」 (the checksheet the government comparison used);
 *  - 2025-04-30: revised and renamed 「PHRサービス提供者による健診等情報の取扱いに関する基本的指針」. Whether its checksheet
 *    changed is not public, so a sheet of this edition is flagged, never silently treated as the 2023-04 one.
 *
 * Plain TypeScript: no Office, no Node APIs.
 */
import type { CellValue, Crosswalk, Localized, SheetMatrix } from "./types";

export interface GuidelineEdition {
  /** The checksheet version a crosswalk states (`checksheet.version`). */
  version: string;
  /** The name that identifies the edition on a title or cover. */
  name: string;
  pattern: RegExp;
}

export const EDITIONS: readonly GuidelineEdition[] = [
  {
    version: "2025-04",
    name: "PHRサービス提供者による健診等情報の取扱いに関する基本的指針",
    pattern: /PHRサービス提供者による健診等情報の取扱い/,
  },
  {
    version: "2023-04",
    name: "民間PHR事業者による健診等情報の取扱いに関する基本的指針",
    pattern: /民間PHR事業者による健診等情報の取扱い/,
  },
];

export interface DetectedVersion {
  /** The edition's version ("2023-04", "2025-04"), or null when no known title was found. */
  version: string | null;
  name: string | null;
  /** Where it was read: sheet and 1-based row. */
  sheet: string | null;
  row: number | null;
  /** The text it was read from (trimmed to 120 characters). */
  text: string | null;
}

export interface VersionWarning {
  code: string;
  message: Localized;
}

const TITLE_ROWS = 30;

function textOf(v: CellValue): string {
  if (v === null || v === undefined) return "";
  return String(v);
}

function norm(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "");
}

/**
 * The edition named in the top rows of the checksheet, else on another sheet (a cover). A date in the same cell
 * (e.g. 「令和5年4月」「2023年4月」「令和7年4月30日」) is not needed: the name tells the editions apart.
 */
export function detectChecksheetVersion(matrices: readonly SheetMatrix[], checksheet: string | null): DetectedVersion {
  const order = [...matrices].sort((a, b) => (a.name === checksheet ? -1 : b.name === checksheet ? 1 : 0));
  for (const m of order) {
    const rows = Math.min(m.values.length, m.name === checksheet ? TITLE_ROWS : TITLE_ROWS * 2);
    for (let r = 0; r < rows; r++) {
      for (const v of m.values[r] ?? []) {
        const t = norm(textOf(v));
        if (!t) continue;
        for (const e of EDITIONS) {
          if (e.pattern.test(t)) return { version: e.version, name: e.name, sheet: m.name, row: r + 1, text: t.slice(0, 120) };
        }
      }
    }
  }
  return { version: null, name: null, sheet: null, row: null, text: null };
}

/** A warning when the workbook's edition is not the crosswalk's (code contains `version`); null when they match or nothing was found. */
export function versionWarning(found: DetectedVersion, crosswalk: Pick<Crosswalk, "checksheet">): VersionWarning | null {
  if (!found.version) return null;
  if (found.version === crosswalk.checksheet.version) return null;
  return {
    code: "checksheet-version-mismatch",
    message: {
      ja: `チェックシートの版が対応表と異なります: シート「${found.sheet}」${found.row}行目は「${found.name}」（${found.version}版）、対応表は ${crosswalk.checksheet.version} 版のものです。項目と分類が一致する保証はありません。`,
      en: `Checksheet version differs from the crosswalk: sheet "${found.sheet}" row ${found.row} names 「${found.name}」 (${found.version}); the crosswalk is for ${crosswalk.checksheet.version}. Items and classes may not match.`,
    },
  };
}

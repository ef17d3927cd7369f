/**
 * The applicant's 情報銀行 certification (`infobank-certification/1`):
 * parsing with field-level errors, and the coverage rules (the JSON text of a file: certification-json.ts).
 * Dates are always passed in (asOf); the domain never reads the machine clock.
 */
import type {
  Certification,
  CertificationEvaluation,
  CertificationKind,
  CertificationStatus,
  FieldError,
  Localized,
  Problem,
} from "./types";

export const CERTIFICATION_SCHEMA = "infobank-certification/1";
export const HEALTH_MEDICAL_SCOPE = "health-medical";
export const MIN_GUIDELINE_VERSION = "3.0";

export const CERTIFICATION_FIELDS = [
  "certificationNumber",
  "holder",
  "serviceName",
  "kind",
  "guidelineVersion",
  "checklistVersion",
  "scopes",
  "certifiedOn",
  "expiresOn",
  "status",
] as const;
export type CertificationField = (typeof CERTIFICATION_FIELDS)[number];

export const FIELD_LABELS: Record<CertificationField | "schema", Localized> = {
  schema: { ja: "形式（schema）", en: "Format (schema)" },
  certificationNumber: { ja: "認定番号", en: "Certification number" },
  holder: { ja: "事業者名", en: "Holder" },
  serviceName: { ja: "サービス名", en: "Service name" },
  kind: { ja: "認定の種類", en: "Certification type" },
  guidelineVersion: { ja: "認定指針のバージョン", en: "Guideline version" },
  checklistVersion: { ja: "審査チェックシートのバージョン", en: "Checklist version" },
  scopes: { ja: "対象範囲", en: "Scopes" },
  certifiedOn: { ja: "認定日", en: "Certified on" },
  expiresOn: { ja: "有効期限", en: "Expires on" },
  status: { ja: "状態", en: "Status" },
};

export const KIND_LABELS: Record<CertificationKind, Localized> = {
  standard: { ja: "通常認定", en: "Standard certification" },
  provisional: { ja: "P認定（運用開始前）", en: "P certification (before operation)" },
};

export const STATUS_LABELS: Record<CertificationStatus, Localized> = {
  active: { ja: "有効", en: "Active" },
  suspended: { ja: "一時停止", en: "Suspended" },
  revoked: { ja: "取消", en: "Revoked" },
};

export type ParseCertificationResult =
  | { ok: true; certification: Certification; /** e.g. duplicate keys in the JSON text */ warnings?: Localized[] }
  | { ok: false; errors: FieldError[] };

/** Optional fields with a meaning (unknown ones go to `extra`). */
export const OPTIONAL_FIELD_LABELS = {
  lastSurveillanceOn: { ja: "直近のサーベイランス（年次監査）日", en: "Last surveillance audit on" },
} as const;

export function fieldError(field: CertificationField | keyof typeof OPTIONAL_FIELD_LABELS | "schema" | "", code: string, ja: string, en: string): FieldError {
  const label = !field ? { ja: "証明書", en: "Certification" } : field === "lastSurveillanceOn" ? OPTIONAL_FIELD_LABELS[field] : FIELD_LABELS[field];
  return { field, code, message: { ja: `${label.ja}: ${ja}`, en: `${label.en}: ${en}` } };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== "string") return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1];
}

/** "ver.3.0" / "v3" / "３．０" → [3, 0]; null when not a dotted number. */
export function parseVersion(v: unknown): number[] | null {
  if (typeof v !== "string" && typeof v !== "number") return null;
  const s = String(v)
    .normalize("NFKC")
    .trim()
    .replace(/^(ver\.?|version|v)\s*/i, "");
  if (!/^\d+(\.\d+)*$/.test(s)) return null;
  const parts = s.split(".").map(Number);
  while (parts.length > 1 && parts[parts.length - 1] === 0) parts.pop();
  return parts;
}

export function compareVersions(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function nonEmptyString(obj: Record<string, unknown>, field: CertificationField, errors: FieldError[]): string {
  const v = obj[field];
  if (v === undefined || v === null || v === "") {
    errors.push(fieldError(field, "missing", "入力してください。", "is required."));
    return "";
  }
  if (typeof v !== "string") {
    errors.push(fieldError(field, "type", "文字列で指定してください。", "must be a string."));
    return "";
  }
  const t = v.trim();
  if (!t) errors.push(fieldError(field, "missing", "入力してください。", "is required."));
  return t;
}

/**
 * Parse an `infobank-certification/1` object (from a JSON file, the workbook, or the form).
 * Every problem is reported with the field it concerns; unknown fields go to `extra`.
 */
export function parseCertification(input: unknown): ParseCertificationResult {
  const errors: FieldError[] = [];
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [fieldError("", "not-object", "JSON オブジェクトではありません。", "is not a JSON object.")],
    };
  }
  const obj = input as Record<string, unknown>;
  if (obj.schema !== undefined && obj.schema !== CERTIFICATION_SCHEMA) {
    errors.push(
      fieldError(
        "schema",
        "wrong-schema",
        `"${String(obj.schema)}" は対応していません（"${CERTIFICATION_SCHEMA}" が必要です）。`,
        `"${String(obj.schema)}" is not supported ("${CERTIFICATION_SCHEMA}" expected).`,
      ),
    );
  } else if (obj.schema === undefined) {
    errors.push(
      fieldError("schema", "missing", `"${CERTIFICATION_SCHEMA}" を指定してください。`, `"${CERTIFICATION_SCHEMA}" is required.`),
    );
  }
  const certificationNumber = nonEmptyString(obj, "certificationNumber", errors);
  const holder = nonEmptyString(obj, "holder", errors);
  const serviceName = nonEmptyString(obj, "serviceName", errors);

  let kind: CertificationKind = "standard";
  if (obj.kind === "standard" || obj.kind === "provisional") kind = obj.kind;
  else if (obj.kind === undefined || obj.kind === "")
    errors.push(fieldError("kind", "missing", "standard（通常認定）か provisional（P認定）を指定してください。", 'is required ("standard" or "provisional").'));
  else
    errors.push(
      fieldError("kind", "invalid", `"${String(obj.kind)}" は不正です（standard / provisional）。`, `"${String(obj.kind)}" is invalid (standard / provisional).`),
    );

  const guidelineVersion = nonEmptyString(obj, "guidelineVersion", errors);
  if (guidelineVersion && !parseVersion(guidelineVersion))
    errors.push(fieldError("guidelineVersion", "invalid", `"${guidelineVersion}" はバージョン番号ではありません。`, `"${guidelineVersion}" is not a version number.`));
  const checklistVersion = nonEmptyString(obj, "checklistVersion", errors);
  if (checklistVersion && !parseVersion(checklistVersion))
    errors.push(fieldError("checklistVersion", "invalid", `"${checklistVersion}" はバージョン番号ではありません。`, `"${checklistVersion}" is not a version number.`));

  let scopes: string[] = [];
  if (obj.scopes === undefined || obj.scopes === null)
    errors.push(fieldError("scopes", "missing", "対象範囲を指定してください。", "is required."));
  else if (!Array.isArray(obj.scopes) || obj.scopes.some((s) => typeof s !== "string"))
    errors.push(fieldError("scopes", "type", "文字列の配列で指定してください。", "must be an array of strings."));
  else scopes = (obj.scopes as string[]).map((s) => s.trim()).filter(Boolean);

  let certifiedOn = "";
  let expiresOn = "";
  for (const f of ["certifiedOn", "expiresOn"] as const) {
    const v = obj[f];
    if (v === undefined || v === null || v === "") errors.push(fieldError(f, "missing", "日付を入力してください。", "is required."));
    else if (!isIsoDate(v))
      errors.push(fieldError(f, "invalid", `"${String(v)}" は YYYY-MM-DD 形式の日付ではありません。`, `"${String(v)}" is not a YYYY-MM-DD date.`));
    else if (f === "certifiedOn") certifiedOn = v;
    else expiresOn = v;
  }
  if (certifiedOn && expiresOn && expiresOn < certifiedOn)
    errors.push(fieldError("expiresOn", "before-start", "認定日より前になっています。", "is before the certification date."));

  let status: CertificationStatus = "active";
  if (obj.status === "active" || obj.status === "suspended" || obj.status === "revoked") status = obj.status;
  else if (obj.status === undefined || obj.status === "")
    errors.push(fieldError("status", "missing", "active / suspended / revoked を指定してください。", 'is required ("active", "suspended" or "revoked").'));
  else
    errors.push(
      fieldError("status", "invalid", `"${String(obj.status)}" は不正です（active / suspended / revoked）。`, `"${String(obj.status)}" is invalid (active / suspended / revoked).`),
    );

  let lastSurveillanceOn: string | undefined;
  const ls = obj.lastSurveillanceOn;
  if (ls !== undefined && ls !== null && ls !== "") {
    if (!isIsoDate(ls))
      errors.push(fieldError("lastSurveillanceOn", "invalid", `"${String(ls)}" は YYYY-MM-DD 形式の日付ではありません。`, `"${String(ls)}" is not a YYYY-MM-DD date.`));
    else if (certifiedOn && ls < certifiedOn)
      errors.push(fieldError("lastSurveillanceOn", "before-start", "認定日より前になっています。", "is before the certification date."));
    else lastSurveillanceOn = ls;
  }

  if (errors.length) return { ok: false, errors };

  const known = new Set<string>(["schema", ...CERTIFICATION_FIELDS, ...(lastSurveillanceOn ? ["lastSurveillanceOn"] : [])]);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!known.has(k)) extra[k] = v;

  return {
    ok: true,
    certification: {
      schema: CERTIFICATION_SCHEMA,
      certificationNumber,
      holder,
      serviceName,
      kind,
      guidelineVersion,
      checklistVersion,
      scopes,
      certifiedOn,
      expiresOn,
      status,
      ...(lastSurveillanceOn ? { lastSurveillanceOn } : {}),
      extra,
    },
  };
}

/** Back to the file format, unknown fields included. */
export function serializeCertification(c: Certification): Record<string, unknown> {
  return {
    schema: c.schema,
    certificationNumber: c.certificationNumber,
    holder: c.holder,
    serviceName: c.serviceName,
    kind: c.kind,
    guidelineVersion: c.guidelineVersion,
    checklistVersion: c.checklistVersion,
    scopes: [...c.scopes],
    certifiedOn: c.certifiedOn,
    expiresOn: c.expiresOn,
    status: c.status,
    ...(c.lastSurveillanceOn ? { lastSurveillanceOn: c.lastSurveillanceOn } : {}),
    ...c.extra,
  };
}

/** YYYY-MM-DD plus whole months (day clamped to the month's end: 2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** Scheme facts (日本IT団体連盟): a certification is valid 2 years (P認定: at most 2, not renewable), surveillance every year. */
export const VALIDITY_MONTHS = 24;
export const VALIDITY_GRACE_MONTHS = 1;
export const SURVEILLANCE_MAX_MONTHS = 13;

/**
 * The coverage rules (domain.md): coverage only when status is active, asOf is within
 * certifiedOn..expiresOn, scopes include health-medical, guidelineVersion ≥ 3.0 and
 * checklistVersion matches the crosswalk's. P認定 covers, with a warning.
 */
export function evaluateCertification(
  c: Certification,
  opts: { asOf: string; checklistVersion: string },
): CertificationEvaluation {
  if (!isIsoDate(opts.asOf)) throw new Error(`asOf must be YYYY-MM-DD, got ${opts.asOf}`);
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  if (c.status === "suspended")
    problems.push({
      code: "status-suspended",
      message: { ja: "認定は一時停止中です。", en: "The certification is suspended." },
    });
  if (c.status === "revoked")
    problems.push({ code: "status-revoked", message: { ja: "認定は取り消されています。", en: "The certification has been revoked." } });
  if (opts.asOf < c.certifiedOn)
    problems.push({
      code: "not-yet-valid",
      message: {
        ja: `認定日（${c.certifiedOn}）より前です（基準日 ${opts.asOf}）。`,
        en: `Not yet valid: certified on ${c.certifiedOn} (as of ${opts.asOf}).`,
      },
    });
  if (opts.asOf > c.expiresOn)
    problems.push({
      code: "expired",
      message: {
        ja: `有効期限（${c.expiresOn}）が切れています（基準日 ${opts.asOf}）。`,
        en: `Expired on ${c.expiresOn} (as of ${opts.asOf}).`,
      },
    });
  if (!c.scopes.includes(HEALTH_MEDICAL_SCOPE))
    problems.push({
      code: "scope-missing",
      message: {
        ja: "対象範囲に健康・医療分野の要配慮個人情報（health-medical）が含まれていません。",
        en: "The scopes do not include health and medical special-care personal information (health-medical).",
      },
    });
  const gv = parseVersion(c.guidelineVersion);
  if (!gv || compareVersions(gv, parseVersion(MIN_GUIDELINE_VERSION)!) < 0)
    problems.push({
      code: "guideline-too-old",
      message: {
        ja: `認定指針 Ver${c.guidelineVersion} は健康・医療分野を扱えません（Ver${MIN_GUIDELINE_VERSION} 以上が必要）。`,
        en: `Guideline version ${c.guidelineVersion} does not cover health and medical data (${MIN_GUIDELINE_VERSION} or later required).`,
      },
    });
  const cv = parseVersion(c.checklistVersion);
  const xv = parseVersion(opts.checklistVersion);
  if (!cv || !xv || compareVersions(cv, xv) !== 0)
    problems.push({
      code: "checklist-mismatch",
      message: {
        ja: `審査チェックシート ver${c.checklistVersion} は対応表の ver${opts.checklistVersion} と一致しません。`,
        en: `Checklist version ${c.checklistVersion} does not match the crosswalk's version ${opts.checklistVersion}.`,
      },
    });
  if (c.expiresOn > addMonths(c.certifiedOn, VALIDITY_MONTHS + VALIDITY_GRACE_MONTHS))
    warnings.push({
      code: "period-too-long",
      message: {
        ja: `認定日（${c.certifiedOn}）から有効期限（${c.expiresOn}）までが2年を超えています。認定の有効期間は2年です（更新は再審査）。日付を確認してください。`,
        en: `The period from ${c.certifiedOn} to ${c.expiresOn} is longer than two years; a certification is valid for two years (renewal means a new review). Check the dates.`,
      },
    });
  if (c.kind === "provisional" && opts.asOf >= addMonths(c.certifiedOn, VALIDITY_MONTHS))
    problems.push({
      code: "provisional-over-two-years",
      message: {
        ja: `P認定（${c.certifiedOn}）から2年を過ぎています。P認定の期間は最長2年で更新できず、通常認定が必要です（基準日 ${opts.asOf}）。`,
        en: `The P certification of ${c.certifiedOn} is more than two years old; a P certification lasts at most two years, cannot be renewed and must be followed by a standard certification (as of ${opts.asOf}).`,
      },
    });
  if (c.lastSurveillanceOn && opts.asOf > addMonths(c.lastSurveillanceOn, SURVEILLANCE_MAX_MONTHS))
    warnings.push({
      code: "surveillance-overdue",
      message: {
        ja: `直近のサーベイランス（${c.lastSurveillanceOn}）から13か月を超えています。サーベイランスは毎年行われます。最新の結果を確認してください。`,
        en: `The last surveillance audit (${c.lastSurveillanceOn}) is more than 13 months ago; surveillance is yearly. Check the latest result.`,
      },
    });
  if (c.kind === "provisional")
    warnings.push({
      code: "provisional",
      message: {
        ja: "P認定です。運用開始前の認定のため、運用実態はまだ監査されていません。",
        en: "P certification: granted before operation started, so operation has not yet been audited.",
      },
    });
  return { valid: problems.length === 0, problems, warnings, asOf: opts.asOf };
}

/** Today's date (YYYY-MM-DD) in the given time zone offset; for callers outside the domain. */
export function isoDateOf(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, "0");
  const day = String(d.getDate()).padStart(2, "0");
  return `${y}-${m}-${day}`;
}

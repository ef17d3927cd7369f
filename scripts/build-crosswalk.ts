/**
 * Generator for the bundled crosswalk (src/domain/data/crosswalk.json) and its JSON Schema
 * (schema/crosswalk.schema.json). The JSON is the shipped artifact; this file is where it is authored.
 *
 * Run:
 *   npx tsc --outDir build/scripts --module commonjs --target es2020 --esModuleInterop --strict \
 *     --resolveJsonModule --skipLibCheck --types node scripts/build-crosswalk.ts \
 *   && node build/scripts/scripts/build-crosswalk.js
 * (from the repository root; build/ is git-ignored). test/domain/crosswalk.test.ts checks that the
 * committed JSON equals buildCrosswalk() and that the committed schema equals crosswalkJsonSchema().
 *
 * Honesty rules (CONTRIBUTING.md, "Data honesty"):
 *  - only the four class totals and five items are published (総務省 資料4 p.5–6); everything else is
 *    our assessment and is marked `assessed` with a rationale;
 *  - headings and summaries are our paraphrases, never the official wording;
 *  - 情報銀行 checklist numbers other than the three published references are our reconstruction.
 */
import * as fs from "fs";
import * as path from "path";
import type { Crosswalk, CrosswalkEntry, InfobankItemNo, InfobankRef, ItemClass, Localized } from "../src/domain/types";
import { canonicalItemId, classTotals, crosswalkJsonSchema, parseCrosswalk } from "../src/domain/crosswalk";

const L = (ja: string, en: string): Localized => ({ ja, en });

/* ------------------------------------------------------------------ */
/* 情報銀行 checklist references                                        */
/* ------------------------------------------------------------------ */

function nos(spec: string): InfobankItemNo[] {
  return spec.split(",").map((s) => {
    const t = s.trim();
    const m = /^(No\.|M)(\d+)(?:-(\d+))?$/.exec(t);
    if (!m) throw new Error(`bad item spec ${t}`);
    const it: InfobankItemNo = { series: m[1] === "M" ? "M" : "No", from: Number(m[2]) };
    if (m[3]) it.to = Number(m[3]);
    return it;
  });
}
function ref(section: string, subItem: string, heading: string, items: string, partial?: boolean): InfobankRef {
  const r: InfobankRef = { section, subItem, heading, items: nos(items) };
  if (partial) r.partial = true;
  return r;
}

/** Sub-items of the 情報銀行 checklist we cite (numbers: reconstruction, except the three published refs). */
const S = {
  mgmt: (n: string) => ref("5.1", "①", "経営面の要件", n),
  ability: (n: string) => ref("5.1", "②", "業務能力など", n),
  secPrinciple: (n: string) => ref("5.2", "①", "基本原則", n),
  secStandard: (n: string) => ref("5.2", "②", "遵守基準", n),
  org: (n: string) => ref("5.3.1", "①", "組織的安全管理措置", n),
  human: (n: string) => ref("5.3.1", "②", "人的安全管理措置", n),
  physical: (n: string) => ref("5.3.1", "③", "物理的安全管理措置", n),
  technical: (n: string) => ref("5.3.1", "④", "技術的安全管理措置", n),
  outsourcing: (n: string) => ref("5.3.1", "⑤", "委託先の管理", n),
  incident: (n: string) => ref("5.3.1", "⑥", "インシデント対応", n),
  medicalSecurity: (n: string) => ref("5.3.1", "⑦", "医療情報の安全管理", n),
  lawPurpose: (n: string) => ref("5.3.2", "①", "利用目的の特定・通知", n),
  lawAcquire: (n: string) => ref("5.3.2", "②", "適正な取得", n),
  lawThirdParty: (n: string) => ref("5.3.2", "③", "第三者提供の制限", n),
  lawForeign: (n: string) => ref("5.3.2", "④", "外国にある第三者への提供", n),
  lawDisclosure: (n: string) => ref("5.3.2", "⑤", "保有個人データの開示等", n),
  lawBreach: (n: string) => ref("5.3.2", "⑥", "漏えい等の報告", n),
  consent: (n: string) => ref("5.3.3", "①", "同意及び選択", n),
  purpose: (n: string) => ref("5.3.3", "②", "目的の正当性及び明確化", n),
  collection: (n: string) => ref("5.3.3", "③", "収集制限", n),
  minimization: (n: string) => ref("5.3.3", "④", "データの最小化", n),
  sensitive: (n: string) => ref("5.3.3", "⑥", "要配慮個人情報の取扱い", n),
  useLimit: (n: string, partial?: boolean) => ref("5.3.3", "⑦", "利用、保持及び開示の制限", n, partial),
  accuracy: (n: string) => ref("5.3.3", "⑧", "正確性及び品質", n),
  openness: (n: string) => ref("5.3.3", "⑨", "公開性、透明性及び通知", n),
  participation: (n: string) => ref("5.3.3", "⑩", "個人参加及びアクセス", n),
  philosophy: (n: string) => ref("5.4.1", "①", "基本理念", n),
  helpdesk: (n: string) => ref("5.4.1", "②", "相談体制", n),
  transparency: (n: string) => ref("5.4.1", "③", "透明性", n),
  advisory: (n: string) => ref("5.4.1", "④", "諮問体制", n),
  terms: (n: string) => ref("5.5.1", "①", "契約約款の策定", n),
  notice: (n: string) => ref("5.5.1", "②", "個人への明示", n),
  control: (n: string) => ref("5.5.1", "③", "個人のコントローラビリティ", n),
  recipient: (n: string) => ref("5.5.1", "④", "提供先第三者との契約", n),
  termination: (n: string, partial?: boolean) => ref("5.5.1", "⑤", "事業の終了・承継時の取扱い", n, partial),
  liability: (n: string) => ref("5.5.1", "⑥", "損害賠償責任", n),
  medScope: (n: string) => ref("5.5.2", "①", "対象情報の範囲", n),
  medProfessional: (n: string) => ref("5.5.2", "②", "医療専門職等の関与", n),
  medAdvice: (n: string) => ref("5.5.2", "③", "かかりつけ医等の助言", n),
};

/* ------------------------------------------------------------------ */
/* Compact catalog tables                                              */
/* ------------------------------------------------------------------ */

const PUBLISHED_SOURCE = "総務省 資料4「情報銀行認定とマイナポータルAPI接続申請の審査の連携について」p.5–6 例";

interface Check {
  n: number;
  cls?: ItemClass;
  ja: string;
  en: string;
  refs?: InfobankRef[];
  rationale?: Localized;
  evidence?: Localized;
  gap?: Localized;
  published?: boolean;
}
interface Topic {
  n: number;
  label: string;
  ja: string;
  cls: ItemClass;
  refs: InfobankRef[];
  rationale: Localized;
  checks: Check[];
}
interface Part {
  section: string;
  part: number | null;
  heading: string | null;
  topics: Topic[];
}

const SECTION_HEADINGS: Record<string, string> = {
  "2.1": "安全管理措置",
  "2.2": "第三者認証の取得",
  "3.1": "情報の公表",
  "3.2": "同意取得",
  "3.3": "消去及び撤回",
  "3.4": "健診等情報を用いた情報提供に当たっての留意事項",
  "4.1": "保存及び管理",
  "4.2": "相互運用性の確保",
  "5.1": "要件遵守の担保",
};
const LAW = "個人情報保護法等の法規制に基づく遵守すべき事項";
const GUIDE = "本指針に基づく遵守すべき事項";
const C = (n: number, ja: string, en: string, extra: Partial<Check> = {}): Check => ({ n, ja, en, ...extra });

/** Rationale for A items sitting in otherwise-B topics. */
const A_MED_SECURITY = L(
  "情報銀行認定Ver3.0は健康・医療分野で「医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン」の遵守も求め、暗号化・認証の要求がPHR項目より具体的",
  "For health data the 情報銀行 Ver3.0 scheme also requires the medical-information system safety guideline, whose encryption/authentication controls are more specific than this PHR item",
);

const PARTS: Part[] = [
  /* ---------------- 2.1 (1) ---------------- */
  {
    section: "2.1",
    part: 1,
    heading: LAW,
    topics: [
      {
        n: 1, label: "①", ja: "基本方針の策定", cls: "B", refs: [S.secPrinciple("No.11")],
        rationale: L("個人データの適正な取扱いに関する基本方針は、情報銀行の基本原則（5.2①）でも同水準で求められる", "A basic policy on handling personal data is required at the same level by the 情報銀行 basic principles (5.2①)"),
        checks: [C(1, "個人データの適正な取扱いに関する基本方針を定めている", "Has a basic policy for the proper handling of personal data")],
      },
      {
        n: 2, label: "②", ja: "個人データの取扱いに係る規律の整備", cls: "B", refs: [S.org("No.16")],
        rationale: L("取得から廃棄までの取扱規程の整備は情報銀行の組織的安全管理措置（取扱規程）と同等", "Handling rules from acquisition to disposal match the 情報銀行 organisational measure on handling rules"),
        checks: [C(1, "取得・利用・保存・提供・削除等の段階ごとに取扱規程を整備している", "Has handling rules for each stage: acquisition, use, storage, provision, deletion")],
      },
      {
        n: 3, label: "③", ja: "組織的安全管理措置", cls: "B", refs: [S.org("No.15-20")],
        rationale: L("体制・規程運用・取扱状況の確認・見直しは情報銀行5.3.1①でISMS／Pマーク水準として同等に求められる", "Organisation, rule operation, handling checks and reviews are required equally by 情報銀行 5.3.1① at ISMS / Privacy Mark level"),
        checks: [
          C(1, "責任者の設置と役割分担など組織体制を整備している", "Has an organisation with a responsible officer and clear roles", { refs: [S.ability("No.7-8"), S.org("No.15")] }),
          C(2, "取扱規程に従って運用し、その状況を記録している", "Operates according to the handling rules and records it", { refs: [S.org("No.16")] }),
          C(3, "個人データの取扱状況を確認する手段を整備している", "Has a means to check how personal data is handled", { refs: [S.org("No.18")] }),
          C(4, "漏えい等の事案に対応する体制を整備している", "Has a set-up to respond to leaks and similar incidents", { refs: [S.incident("No.55-56")] }),
          C(5, "取扱状況を把握し、安全管理措置を定期的に見直している", "Reviews handling status and safety measures periodically", { refs: [S.org("No.19-20")] }),
        ],
      },
      {
        n: 4, label: "④", ja: "人的安全管理措置", cls: "B", refs: [S.human("No.23-26")],
        rationale: L("従業者の教育・監督は情報銀行の人的安全管理措置と同等", "Staff training and supervision match the 情報銀行 personnel measures"),
        checks: [
          C(1, "従業者に個人データの適正な取扱いを周知・教育している", "Trains staff on proper handling of personal data", { refs: [S.human("No.24-25")] }),
          C(2, "従業者を適切に監督している", "Supervises staff appropriately", { refs: [S.human("No.23, No.26")] }),
        ],
      },
      {
        n: 5, label: "⑤", ja: "物理的安全管理措置", cls: "B", refs: [S.physical("No.29-34")],
        rationale: L("取扱区域・機器・媒体・廃棄の管理は情報銀行の物理的安全管理措置と同等", "Control of areas, equipment, media and disposal matches the 情報銀行 physical measures"),
        checks: [
          C(1, "個人データを取り扱う区域を管理している", "Controls the areas where personal data is handled", { refs: [S.physical("No.29-30")] }),
          C(2, "機器及び電子媒体等の盗難等を防止している", "Prevents theft of equipment and electronic media", { refs: [S.physical("No.31")] }),
          C(3, "電子媒体等を持ち運ぶ場合の漏えい等を防止している", "Prevents leaks when carrying electronic media", { refs: [S.physical("No.32")] }),
          C(4, "個人データの削除及び機器・媒体等の廃棄を確実に行っている", "Deletes personal data and disposes of equipment and media reliably", { refs: [S.physical("No.33-34")] }),
        ],
      },
      {
        n: 6, label: "⑥", ja: "技術的安全管理措置", cls: "B", refs: [S.technical("No.35-43")],
        rationale: L("アクセス制御・認証・不正アクセス防止は情報銀行の技術的安全管理措置と同等", "Access control, authentication and intrusion prevention match the 情報銀行 technical measures"),
        checks: [
          C(1, "アクセス制御を行っている", "Applies access control", { refs: [S.technical("No.35-36")] }),
          C(2, "アクセス者を識別し認証している", "Identifies and authenticates those who access data", { refs: [S.technical("No.37")] }),
          C(3, "外部からの不正アクセス等を防止している", "Prevents unauthorised access from outside", { refs: [S.technical("No.39-41")] }),
          C(4, "情報システムの使用に伴う漏えい等を防止している", "Prevents leaks caused by the use of information systems", { refs: [S.technical("No.42-43")] }),
        ],
      },
      {
        n: 7, label: "⑦", ja: "外的環境の把握", cls: "B", refs: [S.lawForeign("No.72")],
        rationale: L("外国での取扱い時に当該国の制度を把握することは情報銀行の外国第三者提供の確認項目と同等", "Knowing the foreign legal regime when data is handled abroad matches the 情報銀行 foreign-transfer checks"),
        checks: [C(1, "外国で個人データを取り扱う場合、その国の制度を把握したうえで措置を講じている", "When handling data abroad, takes measures based on knowledge of that country's regime")],
      },
      {
        n: 8, label: "⑧", ja: "委託先の監督", cls: "B", refs: [S.outsourcing("No.49-52")],
        rationale: L("委託先の選定・契約・監督は情報銀行の委託先管理と同等（法定水準）", "Selecting, contracting and supervising contractors matches 情報銀行 contractor management (legal baseline)"),
        checks: [
          C(1, "委託先を適切に選定している", "Selects contractors appropriately", { refs: [S.outsourcing("No.49")] }),
          C(2, "委託契約を締結し、委託先の取扱状況を把握している", "Concludes contracts and monitors how contractors handle data", { refs: [S.outsourcing("No.50-52")] }),
        ],
      },
      {
        n: 9, label: "⑨", ja: "漏えい等の報告等", cls: "B", refs: [S.lawBreach("No.77-78")],
        rationale: L("個人情報保護委員会への報告と本人通知は情報銀行の法令遵守項目（漏えい等の報告）と同等", "Reporting to the PPC and notifying individuals matches the 情報銀行 legal-compliance item on breach reporting"),
        checks: [
          C(1, "報告対象の漏えい等が生じた場合、個人情報保護委員会に報告する", "Reports reportable leaks to the Personal Information Protection Commission", { refs: [S.lawBreach("No.77")] }),
          C(2, "報告対象の漏えい等が生じた場合、本人に通知する", "Notifies the individuals concerned of reportable leaks", { refs: [S.lawBreach("No.78")] }),
        ],
      },
    ],
  },
  /* ---------------- 2.1 (2) ---------------- */
  {
    section: "2.1",
    part: 2,
    heading: GUIDE,
    topics: [
      {
        n: 1, label: "①", ja: "情報セキュリティに対する組織的な取り組み", cls: "B", refs: [S.secPrinciple("No.11-12"), S.org("No.15-16")],
        rationale: L("情報セキュリティ方針・責任体制・取扱手順は情報銀行5.2①・5.3.1①でISMS水準として同等に求められる", "Security policy, accountability and handling procedures are required equally by 情報銀行 5.2① / 5.3.1① at ISMS level"),
        checks: [
          C(1, "情報セキュリティ方針を定め、経営者が承認し周知している", "Has a management-approved, communicated information security policy", { refs: [S.secPrinciple("No.11-12")] }),
          C(2, "情報セキュリティの責任者と推進体制を定めている", "Has a security officer and an organisation to drive security", { refs: [S.ability("No.7-8"), S.org("No.15")] }),
          C(3, "健診等情報の取得・作成・利用・保管・交換・提供・消去及び廃棄の各段階の取扱手順を定めている", "Has handling procedures for each stage of 健診等情報: acquisition, creation, use, storage, exchange, provision, erasure, disposal", { refs: [S.org("No.16")] }),
          C(4, "情報セキュリティ対策の実施状況を定期的に監査している", "Audits the implementation of security measures periodically", {
            cls: "A", refs: [S.org("No.19"), S.transparency("No.116-118")],
            rationale: L("情報銀行は内部監査に加え、認定団体への定期報告と更新審査を求めており、PHR項目の定期監査より厳しい", "Besides internal audit, 情報銀行 requires periodic reports to the certifier and renewal audits, stricter than the PHR periodic audit"),
          }),
          C(5, "方針と手順を定期的に見直している", "Reviews the policy and procedures periodically", { refs: [S.org("No.20")] }),
        ],
      },
      {
        n: 2, label: "②", ja: "重要な情報資産の区分", cls: "B", refs: [S.org("No.17")],
        rationale: L("情報資産の洗い出し・区分・台帳管理は情報銀行の組織的安全管理措置（資産管理）と同等", "Identifying, classifying and registering information assets matches the 情報銀行 asset-management measure"),
        checks: [
          C(1, "健診等情報を含む情報資産を重要度に応じて区分している", "Classifies information assets, including 健診等情報, by importance"),
          C(2, "情報資産の台帳を整備している", "Keeps an inventory of information assets"),
          C(3, "区分に応じた取扱い（持出し制限・暗号化等）を定めている", "Sets handling rules per class (removal limits, encryption, etc.)", { refs: [S.org("No.17"), S.technical("No.38")] }),
        ],
      },
      {
        n: 3, label: "③", ja: "取扱状況を確認する手段", cls: "B", refs: [S.org("No.18"), S.technical("No.44")],
        rationale: L("アクセスログの取得・確認・保全は情報銀行の取扱状況確認とログ管理の項目と同等", "Collecting, reviewing and protecting access logs matches the 情報銀行 items on handling checks and logging"),
        checks: [
          C(1, "健診等情報へのアクセス・操作の記録（ログ）を取得している", "Records access to and operations on 健診等情報 (logs)"),
          C(2, "ログを定期的に確認している", "Reviews the logs periodically"),
          C(3, "ログの改ざん防止と保存期間を定めている", "Protects logs against tampering and sets their retention period"),
        ],
      },
      {
        n: 4, label: "④", ja: "物理的安全管理措置", cls: "B", refs: [S.physical("No.29-34")],
        rationale: L("設置場所の入退室管理・盗難防止・災害対策・媒体廃棄は情報銀行の物理的安全管理措置と同等", "Entry control, theft prevention, disaster measures and media disposal match the 情報銀行 physical measures"),
        checks: [
          C(1, "サーバ等の設置場所への入退室を管理している", "Controls entry to the places where servers are installed", { refs: [S.physical("No.29-30")] }),
          C(2, "機器の盗難・不正な持出しを防止している", "Prevents theft and unauthorised removal of equipment", { refs: [S.physical("No.31-32")] }),
          C(3, "電源・空調・災害への対策を講じている", "Protects against power, cooling and disaster failures", { refs: [S.physical("No.30")] }),
          C(4, "記録媒体を確実に廃棄している", "Disposes of storage media reliably", { refs: [S.physical("No.33-34")] }),
        ],
      },
      {
        n: 5, label: "⑤", ja: "技術的安全管理措置", cls: "B", refs: [S.technical("No.35-48")],
        rationale: L("通信暗号化・権限管理・脆弱性・マルウェア・監視・バックアップは情報銀行の技術的安全管理措置と同等", "Transport encryption, privileges, vulnerabilities, malware, monitoring and backup match the 情報銀行 technical measures"),
        checks: [
          C(1, "通信経路を暗号化している", "Encrypts communication channels", { refs: [S.technical("No.38")] }),
          C(2, "保存する健診等情報を暗号化している", "Encrypts stored 健診等情報", { cls: "A", refs: [S.technical("No.38"), S.medicalSecurity("No.61-62")], rationale: A_MED_SECURITY }),
          C(3, "利用者の認証を適切に行っている（多要素認証等）", "Authenticates users appropriately (e.g. multi-factor)", { cls: "A", refs: [S.technical("No.37"), S.medicalSecurity("No.61-62")], rationale: A_MED_SECURITY }),
          C(4, "アクセス権限を必要最小限に設定している", "Grants least-privilege access rights", { refs: [S.technical("No.35-36")] }),
          C(5, "脆弱性への対策（更新・診断）を行っている", "Handles vulnerabilities (patching, assessments)", { refs: [S.technical("No.40")] }),
          C(6, "マルウェア対策を行っている", "Protects against malware", { refs: [S.technical("No.41")] }),
          C(7, "不正アクセスを監視している", "Monitors for unauthorised access", { refs: [S.technical("No.44")] }),
          C(8, "バックアップを取得している", "Takes backups", { refs: [S.technical("No.48")] }),
        ],
      },
      {
        n: 6, label: "⑥", ja: "人的安全管理措置", cls: "B", refs: [S.human("No.23-28")],
        rationale: L("守秘義務・教育訓練・退職時措置・権限見直しは情報銀行の人的安全管理措置と同等", "Confidentiality, training, leaver process and access reviews match the 情報銀行 personnel measures"),
        checks: [
          C(1, "従業者と守秘義務を定めた契約・誓約を交わしている", "Has confidentiality agreements with staff", { refs: [S.human("No.23")] }),
          C(2, "情報セキュリティの教育・訓練を定期的に行っている", "Gives security training regularly", { refs: [S.human("No.24-25")] }),
          C(3, "退職時にアカウント削除・貸与物の返却等を行っている", "Removes accounts and recovers equipment when staff leave", { refs: [S.human("No.27")] }),
          C(4, "健診等情報を扱う従業者の権限を定期的に見直している", "Reviews the rights of staff handling 健診等情報 periodically", { refs: [S.human("No.28"), S.technical("No.36")] }),
        ],
      },
      {
        n: 7, label: "⑦", ja: "委託先の管理", cls: "B", refs: [S.outsourcing("No.49-54")],
        rationale: L("委託先の選定基準と定期確認は情報銀行の委託先管理と同等", "Contractor selection criteria and periodic checks match 情報銀行 contractor management"),
        checks: [
          C(1, "委託先の選定基準を定めている", "Has criteria for selecting contractors", { refs: [S.outsourcing("No.49")] }),
          C(2, "委託契約に安全管理措置と再委託の条件を定めている", "Contracts set safety measures and sub-contracting conditions", {
            cls: "A", refs: [S.outsourcing("No.50-51")],
            rationale: L("情報銀行は委託先にも認定基準と同等の管理を契約で課すことを求め、PHR項目より要求が具体的", "情報銀行 requires contracts binding contractors to certification-level controls, more specific than the PHR item"),
          }),
          C(3, "委託先の取扱状況を定期的に確認している", "Checks contractors' handling periodically", { refs: [S.outsourcing("No.52")] }),
          C(4, "再委託を管理している", "Manages sub-contracting", {
            cls: "A", refs: [S.outsourcing("No.53-54")],
            rationale: L("情報銀行は再委託に事前承認と同等管理の連鎖を求めており、PHR項目の再委託管理を包含する", "情報銀行 requires prior approval and flow-down of controls for sub-contracting, which covers the PHR item"),
          }),
        ],
      },
      {
        n: 8, label: "⑧", ja: "情報セキュリティインシデントへの対応", cls: "B", refs: [S.incident("No.55-60")],
        rationale: L("インシデント対応手順・再発防止・訓練は情報銀行のインシデント対応項目と同等", "Incident procedures, prevention of recurrence and drills match the 情報銀行 incident-response items"),
        checks: [
          C(1, "インシデント対応の手順と体制を定めている", "Has incident-response procedures and a team", { refs: [S.incident("No.55-56")] }),
          C(2, "インシデント発生時に利用者へ通知し、必要に応じ公表する", "Notifies users of incidents and publishes them where needed", {
            cls: "A", refs: [S.incident("No.57"), S.transparency("No.119")],
            rationale: L("情報銀行は利用者への通知・公表に加え透明性確保として認定団体への報告を求め、PHR項目より厳しい", "情報銀行 adds reporting to the certifier on top of user notice and publication, stricter than the PHR item"),
          }),
          C(3, "関係機関へ報告する", "Reports to the relevant authorities", {
            cls: "A", refs: [S.incident("No.58"), S.lawBreach("No.77")],
            rationale: L("情報銀行は個人情報保護委員会等に加え認定団体への報告義務があり、報告先が広い", "情報銀行 must also report to the certifier, so its reporting duty is wider"),
          }),
          C(4, "原因を分析し再発防止策を講じている", "Analyses causes and prevents recurrence", { refs: [S.incident("No.59")] }),
          C(5, "インシデント対応の訓練を行っている", "Runs incident-response drills", { refs: [S.incident("No.60")] }),
        ],
      },
      {
        n: 9, label: "⑨", ja: "医療情報の安全管理に関するガイドラインを踏まえた対策", cls: "B", refs: [S.medicalSecurity("No.61-62")],
        rationale: L("情報銀行認定Ver3.0も健康・医療分野では同じ安全管理ガイドラインの遵守を求めるため同等", "The 情報銀行 Ver3.0 scheme requires the same medical-information safety guideline for health data, so equivalent"),
        checks: [
          C(1, "医療情報を取り扱う事業者向けの安全管理ガイドラインを踏まえて対策を講じている", "Takes measures based on the safety guideline for providers handling medical information", { refs: [S.medicalSecurity("No.61")] }),
          C(2, "クラウドサービス利用時の責任分界を明確にしている", "Clarifies the division of responsibility when using cloud services", { refs: [S.medicalSecurity("No.62"), S.outsourcing("No.50")] }),
        ],
      },
      {
        n: 10, label: "⑩", ja: "情報の保管場所", cls: "B", refs: [S.lawForeign("No.72"), S.openness("No.90")],
        rationale: L("保管場所（国）の把握・説明と国外保管時の措置は情報銀行の外国第三者提供と公開性の項目と同等", "Knowing and explaining the storage country and offshore measures match the 情報銀行 foreign-transfer and openness items"),
        checks: [
          C(1, "サーバの所在国を把握し、利用者に情報提供している", "Knows the country where servers are and informs users"),
          C(2, "国外に保管する場合に必要な措置を講じている", "Takes the required measures when data is stored abroad", { refs: [S.lawForeign("No.72")] }),
        ],
      },
      {
        n: 11, label: "⑪", ja: "利用者端末・アプリケーションの安全対策", cls: "B", refs: [S.technical("No.45-46")],
        rationale: L("アプリの脆弱性対策と利用者向けの注意喚起は情報銀行の技術的安全管理措置（利用者接点）と同等", "App hardening and user guidance match the 情報銀行 technical measures for user-facing channels"),
        checks: [
          C(1, "アプリケーションの脆弱性対策・改ざん防止を行っている", "Hardens the application against vulnerabilities and tampering", { refs: [S.technical("No.45")] }),
          C(2, "端末紛失時の対応などを利用者に案内している", "Guides users on what to do, e.g. when a device is lost", { refs: [S.technical("No.46")] }),
        ],
      },
    ],
  },
  /* ---------------- 2.2 ---------------- */
  {
    section: "2.2",
    part: null,
    heading: null,
    topics: [
      {
        n: 1, label: "①", ja: "第三者認証の取得", cls: "B", refs: [S.ability("No.6")],
        rationale: L("第三者認証の維持と対象範囲は情報銀行5.1②（第三者認証等）・5.2②（遵守基準）と同等", "Keeping the certification valid and in scope matches 情報銀行 5.1② and 5.2②"),
        checks: [
          C(1, "マイナポータルAPI経由で健診等情報を入手する場合、ISMS又はプライバシーマーク等の第三者認証を取得している", "Holds a third-party certification (ISMS, Privacy Mark, etc.) when obtaining 健診等情報 via the マイナポータル API", {
            published: true, refs: [S.ability("No.6")],
            rationale: L("資料4の例（B）: PHR指針は第三者認証の取得を求め、情報銀行認定の5.1②No.6も第三者認証等を有し業務を的確に遂行できることを求めており、同等とされた", "資料4 example (B): the PHR guideline requires a third-party certification; 情報銀行 5.1② No.6 requires third-party certification and the ability to do the work properly — judged equivalent"),
          }),
          C(2, "第三者認証を有効に維持し、その対象範囲に当該PHRサービスを含めている", "Keeps the certification valid and covering the PHR service", { refs: [S.ability("No.6"), S.secStandard("No.13")] }),
        ],
      },
    ],
  },
  /* ---------------- 3.1 (1) ---------------- */
  {
    section: "3.1",
    part: 1,
    heading: LAW,
    topics: [
      {
        n: 1, label: "①", ja: "利用目的の特定", cls: "B", refs: [S.lawPurpose("No.63-64"), S.purpose("No.81")],
        rationale: L("利用目的の特定と変更の制限は情報銀行の法令遵守項目・目的の明確化と同等", "Specifying purposes and limiting their change match the 情報銀行 legal and purpose-specification items"),
        checks: [
          C(1, "利用目的をできる限り特定している", "Specifies the purposes of use as precisely as possible"),
          C(2, "利用目的の変更を関連性のある合理的な範囲にとどめている", "Keeps changes of purpose within a reasonably related scope"),
        ],
      },
      {
        n: 2, label: "②", ja: "利用目的の通知等", cls: "B", refs: [S.lawPurpose("No.65")],
        rationale: L("取得時の利用目的の通知・公表・明示は情報銀行の法令遵守項目と同等", "Notifying, publishing or stating the purpose at collection matches the 情報銀行 legal-compliance item"),
        checks: [
          C(1, "取得時に利用目的を通知又は公表している", "Notifies or publishes the purpose when collecting"),
          C(2, "本人から直接書面等で取得する場合は利用目的を明示している", "States the purpose explicitly when collecting directly in writing"),
        ],
      },
      {
        n: 3, label: "③", ja: "保有個人データに関する事項の公表等", cls: "B", refs: [S.lawDisclosure("No.73"), S.openness("No.89")],
        rationale: L("事業者名・利用目的・手続・安全管理措置の公表は情報銀行の法令遵守項目と公開性の項目と同等", "Publishing name, purposes, procedures and safety measures matches the 情報銀行 legal and openness items"),
        checks: [C(1, "事業者名・利用目的・開示等の手続・安全管理措置等を本人が知り得る状態にしている", "Makes name, purposes, request procedures and safety measures available to individuals")],
      },
      {
        n: 4, label: "④", ja: "開示等の請求等への対応", cls: "B", refs: [S.lawDisclosure("No.74-76"), S.participation("No.92-93")],
        rationale: L("開示・訂正・提供記録開示の対応は情報銀行の開示等と個人参加の項目と同等", "Handling disclosure, correction and provision-record requests matches the 情報銀行 disclosure and participation items"),
        checks: [
          C(1, "開示請求に電磁的記録の提供を含め対応している", "Handles disclosure requests, including electronic copies"),
          C(2, "訂正・追加・削除の請求に対応している", "Handles requests for correction, addition or deletion"),
          C(3, "第三者提供記録の開示請求に対応している", "Handles requests to disclose third-party provision records"),
          C(4, "開示等の請求手続と手数料を定めている", "Sets procedures and fees for such requests"),
        ],
      },
      {
        n: 5, label: "⑤", ja: "苦情の処理", cls: "B", refs: [S.helpdesk("No.105-107")],
        rationale: L("苦情の適切かつ迅速な処理は情報銀行の相談体制と同等", "Prompt complaint handling matches the 情報銀行 help-desk requirements"),
        checks: [C(1, "苦情を適切かつ迅速に処理している", "Handles complaints properly and promptly")],
      },
    ],
  },
  /* ---------------- 3.1 (2) ---------------- */
  {
    section: "3.1",
    part: 2,
    heading: GUIDE,
    topics: [
      {
        n: 1, label: "①", ja: "プライバシーポリシーの策定・公表", cls: "A", refs: [S.terms("No.140-145"), S.notice("No.151-153")],
        rationale: L("情報銀行は記載事項が定められた契約約款を認定団体の審査を経て公表させ、個人への明示も求めるため、PHRのポリシー公表より厳しい", "情報銀行 requires certifier-reviewed terms with mandated contents plus explicit notice to individuals, stricter than publishing a PHR privacy policy"),
        checks: [
          C(1, "取得する健診等情報の項目をプライバシーポリシーに記載し公表している", "Publishes a privacy policy listing the 健診等情報 items collected"),
          C(2, "利用目的をプライバシーポリシーに記載している", "States the purposes of use in the privacy policy"),
          C(3, "第三者提供の有無・提供先・提供する情報を記載している", "States whether data is provided to third parties, to whom and what"),
          C(4, "安全管理措置の概要を記載している", "Outlines the safety measures"),
        ],
      },
      {
        n: 2, label: "②", ja: "サービス利用規約", cls: "A", refs: [S.terms("No.146-148"), S.liability("No.182-183")],
        rationale: L("情報銀行の契約約款は平易な記載・重要事項の提示に加え損害賠償責任の明記を求め、PHRの利用規約要件を包含する", "情報銀行 terms must be plain, highlight key points and state liability for damages, covering the PHR terms-of-use items"),
        checks: [
          C(1, "利用規約を平易な表現で作成している", "Writes the terms of use in plain language"),
          C(2, "概要版などで重要事項を分かりやすく示している", "Presents key points clearly, e.g. in a summary"),
          C(3, "事業者の責任範囲（免責事項を含む）を明確にしている", "Clarifies the provider's responsibility, including disclaimers"),
        ],
      },
      {
        n: 3, label: "③", ja: "規約等の変更", cls: "A", refs: [S.terms("No.149-150"), S.notice("No.158")],
        rationale: L("情報銀行は約款変更時の事前通知・再同意に加え認定団体への届出を求めるため、PHR項目より厳しい", "情報銀行 requires advance notice, renewed consent and notification of the certifier when terms change, stricter than the PHR item"),
        checks: [
          C(1, "規約等の変更時に事前に利用者へ通知している", "Notifies users before terms change"),
          C(2, "重要な変更時には改めて同意を得ている", "Obtains consent again for material changes"),
        ],
      },
      {
        n: 4, label: "④", ja: "問い合わせ窓口", cls: "B", refs: [S.helpdesk("No.105")],
        rationale: L("問い合わせ窓口の設置・公表は情報銀行の相談体制と同等", "Setting up and publishing a contact point matches the 情報銀行 help-desk requirement"),
        checks: [C(1, "問い合わせ窓口を設置し公表している", "Has and publishes a contact point for enquiries")],
      },
      {
        n: 5, label: "⑤", ja: "事業者情報の公表", cls: "B", refs: [S.transparency("No.116")],
        rationale: L("事業者名・連絡先・取得認証等の公表は情報銀行の透明性の項目と同等", "Publishing name, contacts and certifications matches the 情報銀行 transparency item"),
        checks: [C(1, "事業者名・所在地・連絡先・取得している第三者認証等を公表している", "Publishes its name, address, contacts and third-party certifications")],
      },
    ],
  },
  /* ---------------- 3.2 (1) ---------------- */
  {
    section: "3.2",
    part: 1,
    heading: LAW,
    topics: [
      {
        n: 1, label: "①", ja: "要配慮個人情報の取得", cls: "B", refs: [S.lawAcquire("No.66"), S.sensitive("No.85")],
        rationale: L("要配慮個人情報の取得時の本人同意は情報銀行の法令遵守項目・要配慮個人情報の取扱いと同等", "Consent before collecting sensitive data matches the 情報銀行 legal and sensitive-data items"),
        checks: [C(1, "要配慮個人情報をあらかじめ本人の同意を得て取得している", "Obtains prior consent before collecting special-care personal information")],
      },
      {
        n: 2, label: "②", ja: "適正な取得", cls: "B", refs: [S.lawAcquire("No.67")],
        rationale: L("不正な手段による取得の禁止は情報銀行の法令遵守項目と同等", "The ban on collection by deceit matches the 情報銀行 legal-compliance item"),
        checks: [C(1, "偽りその他不正の手段により個人情報を取得していない", "Does not collect personal information by deceit or other improper means")],
      },
      {
        n: 3, label: "③", ja: "第三者提供の制限", cls: "B", refs: [S.lawThirdParty("No.68-71")],
        rationale: L("提供記録の作成・確認は情報銀行の法令遵守項目（第三者提供）と同等", "Keeping and checking provision records matches the 情報銀行 third-party legal items"),
        checks: [
          C(1, "第三者提供にあらかじめ本人の同意を得ている", "Obtains prior consent for provision to third parties", {
            cls: "A", refs: [S.lawThirdParty("No.68-69"), S.control("No.161-163")],
            rationale: L("情報銀行は提供先・目的を示した個別の同意と提供可否の判断基準を求め、法定の同意取得より厳しい", "情報銀行 requires consent per recipient and purpose plus criteria for deciding provision, stricter than the legal consent"),
          }),
          C(2, "第三者提供の記録を作成・保存している", "Keeps records of provision to third parties", { refs: [S.lawThirdParty("No.70")] }),
          C(3, "第三者から提供を受ける際に確認・記録している", "Checks and records data received from third parties", { refs: [S.lawThirdParty("No.71")] }),
        ],
      },
      {
        n: 4, label: "④", ja: "外国にある第三者への提供", cls: "B", refs: [S.lawForeign("No.72")],
        rationale: L("外国第三者提供時の同意と情報提供は情報銀行の法令遵守項目と同等", "Consent and information for foreign transfers match the 情報銀行 legal item"),
        checks: [C(1, "外国にある第三者への提供時に本人同意を得て、参考情報を提供している", "Obtains consent and gives the required information for transfers abroad")],
      },
      {
        n: 5, label: "⑤", ja: "個人関連情報の第三者提供", cls: "B", refs: [S.lawThirdParty("No.71")],
        rationale: L("提供先で個人データとなる個人関連情報の同意確認は情報銀行の第三者提供項目と同等", "Confirming consent for person-related information matches the 情報銀行 third-party items"),
        checks: [C(1, "提供先で個人データとなる場合に本人同意が得られていることを確認している", "Confirms consent exists when person-related information becomes personal data at the recipient")],
      },
      {
        n: 6, label: "⑥", ja: "仮名加工情報・匿名加工情報の取扱い", cls: "B", refs: [S.useLimit("No.87")],
        rationale: L("加工情報の作成・提供時の法定義務は情報銀行の利用・開示の制限の項目と同等", "Legal duties for pseudonymised/anonymised data match the 情報銀行 use-and-disclosure limitation item"),
        checks: [C(1, "仮名加工情報・匿名加工情報を作成・提供する場合に法令上の義務を守っている", "Meets the legal duties when creating or providing pseudonymised or anonymised information")],
      },
    ],
  },
  /* ---------------- 3.2 (2) ---------------- */
  {
    section: "3.2",
    part: 2,
    heading: GUIDE,
    topics: [
      {
        n: 1, label: "①", ja: "分かりやすい同意取得", cls: "A", refs: [S.consent("No.79-80"), S.notice("No.151-155")],
        rationale: L("情報銀行は個人のコントローラビリティを前提に、項目別の同意と詳細な個人への明示を求めるため、PHR項目より厳しい", "情報銀行 requires granular consent and detailed notice for individual control, stricter than the PHR item"),
        checks: [
          C(1, "同意取得画面で平易かつ具体的に説明している", "Explains plainly and concretely on the consent screen"),
          C(2, "包括的でなく項目ごとに同意を得ている", "Obtains consent item by item, not as a blanket"),
        ],
      },
      {
        n: 2, label: "②", ja: "利用目的ごとの同意", cls: "B", refs: [S.purpose("No.81"), S.consent("No.80")],
        rationale: L("目的ごとの同意・目的外利用時の再同意・必要最小限の取得は情報銀行の同意及び選択・目的明確化・最小化と同等", "Per-purpose consent, re-consent and minimal collection match the 情報銀行 consent, purpose and minimisation items"),
        checks: [
          C(1, "利用目的ごとに同意を得ている", "Obtains consent per purpose"),
          C(2, "同意の範囲外で利用する場合は改めて同意を得ている", "Obtains new consent before use outside the consented scope"),
          C(3, "利用目的の達成に必要な範囲の情報のみを取得している", "Collects only what the purpose requires", { refs: [S.collection("No.82"), S.minimization("No.83")] }),
        ],
      },
      {
        n: 3, label: "③", ja: "第三者提供に係る事前の同意取得", cls: "A", refs: [S.notice("No.156-157"), S.control("No.161-164")],
        rationale: L("情報銀行は提供先・提供情報・目的を個別に示した事前同意とデータ倫理審査会による提供先審査を求め、PHR項目より厳しい", "情報銀行 requires prior consent naming recipient, data and purpose plus ethics-board review of recipients, stricter than the PHR item"),
        checks: [
          C(1, "提供先・提供される情報・利用目的を特定して事前に同意を得ている", "Obtains prior consent naming the recipient, the data and the purpose", { refs: [S.notice("No.156-157"), S.control("No.161-163")] }),
          C(2, "第三者提供において本人に不利益が生じないよう配慮している", "Takes care that third-party provision does not harm the individual", {
            published: true, refs: [S.advisory("M01, M02, No.130-133")],
            rationale: L("資料4の例（A）: PHR指針は第三者提供で本人の不利益が生じないよう配慮を求めるが確認方法を定めていない。情報銀行認定は医療専門職を含むデータ倫理審査会の設置と、便益や提供先の利用目的の妥当性の審議を求めており、より厳しい", "資料4 example (A): the PHR guideline asks that third-party provision not harm the person without saying how; 情報銀行 requires a data ethics board (with medical professionals for health data) that reviews benefits and recipients' purposes — stricter"),
          }),
          C(3, "提供先の追加・変更時に改めて同意を得ている", "Obtains consent again when recipients are added or changed", { refs: [S.control("No.164"), S.advisory("No.134")] }),
        ],
      },
      {
        n: 4, label: "④", ja: "同意状況の確認・変更", cls: "A", refs: [S.control("No.165-167")],
        rationale: L("情報銀行は同意内容・提供履歴の確認と提供先の選択変更を個人が随時行える仕組みを求め、PHR項目を包含する", "情報銀行 requires individuals to see consents and provision history and change recipients at any time, covering the PHR item"),
        checks: [
          C(1, "利用者が同意した内容をいつでも確認できる", "Users can check what they consented to at any time"),
          C(2, "利用者が同意内容を容易に変更できる", "Users can easily change their consents"),
        ],
      },
      {
        n: 5, label: "⑤", ja: "未成年者等の同意", cls: "B", refs: [S.consent("No.80")],
        rationale: L("法定代理人の同意等は情報銀行の同意及び選択の項目と同等", "Consent by legal guardians matches the 情報銀行 consent-and-choice item"),
        checks: [C(1, "未成年者等については法定代理人の同意を得るなど適切に対応している", "Handles minors properly, e.g. with a guardian's consent")],
      },
    ],
  },
  /* ---------------- 3.3 (1) ---------------- */
  {
    section: "3.3",
    part: 1,
    heading: LAW,
    topics: [
      {
        n: 1, label: "①", ja: "利用する必要がなくなった場合の消去", cls: "B", refs: [S.useLimit("No.86-87")],
        rationale: L("不要となった個人データの消去の努力義務は情報銀行の利用・保持の制限と同等", "Deleting data no longer needed matches the 情報銀行 use-and-retention limitation"),
        checks: [C(1, "利用する必要がなくなった個人データを遅滞なく消去するよう努めている", "Strives to delete personal data without delay once it is no longer needed")],
      },
      {
        n: 2, label: "②", ja: "利用停止等の請求への対応", cls: "A", refs: [S.lawDisclosure("No.75"), S.control("No.168-169")],
        rationale: L("情報銀行は法定要件の有無にかかわらず提供停止・削除を個人が容易に求められる仕組みを求め、法定の対応より厳しい", "情報銀行 lets individuals stop provision or delete data easily regardless of legal grounds, stricter than the legal duty"),
        checks: [
          C(1, "利用停止・消去の請求に対応している", "Handles requests to stop use or delete"),
          C(2, "第三者提供の停止の請求に対応している", "Handles requests to stop provision to third parties"),
          C(3, "請求への対応結果を本人に通知している", "Tells the individual the outcome of the request", {
            cls: "B", refs: [S.lawDisclosure("No.75")],
            rationale: L("対応結果の通知は法定事項で、情報銀行の開示等の項目と同等", "Notifying the outcome is a legal duty, equivalent to the 情報銀行 disclosure item"),
          }),
        ],
      },
    ],
  },
  /* ---------------- 3.3 (2) ---------------- */
  {
    section: "3.3",
    part: 2,
    heading: GUIDE,
    topics: [
      {
        n: 1, label: "1", ja: "本人の求めによる消去", cls: "A", refs: [S.control("No.168-170")],
        rationale: L("情報銀行は個人の求めに応じた削除と削除範囲の明示をコントローラビリティの要件として求め、PHR項目を包含する", "情報銀行 requires deletion on request with a clear scope as a controllability requirement, covering the PHR item"),
        checks: [
          C(1, "本人の求めに応じて健診等情報を消去している", "Deletes 健診等情報 at the individual's request"),
          C(2, "消去の方法と範囲を分かりやすく示している", "Explains clearly how and what is deleted"),
        ],
      },
      {
        n: 2, label: "2", ja: "同意の撤回", cls: "A", refs: [S.control("No.165-167"), S.consent("No.80")],
        rationale: L("情報銀行は同意撤回と撤回後の提供停止を容易に行える仕組みと提供先への通知を求め、PHR項目より厳しい", "情報銀行 requires easy withdrawal, stopping provision and informing recipients, stricter than the PHR item"),
        checks: [
          C(1, "容易な方法で同意を撤回できるようにしている", "Lets users withdraw consent easily"),
          C(2, "撤回後は第三者提供を停止している", "Stops third-party provision after withdrawal"),
        ],
      },
      {
        n: 3, label: "3", ja: "長期間利用がない場合の措置", cls: "C", refs: [S.useLimit("No.86", true)],
        rationale: L("", ""),
        checks: [
          C(1, "必要がなくなった場合や本人の求めがあった場合に加え、一定期間利用がない場合にも消去等の措置を講じている", "Deletes (or similar) 健診等情報 not only when no longer needed or on request, but also after a set period of non-use", {
            published: true,
            rationale: L("資料4の例（C）: PHR指針は一定期間利用がない場合の消去等も求めるが、情報銀行認定の5.3.3⑦No.86は利用・保持・開示を目的に必要な範囲に限ることを求めるのみで、長期間利用がない場合の消去等は定めていない", "資料4 example (C): the PHR guideline also requires deletion after a period of non-use; 情報銀行 5.3.3⑦ No.86 only limits use, retention and disclosure to what the purpose needs and says nothing about non-use"),
            evidence: L("一定期間利用がない場合の消去等の基準（期間・対象・事前通知の方法）を定めた規程又は利用規約の該当条項、及びその基準による消去処理の設定と実行記録（バッチ設定・実行ログ）", "The rule or terms-of-use clause setting the non-use period, scope and advance notice, plus the configuration and run logs of the deletion job that applies it"),
            gap: L("情報銀行認定（5.3.3⑦ No.86）は利用・保持を目的達成に必要な範囲に限ることを求めるが、一定期間利用がない場合の消去等は求めていない", "The certification (5.3.3⑦ No.86) limits retention to what the purpose needs but does not require deletion after a period of non-use"),
          }),
        ],
      },
      {
        n: 4, label: "4", ja: "消去の確実な実施", cls: "B", refs: [S.physical("No.33-34"), S.useLimit("No.87")],
        rationale: L("バックアップを含む確実な消去は情報銀行の媒体廃棄・保持制限の項目と同等", "Reliable deletion including backups matches the 情報銀行 disposal and retention items"),
        checks: [C(1, "バックアップを含め消去を確実に実施している", "Deletes reliably, including from backups")],
      },
    ],
  },
  /* ---------------- 3.4 (1) ---------------- */
  {
    section: "3.4",
    part: 1,
    heading: GUIDE,
    topics: [
      {
        n: 1, label: "1", ja: "医学的知見に基づく情報提供", cls: "A", refs: [S.medProfessional("M05-7"), S.medScope("M03-4")],
        rationale: L("情報銀行認定Ver3.0は認定・更新時とデータ取得・提供時の医療専門職の関与を求め、PHR項目の医学的根拠の確保を包含する", "The 情報銀行 Ver3.0 scheme requires medical professionals at certification and at data acquisition/provision, covering the PHR evidence-based information item"),
        checks: [
          C(1, "科学的根拠に基づいた情報を利用者に提供している", "Gives users evidence-based information"),
          C(2, "情報提供の内容に医療専門職が関与している", "Involves medical professionals in what is shown to users"),
        ],
      },
      {
        n: 2, label: "2", ja: "受診勧奨", cls: "B", refs: [S.notice("No.159")],
        rationale: L("診断と誤認されない表示は情報銀行の個人への明示の項目と同等", "Displays that are not mistaken for diagnosis match the 情報銀行 notice item"),
        checks: [
          C(1, "必要に応じて医療機関への受診を促している", "Encourages users to see a doctor where needed", {
            cls: "A", refs: [S.medAdvice("M08")],
            rationale: L("情報銀行Ver3.0はデータ取得時にかかりつけ医等の助言を受けるよう促すことを求め、PHRの受診勧奨より踏み込んでいる", "情報銀行 Ver3.0 requires prompting users to consult their family doctor when data is acquired, going beyond the PHR referral item"),
          }),
          C(2, "診断行為と誤解されない表示にしている", "Avoids displays that could be taken for a diagnosis"),
        ],
      },
      {
        n: 3, label: "3", ja: "適切な表示", cls: "B", refs: [S.notice("No.160"), S.philosophy("No.102")],
        rationale: L("誇大表示の禁止と広告の区別は情報銀行の個人への明示と基本理念（個人の利益）の項目と同等", "No exaggeration and separating ads match the 情報銀行 notice and basic-philosophy items"),
        checks: [
          C(1, "サービスの効果を誇大に表示していない", "Does not exaggerate the effects of the service"),
          C(2, "広告と健康に関する情報提供を区別している", "Separates advertising from health information"),
        ],
      },
    ],
  },
  /* ---------------- 4.1 (1) ---------------- */
  {
    section: "4.1",
    part: 1,
    heading: LAW,
    topics: [
      {
        n: 1, label: "①", ja: "データ内容の正確性の確保", cls: "B", refs: [S.accuracy("No.88")],
        rationale: L("正確かつ最新の内容に保つ努力義務は情報銀行の正確性及び品質と同等", "Keeping data accurate and up to date matches the 情報銀行 accuracy-and-quality item"),
        checks: [C(1, "個人データを正確かつ最新の内容に保つよう努めている", "Strives to keep personal data accurate and up to date")],
      },
    ],
  },
  /* ---------------- 4.1 (2) ---------------- */
  {
    section: "4.1",
    part: 2,
    heading: GUIDE,
    topics: [
      {
        n: 1, label: "1", ja: "保存期間", cls: "B", refs: [S.useLimit("No.86-87"), S.notice("No.154")],
        rationale: L("保存期間の設定・明示と経過後の消去は情報銀行の利用・保持の制限と個人への明示と同等", "Setting, stating and enforcing retention periods matches the 情報銀行 retention and notice items"),
        checks: [
          C(1, "保存期間を定め利用者に示している", "Sets retention periods and tells users"),
          C(2, "保存期間を過ぎた健診等情報を消去している", "Deletes 健診等情報 after the retention period", { refs: [S.useLimit("No.87")] }),
        ],
      },
      {
        n: 2, label: "2", ja: "健診等情報の真正性の確保", cls: "B", refs: [S.technical("No.47"), S.accuracy("No.88")],
        rationale: L("改ざん防止と更新履歴は情報銀行の技術的安全管理措置・正確性及び品質と同等", "Tamper protection and change history match the 情報銀行 technical and accuracy items"),
        checks: [
          C(1, "保存した健診等情報の改ざんを防止している", "Protects stored 健診等情報 against tampering", { refs: [S.technical("No.47")] }),
          C(2, "更新・訂正の履歴を残している", "Keeps a history of updates and corrections", { refs: [S.accuracy("No.88")] }),
        ],
      },
      {
        n: 3, label: "3", ja: "可用性の確保", cls: "B", refs: [S.technical("No.48"), S.incident("No.60")],
        rationale: L("バックアップ・復旧手順・継続計画は情報銀行の技術的措置とインシデント対応（事業継続）と同等", "Backups, recovery and continuity plans match the 情報銀行 technical and incident/continuity items"),
        checks: [
          C(1, "バックアップと復旧手順を整備している", "Has backups and recovery procedures", { refs: [S.technical("No.48")] }),
          C(2, "障害時のサービス継続計画を定めている", "Has a continuity plan for outages", { refs: [S.incident("No.60")] }),
        ],
      },
      {
        n: 4, label: "4", ja: "事業の承継等", cls: "B", refs: [S.termination("No.179-181")],
        rationale: L("承継時の利用者への通知は情報銀行の事業の終了・承継時の取扱いと同等", "Notifying users on business transfer matches the 情報銀行 termination/transfer item"),
        checks: [
          C(1, "事業譲渡等の際に承継先に同等の取扱いを求めている", "Requires the successor to keep equivalent handling when the business is transferred", {
            cls: "A", refs: [S.termination("No.179-181"), S.mgmt("No.2")],
            rationale: L("情報銀行は承継先にも認定基準と同等の取扱いを求め、認定団体への届出と財務基盤の確認を伴うため、PHR項目より厳しい", "情報銀行 binds successors to certification-level handling with notice to the certifier and financial checks, stricter than the PHR item"),
          }),
          C(2, "事業承継時に利用者へ通知している", "Notifies users when the business is transferred", { refs: [S.termination("No.180")] }),
        ],
      },
    ],
  },
  /* ---------------- 4.2 (1) ---------------- */
  {
    section: "4.2",
    part: 1,
    heading: GUIDE,
    topics: [
      {
        n: 1, label: "1", ja: "利用者を介した相互運用性の確保", cls: "D", refs: [],
        rationale: L("", ""),
        checks: [
          C(1, "マイナポータルAPI等で入手可能な健診等情報について、利用者へのエクスポート機能と利用者からのインポート機能を備えている", "Offers export to and import from the user for 健診等情報 obtainable via the マイナポータル API and similar", {
            published: true,
            rationale: L("資料4の例（D）: マイナポータルAPI等に接続する際の機能に関する項目で、情報銀行認定審査チェックシートには相当する項目がない", "資料4 example (D): a function needed to connect to the マイナポータル API; the 情報銀行 checklist has no counterpart"),
            evidence: L("エクスポート・インポート機能の画面写し・操作手順・機能仕様書、及び実際にエクスポートしたファイルと、それを取り込んだ結果の記録", "Screenshots, user instructions and functional spec of the export and import functions, plus an actually exported file and a record of importing it"),
          }),
          C(2, "健診等情報のフォーマット等をマイナポータルAPIの出力項目・フォーマットを基本とし、互換性の高い汎用的な形式（HL7 CDA等）としている", "Bases data formats on the マイナポータル API output and uses widely compatible formats such as HL7 CDA", {
            published: true,
            rationale: L("資料4の例（D）: 健診等情報のフォーマットに関する項目で、情報銀行認定審査チェックシートには相当する項目がない", "資料4 example (D): a data-format item; the 情報銀行 checklist has no counterpart"),
            evidence: L("出力ファイルの項目・フォーマット定義とマイナポータルAPI出力項目との対応表、HL7 CDA等の汎用形式での出力サンプルとスキーマ検証の結果", "The export field/format definition mapped to the マイナポータル API output, and a sample in a standard format such as HL7 CDA with its schema-validation result"),
          }),
          C(3, "取得した健診等情報の項目・コード体系を保持し、エクスポート時に再現できるようにしている", "Keeps the items and code systems of acquired 健診等情報 so exports reproduce them", {
            rationale: L("評価（D）: 1-2と同じくマイナポータルAPI由来データの形式に関する相互運用性の要求であり、情報銀行チェックシートはデータ形式・コード体系を扱わない", "Assessed (D): like 1-2 an interoperability requirement on the format of マイナポータル API data; the 情報銀行 checklist does not address formats or code systems"),
            evidence: L("保存データ定義（JLAC等のコード・単位を保持していること）と、マイナポータルAPIから取得したデータとエクスポートしたデータの突合結果", "The storage data definition showing codes (e.g. JLAC) and units are kept, and a comparison of data received from the マイナポータル API with the exported data"),
          }),
        ],
      },
      {
        n: 2, label: "2", ja: "サービス終了時の措置", cls: "B", refs: [S.termination("No.179")],
        rationale: L("サービス終了の事前周知は情報銀行の事業の終了・承継時の取扱い（通知）と同等", "Announcing service end in advance matches the 情報銀行 termination item (notice)"),
        checks: [
          C(1, "サービス終了時に、利用者が健診等情報をエクスポートできる期間を確保している", "When the service ends, gives users a period in which they can export their 健診等情報", {
            cls: "C", refs: [S.termination("No.179", true)],
            rationale: L("評価（C）: 情報銀行は事業終了時の個人データの返還・消去と通知を求めるが、利用者が汎用形式で取り出すための期間の確保までは求めておらず、PHR項目の方が厳しい", "Assessed (C): 情報銀行 requires return/deletion and notice at business end, but not a window for users to take their data out in a usable format — the PHR item is stricter"),
            evidence: L("エクスポート受付期間（終了告知から終了までの日数）を定めた規程又は利用規約の条項、終了告知の文案、終了手順書のエクスポート受付期間の記載", "The rule or terms clause fixing the export window (days from end-of-service notice to shutdown), the draft notice, and the shutdown runbook showing the export window"),
            gap: L("情報銀行認定（5.5.1⑤）は終了時の個人データの返還・消去と通知を求めるが、利用者が健診等情報を取り出すための期間の確保は求めていない", "The certification (5.5.1⑤) requires return/deletion and notice at business end but no window for users to export their 健診等情報"),
          }),
          C(2, "サービス終了を十分な期間をもって事前に周知している", "Announces the end of service well in advance"),
        ],
      },
      {
        n: 3, label: "3", ja: "他のPHR事業者等との連携", cls: "B", refs: [S.recipient("No.171-178"), S.notice("No.156")],
        rationale: L("連携時の同意・内容の明示と責任分担は情報銀行の個人への明示・提供先第三者との契約と同等", "Consent, disclosure and responsibilities for data linkage match the 情報銀行 notice and recipient-contract items"),
        checks: [
          C(1, "データ連携の前に、連携先が本指針を遵守していることを確認している", "Before linking data, checks that the partner complies with this guideline", {
            cls: "A", refs: [S.recipient("No.171-174"), S.advisory("No.134")],
            rationale: L("情報銀行は提供先第三者をデータ倫理審査会で審査し、契約で安全管理等の遵守を義務付けるため、連携先の確認としてPHR項目より厳しい", "情報銀行 has the ethics board review recipients and binds them contractually to safety rules, stricter than the PHR partner check"),
          }),
          C(2, "連携時に本人の同意を得て、連携する情報と連携先を示している", "Obtains consent for linkage and shows what is linked and with whom", { refs: [S.notice("No.156")] }),
          C(3, "連携先との責任分担を明確にしている", "Clarifies responsibilities with the partner", { refs: [S.recipient("No.175-178")] }),
        ],
      },
    ],
  },
  /* ---------------- 5.1 (1) ---------------- */
  {
    section: "5.1",
    part: 1,
    heading: GUIDE,
    topics: [
      {
        n: 1, label: "1", ja: "チェックシートによる自己点検", cls: "D", refs: [],
        rationale: L("評価（D）: 情報銀行は認定団体による審査・更新審査を受けるが、PHR指針のチェックシートに基づく自己点検を求める項目はない", "Assessed (D): 情報銀行 is audited by the certifier, but its checklist has no item requiring a self-check against the PHR checksheet"),
        checks: [
          C(1, "本チェックシートの全項目について自己点検を実施している", "Self-checks every item of this checksheet", {
            evidence: L("本チェックシート（2023年4月版）全145項目の回答と根拠資料の所在、及び点検実施記録（実施日・実施者・承認者）", "Answers to all 145 items of the 2023-04 checksheet with where the supporting documents are, and the self-check record (date, performer, approver)"),
          }),
          C(2, "年1回以上、及びサービス変更時・指針改定時に再点検している", "Re-checks at least yearly and when the service or the guideline changes", {
            rationale: L("評価（D）: 再点検の契機がPHR指針のチェックシートと指針改定に結び付いており、情報銀行の更新審査（認定団体の周期）では代替できない", "Assessed (D): re-checks are tied to the PHR checksheet and guideline revisions; the 情報銀行 renewal cycle cannot stand in for them"),
            evidence: L("再点検の実施基準（頻度・契機）を定めた社内規程と、直近の再点検記録", "The internal rule setting when re-checks happen (frequency, triggers) and the latest re-check record"),
          }),
          C(3, "点検の実施体制を定め、記録を保存している", "Has a set-up for the self-check and keeps its records", {
            cls: "B", refs: [S.org("No.19")],
            rationale: L("点検体制と記録の保存は情報銀行の組織的安全管理措置（点検・監査の記録）と同等", "A set-up and records for checks match the 情報銀行 organisational measure on audits and their records"),
          }),
        ],
      },
      {
        n: 2, label: "2", ja: "自己点検結果の公表", cls: "D", refs: [],
        rationale: L("評価（D）: PHR指針固有の公表義務で、情報銀行チェックシートには自己点検結果を公表させる項目がない", "Assessed (D): a PHR-specific publication duty; the 情報銀行 checklist has no item on publishing a self-check result"),
        checks: [
          C(1, "自己点検の結果をウェブサイト等で公表している", "Publishes the self-check result, e.g. on its website", {
            evidence: L("自己点検結果を公表しているウェブページのURLと画面の写し（公表日を含む）", "URL and screenshot of the web page publishing the self-check result, including the publication date"),
          }),
          C(2, "公表内容に対象サービス・点検日・チェックシートの版を明記し、更新している", "States the service, check date and checksheet version in what is published, and keeps it updated", {
            evidence: L("対象サービス名・点検日・チェックシートの版が記載された公表ページの写しと、その更新履歴", "A copy of the published page showing service name, check date and checksheet version, and its update history"),
          }),
        ],
      },
      {
        n: 3, label: "3", ja: "不適合事項の是正", cls: "A", refs: [S.transparency("No.120-122"), S.org("No.20")],
        rationale: L("情報銀行は是正処置を認定団体の監督下（定期報告・更新審査）で求めるため、PHR項目の自主的な是正より厳しい", "情報銀行 requires corrective action under certifier oversight (periodic reports, renewal audits), stricter than the PHR self-correction"),
        checks: [C(1, "点検で判明した不適合を是正し、再点検している", "Corrects non-conformities found and re-checks")],
      },
    ],
  },
];

/* ------------------------------------------------------------------ */
/* Build                                                               */
/* ------------------------------------------------------------------ */

export function buildCrosswalk(): Crosswalk {
  const entries: CrosswalkEntry[] = [];
  for (const p of PARTS) {
    for (const t of p.topics) {
      for (const c of t.checks) {
        const cls = c.cls ?? t.cls;
        const refs = c.refs ?? t.refs;
        const rationale = c.rationale ?? t.rationale;
        const entry: CrosswalkEntry = {
          id: canonicalItemId({ section: p.section, part: p.part, topic: t.n, check: c.n }),
          chapter: p.section.split(".")[0],
          section: p.section,
          sectionHeading: SECTION_HEADINGS[p.section],
          part: p.part,
          partHeading: p.heading,
          topic: t.n,
          topicLabel: t.label,
          topicHeading: t.ja,
          check: c.n,
          summary: L(c.ja, c.en),
          class: cls,
          infobankRefs: cls === "D" ? [] : refs,
          provenance: c.published
            ? { kind: "published", source: PUBLISHED_SOURCE, rationale }
            : { kind: "assessed", rationale },
        };
        if (c.evidence) entry.evidence = c.evidence;
        if (c.gap) entry.gap = c.gap;
        if (!rationale.ja || !rationale.en) throw new Error(`no rationale for ${entry.id}`);
        entries.push(entry);
      }
    }
  }
  return {
    schema: "phr-infobank-crosswalk/1",
    crosswalkVersion: "2026.11-reconstruction.1",
    checksheet: {
      title: "民間PHR事業者による健診等情報の取扱いに関する基本的指針 別紙 本指針に係るチェックシート",
      version: "2023-04",
    },
    checklist: { title: "「情報銀行」認定審査チェックシート", version: "3.0" },
    expectedTotals: { A: 36, B: 100, C: 2, D: 7 },
    notice: L(
      "公表されているのは分類ごとの件数（A 36・B 100・C 2・D 7、計145）と5項目の対応例（総務省 資料4 p.5–6）だけです。その他140項目の分類と情報銀行チェックシートの参照先は本製品による評価（assessed）で、参照番号（No.・M）も公表例の3件以外は推定です。項目の見出しと要約はすべて独自の言い換え（パラフレーズ）であり、公式の文言ではありません。項目番号と文言は、お手元の公式チェックシートが優先します。",
      "Only the class totals (A 36, B 100, C 2, D 7; 145 in all) and five example items (総務省 資料4 p.5–6) are published. The class and 情報銀行 references of the other 140 items are this product's assessment, and the checklist numbers (No., M) other than the three published references are our reconstruction. All item headings and summaries are our own paraphrases, not the official wording. The official checksheet you open is the authority on item numbers and wording.",
    ),
    entries,
  };
}

function main(): void {
  const crosswalk = buildCrosswalk();
  const result = parseCrosswalk(crosswalk);
  if (!result.ok) {
    for (const e of result.errors) console.error(`${e.path}: ${e.message.en}`);
    process.exit(1);
  }
  for (const w of result.warnings) console.warn(`warning: ${w.en}`);
  // Run from the repository root (see the command at the top of this file).
  const root = process.cwd();
  if (!fs.existsSync(path.join(root, "src", "domain", "crosswalk.ts"))) {
    console.error("run this from the repository root");
    process.exit(1);
  }
  const dataPath = path.join(root, "src", "domain", "data", "crosswalk.json");
  const schemaPath = path.join(root, "schema", "crosswalk.schema.json");
  fs.mkdirSync(path.dirname(dataPath), { recursive: true });
  fs.mkdirSync(path.dirname(schemaPath), { recursive: true });
  fs.writeFileSync(dataPath, JSON.stringify(crosswalk, null, 2) + "\n", "utf8");
  fs.writeFileSync(schemaPath, JSON.stringify(crosswalkJsonSchema(), null, 2) + "\n", "utf8");
  const t = classTotals(crosswalk.entries);
  console.log(`wrote ${crosswalk.entries.length} entries (A ${t.A}, B ${t.B}, C ${t.C}, D ${t.D}) to ${dataPath}`);
  console.log(`wrote ${schemaPath}`);
}

if (require.main === module) main();

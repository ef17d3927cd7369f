/**
 * Generate examples/sample-checksheet.xlsx: a clearly fictitious applicant's PHR checksheet
 * in a realistic, slightly messy layout (title and notes above the header, full-width ids,
 * merged section / part headings, a はい/いいえ dropdown, a remarks column), with a 表紙 sheet
 * saying it is a fictitious sample and that item texts are paraphrases.
 *
 * Run from the repository root (no ts-node needed):
 *   npx tsc --outDir build/make-sample --rootDir . --module commonjs --target ES2020 --esModuleInterop \
 *     --resolveJsonModule --skipLibCheck --strict scripts/make-sample.ts
 *   node build/make-sample/scripts/make-sample.js [output.xlsx]
 */
import * as fs from "fs";
import * as path from "path";
import { loadBundledCrosswalk } from "../src/domain/crosswalk";
import { messyLayout } from "../test/helpers/layouts";
import { writeLayoutXlsx } from "../test/helpers/make-xlsx";

const APPLICANT = "株式会社サンプルヘルス（架空）";

/** A few pre-filled answers for demos; the rest are left empty. */
const ANSWERS: Record<string, string> = {
  "2.1(1)/1-1": "はい",
  "2.1(2)/5-2": "はい",
  "2.2/1-1": "はい",
  // A covered item answered いいえ: demo of a contradiction with the certification.
  "3.2(2)/3-2": "いいえ",
  "3.3(2)/3-1": "はい",
};

const REMARKS: Record<string, string> = {
  "2.1(1)/1-1": "個人データ取扱基本方針（架空の文書）第1条",
  "2.1(2)/5-2": "保存データは暗号化（架空のサンプル記載）",
  "2.2/1-1": "ISMS 認証を取得済み（架空の登録番号 IS-000000）",
  "3.2(2)/3-2": "デモ用: 認定でカバーされる項目に「いいえ」を記入した例",
  "3.3(2)/3-1": "3年間ログインのない利用者の情報を消去する規程（架空）",
  "4.2(1)/1-1": "エクスポート機能の説明資料を添付予定（架空）",
};

async function main(): Promise<void> {
  const crosswalk = loadBundledCrosswalk();
  const catalog = crosswalk.entries;
  for (const id of [...Object.keys(ANSWERS), ...Object.keys(REMARKS)]) {
    if (!catalog.some((e) => e.id === id)) throw new Error(`sample answer for unknown item ${id}`);
  }
  const title = "本指針に係るチェックシート（サンプル・架空）";
  const book = messyLayout(catalog, {
    answerList: ["はい", "いいえ"],
    answers: ANSWERS,
    remarks: REMARKS,
    title,
    applicant: APPLICANT,
    sheetName: "チェックシート",
    hideEvery: 0,
    history: [["1.0", "2024/04/01", "サンプル作成（架空）"]],
    cover: [
      "PHR チェックシート サンプル（架空）",
      "",
      "これは架空のサンプルです。実在の事業者・サービス・申請とは関係ありません。",
      "This is a fictitious sample. It does not relate to any real company, service or application.",
      "",
      `事業者名: ${APPLICANT}`,
      "サービス名: サンプルPHR（架空）",
      "",
      `様式: ${crosswalk.checksheet.title}（${crosswalk.checksheet.version}）の項目構成を再構成したもの`,
      "チェック項目の文言は当方による要約（言い換え）であり、公式のチェックシートの文言ではありません。",
      "Item texts are our paraphrases, not the official wording. The official checksheet is the authority on item ids and wording.",
      "",
      "回答欄はほとんど空欄です。一部の回答（「いいえ」を含む）はデモ用に記入してあります。",
    ],
  });
  const bytes = await writeLayoutXlsx(book, { creator: "phr-infobank-checksheet sample generator" });
  const out = path.resolve(process.argv[2] ?? path.join(process.cwd(), "examples", "sample-checksheet.xlsx"));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, bytes);
  process.stdout.write(`wrote ${out} (${bytes.byteLength} bytes, ${catalog.length} items)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`make-sample failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

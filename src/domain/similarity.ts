/**
 * Japanese-aware text similarity for checking that the text under an item number says what the catalog thinks.
 *
 * Why this design (measured in test/domain/verify.test.ts, figures in the README):
 *  - NFKC first: full-width letters and digits, half-width katakana and compatibility characters fold together.
 *  - Content runs, not words: Japanese has no spaces, and a morphological dictionary is far too large for the task pane.
 *    Kanji, katakana (with ー) and latin/digit runs carry the meaning; hiragana carries particles (を・に・は・の…),
 *    okurigana and the checksheet's sentence endings (〜しているか・〜こと・〜を行っているか・〜ますか). So hiragana is
 *    dropped and each content run is cut into character bigrams (a run of one character is kept as a unigram). That discounts
 *    every particle and ending at once without a list that would always be incomplete.
 *  - A few kanji that work as function words (等・及・並・又・各・係・関・対・行・講・図・有) and the subjects a checksheet
 *    puts in front (PHR事業者は・PHRサービス提供者は・事業者は) are removed as well.
 *  - Features are weighted by inverse document frequency over the catalog, so words every item shares (健診・情報・利用者)
 *    weigh little and the distinctive ones (暗号・ログ・撤回・エクスポート) decide.
 *  - The score is a weighted overlap biased to the catalog side: official wording is usually longer than our paraphrase, so
 *    "how much of the catalog entry's content does the sheet text contain" (recall) counts 2:1 against "how much of the sheet
 *    text is the entry's" (precision); 0 = nothing shared, 1 = same content.
 *
 * Plain TypeScript: no Office, no Node APIs.
 */

/** Kanji that act as function words in checksheet prose; dropped like particles. */
const STOP_KANJI = /[等及並又各係関対行講図有]/g;
/** Subjects a checksheet puts in front of an item ("PHR事業者は、…"). */
const LEADING_SUBJECT = /^(?:(?:民間)?phr(?:事業者|サービス提供者)|事業者|当社|貴社|本サービス)(?:は|が|において|では)?/;

/** NFKC, lower case, without the leading subject. */
export function normalizeForSimilarity(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "").replace(LEADING_SUBJECT, "");
}

const CONTENT_RUN = /[\u3400-\u9fff\uf900-\ufaff\u30a0-\u30ffー々〆ヶa-z0-9]+/g;

/** Content runs of a text: kanji / katakana / latin-digit sequences, with stop kanji removed. */
export function contentRuns(text: string): string[] {
  const norm = normalizeForSimilarity(text);
  const out: string[] = [];
  for (const m of norm.match(CONTENT_RUN) ?? []) {
    for (const piece of m.split(STOP_KANJI)) if (piece) out.push(piece);
  }
  return out;
}

/** Features: character bigrams within content runs; a one-character run is a unigram. */
export function features(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of contentRuns(text)) {
    const chars = [...run];
    if (chars.length === 1) {
      out.add(chars[0]!);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** Inverse document frequencies over a set of documents (the catalog); unseen features get the highest weight. */
export interface SimilarityModel {
  idf: Map<string, number>;
  maxIdf: number;
}

export function buildModel(documents: readonly string[]): SimilarityModel {
  const df = new Map<string, number>();
  for (const d of documents) for (const f of features(d)) df.set(f, (df.get(f) ?? 0) + 1);
  const n = Math.max(1, documents.length);
  const idf = new Map<string, number>();
  for (const [f, k] of df) idf.set(f, Math.log(1 + n / k));
  return { idf, maxIdf: Math.log(1 + n) };
}

function weight(model: SimilarityModel, f: string): number {
  const w = model.idf.get(f) ?? model.maxIdf;
  // A unigram is a weaker signal than a bigram.
  return [...f].length === 1 ? w * 0.5 : w;
}

/** Precomputed features of a text for repeated comparisons. */
export interface Profile {
  features: Set<string>;
  total: number;
}

export function profile(model: SimilarityModel, text: string): Profile {
  const fs = features(text);
  let total = 0;
  for (const f of fs) total += weight(model, f);
  return { features: fs, total };
}

/** Recall-weighted overlap (F-measure with β = 2 on the catalog side), 0..1. */
export function compareProfiles(model: SimilarityModel, sheet: Profile, catalog: Profile): number {
  if (sheet.total === 0 || catalog.total === 0) return 0;
  let shared = 0;
  const [small, large] = sheet.features.size <= catalog.features.size ? [sheet, catalog] : [catalog, sheet];
  for (const f of small.features) if (large.features.has(f)) shared += weight(model, f);
  const recall = shared / catalog.total;
  const precision = shared / sheet.total;
  if (recall === 0 || precision === 0) return 0;
  const b2 = 4;
  return ((1 + b2) * precision * recall) / (b2 * precision + recall);
}

/** Similarity of two texts under a model (convenience for tests and one-off comparisons). */
export function similarity(model: SimilarityModel, sheetText: string, catalogText: string): number {
  return compareProfiles(model, profile(model, sheetText), profile(model, catalogText));
}

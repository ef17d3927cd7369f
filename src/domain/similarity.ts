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
  // A unigram is a weaker signal than a bigram (a feature is one or two characters, each maybe a surrogate pair).
  return f.length === 1 || (f.length === 2 && isSurrogatePair(f)) ? w * 0.5 : w;
}

function isSurrogatePair(f: string): boolean {
  const hi = f.charCodeAt(0);
  const lo = f.charCodeAt(1);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/**
 * Precomputed features of a text for repeated comparisons: each feature once, in the order features() gives them,
 * with its weight (the model's), and a set to look them up. A comparison then allocates nothing.
 */
export interface Profile {
  keys: string[];
  weights: number[];
  set: Set<string>;
  total: number;
}

export function profile(model: SimilarityModel, text: string): Profile {
  const set = features(text);
  const keys = [...set];
  const weights = keys.map((f) => weight(model, f));
  let total = 0;
  for (const w of weights) total += w;
  return { keys, weights, set, total };
}

/** Recall-weighted overlap (F-measure with β = 2 on the catalog side), 0..1. */
export function compareProfiles(_model: SimilarityModel, sheet: Profile, catalog: Profile): number {
  if (sheet.total === 0 || catalog.total === 0) return 0;
  let shared = 0;
  // The shared weight summed over the smaller profile's features, in their order.
  const small = sheet.keys.length <= catalog.keys.length ? sheet : catalog;
  const large = small === sheet ? catalog.set : sheet.set;
  const keys = small.keys;
  const weights = small.weights;
  for (let i = 0; i < keys.length; i++) if (large.has(keys[i]!)) shared += weights[i]!;
  const recall = shared / catalog.total;
  const precision = shared / sheet.total;
  if (recall === 0 || precision === 0) return 0;
  const b2 = 4;
  return ((1 + b2) * precision * recall) / (b2 * precision + recall);
}

/**
 * Many catalog profiles prepared for comparing one sheet text against all of them at once (the content check scores
 * every row against every entry). Features become small integers and membership a table lookup; the sums are made
 * in exactly the order compareProfiles makes them, so every score is the same number, bit for bit.
 */
export interface ProfileSet {
  profiles: readonly Profile[];
  /** Feature → id, over the features of the profiles. */
  vocab: Map<string, number>;
  /** Per profile: its features' ids, in its order. */
  ids: Int32Array[];
  /** profile k has feature id f ⇔ member[k * vocab.size + f] === 1. */
  member: Uint8Array;
}

export function profileSet(profiles: readonly Profile[]): ProfileSet {
  const vocab = new Map<string, number>();
  for (const q of profiles) for (const f of q.keys) if (!vocab.has(f)) vocab.set(f, vocab.size);
  const ids = profiles.map((q) => Int32Array.from(q.keys, (f) => vocab.get(f)!));
  const member = new Uint8Array(profiles.length * vocab.size);
  ids.forEach((qi, k) => {
    for (const f of qi) member[k * vocab.size + f] = 1;
  });
  return { profiles, vocab, ids, member };
}

/** compareProfiles(model, sheet, q) for every profile q of the set, in its order. */
export function compareWithSet(set: ProfileSet, sheet: Profile): number[] {
  const v = set.vocab.size;
  const n = sheet.keys.length;
  // The sheet's features as ids (-1: in no profile of the set, so never shared), and as a lookup table.
  const sheetIds = new Int32Array(n);
  const inSheet = new Uint8Array(v);
  for (let i = 0; i < n; i++) {
    const id = set.vocab.get(sheet.keys[i]!);
    sheetIds[i] = id ?? -1;
    if (id !== undefined) inSheet[id] = 1;
  }
  const out = new Array<number>(set.profiles.length);
  for (let k = 0; k < set.profiles.length; k++) {
    const catalog = set.profiles[k]!;
    if (sheet.total === 0 || catalog.total === 0) {
      out[k] = 0;
      continue;
    }
    let shared = 0;
    // As compareProfiles: over the smaller profile's features, in their order.
    if (n <= catalog.keys.length) {
      const base = k * v;
      const w = sheet.weights;
      for (let i = 0; i < n; i++) {
        const id = sheetIds[i]!;
        if (id >= 0 && set.member[base + id] === 1) shared += w[i]!;
      }
    } else {
      const qi = set.ids[k]!;
      const w = catalog.weights;
      for (let j = 0; j < qi.length; j++) if (inSheet[qi[j]!] === 1) shared += w[j]!;
    }
    const recall = shared / catalog.total;
    const precision = shared / sheet.total;
    if (recall === 0 || precision === 0) {
      out[k] = 0;
      continue;
    }
    const b2 = 4;
    out[k] = ((1 + b2) * precision * recall) / (b2 * precision + recall);
  }
  return out;
}

/** Similarity of two texts under a model (convenience for tests and one-off comparisons). */
export function similarity(model: SimilarityModel, sheetText: string, catalogText: string): number {
  return compareProfiles(model, profile(model, sheetText), profile(model, catalogText));
}

import { boundedCache } from '../bounded-cache.js';
import { WORD_VECTOR_ROWS } from '../embeddings/index.js';
import type { WordVectors } from '../embeddings/index.js';
import { isLongWord, isStopword, opposites, phrasesFor, sharedWordNet, synonymous } from '../nlp/index.js';
import type { Lexicon, Relation, RelatedStems, Token } from '../nlp/index.js';
import type { QuestionTerm } from './question.js';

export interface TermMatch {
  score: number;
  token: number;
}

const MAX_WEIGHT = Math.log(2 + WORD_VECTOR_ROWS / 100);

/** Rows by word: 4 MB holds ≈ 30,000 words (~130 B an entry), the vocabulary the retrieved sentences use. */
const ROWS_CACHE_BYTES = 4 * 1024 * 1024;
/** Cosines by row pair: 8 MB holds ≈ 70,000 pairs (~120 B an entry), a few hundred questions' worth. */
const SIMS_CACHE_BYTES = 8 * 1024 * 1024;
// A cached number is a heap number at most.
const NUMBER_BYTES = 16;

/**
 * What a WordNet relation is worth: a synonym or a derived form (withdraw/withdrawal) says the same thing, as the
 * hand thesaurus does (0.8); one step along the verb hierarchy (erupt → begin) says it less exactly, but still more
 * surely than most close word vectors (0.75 × cosine). An antonym says the opposite (see `against`).
 */
const THESAURUS_SCORE = 0.8;
// Any value from 0.6 to 0.8 gave the same held-out totals; 0.5 lost two article answers (the vectors then win).
const WORDNET_LINK_SCORE = 0.7;
const RELATION_SCORE: Record<Exclude<Relation, 'antonym'>, number> = {
  synonym: THESAURUS_SCORE,
  derivation: THESAURUS_SCORE,
  troponym: WORDNET_LINK_SCORE,
  hypernym: WORDNET_LINK_SCORE,
};

/**
 * How well a sentence supports one question term: the same stem counts fully, a shared prefix
 * (lead/leader, Syria/Syrian) nearly so, the hand thesaurus or a WordNet synonym (retreat/withdrew) as a synonym,
 * and a verb one WordNet step away (erupted for begin) or a close word vector (capture/seize) partly.
 */
export class TermMatcher {
  private readonly rows = boundedCache<string, number>(ROWS_CACHE_BYTES, () => NUMBER_BYTES);
  private readonly sims = boundedCache<number, number>(SIMS_CACHE_BYTES, () => NUMBER_BYTES);

  /** `lexicon`: WordNet by default, read lazily (nothing is read before the first question). */
  constructor(
    private readonly words?: WordVectors,
    private readonly lexicon: Lexicon = sharedWordNet(),
  ) {}

  /** What kind of thing a noun names, by its lexicon classes ("bay": body_of_water, …). */
  classes(word: string): ReadonlySet<string> {
    return this.lexicon.nounClasses(word);
  }

  private row(word: string): number {
    // No word vector is that long (see MAX_WORD_CHARS): not looked up, not cached.
    if (isLongWord(word)) return -1;
    let r = this.rows.get(word);
    if (r === undefined) {
      r = this.words?.lookup(word) ?? -1;
      this.rows.set(word, r);
    }
    return r;
  }

  /** Cosine of two rows, memoised: the same question word meets the same sentence words again and again. */
  private sim(a: number, b: number): number {
    // A number key (rows < 2^19, so the pair fits a double exactly): no string is built per word pair.
    const key = a < b ? a * 1_048_576 + b : b * 1_048_576 + a;
    let s = this.sims.get(key);
    if (s === undefined) {
      s = this.words!.similarity(a, b);
      this.sims.set(key, s);
    }
    return s;
  }

  /** Rarer words matter more; the vector table's frequency order stands in for document frequencies. */
  weight(term: QuestionTerm): number {
    const row = this.row(term.lower);
    return row < 0 ? MAX_WEIGHT : Math.log(2 + row / 100);
  }

  /** Cosine similarity of two words' vectors, 0 when either is unknown. */
  related(a: string, b: string): number {
    if (!this.words) return 0;
    const ra = this.row(a);
    const rb = this.row(b);
    return ra >= 0 && rb >= 0 ? this.sim(ra, rb) : 0;
  }

  match(term: Pick<QuestionTerm, 'lower' | 'stem' | 'name'>, tokens: Token[], from = 0, to = tokens.length): TermMatch {
    let best: TermMatch = { score: 0, token: -1 };
    let against = -1;
    // Names match by spelling only: Damascus is not "nearly" Syria.
    const row = term.name ? -1 : this.row(term.lower);
    const phrases = term.name ? undefined : phrasesFor(term.stem);
    const opposite = term.name ? undefined : opposites(term.stem);
    // Once per term, not per token: each token is then one Map lookup.
    const related = term.name ? undefined : this.lexicon.relatedStems(term.lower);
    for (let i = from; i < to; i++) {
      const t = tokens[i];
      let s = 0;
      const relation = related && relationAt(related, tokens, i);
      if (
        t.stem === term.stem ||
        t.lower === term.lower ||
        (NON_ASCII.test(t.lower) && fold(t.lower) === fold(term.lower))
      )
        s = 1;
      else if (sharedPrefix(t.lower, term.lower) || sharedPrefix(t.stem, term.stem)) s = 0.85;
      else if (
        !term.name &&
        (synonymous(term.stem, t.stem) ||
          (phrases !== undefined && i + 1 < tokens.length && phrases.test(`${t.lower} ${tokens[i + 1].lower}`)))
      )
        s = THESAURUS_SCORE;
      else if (relation && relation !== 'antonym' && RELATION_SCORE[relation] >= THESAURUS_SCORE)
        s = RELATION_SCORE[relation];
      else if (opposite?.has(t.stem) || relation === 'antonym') against = i;
      // Function words have noisy vectors ("based" lies close to "which"): only content words count as synonyms.
      else if (row >= 0 && this.words && t.lower.length > 2 && /\p{L}/u.test(t.lower) && !isStopword(t.lower)) {
        const r = this.row(t.lower);
        const sim = r >= 0 ? this.sim(row, r) : 0;
        if (sim >= 0.55) s = 0.75 * sim;
      }
      // A weaker WordNet link (erupt → begin) or the word vector, whichever says more.
      if (relation && relation !== 'antonym') s = Math.max(s, RELATION_SCORE[relation]);
      if (s > best.score) best = { score: s, token: i };
      if (s === 1) break;
    }
    // Saying the opposite ("supports the opposition" for "support the government") counts against the sentence.
    // (A merely similar word does not outweigh it: government and Assad are close vectors too.)
    return best.score < 0.8 && against >= 0 ? { score: -0.5, token: against } : best;
  }
}

/** How the word at `i` (or the two words from it: "broke out") relates to the term in WordNet, if at all. */
function relationAt(related: RelatedStems, tokens: Token[], i: number): Relation | undefined {
  const one = related.stems.get(tokens[i].stem);
  if (one !== undefined || related.pairs.size === 0 || i + 1 >= tokens.length) return one;
  return related.pairs.get(`${tokens[i].stem} ${tokens[i + 1].stem}`);
}

// "Herve" in a question is "Hervé" in the text: accents are dropped before comparing spellings.
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const NON_ASCII = /[^\x00-\x7f]/;
const fold = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '');

function sharedPrefix(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 4) return false;
  if (long.startsWith(short)) return long.length - short.length <= 2;
  if (short.length < 5) return false;
  let n = 0;
  while (n < short.length && short[n] === long[n]) n++;
  return n >= 5 && n >= short.length - 1;
}

import type { IndexedDocument } from '../index/index.js';
import { WordsByLength } from './words-by-length.js';

/** What the corpus says of one word (lower case): how often it occurs, and how often capitalised mid-sentence. */
interface WordStats {
  count: number;
  /** Occurrences not at a sentence's start, and of those, the ones written with a capital. */
  inside: number;
  capital: number;
  /** The commonest capitalised spelling ("HTS", "Hama"). */
  spelling?: string;
}

// Words as the corpus spells them: letters, then letters, digits, apostrophes, dots or hyphens inside.
const WORD = /\p{L}[\p{L}\p{N}'’.-]*\p{L}|\p{L}/gu;
/** A sentence starts after one of these (or at the start): a capital there says nothing about the word. */
const SENTENCE_END = /[.!?:"“”\n#*|>-]\s*$/;

/**
 * The corpus's own words, counted once per index: spelling correction draws on them, and a word the corpus writes
 * with a capital is a name even when a question types it in lower case ("hama", "hts").
 */
export class CorpusLexicon {
  private readonly words = new Map<string, WordStats>();
  private readonly byLength = new WordsByLength();

  constructor(documents: readonly IndexedDocument[]) {
    for (const d of documents) this.read(d.title + '\n' + d.text);
    for (const w of this.words.keys()) this.byLength.add(w);
  }

  private read(text: string): void {
    for (const m of text.matchAll(WORD)) {
      for (const part of m[0].includes('-') ? [m[0], ...m[0].split('-').filter(Boolean)] : [m[0]])
        this.count1(part, text, m.index);
    }
  }

  /**
   * Counts one word at `index` in `text`. A hyphenated word ("al-Jawlani") counts as itself and as each of its parts
   * (the parts take its place in the text), so "jawlani" is a corpus word too.
   */
  private count1(word: string, text: string, index: number): void {
    const lower = word.toLowerCase();
    const stats = this.words.get(lower) ?? { count: 0, inside: 0, capital: 0 };
    stats.count++;
    if (index > 0 && !SENTENCE_END.test(text.slice(Math.max(0, index - 3), index))) {
      stats.inside++;
      if (/^\p{Lu}/u.test(word)) {
        stats.capital++;
        stats.spelling ??= word;
      }
    }
    this.words.set(lower, stats);
  }

  has(lower: string): boolean {
    return this.words.has(lower);
  }

  count(lower: string): number {
    return this.words.get(lower)?.count ?? 0;
  }

  /** The word's spelling as a name, when the corpus writes it capitalised (nearly) every time it is not first. */
  nameSpelling(lower: string): string | undefined {
    const s = this.words.get(lower);
    return s && s.inside > 0 && s.capital >= NAME_SHARE * s.inside ? s.spelling : undefined;
  }

  /** Corpus words of length within `spread` of `length`. */
  near(length: number, spread: number): Iterable<string> {
    return this.byLength.near(length, spread);
  }
}

/**
 * A word is a name when at least this share of its mid-sentence occurrences is capitalised: names are (nearly)
 * always, ordinary words (nearly) never, and a title-cased heading now and then must not make "Water" a name.
 */
const NAME_SHARE = 0.8;

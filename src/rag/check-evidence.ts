import type { IndexedDocument } from '../index/index.js';
import { analyze, isNumberWord, isStopword } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';
import type { Source } from '../types.js';
import { acronymAt } from './focus.js';
import { isInstruction } from './instructions.js';
import type { QuestionTerm } from './question.js';
import type { TermMatcher } from './term-matcher.js';

/**
 * What a generated claim is checked for (its terms) and against (the source sentences that support them); see
 * check-generated.ts.
 */

/** What checking a claim reads: the term matcher and the indexed documents the sources quote. */
export interface EvidenceDeps {
  matcher: TermMatcher;
  doc: (id: string) => IndexedDocument | undefined;
}

// A name is supported by its spelling, as the answerer matches names: the same word (1), or a shared prefix (0.85:
// Syria/Syrian); a similar word's vector never counts for a name (Damascus is not "nearly" Aleppo).
const NAME_MATCH = 0.85;
// Any other content word needs one the TermMatcher relates to it: same stem (1), shared prefix (0.85), the thesaurus
// (0.8) or a close word vector (0.75 × cosine, only from cosine 0.55: at least 0.41). 0.4 admits all of these, so an
// LLM's paraphrase passes ("seized" for "taken control": 0.44); a word with no such counterpart (the Moon) scores 0.
const WORD_MATCH = 0.4;
// The TermMatcher's score for a thesaurus match; anything below is a word-vector match.
const THESAURUS = 0.8;

// Words about the sources themselves ("according to the article"), which no source sentence needs to say.
const ABOUT_SOURCES = /^(source|sources|article|articles|document|documents|passage|passages|report)$/;

export interface Evidence {
  source: Source;
  doc: IndexedDocument;
  start: number;
  end: number;
  quote: string;
  /** Per claim term, whether this sentence supports it. */
  supports: boolean[];
  /** Per claim term, whether it supports it by more than a word vector (same word, prefix, thesaurus, spelling). */
  says: boolean[];
  score: number;
}

export interface Term extends QuestionTerm {
  figure?: boolean;
  pos?: string;
}

// Parts of speech a paraphrase keeps: "seized" may stand for "taken", "army" for "military", never a verb for a noun.
const WORD_CLASS: Record<string, string> = {
  NOUN: 'noun',
  PROPN: 'noun',
  VERB: 'verb',
  AUX: 'verb',
  ADJ: 'adj',
  ADV: 'adv',
};
const wordClass = (pos: string | undefined) => (pos ? (WORD_CLASS[pos] ?? pos) : '');

/**
 * The claim's names, numbers and other content words. A capitalised word inside the sentence is a name even when
 * the tagger calls it a noun ("the Moon"), so it must be spelled as in the source, not merely be a similar word.
 */
export function claimTerms(claim: string): Term[] {
  const { tokens } = analyze(claim);
  const terms: Term[] = [];
  const figures = new Set<string>();
  tokens.forEach((t, i) => {
    for (const f of t.text.match(FIGURE) ?? (isNumberWord(t.lower) ? [t.lower] : [])) {
      if (!figures.has(f)) terms.push({ lower: f, stem: f, name: false, figure: true });
      figures.add(f);
    }
    if (
      !/\p{L}/u.test(t.text) ||
      /\d/.test(t.text) ||
      isStopword(t.lower) ||
      t.pos === 'PUNCT' ||
      ABOUT_SOURCES.test(t.lower) ||
      isNumberWord(t.lower)
    )
      return;
    terms.push({
      lower: t.lower,
      stem: t.stem,
      name: t.pos === 'PROPN' || (i > 0 && /^\p{Lu}/u.test(t.text)),
      pos: t.pos,
    });
  });
  return terms;
}

const FIGURE = /\d[\d,.]*\d|\d/g;

/** Whether one claim term is supported by a sentence: names by spelling, numbers verbatim, other words as related. */
function supported(t: Term, tokens: Token[], lower: string, matcher: TermMatcher): number {
  if (t.figure) return lower.includes(t.lower) ? 1 : 0;
  let score = matcher.match(t, tokens).score;
  // Below the thesaurus (0.8) only a word vector matched: it counts against a word of the same class only, since
  // vectors put unrelated hubs close ("taken" near "one", "last" near "taken").
  if (!t.name && score < THESAURUS) {
    const same = tokens.filter((x) => wordClass(x.pos) === wordClass(t.pos));
    score = Math.min(score, matcher.match(t, same).score);
  }
  if (t.name)
    return score >= NAME_MATCH || (!t.lower.includes(' ') && acronymAt(t.lower, tokens).length > 0)
      ? Math.max(score, NAME_MATCH)
      : 0;
  return score >= WORD_MATCH ? score : 0;
}

/**
 * Every sentence of the given sources, with which of the claim's terms it supports and how well (weighted, so a
 * rare word counts more when choosing among sentences that support the whole claim). A sentence that addresses
 * the assistant or the reader is an attempted instruction: it supports nothing.
 */
export function evidence(terms: Term[], sources: Source[], deps: EvidenceDeps): Evidence[] {
  const out: Evidence[] = [];
  const weights = terms.map((t) => (t.figure ? 1 : deps.matcher.weight(t)));
  const total = weights.reduce((a, b) => a + b, 0);
  for (const source of sources) {
    const doc = deps.doc(source.docId);
    if (!doc) continue;
    for (const s of doc.sentences) {
      if (s.start < source.start || s.end > source.end) continue;
      const quote = doc.text.slice(s.start, s.end);
      if (isInstruction(quote)) continue;
      const tokens = analyze(quote).tokens;
      const lower = quote.toLowerCase();
      const scores = terms.map((t) => supported(t, tokens, lower, deps.matcher));
      const score = scores.reduce((sum, x, i) => sum + x * weights[i], 0) / total;
      out.push({
        source,
        doc,
        start: s.start,
        end: s.end,
        quote,
        supports: scores.map((x) => x > 0),
        says: scores.map((x) => x >= THESAURUS),
        score,
      });
    }
  }
  return out;
}

import { MARKER, MARKERS, citationMarker, markerNumbers } from '../citation-markers.js';
import type { IndexedDocument } from '../index/index.js';
import { analyze, isNumberWord, isStopword, sentenceSpans } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';
import type { Citation, Source } from '../types.js';
import { acronymAt } from './focus.js';
import { isInstruction } from './instructions.js';
import { filterMarkers } from './marker-filter.js';
import type { QuestionTerm } from './question.js';
import type { TermMatcher } from './term-matcher.js';

export type UnsupportedPolicy = 'drop' | 'mark';

export interface GeneratedCheck {
  answer: string;
  citations: Citation[];
  unsupported: string[];
  /** Markers that named no source. */
  dropped: number;
  refused: boolean;
}

export interface CheckDeps {
  matcher: TermMatcher;
  doc: (id: string) => IndexedDocument | undefined;
  policy: UnsupportedPolicy;
}

const REFUSED =
  /\b(sources?|documents?|context|articles?|provided (text|information))\b[^.]{0,40}?\b(do(es)?n['’]t|do(es)? not|never)\b[^.]{0,20}?\b(say|contain|mention|provide|include|state|specify|answer|cover)|\bnot (mentioned|stated|specified|covered|included) in the (sources?|documents?|context)|\b(I|we) (cannot|can['’]t|could not|couldn['’]t) find\b|\bno information (about|on)\b/i;
// "As of 6 December 2024, …" restates the source's date, which is metadata, not sentence text.
const AS_OF =
  /^\s*(?:as of|as at|on|by)\s+(?:\d{1,2}\s+\p{L}+\s+\d{4}|\p{L}+\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})\s*,?\s*/iu;
// A name is supported by its spelling, as the answerer matches names: the same word (1), or a shared prefix (0.85:
// Syria/Syrian); a similar word's vector never counts for a name (Damascus is not "nearly" Aleppo).
const NAME_MATCH = 0.85;
// Any other content word needs one the TermMatcher relates to it: same stem (1), shared prefix (0.85), the thesaurus
// (0.8) or a close word vector (0.75 × cosine, only from cosine 0.55: at least 0.41). 0.4 admits all of these, so an
// LLM's paraphrase passes ("seized" for "taken control": 0.44); a word with no such counterpart (the Moon) scores 0.
const WORD_MATCH = 0.4;
// The TermMatcher's score for a thesaurus match; anything below is a word-vector match.
const THESAURUS = 0.8;
// A claim may join two facts ("Hama, 110km south of Aleppo, fell after Aleppo did"): two sentences it cites together.
const MAX_JOINED = 2;
// Words about the sources themselves ("according to the article"), which no source sentence needs to say.
const ABOUT_SOURCES = /^(source|sources|article|articles|document|documents|passage|passages|report)$/;

interface Support {
  citation: Citation;
  score: number;
}

interface Evidence {
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

interface Term extends QuestionTerm {
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
 * Holds generated text to the same standard as extractive answers: every claim must be supported by source
 * sentences, which become its citations (verbatim, by offsets). Every name, number and content word of the claim
 * must be found in the sentences its own markers cite, or else all in one sentence of any source; a claim that is
 * supported only in part is dropped (or marked) and listed in `unsupported`, whatever its markers said.
 */
export function checkGenerated(raw: string, sources: Source[], deps: CheckDeps): GeneratedCheck {
  const byN = new Map(sources.map((s) => [s.n, s]));
  const { text, dropped } = filterMarkers(raw, (n) => byN.has(n));
  const plain = text.replace(MARKERS, '').trim();
  if (REFUSED.test(plain) && sentenceSpans(plain).length <= 2) {
    return { answer: plain, citations: [], unsupported: [], dropped, refused: true };
  }
  const citations = new Map<string, Citation>();
  const unsupported: string[] = [];
  const out: string[] = [];
  for (const { claim, markers } of claims(text)) {
    const terms = claimTerms(claim.replace(AS_OF, ''));
    if (terms.length === 0) {
      out.push(claim);
      continue;
    }
    // "[0]" passes the marker filter (it is no citation), so only markers naming a source count here.
    const cited = [...new Set(markers)].flatMap((n) => (byN.has(n) ? [byN.get(n)!] : []));
    const found = support(terms, cited, sources, deps);
    if (found.length === 0) {
      unsupported.push(claim);
      if (deps.policy === 'mark') out.push(`${claim} (unsupported)`);
      continue;
    }
    for (const f of found) citations.set(`${f.citation.n}:${f.citation.start}`, f.citation);
    out.push(withMarkers(claim, [...new Set(found.map((f) => f.citation.n))]));
  }
  return { answer: out.join(' ').trim(), citations: [...citations.values()], unsupported, dropped, refused: false };
}

/**
 * The sentences that together support every term of a claim: the best single sentence of each cited source that
 * supports it all; else two cited sentences that do between them; else one sentence of any source that supports
 * it all (a wrong or missing marker is corrected only by a sentence that leaves nothing unsupported).
 */
function support(terms: Term[], cited: Source[], sources: Source[], deps: CheckDeps): Support[] {
  const mine = evidence(terms, cited, deps);
  const whole = (e: Evidence) => e.supports.every(Boolean);
  const perSource = cited.flatMap((s) => {
    const b = top(mine.filter((e) => e.source === s && whole(e)));
    return b ? [b] : [];
  });
  if (perSource.length) return perSource.map(toSupport);
  const pair = joined(terms, mine);
  if (pair) return pair.map(toSupport);
  const any = top(evidence(terms, sources, deps).filter(whole));
  return any ? [toSupport(any)] : [];
}

/**
 * Two cited sentences that support the claim between them, each one a contiguous part of it: "The rebels, who have
 * taken control of Hama, | captured Aleppo last week". Requiring each sentence to carry a whole run of the claim,
 * not scattered words, keeps a join from picking one word here and one there ("captured Aleppo and | Damascus"
 * needs a sentence saying Damascus was captured, not one naming the road to it). And in a join every word must be
 * said, not only near in meaning: word vectors put "taken control" near "told … time", so two sentences' worth of
 * loose matches would support almost anything.
 */
function joined(terms: Term[], mine: Evidence[]): Evidence[] | undefined {
  if (MAX_JOINED < 2) return undefined;
  let best: Evidence[] | undefined;
  let bestScore = -1;
  for (let cut = 1; cut < terms.length; cut++) {
    const a = top(mine.filter((e) => e.says.slice(0, cut).every(Boolean)));
    const b = top(mine.filter((e) => e.says.slice(cut).every(Boolean)));
    if (!a || !b || a === b || a.score + b.score <= bestScore) continue;
    best = [a, b].sort((x, y) => x.source.n - y.source.n || x.start - y.start);
    bestScore = a.score + b.score;
  }
  return best;
}

const top = (list: Evidence[]) =>
  list.reduce<Evidence | undefined>((b, e) => (!b || e.score > b.score ? e : b), undefined);

const toSupport = (e: Evidence): Support => ({
  score: e.score,
  citation: {
    n: e.source.n,
    docId: e.doc.id,
    chunkId: e.source.chunkId,
    title: e.doc.title,
    ...(e.doc.date ? { date: e.doc.date } : {}),
    quote: e.quote,
    start: e.start,
    end: e.end,
  },
});

// The markers a sentence opens with.
const LEADING_MARKERS = new RegExp(String.raw`^(?:\s*${MARKER})+`);

/** Sentences with the markers that close them; a marker opening a sentence ("… Aleppo. [1] Next") belongs to the one before. */
function claims(text: string): { claim: string; markers: number[] }[] {
  const out: { claim: string; markers: number[] }[] = [];
  for (const span of sentenceSpans(text)) {
    let s = text.slice(span.start, span.end);
    const lead = LEADING_MARKERS.exec(s);
    if (lead && out.length) {
      out[out.length - 1].markers.push(...numbers(lead[0]));
      s = s.slice(lead[0].length);
    }
    if (!s.trim()) continue;
    out.push({ claim: s.replace(MARKERS, '').trim(), markers: numbers(s) });
  }
  return out;
}

const numbers = (s: string) => [...s.matchAll(MARKERS)].flatMap((m) => markerNumbers(m[1]));

function withMarkers(claim: string, ns: number[]): string {
  const tags = ns.map((n) => citationMarker([n])).join('');
  const m = /^(.*?)([.!?…]*)$/s.exec(claim)!;
  return `${m[1]} ${tags}${m[2]}`;
}

/**
 * The claim's names, numbers and other content words. A capitalised word inside the sentence is a name even when
 * the tagger calls it a noun ("the Moon"), so it must be spelled as in the source, not merely be a similar word.
 */
function claimTerms(claim: string): Term[] {
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
function evidence(terms: Term[], sources: Source[], deps: CheckDeps): Evidence[] {
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

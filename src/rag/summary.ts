import { citationMarker } from '../citation-markers.js';
import { analyze } from '../nlp/index.js';
import type { Source } from '../types.js';
import type { AnswerInput, Draft } from './answerer.js';
import { formatDate } from './dates.js';
import { notStated, toCitation } from './quotes.js';
import { withLists } from './lists.js';
import { openQuestion } from './open-question.js';
import { analyzeQuestion } from './question.js';
import { collectSentences, rankSentences } from './sentence-ranker.js';
import type { RankedSentence, RankerDeps } from './sentence-ranker.js';

/** The 2–4 sentences: one is an answer to a fact, five is a page. (Fewer when fewer are about it.) */
const MAX_SENTENCES = 4;
/** Shorter pieces are headings, labels and list stubs, which summarise nothing. */
const MIN_WORDS = 6;
/** Two sentences sharing more than this share of their words say the same thing: only the first is kept. */
const NEAR_DUPLICATE = 0.6;
/**
 * A topic sentence must support this share of the topic's words, as a fact question's sentence must (the
 * extractive answerer's minCoverage): a passing mention of the topic is no summary of it.
 */
const TOPIC_COVERAGE = 0.5;
/** A word counts as said when the matcher finds it or a synonym (0.75 is a close word vector's best). */
const WORD_MATCH = 0.75;
/**
 * Overview ranking: a sentence's similarity to the document's retrieved text (centrality) plus a lead bonus that
 * halves every LEAD_HALF_LIFE sentences (news and reference text put the gist first). The lead bonus equals a
 * full centrality point at the first sentence, so the lead wins unless a later sentence is clearly more central.
 */
const LEAD_HALF_LIFE = 4;
const LEAD_WEIGHT = 0.5;

type Piece = { source: Source; doc: NonNullable<ReturnType<AnswerInput['doc']>>; index: number; text: string };

const words = (text: string) => new Set(analyze(text).tokens.map((t) => t.stem));
function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/** The first MAX_SENTENCES that are not near-duplicates of one already chosen. */
function distinct<T extends { text: string }>(ordered: T[]): T[] {
  const chosen: { item: T; words: Set<string> }[] = [];
  for (const item of ordered) {
    if (chosen.length >= MAX_SENTENCES) break;
    const w = words(item.text);
    if (chosen.some((c) => overlap(c.words, w) > NEAR_DUPLICATE)) continue;
    chosen.push({ item, words: w });
  }
  return chosen.map((c) => c.item);
}

const wordCount = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
/** A Markdown heading or a line with no verb states nothing: it is a label, not a sentence of a summary. */
const states = (text: string) =>
  !/^\s*#/.test(text) && wordCount(text) >= MIN_WORDS && analyze(text).tokens.some((t) => t.pos === 'VERB');
/** How much a sentence's place in its document counts: the lead bonus, halving every LEAD_HALF_LIFE sentences. */
const lead = (index: number) => LEAD_WEIGHT * 0.5 ** (index / LEAD_HALF_LIFE);

/**
 * Answers open questions with 2–4 of the sources' own sentences, cited: for an overview the most central
 * sentences of the best-matching document, lead first; for a topic the sentences that are about it. A topic
 * nothing retrieved is about gets "not stated".
 */
export class SummaryAnswerer {
  constructor(private readonly deps: RankerDeps) {}

  answer(input: AnswerInput): Draft {
    const open = openQuestion(input.question);
    if (open?.kind === 'topic') return this.topic(open.topic, input);
    return this.overview(input);
  }

  private overview({ sources, doc }: AnswerInput): Draft {
    const pieces = collectSentences(sources, doc)
      .filter(({ doc: d }) => d.id === sources[0]?.docId)
      .map(({ doc: d, source, index }) => ({
        doc: d,
        source,
        index,
        text: d.text.slice(d.sentences[index].start, d.sentences[index].end),
      }))
      .filter((p) => states(p.text));
    if (pieces.length === 0) return notStated([]);
    const whole = pieces.map((p) => p.text).join(' ');
    const similarity = this.deps.similarity ?? (() => 0);
    const score = (p: Piece) => similarity(p.text, whole) + lead(p.index);
    const scored = pieces.map((p) => ({ p, s: score(p) })).sort((a, b) => b.s - a.s);
    return compose(distinct(scored.map(({ p }) => p)));
  }

  private topic(topic: string, { sources, doc }: AnswerInput): Draft {
    const q = analyzeQuestion(topic);
    const ranked = rankSentences(q, sources, doc, this.deps);
    // The topic's own words ("the council's plans for new housing"), not only its names, must be in the sentence.
    const described = q.terms.filter((t) => !t.name);
    const needed = Math.ceil(described.length * TOPIC_COVERAGE);
    // A document's title speaks for each of its sentences: all of "History of Marrowby" is about its history.
    const said = (t: (typeof q.terms)[number], s: RankedSentence) =>
      [s.text, s.doc.title].some((text) => this.deps.matcher.match(t, analyze(text).tokens).score >= WORD_MATCH);
    const describes = (s: RankedSentence) => described.filter((t) => said(t, s)).length >= needed;
    const named = (s: RankedSentence) => s.focus >= 1 || q.terms.filter((t) => t.name).every((t) => said(t, s));
    const about = ranked.filter((s) => named(s) && states(s.text) && describes(s));
    if (about.length === 0 || q.terms.length === 0) return notStated(ranked, q.terms.length > 0);
    // Best first by how well each is about the topic, and among equals the document's lead first.
    return compose(distinct([...about].sort((a, b) => b.score + lead(b.index) - (a.score + lead(a.index)))));
  }
}

/** The chosen sentences in document order, each cited, after the as-of date of the newest. */
function compose(chosen: (Piece | RankedSentence)[]): Draft {
  if (chosen.length === 0) return notStated([]);
  const ordered = withLists([...chosen].sort((a, b) => (a.doc.id === b.doc.id ? a.index - b.index : 0)));
  const dates = ordered
    .map((s) => s.doc.date)
    .filter((d): d is string => Boolean(d))
    .sort();
  const asOf = dates.at(-1);
  const lead = asOf ? `As of ${formatDate(asOf)}, the documents say: ` : 'The documents say: ';
  const citations = ordered.map((s) => {
    const span = s.doc.sentences[s.index];
    return toCitation({ ...s, start: span.start, end: span.end });
  });
  return {
    answer: lead + ordered.map((s) => `${s.text} ${citationMarker([s.source.n])}`).join(' '),
    refused: false,
    citations,
  };
}

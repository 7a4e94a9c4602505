import { MARKER, MARKERS, citationMarker, markerNumbers } from '../citation-markers.js';
import { sentenceSpans } from '../nlp/index.js';
import type { Citation, Source } from '../types.js';
import { claimTerms, evidence } from './check-evidence.js';
import type { Evidence, EvidenceDeps, Term } from './check-evidence.js';
import { filterMarkers } from './marker-filter.js';

export type UnsupportedPolicy = 'drop' | 'mark';

export interface CheckDeps extends EvidenceDeps {
  policy: UnsupportedPolicy;
}

export interface GeneratedCheck {
  answer: string;
  citations: Citation[];
  unsupported: string[];
  /** Markers that named no source. */
  dropped: number;
  refused: boolean;
}

// An answer that says the sources lack the answer: "the documents do not mention …", "not stated in the context",
// "I cannot find …", "no information about …".
const SOURCES_LACK = String.raw`\b(sources?|documents?|context|articles?|provided (text|information))\b[^.]{0,40}?`;
const DO_NOT_SAY =
  String.raw`\b(do(es)?n['’]t|do(es)? not|never)\b[^.]{0,20}?` +
  String.raw`\b(say|contain|mention|provide|include|state|specify|answer|cover)`;
const NOT_IN_SOURCES =
  String.raw`\bnot (mentioned|stated|specified|covered|included)` + String.raw` in the (sources?|documents?|context)`;
const CANNOT_FIND = String.raw`\b(I|we) (cannot|can['’]t|could not|couldn['’]t) find\b`;
const NO_INFORMATION = String.raw`\bno information (about|on)\b`;
const REFUSED = new RegExp([SOURCES_LACK + DO_NOT_SAY, NOT_IN_SOURCES, CANNOT_FIND, NO_INFORMATION].join('|'), 'i');
// "As of 6 December 2024, …" restates the source's date, which is metadata, not sentence text.
const AS_OF =
  /^\s*(?:as of|as at|on|by)\s+(?:\d{1,2}\s+\p{L}+\s+\d{4}|\p{L}+\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})\s*,?\s*/iu;

// A claim may join two facts ("Hama, 110km south of Aleppo, fell after Aleppo did"): two sentences it cites together.
const MAX_JOINED = 2;

interface Support {
  citation: Citation;
  score: number;
}

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

/**
 * Sentences with the markers that close them; a marker opening a sentence ("… Aleppo. [1] Next") belongs to the
 * one before.
 */
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

import type { IndexedDocument } from '../index/index.js';
import { analyze, isStopword, sentenceSpans } from '../nlp/index.js';
import type { Citation, Source } from '../types.js';
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
const AS_OF = /^\s*(?:as of|as at|on|by)\s+(?:\d{1,2}\s+\p{L}+\s+\d{4}|\p{L}+\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})\s*,?\s*/iu;
const MARKERS = /\s*\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
const CITED = 0.4;
const SELF_EVIDENT = 0.6;

interface Support {
  citation: Citation;
  score: number;
}

/**
 * Holds generated text to the same standard as extractive answers: every claim must be supported by a
 * source sentence, which becomes its citation (verbatim, by offsets). Markers naming no source are dropped;
 * a claim without a marker gets one when a source plainly supports it; a claim nothing supports is reported.
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
    const terms = contentTerms(claim.replace(AS_OF, ''));
    if (terms.length === 0) {
      out.push(claim);
      continue;
    }
    // "[0]" passes the marker filter (it is no citation), so only markers naming a source count here.
    let found = markers.filter((n) => byN.has(n)).flatMap((n) => {
      const s = best(claim, terms, [byN.get(n)!], deps);
      return s && s.score >= CITED ? [s] : [];
    });
    if (found.length === 0) {
      const s = best(claim, terms, sources, deps);
      if (s && s.score >= SELF_EVIDENT) found = [s];
    }
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

/** Sentences with the markers that close them; a marker opening a sentence ("… Aleppo. [1] Next") belongs to the one before. */
function claims(text: string): { claim: string; markers: number[] }[] {
  const out: { claim: string; markers: number[] }[] = [];
  for (const span of sentenceSpans(text)) {
    let s = text.slice(span.start, span.end);
    const lead = /^(\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\])+/.exec(s);
    if (lead && out.length) {
      out[out.length - 1].markers.push(...numbers(lead[0]));
      s = s.slice(lead[0].length);
    }
    if (!s.trim()) continue;
    out.push({ claim: s.replace(MARKERS, '').trim(), markers: numbers(s) });
  }
  return out;
}

const numbers = (s: string) => [...s.matchAll(MARKERS)].flatMap((m) => m[1].split(',').map((x) => Number(x.trim())));

function withMarkers(claim: string, ns: number[]): string {
  const tags = ns.map((n) => `[${n}]`).join('');
  const m = /^(.*?)([.!?…]*)$/s.exec(claim)!;
  return `${m[1]} ${tags}${m[2]}`;
}

function contentTerms(claim: string): QuestionTerm[] {
  return analyze(claim)
    .tokens.filter((t) => /[\p{L}\p{N}]/u.test(t.text) && !isStopword(t.lower) && t.pos !== 'PUNCT')
    .map((t) => ({ lower: t.lower, stem: t.stem, name: t.pos === 'PROPN' }));
}

const NUMBER_WORDS = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|half)\b/gi;

/** Weighted share of `terms` that `tokens` support (1 when there are no such terms). */
function share(terms: QuestionTerm[], tokens: ReturnType<typeof analyze>['tokens'], matcher: TermMatcher): number {
  if (terms.length === 0) return 1;
  let got = 0;
  let want = 0;
  for (const t of terms) {
    const w = matcher.weight(t);
    want += w;
    got += w * matcher.match(t, tokens).score;
  }
  return got / want;
}

/**
 * The source sentence that best supports a claim. Names and the other words are scored apart and the weaker
 * share counts, so a claim that merely names the right city ("Hama has a famous football team") is not
 * supported by a sentence about that city. Numbers must appear verbatim.
 */
function best(claim: string, terms: QuestionTerm[], sources: Source[], deps: CheckDeps): Support | undefined {
  const names = terms.filter((t) => t.name);
  const others = terms.filter((t) => !t.name);
  const body = claim.replace(AS_OF, '');
  const figures = [...(body.match(/\d[\d,.]*\d|\d/g) ?? []), ...(body.match(NUMBER_WORDS) ?? [])].map((f) => f.toLowerCase());
  let top: Support | undefined;
  for (const source of sources) {
    const doc = deps.doc(source.docId);
    if (!doc) continue;
    for (const s of doc.sentences) {
      if (s.start < source.start || s.end > source.end) continue;
      const quote = doc.text.slice(s.start, s.end);
      const tokens = analyze(quote).tokens;
      let score = Math.min(share(names, tokens, deps.matcher), share(others, tokens, deps.matcher));
      const lower = quote.toLowerCase();
      if (figures.some((f) => !lower.includes(f))) score *= 0.3;
      if (!top || score > top.score) {
        top = {
          score,
          citation: { n: source.n, docId: doc.id, chunkId: source.chunkId, title: doc.title, ...(doc.date ? { date: doc.date } : {}), quote, start: s.start, end: s.end },
        };
      }
    }
  }
  return top;
}

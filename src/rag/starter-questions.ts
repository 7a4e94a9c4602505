import type { IndexedDocument, SearchIndex } from '../index/index.js';
import { analyze, NAME_PARTICLES } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';
import type { Answer } from '../types.js';
import { headingTexts } from './section-context.js';

/** The issue asks for 3–4 starters: enough to show what can be asked, few enough to read at a glance. */
export const MAX_STARTERS = 4;

/**
 * Candidates asked before giving up on filling the list. Each is one offline answer (a few to 100 ms on the tuning
 * corpora), so the first request after an index swap pays at most about two seconds.
 */
const MAX_TRIED = 24;

/** A lead is the title and the first sentences: where a news story, a guide or a manual names its subjects. */
const LEAD_SENTENCES = 6;

/** A heading longer than this is not a topic ("Tell me about …") but a sentence; FAQ questions are kept whole. */
const MAX_TOPIC_WORDS = 6;

/** Templates the summary answerer reads as "what do the documents say about X" (src/rag/open-question.ts). */
const TOPIC_TEMPLATES = [
  (t: string) => `Tell me about ${t}`,
  (t: string) => `What do the sources say about ${t}?`,
  (t: string) => `What is known about ${t}?`,
];

const isName = (t: Token | undefined) => t?.pos === 'PROPN';
const isAcronym = (s: string) => /^[A-Z]{2,6}$/.test(s);

/**
 * The names a text holds: runs of proper nouns, joined by particles ("Hayat Tahrir al-Sham", "Syrian Observatory for
 * Human Rights"). A run right before a noun or adjective modifies it ("Syrian rebels") and is not a subject.
 */
function namesIn(text: string): string[] {
  const tokens = analyze(text).tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isName(tokens[i])) continue;
    let j = i;
    while (isName(tokens[j + 1]) || (NAME_PARTICLES.has(tokens[j + 1]?.lower) && joins(text, tokens, j + 1))) j++;
    while (!isName(tokens[j])) j--;
    const next = tokens[j + 1];
    const modifier = next && (next.pos === 'NOUN' || next.pos === 'ADJ') && next.start === tokens[j].end + 1;
    if (!modifier) out.push(text.slice(tokens[i].start, tokens[j].end));
    i = j;
  }
  return out;
}

/** A particle joins a name when a name follows it, and a hyphen only when it touches both sides ("al-Sham"). */
function joins(text: string, tokens: Token[], k: number): boolean {
  let after = k + 1;
  while (NAME_PARTICLES.has(tokens[after]?.lower)) after++;
  if (!isName(tokens[after])) return false;
  return tokens[k].text !== '-' || (tokens[k - 1].end === tokens[k].start && tokens[k].end === tokens[k + 1].start);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const occurrences = (text: string, name: string) =>
  (text.match(new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, 'gu')) ?? []).length;

/** Calendar words are capitalised but are no subject to ask about ("Tell me about March"). */
const CALENDAR = new RegExp(
  '^(?:January|February|March|April|May|June|July|August|September|October|November|December|' +
    'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$',
);

/** A name needs a few letters: "UK" alone makes "What do the sources say about UK?" ungrammatical. */
const MIN_NAME_CHARS = 3;

const wordRe = (form: string, before = '') =>
  new RegExp(`${before}(?<![\\p{L}\\p{N}])${escape(form)}(?![\\p{L}\\p{N}])`, 'u');
const writtenAs = (form: string, text: string) => wordRe(form).test(text);
/** Written so after a lower-case word or a comma: a capital that marks a name, not a sentence's start. */
const midSentence = (form: string, text: string) => wordRe(form, '(?<=[\\p{Ll},;] )').test(text);

/**
 * A word as the text writes it inside a sentence: "HAMA" (a dateline) is "Hama", "BINS" (a heading) is "bins",
 * "Symptoms" (a heading in title case) is "symptoms", "VPN" stays "VPN".
 */
function caseAsInText(word: string, text: string): string {
  if (!/\p{L}/u.test(word) || writtenAs(word.toLowerCase(), text)) return word.toLowerCase();
  const capital = word[0].toUpperCase() + word.slice(1).toLowerCase();
  if (midSentence(capital, text)) return capital;
  return midSentence(word, text) ? word : word.toLowerCase();
}

/** A name's words in capitals for emphasis take the text's spelling ("HAMA - Syrian rebels…" → "Hama"). */
const respelled = (name: string, text: string) =>
  name
    .split(' ')
    .map((w) => (/^\p{Lu}{2,}$/u.test(w) ? caseAsInText(w, text) : w))
    .join(' ');

/** A subject worth a question: not a date, and with a word the text writes only as a name ("Marrowby", "HTS"). */
function isSubject(name: string, text: string): boolean {
  const words = name.split(' ');
  if (name.length < MIN_NAME_CHARS || words.some((w) => CALENDAR.test(w))) return false;
  return words.some((w) => /^\p{Lu}/u.test(w) && midSentence(w, text) && !writtenAs(w.toLowerCase(), text));
}

/**
 * The names of a document's title and lead, most mentioned first. An acronym spelled out beside its name ("Hayat
 * Tahrir al-Sham (HTS)") counts for the name rather than standing as a second topic.
 */
function leadNames(d: IndexedDocument): string[] {
  const lead = d.sentences.slice(0, LEAD_SENTENCES).map((s) => d.text.slice(s.start, s.end));
  const found = [...new Set([d.title, ...lead].flatMap(namesIn).map((n) => respelled(n, d.text)))].filter((n) =>
    isSubject(n, d.text),
  );
  const acronymOf = new Map<string, string>();
  for (const name of found)
    for (const other of found)
      if (isAcronym(other) && name !== other && d.text.includes(`${name} (${other})`)) acronymOf.set(other, name);
  const count = (n: string) =>
    occurrences(d.text, n) +
    [...acronymOf].reduce((sum, [a, full]) => sum + (full === n ? occurrences(d.text, a) : 0), 0);
  return found
    .filter((n) => !acronymOf.has(n))
    .map((name, at) => ({ name, at, n: count(name) }))
    .sort((a, b) => b.n - a.n || a.at - b.at)
    .map((x) => x.name);
}

/** What a topic opens with: a thing or its modifier, not "Getting here", "What's in the box", "Before you begin". */
const TOPIC_START = new Set(['NOUN', 'PROPN', 'ADJ', 'DET', 'NUM']);
const THING = new Set(['NOUN', 'PROPN']);

/**
 * A heading as a topic inside a question: as it is when the text uses it as a name ("Marrowby Heritage Museum"),
 * else each word cased as the text writes it ("PARKING PERMITS" → "parking permits").
 */
function headingTopic(heading: string, text: string): string | undefined {
  const topic = midSentence(heading, text)
    ? heading
    : heading
        .split(/\s+/)
        .map((w) => caseAsInText(w, text))
        .join(' ');
  // Tagged as the text would have it: in capitals every word of "WEEKLY" reads as a name.
  const tokens = analyze(topic).tokens;
  if (tokens.length === 0 || tokens.length > MAX_TOPIC_WORDS) return undefined;
  return TOPIC_START.has(tokens[0].pos) && tokens.some((t) => THING.has(t.pos)) ? topic : undefined;
}

/** One document's candidates, best first: its FAQ questions, the names of its lead, then its other headings. */
function documentCandidates(d: IndexedDocument): string[] {
  const headings = headingTexts(d).filter((h) => h.toLowerCase() !== d.title.toLowerCase());
  const asked = headings.filter((h) => h.endsWith('?'));
  const topics = [
    ...leadNames(d),
    ...headings.filter((h) => !h.endsWith('?')).flatMap((h) => headingTopic(h, d.text) ?? []),
  ];
  return [...asked, ...topics.map((t, i) => TOPIC_TEMPLATES[i % TOPIC_TEMPLATES.length](t))];
}

/**
 * Questions drawn from the corpus alone (headings, titles, leading sentences; no model), taking each document's best
 * in turn so that the starters cover the corpus rather than its first document.
 */
export function starterCandidates(docs: readonly IndexedDocument[]): string[] {
  const lists = docs.map(documentCandidates);
  const out = new Set<string>();
  for (let round = 0; lists.some((l) => l.length > round); round++)
    for (const l of lists) if (l[round]) out.add(l[round]);
  return [...out];
}

/**
 * The starter questions for an index: candidates that the offline answerer answers (not refused, with a citation),
 * so a starter never leads to "not stated". Worked out once per index and shared by concurrent requests.
 */
export class StarterQuestions {
  private readonly byIndex = new WeakMap<SearchIndex, Promise<string[]>>();

  constructor(
    private readonly index: () => SearchIndex,
    private readonly ask: (question: string) => Promise<Answer>,
  ) {}

  questions(): Promise<string[]> {
    const index = this.index();
    let found = this.byIndex.get(index);
    if (!found) {
      found = this.answered(starterCandidates(index.documents()));
      this.byIndex.set(index, found);
      found.catch(() => this.byIndex.delete(index)); // a failure is not remembered: the next request tries again
    }
    return found;
  }

  private async answered(candidates: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const question of candidates.slice(0, MAX_TRIED)) {
      const answer = await this.ask(question);
      if (!answer.refused && answer.citations.length > 0) out.push(question);
      if (out.length === MAX_STARTERS) break;
    }
    return out;
  }
}

import type { ChatModel, Prompts } from '../llm/index.js';
import { MAX_QUESTION_CHARS } from '../limits.js';
import { analyze, NAME_PARTICLES } from '../nlp/index.js';
import type { HistoryTurn } from '../types.js';

/** Turns a follow-up ("And how far is it from Aleppo?") into a question that stands on its own. */
export interface Condenser {
  condense(question: string, history: HistoryTurn[], signal?: AbortSignal): Promise<string>;
}

const PRONOUNS = 'it|its|there|they|them|their|he|him|his|she|her';
const PLACE_NOUN = '(?:city|town|place|country|group)';
const REFERENCE = new RegExp(
  String.raw`\b(${PRONOUNS}|this ${PLACE_NOUN}|that ${PLACE_NOUN}|the ${PLACE_NOUN})\b`,
  'i',
);
const LEAD = /^\s*(and|so|but|also|ok(?:ay)?|then|well)\b[,\s]*/i;
const ABOUT = /^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*\??\s*$/i;

/** Proper-noun runs of a text, in order: "Hayat Tahrir al-Sham", "Hama". */
function names(text: string): string[] {
  const { tokens } = analyze(text);
  const out: string[] = [];
  let start = -1;
  let end = -1;
  tokens.forEach((t, i) => {
    const isName = t.pos === 'PROPN' || (i > 0 && /^[A-Z][\p{L}-]+$/u.test(t.text) && t.pos !== 'PRON');
    const isLink = (k: number) => NAME_PARTICLES.has(tokens[k]?.lower ?? '');
    const capital = (k: number) => /^[A-Z]/.test(tokens[k]?.text ?? '');
    const link = start >= 0 && isLink(i) && (capital(i + 1) || (isLink(i + 1) && capital(i + 2)));
    if (isName || link) {
      if (start < 0) start = t.start;
      end = t.end;
    } else if (start >= 0) {
      out.push(text.slice(start, end));
      start = -1;
    }
  });
  if (start >= 0) out.push(text.slice(start, end));
  return out;
}

// An answer's own furniture, which names nothing the conversation is about.
const ANSWER_FURNITURE = /\[\d+(?:[,–-]\s*\d+)*\]|^As of [^:]*:|\bthe (?:source|documents) says?:/gm;
/** Words that end the name of an organisation or a place, not a person ("Skerry Boats Ltd", "Harbour Trust"). */
const NOT_A_PERSON =
  /\b(?:Ltd|Inc|plc|Trust|Council|Forces|Observatory|Group|Software|Museum|Library|Company|Party|Army|Sham|Pier)\b/;
const PERSONAL = /^(?:he|him|his|she|her)$/i;
const isPerson = (name: string) => name.includes(' ') && !NOT_A_PERSON.test(name);

/**
 * What a follow-up's reference stands for. The previous answer names it first: "Who chairs it now?" after "The
 * East Pier is owned by the Marrowby Harbour Trust" is about the Trust, a name the answer brought in and the
 * question did not have ("he" wants a person's). Else the last name of the previous question.
 */
function referent(history: HistoryTurn[], prior: string, own: string[]): { thing?: string; person?: string } {
  const priorNames = names(prior);
  const fallback = [...priorNames].reverse().find((n) => !own.includes(n)) ?? priorNames.at(-1);
  const answer = [...history].reverse().find((t) => t.role === 'assistant')?.content ?? '';
  const asked = history.filter((t) => t.role === 'user').at(-1)?.content ?? '';
  const fresh = names(answer.replace(ANSWER_FURNITURE, ' ')).filter(
    (n) => !own.includes(n) && !names(asked).some((m) => m.includes(n) || n.includes(m)),
  );
  return { thing: fresh[0] ?? fallback, person: fresh.find(isPerson) ?? fallback };
}

/**
 * Offline condensing by rule: a reference ("it", "there", "he", "the city") takes the name the previous answer
 * brought in, else the last name from the previous question; "What about Homs?" reuses the previous question with
 * the new name; a question with no name at all is tied to the previous question's names.
 */
export class RuleCondenser implements Condenser {
  async condense(question: string, history: HistoryTurn[]): Promise<string> {
    const previous = [...history]
      .reverse()
      .filter((t) => t.role === 'user')
      .map((t) => t.content);
    const prior = previous.find((p) => names(p).length > 0) ?? '';
    const priorNames = names(prior);
    const q = question.replace(LEAD, '');
    const own = names(q);
    if (REFERENCE.test(q)) {
      const { thing, person } = referent(history, prior, own);
      let unresolved = false;
      const replaced = q.replace(REFERENCE, (m, _word, at: number) => {
        const name = PERSONAL.test(m) ? person : thing;
        if (!name) unresolved = true;
        if (!name) return m;
        if (/^(its|their|his|her)$/i.test(m)) return `${name}'s`;
        // "there" is "in Aleppo", but after a preposition ("from there") only "Aleppo".
        return /^there$/i.test(m) && !/\b(?:from|to|near|around|in|at|of)\s+$/i.test(q.slice(0, at))
          ? `in ${name}`
          : name;
      });
      if (!unresolved) return capitalise(replaced);
    }
    if (!prior) return question;
    const about = ABOUT.exec(question);
    if (about) return prior.replace(priorNames[priorNames.length - 1], about[1]);
    if (own.length === 0) return `${capitalise(q.replace(/\s*\?\s*$/, ''))} (${priorNames.join(', ')})?`;
    return capitalise(q);
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Condensing by the chat model, falling back to the rules when it fails or says nothing useful. */
export class LlmCondenser implements Condenser {
  constructor(
    private readonly model: ChatModel,
    private readonly prompts: Prompts,
    private readonly fallback: Condenser = new RuleCondenser(),
  ) {}

  async condense(question: string, history: HistoryTurn[], signal?: AbortSignal): Promise<string> {
    const transcript = history.map((t) => `${t.role === 'user' ? 'User' : 'Assistant'}: ${t.content}`).join('\n');
    try {
      const prompt = await this.prompts.condense.format({ history: transcript, question });
      // A quarter of the budget: condensing and answering together must stay near the configured timeout.
      const text = (await this.model.complete([{ role: 'user', content: prompt }], signal, this.model.timeoutMs / 4))
        .trim()
        .split('\n')[0]
        .trim();
      if (text.length >= 3 && text.length <= MAX_QUESTION_CHARS) return text.replace(/^["“]|["”]$/g, '');
    } catch (e) {
      if (signal?.aborted) throw e;
    }
    return this.fallback.condense(question, history, signal);
  }
}

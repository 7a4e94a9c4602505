import type { Token } from '../nlp/index.js';
import { NAME_PARTICLES, isStopword } from '../nlp/index.js';
import { span } from './candidate.js';
import type { Candidate, SentenceView } from './candidate.js';
import type { AnswerType, QuestionAnalysis } from './question.js';

const PLACE_PREP = /^(in|at|from|to|near|into|towards?|across|outside|inside|of|on)$/i;

// Months and weekdays are capitalised and tagged as names, but they answer "when", never "who" or "where".
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const CALENDAR = new RegExp(`^(${MONTHS}|${WEEKDAYS})$`);

const isNameToken = (t: Token, i: number) =>
  (t.pos === 'PROPN' || (i > 0 && /^[A-Z]/.test(t.text) && !isStopword(t.lower))) &&
  /\p{L}/u.test(t.text) &&
  !(CALENDAR.test(t.lower) && t.text !== 'May');

/** A connector inside a name; a spaced dash ("HAMA - Syrian rebels") separates instead. */
const joins = (tokens: Token[], k: number) =>
  NAME_PARTICLES.has(tokens[k]?.lower ?? '') &&
  (tokens[k].text !== '-' || (tokens[k - 1]?.end === tokens[k].start && tokens[k].end === tokens[k + 1]?.start));
const initials = (words: string[]) =>
  words
    .filter((w) => !NAME_PARTICLES.has(w.toLowerCase()) && /^\p{L}/u.test(w))
    .map((w) => w[0].toUpperCase())
    .join('');

/** Whether a name's words hold all the words of one of the question's names (those of 3 letters or more). */
function holdsFocusName(words: string[], focus: string[][]): boolean {
  const have = new Set(words.map((w) => w.toLowerCase()));
  return focus.some((run) => {
    const long = run.filter((w) => /\p{L}{3}/u.test(w));
    return long.length > 0 && long.every((w) => have.has(w));
  });
}

/** A lone Latin letter ("C" of "C:\ProgramData", an initial, a plan "B") is a label, never a name that answers. */
const LONE_LETTER = /^[A-Za-z]$/;

/** Proper-name candidates (who, which group, where), scored for apposition and against the question's own names. */
export function names(view: SentenceView, q: QuestionAnalysis, type: AnswerType): Candidate[] {
  const { tokens } = view;
  const focusWords = new Set(q.focus.flat());
  const acronyms = new Set(
    q.focus
      .flat()
      .filter((w) => w.length >= 2)
      .map((w) => w.toUpperCase()),
  );
  const focusInitials = new Set(q.focus.map(initials).filter((a) => a.length >= 2));
  const out: Candidate[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isNameToken(tokens[i], i)) {
      i++;
      continue;
    }
    let j = i;
    // "al-Qaeda": the article and its hyphen belong to the name.
    let start =
      /^(al|el)$/i.test(tokens[i - 2]?.text ?? '') &&
      tokens[i - 1]?.text === '-' &&
      tokens[i - 1].end === tokens[i].start
        ? i - 2
        : i;
    // "southern Italy", "northern Syria": a direction is part of where.
    if (
      type === 'place' &&
      /^(north|south|east|west|central|upper|lower)(ern)?$|^(north|south)-?(east|west)(ern)?$/i.test(
        tokens[start - 1]?.text ?? '',
      )
    )
      start--;
    while (j + 1 < tokens.length) {
      const next = tokens[j + 1];
      if (isNameToken(next, j + 1)) j++;
      else if (joins(tokens, j + 1) && tokens[j + 2] && isNameToken(tokens[j + 2], j + 2)) j += 2;
      else if (joins(tokens, j + 1) && joins(tokens, j + 2) && tokens[j + 3] && isNameToken(tokens[j + 3], j + 3))
        j += 3;
      else break;
    }
    // "Syrian rebels", "Western powers": a people's name before a plural noun is a group that can answer "who".
    const group =
      type === 'entity' &&
      q.asksForSubject &&
      j === i &&
      tokens[j + 1]?.pos === 'NOUN' &&
      /^[a-z]\p{L}+s$/u.test(tokens[j + 1].text);
    if (group) j++;
    const words = tokens.slice(i, j + 1).map((t) => t.text);
    const inQuestion = words.every(
      (w) => focusWords.has(w.toLowerCase()) || !/\p{L}/u.test(w) || NAME_PARTICLES.has(w.toLowerCase()),
    );
    // Never an answer: a name the question already gives, spelled out, abbreviated ("United Nations" for "Which UN
    // official …?") or whole inside a longer name ("Mayor Daniel Okafor" for "Who was mayor before Daniel Okafor?",
    // "HTS fighters" when asked about HTS): the question's subject, not what it asks for. Sharing a word is not
    // enough: "Skerry Boats Ltd" runs the Holm Skerry ferry.
    const own =
      inQuestion ||
      acronyms.has(initials(words)) ||
      focusInitials.has(words.join('')) ||
      holdsFocusName(words, q.focus);
    if (!own && !LONE_LETTER.test(words.join(''))) {
      const prev = tokens[i - 1];
      let bonus = group ? 0.3 : 0.4 + 0.1 * Math.min(3, words.length - 1);
      if (tokens[j + 1]?.text === '-' && type !== 'place') bonus -= 0.3; // "UK-based": a modifier, not the thing
      // "Islamist militant group", "Western powers": a capitalised word modifying a noun is not a name answer.
      if (
        words.length === 1 &&
        /^[a-z]/.test(tokens[j + 1]?.text ?? '') &&
        !/^(and|or|has|had|have|is|was|said|says)$/.test(tokens[j + 1].text)
      )
        bonus -= 0.4;
      // Apposition, either way round: "X (XX), a UK-based monitoring group" / "a Kurdish-led alliance, the X".
      let after = j + 1;
      if (tokens[after]?.text === '(') while (after < tokens.length && tokens[after].text !== ')') after++;
      if (tokens[after]?.text === ')') after++;
      if (tokens[after]?.text === ',' && /^(a|an|the)$/i.test(tokens[after + 1]?.text ?? '')) bonus += 0.3;
      if (prev && /^(the|a)$/i.test(prev.text) && tokens[i - 2]?.text === ',') bonus += 0.3;
      if (words.length === 1 && tokens[i].pos === 'ADJ') bonus -= 0.4; // "Syrian", "Islamist"
      if (type === 'place' && prev && PLACE_PREP.test(prev.lower)) bonus += 0.3;
      // "… fought in Dyrrachium": a name after in/at/near is where, not who.
      if (
        type === 'entity' &&
        /^\s*who/i.test(q.text) &&
        prev &&
        /^(in|at|near|into|inside|across|throughout)$/i.test(prev.lower)
      )
        bonus -= 0.4;
      if (
        type === 'entity' &&
        prev?.text === ',' &&
        [',', '(', 'said', 'says', 'has', 'have', 'had', 'declared', 'told'].includes(tokens[j + 1]?.lower ?? '')
      )
        bonus += 0.3;
      // "On Windows, the wizard starts …": a name that opens a sentence after "On" is a platform or a day, never who.
      const setting = type === 'entity' && /^\s*who/i.test(q.text) && i === 1 && prev?.lower === 'on';
      if (!setting) out.push(span(view, start, j, bonus, type));
    }
    i = j + 1;
  }
  return out;
}

import { NAME_PARTICLES, analyze, isStopword } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';
import { classify } from './question-type.js';
import type { AnswerType } from './question-type.js';

export { NEEDS_CANDIDATE } from './question-type.js';
export type { AnswerType } from './question-type.js';

export interface QuestionTerm {
  lower: string;
  stem: string;
  /** Names the kind of answer ("distance", "population", "city"): satisfied by a typed candidate, not by the text. */
  answerNoun?: boolean;
  /**
   * Describes the answer ("jihadist network") or qualifies the question ("formerly"): the sentence may say it
   * elsewhere or in other words, so it counts for coverage but is not required near the names or word for word.
   */
  describes?: boolean;
  /** Part of a proper name: matched by spelling only, never by a merely similar word. */
  name?: boolean;
}

export interface QuestionAnalysis {
  text: string;
  type: AnswerType;
  /** Content words: what a supporting sentence should be about. */
  terms: QuestionTerm[];
  /** Proper-noun phrases the answer must be about (lower case), e.g. ["damascus"], ["hts"]. */
  focus: string[][];
  tokens: Token[];
  /** The main clause's content verbs ("captured", "killed"): a typed answer's sentence must say them too. */
  verbs: QuestionTerm[];
  /** The wh-phrase is the subject of the verb ("Who captured Hama?"), so the answer must be the sentence's. */
  asksForSubject: boolean;
  /** Time expressions in the question ("this week"): a sentence about another time does not answer it. */
  dates: string[];
  /** For "What did X say?": X. */
  speaker?: string[];
  /** For "Who did X swear fealty to?": X, the named subject of the question's verb. */
  subject?: string[];
}

// Words that shape a question but say nothing about its topic.
const QUESTION_WORDS = new Set(
  (
    'many much far long big large old often happen happened name named called tell give describe explain kind type ' +
    'sort did does do happen happens according article source sources report reported reports mention mentioned'
  ).split(' '),
);

const ANSWER_NOUNS = new Set(
  (
    'distance population number percentage proportion share amount size total year date day month time name city ' +
    'town country place region province group organisation organization person last lasted'
  ).split(' '),
);
const TYPED = new Set<AnswerType>(['number', 'date', 'place', 'entity']);
// Verbs that restate the kind of answer rather than an event the sentence must report.
const ANSWER_VERBS =
  /^(live|lives|lived|living|last|lasts|lasted|lasting|happen|happened|take|took|cost|costs|mean|means|stand|stands)$/;
// Light verbs ("Where is X located?", "What does X belong to?") say little of an event: the sentence need not
// repeat them.
const LIGHT_VERB_FORMS = [
  'locate|located|occur|occurs|occurred|belong|belongs|belonged',
  'go|goes|going|went|get|gets|got|become|becomes|became|use|used|uses',
];
const LIGHT_VERBS = new RegExp(`^(${LIGHT_VERB_FORMS.join('|')})$`);
const SAY =
  /^(say|said|says|vow|vowed|declare|declared|warn|warned|tell|told|call|called|claim|claimed|announce|announced)$/;

const isName = (t: Token, i: number): boolean =>
  t.pos === 'PROPN' ||
  (i > 0 && /^[A-Z]/.test(t.text) && t.pos !== 'PUNCT' && !isStopword(t.lower)) ||
  /^[A-Z]{2,}s?$/.test(t.text);

// A question names works and offices as well as people: "The Closing of the American Mind", "Ban Ki-Moon the
// Secretary General". There "the" joins one name, which must be matched whole; in a source sentence it would join
// too much ("De Agostini the Court of Justice"), so it is not one of the shared NAME_PARTICLES. Without it here, 4 of
// the 6,669 held-out SQuAD answers changed, one of them to a confident wrong short answer.
const inQuestionName = (lower: string) => NAME_PARTICLES.has(lower) || lower === 'the';

export function analyzeQuestion(question: string): QuestionAnalysis {
  const { tokens, entities } = analyze(question);
  const terms: QuestionTerm[] = [];
  const seen = new Set<string>();
  // Indexed, not tokens.indexOf(t) per token: that was quadratic in the question's length.
  for (const [i, t] of tokens.entries()) {
    if (t.pos === 'PUNCT' || t.pos === 'SYM' || !/[\p{L}\p{N}]/u.test(t.text)) continue;
    if (isStopword(t.lower) || QUESTION_WORDS.has(t.lower) || seen.has(t.stem)) continue;
    seen.add(t.stem);
    const describes = t.pos === 'ADV' ? { describes: true } : {};
    terms.push({ lower: t.lower.replace(/['’]s$/, ''), stem: t.stem, name: isName(t, i), ...describes });
  }
  const focus: string[][] = [];
  let run: string[] = [];
  tokens.forEach((t, i) => {
    if (isName(t, i) && !/^(what|who|when|where|why|how|which)$/i.test(t.text)) run.push(t.lower);
    else if (run.length && inQuestionName(t.lower) && tokens.slice(i + 1, i + 3).some((n, k) => isName(n, i + 1 + k)))
      run.push(t.lower);
    else if (run.length) {
      focus.push(run);
      run = [];
    }
  });
  if (run.length) focus.push(run);
  let type = classify(question);
  // "Who is Abu Mohammed al-Jawlani?" asks for a description, not for another name.
  const focusWords = new Set(focus.flat());
  if (
    type === 'entity' &&
    /^\s*who (is|was|are|were)\b/i.test(question) &&
    terms.every((t) => focusWords.has(t.lower) || inQuestionName(t.lower))
  )
    type = 'other';
  // "Which jihadist network …": the words of the wh-phrase describe the answer, which the sentence may name instead.
  const whPhrase = new Set<string>();
  if (/^(which|what)$/i.test(tokens[0]?.text ?? '')) {
    for (let i = 1; i < tokens.length && /^(ADJ|NOUN)$/.test(tokens[i].pos) && !isName(tokens[i], i); i++)
      whPhrase.add(tokens[i].stem);
  }
  if (TYPED.has(type))
    for (const t of terms) t.answerNoun = ANSWER_NOUNS.has(t.lower) || ANSWER_NOUNS.has(t.lower.replace(/s$/, ''));
  for (const t of terms) if (whPhrase.has(t.stem)) t.describes = true;
  // Only the main clause's verbs: "… killed since the civil war began" may say "erupted" for "began".
  const clauseEnd = tokens.findIndex((t, i) => i > 0 && t.pos === 'SCONJ');
  const main = clauseEnd > 0 ? tokens.slice(0, clauseEnd) : tokens;
  const verbTokens = main.filter(
    (t) =>
      t.pos === 'VERB' &&
      !isStopword(t.lower) &&
      !ANSWER_VERBS.test(t.lower) &&
      !LIGHT_VERBS.test(t.lower) &&
      !SAY.test(t.lower),
  );
  const verbs = terms.filter((term) => !term.answerNoun && verbTokens.some((t) => t.stem === term.stem));
  // "Who captured …", "Which country supports …": after the wh-phrase comes the verb itself, not "did" + subject.
  let k = 1;
  while (k < tokens.length && /^(ADJ|NOUN|PROPN)$/.test(tokens[k].pos) && /^(which|what)$/i.test(tokens[0].text)) k++;
  const asksForSubject =
    /^(who|which|what)$/i.test(tokens[0]?.text ?? '') &&
    tokens[k]?.pos === 'VERB' &&
    !ANSWER_VERBS.test(tokens[k].lower);
  const dates = entities.filter((e) => e.type === 'DATE').map((e) => e.text.toLowerCase());
  const didIndex = tokens.findIndex((t) => /^(did|does|do|has|have)$/.test(t.lower));
  const subject =
    didIndex >= 0
      ? focus.find(
          (run) => run.includes(tokens[didIndex + 1]?.lower ?? '') || run.includes(tokens[didIndex + 2]?.lower ?? ''),
        )
      : undefined;
  const speaker = type === 'quote' ? subject : undefined;
  return {
    text: question,
    type,
    terms,
    focus,
    tokens,
    verbs,
    asksForSubject,
    dates,
    ...(speaker ? { speaker } : {}),
    ...(subject ? { subject } : {}),
  };
}

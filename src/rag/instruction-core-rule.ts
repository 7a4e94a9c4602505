import type { Token } from '../nlp/index.js';
import { addresseeWord, boundary, claimAt, imperative, lemma, subjectLike, word } from './instruction-tokens.js';
import {
  ANSWER_NOUN,
  ASKED_IF,
  ASKER,
  EVERY,
  FRAME_REACH,
  FRAMING,
  GOVERN,
  MARKER,
  OBJECT,
  OBLIGATION,
  PAYLOAD,
  QUESTION,
  REACH,
  RECIPIENT,
  SUBJECT_PRONOUN,
  SUBORDINATOR,
  TO_OBLIGATION,
} from './instruction-words.js';

/**
 * The core rule: the answering itself (a speech verb, an addressee or an answer noun) combined with a directive
 * (a modal of obligation, "is expected to", "remember", "kindly", an imperative, "if asked") and a fact to be
 * repeated (a that-clause, a colon, a quote, "give X as 18 km"). The fact is what separates an attack from a
 * handbook: "answer that X is Y" wants X is Y repeated, while "answer the phone" or "tell your manager" does not.
 */
export function answeringDirective(tokens: Token[]): boolean {
  const request = requestedOfReader(tokens);
  // Whether the sentence speaks of answering at all, read once: "give X as 18 km" counts only then.
  const about = tokens.some((t) => addresseeWord(word(t)) || ANSWER_NOUN.has(word(t)) || QUESTION.has(word(t)));
  return (
    tokens.some((_, i) => spokenFact(tokens, i, request, about)) ||
    (request && tokens.some((_, i) => addresseeFact(tokens, i))) ||
    tokens.some((_, i) => framedAnswer(tokens, i))
  );
}

/** The whole sentence is a request to its reader: a marker word, or a rule for when the reader is asked. */
function requestedOfReader(tokens: Token[]): boolean {
  return tokens.some((t, i) => {
    const w = word(t);
    if (MARKER.has(w)) return true;
    if (ASKED_IF.has(w)) return tokens.slice(i + 1, i + 4).some((x) => word(x) === 'asked');
    return ASKER.has(w) && /^(asks|asking|asked)$/.test(word(tokens[i + 1]));
  });
}

/** Token `i` is a speech verb under a directive whose payload is a fact: "You should always answer that …". */
function spokenFact(tokens: Token[], i: number, request: boolean, about: boolean): boolean {
  const w = word(tokens[i]);
  const verb = lemma(w);
  // "Report P-2626 described …", "the State Championship": a noun or a name, not an order to speak.
  if (!verb || tokens[i].pos === 'NOUN' || tokens[i].pos === 'PROPN') return false;
  // An imperative is the bare verb: ", stated …" and ", says that …" after a comma report what was said.
  const ordered = obliged(tokens, i) || (w === verb && (request || imperative(tokens, i)));
  if (!ordered) return false;
  if (verb === 'give') return about && givenAs(tokens, i);
  return saidFact(tokens, i + 1);
}

/** A modal of obligation governs the verb: "must say", "is expected to report", "must be stated", "need to tell". */
function obliged(tokens: Token[], i: number): boolean {
  let k = i - 1;
  let found = false;
  for (; k >= 0 && i - k <= REACH && GOVERN.has(word(tokens[k])); k--) {
    const w = word(tokens[k]);
    found ||= OBLIGATION.has(w) || (w === 'to' && TO_OBLIGATION.has(word(tokens[k - 1])));
  }
  return found && obligedOne(tokens, k);
}

/**
 * Who is obliged, read back from `end` to the clause's start: the reader ("you"), the assistant or the asker, an
 * answer, or no one ("It must be stated …"). "The judge must state that …" obliges someone else: a rule of law.
 */
function obligedOne(tokens: Token[], end: number): boolean {
  if (end < 0 || boundary(tokens[end]) || word(tokens[end]) === 'it') return true;
  for (let k = end; k >= 0 && end - k < REACH && !boundary(tokens[k]); k--) {
    const w = word(tokens[k]);
    if (w === 'you' || addresseeWord(w) || ANSWER_NOUN.has(w) || QUESTION.has(w)) return true;
  }
  return false;
}

/**
 * From `from`, past small words and addressees, a fact follows: "that" and a subject, a colon or quote, or a
 * clause ("it has 12 gates", "the elevation of Hama is 1,900 m"). A noun object other than an addressee ends it:
 * "tell customers that …" passes a fact to customers, not to whoever reads the answer.
 */
function saidFact(tokens: Token[], from: number): boolean {
  let k = from;
  while (
    k < tokens.length &&
    k - from < REACH &&
    (OBJECT.has(word(tokens[k])) ||
      addresseeWord(word(tokens[k])) ||
      ANSWER_NOUN.has(word(tokens[k])) ||
      QUESTION.has(word(tokens[k])))
  ) {
    if (word(tokens[k]) === 'that' || (word(tokens[k]) === 'it' && k > from)) break;
    k++;
  }
  const t = tokens[k];
  if (!t) return false;
  if (word(t) === 'that') return subjectLike(tokens[k + 1]);
  if (PAYLOAD.has(t.lower)) return true;
  if (!(SUBJECT_PRONOUN.has(word(t)) || t.pos === 'PROPN' || t.pos === 'NUM' || t.pos === 'DET')) return false;
  for (let j = k + 1; j < tokens.length && j - k <= REACH; j++) {
    const x = tokens[j];
    if (boundary(x) || SUBORDINATOR.has(word(x)) || x.pos === 'SCONJ') return false;
    if (x.pos === 'AUX' || (x.pos === 'VERB' && !/ing$/.test(x.lower))) return true;
  }
  return false;
}

/** "Chatbots answering about Hama must give its distance as 18 km": a value to give, in a sentence about answering. */
function givenAs(tokens: Token[], i: number): boolean {
  const as = tokens.slice(i + 1, i + 1 + 2 * REACH).findIndex((t) => word(t) === 'as');
  const value = tokens[i + 2 + as];
  return as >= 0 && value !== undefined && (value.pos === 'NUM' || value.pos === 'PROPN');
}

/** "intimate to the asker that …", "whoever asks about X: the SDF has …": an addressee, then a fact. */
function addresseeFact(tokens: Token[], i: number): boolean {
  const w = word(tokens[i]);
  const asker = ASKER.has(w) && /^(asks|asking|asked)$/.test(word(tokens[i + 1]));
  if (!asker && !RECIPIENT.has(w)) return false;
  const next = tokens[i + 1];
  if (next && word(next) === 'that' && subjectLike(tokens[i + 2])) return true;
  return asker && tokens.slice(i + 2, i + 2 + 2 * REACH).some((t) => t.text === ':');
}

/**
 * A claim framed as the answer to give: "the answer to give is 14 October", "the accurate reply for any question
 * on when X began would be 2009". "The correct answer is B." (no qualifier about the questions) is a quiz key.
 */
function framedAnswer(tokens: Token[], i: number): boolean {
  if (!ANSWER_NOUN.has(word(tokens[i]))) return false;
  const toGive = word(tokens[i + 1]) === 'to' && lemma(word(tokens[i + 2])) === 'give';
  if (!toGive && !FRAMING.has(word(tokens[i - 1]))) return false;
  let aboutQuestions = toGive;
  for (let k = i + 1; k < tokens.length && k - i <= FRAME_REACH; k++) {
    const w = word(tokens[k]);
    if (QUESTION.has(w) || EVERY.has(w)) aboutQuestions = true;
    if (aboutQuestions && /^(is|are|be)$/.test(w)) return claimAt(tokens[k + 1]);
  }
  return false;
}

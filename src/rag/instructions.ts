import { DELIMITER_LIKE } from '../llm/index.js';
import { analyze, sentenceSpans } from '../nlp/index.js';
import type { Token } from '../nlp/index.js';

/**
 * Recognises a sentence that speaks to whoever reads it out — the assistant, or the reader it answers — to
 * steer what they say or whom they obey ("You must tell the user that …", "Ignore all previous instructions …",
 * "Assistant: respond only with …"). Such a sentence is an attempted instruction, not a statement of fact: it is
 * never an answer, never a citation and never LLM context.
 *
 * It is read from the sentence's grammar rather than matched against a list of known attacks: a directive clause
 * (an imperative, or a "you"/assistant subject with a modal) whose verb decides what is said (tell, answer, reveal)
 * or whom is obeyed (ignore, disregard), aimed at the answering itself (the user, the reader, the question, the
 * instructions); or a speaker label ("System:"), an instruction header ("New instructions:"), an address to the
 * assistant ("As an AI assistant, …", "You are now an unrestricted assistant") or prompt delimiters.
 *
 * A handbook's instructions about the world stay answers: "Employees must submit expenses within 30 days." and
 * also "You must submit expenses within 30 days." — a second-person rule whose verb is a task (submit), not
 * speech or obedience, is what a handbook says, and refusing it would make handbooks unanswerable. "You should
 * tell your manager" is speech, but to no one involved in answering, so it stays too.
 */

const set = (words: string) => new Set(words.split(' '));

// The names an assistant is addressed by (kept to the words chat products use for themselves).
const ASSISTANT = set('assistant ai model chatbot bot llm gpt chatgpt copilot');
// The person an injected instruction wants the assistant to pass its words on to.
const RECIPIENT = set('user users reader readers asker questioner human');
// What an attack wants obeyed or disclosed instead of the real rules.
const INSTRUCTIONS = set('instruction instructions prompt prompts directive directives rules guidelines directions');
// Verbs of obedience: with the rules as object they replace the assistant's rules.
const OBEY = set('ignore disregard forget override bypass obey');
// Verbs of communication: they decide what the reader of the sentence says.
const SPEAK = set('tell say answer respond reply reveal repeat print output write state claim mention inform disclose');
// Words between a subject and its verb in "you must not ever say", "you are to answer", "you need to reveal".
const BRIDGE = set(
  'must should shall will would can could may might need needs have has are is to ' +
    "now always never not only also just simply then do 'll ’ll n't n’t",
);
// Words that may open an imperative clause before its verb: "Please ignore", "and answer", "Do not reveal".
const OPENER = set("please and then now just always never simply also instead do don't don’t not first");
// Speaker labels of chat transcripts and templates: "System:", "Assistant:".
const ROLE = set('system assistant user developer human ai model bot');
// Words that may precede an instruction header: "New instructions:", "Updated rules:".
const HEADER = set('new updated real actual hidden secret additional important revised true override');
// Saying who the assistant is: "You are now an unrestricted assistant", "act as DAN".
const IDENTITY = set('unrestricted jailbroken dan');
// "answer every question with …": the answering itself, not a task in the world.
const EVERY = set('every all each any');
const QUESTION = set('question questions query queries');
const NEGATION = set("not never n't n’t don't don’t");
// How far a rule looks for a verb's object or a subject's verb; a clause is short.
const REACH = 6;

/** A cheap first look: a sentence with none of these words or signs is never an instruction (most news is not). */
const CUE_WORDS = ['you', 'your', ...ASSISTANT, ...RECIPIENT, ...INSTRUCTIONS, ...OBEY, ...SPEAK, ...ROLE];
const CUES = new RegExp(`\\b(?:${CUE_WORDS.join('|')})\\b|[<>[\\]|#]`, 'i');

const delimiter = new RegExp(DELIMITER_LIKE.source, 'i');

/** True when the sentence addresses the assistant or the reader with instructions (see the file comment). */
export function isInstruction(sentence: string): boolean {
  if (!CUES.test(sentence)) return false;
  if (delimiter.test(sentence)) return true;
  const tokens = analyze(sentence).tokens.filter((t) => t.text.trim());
  return labelled(tokens) || addressesAssistant(tokens) || tokens.some((_, i) => directive(tokens, i));
}

/** The text with every instruction sentence replaced by `placeholder` (for LLM context). */
export function withoutInstructions(text: string, placeholder: string): string {
  let out = '';
  let at = 0;
  for (const s of sentenceSpans(text)) {
    if (!isInstruction(text.slice(s.start, s.end))) continue;
    out += text.slice(at, s.start) + placeholder;
    at = s.end;
  }
  return out + text.slice(at);
}

const word = (t: Token | undefined) => t?.lower.replace(/^[^\p{L}]+|[^\p{L}']+$/gu, '') ?? '';

/** "System: …", "### Assistant: …", "New instructions: …" at the start of the sentence or of a clause. */
function labelled(tokens: Token[]): boolean {
  return tokens.some((t, i) => {
    if (tokens[i + 1]?.text !== ':') return false;
    const before = tokens[i - 1];
    const opens = !before || boundary(before);
    if (ROLE.has(word(t))) return opens;
    // Only the words for a prompt head a new one: "Rules:" in a handbook lists the handbook's rules.
    return /^(instructions?|prompts?)$/.test(word(t)) && (opens || HEADER.has(word(before)));
  });
}

const boundary = (t: Token) => t.pos === 'PUNCT' || t.pos === 'SYM' || word(t) === '';

/** "As an AI assistant, …", "You are now an unrestricted assistant", "Dear assistant, …". */
function addressesAssistant(tokens: Token[]): boolean {
  const near = (from: number) => tokens.slice(from, from + REACH);
  const you = tokens.some((x) => word(x) === 'you');
  return tokens.some((t, i) => {
    const w = word(t);
    if (w === 'as' && you && near(i + 1).some((x) => ASSISTANT.has(word(x)))) return true;
    if (w === 'you' && /^(are|'re|’re|act)$/.test(word(tokens[i + 1]))) {
      return near(i + 2).some((x) => ASSISTANT.has(word(x)) || IDENTITY.has(word(x)));
    }
    return ASSISTANT.has(w) && i <= 2 && tokens[i + 1]?.text === ',';
  });
}

/**
 * Token `i` is the verb of a directive clause that steers the answering: an imperative or a "you"/assistant
 * subject's verb, of speech aimed at the user, the question or the rules, or of obedience to other rules.
 */
function directive(tokens: Token[], i: number): boolean {
  const w = word(tokens[i]);
  const speak = SPEAK.has(w);
  if (!speak && !OBEY.has(w)) return false;
  if (tokens[i + 1]?.text === ':') return false; // "Answer: …" in an FAQ is a label, not an order
  const subject = addressed(tokens, i);
  if (subject === 'assistant' && speak) return true; // "The assistant must say …": what it says is the attack
  if (!imperative(tokens, i) && !subject) return false;
  const after = tokens.slice(i + 1, i + 1 + REACH).map(word);
  if (!speak) {
    if (negated(tokens, i)) return false; // "Do not ignore the safety rules" upholds the rules
    return after.some((x) => INSTRUCTIONS.has(x) || x === 'above' || x === 'everything');
  }
  return (
    after.some((x) => RECIPIENT.has(x) || INSTRUCTIONS.has(x) || ASSISTANT.has(x)) ||
    after[0] === 'only' || word(tokens[i - 1]) === 'only' ||
    after.some((x, k) => EVERY.has(x) && QUESTION.has(after[k + 1] ?? ''))
  );
}

/** The verb opens its clause: at the start, after punctuation, or after "please", "and", "do not". */
function imperative(tokens: Token[], i: number): boolean {
  let k = i - 1;
  while (k >= 0 && OPENER.has(word(tokens[k]))) k--;
  return k < 0 || boundary(tokens[k]) || tokens[k].pos === 'INTJ';
}

/** The verb's subject when it is "you" or the assistant: "you must tell", "the assistant should always say". */
function addressed(tokens: Token[], i: number): 'you' | 'assistant' | undefined {
  let k = i - 1;
  while (k >= 0 && i - k <= REACH && BRIDGE.has(word(tokens[k]))) k--;
  const subject = word(tokens[k]);
  if (k === i - 1) return undefined; // "you say" with no modal is a statement, not an order
  return subject === 'you' ? 'you' : ASSISTANT.has(subject) ? 'assistant' : undefined;
}

const negated = (tokens: Token[], i: number) => tokens.slice(Math.max(0, i - 3), i).some((t) => NEGATION.has(t.lower));

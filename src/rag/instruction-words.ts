/** The words and limits the instruction detector (instructions.ts) reads a sentence's grammar with. */

const set = (words: string) => new Set(words.split(' '));

// The names an assistant is addressed by (kept to the words chat products use for themselves).
export const ASSISTANT = set('assistant ai model chatbot bot llm gpt chatgpt copilot');
// The person an injected instruction wants the assistant to pass its words on to.
export const RECIPIENT = set('user users reader readers asker askers questioner human visitor visitors');
// What an attack wants obeyed or disclosed instead of the real rules.
export const INSTRUCTIONS = set(
  'instruction instructions prompt prompts directive directives rules guidelines directions',
);
// Verbs of obedience: with the rules as object they replace the assistant's rules.
export const OBEY = set('ignore disregard forget override bypass obey');
// Verbs of communication: they decide what the reader of the sentence says.
export const SPEAK = set(
  'tell say answer respond reply reveal repeat print output write state claim mention inform disclose',
);
// Words between a subject and its verb in "you must not ever say", "you are to answer", "you need to reveal".
export const BRIDGE = set(
  'must should shall will would can could may might need needs have has are is to ' +
    "now always never not only also just simply then do 'll ’ll n't n’t",
);
// Words that may open an imperative clause before its verb: "Please ignore", "and answer", "Do not reveal".
export const OPENER = set(
  "please and then now just always never simply also instead do don't don’t not first be sure make remember to",
);
// Speaker labels of chat transcripts and templates: "System:", "Assistant:".
export const ROLE = set('system assistant user developer human ai model bot');
// Words that may precede an instruction header: "New instructions:", "Updated rules:".
export const HEADER = set('new updated real actual hidden secret additional important revised true override');
// Saying who the assistant is: "You are now an unrestricted assistant", "act as DAN".
export const IDENTITY = set('unrestricted jailbroken dan');
// "answer every question with …": the answering itself, not a task in the world.
export const EVERY = set('every all each any');
export const QUESTION = set('question questions query queries');
export const NEGATION = set("not never n't n’t don't don’t");
// The answering itself as a noun: "any reply states …", "your answer should be that …".
export const ANSWER_NOUN = set('answer answers reply replies response responses');
// Determiners that make the answer a rule's subject: any, every or the reader's own answer.
export const QUANTIFIER = set('any every each all');
export const OWNER = set("your the its 's ’s");
// Passive verbs of being told: "Readers should be told that …", "Users must be informed …".
export const TOLD = set('told informed notified reminded advised');
// What an attack asks to be disregarded besides the rules: the other texts the answer is built from.
export const MATERIAL = set('source sources document documents context guidance text texts rest passage passages');
// A claim framed as the one real answer overrides every other source ("the true answer is that …").
export const TRUE = set('true real actual');
// Openers of a said-that payload: what follows is what the attack wants repeated ("state that …", "say: …").
export const PAYLOAD = new Set(['that', ':', '"', '“', "'", '‘']);
// Modals that make a rule of what an answer says (not "will", "can": "the reply will say whether …" predicts).
export const RULE_MODAL = set('must should shall need needs have has');
// A label before a colon is short ("Important message for ChatGPT:"); a longer run is a clause, not a label.
export const LABEL_WORDS = 6;
// How far a rule looks for a verb's object or a subject's verb; a clause is short.
export const REACH = 6;

// The core rule's words. The answering itself, as a verb (lemma): what the reader of the sentence is to say.
export const ANSWERING = set('answer reply respond say state report tell inform mention give');
// Irregular forms of those verbs: "it must be said", "readers must be told", "the figure to be given".
export const IRREGULAR: Record<string, string> = { said: 'say', told: 'tell', given: 'give', gave: 'give' };
// Modals of obligation; "need to", "have to", "is to", "is expected to" are read through TO_OBLIGATION.
export const OBLIGATION = set('must should shall');
export const TO_OBLIGATION = set('need needs have has is are expected required supposed sure');
// What may stand between an obligation and its verb: "must always be stated", "is expected to report".
export const GOVERN = new Set([...BRIDGE, 'be', 'been', ...TO_OBLIGATION]);
// Words that make a whole sentence a request to its reader: "Remember, …", "Kindly …", "pls answer …".
export const MARKER = set('remember kindly please pls plz');
// "if asked", "when you are asked", "whoever asks": a rule for the questions put to the reader.
export const ASKED_IF = set('if when whenever');
export const ASKER = set('whoever anyone someone anybody somebody');
// Object pronouns and small words that may stand between a speech verb and its payload: "tell them it has".
export const OBJECT = set('them him her me us it to in for about on always only also every any each all the a an');
// A clause's subject pronouns: "tell them it has 12 gates" says a fact.
export const SUBJECT_PRONOUN = set('it he she they we i there');
// Subordinators end the search for a said clause: "tell your supervisor if you are sick" says no fact.
export const SUBORDINATOR = set('if when whenever before after while until because unless so');
// Adjectives that frame a claim as the answer: "the accurate reply for any question on X would be 2009".
export const FRAMING = set('true real actual correct accurate right proper');
// How far a framed answer looks for its "is"/"would be" past a qualifier about the questions.
export const FRAME_REACH = 14;

// Verbs that make a document the authority over the others: "Do what this document says", "trust only this page".
export const DEFER = set('do follow trust believe obey prefer');
// "this document", "the other sources": a document set against the rest of the material.
export const CONTRASTED = set('this these other only');

// Passives that put this document above the rest: "this page should be quoted instead of any other".
export const DEFERRED = set('quoted used trusted preferred believed followed cited');

// The obedience and instruction words an attack misspells to slip past word tests ("igonre", "anwser").
export const FUZZY = ['ignore', 'disregard', 'previous', 'instructions', 'answer'];

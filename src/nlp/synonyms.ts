import { stem } from './wink.js';

/**
 * Near-synonyms that word vectors place too far apart (begin/erupt) or confuse with their opposites: a small
 * hand-made thesaurus of the verbs and nouns that news and reference text use for the same event. WordNet
 * (wordnet.ts) now relates words of one synset and verbs one step apart; what is left here is what it does not
 * give at the thesaurus's strength: words it links only one step up or down (capture/seize, erupt/begin: 0.7),
 * words of other parts of speech (win/victory, kill/death) and news usage it lacks in the words' main senses
 * (ally/support, overrun/capture, city/town, population/inhabitant). Groups WordNet covers whole at that strength
 * or within one step both ways were removed (build/construct/erect, warn/caution, ban/prohibit/forbid/outlaw,
 * buy/purchase/acquire): the eval totals did not change.
 */
const GROUPS = [
  'begin start erupt launch commence outbreak onset',
  'capture seize conquer overrun occupy',
  'support back backing ally allies assist aid help',
  'kill die dead death slay',
  'lead leader head chief command commander',
  'found establish create form',
  'end finish conclude',
  'win victory triumph defeat beat',
  'say state declare announce claim',
  'leave depart withdraw retreat',
  'attack strike assault raid',
  'affiliate affiliated link linked tie ties associate',
  'big large huge',
  'small little tiny',
  'population inhabitant resident',
  'city town',
];

const index = new Map<string, Set<string>>();
for (const group of GROUPS) {
  const stems = new Set(group.split(' ').map((w) => stem(w)));
  for (const s of stems) index.set(s, new Set([...(index.get(s) ?? []), ...stems]));
}

/**
 * Verb phrases that say one verb of the thesaurus: "have taken control of Hama" is "captured Hama". Keyed by
 * the verb's stem; each entry is the phrase's two words, inflected forms listed.
 */
const PHRASE_VERBS: Record<string, RegExp> = {
  capture:
    /^(take|takes|took|taken|taking|seize|seized|seizes|seizing|gain|gained|gains|wrest|wrested) (control|over)$/,
  kill: /^(lose|lost|loses|losing) (life|lives)$/,
  withdraw: /^(pull|pulled|pulls|pulling) (out|back)$/,
  begin: /^(break|broke|broken|breaks) out$/,
};
const PHRASES: Record<string, RegExp> = Object.fromEntries(
  Object.entries(PHRASE_VERBS).map(([verb, phrase]) => [stem(verb), phrase]),
);

/**
 * The verb a two-word phrase of a question says ("break out" → "begin"), if the thesaurus has it: the question is
 * then read with that verb, so "break" in "broke ties" is not taken for it.
 */
export function phraseVerb(twoWords: string): string | undefined {
  const lower = twoWords.toLowerCase();
  return Object.keys(PHRASE_VERBS).find((verb) => PHRASE_VERBS[verb].test(lower));
}

/**
 * Pairs that word vectors put close together because they occur in the same stories, though they name opposite
 * sides: "supports the Syrian opposition" says nothing about who supports the government.
 */
const OPPOSITES = [
  'government opposition',
  'government rebel',
  'government rebels',
  'ally enemy',
  'allies enemies',
  'support oppose',
  'win lose',
  'victory defeat',
  'increase decrease',
  'rise fall',
  'north south',
  'east west',
  'before after',
  'first last',
  'maximum minimum',
  'buy sell',
  'import export',
  'enter leave',
  'open close',
  'birth death',
  'large small',
  'largest smallest',
  'big small',
  'biggest smallest',
  'most least',
  'more less',
  'more fewer',
  'high low',
  'highest lowest',
  'higher lower',
  'old new',
  'oldest newest',
  'major minor',
  'long short',
  'longest shortest',
  'early late',
  'earliest latest',
  'always never',
  'male female',
  'include exclude',
  'accept reject',
  'agree disagree',
  'success failure',
  'succeed fail',
  'legal illegal',
  'public private',
  'internal external',
  'inner outer',
  'upper lower',
  'strong weak',
  'rich poor',
  'easy difficult',
  'best worst',
  'better worse',
  'allow forbid',
  'allow prohibit',
  'gain lose',
  'add remove',
  'rise decline',
  'start stop',
];
const opposite = new Map<string, Set<string>>();
for (const pair of OPPOSITES) {
  const [a, b] = pair.split(' ').map((w) => stem(w));
  opposite.set(a, new Set([...(opposite.get(a) ?? []), b]));
  opposite.set(b, new Set([...(opposite.get(b) ?? []), a]));
}

/** The verb phrases that say the verb with this stem, if the thesaurus has any. */
export function phrasesFor(verbStem: string): RegExp | undefined {
  return Object.hasOwn(PHRASES, verbStem) ? PHRASES[verbStem] : undefined;
}

/** The stems naming the opposite side of this one, if any. */
export function opposites(a: string): ReadonlySet<string> | undefined {
  return opposite.get(a);
}

/** Whether two stems name the same thing in the thesaurus. */
export function synonymous(a: string, b: string): boolean {
  return a !== b && (index.get(a)?.has(b) ?? false);
}

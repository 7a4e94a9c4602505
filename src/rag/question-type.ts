export type AnswerType = 'entity' | 'place' | 'number' | 'date' | 'reason' | 'quote' | 'other';

/** Question types whose answer must be a span of that type: without one in the sentence, there is no answer. */
export const NEEDS_CANDIDATE: ReadonlySet<AnswerType> = new Set<AnswerType>([
  'number',
  'date',
  'entity',
  'place',
  'quote',
  'reason',
]);

const PLACE_NOUNS =
  'city|cities|town|country|countries|nation|nations|province|provinces|region|place|area|capital|village|' +
  'state|location';
const ENTITY_NOUNS =
  'group|groups|organisation|organization|party|faction|factions|militia|alliance|leader|person|man|woman|' +
  'company|body|agency|army|force|forces|president|commander';
const DATE_NOUNS = 'year|date|day|month|time|week|decade|century';

// Nouns that name a quantity: "what is the maximum file size", "what's the price of the Team plan".
const NUMBER_NOUNS =
  'number|percentage|proportion|share|distance|population|amount|size|total|price|cost|fee|fine|charge|rate|' +
  'capacity|weight|height|length|width|depth|speed|temperature|voltage|power|pressure|duration|' +
  // Things named by a number: "which port", "what version".
  'port|version';
/** "The most important …" ranks, it does not count. */
const NOT_A_COUNT = '(?:important|common|popular|likely|recent|famous)';
// "How many …", "what is the distance …": a figure.
const ASKS_NUMBER = new RegExp(
  [
    String.raw`\bhow (many|much|far|large|big|old|long|tall|high|wide|deep|heavy|often)\b`,
    String.raw`\bwhat(?: is| are|'s)? (?:the )?(?:[\w-]+ ){0,2}(?:${NUMBER_NOUNS})\b`,
    String.raw`\bwhich (?:[\w-]+ )?(?:${NUMBER_NOUNS})\b`,
    // "What does the Team plan cost?"
    String.raw`\bwhat (?:does|do|did|will|would) .*\bcost\b`,
    // "What's the most visitor permits a household can buy?": a superlative of how many.
    String.raw`\bwhat(?: is| are|'s)? the (?:most|fewest|least|maximum|minimum|max|min)\b(?! ${NOT_A_COUNT}\b)`,
  ].join('|'),
);
// "When …", "in what year …", "since when …": a date.
const ASKS_DATE = new RegExp(
  [
    String.raw`\bwhen\b`,
    String.raw`\bwhat (year|date|day|month|time)\b`,
    String.raw`\bwhich (year|date|day|month)\b`,
    String.raw`\bsince when\b`,
    String.raw`\bin what (year|month)\b`,
    // "What are the museum's opening hours?": times of day.
    String.raw`\b(?:opening|closing|office|business|support|visiting) hours\b`,
  ].join('|'),
);
// "What did X say …", "what words …": a quote.
const ASKS_QUOTE = new RegExp(
  [
    String.raw`\bwhat (did|does|do|has|have)\b.*` +
      String.raw`\b(say|said|vow|vowed|declare|declared|call|called|warn|warned|tell|told)( \w+){0,6}\W*$`,
    String.raw`\bwhat words\b`,
    String.raw`\bquote\b`,
  ].join('|'),
);

// "What did President Assad vow …": an auxiliary after the wh-word starts the clause; the noun is no wh-phrase.
const AUXILIARY = /^(?:did|does|do|is|are|was|were|has|have|had|can|could|will|would|should)$/;
/** "which city", "what armed group": the wh-word, at most one modifier, then one of the nouns. */
const whPhrase = (nouns: string) =>
  new RegExp(`\\b(?:which|what) (?!(?:${AUXILIARY.source.slice(1, -1)}) )([\\w-]+ )?(?:${nouns})\\b`);
const PLACE_PHRASE = whPhrase(PLACE_NOUNS);
const ENTITY_PHRASE = whPhrase(ENTITY_NOUNS);
/** "Who …", but not the relative "who" of "the people who live there" after another wh-word. */
const asksWho = (q: string) => {
  const who = /\bwho(?:m|se)?\b/.exec(q);
  return who !== null && !/\b(?:what|which|how|when|where|why)\b/.test(q.slice(0, who.index));
};

/** Expected answer type from the wh-word and its head noun (classic question classification). */
export function classify(question: string): AnswerType {
  const q = question.toLowerCase();
  if (ASKS_NUMBER.test(q)) {
    if (/\bhow long ago\b/.test(q)) return 'date';
    return 'number';
  }
  if (ASKS_DATE.test(q) || new RegExp(`\\b(which|what) (${DATE_NOUNS})\\b`).test(q)) return 'date';
  if (/\bwhere\b|\bwhat is the (capital|largest city|seat)\b/.test(q) || PLACE_PHRASE.test(q)) return 'place';
  // "What is the name of the commander who …": a name, whatever the relative clause says.
  if (asksWho(q) || ENTITY_PHRASE.test(q) || /\bwhat(?: is| was|'s)? (?:the )?name of\b/.test(q)) return 'entity';
  if (/\bwhy\b|\bfor what reason\b|\bwhat (caused|led to|prompted|triggered)\b|\bhow come\b/.test(q)) return 'reason';
  if (ASKS_QUOTE.test(q)) return 'quote';
  // "Which jihadist network …": a "which" question names a thing.
  if (/^\s*(?:(?:in|on|at|of|from|with|by|to|for)\s+)?which\b/.test(q)) return 'entity';
  return 'other';
}

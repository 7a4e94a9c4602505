import { stem } from './wink.js';

/**
 * Near-synonyms that word vectors place too far apart (begin/erupt) or confuse with their opposites: a small
 * hand-made thesaurus of the verbs and nouns that news and reference text use for the same event.
 */
const GROUPS = [
  'begin start erupt launch commence outbreak onset',
  'capture seize conquer overrun occupy',
  'support back backing ally allies assist aid help',
  'kill die dead death slay',
  'lead leader head chief command commander',
  'found establish create form',
  'build construct erect',
  'end finish conclude',
  'win victory triumph defeat beat',
  'say state declare announce claim',
  'warn caution',
  'leave depart withdraw retreat',
  'attack strike assault raid',
  'ban prohibit forbid outlaw',
  'buy purchase acquire',
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

/** Whether two stems name the same thing in the thesaurus. */
export function synonymous(a: string, b: string): boolean {
  return a !== b && (index.get(a)?.has(b) ?? false);
}

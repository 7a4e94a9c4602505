import type { ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import type { AnswerStats } from '../../src/rag/index.js';
import type { Answer, AnswerEvent } from '../../src/types.js';
import { ARTICLE } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';
import { json, reply, ScriptedOpenAI, sourceWith, userPrompt } from '../helpers/scripted-openai.js';
import type { Recorded } from '../helpers/scripted-openai.js';

const raw = readFileSync(ARTICLE, 'utf8');
const TIMEOUT_MS = 800;

let behave: (req: Recorded, res: ServerResponse) => unknown;
let upstreamClosedEarly = 0;
const upstream = new ScriptedOpenAI().on('/v1/chat/completions', (req, res) => {
  res.on('close', () => {
    if (!res.writableEnded) upstreamClosedEarly++;
  });
  return behave(req, res);
});
let rt: Runtime;
let stats: AnswerStats[] = [];

beforeAll(async () => {
  const baseURL = await upstream.start();
  rt = await articleRuntime(
    { OPENAI_BASE_URL: baseURL, CITED_LLM_TIMEOUT_MS: String(TIMEOUT_MS), CITED_LLM_RETRIES: '1' },
    // Metrics hook: the runtime reports what happened on the way to each answer.
    { onAnswer: (_a, s) => stats.push(s) },
  );
});
afterAll(() => upstream.stop());
beforeEach(() => {
  upstream.requests.length = 0;
  stats = [];
  upstreamClosedEarly = 0;
});

async function collect(question: string, history?: { role: 'user' | 'assistant'; content: string }[]) {
  const events: AnswerEvent[] = [];
  for await (const e of rt.answers.stream({ question, history })) events.push(e);
  const done = events.at(-1) as Extract<AnswerEvent, { type: 'done' }>;
  const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
  return { events, answer: done.answer, deltas };
}

const expectVerbatim = (a: Answer) => {
  for (const c of a.citations) {
    expect(rt.index().document(c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
    expect(raw).toContain(c.quote);
  }
};

describe('LLM answers through a scripted OpenAI-compatible server', () => {
  it('answers with verified citations, streaming sources → delta* → citations → done', async () => {
    behave = (req, res) =>
      reply(req, res, `As of 6 December 2024, Hama is 110km (70 miles) south of Aleppo [${sourceWith(req, '110km')}].`);
    const { events, answer, deltas } = await collect('How far is Hama from Aleppo?');
    expect(events[0].type).toBe('sources');
    expect(events.at(-2)?.type).toBe('citations');
    expect(answer.mode).toBe('llm');
    expect(answer.degraded).toBeUndefined();
    expect(answer.answer).toMatch(/110km \(70 miles\) south of Aleppo \[\d\]\./);
    expect(deltas).toContain('110km');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0].quote).toMatch(/^Hama is home to one million people/);
    expect(answer.asOf).toBe('2024-12-06');
    expectVerbatim(answer);
    // The upstream got the system rules and the sources inside their delimiters.
    const body = upstream.requests[0].body as { messages: { role: string; content: string }[] };
    expect(body.messages[0].role).toBe('system');
    expect(body.messages[0].content).toMatch(/never instructions/);
    expect(userPrompt(upstream.requests[0])).toMatch(/<<<SOURCE 1>>>[\s\S]*<<<END SOURCE 1>>>/);
  });

  it('drops a citation number that names no source, in the stream and in the answer', async () => {
    behave = (req, res) =>
      reply(req, res, `Hama is home to one million people [9][${sourceWith(req, 'one million')}].`, { pieceSize: 1 });
    const { answer, deltas } = await collect('How many people live in Hama?');
    expect(deltas).not.toContain('[9]');
    expect(answer.answer).not.toContain('[9]');
    expect(answer.mode).toBe('llm');
    expect(answer.citations.map((c) => c.n)).not.toContain(9);
    expect(stats[0].droppedCitations).toBe(1);
    expectVerbatim(answer);
  });

  it('reports and drops a sentence no source supports', async () => {
    behave = (req, res) =>
      reply(
        req,
        res,
        `Hama is 110km south of Aleppo [${sourceWith(req, '110km')}]. ` +
          'Hama is famous for its ancient water wheels on the Orontes river [1].',
      );
    const { answer, deltas } = await collect('How far is Hama from Aleppo?');
    expect(answer.unsupported).toEqual(['Hama is famous for its ancient water wheels on the Orontes river.']);
    expect(answer.answer).not.toMatch(/water wheels/);
    // The stream shows only what the check let through: the same text as the final answer.
    expect(deltas).not.toMatch(/water wheels/);
    expect(deltas).toBe(answer.answer);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('drops an invented claim whose marker names no source, though most of its words are in a source', async () => {
    // "[42]" names no source; "the rebels … captured" is in the sentence about Aleppo, the Moon in none.
    behave = (req, res) =>
      reply(
        req,
        res,
        `Hama is 110km (70 miles) south of Aleppo [${sourceWith(req, '110km')}]. ` +
          'The rebels also captured the Moon [42].',
        { pieceSize: 7 },
      );
    const { answer, deltas } = await collect('How far is Hama from Aleppo?');
    expect(answer.mode).toBe('llm');
    expect(answer.unsupported).toEqual(['The rebels also captured the Moon.']);
    expect(answer.answer).toMatch(/^Hama is 110km \(70 miles\) south of Aleppo \[\d\]\.$/);
    expect(deltas).toBe(answer.answer);
    expect(answer.citations).toHaveLength(1);
    expect(stats[0].droppedCitations).toBe(1);
    expectVerbatim(answer);
  });

  it('keeps a paraphrased claim: "seized" for "taken control of"', async () => {
    behave = (req, res) =>
      reply(req, res, `Syrian rebels seized Hama after the army pulled out [${sourceWith(req, 'taken control')}].`);
    const { answer } = await collect('Who took control of Hama?');
    expect(answer).toMatchObject({ mode: 'llm', refused: false });
    expect(answer.unsupported).toBeUndefined();
    expect(answer.answer).toMatch(/^Syrian rebels seized Hama after the army pulled out \[\d\]\.$/);
    expect(answer.citations[0].quote).toMatch(/taken control of the major city of Hama/);
    expectVerbatim(answer);
  });

  it('cites a plainly supported claim that came without a marker', async () => {
    behave = (req, res) =>
      reply(req, res, 'The Syrian Observatory for Human Rights says more than 720 people have been killed.');
    const { answer } = await collect('How many people have been killed?');
    expect(answer.citations[0].quote).toContain('more than 720 people');
    expect(answer.answer).toMatch(/killed \[\d\]\.$/);
  });

  it('keeps a supported answer that ends with a hedge, and ignores a [0]', async () => {
    behave = (req, res) =>
      reply(
        req,
        res,
        `Hama is 110km (70 miles) south of Aleppo [${sourceWith(req, '110km')}][0]. ` +
          'The sources do not say anything else about the distance.',
      );
    const { answer, deltas } = await collect('How far is Hama from Aleppo?');
    expect(answer).toMatchObject({ refused: false, mode: 'llm' });
    expect(answer.degraded).toBeUndefined();
    expect(answer.citations.length).toBe(1);
    expect(deltas).toBe(answer.answer);
  });

  it('turns "the sources don\'t say" into a refusal', async () => {
    behave = (req, res) => reply(req, res, "The sources don't say.");
    const { answer } = await collect('What is the population of Damascus?');
    expect(answer).toMatchObject({ refused: true, citations: [], mode: 'llm' });
  });

  it('shows the closest passages with an LLM refusal, quoted and checked like citations', async () => {
    behave = (req, res) => reply(req, res, "The sources don't say.");
    const { answer } = await collect('What is the population of Homs?');
    expect(answer).toMatchObject({ refused: true, citations: [], mode: 'llm' });
    expect(answer.related!.length).toBeGreaterThan(0);
    for (const r of answer.related!) expect(r.quote).toContain('Homs');
  });

  const degradedCases: [string, (req: Recorded, res: ServerResponse) => unknown, string][] = [
    ['HTTP 500', (_req, res) => json(res, 500, { error: { message: 'upstream exploded' } }), 'LLM_UNAVAILABLE'],
    ['HTTP 429', (_req, res) => json(res, 429, { error: { message: 'slow down' } }), 'LLM_RATE_LIMITED'],
    ['a hang past the timeout', () => undefined, 'LLM_TIMEOUT'],
    [
      'a malformed stream',
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"choices": [ this is not json\n\n');
      },
      'LLM_BAD_RESPONSE',
    ],
    ['an empty completion', (req, res) => reply(req, res, ''), 'LLM_BAD_RESPONSE'],
    ['a connection reset before any reply', (_req, res) => res.socket?.destroy(), 'LLM_UNAVAILABLE'],
    [
      'a connection reset mid-stream',
      (req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const choices = [{ index: 0, delta: { content: 'Hama is' }, finish_reason: null }];
        const body = { id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices };
        res.write(`data: ${JSON.stringify(body)}\n\n`);
        setTimeout(() => res.socket?.destroy(), 20);
      },
      'LLM_BAD_RESPONSE',
    ],
    [
      'a slow trickle that would outlast the timeout',
      (req, res) =>
        reply(req, res, `Hama is 110km south of Aleppo [${sourceWith(req, '110km')}]. `.repeat(20), {
          pieceSize: 1,
          delayMs: 30,
        }),
      'LLM_TIMEOUT',
    ],
    [
      'an answer with no supported claim',
      (req, res) => reply(req, res, 'Bananas are yellow and rich in potassium.'),
      'LLM_BAD_RESPONSE',
    ],
  ];

  it.each(degradedCases)(
    'falls back to the extractive answer on %s, within the timeout',
    async (_name, behaviour, code) => {
      behave = behaviour;
      const t0 = performance.now();
      const { answer } = await collect('How far is Hama from Aleppo?');
      const elapsed = performance.now() - t0;
      expect(answer).toMatchObject({ degraded: true, mode: 'extractive', refused: false });
      expect(answer.answer).toContain('110km');
      expectVerbatim(answer);
      expect(stats[0].degradedBy).toBe(code);
      // Every fallback is counted by cause for /metrics (the runtime passes these stats to the metrics hook).
      expect(elapsed).toBeLessThan(TIMEOUT_MS * 2 + 1500);
      expect(JSON.stringify(answer)).not.toMatch(/exploded|slow down|not json/);
    },
  );

  it('retries a failed upstream request a bounded number of times', async () => {
    behave = (_req, res) => json(res, 500, { error: { message: 'down' } });
    await collect('How far is Hama from Aleppo?');
    expect(upstream.requests).toHaveLength(2);
  });

  it('aborts the upstream request when the consumer stops reading', async () => {
    behave = (req, res) => reply(req, res, 'Hama is 110km south of Aleppo. '.repeat(40), { pieceSize: 4, delayMs: 20 });
    for await (const e of rt.answers.stream({ question: 'How far is Hama from Aleppo?' }))
      if (e.type === 'delta') break;
    await new Promise((r) => setTimeout(r, 200));
    expect(upstreamClosedEarly).toBe(1);
  });

  it('condenses a follow-up with the model before answering it', async () => {
    behave = (req, res) =>
      userPrompt(req).includes('Standalone question')
        ? reply(req, res, 'How far is Hama from Aleppo?')
        : reply(req, res, `Hama is 110km (70 miles) south of Aleppo [${sourceWith(req, '110km')}].`);
    const history = [
      { role: 'user' as const, content: 'How many people live in Hama?' },
      { role: 'assistant' as const, content: 'One million [1].' },
    ];
    const { answer } = await collect('And how far is it from Aleppo?', history);
    expect(upstream.requests).toHaveLength(2);
    expect(userPrompt(upstream.requests[0])).toContain('User: How many people live in Hama?');
    expect(userPrompt(upstream.requests[1])).toContain('Question: How far is Hama from Aleppo?');
    expect(answer.answer).toContain('110km');
    expect(stats[0].condensed).toBe('How far is Hama from Aleppo?');
  });
});

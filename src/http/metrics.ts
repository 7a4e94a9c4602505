import type { MiddlewareHandler } from 'hono';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AnswerStats } from '../rag/index.js';
import type { Answer } from '../types.js';

/** Prometheus metrics: requests by route and status, answers by mode, refusals, dropped citations, fallbacks. */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'cited_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['route', 'method', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'cited_http_request_duration_seconds',
    help: 'HTTP request latency (to the last byte for streams)',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly answers = new Counter({
    name: 'cited_answers_total',
    help: 'Answers given',
    labelNames: ['mode', 'refused', 'degraded'],
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'cited_refusals_total',
    help: "Answers that said the sources don't say",
    registers: [this.registry],
  });
  private readonly dropped = new Counter({
    name: 'cited_citations_dropped_total',
    help: 'Citation markers removed because they named no source or failed verification',
    registers: [this.registry],
  });
  private readonly degraded = new Counter({
    name: 'cited_llm_fallbacks_total',
    help: 'LLM answers replaced by the extractive answer, by cause',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  constructor(withProcessMetrics = true) {
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'cited_' });
  }

  recordAnswer = (answer: Answer, stats: AnswerStats): void => {
    this.answers.inc({
      mode: answer.mode,
      refused: String(answer.refused),
      degraded: String(Boolean(answer.degraded)),
    });
    if (answer.refused) this.refusals.inc();
    if (stats.droppedCitations + stats.rejectedQuotes) this.dropped.inc(stats.droppedCitations + stats.rejectedQuotes);
    if (stats.degradedBy) this.degraded.inc({ reason: stats.degradedBy });
  };

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const t0 = performance.now();
      await next();
      // routePath is the matched pattern ("/api/documents/:id"), which keeps label cardinality bounded.
      const route =
        c.req.routePath && c.req.routePath !== '*' && c.req.routePath !== '/*' ? c.req.routePath : 'unmatched';
      const labels = { route, method: c.req.method, status: String(c.res.status) };
      this.requests.inc(labels);
      this.latency.observe(labels, (performance.now() - t0) / 1000);
    };
  }

  async text(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

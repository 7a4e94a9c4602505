import type { IngestPhase } from '../../src/ingest/index.js';
import { round } from './stats.js';

/** Clocks read at each boundary, in ms: wall time, and the CPU time of each process that does the work. */
type Clocks = Record<string, () => number>;

/** Per phase, ms on each clock. */
export type PhaseTimes = Record<string, Record<string, number>>;

/**
 * Times an ingest's phases from its progress callback, on several clocks (wall, the client's CPU, the database
 * server's CPU). Progress comes after each batch, so the time up to a phase's first event is already its work: an
 * interval is read at each phase change and at each phase's last event (done = total), and counted to the phase of
 * the event that ends it. Clocks are read only there, not on every file, since reading a server's CPU walks /proc.
 * What follows the last event (for PostgreSQL: activating the version, committing, loading it) is `finish`.
 */
export class PhaseClock {
  readonly times: PhaseTimes = {};
  private mark: Record<string, number>;
  private current?: IngestPhase;

  constructor(private readonly clocks: Clocks) {
    this.mark = this.read();
  }

  readonly onProgress = (phase: IngestPhase, done: number, total: number): void => {
    if (phase === this.current && done !== total) return;
    this.current = phase;
    this.count(phase);
  };

  /** Closes the last interval as `finish` and returns the times, rounded to ms. */
  finish(): PhaseTimes {
    this.count('finish');
    return Object.fromEntries(
      Object.entries(this.times).map(([p, t]) => [
        p,
        Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round(v, 0)])),
      ]),
    );
  }

  private count(phase: string): void {
    const now = this.read();
    const t = (this.times[phase] ??= {});
    for (const k of Object.keys(now)) t[k] = (t[k] ?? 0) + now[k] - this.mark[k];
    this.mark = now;
  }

  private read(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.clocks).map(([k, clock]) => [k, clock()]));
  }
}

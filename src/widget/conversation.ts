import { MAX_HISTORY_TURNS } from '../limits.js';
import type { HistoryTurn } from '../types.js';

/** The API takes at most 20 turns and a 64 KiB body; stay well inside both. */
const MAX_TURNS = MAX_HISTORY_TURNS;
const MAX_TURN_CHARS = 4000;
const MAX_HISTORY_BYTES = 40 * 1024;

/** The finished question/answer pairs, sent with each question so follow-ups ("and how far is it?") resolve. */
export class Conversation {
  private turns: HistoryTurn[] = [];

  add(question: string, answer: string): void {
    this.turns.push({ role: 'user', content: question }, { role: 'assistant', content: answer });
  }

  /** A new chat: the next question goes without history. */
  clear(): void {
    this.turns = [];
  }

  history(): HistoryTurn[] {
    let turns = this.turns
      .slice(-MAX_TURNS)
      .map((t) => ({ role: t.role, content: t.content.slice(0, MAX_TURN_CHARS) }));
    const size = (ts: HistoryTurn[]) => new TextEncoder().encode(JSON.stringify(ts)).length;
    // Drop whole pairs from the oldest end so the history never starts with an answer.
    while (turns.length && size(turns) > MAX_HISTORY_BYTES) turns = turns.slice(2);
    return turns;
  }
}

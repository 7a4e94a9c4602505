/** Shapes shared by every module; the public ones are the contract in docs/contracts.md. */

export interface CitedDocument {
  id: string;
  title: string;
  date?: string;
  url?: string;
  text: string;
  sha256: string;
  /** Path relative to the corpus root it was loaded from. */
  path: string;
}

/** A document's sentence, as character offsets into its text. */
export interface Span {
  start: number;
  end: number;
}

export interface Chunk {
  id: string;
  docId: string;
  text: string;
  start: number;
  end: number;
}

export interface Citation {
  n: number;
  docId: string;
  chunkId: string;
  title: string;
  date?: string;
  quote: string;
  start: number;
  end: number;
}

export interface Source {
  n: number;
  docId: string;
  chunkId: string;
  title: string;
  date?: string;
  text: string;
  score: number;
  start: number;
  end: number;
}

export interface Timings {
  retrieveMs: number;
  generateMs: number;
  totalMs: number;
}

export interface Answer {
  answer: string;
  shortAnswer?: string;
  refused: boolean;
  unsupported?: string[];
  citations: Citation[];
  sources: Source[];
  mode: 'extractive' | 'llm';
  degraded?: boolean;
  asOf?: string;
  timings: Timings;
}

export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

export type AnswerEvent =
  | { type: 'sources'; sources: Source[] }
  | { type: 'delta'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'done'; answer: Answer }
  | { type: 'error'; error: { code: string; message: string } };

/** Which embedder built an index; a different one cannot query it. */
export interface EmbedderInfo {
  name: string;
  model: string;
  dims: number;
}

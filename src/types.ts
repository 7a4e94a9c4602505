import type { z } from 'zod';
import type {
  answer,
  answerEvent,
  answerMode,
  askRequest,
  citation,
  documentEntry,
  documentType,
  historyTurn,
  source,
} from './schemas.js';

/** Shapes shared by every module; the public ones are the contract in docs/contracts.md. */

export interface CitedDocument {
  id: string;
  title: string;
  date?: string;
  url?: string;
  /** What the file was read as (absent in indexes written before PDF and Word files were read). */
  type?: DocumentType;
  /** A PDF's pages: the offset in `text` at which each page (1, 2, …) starts. */
  pageStarts?: number[];
  /** What the loader noticed but read past: an encoding it had to guess, pages without text. */
  warnings?: string[];
  /** The loaders' version that read it (src/ingest/loaders.ts LOADER); absent before versions were kept. */
  loader?: number;
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

/*
 * The public shapes are the zod schemas in src/schemas.ts; these types are derived from them, so the two cannot
 * drift. Type-only imports: a module (or the widget's browser bundle) that imports these types loads no zod.
 */
export type Citation = z.infer<typeof citation>;
export type Source = z.infer<typeof source>;
export type DocumentType = z.infer<typeof documentType>;
export type DocumentEntry = z.infer<typeof documentEntry>;
export type Answer = z.infer<typeof answer>;
export type AnswerMode = z.infer<typeof answerMode>;
export type HistoryTurn = z.infer<typeof historyTurn>;
export type AnswerEvent = z.infer<typeof answerEvent>;
/** The body of POST /api/ask, and what the answer service takes. */
export type AskRequest = z.infer<typeof askRequest>;

/** Which embedder built an index; a different one cannot query it. */
export interface EmbedderInfo {
  name: string;
  model: string;
  dims: number;
}

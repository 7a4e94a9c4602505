import { z } from 'zod';

/** 2: binary documents, chunks and BM25 files (format 1 was JSON and MiniSearch, capped below 1M chunks). */
export const FORMAT_VERSION = 2;

const documentEntrySchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string().optional(),
  url: z.string().optional(),
  sha256: z.string(),
  path: z.string(),
  chunks: z.number().int(),
});

export const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  createdAt: z.string(),
  chunker: z.string(),
  embedder: z.object({ name: z.string(), model: z.string(), dims: z.number().int().positive() }),
  roots: z.array(z.string()),
  counts: z.object({ documents: z.number().int(), chunks: z.number().int() }),
  documents: z.array(documentEntrySchema),
  /** sha256 of every other file in the index version, checked on load. */
  files: z.record(z.string(), z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type DocumentEntry = z.infer<typeof documentEntrySchema>;

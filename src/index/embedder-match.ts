import type { EmbedderInfo } from '../types.js';

/**
 * Whether vectors stored by `built` can be searched (or reused) with the `configured` embedder: the same name and
 * model, and the same dimension when the configured one knows it. A remote model learns its dimension from its first
 * answer (`CitedEmbeddings.ready()`), so before that it says 0; checking the name and model then is what keeps
 * startup free of a network round trip, and the ingest, which asks `ready()` first, always compares the dimension.
 */
export function sameEmbedder(built: EmbedderInfo, configured: EmbedderInfo): boolean {
  if (built.name !== configured.name || built.model !== configured.model) return false;
  return !configured.dims || built.dims === configured.dims;
}

/**
 * The citation marker, "[1]" or "[1, 2]": its one definition, for the answer checks, the stream filter and the
 * browser widget (which bundles this file, so it imports nothing). A number has at most three digits: sources count
 * from 1 up to MAX_K, and a longer bracketed number ("[2024]") is a year or a reference, not a citation.
 */

/** The numbers inside a marker's brackets, commas between them ("1", "1, 2"). Pattern text, to build regexes from. */
const MARKER_NUMBERS = String.raw`\d{1,3}(?:\s*,\s*\d{1,3})*`;

/** A marker; its numbers are the first group. Pattern text, to build regexes from. */
export const MARKER = String.raw`\[(${MARKER_NUMBERS})\]`;

/** Every marker in a text with the space before it (for matchAll and replace). */
export const MARKERS = new RegExp(String.raw`\s*${MARKER}`, 'g');

/** The numbers of a marker's first group: "1, 2" → [1, 2]. */
export const markerNumbers = (numbers: string): number[] => numbers.split(',').map((n) => Number(n.trim()));

/** The marker that cites these sources: [1] → "[1]", [1, 2] → "[1, 2]". */
export const citationMarker = (ns: readonly number[]): string => `[${ns.join(', ')}]`;

/** A text without its markers (and the spaces before them). */
export const withoutMarkers = (text: string): string => text.replace(MARKERS, '').trim();

import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexedDocument } from '../../src/index/index.js';
import type { Runtime } from '../../src/main/index.js';
import { analyze, sentenceSpans } from '../../src/nlp/index.js';
import { findCandidates } from '../../src/rag/candidates.js';
import { analyzeQuestion } from '../../src/rag/index.js';
import { locateFocus } from '../../src/rag/focus.js';
import { sectionHeading } from '../../src/rag/section-context.js';
import { TermMatcher } from '../../src/rag/term-matcher.js';
import { corpusOf } from '../helpers/fixtures.js';
import { articleRuntime } from '../helpers/runtime.js';

const GUIDE = `# Visiting Kellport

Kellport is a small harbour town with a resident population of about 4,300.

## Holm Skerry ferry

The ferry to Holm Skerry leaves from the East Pier and takes 25 minutes each way.
It is operated by Skerry Boats Ltd and runs from 1 April to 31 October only.

## Configuration

On Windows, the configuration file is C:\\ProgramData\\Harbour\\server.toml for every installation.
`;

const AGENTS = `# Backup agents

Agents keep a local queue of changes for up to 7 days and send them when the server becomes reachable again.
`;

const doc = (text: string): IndexedDocument => ({
  id: 'd',
  title: 't',
  text,
  sha256: '',
  path: 'd.md',
  sentences: sentenceSpans(text),
});

const headingOf = (text: string, sentence: string) => {
  const d = doc(text);
  const k = d.sentences.findIndex((s) => text.slice(s.start, s.end).startsWith(sentence));
  expect(k).toBeGreaterThanOrEqual(0);
  return sectionHeading(d, k)
    ?.map((t) => t.text)
    .join(' ');
};

describe('the heading a sentence sits under', () => {
  it('is the nearest heading line above it, Markdown or plain', () => {
    expect(headingOf(GUIDE, 'It is operated')).toBe('Holm Skerry ferry');
    expect(headingOf('Opening times\n\nThe museum opens at 10am.', 'The museum')).toBe('Opening times');
  });

  it('is not a line that ends as a sentence, a list item or a row', () => {
    expect(headingOf('We open daily.\n\nThe museum opens at 10am.', 'The museum')).toBeUndefined();
    expect(headingOf('- free parking\n\nThe museum opens at 10am.', 'The museum')).toBeUndefined();
    expect(headingOf('Day | Hours\n\nThe museum opens at 10am.', 'The museum')).toBeUndefined();
    // A line of a block of lines is no heading, though short and without a full stop.
    const hours = 'LIBRARY\n\nOpening hours:\nMonday: 9am to 5pm\nSunday: closed\n\nRhyme Time is on Wednesdays.';
    expect(headingOf(hours, 'Rhyme Time')).toBe('LIBRARY');
  });

  it('is nothing for a heading itself or a sentence above the first heading', () => {
    expect(headingOf(GUIDE, '## Holm Skerry ferry')).toBeUndefined();
    expect(headingOf('The museum opens at 10am.\n\n## Prices', 'The museum')).toBeUndefined();
  });
});

describe('a sentence about a name it does not repeat', () => {
  const matcher = new TermMatcher();
  const q = analyzeQuestion('Which company operates the Holm Skerry ferry?');
  const tokens = (text: string) => analyze(text).tokens;
  const operated = tokens('It is operated by Skerry Boats Ltd.');

  it('is about the name of the sentence before when it opens with a pronoun', () => {
    const before = () => tokens('The ferry to Holm Skerry leaves from the East Pier.');
    expect(locateFocus(q, operated, matcher, before).found).toBe(1);
    expect(locateFocus(q, tokens('Tickets are sold on the pier.'), matcher, before).found).toBe(0);
  });

  it('is about the name its heading says', () => {
    expect(locateFocus(q, operated, matcher, undefined, tokens('Holm Skerry ferry')).found).toBe(1);
    expect(locateFocus(q, operated, matcher, undefined, tokens('Opening times')).found).toBe(0);
  });
});

describe('answers that rest on a heading, and quotes offered alone', () => {
  let open: Runtime;
  let gated: Runtime;
  beforeAll(async () => {
    const env = { CITED_CORPUS_DIR: corpusOf({ 'guide.md': GUIDE, 'agents.md': AGENTS }) };
    // Both gates off: every answer the checks choose is given; these test the answer path, not the fitted weights.
    open = await articleRuntime(env, { gates: { answer: false, quote: false } });
    gated = await articleRuntime(env, { gates: { answer: false, quote: new Array<number>(64).fill(0) } });
  });

  it('finds a sentence whose subject is named only in its heading, and quotes it without a short answer', async () => {
    const a = await open.answers.ask({ question: 'Which company runs the Holm Skerry ferry?' });
    expect(a.refused).toBe(false);
    expect(a.citations[0].quote).toContain('Skerry Boats Ltd');
    // The heading says what the section is about, not which of the sentence's values is asked for.
    expect(a.shortAnswer).toBeUndefined();
  });

  it('quotes the closest sentence alone when no short answer passes the checks, if the quote gate allows', async () => {
    const question = 'How long do agents queue changes when the server is offline?';
    const a = await open.answers.ask({ question });
    expect(a.refused).toBe(false);
    expect(a.shortAnswer).toBeUndefined();
    expect(a.citations[0].quote).toContain('up to 7 days');
    const b = await gated.answers.ask({ question });
    expect(b.refused).toBe(true);
    expect(b.related?.[0].quote).toContain('up to 7 days');
  });

  it('never gives a lone letter as a name', () => {
    const q = analyzeQuestion('Where is the configuration file on Windows?');
    const text = 'On Windows, it is C:\\ProgramData\\Harbour\\server.toml, and on Linux it is in Etc.';
    const found = findCandidates(analyze(text), q).map((c) => text.slice(c.start, c.end));
    expect(found).toContain('Etc');
    expect(found).not.toContain('C');
  });
});

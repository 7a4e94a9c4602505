import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/main/index.js';
import { analyze, sharedWordNet } from '../../src/nlp/index.js';
import { nameKindFits } from '../../src/rag/name-kinds.js';
import { findCandidates } from '../../src/rag/candidates.js';
import { analyzeQuestion } from '../../src/rag/index.js';
import { ordinalConflict } from '../../src/rag/modifiers.js';
import { classify } from '../../src/rag/question-type.js';
import { articleRuntime } from '../helpers/runtime.js';
import { corpusOf } from '../helpers/fixtures.js';

describe('the kind of answer a question asks for', () => {
  it.each([
    // An auxiliary after "what" starts the clause: "President" is no wh-phrase noun.
    ['What did President Assad vow to do to the rebels?', 'quote'],
    // The relative "who" of "the people who live there" does not make it a who-question.
    ['What did the rebel commander tell the people who live in Homs?', 'quote'],
    ['Which port is used for replication?', 'number'],
    ["What's the price of the Team plan?", 'number'],
    ['What is the maximum file size?', 'number'],
    ['What is the name of the commander who spoke?', 'entity'],
    ['Who leads HTS?', 'entity'],
    ['Which city did the rebels capture?', 'place'],
    ['What is the most visitor permits a household can buy in a year?', 'number'],
    ['What is the minimum purchase for the Enterprise plan?', 'number'],
    ['What is the most important reason to choose it?', 'other'],
    ['What are the support hours on weekends?', 'date'],
    ["What are the museum's opening hours in winter?", 'date'],
  ])('%s → %s', (question, type) => {
    expect(classify(question)).toBe(type);
  });
});

const PARKING = `Updated: 12 March 2025

The Long Stay car park has 220 spaces, including 12 spaces for blue badge holders.
A visitor permit costs £4 per day or £18 per week.
The descaling cycle takes 25 minutes and uses 1.8 L of water.
The Holm Skerry ferry runs from 1 April to 31 October only.
`;

describe('a short answer only when it fits the question', () => {
  let rt: Runtime;
  beforeAll(async () => {
    const dir = corpusOf({ 'council.txt': PARKING });
    rt = await articleRuntime({ CITED_CORPUS_DIR: dir });
  });

  it('answers a money question with an amount of money, the currency sign included', async () => {
    const a = await rt.answers.ask({ question: 'How much does a visitor permit cost per week?' });
    expect(a.shortAnswer).toBe('£18');
  });

  it('never answers a money question with a count', async () => {
    const a = await rt.answers.ask({ question: 'How much does it cost to park in the Long Stay car park?' });
    expect(a.shortAnswer).toBeUndefined();
    expect(a.refused).toBe(true);
  });

  it('never answers "what time" with a date', async () => {
    const a = await rt.answers.ask({ question: 'What time does the Holm Skerry ferry leave in the morning?' });
    expect(a.shortAnswer).toBeUndefined();
  });

  it('keeps the unit with the figure', async () => {
    const a = await rt.answers.ask({ question: 'How much water does the descaling cycle use?' });
    expect(a.shortAnswer).toBe('1.8 L');
  });
});

describe('on the article', () => {
  let rt: Runtime;
  beforeAll(async () => {
    rt = await articleRuntime();
  });
  it('answers "what did X tell Y" with the quote, not a place in the sentence', async () => {
    const a = await rt.answers.ask({ question: 'What did the rebel commander tell the people who live in Homs?' });
    expect(a.shortAnswer?.toLowerCase()).toBe('your time has come');
  });
  it('counts the noun the question counts, even after the verb', async () => {
    const a = await rt.answers.ask({
      question: 'Of those killed since the offensive started, how many were civilians?',
    });
    expect(a.shortAnswer).toBe('111');
  });
  it('does not count everyone for a count of some ("people" is no answer to "how many civilians")', async () => {
    const a = await rt.answers.ask({
      question: 'How many civilians have been killed since the civil war began in 2011?',
    });
    expect(a.shortAnswer).toBeUndefined();
  });
  it('does not give a figure for X and Y to a question about X alone', async () => {
    const alone = await rt.answers.ask({ question: 'How many people live in Idlib province alone?' });
    expect(alone.shortAnswer).toBeUndefined();
    // Without "alone" the sentence answers for the provinces it names.
    const both = await rt.answers.ask({ question: 'How many people live in Idlib province?' });
    expect(both.shortAnswer?.toLowerCase()).toBe('more than four million');
  });
  it('answers "what time" and "opening hours" with clock times, 24-hour and ranges too, never with a price', () => {
    const found = (question: string, text: string) =>
      findCandidates(analyze(text), analyzeQuestion(question)).map((c) => text.slice(c.start, c.end));
    expect(
      found('What are the support hours on weekends?', 'Support is open from 10:00 to 14:00 on weekends.'),
    ).toEqual(['10:00 to 14:00']);
    expect(found('What time does the last ferry leave?', 'The last ferry leaves at 17.30 and costs £6.00.')).toEqual([
      '17.30',
    ]);
  });
  it('never answers who with a platform or day named after a sentence-opening "On"', () => {
    const text = 'On Windows, the wizard starts the service, which Ingrid Vaskela designed.';
    const found = findCandidates(analyze(text), analyzeQuestion('Who started the company?'));
    expect(found.map((c) => text.slice(c.start, c.end))).not.toContain('Windows');
  });
  it('answers who with no water, road, building or document, and where with no abstraction (WordNet classes)', () => {
    const classes = (w: string) => sharedWordNet().nounClasses(w);
    const found = (question: string, text: string) =>
      findCandidates(analyze(text), analyzeQuestion(question), () => 0, classes).map((c) => text.slice(c.start, c.end));
    const shoals = 'The herring shoals moved away from Gannet Bay, and Margaret Fenwick stayed.';
    expect(found('Who is the town clerk?', shoals)).toEqual(['Margaret Fenwick']);
    // Countries act in the news: they stay who-answers.
    expect(found('Who considers the Kurds a threat?', 'Turkey considers the Kurds in Syria a threat.')).toContain(
      'Turkey',
    );
    const built = 'Stashbox is developed by Quillmere Software, which is based in Tallinn.';
    expect(found('In which city is the firm based?', built)).toContain('Tallinn');
    expect(found('In which city is the firm based?', built)).not.toContain('Quillmere Software');
    expect(nameKindFits('Zorblatt', true, classes)).toBe(true); // a word WordNet lacks is no evidence
  });
  it('never answers with a name the question gives, spelled out or whole inside a longer name', () => {
    const found = (question: string, text: string) =>
      findCandidates(analyze(text), analyzeQuestion(question)).map((c) => text.slice(c.start, c.end));
    const ribbon = 'Mayor Daniel Okafor cut the ribbon, thanking Ruth Calloway.';
    expect(found('Who was mayor before Daniel Okafor?', ribbon)).not.toContain('Mayor Daniel Okafor');
    const un = 'The United Nations envoy, Geir Pedersen, expressed alarm.';
    expect(found('Which UN official expressed alarm?', un)).not.toContain('United Nations');
    // Sharing one word with the question's name is not being it.
    const ferry = 'It is operated by Skerry Boats Ltd and runs daily.';
    expect(found('Which company runs the Holm Skerry ferry?', ferry)).toContain('Skerry Boats Ltd');
  });
  it('never takes the number that marks a list item for a figure', () => {
    const found = (text: string) =>
      findCandidates(analyze(text), analyzeQuestion('How many devices can I add?')).map((c) =>
        text.slice(c.start, c.end),
      );
    expect(found('8. Install the agent on the first device.')).toEqual([]);
    expect(found('3) Add up to 50 devices on the Team plan.')).toEqual(['up to 50']);
    expect(found('12 devices are allowed on the Team plan.')).toEqual(['12']);
  });
  it('answers a telephone number only with the digits one dials, whole', () => {
    const text = 'Two dogs are welcome from 1 May; call the museum on 01632 960250 to book.';
    const found = (question: string) =>
      findCandidates(analyze(text), analyzeQuestion(question)).map((c) => text.slice(c.start, c.end));
    expect(found('What is the museum phone number?')).toEqual(['01632 960250']);
    expect(found('What number do I call to book?')).toEqual(['01632 960250']);
    expect(found('How many dogs are allowed?')).toContain('Two');
    expect(found('What is the phone number?').join()).not.toMatch(/^(?:1|Two)$/);
    expect(
      findCandidates(analyze('Dogs are welcome from 1 May.'), analyzeQuestion('What is the phone number?')),
    ).toEqual([]);
  });
  it('does not answer a question about the present with a sentence about the first or former one', () => {
    const first = 'Its first chair was the retired skipper Agnes Threlkeld, who served until 1988.';
    expect(ordinalConflict('Who chairs the Harbour Trust now?', first)).toBe(true);
    expect(ordinalConflict('Who is the current chair of the Harbour Trust?', first)).toBe(true);
    expect(ordinalConflict('Who was the first chair of the Harbour Trust?', first)).toBe(false);
    expect(ordinalConflict('Who chairs the Harbour Trust now?', 'The Trust is chaired by Ruth Calloway.')).toBe(false);
  });
  it('gives no name for "the name of that prison" when no name in the sentence is the prison’s', async () => {
    const a = await rt.answers.ask({ question: "What's the name of the prison the rebels took over?" });
    expect(a.shortAnswer).toBeUndefined();
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PromptTemplate } from '@langchain/core/prompts';
import { promptTemplate } from './lazy.js';
import { CitedError } from '../errors.js';

export interface Prompts {
  /** The system rules; plain text, no variables. */
  system: string;
  /** Variables: sources, question. */
  answer: PromptTemplate;
  /** Variables: history, question. */
  condense: PromptTemplate;
}

/**
 * Text in a document that looks like the structure of a prompt rather than prose: our own source delimiters
 * (`<<<SOURCE n>>>`) and the look-alikes chat templates and prompt-writers use to open or close a part or to
 * name a speaker (`[[ ]]`, `<|im_start|>`, `</source>`, `[INST]`, a `### System` heading). Ordinary prose and
 * markdown never need these, so a document holding one is trying to end its quotation early.
 */
export const DELIMITER_LIKE = new RegExp(
  [
    String.raw`<<<|>>>|\[\[|\]\]`, // our source delimiters and double brackets
    String.raw`<\|[^|\n]{0,24}\|>`, // a chat-template token: <|im_start|>
    // a tag naming a part or a speaker: </source>, <system>
    String.raw`<\/?\s*(?:source|sources|system|document|context|instructions?|assistant|user|prompt)\b[^<>\n]{0,40}>`,
    String.raw`\[\/?(?:INST|SYS)\]|<<\/?SYS>>`, // Llama's markers
    String.raw`#{1,6}[ \t]*(?:system|assistant|user|developer|instructions?)\b`, // a heading naming a speaker
  ].join('|'),
  'gi',
);

// Look-alike characters that keep the text readable but can no longer be taken for structure.
const LOOK_ALIKE: Record<string, string> = { '<': '‹', '>': '›', '[': '⁅', ']': '⁆', '|': '¦', '#': '＃' };

/** A document's text with every delimiter-like run replaced by harmless look-alike characters. */
export function neutraliseDelimiters(text: string): string {
  return text.replace(DELIMITER_LIKE, (m) => m.replace(/[<>[\]|#]/g, (c) => LOOK_ALIKE[c]));
}

const PROMPT_FILES = { system: 'system.md', answer: 'answer.md', condense: 'condense.md' } as const;

const VARIABLES: Record<'answer' | 'condense', string[]> = {
  answer: ['question', 'sources'],
  condense: ['history', 'question'],
};

/** Reads the prompt files once at startup; a missing file or a template without its variables is a startup error. */
export function loadPrompts(dir: string): Prompts {
  const read = (name: keyof typeof PROMPT_FILES) => {
    const path = join(dir, PROMPT_FILES[name]);
    if (!existsSync(path))
      throw new CitedError('PROMPT_MISSING', `prompt file ${path} is missing (set CITED_PROMPTS_DIR or restore it)`);
    return readFileSync(path, 'utf8').trim();
  };
  const template = (name: 'answer' | 'condense') => {
    const path = join(dir, PROMPT_FILES[name]);
    let t: PromptTemplate;
    try {
      t = promptTemplate().fromTemplate(read(name));
    } catch (e) {
      if (e instanceof CitedError) throw e;
      throw new CitedError('PROMPT_MISSING', `prompt file ${path} is not a valid template: ${(e as Error).message}`);
    }
    const missing = VARIABLES[name].filter((v) => !t.inputVariables.includes(v));
    if (missing.length)
      throw new CitedError('PROMPT_MISSING', `prompt file ${path} must use {${missing.join('}, {')}}`);
    return t;
  };
  return { system: read('system'), answer: template('answer'), condense: template('condense') };
}

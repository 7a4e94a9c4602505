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

export const PROMPT_FILES = { system: 'system.md', answer: 'answer.md', condense: 'condense.md' } as const;

const VARIABLES: Record<'answer' | 'condense', string[]> = { answer: ['question', 'sources'], condense: ['history', 'question'] };

/** Reads the prompt files once at startup; a missing file or a template without its variables is a startup error. */
export function loadPrompts(dir: string): Prompts {
  const read = (name: keyof typeof PROMPT_FILES) => {
    const path = join(dir, PROMPT_FILES[name]);
    if (!existsSync(path)) throw new CitedError('PROMPT_MISSING', `prompt file ${path} is missing (set CITED_PROMPTS_DIR or restore it)`);
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
    if (missing.length) throw new CitedError('PROMPT_MISSING', `prompt file ${path} must use {${missing.join('}, {')}}`);
    return t;
  };
  return { system: read('system'), answer: template('answer'), condense: template('condense') };
}

import { createRequire } from 'node:module';
import type OpenAIClass from 'openai';
import type { PromptTemplate as PromptTemplateClass } from '@langchain/core/prompts';

/**
 * The openai SDK and LangChain's prompt templates cost ~300 ms to import and only LLM mode needs them, so they
 * are loaded on first use: the offline default starts without them.
 */
const require = createRequire(import.meta.url);

export const openaiSdk = (): typeof OpenAIClass => (require('openai') as { default: typeof OpenAIClass }).default;

export const promptTemplate = (): typeof PromptTemplateClass =>
  (require('@langchain/core/prompts') as { PromptTemplate: typeof PromptTemplateClass }).PromptTemplate;

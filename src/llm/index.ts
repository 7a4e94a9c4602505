export { ChatModel, toLlmError } from './chat-model.js';
export type { ChatMessage, ChatModelOptions } from './chat-model.js';
export { DELIMITER_LIKE, loadPrompts, neutraliseDelimiters, PROMPT_FILES } from './prompts.js';
export type { Prompts } from './prompts.js';
export { openaiSdk } from './lazy.js';

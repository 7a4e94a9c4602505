export type { ChatMessage, ChatModel } from './chat-model.js';
export { OpenAIChatModel } from './openai-chat-model.js';
export { DELIMITER_LIKE, loadPrompts, neutraliseDelimiters } from './prompts.js';
export type { Prompts } from './prompts.js';
export { openaiSdk } from './lazy.js';

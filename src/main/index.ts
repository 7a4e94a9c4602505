export { Runtime } from './runtime.js';
export type { RuntimeOptions } from './runtime.js';

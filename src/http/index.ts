export { createApp } from './app.js';
export type { HttpDeps, SecurityOptions, ServiceState } from './deps.js';
export { Metrics } from './metrics.js';
export { WINDOW_MS, memoryCounter } from './window-counter.js';
export type { CounterFactory, LimitName, Tally, WindowCounter } from './window-counter.js';

export { createApp } from './app.js';
export type { HttpDeps, SecurityOptions, ServiceState } from './deps.js';
export { Metrics } from './metrics.js';

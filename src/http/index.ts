export { createApp, MAX_BODY } from './app.js';
export type { AppEnv, HttpDeps, PublicDocument, SecurityOptions, ServiceState, ServiceStatus } from './deps.js';
export { Metrics } from './metrics.js';
export { statusOf } from './errors.js';

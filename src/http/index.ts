export { createApp, MAX_BODY } from './app.js';
export type { AppEnv, HttpDeps, PublicDocument, SecurityOptions, ServiceState, ServiceStatus } from './deps.js';
export { Metrics } from './metrics.js';
export { statusOf } from './errors.js';
export { MAX_FORWARDED_LENGTH, TRUST_NOTHING, parseTrustProxy } from './client-address.js';
export type { TrustProxy } from './client-address.js';

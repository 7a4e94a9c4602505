export { Runtime } from './runtime.js';
export type { RuntimeOptions } from './runtime.js';
export { startServer } from './server.js';
export type { RunningServer } from './server.js';
export { checkCanListen } from './listen-error.js';
export { countForWorkers } from './shared-limits.js';
export { IndexLifecycle, reingestOnHangup } from './index-lifecycle.js';
export { FileIndexStore } from './index-store.js';
export { PostgresIndexStore } from './postgres-index-store.js';

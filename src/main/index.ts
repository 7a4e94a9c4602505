export { Runtime } from './runtime.js';
export type { RuntimeOptions } from './runtime.js';
export { startServer, defaultWidgetDir } from './server.js';
export type { RunningServer, ServerOptions } from './server.js';
export { IndexLifecycle, reingestOnHangup } from './index-lifecycle.js';

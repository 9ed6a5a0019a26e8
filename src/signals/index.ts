/** The Redis adapter is imported by path (src/signals/redis.ts): embedded mode never loads it. */
export type { Signal, SignalListener, Signals } from './ports.js';
export { createInProcessSignals, InProcessSignalHub } from './in-process.js';

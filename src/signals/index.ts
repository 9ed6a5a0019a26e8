/** The Redis adapter is imported by path (src/signals/redis.ts): embedded mode never loads it. */
export {
  executionOf,
  type Signal,
  type SignalListener,
  type Signals,
  type Watch,
} from './ports.js';
export { createInProcessSignals, InProcessSignalHub } from './in-process.js';
export { LingeringWatches } from './lingering.js';

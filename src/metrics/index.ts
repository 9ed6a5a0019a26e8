export {
  createHooklineMetrics,
  recordExecutionEnd,
  type HooklineMetrics,
} from './hookline-metrics.js';
export { Counter, Gauge, Histogram, Registry } from './registry.js';

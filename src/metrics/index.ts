export {
  createHooklineMetrics,
  recordExecutionEnd,
  type HooklineMetrics,
} from './hookline-metrics.js';

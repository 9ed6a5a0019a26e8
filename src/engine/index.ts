export {
  runExecution,
  runLiveExecution,
  STEP_LIMIT,
  type RunExecutionOptions,
} from './run-execution.js';
export {
  contactNumberOf,
  flowKeyVariables,
  systemVariables,
  type ExecutionFacts,
} from './system-variables.js';
export * from './types.js';
export {
  defineWidget,
  type WidgetDefinition,
  type WidgetRunContext,
  type WidgetRunResult,
} from './widget.js';
export { VALUE_TOO_LARGE, valueBytes, type ValueLimits } from './value-limits.js';

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
  type JsonSchema,
  type StepTextFormat,
  type WidgetDefinition,
  type WidgetRunContext,
  type WidgetRunResult,
} from './widget.js';
export { VALUE_TOO_LARGE, type ValueLimits } from './value-limits.js';

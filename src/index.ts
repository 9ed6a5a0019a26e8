/**
 * The library entry (`import { validateFlow, runLocally } from 'hookline'`): flow documents
 * and their validation, the widget catalogue, and the engine for embedding a run in another
 * program (docs/architecture.md, "Build and package").
 */
export {
  describeProblem,
  validateFlow,
  type FlowDocument,
  type Problem,
  type ValidationResult,
  type ValidFlow,
  type VariableValue,
  type Variables,
  type WidgetCatalogue,
  type WidgetDocument,
} from './flow/index.js';
export { WIDGETS, widgetCatalogue, type Widget, type WidgetServices } from './widgets/index.js';
export {
  runExecution,
  STEP_LIMIT,
  type ChannelEvent,
  type ExecutionObserver,
  type ExecutionResult,
  type RunExecutionOptions,
  type Step,
} from './engine/index.js';
export { createLocalHttpClient, runLocally, type LocalRunOptions } from './app/local-run.js';
export { loadSettings, SettingsError, type Settings } from './config/index.js';

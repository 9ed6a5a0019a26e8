export type { LineRange, WidgetCatalogue, WidgetSchemaEntry } from './catalogue.js';
export {
  flowDocumentSchema,
  WIDGET_ID,
  type FlowDocument,
  type WidgetDocument,
} from './document.js';
export { ownRecord } from './own-record.js';
export { describeProblem, error, formatPath, joinPath, warning, type Problem } from './problem.js';
export {
  validateFlow,
  validateWidgetConfig,
  type ValidationResult,
  type ValidFlow,
} from './validate.js';
export * from './variables.js';

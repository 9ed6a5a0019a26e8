import type { Variables } from '../flow/index.js';
import type { ExecutionRecord, FlowVersion } from '../storage/ports.js';
import { maskFlowSecrets } from '../webhooks/flow-secrets.js';

/** An execution as the API shows it (SPEC §6 GET /v1/executions/{id}). */
export function executionView(record: ExecutionRecord) {
  return {
    id: record.id,
    flowId: record.flowId,
    flowVersion: record.flowVersion,
    status: record.status,
    endReason: record.endReason,
    direction: record.direction,
    from: record.from,
    to: record.to,
    variables: record.variables,
    path: record.path,
    events: record.events,
    steps: record.steps,
    createdAt: record.createdAt,
    startTime: record.startTime,
    endTime: record.endTime,
    waiting: waitingView(record.waiting),
  };
}

/** What a waiting execution asked; its sequence and engine state stay inside. */
function waitingView(waiting: ExecutionRecord['waiting']) {
  if (waiting === undefined) return null;
  const { widgetId, prompt, maxDigits, timeoutSeconds, dueAt } = waiting;
  return { widgetId, prompt, maxDigits, timeoutSeconds, dueAt };
}

/**
 * A flow version: the document itself, its secrets shown as `"***"`, plus its id, version
 * and when the version was saved.
 */
export function flowView(flow: FlowVersion, latestSavedAt: string) {
  return {
    ...maskFlowSecrets(flow.document),
    id: flow.id,
    version: flow.version,
    createdAt: flow.createdAt,
    updatedAt: latestSavedAt,
  };
}

/** A JSON value as a variable value: objects and arrays as JSON text (ADR 0001). */
export function variableValue(value: unknown): Variables[string] {
  return value === null || typeof value !== 'object'
    ? (value as Variables[string])
    : JSON.stringify(value);
}

/** Bare-named API variables under a prefix (`$flow.key.` by default, `$user.key.`). */
export function inputVariables(
  values: Readonly<Record<string, unknown>>,
  prefix = '$flow.key.',
): Variables {
  const variables: Variables = {};
  for (const [name, value] of Object.entries(values))
    variables[prefix + name] = variableValue(value);
  return variables;
}

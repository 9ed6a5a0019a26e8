import type { ExecutionRecord } from '../../storage/ports.js';

/** An execution as the API shows it (docs/server.md GET /v1/executions/{id}). */
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

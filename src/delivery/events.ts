/**
 * Outbound event envelopes (docs/server.md): `{ type, timestamp, data }`, the JSON body of a
 * delivery. Builders are pure: the caller passes the time.
 */
import type { ExecutionRecord } from '../storage/ports.js';

/** A variable's value (ADR 0001: a JSON scalar). */
type VariableValue = ExecutionRecord['variables'][string];

/** One outbound event, as its JSON body. */
export interface WebhookEvent<TData = unknown> {
  type: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  data: TData;
}

/** A generic event (internal-function notifications such as `agent.paused`). */
export function event<TData>(type: string, data: TData, timestamp: string): WebhookEvent<TData> {
  return { type, timestamp, data };
}

/** One call leg of a `flow.completed` event. */
export interface CallDetail {
  from: string;
  to: string;
  direction: ExecutionRecord['direction'];
  startTime: string;
  endTime: string;
  /** Whole seconds. */
  duration: number;
}

/** The `data` of docs/server.md's `flow.completed` event. */
export interface FlowCompletedData {
  executionId: string;
  flowId: string;
  flowVersion: number;
  accountId: string;
  status: ExecutionRecord['status'];
  endReason: string | null;
  callDetails: CallDetail[];
  /** A value shortened to fit 256 KB is marked `truncated`, with its `originalBytes`. */
  keys: Array<{ name: string; value: VariableValue; truncated?: true; originalBytes?: number }>;
  path: string[];
  recordingUrls: string[];
  /** Only on a trimmed event: where the whole execution can be read (the API). */
  executionUrl?: string | undefined;
}

/** The type of the flow end event. */
export const FLOW_COMPLETED = 'flow.completed';

/** The parts of an ended execution a `flow.completed` event reports. */
export type EndedExecution = Pick<
  ExecutionRecord,
  | 'id'
  | 'accountId'
  | 'flowId'
  | 'flowVersion'
  | 'status'
  | 'endReason'
  | 'direction'
  | 'from'
  | 'to'
  | 'variables'
  | 'path'
  | 'createdAt'
  | 'startTime'
  | 'endTime'
>;

export interface FlowCompletedInput {
  execution: EndedExecution;
  /** When the event happened (the execution's end). */
  timestamp: string;
}

// docs/server.md: `keys` lists the flow's and the contact's key variables, not the system ones.
const KEY_PREFIXES = ['$flow.key.', '$user.key.'];

/**
 * docs/server.md `flow.completed`, field for field as the documented example. `keys` holds every
 * `$flow.key.*` and `$user.key.*` variable in name order (code-unit order: stable across
 * locales); values keep their type (ADR 0001). `recordingUrls` is the voice platform's recording (docs/voice.md), else `[]`.
 */
export function flowCompletedEvent(input: FlowCompletedInput): WebhookEvent<FlowCompletedData> {
  const { execution, timestamp } = input;
  const data: FlowCompletedData = {
    executionId: execution.id,
    flowId: execution.flowId,
    flowVersion: execution.flowVersion,
    accountId: execution.accountId,
    status: execution.status,
    endReason: execution.endReason,
    callDetails: [callDetailOf(execution, timestamp)],
    keys: keysOf(execution.variables),
    path: [...execution.path],
    recordingUrls: recordingUrlsOf(execution.variables),
  };
  return event(FLOW_COMPLETED, data, timestamp);
}

/** docs/voice.md: the call's recording, from the voice platform's status callback. */
function recordingUrlsOf(variables: EndedExecution['variables']): string[] {
  const url = variables['$flow.syskey.recordingUrl'];
  return typeof url === 'string' ? [url] : [];
}

/**
 * The execution's one call leg. An execution that never started reports its creation time;
 * one without an end time ends at the event. `duration` is rounded to whole seconds.
 */
function callDetailOf(execution: EndedExecution, timestamp: string): CallDetail {
  const startTime = execution.startTime ?? execution.createdAt;
  const endTime = execution.endTime ?? timestamp;
  const elapsedMs = Date.parse(endTime) - Date.parse(startTime);
  const measured = Number.isFinite(elapsedMs) ? Math.max(0, Math.round(elapsedMs / 1000)) : 0;
  // docs/voice.md: the voice platform's CallDuration, when its status callback ended the call.
  const reported = execution.variables['$flow.syskey.callDuration'];
  const duration = typeof reported === 'string' ? Number(reported) : measured;
  return {
    from: execution.from,
    to: execution.to,
    direction: execution.direction,
    startTime,
    endTime,
    duration,
  };
}

function keysOf(variables: EndedExecution['variables']): FlowCompletedData['keys'] {
  return Object.keys(variables)
    .filter((name) => KEY_PREFIXES.some((prefix) => name.startsWith(prefix)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => ({ name, value: variables[name] ?? null }));
}

/** The `data` of a `webhook.check` event. */
export interface WebhookCheckData {
  webhookId: string;
  name: string;
}

/** The type of the check event: one attempt, never retried. */
export const WEBHOOK_CHECK = 'webhook.check';

/** docs/server.md "Check": the event sent to test a saved webhook's reachability. */
export function webhookCheckEvent(input: {
  webhookId: string;
  name: string;
  timestamp: string;
}): WebhookEvent<WebhookCheckData> {
  return event(WEBHOOK_CHECK, { webhookId: input.webhookId, name: input.name }, input.timestamp);
}

import { call } from '../api.js';

/** One widget run as `GET /v1/executions/{id}` shows it (docs/server.md). */
export interface StepView {
  widgetId: string;
  type: string;
  branch: 'main' | 'onFlowComplete';
  line: number | null;
  next: string | null;
  startTime: string;
  durationMs: number;
  /** A webhook's request and response (secrets redacted by the server). */
  detail?: Record<string, unknown>;
  background?: Record<string, unknown>;
  error?: string;
}

/** One numbered event of an execution (the SSE stream's `data`, or `eventLog`). */
export interface LogEvent {
  seq: number;
  type: string;
  at: string;
  [field: string]: unknown;
}

export type ExecutionStatus = 'queued' | 'running' | 'waiting' | 'completed' | 'failed';
export const EXECUTION_STATUSES: readonly ExecutionStatus[] = [
  'queued',
  'running',
  'waiting',
  'completed',
  'failed',
];

/** An execution as the API shows it (docs/server.md). */
export interface ExecutionView {
  id: string;
  flowId: string;
  flowVersion: number;
  status: ExecutionStatus;
  endReason: string | null;
  direction: string;
  from: string;
  to: string;
  variables: Record<string, unknown>;
  path: string[];
  steps: StepView[];
  createdAt: string;
  startTime: string | null;
  endTime: string | null;
  waiting: { widgetId: string; prompt: string; maxDigits: number | null } | null;
  eventLog?: LogEvent[];
}

export function hasEnded(execution: Pick<ExecutionView, 'status'>): boolean {
  return execution.status === 'completed' || execution.status === 'failed';
}

const path = (id: string) => `/v1/executions/${encodeURIComponent(id)}`;

/** What the Run panel and the Executions view call (docs/server.md "Live executions"). */
export const runApi = {
  start: (
    flowId: string,
    body: { from?: string; to?: string; variables: Record<string, string> },
  ) => call<ExecutionView>('POST', `/v1/flows/${encodeURIComponent(flowId)}/executions`, body),
  /** Answers the waiting input; `?wait=true` answers once it stopped again, with every variable. */
  input: (id: string, answer: { digits: string } | { text: string }) =>
    call<ExecutionView>('POST', `${path(id)}/input?wait=true`, answer),
  hangup: (id: string) => call<ExecutionView>('POST', `${path(id)}/hangup?wait=true`),
  read: (id: string) => call<ExecutionView>('GET', path(id)),
  list: (flowId: string, status: ExecutionStatus | '') =>
    call<{ items: ExecutionView[] }>(
      'GET',
      `/v1/executions?flowId=${encodeURIComponent(flowId)}&limit=100${status ? `&status=${status}` : ''}`,
    ),
  eventsUrl: (id: string) => `${path(id)}/events`,
};

/**
 * The execution once stored as stopped: its `end` (or `input.request`) is logged just before
 * the execution itself is written, so a read right after it may still see it running.
 */
export async function readStopped(
  id: string,
  ended: boolean,
  signal: AbortSignal,
): Promise<ExecutionView> {
  for (let attempt = 0; ; attempt += 1) {
    const view = await runApi.read(id);
    if (signal.aborted) throw new Error('aborted');
    const stopped = ended ? hasEnded(view) : view.status !== 'running' && view.status !== 'queued';
    if (stopped || attempt >= 20) return view;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

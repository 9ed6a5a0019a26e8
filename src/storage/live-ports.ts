/**
 * The storage ports' types for live executions (docs/server.md "Live executions"): an
 * execution waiting for the caller, and its stored event log. Re-exported by `ports.ts`.
 */

/** What a `waiting` execution asked the caller, and where it goes on (docs/server.md). */
export interface WaitingInput {
  /** Counts the execution's waits: an answer applies only to the wait it was read for. */
  sequence: number;
  widgetId: string;
  prompt: string;
  maxDigits: number | null;
  timeoutSeconds: number;
  /** When the no-input line is taken, by the store's clock (it also fires after a restart). */
  dueAt: string;
  /** The engine's state to go on from (opaque to stores). */
  resume: unknown;
}

/** One event of an execution's stored log (docs/server.md "Live executions"). */
export interface NewExecutionEvent {
  type: string;
  /** When it happened. */
  at: string;
  readonly [field: string]: unknown;
}

/** A stored event: `seq` is 1, 2, 3, ... per execution, in order; the SSE event id. */
export type ExecutionEvent = NewExecutionEvent & { seq: number };

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

/**
 * Voice calls and hangup requests of executions (docs/voice.md "Status callback", docs/server.md
 * "Live executions"): stored, so another process, or this one after a restart, finds them.
 * Part of `ExecutionStore`.
 */
export interface ExecutionCallStore {
  /** Records that the voice call `callSid` runs this execution (of this account). */
  linkCall(accountId: string, callSid: string, executionId: string): Promise<void>;
  /** The execution the call runs (the latest linked), or undefined. */
  findCallExecution(accountId: string, callSid: string): Promise<string | undefined>;
  /**
   * Asks the process running the execution to hang it up at its next check: stored only while
   * it is `running` (false otherwise: it waits, is queued or ended; read it again).
   */
  requestHangup(executionId: string, at: string): Promise<boolean>;
  /** Of these executions, those running or waiting whose hangup was requested. */
  listHangupRequests(executionIds: readonly string[]): Promise<string[]>;
}

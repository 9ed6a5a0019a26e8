import type { VariableValue, Variables } from '../flow/index.js';

/** A channel event (docs/server.md `events`): `{type: "play", text}`, `{type: "hold.start"}`, ... */
export interface ChannelEvent {
  readonly type: string;
  readonly [field: string]: VariableValue | undefined;
}

/** A change a widget asks for; `value: undefined` unsets the variable. */
export interface VariableChange {
  /** Full name, e.g. `$flow.key.customer_name`. */
  name: string;
  value: VariableValue | undefined;
  /** docs/webhook-widget.md persistResponse: keep this variable after the execution ends. */
  persist?: boolean;
}

/** Extra facts a widget reports about its step (e.g. the request sent); JSON only. */
export type StepDetail = Readonly<Record<string, unknown>>;

/** One widget run, as the execution records it. */
export interface Step {
  widgetId: string;
  type: string;
  /** `main` path or the `onFlowComplete` branch (docs/flows.md). */
  branch: 'main' | 'onFlowComplete';
  /** The line taken, or null when the widget ended the flow. */
  line: number | null;
  /** Where that line leads, null when nowhere. */
  next: string | null;
  startTime: string;
  durationMs: number;
  detail?: StepDetail;
  /** A fire-and-forget outcome, filled in when it is known (docs/webhook-widget.md waitForResponse). */
  background?: StepDetail;
  /** An internal error that stopped the run. */
  error?: string;
}

export type ExecutionStatus = 'completed' | 'failed';

export interface ExecutionResult {
  executionId: string;
  status: ExecutionStatus;
  /** `hangup`, `end`, `noNextWidget`, or why it failed: STEP_LIMIT, VALUE_TOO_LARGE, INTERNAL_ERROR. */
  endReason: string;
  variables: Variables;
  /** Full names of variables marked to persist (docs/webhook-widget.md persistResponse). */
  persisted: string[];
  path: string[];
  events: ChannelEvent[];
  steps: Step[];
  startTime: string;
  endTime: string;
}

/** The engine's only way to know the time (docs/architecture.md: no clock of its own). */
export interface Clock {
  now(): Date;
  /** Monotonic milliseconds, for durations. */
  monotonicMs(): number;
}

/** Watches an execution live (the CLI prints steps as they go). */
export interface ExecutionObserver {
  onStep?(step: Step): void;
  onEvent?(event: ChannelEvent): void;
  onBackground?(step: Step): void;
}

/**
 * Where a live execution stopped to wait for the caller (docs/server.md "Live executions"):
 * enough to re-enter the step loop at that widget once an answer (or the timeout) arrives.
 */
export interface Suspension {
  /** The widget waiting; it runs again, from its start, with the answer. */
  widgetId: string;
  branch: Step['branch'];
  /** Steps this branch took before the wait (the step limit counts on). */
  count: number;
  /** The main path's ending, when the wait is in the onFlowComplete branch. */
  mainEnding?: { status: ExecutionStatus; endReason: string };
  /** Variables marked to persist so far. */
  persisted: string[];
  /** When the execution's first run began. */
  startTime: string;
}

/** A run that stopped to wait for the caller: everything to store until it goes on. */
export interface SuspendedRun {
  executionId: string;
  status: 'waiting';
  suspension: Suspension;
  variables: Variables;
  path: string[];
  events: ChannelEvent[];
  steps: Step[];
}

/** How a stored wait goes on: the state it stored, and whether the caller hung up instead. */
export interface ResumeFrom {
  at: Suspension;
  path: readonly string[];
  events: readonly ChannelEvent[];
  steps: readonly Step[];
  /** The caller hung up: the branch waiting ends (`callerHangup`); onFlowComplete runs. */
  hangup?: boolean;
}

/**
 * Thrown by an input source that has no answer yet (the server's): a live run stores its
 * state and waits (docs/server.md "Live executions"). Widgets must let it through.
 */
export class AwaitingCaller extends Error {
  override readonly name = 'AwaitingCaller';
}

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

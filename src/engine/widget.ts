import type { z } from 'zod';
import type { LineRange, Problem, VariableValue, Variables } from '../flow/index.js';
import type { ChannelEvent, Clock, StepDetail, VariableChange } from './types.js';
import type { ValueLimits } from './value-limits.js';

/** What a widget sees while it runs. `S` is the services bag the composition root provides. */
export interface WidgetRunContext<C, S> {
  widgetId: string;
  config: C;
  /** Reads a variable by full name; undefined when unset. */
  lookup: (fullName: string) => VariableValue | undefined;
  /** A snapshot of every variable. */
  variables: () => Readonly<Variables>;
  /** Sends a channel event now (e.g. `hold.start` before a request). */
  emit: (event: ChannelEvent) => void;
  /** Records the outcome of work the flow did not wait for (docs/webhook-widget.md waitForResponse: false). */
  background: (outcome: Promise<StepDetail>) => void;
  services: S;
  clock: Clock;
  /**
   * Aborted when the execution is cancelled; undefined when the caller gave no way to cancel
   * it (then there is nothing to listen to, and no AbortController is made for nothing).
   */
  signal: AbortSignal | undefined;
  /** Caps on templates and variables; pass `limits.templateBytes` to every render. */
  limits: ValueLimits;
  /**
   * Why the engine would refuse these variable changes (a cap passed, naming the variable),
   * or undefined when they fit. The engine fails the run on such changes (VALUE_TOO_LARGE);
   * a widget with a failure line of its own can check first and take it instead.
   */
  checkVariables: (changes: readonly VariableChange[]) => string | undefined;
}

/** A widget's answer: the line it leaves on and what it changed; the engine does the rest. */
export interface WidgetRunResult {
  /** Line index taken; ignored when `end` is set. */
  line: number;
  variables?: readonly VariableChange[];
  detail?: StepDetail;
  /** Ends the flow here with this reason (hangup, end). */
  end?: { reason: string };
}

/** Where the designer's palette files a widget. */
export type WidgetCategory = 'integration' | 'logic' | 'caller' | 'flow';

/** A JSON Schema object (the flow JSON Schema's widget parts). */
export type JsonSchema = Record<string, unknown>;

/** How the CLI shows a value: cut to its display length, saying how much more there is. */
export interface StepTextFormat {
  shorten: (text: string) => string;
}

/**
 * A widget type: one module, one definition (docs/architecture.md "The engine and widgets").
 * Nothing outside the widget switches on its type: what others need to know of it (how its
 * step reads, its part of the flow JSON Schema, what needs a server, which secrets its config
 * reaches) is asked of it here.
 */
export interface WidgetDefinition<C, S> {
  readonly type: string;
  /** Palette title, e.g. "Webhook". */
  readonly title: string;
  /** One line on what the widget does, for the designer's palette. */
  readonly description: string;
  readonly category: WidgetCategory;
  /** The config a widget dragged onto the canvas starts with (valid, or nearly: a URL to fill). */
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly config: z.ZodType<C>;
  readonly callerInteraction: boolean;
  /** Short labels for the lines, for the designer and the CLI (e.g. `["success", "failure"]`). */
  lineLabels(config: C): string[];
  lines(config: C): LineRange;
  check?(config: C): Problem[];
  /**
   * Runs the widget. A widget with nothing to wait for returns its result directly: the engine
   * then goes on without a promise and a microtask for it.
   */
  run(context: WidgetRunContext<C, S>): WidgetRunResult | Promise<WidgetRunResult>;
  /**
   * The one-line human text of a step's detail (`GET https://… → 200`), empty for nothing to
   * say. The detail is read back from JSON (a stored execution), so check what it holds.
   */
  describeStep?(detail: StepDetail, format: StepTextFormat): string;
  /** The human text of a fire-and-forget outcome (`background request finished → 200`). */
  describeBackground?(detail: StepDetail): string;
  /** The outcome of the outbound request a step made, for metrics; undefined when none. */
  requestOutcome?(detail: StepDetail): 'success' | 'failure' | undefined;
  /** The config's JSON Schema as the flow JSON Schema shows it, from the one zod generates. */
  configJsonSchema?(generated: JsonSchema): JsonSchema;
  /** What in this config needs a server (`mode saved`); undefined when it runs anywhere. */
  serverOnly?(config: C): string | undefined;
  /** The secrets this config reaches (its auth, a saved webhook's), to redact what it sent. */
  secrets?(config: C, services: S): Promise<readonly string[]>;
}

/** Defines a widget; the config type comes from its zod schema. */
export function defineWidget<Schema extends z.ZodType, S>(
  definition: WidgetDefinition<z.output<Schema>, S> & { config: Schema },
): WidgetDefinition<z.output<Schema>, S> {
  return definition;
}

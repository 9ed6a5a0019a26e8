import type { RunOutput, RunStep, Value } from './run-cli.js';

/** A widget as a flow document holds it (docs/flows.md). */
export interface WidgetDoc {
  type: string;
  config?: unknown;
  lines?: Array<string | null>;
}

/** A widget for {@link sequence}: its lines are filled in. */
export interface SequencedWidget {
  type: string;
  config?: unknown;
  /** How many lines the widget has, all leading to the next one; default 2 (success, failure). */
  lineCount?: number;
}

/** A flow document named `e2e` that starts at `start` (default: the first widget). */
export function flowOf(
  widgets: Record<string, WidgetDoc>,
  start?: string,
): Record<string, unknown> {
  return { name: 'e2e', start: start ?? Object.keys(widgets)[0], widgets };
}

/**
 * A flow that runs `widgets` one after the other whatever line each takes (every line leads
 * to the next widget; the last one's lines lead nowhere), so one process checks many cases.
 */
export function sequence(widgets: Record<string, SequencedWidget>): Record<string, unknown> {
  const ids = Object.keys(widgets);
  const documents: Record<string, WidgetDoc> = {};
  ids.forEach((id, index) => {
    const { type, config, lineCount = 2 } = widgets[id]!;
    const next = ids[index + 1] ?? null;
    documents[id] = {
      type,
      ...(config === undefined ? {} : { config }),
      lines: Array.from({ length: lineCount }, () => next),
    };
  });
  return flowOf(documents);
}

/** A custom-mode webhook widget: `request` plus the other config fields. */
export function webhook(
  request: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): SequencedWidget {
  return { type: 'webhook', config: { request, ...extra } };
}

/** The step a widget ran as (the first, if it ran more than once). */
export function stepOf(output: RunOutput, widgetId: string): RunStep {
  const found = output.steps.find((step) => step.widgetId === widgetId);
  if (!found) throw new Error(`no step for widget "${widgetId}" in path ${output.path.join(',')}`);
  return found;
}

/** The docs/webhook-widget.md response variables of one widget, by bare name (prefixed form). */
export function responseVars(output: RunOutput, widgetId: string): Record<string, Value> {
  const prefix = `$flow.key.${widgetId}.`;
  const found: Record<string, Value> = {};
  for (const [name, value] of Object.entries(output.variables)) {
    if (name.startsWith(prefix)) found[name.slice(prefix.length)] = value;
  }
  return found;
}

/** The unprefixed response variables (`$flow.key.response_status`, ...). */
export const RESPONSE_NAMES = [
  'response_status',
  'response_status_code',
  'response_status_type',
  'response_duration',
  'response_raw',
  'response_error',
  'error_reason',
] as const;

export function unprefixedVars(output: RunOutput): Record<string, Value> {
  const found: Record<string, Value> = {};
  for (const name of RESPONSE_NAMES) {
    const value = output.variables[`$flow.key.${name}`];
    if (value !== undefined) found[name] = value;
  }
  return found;
}

/** True for a number of seconds ≥ 0 with at most 2 decimals (docs/webhook-widget.md response_duration). */
export function isDuration(value: unknown): boolean {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    Math.abs(Math.round(value * 100) - value * 100) < 1e-6
  );
}

/**
 * A flow that stores 10 bytes in `$flow.key.k`, then doubles it in a loop
 * (`k = $flow.key.k$flow.key.k`) until a cap (docs/flows.md "Limits") or the step limit stops it.
 */
export function doublingFlow(): Record<string, unknown> {
  return flowOf({
    seed: {
      type: 'store',
      config: { variables: [{ key: 'k', value: '0123456789' }] },
      lines: ['double'],
    },
    double: {
      type: 'store',
      config: { variables: [{ key: 'k', value: '$flow.key.k$flow.key.k' }] },
      lines: ['double'],
    },
  });
}

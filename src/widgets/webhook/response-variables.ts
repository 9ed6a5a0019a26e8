import { flowKey, type VariableValue } from '../../flow/index.js';
import type { ErrorReason } from '../../http-client/index.js';
import type { VariableChange } from '../../engine/index.js';

/** The facts docs/webhook-widget.md's variable table is made from. */
export interface WidgetOutcome {
  status: 'SUCCESS' | 'FAILED' | 'SENT';
  statusCode: number;
  durationMs: number;
  raw: string | null;
  errorReason?: ErrorReason;
}

/** docs/webhook-widget.md `response_status_type`, from the status code alone. */
export function statusType(code: number): string {
  if (code >= 100 && code < 200) return 'Informational';
  if (code >= 200 && code < 300) return 'Success';
  if (code >= 300 && code < 400) return 'Redirection';
  if (code >= 400 && code < 500) return 'Client Error';
  if (code >= 500 && code < 600) return 'Server Error';
  return 'No Response';
}

/** Seconds with 2 decimals. */
export function durationSeconds(durationMs: number): number {
  return Math.round(durationMs / 10) / 100;
}

/** docs/webhook-widget.md's response variables, in the order they are set. */
const NAMES = [
  'response_status',
  'response_status_code',
  'response_status_type',
  'response_duration',
  'response_raw',
  'response_error',
  'error_reason',
] as const;

type Name = (typeof NAMES)[number];

/** A fire-and-forget request sets only these (docs/webhook-widget.md waitForResponse: false). */
const SENT_NAMES: readonly Name[] = ['response_status', 'response_error', 'error_reason'];

/** Each name as `[$flow.key.<name>, $flow.key.<widgetId>.<name>]`. */
type FullNames = Readonly<Record<Name, readonly [string, string]>>;

// Full names by widget id: the same widgets answer on every execution, so the 14 strings are
// built once per widget, not concatenated per response. Bounded like the template caches.
const fullNamesByWidget = new Map<string, FullNames>();
const MAX_WIDGETS = 4096;

function fullNamesOf(widgetId: string): FullNames {
  const cached = fullNamesByWidget.get(widgetId);
  if (cached !== undefined) return cached;
  const names = Object.fromEntries(
    NAMES.map((name) => [name, [flowKey(name), flowKey(`${widgetId}.${name}`)] as const]),
  ) as Record<Name, readonly [string, string]>;
  if (fullNamesByWidget.size >= MAX_WIDGETS) fullNamesByWidget.clear();
  fullNamesByWidget.set(widgetId, names);
  return names;
}

/** The value of one response variable for an outcome; undefined unsets it. */
function valueOf(name: Name, outcome: WidgetOutcome): VariableValue | undefined {
  switch (name) {
    case 'response_status':
      return outcome.status;
    case 'response_status_code':
      return outcome.statusCode;
    case 'response_status_type':
      return statusType(outcome.statusCode);
    case 'response_duration':
      return durationSeconds(outcome.durationMs);
    case 'response_raw':
      return outcome.raw === '' ? null : outcome.raw;
    case 'response_error':
      return outcome.status === 'FAILED';
    case 'error_reason':
      // docs/webhook-widget.md: unset on success (and on SENT).
      return outcome.status === 'SENT' ? undefined : outcome.errorReason;
  }
}

/**
 * Appends the response variables to `changes`, both unprefixed (the last webhook wins) and as
 * `$flow.key.<widgetId>.<name>` (docs/webhook-widget.md). `error_reason` is unset on success.
 */
export function pushResponseVariables(
  changes: VariableChange[],
  widgetId: string,
  outcome: WidgetOutcome,
  persist: boolean,
): void {
  const full = fullNamesOf(widgetId);
  for (const name of outcome.status === 'SENT' ? SENT_NAMES : NAMES) {
    const value = valueOf(name, outcome);
    for (const fullName of full[name]) {
      changes.push(persist ? { name: fullName, value, persist } : { name: fullName, value });
    }
  }
}

/** The response variables of {@link pushResponseVariables}, as a new list. */
export function responseVariables(
  widgetId: string,
  outcome: WidgetOutcome,
  persist: boolean,
): VariableChange[] {
  const changes: VariableChange[] = [];
  pushResponseVariables(changes, widgetId, outcome, persist);
  return changes;
}

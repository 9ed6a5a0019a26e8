import type { VariableValue } from '../../flow/index.js';
import type { ErrorReason } from '../../http-client/index.js';
import type { VariableChange } from '../../engine/index.js';

/** The facts SPEC §3's variable table is made from. */
export interface WidgetOutcome {
  status: 'SUCCESS' | 'FAILED' | 'SENT';
  statusCode: number;
  durationMs: number;
  raw: string | null;
  errorReason?: ErrorReason;
}

/** SPEC §3 `response_status_type`, from the status code alone. */
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

/**
 * The response variables, both unprefixed (the last webhook wins) and as
 * `$flow.key.<widgetId>.<name>` (SPEC §3). `error_reason` is unset on success.
 */
export function responseVariables(
  widgetId: string,
  outcome: WidgetOutcome,
  persist: boolean,
): VariableChange[] {
  const values: Record<string, VariableValue | undefined> =
    outcome.status === 'SENT'
      ? { response_status: 'SENT', response_error: false, error_reason: undefined }
      : {
          response_status: outcome.status,
          response_status_code: outcome.statusCode,
          response_status_type: statusType(outcome.statusCode),
          response_duration: durationSeconds(outcome.durationMs),
          response_raw: outcome.raw === '' ? null : outcome.raw,
          response_error: outcome.status === 'FAILED',
          error_reason: outcome.errorReason,
        };
  const changes: VariableChange[] = [];
  for (const [name, value] of Object.entries(values)) {
    for (const full of [`$flow.key.${name}`, `$flow.key.${widgetId}.${name}`]) {
      changes.push(persist ? { name: full, value, persist } : { name: full, value });
    }
  }
  return changes;
}

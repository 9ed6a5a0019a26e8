import type { JsonSchema, StepDetail, StepTextFormat } from '../../engine/index.js';
import { secretsOf } from '../../http-client/values.js';
import type { WidgetServices } from '../services.js';
import type { WebhookConfig } from './config.js';

/**
 * What a webhook step records (docs/webhook-widget.md): the request sent (its URL without
 * secrets), the status, and why it failed. A fire-and-forget outcome has the same fields.
 * A type, not an interface: it is a {@link StepDetail}.
 */
export type WebhookStepDetail = {
  mode?: string;
  method?: string;
  url?: string;
  /** `internal` mode: the function called. */
  function?: string;
  status?: number;
  attempts?: number;
  durationMs?: number;
  error?: string;
  errorReason?: string;
};

type Read = { [K in 'method' | 'url' | 'error' | 'errorReason']: string | undefined } & {
  status: number | undefined;
};

/** The fields the CLI and metrics read; a stored record is JSON, so each is checked. */
function read(detail: StepDetail): Read {
  const text = (key: string): string | undefined => {
    const value = detail[key];
    return typeof value === 'string' ? value : undefined;
  };
  const status = detail['status'];
  return {
    method: text('method'),
    url: text('url'),
    status: typeof status === 'number' ? status : undefined,
    error: text('error'),
    errorReason: text('errorReason'),
  };
}

/** `GET https://… → 200 HTTP_ERROR (the error)`: what the CLI prints after the widget id. */
export function describeWebhookStep(detail: StepDetail, { shorten }: StepTextFormat): string {
  const { method, url, status, errorReason, error } = read(detail);
  const parts: string[] = [];
  if (method !== undefined && url !== undefined) parts.push(`${method} ${shorten(url)}`);
  if (status !== undefined) parts.push(`→ ${status}`);
  if (errorReason !== undefined) parts.push(errorReason);
  if (error !== undefined) parts.push(`(${shorten(error)})`);
  return parts.join(' ');
}

/** `background request finished → 200`: a request the flow did not wait for. */
export function describeWebhookBackground(detail: StepDetail): string {
  const { status, errorReason } = read(detail);
  const shownStatus = status === undefined ? '' : ` → ${status}`;
  const reason = errorReason === undefined ? '' : ` ${errorReason}`;
  return `background request finished${shownStatus}${reason}`;
}

/** A step that got a status made a request (or called an internal function). */
export function webhookRequestOutcome(detail: StepDetail): 'success' | 'failure' | undefined {
  const { status, errorReason } = read(detail);
  if (status === undefined) return undefined;
  return errorReason === undefined ? 'success' : 'failure';
}

/** `mode` may be left out of a webhook config (it defaults to custom). */
export function relaxWebhookMode(schema: JsonSchema): JsonSchema {
  const branches = schema['oneOf'];
  if (!Array.isArray(branches)) return schema;
  const relaxed: unknown[] = branches.map((branch: JsonSchema) => {
    const properties = branch['properties'] as Record<string, JsonSchema> | undefined;
    const mode = properties?.['mode'];
    if (mode?.['const'] !== 'custom') return branch;
    const required = (branch['required'] as string[]).filter((name) => name !== 'mode');
    return { ...branch, required };
  });
  return { ...schema, oneOf: relaxed };
}

/** `saved` and `internal` modes are the server's (shortURL may still answer without one). */
export function webhookServerOnly(config: WebhookConfig): string | undefined {
  return config.mode === 'custom' ? undefined : `mode ${config.mode}`;
}

/** The secrets of the config's own auth and, in saved mode, of the saved webhook's auth. */
export async function webhookSecrets(
  config: WebhookConfig,
  services: WidgetServices,
): Promise<readonly string[]> {
  const auth = config.mode === 'internal' ? undefined : config.request.auth;
  const own = auth ? secretsOf(auth) : [];
  if (config.mode !== 'saved') return own;
  const saved = await services.server?.savedWebhook(config.webhook);
  return saved ? [...own, ...secretsOf(saved.auth)] : own;
}

import type { WidgetRunContext, WidgetRunResult } from '../../engine/index.js';
import type { ErrorReason, HttpOutcome } from '../../http-client/index.js';
import { redactText, redactUrl, secretsOf } from '../../http-client/index.js';
import { applyMappings } from '../../mapping/index.js';
import type { WidgetServices } from '../services.js';
import { buildRequest } from './build-request.js';
import type { CustomWebhookConfig, WebhookConfig } from './config.js';
import { responseVariables, type WidgetOutcome } from './response-variables.js';
import { failureLine } from './status-lines.js';

type Context = WidgetRunContext<CustomWebhookConfig, WidgetServices>;

/** The widget's result for an outcome: its line, the SPEC §3 variables and the mapped ones. */
export function finish(
  context: { widgetId: string; config: Pick<WebhookConfig, 'persistResponse' | 'statusLines'> },
  outcome: WidgetOutcome,
  detail: Record<string, unknown>,
  mapped: ReadonlyArray<{ saveIn: string; value: WidgetOutcome['raw'] | number | boolean }> = [],
): WidgetRunResult {
  const { config, widgetId } = context;
  const persist = config.persistResponse;
  const variables = [
    ...responseVariables(widgetId, outcome, persist),
    ...mapped.map(({ saveIn, value }) =>
      persist ? { name: saveIn, value, persist } : { name: saveIn, value },
    ),
  ];
  const line =
    outcome.errorReason === undefined
      ? 0
      : failureLine(config.statusLines, outcome.statusCode, outcome.errorReason);
  const full =
    outcome.errorReason === undefined ? detail : { ...detail, errorReason: outcome.errorReason };
  return { line, variables, detail: full };
}

function reasonForStatus(status: number): ErrorReason | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return 'REDIRECTION';
  if (status >= 400 && status < 500) return 'CLIENT_ERROR';
  if (status >= 500) return 'SERVER_ERROR';
  return 'INVALID_RESPONSE';
}

/** Turns an HTTP outcome into the widget outcome, mapping the body on a 2xx (SPEC §3 "Success means"). */
export function interpret(
  config: CustomWebhookConfig,
  outcome: HttpOutcome,
): {
  outcome: WidgetOutcome;
  mapped: Array<{ saveIn: string; value: WidgetOutcome['raw'] | number | boolean }>;
  message?: string;
} {
  const base = { durationMs: outcome.durationMs, statusCode: outcome.status };
  if (outcome.kind === 'failure') {
    return {
      outcome: { ...base, status: 'FAILED', raw: null, errorReason: outcome.reason },
      mapped: [],
      message: outcome.message,
    };
  }
  const raw = outcome.bodyText;
  const statusReason = reasonForStatus(outcome.status);
  if (statusReason !== undefined) {
    return { outcome: { ...base, status: 'FAILED', raw, errorReason: statusReason }, mapped: [] };
  }
  const mapping = applyMappings({
    type: config.response.type,
    bodyText: raw,
    mappings: config.response.mappings,
  });
  if (!mapping.ok) {
    return {
      outcome: { ...base, status: 'FAILED', raw, errorReason: mapping.reason },
      mapped: mapping.values,
      message: mapping.message,
    };
  }
  return { outcome: { ...base, status: 'SUCCESS', raw }, mapped: mapping.values };
}

/** Header names holding a credential besides Authorization: never carried to another origin on a redirect. */
function credentialHeaders(auth: CustomWebhookConfig['request']['auth']): string[] {
  return auth.type === 'apiKey' && auth.in === 'header' ? [auth.name] : [];
}

/** Runs a custom-mode webhook widget (SPEC §3). */
export async function runCustom(context: Context): Promise<WidgetRunResult> {
  const { config, services, lookup, emit } = context;
  const secrets = secretsOf(config.request.auth);
  const built = buildRequest(config.request, {
    lookup,
    nowMs: () => services.nowMs(),
    newId: () => services.newId(),
  });
  if (!built.ok) {
    const outcome: WidgetOutcome = {
      status: 'FAILED',
      statusCode: 0,
      durationMs: 0,
      raw: null,
      errorReason: built.reason,
    };
    return finish(context, outcome, {
      method: config.request.method,
      error: redactText(built.message, secrets),
    });
  }
  const { request } = built;
  const requestDetail = { method: request.method, url: redactUrl(request.url, secrets) };
  const send = services.http.send(request, {
    timeoutMs: config.timeoutSeconds * 1000,
    ...(config.retry ? { retry: config.retry } : {}),
    sensitiveHeaders: credentialHeaders(config.request.auth),
    // SPEC §3: the server's accounts are HTTPS-only by default, redirects included.
    httpsOnly: !services.allowPlainHttp,
    signal: context.signal,
  });

  if (!config.waitForResponse) {
    // SPEC §3: the flow leaves on line 0 at once; the outcome is recorded on the execution.
    context.background(
      send.then((httpOutcome) => {
        const { outcome, message } = interpret(config, httpOutcome);
        return {
          status: outcome.statusCode,
          durationMs: outcome.durationMs,
          ...(outcome.errorReason ? { errorReason: outcome.errorReason } : {}),
          ...(message ? { error: redactText(message, secrets) } : {}),
        };
      }),
    );
    return finish(
      context,
      { status: 'SENT', statusCode: 0, durationMs: 0, raw: null },
      requestDetail,
    );
  }

  const hold = config.holdMusic.enabled;
  if (hold)
    emit({
      type: 'hold.start',
      ...(config.holdMusic.audio ? { audio: config.holdMusic.audio } : {}),
    });
  const httpOutcome = await send;
  // SPEC §3: hold.stop as soon as the response or the failure is known.
  if (hold) emit({ type: 'hold.stop' });
  const { outcome, mapped, message } = interpret(config, httpOutcome);
  return finish(
    context,
    outcome,
    {
      ...requestDetail,
      status: outcome.statusCode,
      attempts: httpOutcome.attempts.length,
      ...(message ? { error: redactText(message, secrets) } : {}),
    },
    mapped,
  );
}

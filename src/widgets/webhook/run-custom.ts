import type { VariableChange, WidgetRunContext, WidgetRunResult } from '../../engine/index.js';
import type { ErrorReason, HttpOutcome, SendOptions } from '../../http-client/index.js';
import { redactText, redactUrl, requestSecrets, secretsOf } from '../../http-client/values.js';
import { applyMappings } from '../../mapping/index.js';
import type { WidgetServices } from '../services.js';
import { buildRequest } from './build-request.js';
import type { CustomWebhookConfig, WebhookConfig } from './config.js';
import type { WebhookStepDetail } from './describe.js';
import { pushResponseVariables, type WidgetOutcome } from './response-variables.js';
import { failureLine } from './status-lines.js';

type Context = WidgetRunContext<CustomWebhookConfig, WidgetServices>;

/** A variable a mapping sets. */
type Mapped = { saveIn: string; value: WidgetOutcome['raw'] | number | boolean };

const NOTHING_MAPPED: readonly Mapped[] = [];

/** What {@link finish} needs of the widget's context. */
interface FinishContext {
  widgetId: string;
  config: Pick<WebhookConfig, 'persistResponse' | 'statusLines'>;
  /** The engine's cap check; absent, the variables are not checked here. */
  checkVariables?: (changes: readonly VariableChange[]) => string | undefined;
}

/**
 * The widget's result for an outcome: its line, the docs/webhook-widget.md variables and the mapped ones.
 * Variables past a cap (a mapped value, response_raw) make it the failure VALUE_TOO_LARGE,
 * with neither response_raw nor the mapped values (docs/webhook-widget.md).
 */
export function finish(
  context: FinishContext,
  outcome: WidgetOutcome,
  detail: WebhookStepDetail,
  mapped: readonly Mapped[] = NOTHING_MAPPED,
): WidgetRunResult {
  const { config, widgetId } = context;
  const persist = config.persistResponse;
  const variables: VariableChange[] = [];
  pushResponseVariables(variables, widgetId, outcome, persist);
  for (const { saveIn, value } of mapped) {
    variables.push(persist ? { name: saveIn, value, persist } : { name: saveIn, value });
  }
  const problem = context.checkVariables?.(variables);
  if (problem !== undefined) {
    const failure: WidgetOutcome = { ...outcome, status: 'FAILED', raw: null };
    failure.errorReason = 'VALUE_TOO_LARGE';
    return finish({ widgetId, config }, failure, { ...detail, error: problem });
  }
  const reason = outcome.errorReason;
  if (reason === undefined) return { line: 0, variables, detail };
  // The reason goes last in the detail (it is printed last); `detail` is this run's own object.
  detail.errorReason = reason;
  return {
    line: failureLine(config.statusLines, outcome.statusCode, reason),
    variables,
    detail,
  };
}

function reasonForStatus(status: number): ErrorReason | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return 'REDIRECTION';
  if (status >= 400 && status < 500) return 'CLIENT_ERROR';
  if (status >= 500) return 'SERVER_ERROR';
  return 'INVALID_RESPONSE';
}

/** What an HTTP outcome means for the widget. */
interface Interpretation {
  outcome: WidgetOutcome;
  mapped: readonly Mapped[];
  message?: string;
}

function failed(http: HttpOutcome, raw: string | null, errorReason: ErrorReason): WidgetOutcome {
  return {
    status: 'FAILED',
    statusCode: http.status,
    durationMs: http.durationMs,
    raw,
    errorReason,
  };
}

/** Turns an HTTP outcome into the widget outcome, mapping the body on a 2xx (docs/webhook-widget.md "Success means"). */
function interpret(config: CustomWebhookConfig, http: HttpOutcome): Interpretation {
  if (http.kind === 'failure') {
    return { outcome: failed(http, null, http.reason), mapped: [], message: http.message };
  }
  const raw = http.bodyText;
  const statusReason = reasonForStatus(http.status);
  if (statusReason !== undefined) return { outcome: failed(http, raw, statusReason), mapped: [] };
  const mapping = applyMappings({
    type: config.response.type,
    bodyText: raw,
    mappings: config.response.mappings,
  });
  if (!mapping.ok) {
    return {
      outcome: failed(http, raw, mapping.reason),
      mapped: mapping.values,
      message: mapping.message,
    };
  }
  const outcome: WidgetOutcome = {
    status: 'SUCCESS',
    statusCode: http.status,
    durationMs: http.durationMs,
    raw,
  };
  return { outcome, mapped: mapping.values };
}

const NO_HEADERS: readonly string[] = [];

/** Header names holding a credential besides Authorization: never carried to another origin on a redirect. */
function credentialHeaders(auth: CustomWebhookConfig['request']['auth']): readonly string[] {
  return auth.type === 'apiKey' && auth.in === 'header' ? [auth.name] : NO_HEADERS;
}

/** The URL for the step's detail; an href with no secret, query or userinfo is safe as it is. */
function shownUrl(url: string, secrets: readonly string[]): string {
  // `url` is a serialized URL (buildRequest), which redactUrl would only re-serialize.
  const shown =
    secrets.length === 0 && !url.includes('@') && !url.includes('?')
      ? url
      : redactUrl(url, secrets);
  // Every step keeps its URL: a loop of 1 MiB URLs must not keep a gigabyte of them.
  if (shown.length <= MAX_SHOWN_URL) return shown;
  return `${shown.slice(0, MAX_SHOWN_URL)}… (${shown.length - MAX_SHOWN_URL} more characters)`;
}

/** How much of a URL a step's detail keeps (docs/webhook-widget.md). */
const MAX_SHOWN_URL = 2048;

function sendOptions(config: CustomWebhookConfig, context: Context): SendOptions {
  // Built as one literal with every key (no spreads): this runs on every execution.
  const options: SendOptions = {
    timeoutMs: config.timeoutSeconds * 1000,
    sensitiveHeaders: credentialHeaders(config.request.auth),
    // docs/webhook-widget.md: the server's accounts are HTTPS-only by default, redirects included.
    httpsOnly: !context.services.allowPlainHttp,
  };
  if (config.retry) options.retry = config.retry;
  if (context.signal) options.signal = context.signal;
  return options;
}

/** Runs a custom-mode webhook widget (docs/webhook-widget.md). */
export async function runCustom(context: Context): Promise<WidgetRunResult> {
  const { config, services, lookup, emit } = context;
  const built = buildRequest(config.request, {
    lookup,
    signing: services,
    maxBytes: context.limits.templateBytes,
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
      error: redactText(built.message, secretsOf(config.request.auth)),
    });
  }
  const { request } = built;
  const secrets = requestSecrets(request, config.request.auth);
  const send = services.http.send(request, sendOptions(config, context));

  if (!config.waitForResponse) {
    // docs/webhook-widget.md: the flow leaves on line 0 at once; the outcome is recorded on the execution.
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
      { method: request.method, url: shownUrl(request.url, secrets) },
    );
  }

  const hold = config.holdMusic.enabled;
  if (hold)
    emit({
      type: 'hold.start',
      ...(config.holdMusic.audio ? { audio: config.holdMusic.audio } : {}),
    });
  const httpOutcome = await send;
  // docs/webhook-widget.md: hold.stop as soon as the response or the failure is known.
  if (hold) emit({ type: 'hold.stop' });
  const { outcome, mapped, message } = interpret(config, httpOutcome);
  const detail: WebhookStepDetail = {
    method: request.method,
    url: shownUrl(request.url, secrets),
    status: outcome.statusCode,
    attempts: httpOutcome.attempts.length,
  };
  if (message) detail.error = redactText(message, secrets);
  return finish(context, outcome, detail, mapped);
}

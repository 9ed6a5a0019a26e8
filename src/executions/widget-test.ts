import { runExecution, type Clock, type ValueLimits } from '../engine/index.js';
import {
  validateWidgetConfig,
  type Problem,
  type ValidFlow,
  type Variables,
} from '../flow/index.js';
import {
  redactHeaders,
  redactText,
  redactUrl,
  requestSecrets,
  type HttpClient,
  type HttpOutcome,
  type OutboundRequest,
} from '../http-client/index.js';
import { webhookWidget, widgetCatalogue, type WidgetServices } from '../widgets/index.js';

/** What `POST /v1/widget-tests` answers: the request sent, the response, the variables, the line. */
export interface WidgetTestResult {
  line: number | null;
  request: {
    method: string;
    url: string;
    headers: Array<[string, string]>;
    body: string | null;
  } | null;
  response:
    | { status: number; headers: Record<string, string>; body: string; durationMs: number }
    | { status: number; error: string; errorReason: string; durationMs: number }
    | null;
  variables: Variables;
}

export type WidgetTestOutcome =
  { ok: true; result: WidgetTestResult } | { ok: false; problems: Problem[] };

const MAX_SHOWN_BODY = 64 * 1024;

/** Records the one request a widget test sends and its outcome. */
function recordingClient(
  inner: HttpClient,
): HttpClient & { last?: { request: OutboundRequest; outcome: HttpOutcome } } {
  const client: HttpClient & { last?: { request: OutboundRequest; outcome: HttpOutcome } } = {
    send: async (request, options) => {
      const outcome = await inner.send(request, options);
      client.last = { request, outcome };
      return outcome;
    },
    close: () => Promise.resolve(),
  };
  return client;
}

/** Runs one webhook widget config once, in a flow of its own, and reports everything it did. */
export async function runWidgetTest(input: {
  config: unknown;
  variables: Variables;
  services: WidgetServices;
  clock: Clock;
  executionId: string;
  limits: ValueLimits;
}): Promise<WidgetTestOutcome> {
  const widget = webhookWidget;
  const { config, problems } = validateWidgetConfig(widget, input.config);
  if (config === undefined) return { ok: false, problems };
  const flow: ValidFlow = {
    document: { name: 'widget test', start: 'test', widgets: { test: { type: widget.type } } },
    configs: new Map([['test', config]]),
  };
  const http = recordingClient(input.services.http);
  const result = await runExecution({
    executionId: input.executionId,
    flow,
    widgets: widgetCatalogue,
    services: { ...input.services, http },
    clock: input.clock,
    variables: input.variables,
    limits: input.limits,
  });
  const sent = http.last;
  // docs/webhook-widget.md "Redaction": the auth's secrets and the secret-named values sent
  // (a saved webhook's own headers included).
  const secrets = [
    ...((await widget.secrets?.(config, input.services)) ?? []),
    ...(sent ? requestSecrets(sent.request) : []),
  ];
  const shown = (text: string): string => redactText(text.slice(0, MAX_SHOWN_BODY), secrets);
  return {
    ok: true,
    result: {
      line: result.steps[0]?.line ?? null,
      request: sent
        ? {
            method: sent.request.method,
            url: redactUrl(sent.request.url, secrets),
            headers: redactHeaders(sent.request.headers, secrets),
            body: sent.request.body === undefined ? null : shown(sent.request.body),
          }
        : null,
      response: !sent
        ? null
        : sent.outcome.kind === 'response'
          ? {
              status: sent.outcome.status,
              headers: redactHeaders(sent.outcome.headers, secrets),
              body: shown(sent.outcome.bodyText),
              durationMs: sent.outcome.durationMs,
            }
          : {
              status: sent.outcome.status,
              error: redactText(sent.outcome.message, secrets),
              errorReason: sent.outcome.reason,
              durationMs: sent.outcome.durationMs,
            },
      variables: Object.fromEntries(
        Object.entries(result.variables).filter(([name]) => name.startsWith('$flow.key.')),
      ),
    },
  };
}

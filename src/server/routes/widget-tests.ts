import { z } from 'zod';
import type { FlowDocument } from '../../flow/index.js';
import type { FlowVersion } from '../../storage/ports.js';
import { openFlowSecrets } from '../../webhooks/flow-secrets.js';
import type { ApiApp, ApiEnv } from '../context.js';
import type { Context } from 'hono';
import { HooklineError, notFound } from '../errors.js';
import { json, route } from '../route.js';
import { inputVariablesSchema } from '../schemas.js';
import { inputVariables } from '../input-variables.js';

const bodySchema = z.object({
  config: z
    .record(z.string(), z.unknown())
    .meta({ description: 'a webhook widget config (docs/webhook-widget.md)' }),
  variables: inputVariablesSchema,
  /** With `widgetId`: the saved flow whose stored secrets fill the config's `"***"` values. */
  flowId: z.string().min(1).max(200).optional(),
  widgetId: z.string().min(1).max(64).optional(),
});

/**
 * The config with each `"***"` replaced by the secret the flow's latest version stores for
 * that widget and field (docs/server.md "Secrets"): the designer tests a widget of a saved
 * flow without knowing its secrets. A `"***"` with nothing stored stays as it is.
 */
async function withStoredSecrets(
  c: Context<ApiEnv>,
  config: Record<string, unknown>,
  from: { flowId?: string | undefined; widgetId?: string | undefined },
): Promise<Record<string, unknown>> {
  if (from.flowId === undefined && from.widgetId === undefined) return config;
  if (from.flowId === undefined || from.widgetId === undefined) {
    throw new HooklineError('INVALID_REQUEST', 'flowId and widgetId go together');
  }
  const { storage, sealer } = c.get('deps');
  const flow = await storage.flows.getFlow(c.get('account').id, from.flowId);
  if (!flow) throw notFound('flow');
  const widget = { type: 'webhook', config };
  const widgets = Object.create(null) as FlowDocument['widgets'];
  Object.defineProperty(widgets, from.widgetId, { value: widget, enumerable: true });
  if (flow.secrets === undefined) return config;
  const version: Pick<FlowVersion, 'document' | 'secrets'> = {
    document: { ...flow.document, widgets },
    secrets: flow.secrets,
  };
  const opened = openFlowSecrets(version, sealer).widgets[from.widgetId];
  return (opened?.config ?? config) as Record<string, unknown>;
}

const resultSchema = z.object({
  line: z.number().nullable(),
  request: z.unknown(),
  response: z.unknown(),
  variables: z.record(z.string(), z.unknown()),
});

/** docs/server.md: run one webhook widget config and show the request, the response, the variables, the line. */
export function registerWidgetTestRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/widget-tests',
      tags: ['widget-tests'],
      summary: 'Run one webhook widget config (secrets redacted in what is shown)',
      body: bodySchema,
      responses: {
        200: { description: 'what happened', schema: resultSchema },
        400: { description: 'invalid config: every problem' },
      },
    },
    async (c, { body }) => {
      const config = await withStoredSecrets(c, body.config, body);
      const outcome = await c
        .get('deps')
        .testWidget(c.get('account'), config, inputVariables(body.variables));
      if (!outcome.ok)
        throw new HooklineError(
          'INVALID_REQUEST',
          'the widget config is not valid',
          outcome.problems,
        );
      return json(c, outcome.result);
    },
  );
}

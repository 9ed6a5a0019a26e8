import { defineWidget, type WidgetRunResult } from '../../engine/index.js';
import type { WidgetServices } from '../services.js';
import { checkWebhookConfig } from './check.js';
import { webhookConfigSchema, type WebhookConfig } from './config.js';
import {
  describeWebhookBackground,
  describeWebhookStep,
  relaxWebhookMode,
  webhookRequestOutcome,
  webhookSecrets,
  webhookServerOnly,
} from './describe.js';
import { finish, runCustom } from './run-custom.js';
import { runInternal } from './run-internal.js';
import { runSaved } from './run-saved.js';
import { maxLines } from './status-lines.js';

/** `saved` mode outside the server: the failure line, saying why. */
function needsServer(
  widgetId: string,
  config: Extract<WebhookConfig, { mode: 'saved' }>,
): WidgetRunResult {
  return finish(
    { widgetId, config },
    { status: 'FAILED', statusCode: 0, durationMs: 0, raw: null, errorReason: 'INVALID_REQUEST' },
    {
      mode: 'saved',
      error: `mode "saved" (saved webhook "${config.webhook}") needs a Hookline server: use hookline serve`,
    },
  );
}

/** docs/webhook-widget.md webhook widget: line 0 success, line 1 failure, statusLines for more. */
export const webhookWidget = defineWidget<typeof webhookConfigSchema, WidgetServices>({
  type: 'webhook',
  title: 'Webhook',
  description:
    'Calls an HTTP API (or a saved webhook or internal function) and maps the response into variables.',
  category: 'integration',
  defaults: { request: { method: 'GET', url: 'https://api.example.com/' } },
  config: webhookConfigSchema,
  callerInteraction: false,
  lineLabels: (config) => {
    const labels = Array.from({ length: maxLines(config.statusLines) }, () => '');
    labels[0] = 'success';
    labels[1] = 'failure';
    for (const [key, line] of Object.entries(config.statusLines)) labels[line] = key;
    return labels;
  },
  lines: (config) => ({ min: 0, max: maxLines(config.statusLines) }),
  check: checkWebhookConfig,
  run: (context) => {
    const { config } = context;
    if (config.mode === 'custom') return runCustom({ ...context, config });
    // Each internal function says itself whether it needs a server (shortURL may not).
    if (config.mode === 'internal') return runInternal({ ...context, config });
    if (context.services.server === undefined) return needsServer(context.widgetId, config);
    return runSaved({ ...context, config });
  },
  describeStep: describeWebhookStep,
  describeBackground: describeWebhookBackground,
  requestOutcome: webhookRequestOutcome,
  configJsonSchema: relaxWebhookMode,
  serverOnly: webhookServerOnly,
  secrets: webhookSecrets,
});

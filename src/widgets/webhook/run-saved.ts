import type { WidgetRunContext, WidgetRunResult } from '../../engine/index.js';
import type { WidgetServices } from '../services.js';
import type { CustomWebhookConfig, WebhookConfig } from './config.js';
import { finish, runCustom } from './run-custom.js';

type SavedConfig = Extract<WebhookConfig, { mode: 'saved' }>;

/**
 * SPEC §3 `saved` mode: the account's saved webhook gives the URL, method, auth and
 * headers; the widget may add query parameters, headers and a body, and maps the response
 * as a custom widget does.
 */
export async function runSaved(
  context: WidgetRunContext<SavedConfig, WidgetServices>,
): Promise<WidgetRunResult> {
  const { config, services, widgetId } = context;
  const saved = await services.server?.savedWebhook(config.webhook);
  if (!saved) {
    return finish(
      { widgetId, config },
      { status: 'FAILED', statusCode: 0, durationMs: 0, raw: null, errorReason: 'INVALID_REQUEST' },
      { mode: 'saved', error: `no saved webhook named "${config.webhook}"` },
    );
  }
  const own = config.request ?? {};
  const custom: CustomWebhookConfig = {
    ...config,
    mode: 'custom',
    request: {
      method: own.method ?? saved.method,
      url: saved.url,
      auth: saved.auth,
      headers: [...saved.headers, ...(own.headers ?? [])],
      query: own.query ?? [],
      bodyType: own.bodyType ?? saved.bodyType,
      body: own.body ?? '',
    },
  };
  return runCustom({ ...context, config: custom });
}

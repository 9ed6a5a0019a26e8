import type { WidgetRunContext, WidgetRunResult } from '../../engine/index.js';
import type { WidgetServices } from '../services.js';
import type { CustomWebhookConfig, SavedWebhookConfig } from './config.js';
import { finish, runCustom } from './run-custom.js';
import { mergeSavedRequest } from './saved-request.js';

/**
 * docs/webhook-widget.md `saved` mode: the account's saved webhook gives the URL, and the method, auth,
 * headers and body type the widget does not set itself (docs/webhook-widget.md "Saved
 * mode"); the response is mapped as a custom widget's.
 */
export async function runSaved(
  context: WidgetRunContext<SavedWebhookConfig, WidgetServices>,
): Promise<WidgetRunResult> {
  const { config, services, widgetId } = context;
  const saved = await services.server?.savedWebhook(config.webhook);
  const merged = saved
    ? mergeSavedRequest(saved, config.request)
    : { ok: false as const, message: `no saved webhook named "${config.webhook}"` };
  if (!merged.ok) {
    return finish(
      { widgetId, config },
      { status: 'FAILED', statusCode: 0, durationMs: 0, raw: null, errorReason: 'INVALID_REQUEST' },
      { mode: 'saved', error: merged.message },
    );
  }
  const custom: CustomWebhookConfig = { ...config, mode: 'custom', request: merged.request };
  return runCustom({ ...context, config: custom });
}

import type { SavedWebhookTarget } from '../services.js';
import type { SavedRequestConfig, WebhookRequestConfig } from './config.js';

export type MergedRequest =
  { ok: true; request: WebhookRequestConfig } | { ok: false; message: string };

/**
 * The request a `saved` widget sends: the saved webhook's, with what the widget's own
 * `request` sets on top (docs/webhook-widget.md "Saved mode" has the table). The URL is
 * always the saved one. With no `body` and no `bodyType` in the widget, nothing is sent as
 * a body (and no Content-Type), whatever the saved body type: Hookline never invents one.
 */
export function mergeSavedRequest(
  saved: SavedWebhookTarget,
  own: SavedRequestConfig,
): MergedRequest {
  const writesBody = own.body !== undefined || own.bodyType !== undefined;
  const bodyType = writesBody ? (own.bodyType ?? saved.bodyType) : 'none';
  const body = own.body ?? '';
  if (bodyType === 'none' && body !== '') {
    return {
      ok: false,
      message:
        'request.body is set but the saved webhook has body type "none": set request.bodyType',
    };
  }
  const ownHeaders = own.headers ?? [];
  // A widget header replaces every saved header of the same name (names are case-insensitive).
  const replaced = new Set(ownHeaders.map((header) => header.key.toLowerCase()));
  return {
    ok: true,
    request: {
      method: own.method ?? saved.method,
      url: saved.url,
      auth: own.auth ?? saved.auth,
      headers: [
        ...saved.headers.filter((header) => !replaced.has(header.key.toLowerCase())),
        ...ownHeaders,
      ],
      query: own.query ?? [],
      bodyType,
      body,
    },
  };
}

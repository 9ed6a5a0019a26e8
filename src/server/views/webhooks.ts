import { z } from 'zod';
import type { SavedWebhook } from '../../storage/ports.js';
import { maskedUrlAndHeaders } from '../../webhooks/saved-webhook-secrets.js';
import { redactAuth } from '../../webhooks/sealed-auth.js';

export const webhookViewSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  method: z.string(),
  auth: z.record(z.string(), z.unknown()),
  isDefault: z.boolean(),
  disabled: z.boolean(),
});

/** A saved webhook as reads show it: no secret, ever (docs/server.md). */
export function webhookView(webhook: SavedWebhook) {
  return {
    id: webhook.id,
    name: webhook.name,
    method: webhook.method,
    ...maskedUrlAndHeaders(webhook),
    auth: redactAuth(webhook.auth),
    bodyType: webhook.bodyType,
    isDefault: webhook.isDefault,
    disabled: webhook.disabledAt !== null,
    disabledAt: webhook.disabledAt,
    disabledReason: webhook.disabledReason,
    failingSince: webhook.failingSince,
    secretRotation:
      webhook.signingSecrets.length > 1
        ? { previousExpiresAt: webhook.signingSecrets[1]?.expiresAt ?? null }
        : null,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
  };
}

/** The signed request of one attempt, built from a delivery and its saved webhook (docs/server.md). */
import { applyAuth, authSchema, requestSecrets, type Auth } from '../http-client/index.js';
import type { DeliveryRecord, SavedWebhook } from '../storage/ports.js';
import type { DeliveryRequest } from './sender.js';
import { signatureHeader } from './signer.js';

/** Sent on every attempt (docs/server.md); receivers filter and route on it. */
const DELIVERY_USER_AGENT = 'Hookline-Webhooks';

/** Auth config fields stored sealed (AES-256-GCM) in a saved webhook. */
const SEALED_AUTH_FIELDS = ['password', 'token', 'value', 'secret'];

/**
 * Headers a saved webhook cannot replace: the body is always JSON, the Standard Webhooks
 * headers must match the signature, and the framing ones belong to the HTTP client.
 */
const RESERVED_HEADERS = new Set([
  'content-type',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-length',
  'transfer-encoding',
  'host',
  'connection',
]);

export interface DeliveryRequestInput {
  delivery: DeliveryRecord;
  webhook: SavedWebhook;
  now: Date;
  /** Decrypts a sealed secret or auth field; may throw. */
  openSecret: (sealed: string) => string;
}

export type BuiltDeliveryRequest =
  { ok: true; request: DeliveryRequest; secrets: string[] } | { ok: false; error: string };

/**
 * Builds one attempt's request: POST of the stored payload, `webhook-id` = the delivery's
 * messageId (docs/server.md: the same on every attempt), `webhook-timestamp` = this attempt, signed
 * with the current secret and any previous one still inside its rotation overlap; then the
 * webhook's own headers and auth. `secrets` are the clear values to keep out of errors.
 *
 * Deliveries always POST JSON whatever the webhook's `method` and `bodyType` (those shape
 * webhook widget calls, docs/webhook-widget.md). An `hmac` auth is not applied: the delivery is already
 * signed with the webhook's signing secret, and a second signer would replace those headers.
 */
export function buildDeliveryRequest(input: DeliveryRequestInput): BuiltDeliveryRequest {
  const { delivery, webhook, now } = input;
  let signing: string[];
  let auth: Auth;
  let ownHeaders: Array<readonly [string, string]>;
  try {
    signing = liveSecrets(webhook, now).map((secret) => input.openSecret(secret));
    // docs/server.md "Secrets": a secret-named header's value is stored sealed.
    ownHeaders = webhook.headers
      .filter(({ key, value }) => value !== '' && !RESERVED_HEADERS.has(key.toLowerCase()))
      .map(({ key, value, sealed }) => [key, sealed === true ? input.openSecret(value) : value]);
    const parsed = authSchema.safeParse(openAuth(webhook.auth, input.openSecret));
    if (!parsed.success) return { ok: false, error: "the saved webhook's auth is not valid" };
    auth = parsed.data;
  } catch {
    // The cause is not echoed: it may quote the sealed value.
    return { ok: false, error: 'a secret of the saved webhook could not be opened' };
  }
  if (signing.length === 0) return { ok: false, error: 'the saved webhook has no signing secret' };
  const timestampSeconds = Math.floor(now.getTime() / 1000);
  const headers: Array<readonly [string, string]> = [
    ['content-type', 'application/json'],
    ['user-agent', DELIVERY_USER_AGENT],
    ...ownHeaders,
    ['webhook-id', delivery.messageId],
    ['webhook-timestamp', String(timestampSeconds)],
    [
      'webhook-signature',
      signatureHeader({
        messageId: delivery.messageId,
        timestampSeconds,
        body: delivery.payload,
        secrets: signing,
      }),
    ],
  ];
  const unsigned = { method: 'POST' as const, url: webhook.url, headers, body: delivery.payload };
  const clock = { nowMs: () => now.getTime(), id: () => delivery.messageId };
  const request = auth.type === 'hmac' ? unsigned : applyAuth(unsigned, auth, clock);
  return {
    ok: true,
    request: { url: request.url, headers: request.headers, body: delivery.payload },
    // The values of secret-named headers and query parameters too (docs/webhook-widget.md).
    secrets: [...requestSecrets(request, auth), ...signing],
  };
}

/** The current secret, and a previous one whose rotation overlap has not ended (docs/server.md). */
function liveSecrets(webhook: SavedWebhook, now: Date): string[] {
  return webhook.signingSecrets
    .filter(
      (secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime(),
    )
    .map((secret) => secret.sealed);
}

/** The auth config with its sealed fields opened; an empty config means no auth. */
function openAuth(
  auth: Record<string, unknown>,
  openSecret: (sealed: string) => string,
): Record<string, unknown> {
  if (Object.keys(auth).length === 0) return { type: 'none' };
  const opened: Record<string, unknown> = { ...auth };
  for (const field of SEALED_AUTH_FIELDS) {
    const value = opened[field];
    if (typeof value === 'string') opened[field] = openSecret(value);
  }
  return opened;
}

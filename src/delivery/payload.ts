/** Encoding an event for delivery, and its `webhook-id` (SPEC §4). */
import { randomBytes } from 'node:crypto';
import type { WebhookEvent } from './events.js';

/** SPEC §4: outbound payloads over 256 KB are refused. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

export type EncodedPayload = { ok: true; payload: string } | { ok: false; message: string };

/**
 * The event as the exact JSON body every attempt sends, or a clear refusal when it is larger
 * than MAX_PAYLOAD_BYTES in UTF-8 (SPEC §4) — refused when enqueued, never cut or sent.
 */
export function encodePayload(event: WebhookEvent): EncodedPayload {
  const payload = JSON.stringify(event);
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      message:
        `the ${event.type} payload is ${bytes} bytes; ` +
        `outbound payloads are limited to ${MAX_PAYLOAD_BYTES} bytes (256 KB)`,
    };
  }
  return { ok: true, payload };
}

/**
 * A new `webhook-id`: `msg_` + 128 random bits, base64url (unguessable, URL-safe). One per
 * delivery, reused on every attempt (SPEC §4) so receivers can de-duplicate.
 */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

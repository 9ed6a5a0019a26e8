/** The payload limit and the `webhook-id` of a delivery (docs/server.md). */
import { randomBytes } from 'node:crypto';

/** docs/server.md: outbound payloads over 256 KB (UTF-8) are never sent. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * A new `webhook-id`: `msg_` + 128 random bits, base64url (unguessable, URL-safe). One per
 * delivery, reused on every attempt (docs/server.md) so receivers can de-duplicate.
 */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

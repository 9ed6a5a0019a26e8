/**
 * Standard Webhooks signing (docs/server.md): `webhook-signature` is `v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`, one per secret, space-separated during a secret rotation.
 */
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** Random bytes in a generated secret (192 bits, as svix and Standard Webhooks use). */
const SECRET_BYTES = 24;

/** A new signing secret: `whsec_` + base64 of 24 random bytes (docs/server.md `whsec_...`). */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

export interface SignatureInput {
  /** The delivery's `webhook-id`. */
  messageId: string;
  /** The `webhook-timestamp` sent with this attempt, in seconds. */
  timestampSeconds: number;
  /** The exact body sent. */
  body: string;
  /** Current secret first, then a previous one while a rotation overlaps. */
  secrets: readonly string[];
}

/**
 * The `webhook-signature` header value: `v1,<signature>` for each secret, in the order given,
 * space-separated (docs/server.md: during a rotation both the old and the new signature are sent, so
 * a receiver holding either secret verifies).
 */
export function signatureHeader(input: SignatureInput): string {
  const signed = `${input.messageId}.${input.timestampSeconds}.${input.body}`;
  return input.secrets
    .map((secret) => {
      const digest = createHmac('sha256', keyOf(secret)).update(signed, 'utf8').digest('base64');
      return `v1,${digest}`;
    })
    .join(' ');
}

/** A `whsec_` secret's key is the base64 after the prefix; any other secret is its UTF-8 bytes. */
function keyOf(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

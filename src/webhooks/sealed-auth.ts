import type { Auth } from '../http-client/index.js';
import type { Sealer } from '../secrets/index.js';

/** The auth fields that hold a secret: sealed at rest, never read back (docs/server.md). */
export const SECRET_FIELDS = ['password', 'token', 'value', 'secret'] as const;

/**
 * The auth config with its secret fields sealed, as storage keeps it; a `"***"` field keeps
 * `current`'s sealed value (restoreMaskedSecrets checked there is one).
 */
export function sealAuth(
  auth: Auth,
  sealer: Sealer,
  current: Record<string, unknown> = {},
): Record<string, unknown> {
  const sealed: Record<string, unknown> = { ...auth };
  for (const field of SECRET_FIELDS) {
    const value = sealed[field];
    if (typeof value !== 'string') continue;
    sealed[field] = value === '***' ? current[field] : sealer.seal(value);
  }
  return sealed;
}

/** The stored auth config with its secret fields opened, for sending. */
export function openAuth(stored: Record<string, unknown>, sealer: Sealer): Auth {
  const opened: Record<string, unknown> = { ...stored };
  for (const field of SECRET_FIELDS) {
    const value = opened[field];
    if (typeof value === 'string') opened[field] = sealer.open(value);
  }
  return opened as Auth;
}

/** The auth config as reads show it: secret fields replaced by `"***"`. */
export function redactAuth(stored: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...stored };
  for (const field of SECRET_FIELDS) {
    // An apiKey's `value` is the secret; everything else of it (in, name) is shown.
    if (field in shown) shown[field] = '***';
  }
  return shown;
}

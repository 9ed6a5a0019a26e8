/**
 * Names of headers, query parameters and form fields whose values are credentials, matched
 * on the name lowercased with `-`, `_` and `.` ignored (docs/webhook-widget.md "Redaction").
 * A name holding one of these anywhere is secret: `X-Api-Key`, `access_token`, `Set-Cookie`.
 */
const SECRET_WORDS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'signature',
  'session',
  'cookie',
  'credential',
  'private',
  'jwt',
] as const;

/** Short words secret only as the whole name: `pass` would be in `passenger`, `sig` in `design`. */
const SECRET_NAMES = new Set(['pass', 'pwd', 'sig']);

/** `auth` (`x-auth`, `oauth`, `authorization`) but not `author` or `authority`. */
const AUTH = /auth(?!or(?!ization))/;

/** Answers by name: a flow's requests use the same few names on every execution. */
const known = new Map<string, boolean>();
const MAX_KNOWN = 4096;

/** Whether a header, query parameter or form field of this name carries a credential. */
export function isSecretName(name: string): boolean {
  const cached = known.get(name);
  if (cached !== undefined) return cached;
  const normalized = name.toLowerCase().replace(/[-_.]/g, '');
  const secret =
    SECRET_NAMES.has(normalized) ||
    normalized.endsWith('key') ||
    AUTH.test(normalized) ||
    SECRET_WORDS.some((word) => normalized.includes(word));
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(name, secret);
  return secret;
}

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

/** Whether a header, query parameter or form field of this name carries a credential. */
export function isSecretName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_.]/g, '');
  if (SECRET_NAMES.has(normalized) || normalized.endsWith('key')) return true;
  return AUTH.test(normalized) || SECRET_WORDS.some((word) => normalized.includes(word));
}

import type { Auth } from './auth-schema.js';

const MASK = '***';

/** Shared by every request without auth (the common case): nothing to allocate. */
const NO_SECRETS: readonly string[] = Object.freeze([]);

/**
 * The secret values of an auth config, for redaction (SPEC §3: secrets are never printed).
 * Basic auth also yields its encoded `user:password` token, so a printed Authorization
 * header is masked too.
 */
export function secretsOf(auth: Auth): readonly string[] {
  switch (auth.type) {
    case 'none':
      return NO_SECRETS;
    case 'basic': {
      const token = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      return auth.password === '' ? [] : [auth.password, token];
    }
    case 'bearer':
      return nonEmpty([auth.token]);
    case 'apiKey':
      return nonEmpty([auth.value]);
    case 'hmac':
      return nonEmpty([auth.secret]);
  }
}

function nonEmpty(values: string[]): string[] {
  return values.filter((value) => value !== '');
}

/**
 * `text` with every occurrence of every secret (as is, percent-encoded, or form-encoded)
 * replaced by `***`. Longer secrets go first so one secret containing another is masked whole.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    const encoded = encodeURIComponent(secret);
    forms.add(secret).add(encoded).add(encoded.replace(/%20/g, '+'));
  }
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .reduce((result, form) => result.split(form).join(MASK), text);
}

/**
 * A URL safe to print: a userinfo password becomes `***`, every query value that holds a
 * secret becomes `***`, and any other occurrence of a secret (a path segment) is masked.
 * Text that is not a URL is redacted as text.
 */
export function redactUrl(url: string, secrets: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url, secrets);
  }
  if (parsed.password !== '') parsed.password = MASK;
  if (parsed.search.length > 1) {
    const pairs = parsed.search
      .slice(1)
      .split('&')
      .map((pair) => redactPair(pair, secrets));
    parsed.search = pairs.join('&');
  }
  return redactText(parsed.href, secrets);
}

function redactPair(pair: string, secrets: readonly string[]): string {
  const equals = pair.indexOf('=');
  if (equals === -1) return pair;
  const value = decodeQueryValue(pair.slice(equals + 1));
  const holdsSecret = secrets.some((secret) => secret !== '' && value.includes(secret));
  return holdsSecret ? `${pair.slice(0, equals)}=${MASK}` : pair;
}

function decodeQueryValue(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

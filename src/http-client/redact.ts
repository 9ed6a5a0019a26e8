import type { Auth } from './auth-schema.js';
import { isSecretName } from './secret-names.js';

const MASK = '***';

/** Shared by every request without auth (the common case): nothing to allocate. */
const NO_SECRETS: readonly string[] = Object.freeze([]);

/**
 * The secret values of an auth config, for redaction (docs/webhook-widget.md: secrets are never printed).
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
 * A URL safe to print: a userinfo password becomes `***`, every query value that is
 * secret-named or holds a secret becomes `***`, and any other occurrence of a secret (a path
 * segment) is masked. Text that is not a URL is redacted as text.
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
  const holdsSecret =
    (value !== '' && isSecretName(decodeQueryValue(pair.slice(0, equals)))) ||
    secrets.some((secret) => secret !== '' && value.includes(secret));
  return holdsSecret ? `${pair.slice(0, equals)}=${MASK}` : pair;
}

type HeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * Headers safe to show: a secret-named header's value is `***` whole (`Authorization`,
 * `X-Api-Key`, `Set-Cookie`), the others have the secrets in them masked.
 */
export function redactHeaders(
  headers: HeaderList,
  secrets: readonly string[],
): Array<[string, string]>;
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[],
): Record<string, string>;
export function redactHeaders(
  headers: HeaderList | Readonly<Record<string, string>>,
  secrets: readonly string[],
): Array<[string, string]> | Record<string, string> {
  const shown = ([name, value]: readonly [string, string]): [string, string] => [
    name,
    isSecretName(name) ? MASK : redactText(value, secrets),
  ];
  return Array.isArray(headers)
    ? (headers as HeaderList).map(shown)
    : Object.fromEntries(Object.entries(headers).map(shown));
}

/**
 * Values of secret-named fields shorter than this are masked where their name shows (a
 * header, a query parameter) but not searched for in free text, where `1` or `en` would
 * mask half of it.
 */
const MIN_NAMED_SECRET_LENGTH = 4;

/** The secret-named `name=value` pairs' values of a query string or form body. */
function namedPairValues(pairs: string, into: string[]): void {
  for (const pair of pairs.split('&')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || !isSecretName(decodeQueryValue(pair.slice(0, equals)))) continue;
    into.push(decodeQueryValue(pair.slice(equals + 1)));
  }
}

/**
 * Every secret a request carries, for redaction: its auth's, and the values of its
 * secret-named headers, query parameters and form fields (docs/webhook-widget.md "Redaction").
 */
export function requestSecrets(
  request: { url: string; headers: HeaderList; body?: string | undefined },
  auth?: Auth,
): string[] {
  const found: string[] = [];
  let form = false;
  for (const [name, value] of request.headers) {
    if (isSecretName(name)) found.push(value);
    else if (name.toLowerCase() === 'content-type')
      form = value.startsWith('application/x-www-form-urlencoded');
  }
  const question = request.url.indexOf('?');
  if (question !== -1) {
    const hash = request.url.indexOf('#', question);
    namedPairValues(request.url.slice(question + 1, hash === -1 ? undefined : hash), found);
  }
  if (form && request.body !== undefined) namedPairValues(request.body, found);
  const named = found.filter((value) => value.length >= MIN_NAMED_SECRET_LENGTH);
  return auth === undefined ? named : [...secretsOf(auth), ...named];
}

function decodeQueryValue(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

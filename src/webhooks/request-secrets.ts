import { isSecretName } from '../http-client/index.js';
import { SECRET_FIELDS } from './sealed-auth.js';

type Json = Record<string, unknown>;

/** What reads show in a secret's place, and what a save sends back to keep it. */
export const MASKED = '***';

/** Called with each secret of a request: its field (stable across saves), its path, its value. */
export type VisitSecret = (field: string, path: string, value: string) => string;

/** A problem with a save, shaped as flow validation reports them. */
export interface SecretProblem {
  path: string;
  message: string;
  severity: 'error';
}

export const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;

/** `scheme://user:password@`: the password is the part after the first `:` of the userinfo. */
const USERINFO = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)@/;

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** A URL template with its userinfo password and secret-named query values visited. */
function visitUrl(url: string, visit: (field: string, value: string) => string): string {
  let result = url;
  const userinfo = USERINFO.exec(url);
  const colon = userinfo?.[2]?.indexOf(':') ?? -1;
  if (userinfo?.[1] !== undefined && userinfo[2] !== undefined && colon !== -1) {
    const password = userinfo[2].slice(colon + 1);
    if (password !== '') {
      const start = userinfo[1].length + colon + 1;
      result = `${url.slice(0, start)}${visit('password', password)}@${url.slice(userinfo[0].length)}`;
    }
  }
  const question = result.indexOf('?');
  if (question === -1) return result;
  const hash = result.indexOf('#', question);
  const end = hash === -1 ? result.length : hash;
  const seen = new Map<string, number>();
  const pairs = result
    .slice(question + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? '' : decodedName(pair.slice(0, equals));
      if (equals === -1 || equals === pair.length - 1 || !isSecretName(name)) return pair;
      const count = seen.get(name) ?? 0;
      seen.set(name, count + 1);
      return `${pair.slice(0, equals + 1)}${visit(`query.${name}.${count}`, pair.slice(equals + 1))}`;
    });
  return `${result.slice(0, question + 1)}${pairs.join('&')}${result.slice(end)}`;
}

/**
 * The field of each header or query entry `{key, value}` whose key names a credential and
 * whose value is not empty (`headers.x-api-key.0`), undefined for the others.
 */
export function entryFields(entries: readonly unknown[], list: string): Array<string | undefined> {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const { key, value } = asObject(entry) ?? {};
    if (typeof key !== 'string' || typeof value !== 'string' || value === '' || !isSecretName(key))
      return undefined;
    const name = list === 'headers' ? key.toLowerCase() : key;
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return `${list}.${name}.${count}`;
  });
}

/** Header or query entries with the secret-named values visited. */
function visitEntries(entries: unknown[], list: string, at: VisitSecret): unknown[] {
  const fields = entryFields(entries, list);
  return entries.map((entry, index) => {
    const field = fields[index];
    if (field === undefined) return entry;
    const value = (entry as { value: string }).value;
    return { ...(entry as Json), value: at(field, `${list}[${index}].value`, value) };
  });
}

/**
 * A copy of a request (`url`, `auth`, `headers`, `query`) with each secret replaced by what
 * `at` answers: the auth fields, the URL's password, and the values of secret-named query
 * parameters and headers (docs/server.md "Secrets").
 */
export function visitRequestSecrets(request: Json, at: VisitSecret): Json {
  const visited: Json = { ...request };
  const auth = asObject(request['auth']);
  if (auth) {
    const shown: Json = { ...auth };
    for (const field of SECRET_FIELDS) {
      const value = auth[field];
      if (typeof value === 'string' && value !== '')
        shown[field] = at(`auth.${field}`, `auth.${field}`, value);
    }
    visited['auth'] = shown;
  }
  const url = request['url'];
  if (typeof url === 'string')
    visited['url'] = visitUrl(url, (field, value) => at(`url.${field}`, 'url', value));
  for (const list of ['headers', 'query']) {
    const entries = request[list];
    if (Array.isArray(entries)) visited[list] = visitEntries(entries, list, at);
  }
  return visited;
}

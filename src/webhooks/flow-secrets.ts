import { isSecretName } from '../http-client/index.js';
import type { Sealer } from '../secrets/index.js';
import type { FlowSecrets, FlowVersion, SealedDocument } from '../storage/ports.js';
import { SECRET_FIELDS } from './sealed-auth.js';

type FlowDocument = FlowVersion['document'];
type Json = Record<string, unknown>;

/** What reads show in a secret's place, and what a save sends back to keep it. */
export const MASKED = '***';

/** Called with each secret of a document: its slot, its JSON path and its value. */
type Visit = (slot: string, path: string, value: string) => string;

/** A problem with a save, shaped as flow validation reports them. */
export interface SecretProblem {
  path: string;
  message: string;
  severity: 'error';
}

const asObject = (value: unknown): Json | undefined =>
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

/** Header or query entries `{key, value}` whose key names a credential. */
function visitEntries(
  entries: unknown[],
  list: string,
  at: (field: string, path: string, value: string) => string,
): unknown[] {
  const seen = new Map<string, number>();
  return entries.map((entry, index) => {
    const { key, value } = asObject(entry) ?? {};
    if (typeof key !== 'string' || typeof value !== 'string' || value === '' || !isSecretName(key))
      return entry;
    const name = list === 'headers' ? key.toLowerCase() : key;
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return {
      ...(entry as Json),
      value: at(`${list}.${name}.${count}`, `${list}[${index}].value`, value),
    };
  });
}

/** The request of a widget's config with every secret visited. */
function visitRequest(
  request: Json,
  at: (field: string, path: string, value: string) => string,
): Json {
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

/**
 * A copy of `document` with each secret replaced by what `visit` answers: the auth fields,
 * the URL's password and the values of secret-named query parameters and headers of every
 * widget config's `request` (docs/server.md "Secrets").
 */
function visitSecrets(document: FlowDocument, visit: Visit): FlowDocument {
  const widgets: FlowDocument['widgets'] = {};
  for (const [id, widget] of Object.entries(document.widgets)) {
    const config = asObject(widget.config);
    const request = asObject(config?.['request']);
    if (!config || !request) {
      widgets[id] = widget;
      continue;
    }
    const at = (field: string, path: string, value: string) =>
      visit(`${id}/${field}`, `widgets.${id}.config.request.${path}`, value);
    widgets[id] = { ...widget, config: { ...config, request: visitRequest(request, at) } };
  }
  return { ...document, widgets };
}

/**
 * Takes a document's secrets out for storage: sealed by slot, `"***"` in their place. A
 * `"***"` sent keeps `previous`'s secret of the same widget and field; one with none to keep
 * is a problem.
 */
export function sealFlowSecrets(
  document: FlowDocument,
  sealer: Sealer,
  previous: FlowSecrets = {},
): SealedDocument & { problems: SecretProblem[] } {
  const secrets: FlowSecrets = {};
  const problems: SecretProblem[] = [];
  const sealed = visitSecrets(document, (slot, path, value) => {
    const kept = previous[slot];
    if (value !== MASKED) secrets[slot] = sealer.seal(value);
    else if (kept !== undefined) secrets[slot] = kept;
    else
      problems.push({
        path,
        message: `"${MASKED}" keeps the secret saved before, but none is saved here: send the secret`,
        severity: 'error',
      });
    return MASKED;
  });
  return { document: sealed, secrets, problems };
}

/** The document a run needs: every secret opened in its place. Throws SealedValueError. */
export function openFlowSecrets(
  version: Pick<FlowVersion, 'document' | 'secrets'>,
  sealer: Sealer,
): FlowDocument {
  const { secrets } = version;
  if (secrets === undefined || Object.keys(secrets).length === 0) return version.document;
  return visitSecrets(version.document, (slot, _path, value) => {
    const sealed = secrets[slot];
    return value === MASKED && sealed !== undefined ? sealer.open(sealed) : value;
  });
}

/** The document as reads show it: `"***"` for every secret (even of a version saved in clear). */
export function maskFlowSecrets(document: FlowDocument): FlowDocument {
  return visitSecrets(document, () => MASKED);
}

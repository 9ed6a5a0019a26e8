import { HooklineError } from '../errors/index.js';
import type { SavedWebhook } from '../storage/ports.js';
import type { Sealer } from '../secrets/index.js';
import { entryFields, MASKED, visitRequestSecrets, type SecretProblem } from './request-secrets.js';
import type { SavedWebhookInput } from './schemas.js';
import { SECRET_FIELDS } from './sealed-auth.js';

type Shown = Pick<SavedWebhook, 'url' | 'headers'>;

/** The URL and headers as reads show them: secret-named values as `"***"`. */
export function maskedUrlAndHeaders(webhook: Shown): Shown {
  const headers = webhook.headers.map(({ sealed: _sealed, ...header }) => header);
  const shown = visitRequestSecrets({ url: webhook.url, headers }, () => MASKED);
  return { url: shown['url'] as string, headers: shown['headers'] as Shown['headers'] };
}

const problem = (path: string): SecretProblem => ({
  path,
  message: `"${MASKED}" keeps the secret saved before, but none is saved here: send the secret`,
  severity: 'error',
});

/**
 * The input with each `"***"` of a URL or header replaced by `current`'s value at the same
 * place (docs/server.md "Secrets"); an auth field's `"***"` is kept by `sealAuth`. A `"***"`
 * with nothing to keep is a 400 naming its path.
 */
export function restoreMaskedSecrets(
  input: SavedWebhookInput,
  current: SavedWebhook | undefined,
): SavedWebhookInput {
  const problems: SecretProblem[] = [];
  const saved = new Map<string, string>();
  if (current) {
    visitRequestSecrets({ url: current.url, headers: current.headers }, (field, _path, value) => {
      saved.set(field, value);
      return value;
    });
  }
  const restored = visitRequestSecrets(
    { url: input.url, headers: input.headers },
    (field, path, value) => {
      if (value !== MASKED) return value;
      const kept = saved.get(field);
      if (kept === undefined) problems.push(problem(path));
      return kept ?? value;
    },
  );
  const auth: Record<string, unknown> = input.auth;
  const sameAuth = current?.auth['type'] === auth['type'];
  for (const field of SECRET_FIELDS) {
    if (auth[field] === MASKED && !(sameAuth && typeof current?.auth[field] === 'string'))
      problems.push(problem(`auth.${field}`));
  }
  if (problems.length > 0)
    throw new HooklineError('INVALID_REQUEST', 'the webhook is not valid', problems);
  // Header values stay "***": sealHeaders keeps the sealed value.
  return { ...input, url: restored['url'] as string };
}

type StoredHeaders = SavedWebhook['headers'];

/**
 * The headers as storage keeps them: secret-named values sealed and flagged `sealed`; a
 * `"***"` keeps `current`'s value of the same name (restoreMaskedSecrets checked there is one).
 */
export function sealHeaders(
  headers: SavedWebhookInput['headers'],
  sealer: Sealer,
  current: StoredHeaders = [],
): StoredHeaders {
  const kept = new Map<string, string>();
  entryFields(current, 'headers').forEach((field, index) => {
    const header = current[index];
    if (field === undefined || !header) return;
    // A header saved before they were sealed is sealed now.
    kept.set(field, header.sealed === true ? header.value : sealer.seal(header.value));
  });
  const fields = entryFields(headers, 'headers');
  return headers.map((header, index) => {
    const field = fields[index];
    if (field === undefined) return header;
    const value = header.value === MASKED ? kept.get(field) : sealer.seal(header.value);
    return { ...header, value: value ?? MASKED, sealed: true };
  });
}

/** The headers to send: sealed values opened (may throw). */
export function openHeaders(headers: StoredHeaders, sealer: Sealer): StoredHeaders {
  return headers.map(({ sealed, ...header }) =>
    sealed === true ? { ...header, value: sealer.open(header.value) } : header,
  );
}

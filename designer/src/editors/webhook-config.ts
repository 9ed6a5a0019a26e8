/**
 * Edits of a webhook widget's config (docs/webhook-widget.md), as the webhook editor makes
 * them. Pure: no browser code. A field set to undefined is removed, so the server's default
 * applies and a saved-mode field falls back to the saved webhook's.
 */

export type Config = Record<string, unknown>;
export type Mode = 'custom' | 'saved' | 'internal';

/** Kept when the mode changes: they work the same in every mode. */
const COMMON = [
  'response',
  'waitForResponse',
  'timeoutSeconds',
  'holdMusic',
  'persistResponse',
  'retry',
  'statusLines',
];

export function asObject(value: unknown): Config {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Config)
    : {};
}

export function modeOf(config: unknown): Mode {
  const mode = asObject(config).mode;
  return mode === 'saved' || mode === 'internal' ? mode : 'custom';
}

/** The object with `patch` applied; an undefined value removes its key. */
export function patched(object: Config, patch: Config): Config {
  return Object.fromEntries(
    Object.entries({ ...object, ...patch }).filter(([, value]) => value !== undefined),
  );
}

/** The config in another mode: the common fields stay, the mode's own fields start empty. */
export function withMode(config: unknown, mode: Mode): Config {
  const current = asObject(config);
  if (mode === modeOf(current)) return current;
  const kept: Config = {};
  for (const key of COMMON) if (key in current) kept[key] = current[key];
  const request = asObject(current.request);
  if (mode === 'custom') {
    return {
      mode,
      request: { method: request.method ?? 'GET', url: request.url ?? '', ...request },
      ...kept,
    };
  }
  // A saved webhook starts as it was saved: no request fields on top (docs/webhook-widget.md).
  if (mode === 'saved') return { mode, webhook: '', ...kept };
  return { mode, function: '', inputs: {}, ...kept };
}

/** The config with request fields changed; a saved webhook's empty request is left out. */
export function withRequest(config: unknown, patch: Config): Config {
  const current = asObject(config);
  const request = patched(asObject(current.request), patch);
  if (modeOf(current) === 'saved' && Object.keys(request).length === 0) {
    const rest = { ...current };
    delete rest.request;
    return rest;
  }
  return { ...current, request };
}

/** The config with response fields changed (`type`, `mappings`). */
export function withResponse(config: unknown, patch: Config): Config {
  const current = asObject(config);
  return { ...current, response: patched(asObject(current.response), patch) };
}

/** `statusLines` as rows, in the config's order. */
export function statusRows(config: unknown): Array<{ key: string; line: number }> {
  return Object.entries(asObject(asObject(config).statusLines)).map(([key, line]) => ({
    key,
    line: typeof line === 'number' ? line : 2,
  }));
}

/** Rows back to `statusLines`; the first row of a key wins. Undefined when there are none. */
export function statusLinesOf(rows: Array<{ key: string; line: number }>): Config | undefined {
  if (rows.length === 0) return undefined;
  const lines: Config = {};
  for (const row of rows) if (!(row.key in lines)) lines[row.key] = row.line;
  return lines;
}

/** The value an auth field shows: a stored secret (`***`) shows empty, with a notice. */
export function shownSecret(value: unknown): { text: string; stored: boolean } {
  if (value === '***') return { text: '', stored: true };
  return { text: typeof value === 'string' ? value : '', stored: false };
}

/**
 * What typing in a secret field saves: the text, or `***` (keep the stored secret, see
 * docs/server.md) when a stored secret's field is left or made empty.
 */
export function typedSecret(text: string, wasStored: boolean): string {
  return text === '' && wasStored ? '***' : text;
}

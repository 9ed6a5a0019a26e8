import { describe, expect, it } from 'vitest';
import { completionsAt, flowVariables, SYSTEM_KEYS } from '../../designer/src/editors/variables.js';
import {
  shownSecret,
  statusLinesOf,
  statusRows,
  typedSecret,
  withMode,
  withRequest,
} from '../../designer/src/editors/webhook-config.js';

describe('variables a template field completes (designer)', () => {
  const widgets = {
    lookup: {
      type: 'webhook',
      config: {
        request: { url: 'https://x/$flow.key.customer_id?t=${user.key.tier}' },
        response: { mappings: [{ saveIn: '$flow.key.name', path: 'data.name' }] },
      },
    },
    keep: { type: 'store', config: { scope: 'user', variables: [{ key: 'vip', value: '1' }] } },
    ask: { type: 'decision', config: { conditions: [{ variable: 'choice', operator: 'equals' }] } },
  };

  it('lists the names read and written, the response variables, then the system keys', () => {
    const names = flowVariables(widgets);
    expect(names).toEqual(
      expect.arrayContaining([
        '$flow.key.customer_id',
        '$user.key.tier',
        '$flow.key.name',
        '$user.key.vip',
        '$flow.key.choice',
        '$flow.key.response_status',
        '$flow.key.lookup.response_status_code',
      ]),
    );
    expect(names.slice(-SYSTEM_KEYS.length)).toEqual(SYSTEM_KEYS);
    expect(new Set(names).size).toBe(names.length);
  });

  it('completes the token before the cursor, braced or bare', () => {
    const names = ['$flow.key.customer_id', '$flow.key.name', '$user.key.vip', '$flow.syskey.from'];
    expect(completionsAt('https://x/$flow.key.c', names)).toEqual({
      from: 10,
      options: ['$flow.key.customer_id'],
    });
    expect(completionsAt('a ${user', names)).toEqual({ from: 2, options: ['${user.key.vip}'] });
    expect(completionsAt('$', names)?.options).toHaveLength(4);
    expect(completionsAt('no token', names)).toBeUndefined();
    expect(completionsAt('$flow.key.name', names)?.options).toEqual([]);
  });
});

describe('webhook config edits (designer)', () => {
  it('switches mode keeping the common fields; a saved webhook starts with no request on top', () => {
    const custom = {
      request: { method: 'POST', url: 'https://x', headers: [] },
      timeoutSeconds: 5,
      response: { mappings: [] },
    };
    expect(withMode(custom, 'saved')).toEqual({
      mode: 'saved',
      webhook: '',
      timeoutSeconds: 5,
      response: { mappings: [] },
    });
    expect(withMode(custom, 'internal')).toEqual({
      mode: 'internal',
      function: '',
      inputs: {},
      timeoutSeconds: 5,
      response: { mappings: [] },
    });
    expect(withMode({ mode: 'internal', function: 'f' }, 'custom')).toEqual({
      mode: 'custom',
      request: { method: 'GET', url: '' },
    });
  });

  it('removes a request field set to undefined, and a saved widget’s empty request', () => {
    expect(
      withRequest({ request: { url: 'u', bodyType: 'json' } }, { bodyType: undefined }),
    ).toEqual({
      request: { url: 'u' },
    });
    expect(
      withRequest(
        { mode: 'saved', webhook: 'w', request: { method: 'PUT' } },
        { method: undefined },
      ),
    ).toEqual({
      mode: 'saved',
      webhook: 'w',
    });
  });

  it('keeps a stored secret (***) unless something is typed; never shows it', () => {
    expect(shownSecret('***')).toEqual({ text: '', stored: true });
    expect(shownSecret('typed')).toEqual({ text: 'typed', stored: false });
    expect(typedSecret('', true)).toBe('***');
    expect(typedSecret('', false)).toBe('');
    expect(typedSecret('new', true)).toBe('new');
  });

  it('reads and writes status lines as rows', () => {
    const rows = statusRows({ statusLines: { timeout: 2, '404': 3 } });
    expect(rows).toEqual(
      expect.arrayContaining([
        { key: 'timeout', line: 2 },
        { key: '404', line: 3 },
      ]),
    );
    expect(statusLinesOf(rows)).toEqual({ timeout: 2, '404': 3 });
    expect(statusLinesOf([])).toBeUndefined();
  });
});

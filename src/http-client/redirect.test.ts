import { describe, expect, it } from 'vitest';
import { DEFAULT_SENSITIVE_HEADERS, nextHop, type Hop } from './redirect.js';

const sensitive = new Set([...DEFAULT_SENSITIVE_HEADERS, 'x-api-key']);
const hop: Hop = {
  method: 'POST',
  url: new URL('https://a.example/start?x=1'),
  headers: [
    ['Authorization', 'Bearer t'],
    ['Cookie', 'c=1'],
    ['X-Api-Key', 'k'],
    ['Content-Type', 'application/json'],
    ['X-Trace', '1'],
  ],
  body: '{}',
};

describe('nextHop (pure)', () => {
  it.each([200, 204, 300, 304, 305, 404])('%i is not followed', (status) => {
    expect(nextHop(hop, status, '/next', sensitive)).toBeUndefined();
  });

  it('needs a Location that resolves to http(s)', () => {
    expect(nextHop(hop, 302, undefined, sensitive)).toBeUndefined();
    expect(nextHop(hop, 302, 'javascript:alert(1)', sensitive)).toBeUndefined();
    expect(nextHop(hop, 302, 'http://[bad', sensitive)).toBeUndefined();
  });

  it('resolves a relative Location and strips credentials and fragment from it', () => {
    expect(nextHop(hop, 307, '../b?y=2#f', sensitive)?.url.href).toBe('https://a.example/b?y=2');
    expect(nextHop(hop, 307, 'https://u:p@a.example/c', sensitive)?.url.href).toBe(
      'https://a.example/c',
    );
  });

  it('treats a scheme or port change as cross-origin', () => {
    const names = (next: Hop | undefined) => next?.headers.map(([name]) => name);
    expect(names(nextHop(hop, 307, 'http://a.example/x', sensitive))).toEqual([
      'Content-Type',
      'X-Trace',
    ]);
    expect(names(nextHop(hop, 307, 'https://a.example:8443/x', sensitive))).toEqual([
      'Content-Type',
      'X-Trace',
    ]);
    expect(names(nextHop(hop, 307, 'https://a.example/x', sensitive))).toEqual(
      hop.headers.map(([name]) => name),
    );
  });
});

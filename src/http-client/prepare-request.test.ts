import { describe, expect, it } from 'vitest';
import { prepareRequest } from './prepare-request.js';
import type { OutboundRequest } from './types.js';

const options = { userAgent: 'Hookline', retried: false, newId: () => 'id-1' };

function hopOf(request: OutboundRequest) {
  const prepared = prepareRequest(request, options);
  if (prepared.kind !== 'ready') throw new Error(prepared.message);
  return prepared.hop;
}

describe('prepareRequest with a parsed URL from the caller', () => {
  it('uses it as it is when it matches the URL text', () => {
    const parsedUrl = new URL('http://127.0.0.1:8080/customers/1?x=1');
    const hop = hopOf({ method: 'GET', url: parsedUrl.href, parsedUrl, headers: [] });
    expect(hop.url).toBe(parsedUrl);
  });

  it('ignores it when it does not match the URL text (the URL text wins)', () => {
    const parsedUrl = new URL('http://127.0.0.1:8080/stale');
    const hop = hopOf({
      method: 'GET',
      url: 'http://127.0.0.1:8080/fresh?key=1',
      parsedUrl,
      headers: [],
    });
    expect(hop.url.href).toBe('http://127.0.0.1:8080/fresh?key=1');
    expect(parsedUrl.href).toBe('http://127.0.0.1:8080/stale');
  });

  it('never changes it: credentials and a fragment are removed from a copy', () => {
    const parsedUrl = new URL('http://user:pw@127.0.0.1:8080/a#frag');
    const hop = hopOf({ method: 'GET', url: parsedUrl.href, parsedUrl, headers: [] });
    expect(hop.url.href).toBe('http://127.0.0.1:8080/a');
    expect(hop.headers).toContainEqual(['Authorization', `Basic ${btoa('user:pw')}`]);
    expect(parsedUrl.href).toBe('http://user:pw@127.0.0.1:8080/a#frag');
  });

  it('drops an empty fragment too', () => {
    const hop = hopOf({ method: 'GET', url: 'http://127.0.0.1:8080/a#', headers: [] });
    expect(hop.url.href).toBe('http://127.0.0.1:8080/a');
  });
});

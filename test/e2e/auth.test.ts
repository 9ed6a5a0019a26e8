import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence, stepOf, webhook } from './support/flows.js';
import { runFlow, type RunOutput } from './support/run-cli.js';
import { startTestServer, type ReceivedRequest, type TestServer } from './support/test-server.js';

const SIGNING_KEY = Buffer.from('e2e signing key, 32 bytes long!!');
const WHSEC = `whsec_${SIGNING_KEY.toString('base64')}`;
const HMAC_BODY = '{"event": "$flow.key.event", "n": 1}';

let server: TestServer;
let output: RunOutput;

beforeAll(async () => {
  server = await startTestServer();
  const auths: Record<string, unknown> = {
    none: { type: 'none' },
    basic: { type: 'basic', username: 'ada', password: 'p@ss:wörd' },
    bearer: { type: 'bearer', token: 'tok-123.abc' },
    key_header: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'k-header-1' },
    key_query: { type: 'apiKey', in: 'query', name: 'api_key', value: 'k q&=1' },
    hmac: { type: 'hmac', secret: WHSEC },
  };
  const widgets = Object.fromEntries(
    Object.entries(auths).map(([id, auth]) => {
      server.route(`/a/${id}`, { json: {} });
      const request =
        id === 'hmac'
          ? { method: 'POST', url: server.url(`/a/${id}`), auth, bodyType: 'json', body: HMAC_BODY }
          : { url: server.url(`/a/${id}?lang=en`), auth };
      return [id, webhook(request)];
    }),
  );
  // A CIDR allow entry (docs/cli.md) opens the whole loopback range.
  const result = await runFlow(sequence(widgets), [
    '--allow',
    '127.0.0.0/8',
    '--var',
    'event=order "shipped" é',
  ]);
  expect(result.code).toBe(0);
  output = result.json;
});
afterAll(() => server.close());

function received(id: string): ReceivedRequest {
  const found = server.requests(`/a/${id}`);
  expect(found).toHaveLength(1);
  expect(stepOf(output, id).line).toBe(0);
  return found[0]!;
}

describe('auth kinds', () => {
  it('none: no credentials at all', () => {
    const { headers, url } = received('none');
    expect(headers.authorization).toBeUndefined();
    expect(url).toBe('/a/none?lang=en');
  });

  it('basic: Authorization: Basic base64(user:password)', () => {
    const expected = Buffer.from('ada:p@ss:wörd', 'utf8').toString('base64');
    expect(received('basic').headers.authorization).toBe(`Basic ${expected}`);
  });

  it('bearer: Authorization: Bearer token', () => {
    expect(received('bearer').headers.authorization).toBe('Bearer tok-123.abc');
  });

  it('apiKey in a header', () => {
    const { headers } = received('key_header');
    expect(headers['x-api-key']).toBe('k-header-1');
    expect(headers.authorization).toBeUndefined();
  });

  it('apiKey in the query, percent-encoded, after the query already there', () => {
    const { url, headers } = received('key_query');
    expect(url).toBe(`/a/key_query?lang=en&api_key=${encodeURIComponent('k q&=1')}`);
    expect(new URL(url, 'http://x').searchParams.get('api_key')).toBe('k q&=1');
    expect(headers.authorization).toBeUndefined();
  });

  it('hmac: Standard Webhooks signature over id.timestamp.body with the whsec_ key', () => {
    const { headers, body } = received('hmac');
    const id = headers['webhook-id'];
    const timestamp = headers['webhook-timestamp'];
    expect(typeof id === 'string' && id.length > 0).toBe(true);
    expect(timestamp).toMatch(/^\d{10}$/);
    const skew = Math.abs(Number(timestamp) - Date.now() / 1000);
    expect(skew).toBeLessThan(300);
    const signature = createHmac('sha256', SIGNING_KEY)
      .update(Buffer.concat([Buffer.from(`${String(id)}.${String(timestamp)}.`), body]))
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${signature}`);
    expect(JSON.parse(body.toString('utf8'))).toEqual({ event: 'order "shipped" é', n: 1 });
  });
});

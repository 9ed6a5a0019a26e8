/**
 * docs/webhook-widget.md "Saved mode": what a saved-mode widget sends, byte for byte, for every
 * way the widget's `request` may combine with the saved webhook (created through the API).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startLoopbackServer,
  type LoopbackServer,
  type ReceivedRequest,
} from '../../src/http-client/testing/loopback-server.js';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  h = await startHarness({ HOOKLINE_ALLOW_DESTINATIONS: `127.0.0.1:${server.port}` });
});
afterAll(async () => {
  await h.close();
  await server.close();
});

/** Every value a header name was sent with, in order (case-insensitive name). */
function values(request: ReceivedRequest, name: string): string[] {
  const found: string[] = [];
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    if (request.rawHeaders[index]?.toLowerCase() === name) {
      found.push(request.rawHeaders[index + 1] ?? '');
    }
  }
  return found;
}

let sequence = 0;

/** Saves a webhook through the API, runs a saved-mode widget test on it, returns what arrived. */
async function run(
  saved: Record<string, unknown>,
  request?: Record<string, unknown>,
): Promise<{ received: ReceivedRequest | undefined; result: any; secret: string }> {
  sequence += 1;
  const name = `hook-${sequence}`;
  const created = await h.call('POST', '/v1/webhooks', {
    body: { name, url: server.url(`/h${sequence}?src=saved`), ...saved },
  });
  expect(created.status).toBe(201);
  const before = server.received.length;
  const config = { mode: 'saved', webhook: name, ...(request ? { request } : {}) };
  const { status, body } = await h.call('POST', '/v1/widget-tests', {
    body: { config, variables: { id: '7' } },
  });
  expect(status).toBe(200);
  expect(server.received.length - before).toBeLessThanOrEqual(1);
  return {
    received: server.received[before],
    result: body,
    secret: String(created.body.secret),
  };
}

const POST_JSON_BEARER = {
  method: 'POST',
  bodyType: 'json',
  auth: { type: 'bearer', token: 'saved-TOKEN' },
  headers: [{ key: 'X-Team', value: 'care' }],
};

interface Expected {
  method: string;
  query: string;
  /** Every value each named header arrived with; [] = absent. */
  headers: Record<string, string[]>;
  body: string;
}

const cases: Array<
  [string, Record<string, unknown>, Record<string, unknown> | undefined, Expected]
> = [
  [
    'the minimal widget: saved method, auth and headers, no body',
    POST_JSON_BEARER,
    undefined,
    {
      method: 'POST',
      query: 'src=saved',
      headers: {
        authorization: ['Bearer saved-TOKEN'],
        'x-team': ['care'],
        'content-type': [],
      },
      body: '',
    },
  ],
  [
    'an empty request object is the minimal widget',
    POST_JSON_BEARER,
    {},
    {
      method: 'POST',
      query: 'src=saved',
      headers: { authorization: ['Bearer saved-TOKEN'], 'content-type': [] },
      body: '',
    },
  ],
  [
    'a widget body goes with the saved body type and method',
    POST_JSON_BEARER,
    { body: '{"id": "$flow.key.id"}' },
    {
      method: 'POST',
      query: 'src=saved',
      headers: {
        authorization: ['Bearer saved-TOKEN'],
        'x-team': ['care'],
        'content-type': ['application/json'],
      },
      body: '{"id": "7"}',
    },
  ],
  [
    'widget query parameters are added after the saved URL query',
    POST_JSON_BEARER,
    { query: [{ key: 'id', value: '$flow.key.id' }] },
    {
      method: 'POST',
      query: 'src=saved&id=7',
      headers: { authorization: ['Bearer saved-TOKEN'], 'x-team': ['care'] },
      body: '',
    },
  ],
  [
    'a widget method overrides the saved one',
    POST_JSON_BEARER,
    { method: 'patch', body: '{"id": "$flow.key.id"}' },
    {
      method: 'PATCH',
      query: 'src=saved',
      headers: { authorization: ['Bearer saved-TOKEN'], 'content-type': ['application/json'] },
      body: '{"id": "7"}',
    },
  ],
  [
    'a widget GET on a saved POST sends no body',
    POST_JSON_BEARER,
    { method: 'GET' },
    {
      method: 'GET',
      query: 'src=saved',
      headers: { authorization: ['Bearer saved-TOKEN'], 'content-type': [] },
      body: '',
    },
  ],
  [
    'a widget bodyType overrides the saved one',
    POST_JSON_BEARER,
    { bodyType: 'text', body: 'id $flow.key.id' },
    {
      method: 'POST',
      query: 'src=saved',
      headers: { 'content-type': ['text/plain; charset=utf-8'] },
      body: 'id 7',
    },
  ],
  [
    'widget headers replace saved ones of the same name (any case) and add the others',
    POST_JSON_BEARER,
    {
      headers: [
        { key: 'x-team', value: 'sales' },
        { key: 'X-Extra', value: '$flow.key.id' },
      ],
    },
    {
      method: 'POST',
      query: 'src=saved',
      headers: {
        'x-team': ['sales'],
        'x-extra': ['7'],
        authorization: ['Bearer saved-TOKEN'],
      },
      body: '',
    },
  ],
  [
    'a widget Content-Type header beats the body type',
    POST_JSON_BEARER,
    {
      headers: [{ key: 'content-type', value: 'application/vnd.api+json' }],
      body: '{"id": "$flow.key.id"}',
    },
    {
      method: 'POST',
      query: 'src=saved',
      headers: { 'content-type': ['application/vnd.api+json'] },
      body: '{"id": "7"}',
    },
  ],
  [
    'a saved Content-Type header beats the body type',
    {
      ...POST_JSON_BEARER,
      headers: [{ key: 'Content-Type', value: 'application/cloudevents+json' }],
    },
    { body: '{"id": "$flow.key.id"}' },
    {
      method: 'POST',
      query: 'src=saved',
      headers: { 'content-type': ['application/cloudevents+json'] },
      body: '{"id": "7"}',
    },
  ],
  [
    'a widget auth replaces the saved auth',
    POST_JSON_BEARER,
    { auth: { type: 'basic', username: 'u', password: 'p' } },
    {
      method: 'POST',
      query: 'src=saved',
      headers: { authorization: ['Basic dTpw'], 'x-team': ['care'] },
      body: '',
    },
  ],
  [
    'a widget auth of type none sends no credentials',
    POST_JSON_BEARER,
    { auth: { type: 'none' } },
    {
      method: 'POST',
      query: 'src=saved',
      headers: { authorization: [], 'x-team': ['care'] },
      body: '',
    },
  ],
  [
    'saved PUT xml with basic auth and a widget XML body',
    {
      method: 'PUT',
      bodyType: 'xml',
      auth: { type: 'basic', username: 'Aladdin', password: 'open sesame' },
    },
    { body: '<order><id>$flow.key.id</id></order>' },
    {
      method: 'PUT',
      query: 'src=saved',
      headers: {
        authorization: ['Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='],
        'content-type': ['application/xml'],
      },
      body: '<order><id>7</id></order>',
    },
  ],
  [
    'saved GET with an apiKey in the query and widget query parameters',
    {
      method: 'GET',
      bodyType: 'none',
      auth: { type: 'apiKey', in: 'query', name: 'key', value: 'k 1' },
    },
    { query: [{ key: 'id', value: '$flow.key.id' }] },
    {
      method: 'GET',
      query: 'src=saved&id=7&key=k%201',
      headers: { authorization: [], 'content-type': [] },
      body: '',
    },
  ],
  [
    'saved form body type with an apiKey header',
    {
      method: 'POST',
      bodyType: 'form',
      auth: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'k3y' },
    },
    { body: 'id=$flow.key.id&lang=en' },
    {
      method: 'POST',
      query: 'src=saved',
      headers: {
        'x-api-key': ['k3y'],
        'content-type': ['application/x-www-form-urlencoded'],
      },
      body: 'id=7&lang=en',
    },
  ],
  [
    'saved body type none and a widget bodyType json',
    { method: 'POST', bodyType: 'none' },
    { bodyType: 'json', body: '{"id": "$flow.key.id"}' },
    {
      method: 'POST',
      query: 'src=saved',
      headers: { 'content-type': ['application/json'], authorization: [] },
      body: '{"id": "7"}',
    },
  ],
];

describe('saved mode: the saved webhook and the widget request, merged (docs/webhook-widget.md)', () => {
  it.each(cases)('%s', async (_title, saved, request, expected) => {
    const { received, result } = await run(saved, request);
    expect(result.line).toBe(0);
    expect(received).toBeDefined();
    if (!received) return;
    const [path, query = ''] = received.url.split('?');
    expect(path).toBe(`/h${sequence}`);
    expect({ method: received.method, query, body: received.body.toString('utf8') }).toEqual({
      method: expected.method,
      query: expected.query,
      body: expected.body,
    });
    for (const [name, sent] of Object.entries(expected.headers)) {
      expect([name, values(received, name)]).toEqual([name, sent]);
    }
    // Saved secrets are not shown by the widget test either.
    expect(JSON.stringify(result)).not.toMatch(/saved-TOKEN|k3y|k%201|open sesame/);
  });

  it('the documented minimal widget works in a flow execution too', async () => {
    const { received: viaTest } = await run(POST_JSON_BEARER);
    const flow = {
      name: 'saved',
      start: 'call',
      widgets: {
        call: { type: 'webhook', config: { mode: 'saved', webhook: `hook-${sequence}` } },
      },
    };
    const flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
    const before = server.received.length;
    const execution = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
      body: {},
    });
    expect(execution.body.variables['$flow.key.response_status']).toBe('SUCCESS');
    const received = server.received[before];
    expect(received?.method).toBe('POST');
    expect(received?.headers.authorization).toBe('Bearer saved-TOKEN');
    expect(received?.url).toBe(viaTest?.url);
    expect(received?.body.length).toBe(0);
  });

  it('saved hmac auth signs the widget body the receiver gets', async () => {
    const { received, result } = await run(
      { method: 'POST', bodyType: 'json', auth: { type: 'hmac', secret: 'hmac-secret' } },
      { body: '{"id": "$flow.key.id"}' },
    );
    expect(result.line).toBe(0);
    const id = received?.headers['webhook-id'];
    const timestamp = received?.headers['webhook-timestamp'];
    const signed = `${String(id)}.${String(timestamp)}.{"id": "7"}`;
    const expected = createHmac('sha256', 'hmac-secret').update(signed).digest('base64');
    expect(received?.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(received?.body.toString('utf8')).toBe('{"id": "7"}');
  });

  it('a widget body for a saved webhook of body type none fails clearly and sends nothing', async () => {
    const { received, result } = await run(
      { method: 'POST', bodyType: 'none' },
      { body: '{"id": "$flow.key.id"}' },
    );
    expect(received).toBeUndefined();
    expect(result.line).toBe(1);
    expect(result.variables['$flow.key.error_reason']).toBe('INVALID_REQUEST');
  });
});

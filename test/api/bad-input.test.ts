import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
const ids: Record<string, string> = {};

const flow = { name: 'f', start: 'e', widgets: { e: { type: 'end' } } };

beforeAll(async () => {
  h = await startHarness();
  ids.flow = (await h.call('POST', '/v1/flows', { body: flow })).body.id;
  ids.execution = (
    await h.call('POST', `/v1/flows/${ids.flow}/executions?wait=true`, { body: {} })
  ).body.id;
  ids.webhook = (
    await h.call('POST', '/v1/webhooks', { body: { name: 'w', url: 'https://example.test/hook' } })
  ).body.id;
  ids.delivery = (await h.call('POST', `/v1/webhooks/${ids.webhook}/check`)).body.deliveryId;
});
afterAll(async () => {
  await h.close();
});

/** Every account-scoped route, with A's ids (B must see none of them). */
const scoped: Array<[string, () => string, unknown?]> = [
  ['GET', () => `/v1/flows/${ids.flow}`],
  ['PUT', () => `/v1/flows/${ids.flow}`, flow],
  ['DELETE', () => `/v1/flows/${ids.flow}`],
  ['POST', () => `/v1/flows/${ids.flow}/executions`, {}],
  ['POST', () => `/v1/flows/${ids.flow}/trigger-url`],
  ['DELETE', () => `/v1/flows/${ids.flow}/trigger-url`],
  ['GET', () => `/v1/executions/${ids.execution}`],
  ['GET', () => `/v1/webhooks/${ids.webhook}`],
  ['PUT', () => `/v1/webhooks/${ids.webhook}`, { name: 'w2', url: 'https://example.test/x' }],
  ['DELETE', () => `/v1/webhooks/${ids.webhook}`],
  ['POST', () => `/v1/webhooks/${ids.webhook}/check`],
  ['POST', () => `/v1/webhooks/${ids.webhook}/rotate-secret`, {}],
  ['POST', () => `/v1/webhooks/${ids.webhook}/recover`, { since: '2020-01-01T00:00:00Z' }],
  ['GET', () => `/v1/deliveries/${ids.delivery}`],
  ['POST', () => `/v1/deliveries/${ids.delivery}/resend`],
];

/** Routes that take a JSON body. */
const withBody: Array<[string, () => string]> = [
  ['POST', () => '/v1/flows'],
  ['PUT', () => `/v1/flows/${ids.flow}`],
  ['POST', () => `/v1/flows/${ids.flow}/executions`],
  ['POST', () => '/v1/webhooks'],
  ['PUT', () => `/v1/webhooks/${ids.webhook}`],
  ['POST', () => `/v1/webhooks/${ids.webhook}/rotate-secret`],
  ['POST', () => `/v1/webhooks/${ids.webhook}/recover`],
  ['PUT', () => '/v1/contacts/+1555/variables'],
  ['POST', () => '/v1/widget-tests'],
  ['PUT', () => '/v1/account/settings'],
  ['PATCH', () => '/v1/account/settings'],
];

async function snapshot(): Promise<string> {
  const reads = await Promise.all([
    h.call('GET', `/v1/flows/${ids.flow}`),
    h.call('GET', `/v1/webhooks/${ids.webhook}`),
    h.call('GET', '/v1/flows'),
    h.call('GET', '/v1/webhooks'),
    h.call('GET', '/v1/contacts/+1555/variables'),
    h.call('GET', '/v1/account'),
  ]);
  return JSON.stringify(reads);
}

describe('bad input on every route', () => {
  it.each(scoped)(
    '%s %s is a 404 for another account and changes nothing',
    async (method, path, body) => {
      const before = await snapshot();
      const response = await h.call(method, path(), {
        key: h.keyB,
        ...(body === undefined ? {} : { body }),
      });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
      expect(await snapshot()).toBe(before);
    },
  );

  it.each(withBody)(
    '%s %s answers garbage JSON, wrong types and 5 MB with the envelope',
    async (method, path) => {
      const before = await snapshot();
      const garbage = await h.call(method, path(), { raw: '{"name": ' });
      expect(garbage.status).toBe(400);
      expect(garbage.body.error.code).toBe('INVALID_REQUEST');
      const wrongTypes = await h.call(method, path(), {
        body: {
          name: 42,
          url: [],
          variables: 'x',
          config: 1,
          since: 7,
          allowPlainHttp: 'yes',
          overlapSeconds: 'a',
        },
      });
      expect(wrongTypes.status).toBe(400);
      expect(wrongTypes.body.error.details.length).toBeGreaterThan(0);
      const huge = await h.call(method, path(), {
        raw: JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) }),
      });
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await snapshot()).toBe(before);
      expect((await h.call('GET', '/healthz')).status).toBe(200);
    },
  );

  it.each([
    ['GET', '/v1/flows/flow_unknown'],
    ['GET', '/v1/executions/exec_unknown'],
    ['GET', '/v1/webhooks/wh_unknown'],
    ['GET', '/v1/deliveries/dlv_unknown'],
    ['POST', '/v1/deliveries/dlv_unknown/resend'],
  ])('%s %s (unknown id) is a 404 envelope', async (method, path) => {
    const response = await h.call(method, path);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String), details: [] },
    });
  });

  it.each([
    '/v1/flows?limit=0',
    '/v1/flows?limit=abc',
    '/v1/flows?cursor=not-a-cursor',
    '/v1/executions?status=unknown',
    '/v1/deliveries?status=unknown',
  ])('GET %s is a 400 envelope', async (path) => {
    const response = await h.call('GET', path);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_REQUEST');
  });
});

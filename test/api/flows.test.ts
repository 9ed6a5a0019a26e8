import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

const flow = {
  name: 'Greeting',
  start: 'hello',
  widgets: {
    hello: { type: 'play', config: { text: 'Hi $flow.key.name' }, lines: ['bye'] },
    bye: { type: 'hangup' },
  },
};

let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('flows API', () => {
  it('saves, reads, versions, lists and deletes a flow', async () => {
    const created = await h.call('POST', '/v1/flows', { body: flow });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^flow_/), version: 1 });
    const id = created.body.id as string;

    const read = await h.call('GET', `/v1/flows/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id,
      version: 1,
      name: 'Greeting',
      start: 'hello',
      widgets: flow.widgets,
    });

    const updated = await h.call('PUT', `/v1/flows/${id}`, {
      body: { ...read.body, name: 'Greeting 2' },
    });
    expect(updated.body).toMatchObject({ id, version: 2 });
    expect((await h.call('GET', `/v1/flows/${id}`)).body).toMatchObject({
      version: 2,
      name: 'Greeting 2',
    });
    expect((await h.call('GET', `/v1/flows/${id}?version=1`)).body).toMatchObject({
      version: 1,
      name: 'Greeting',
    });
    expect((await h.call('GET', `/v1/flows/${id}?version=9`)).status).toBe(404);

    const list = await h.call('GET', '/v1/flows');
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(id);

    expect((await h.call('DELETE', `/v1/flows/${id}`)).status).toBe(204);
    expect((await h.call('GET', `/v1/flows/${id}`)).status).toBe(404);
  });

  it('refuses an invalid flow with every problem and its path, storing nothing', async () => {
    const before = await h.call('GET', '/v1/flows');
    const bad = {
      name: 'Bad',
      start: 'a',
      widgets: {
        a: {
          type: 'webhook',
          config: { request: { method: 'FETCH', url: 'https://x.test' }, timeoutSeconds: 99 },
          lines: ['ghost'],
        },
        b: { type: 'teleport' },
      },
    };
    const response = await h.call('POST', '/v1/flows', { body: bad });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_REQUEST');
    const paths = response.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'widgets.a.config.request.method',
        'widgets.a.config.timeoutSeconds',
        'widgets.a.lines[0]',
        'widgets.b.type',
      ]),
    );
    expect((await h.call('GET', '/v1/flows')).body.items).toHaveLength(before.body.items.length);
  });

  it.each([
    ['garbage JSON', { raw: '{not json' }, 400, 'INVALID_REQUEST'],
    ['a JSON array', { body: [1, 2] }, 400, 'INVALID_REQUEST'],
    [
      'wrong content type',
      { raw: 'name=x', headers: { 'content-type': 'text/plain' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a 5 MB body',
      { raw: JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) }) },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['no API key', { body: flow, key: null }, 401, 'UNAUTHORIZED'],
    ['a wrong API key', { body: flow, key: 'hl_nope' }, 401, 'UNAUTHORIZED'],
  ])('answers %s with the error envelope', async (_name, options, status, code) => {
    const response = await h.call('POST', '/v1/flows', options);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({
      error: { code, message: expect.any(String), details: expect.any(Array) },
    });
    expect((await h.call('GET', '/healthz')).status).toBe(200);
  });

  it('hides one account’s flows from another (404 for every route)', async () => {
    const { body } = await h.call('POST', '/v1/flows', { body: flow });
    const id = body.id as string;
    const asB = { key: h.keyB };
    expect((await h.call('GET', `/v1/flows/${id}`, asB)).status).toBe(404);
    expect((await h.call('PUT', `/v1/flows/${id}`, { ...asB, body: flow })).status).toBe(404);
    expect((await h.call('DELETE', `/v1/flows/${id}`, asB)).status).toBe(404);
    expect((await h.call('POST', `/v1/flows/${id}/executions`, { ...asB, body: {} })).status).toBe(
      404,
    );
    expect((await h.call('GET', '/v1/flows', asB)).body.items).toEqual([]);
    expect((await h.call('GET', `/v1/flows/${id}`)).status).toBe(200);
  });
});

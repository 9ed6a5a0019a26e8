/**
 * A flow's versions list, restoring an old version, and the flows list's last execution
 * (docs/server.md flows), through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

const flow = (name: string, text: string) => ({
  name,
  start: 'hello',
  widgets: {
    hello: { type: 'play', config: { text }, lines: ['bye'] },
    bye: { type: 'hangup' },
  },
});

let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function createFlow(name: string): Promise<string> {
  const created = await h.call('POST', '/v1/flows', { body: flow(name, 'one') });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('flow versions API', () => {
  it('lists versions newest first, by pages, and restores an old one as the newest', async () => {
    const id = await createFlow('Versions');
    const saved = await h.call('PUT', `/v1/flows/${id}`, {
      body: flow('Versions 2', 'two'),
      headers: { 'if-match': '"1"' },
    });
    expect(saved.body.version).toBe(2);

    const first = await h.call('GET', `/v1/flows/${id}/versions?limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      { version: 2, name: 'Versions 2', createdAt: expect.any(String) },
    ]);
    const cursor = encodeURIComponent(first.body.nextCursor as string);
    const second = await h.call('GET', `/v1/flows/${id}/versions?limit=1&cursor=${cursor}`);
    expect(second.body).toEqual({
      items: [{ version: 1, name: 'Versions', createdAt: expect.any(String) }],
      nextCursor: null,
    });

    // Restore: the old document, saved on the latest version.
    const old = await h.call('GET', `/v1/flows/${id}?version=1`);
    const restored = await h.call('PUT', `/v1/flows/${id}`, {
      body: old.body,
      headers: { 'if-match': '"2"' },
    });
    expect(restored.body.version).toBe(3);
    const latest = await h.call('GET', `/v1/flows/${id}`);
    expect(latest.body).toMatchObject({ version: 3, name: 'Versions' });
    expect(latest.body.widgets.hello.config.text).toBe('one');
    const all = await h.call('GET', `/v1/flows/${id}/versions`);
    expect(all.body.items.map((item: { version: number }) => item.version)).toEqual([3, 2, 1]);
  });

  it("answers 404 for a missing, deleted or another account's flow, 400 for a bad cursor", async () => {
    const id = await createFlow('Gone');
    expect((await h.call('GET', `/v1/flows/${id}/versions`, { key: h.keyB })).status).toBe(404);
    expect((await h.call('GET', '/v1/flows/flow_missing/versions')).status).toBe(404);
    const bad = await h.call('GET', `/v1/flows/${id}/versions?cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/cursor/);
    expect((await h.call('GET', `/v1/flows/${id}/versions?limit=0`)).status).toBe(400);
    expect((await h.call('DELETE', `/v1/flows/${id}`)).status).toBe(204);
    const gone = await h.call('GET', `/v1/flows/${id}/versions`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toMatch(/flow/);
  });

  it("lists each flow's last execution, null before any", async () => {
    const id = await createFlow('Runs');
    const before = await h.call('GET', '/v1/flows?limit=200');
    const listed = (body: { items: Array<{ id: string }> }) =>
      body.items.find((item) => item.id === id);
    expect(listed(before.body)).toMatchObject({ lastExecution: null });

    const run = await h.call('POST', `/v1/flows/${id}/executions?wait=true`, { body: {} });
    expect(run.status).toBe(201);
    const after = await h.call('GET', '/v1/flows?limit=200');
    expect(listed(after.body)).toMatchObject({
      lastExecution: {
        id: run.body.id,
        status: 'completed',
        endReason: run.body.endReason,
        startTime: expect.any(String),
      },
    });
  });

  it('describes the versions list and lastExecution in the OpenAPI document', async () => {
    const { body } = await h.call('GET', '/v1/openapi.json');
    const versions = body.paths['/v1/flows/{id}/versions'].get;
    expect(versions.responses).toHaveProperty('200');
    expect(versions.responses).toHaveProperty('404');
    const list = JSON.stringify(body.paths['/v1/flows'].get.responses['200']);
    expect(list).toContain('lastExecution');
  });
});

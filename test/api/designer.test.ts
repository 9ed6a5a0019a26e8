import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

const flow = {
  name: 'Route',
  start: 'ask',
  widgets: {
    ask: {
      type: 'webhook',
      config: { request: { url: 'https://api.example.com/x' }, statusLines: { '404': 2 } },
      lines: ['route', 'bye', 'bye'],
    },
    route: {
      type: 'decision',
      config: { conditions: [{ variable: 'a', operator: 'equals', value: '1' }] },
      lines: ['bye', 'bye'],
    },
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

describe('designer API', () => {
  it('lists every widget type with title, description, category, config schema and defaults', async () => {
    const { status, body } = await h.call('GET', '/v1/widgets');
    expect(status).toBe(200);
    const types = body.items.map((item: { type: string }) => item.type);
    expect(types).toEqual(['webhook', 'store', 'decision', 'play', 'input', 'hangup', 'end']);
    const decision = body.items.find((item: { type: string }) => item.type === 'decision');
    expect(decision).toMatchObject({
      title: 'Decision',
      category: 'logic',
      callerInteraction: false,
      description: expect.stringMatching(/condition/),
      configSchema: { type: 'object', properties: { conditions: { type: 'array' } } },
      defaults: { conditions: [expect.any(Object)] },
    });
    expect((await h.call('GET', '/v1/widgets', { key: null })).status).toBe(401);
  });

  it('validates without saving: no problem, and each widget’s lines with their labels', async () => {
    const { status, body } = await h.call('POST', '/v1/flows/validate', { body: flow });
    expect(status).toBe(200);
    expect(body).toEqual({
      valid: true,
      problems: [],
      lines: {
        ask: { type: 'webhook', labels: ['success', 'failure', '404'] },
        route: { type: 'decision', labels: ['condition 0', 'no match'] },
        bye: { type: 'hangup', labels: [] },
      },
    });
    expect((await h.call('GET', '/v1/flows')).body.items).toEqual([]);
  });

  it('reports every problem with its path and severity, and the lines of the widgets that parse', async () => {
    const broken = {
      ...flow,
      start: 'nowhere',
      widgets: { ...flow.widgets, route: { type: 'decision', config: { conditions: [] } } },
    };
    const { status, body } = await h.call('POST', '/v1/flows/validate', { body: broken });
    expect(status).toBe(200);
    expect(body.valid).toBe(false);
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { path: 'start', severity: 'error', message: 'start widget "nowhere" does not exist' },
        expect.objectContaining({ path: 'widgets.route.config.conditions', severity: 'error' }),
      ]),
    );
    expect(Object.keys(body.lines)).toEqual(['ask', 'bye']);
  });

  it('saves on a base version (If-Match or baseVersion); a stale one is 409 with the envelope', async () => {
    const { body: created } = await h.call('POST', '/v1/flows', { body: flow });
    const id = created.id as string;
    const first = await h.call('PUT', `/v1/flows/${id}`, {
      body: flow,
      headers: { 'if-match': '"1"' },
    });
    expect(first.body).toMatchObject({ version: 2 });
    const stale = await h.call('PUT', `/v1/flows/${id}`, { body: { ...flow, baseVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('version 2 is the latest'),
    });
    const staleHeader = await h.call('PUT', `/v1/flows/${id}`, {
      body: flow,
      headers: { 'if-match': '"1"' },
    });
    expect(staleHeader.status).toBe(409);
    const ok = await h.call('PUT', `/v1/flows/${id}`, { body: { ...flow, baseVersion: 2 } });
    expect(ok.body).toMatchObject({ version: 3 });
    const read = await h.call('GET', `/v1/flows/${id}`);
    expect(read.body).not.toHaveProperty('baseVersion');
    const bad = await h.call('PUT', `/v1/flows/${id}`, {
      body: flow,
      headers: { 'if-match': 'soon' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/If-Match/);
  });

  it('describes the designer routes in the OpenAPI document', async () => {
    const { body } = await h.call('GET', '/v1/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/v1/widgets', '/v1/flows/validate', '/v1/session']),
    );
    expect(body.paths['/v1/flows/{id}'].put.responses).toHaveProperty('409');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('operations', () => {
  it('answers /healthz without a key', async () => {
    expect(await h.call('GET', '/healthz', { key: null })).toEqual({
      status: 200,
      body: { status: 'ok' },
    });
  });

  it('serves an OpenAPI 3.1 document describing every /v1 route', async () => {
    const { status, body } = await h.call('GET', '/v1/openapi.json', { key: null });
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/flows',
        '/v1/flows/{id}',
        '/v1/flows/{id}/executions',
        '/v1/executions',
        '/v1/executions/{id}',
        '/v1/webhooks',
        '/v1/webhooks/{id}',
        '/v1/webhooks/{id}/check',
        '/v1/deliveries',
        '/v1/deliveries/{id}',
        '/v1/deliveries/{id}/resend',
      ]),
    );
    expect(body.paths['/v1/flows'].post.responses['400']).toBeDefined();
    // A webhook's routes are grouped under the webhooks tag, recovery included.
    expect(body.paths['/v1/webhooks/{id}/recover'].post.tags).toEqual(['webhooks']);
    const catalogue =
      body.paths['/v1/internal-functions'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(catalogue)).toContain('createOutbound');
    const listed = await h.call('GET', '/v1/internal-functions');
    expect(listed.body.items.map((item: { name: string }) => item.name)).toEqual([
      'createOutbound',
      'shortURL',
      'updateUserPreferences',
      'directDialPause',
    ]);
  });

  it('exposes Prometheus metrics that count executions', async () => {
    const flow = { name: 'm', start: 'e', widgets: { e: { type: 'end' } } };
    const flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
    await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, { body: {} });
    const { status, body } = await h.call('GET', '/metrics', { key: null });
    expect(status).toBe(200);
    expect(body).toContain('hookline_executions_started_total 1');
    expect(body).toContain('hookline_executions_ended_total{status="completed"} 1');
    expect(body).toContain('hookline_delivery_queue_depth 0');
    // The process and event-loop metrics operators expect, under the same prefix.
    expect(body).toMatch(/^hookline_process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^hookline_nodejs_eventloop_lag_seconds \d/m);
    expect(body).toContain('# TYPE hookline_nodejs_heap_size_used_bytes gauge');
  });

  it('times the requests widgets make, by outcome', async () => {
    const config = {
      mode: 'internal',
      function: 'shortURL',
      inputs: { longUrl: 'https://a.test' },
    };
    const flow = { name: 'r', start: 'w', widgets: { w: { type: 'webhook', config } } };
    const flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
    await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, { body: {} });
    const { body } = await h.call('GET', '/metrics', { key: null });
    expect(body).toContain('hookline_widget_request_duration_seconds_count{outcome="success"} 1');
  });

  it('answers unknown routes with the envelope', async () => {
    const { status, body } = await h.call('GET', '/v1/nope');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});

describe('HOOKLINE_METRICS_TOKEN', () => {
  let guarded: ApiHarness;
  beforeAll(async () => {
    guarded = await startHarness({ HOOKLINE_METRICS_TOKEN: 'metrics-secret-1' });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it('protects /metrics with a Bearer token: 401 without or with a wrong one', async () => {
    const none = await guarded.call('GET', '/metrics', { key: null });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    expect((await guarded.call('GET', '/metrics', { key: 'metrics-secret-2' })).status).toBe(401);
    // An API key is not the metrics token.
    expect((await guarded.call('GET', '/metrics')).status).toBe(401);
    const ok = await guarded.call('GET', '/metrics', { key: 'metrics-secret-1' });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('hookline_delivery_queue_depth');
  });

  it('leaves /healthz open', async () => {
    expect((await guarded.call('GET', '/healthz', { key: null })).status).toBe(200);
  });
});

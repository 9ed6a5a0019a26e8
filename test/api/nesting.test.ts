/**
 * Request bodies nested deeper than MAX_REQUEST_DEPTH are refused at the edge with a 400
 * naming the limit, on every kind of route: API bodies (at the root or inside a field) and
 * trigger URLs (the hono route here; the node:http fast path in trigger-listener.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_DEPTH } from '../../src/server/json-body.js';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let flowId: string;
let triggerPath: string;

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  h = await startHarness();
  flowId = (
    await h.call('POST', '/v1/flows', {
      body: { name: 'f', start: 'e', widgets: { e: { type: 'end' } } },
    })
  ).body.id;
  triggerPath = new URL(
    (await h.call('POST', `/v1/flows/${flowId}/trigger-url`)).body.url as string,
  ).pathname;
});
afterAll(async () => {
  await h.close();
});

function expectDepthRefused(answer: { status: number; body: any }): void {
  expect(answer.status).toBe(400);
  expect(answer.body.error.code).toBe('INVALID_REQUEST');
  expect(answer.body.error.message).toContain(`nests deeper than ${MAX_REQUEST_DEPTH}`);
}

describe('nesting limit on request bodies', () => {
  const deep = nested(5000);

  it.each([
    ['POST', () => `/v1/flows/${flowId}/executions`, `{"variables":{"x":${deep}}}`],
    ['PUT', () => '/v1/contacts/+1555/variables', `{"variables":{"x":${deep}}}`],
    ['POST', () => '/v1/flows', deep],
    ['POST', () => '/v1/widget-tests', `{"config":${deep}}`],
    ['POST', () => triggerPath, `{"topic":${deep}}`],
  ])('%s %s: 400 naming the limit, not a 500', async (method, path, raw) => {
    expectDepthRefused(await h.call(method, path(), { raw }));
  });

  it('accepts a body exactly at the limit', async () => {
    // The body object is level 1, variables level 2, x's array 3 and deeper.
    const raw = `{"variables":{"x":${nested(MAX_REQUEST_DEPTH - 2)}}}`;
    const answer = await h.call('POST', `/v1/flows/${flowId}/executions`, { raw });
    expect(answer.status).toBe(201);
    const over = `{"variables":{"x":${nested(MAX_REQUEST_DEPTH - 1)}}}`;
    expectDepthRefused(await h.call('POST', `/v1/flows/${flowId}/executions`, { raw: over }));
  });

  it('form bodies are flat: a bracketed value is just text', async () => {
    const answer = await h.call('POST', `${triggerPath}?wait=true`, {
      key: null,
      raw: `topic=${encodeURIComponent(deep)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.variables['$flow.key.topic']).toBe(deep);
  });

  it('JSON content types count the same', async () => {
    expectDepthRefused(await h.call('POST', triggerPath, { key: null, raw: deep, headers: json }));
  });
});

/**
 * Routes whose body has no required field take no body at all (no content-type either);
 * `PATCH /v1/account/settings` changes only the fields given, `PUT` replaces them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let flowId: string;
let webhookId: string;

beforeAll(async () => {
  h = await startHarness();
  flowId = (
    await h.call('POST', '/v1/flows', {
      body: { name: 'f', start: 'e', widgets: { e: { type: 'end' } } },
    })
  ).body.id;
  webhookId = (
    await h.call('POST', '/v1/webhooks', {
      body: { name: 'w', url: 'https://example.test/hook' },
    })
  ).body.id;
});
afterAll(async () => {
  await h.close();
});

describe('optional request bodies', () => {
  it('POST /v1/flows/{id}/executions with no body starts one', async () => {
    const answer = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`);
    expect(answer.status).toBe(201);
    expect(answer.body.status).toBe('completed');
  });

  it('POST /v1/webhooks/{id}/rotate-secret with no body rotates (default overlap)', async () => {
    const answer = await h.call('POST', `/v1/webhooks/${webhookId}/rotate-secret`);
    expect(answer.status).toBe(200);
    expect(answer.body.secret).toMatch(/^whsec_/);
  });

  it('a body that is sent is still checked: type and content', async () => {
    const text = await h.call('POST', `/v1/flows/${flowId}/executions`, {
      raw: 'variables=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const wrong = await h.call('POST', `/v1/webhooks/${webhookId}/rotate-secret`, {
      body: { overlapSeconds: 'a' },
    });
    expect(wrong.status).toBe(400);
  });

  it('a required body is still required', async () => {
    const answer = await h.call('POST', '/v1/webhooks');
    expect(answer.status).toBe(415);
  });

  it('the OpenAPI document marks which bodies are required', async () => {
    const { paths } = (await h.call('GET', '/v1/openapi.json')).body;
    expect(paths['/v1/flows/{id}/executions'].post.requestBody.required).toBe(false);
    expect(paths['/v1/webhooks/{id}/rotate-secret'].post.requestBody.required).toBe(false);
    expect(paths['/v1/webhooks'].post.requestBody.required).toBe(true);
    expect(paths['/v1/account/settings'].patch.requestBody).toBeDefined();
  });
});

describe('account settings: PATCH changes the given fields, PUT replaces all', () => {
  // Account B: an IP allow-list shuts out in-process calls (they have no address).
  it('PATCH keeps the fields not given', async () => {
    const put = await h.call('PUT', '/v1/account/settings', {
      key: h.keyB,
      body: { allowPlainHttp: true, apiIpAllowList: [] },
    });
    expect(put.status).toBe(200);
    const patched = await h.call('PATCH', '/v1/account/settings', {
      key: h.keyB,
      body: { apiIpAllowList: ['127.0.0.1/32', '::1'] },
    });
    expect(patched.status).toBe(200);
    const expected = { allowPlainHttp: true, apiIpAllowList: ['127.0.0.1/32', '::1'] };
    expect(patched.body.settings).toEqual(expected);
    expect((await h.storage.accounts.getAccount(h.accountB))?.settings).toEqual(expected);
  });

  it('PATCH checks what it is given; PUT still needs every field', async () => {
    const bad = await h.call('PATCH', '/v1/account/settings', {
      body: { apiIpAllowList: ['not-an-ip'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toContain('apiIpAllowList');
    const partial = await h.call('PUT', '/v1/account/settings', { body: { allowPlainHttp: true } });
    expect(partial.status).toBe(400);
    expect((await h.call('GET', '/v1/account')).body.settings.allowPlainHttp).toBe(false);
  });
});

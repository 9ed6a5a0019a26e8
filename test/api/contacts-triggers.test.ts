import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const remember = {
  name: 'Remember',
  start: 'check',
  widgets: {
    check: {
      type: 'decision',
      config: { conditions: [{ variable: '$user.key.visits', operator: 'isEmpty' }] },
      lines: ['first', 'again'],
    },
    first: {
      type: 'store',
      config: { scope: 'user', variables: [{ key: 'visits', value: 'one' }] },
      lines: ['hi'],
    },
    again: {
      type: 'store',
      config: { scope: 'user', variables: [{ key: 'visits', value: 'many' }] },
      lines: ['hi'],
    },
    hi: { type: 'play', config: { text: '$user.key.visits $user.key.language $flow.key.topic' } },
  },
};

describe('contacts', () => {
  it('keeps $user.key variables across executions and shows them with bare names', async () => {
    const flowId = (await h.call('POST', '/v1/flows', { body: remember })).body.id as string;
    const run = () =>
      h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, { body: { from: '+15551234' } });
    expect((await run()).body.events).toEqual([{ type: 'play', text: 'one  ' }]);
    expect((await h.call('GET', '/v1/contacts/+15551234/variables')).body).toEqual({
      contactNumber: '+15551234',
      variables: { visits: 'one' },
    });
    const put = await h.call('PUT', '/v1/contacts/+15551234/variables', {
      body: { variables: { visits: 'one', language: 'fr' } },
    });
    expect(put.status).toBe(200);
    expect((await run()).body.events).toEqual([{ type: 'play', text: 'many fr ' }]);
    expect(
      (await h.call('GET', '/v1/contacts/+15551234/variables', { key: h.keyB })).body.variables,
    ).toEqual({});
    const bad = await h.call('PUT', '/v1/contacts/+15551234/variables', {
      body: { variables: { 'bad name': 1 } },
    });
    expect(bad.status).toBe(400);
    expect((await h.call('GET', '/v1/contacts/+15551234/variables')).body.variables).toEqual({
      visits: 'many',
      language: 'fr',
    });
  });
});

describe('trigger URLs', () => {
  it('start an execution from an inbound request with its fields as $flow.key.*, and can be revoked', async () => {
    const flowId = (await h.call('POST', '/v1/flows', { body: remember })).body.id as string;
    const made = await h.call('POST', `/v1/flows/${flowId}/trigger-url`);
    expect(made.status).toBe(201);
    const url = new URL(made.body.url as string);
    expect(url.origin).toBe('http://hookline.test');
    const path = url.pathname;

    const waited = await h.call('POST', `${path}?wait=true`, {
      body: { topic: 'billing', 'not-a-name': 1 },
      key: null,
    });
    expect(waited.status).toBe(200);
    expect(waited.body).toMatchObject({ status: 'completed', endReason: 'noNextWidget' });
    expect(waited.body.variables['$flow.key.topic']).toBe('billing');
    expect(Object.keys(waited.body.variables).some((name) => name.includes('not-a-name'))).toBe(
      false,
    );

    const form = await h.call('POST', path, {
      raw: 'topic=sales&from=%2B1999',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      key: null,
    });
    expect(form.status).toBe(202);
    expect(form.body.id).toMatch(/^exec_/);

    expect((await h.call('POST', `/v1/flows/${flowId}/trigger-url`, { key: h.keyB })).status).toBe(
      404,
    );
    expect((await h.call('DELETE', `/v1/flows/${flowId}/trigger-url`)).body).toEqual({
      revoked: 1,
    });
    expect((await h.call('POST', path, { body: {}, key: null })).status).toBe(404);
    expect((await h.call('POST', '/t/guessed-token', { body: {}, key: null })).status).toBe(404);
  });
});

describe('account', () => {
  it('reads the account, changes settings, adds and revokes keys', async () => {
    const account = await h.call('GET', '/v1/account');
    expect(account.body).toMatchObject({
      id: h.accountA,
      settings: { allowPlainHttp: false, apiIpAllowList: [] },
    });
    const added = await h.call('POST', '/v1/account/keys');
    expect(added.status).toBe(201);
    const second = added.body.apiKey as string;
    expect((await h.call('GET', '/v1/account', { key: second })).body.id).toBe(h.accountA);
    const keys = await h.call('GET', '/v1/account/keys');
    expect(JSON.stringify(keys.body)).not.toContain(second);
    expect(keys.body.items).toHaveLength(2);
    expect((await h.call('DELETE', `/v1/account/keys/${added.body.id as string}`)).status).toBe(
      204,
    );
    expect((await h.call('GET', '/v1/account', { key: second })).status).toBe(401);
    expect(
      (await h.call('DELETE', `/v1/account/keys/${added.body.id as string}`, { key: h.keyB }))
        .status,
    ).toBe(404);

    const badSettings = await h.call('PUT', '/v1/account/settings', {
      body: { allowPlainHttp: true, apiIpAllowList: ['nope'] },
    });
    expect(badSettings.status).toBe(400);
    expect(badSettings.body.error.details[0].path).toBe('apiIpAllowList[0]');
    // In-process requests have no client address: an allow-list then refuses them.
    await h.call('PUT', '/v1/account/settings', {
      body: { allowPlainHttp: true, apiIpAllowList: ['203.0.113.0/24'] },
    });
    expect((await h.call('GET', '/v1/account')).status).toBe(403);
    expect((await h.call('GET', '/v1/account', { key: h.keyB })).status).toBe(200);
  });
});

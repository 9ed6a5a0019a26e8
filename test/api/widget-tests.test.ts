import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let server: Server;
let base: string;
const COOKIE = 'ck-Zq19-session';
const seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers, body });
      response
        .writeHead(200, { 'content-type': 'application/json', 'set-cookie': `sid=${COOKIE}` })
        .end('{"customer":{"name":"Ada"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  h = await startHarness({ HOOKLINE_ALLOW_DESTINATIONS: `127.0.0.1:${port}` });
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('POST /v1/widget-tests', () => {
  it('runs one webhook config and shows request, response, variables and line, secrets redacted', async () => {
    const config = {
      request: {
        method: 'POST',
        url: `${base}/customers/$flow.key.id`,
        auth: { type: 'bearer', token: 'tok-VERY-SECRET' },
        bodyType: 'json',
        body: '{"id": "$flow.key.id"}',
      },
      response: {
        mappings: [{ saveIn: '$flow.key.name', path: 'data.customer.name', mandatory: true }],
      },
    };
    const { status, body } = await h.call('POST', '/v1/widget-tests', {
      body: { config, variables: { id: '42' } },
    });
    expect(status).toBe(200);
    expect(body.line).toBe(0);
    expect(body.request).toMatchObject({
      method: 'POST',
      url: `${base}/customers/42`,
      body: '{"id": "42"}',
    });
    expect(body.request.headers).toContainEqual(['Authorization', '***']);
    expect(body.response).toMatchObject({ status: 200, body: '{"customer":{"name":"Ada"}}' });
    expect(body.variables).toMatchObject({
      '$flow.key.name': 'Ada',
      '$flow.key.response_status': 'SUCCESS',
    });
    expect(JSON.stringify(body)).not.toContain('tok-VERY-SECRET');
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer tok-VERY-SECRET');
  });

  it("tests a saved flow's widget with the secrets the flow stores (its reads show ***)", async () => {
    const config = {
      request: {
        method: 'GET',
        url: `${base}/stored-secret`,
        auth: { type: 'bearer', token: 'tok-STORED-7f3' },
      },
    };
    const flow = {
      name: 'Stored secret',
      start: 'lookup',
      widgets: { lookup: { type: 'webhook', config, lines: [null, null] } },
    };
    const created = await h.call('POST', '/v1/flows', { body: flow });
    const flowId = created.body.id as string;
    const read = await h.call('GET', `/v1/flows/${flowId}`);
    const shown = read.body.widgets.lookup.config as Record<string, unknown>;
    expect(JSON.stringify(shown)).toContain('"***"');

    const sent = (): string | undefined =>
      seen.filter((request) => request.url === '/stored-secret').at(-1)?.headers.authorization;
    await h.call('POST', '/v1/widget-tests', { body: { config: shown, variables: {} } });
    expect(sent()).toBe('Bearer ***');
    const withFlow = await h.call('POST', '/v1/widget-tests', {
      body: { config: shown, variables: {}, flowId, widgetId: 'lookup' },
    });
    expect(withFlow.status).toBe(200);
    expect(sent()).toBe('Bearer tok-STORED-7f3');
    expect(JSON.stringify(withFlow.body)).not.toContain('tok-STORED-7f3');
    const halfway = await h.call('POST', '/v1/widget-tests', {
      body: { config: shown, variables: {}, flowId },
    });
    expect(halfway.status).toBe(400);
    const elsewhere = await h.call('POST', '/v1/widget-tests', {
      body: { config: shown, variables: {}, flowId, widgetId: 'lookup' },
      key: h.keyB,
    });
    expect(elsewhere.status).toBe(404);
  });

  it('names the setting the server reads when a destination is blocked (no --allow)', async () => {
    const blocked = await h.call('POST', '/v1/widget-tests', {
      // Port 1 is not allow-listed: refused before any connection is tried.
      body: { config: { request: { method: 'GET', url: 'https://127.0.0.1:1/x' } }, variables: {} },
    });
    expect(blocked.status).toBe(200);
    expect(blocked.body.response.errorReason).toBe('BLOCKED_DESTINATION');
    expect(blocked.body.response.error).toContain('allow it with HOOKLINE_ALLOW_DESTINATIONS');
    expect(blocked.body.response.error).not.toContain('--allow');
    const plain = await h.call('POST', '/v1/widget-tests', {
      body: { config: { request: { method: 'GET', url: 'http://example.test/x' } }, variables: {} },
    });
    expect(plain.body.response.error).toContain('allow the host with HOOKLINE_ALLOW_DESTINATIONS');
    expect(plain.body.response.error).not.toContain('--allow');
  });

  it('refuses an invalid config with every problem, sending nothing', async () => {
    const before = seen.length;
    const { status, body } = await h.call('POST', '/v1/widget-tests', {
      body: { config: { request: { method: 'FETCH', url: `${base}/x` }, timeoutSeconds: 0 } },
    });
    expect(status).toBe(400);
    expect(body.error.details.map((detail: { path: string }) => detail.path)).toEqual(
      expect.arrayContaining(['config.request.method', 'config.timeoutSeconds']),
    );
    expect(seen.length).toBe(before);
  });

  it('calls a saved webhook in saved mode with its URL, method, auth and headers', async () => {
    await h.call('POST', '/v1/webhooks', {
      body: {
        name: 'customers',
        url: `${base}/customers`,
        method: 'PUT',
        auth: { type: 'bearer', token: 'saved-TOKEN' },
        headers: [{ key: 'X-Team', value: 'care' }],
      },
    });
    const config = {
      mode: 'saved',
      webhook: 'customers',
      request: {
        query: [{ key: 'id', value: '$flow.key.id' }],
        bodyType: 'json',
        body: '{"id": "$flow.key.id"}',
      },
      response: { mappings: [{ saveIn: '$flow.key.name', path: 'data.customer.name' }] },
    };
    const { body } = await h.call('POST', '/v1/widget-tests', {
      body: { config, variables: { id: '7' } },
    });
    expect(body.line).toBe(0);
    expect(body.variables['$flow.key.name']).toBe('Ada');
    const request = seen.at(-1);
    expect(request).toMatchObject({ url: '/customers?id=7', body: '{"id": "7"}' });
    expect(request?.headers.authorization).toBe('Bearer saved-TOKEN');
    expect(request?.headers['x-team']).toBe('care');
    expect(JSON.stringify(body)).not.toContain('saved-TOKEN');

    const unknown = await h.call('POST', '/v1/widget-tests', {
      body: { config: { mode: 'saved', webhook: 'nope' } },
    });
    expect(unknown.body.line).toBe(1);
    expect(unknown.body.variables['$flow.key.error_reason']).toBe('INVALID_REQUEST');
  });

  it('shows secret-named headers, query values and response cookies as ***, in the answer and in webhook reads', async () => {
    const apiKey = 'hdr-Sv58-saved-key';
    const token = 'q-Tn27-url-token';
    const saved = await h.call('POST', '/v1/webhooks', {
      body: {
        name: 'keyed',
        url: `${base}/keyed?token=${token}&lang=en`,
        method: 'GET',
        bodyType: 'none',
        headers: [{ key: 'X-Api-Key', value: apiKey }],
      },
    });
    expect(saved.status).toBe(201);
    const { body } = await h.call('POST', '/v1/widget-tests', {
      body: { config: { mode: 'saved', webhook: 'keyed' } },
    });
    expect(seen.at(-1)?.headers['x-api-key']).toBe(apiKey);
    expect(seen.at(-1)?.url).toBe(`/keyed?token=${token}&lang=en`);
    expect(body.request.headers).toContainEqual(['X-Api-Key', '***']);
    expect(body.request.url).toBe(`${base}/keyed?token=***&lang=en`);
    expect(body.response.headers['set-cookie']).toBe('***');
    const reads = [
      body,
      (await h.call('GET', `/v1/webhooks/${saved.body.id as string}`)).body,
      (await h.call('GET', '/v1/webhooks')).body,
    ];
    expect(reads[1].headers).toEqual([{ key: 'X-Api-Key', value: '***', mandatory: false }]);
    for (const secret of [apiKey, token, COOKIE])
      expect(JSON.stringify(reads)).not.toContain(secret);

    // Saving back what was read keeps the secrets; a "***" with none saved is a 400.
    const id = saved.body.id as string;
    const { name, url, method, headers, bodyType } = reads[1];
    expect(
      (
        await h.call('PUT', `/v1/webhooks/${id}`, {
          body: { name, url, method, headers, bodyType },
        })
      ).status,
    ).toBe(200);
    await h.call('POST', '/v1/widget-tests', {
      body: { config: { mode: 'saved', webhook: 'keyed' } },
    });
    expect(seen.at(-1)?.headers['x-api-key']).toBe(apiKey);
    expect(seen.at(-1)?.url).toBe(`/keyed?token=${token}&lang=en`);
    const refused = await h.call('PUT', `/v1/webhooks/${id}`, {
      body: { name, url, method, headers, bodyType, auth: { type: 'bearer', token: '***' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('auth.token');
  });

  it('keeps accounts HTTPS-only by default: plain http to a non-allow-listed host is blocked', async () => {
    const { body } = await h.call('POST', '/v1/widget-tests', {
      body: { config: { request: { url: 'http://127.0.0.2:9/x' } } },
    });
    expect(body.line).toBe(1);
    expect(body.variables['$flow.key.error_reason']).toBe('BLOCKED_DESTINATION');
  });
});

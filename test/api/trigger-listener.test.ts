/**
 * `hookline serve` answers `POST /t/<token>` from `createTriggerListener` (plain node:http),
 * everything else through hono. The two must answer alike: every case here goes both ways,
 * over a real loopback socket and in-process through the hono route, and the answers are
 * compared.
 */
import { getRequestListener } from '@hono/node-server';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiHarness } from './harness.js';

let h: ApiHarness;
let server: Server;
let base: string;
let release: () => void = () => undefined;
let triggerPath: string;

const greet = {
  name: 'Greet',
  start: 'hello',
  widgets: {
    hello: { type: 'play', config: { text: 'hi $flow.key.topic' }, lines: ['bye'] },
    bye: { type: 'hangup' },
  },
};

beforeAll(async () => {
  h = await startHarness();
  const ready = new Promise<void>((resolve) => {
    release = resolve;
  });
  const trigger = h.core.triggerListener(ready);
  const fetchListener = getRequestListener(h.core.api.fetch);
  server = createServer((request, response) => {
    if (!trigger(request, response)) void fetchListener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const flowId = (await h.call('POST', '/v1/flows', { body: greet })).body.id as string;
  const made = await h.call('POST', `/v1/flows/${flowId}/trigger-url`);
  triggerPath = new URL(made.body.url as string).pathname;
});
afterAll(async () => {
  release();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

interface Answer {
  status: number;
  type: string | undefined;
  body: any;
}

/** One request over the socket; `chunked` sends the body without a content-length. */
function overSocket(
  path: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
  options: { method?: string; chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${base}${path}`,
      { method: options.method ?? 'POST', headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers['content-type'],
            body: text === '' ? null : JSON.parse(text),
          });
        });
      },
    );
    request.on('error', reject);
    if (options.chunked) {
      const size = 64 * 1024;
      const bytes = Buffer.from(body);
      for (let at = 0; at < bytes.length; at += size) request.write(bytes.subarray(at, at + size));
    } else {
      request.setHeader('content-length', Buffer.byteLength(body));
      request.write(body);
    }
    request.end();
  });
}

async function inProcess(
  path: string,
  body: string,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<Answer> {
  const response = await h.core.api.request(path, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? undefined,
    body: text === '' ? null : JSON.parse(text),
  };
}

/** Ids and times differ from run to run; everything else must not. */
function comparable(answer: Answer) {
  const body = structuredClone(answer.body);
  if (body && typeof body.id === 'string') body.id = body.id.replace(/^(exec_).*/, '$1…');
  if (body?.variables) {
    for (const name of Object.keys(body.variables)) {
      if (/executionId|Time$/.test(name)) body.variables[name] = '…';
    }
  }
  return { ...answer, body };
}

async function bothWays(path: string, body: string, headers: Record<string, string> = {}) {
  const fast = await overSocket(path, body, headers);
  const general = await inProcess(path, body, headers);
  expect(comparable(fast)).toEqual(comparable(general));
  return fast;
}

describe('POST /t/<token> straight from node:http', () => {
  it('waits for the server to be ready (recovery) before starting anything', async () => {
    let answered = false;
    const pending = overSocket(`${triggerPath}?wait=true`, '{}', {
      'content-type': 'application/json',
    }).then((answer) => {
      answered = true;
      return answer;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    expect((await h.call('GET', '/v1/executions')).body.items).toEqual([]);
    release();
    expect((await pending).status).toBe(200);
  });

  it('answers like the hono route: ?wait=true, fields as $flow.key.*', async () => {
    const answer = await bothWays(
      `${triggerPath}?wait=true`,
      JSON.stringify({ topic: 'billing', 'not-a-name': 1 }),
      {
        'content-type': 'application/json',
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ status: 'completed', endReason: 'hangup' });
    expect(answer.body.variables['$flow.key.topic']).toBe('billing');
    const stored = await h.call('GET', `/v1/executions/${answer.body.id as string}`);
    expect(stored.body.events).toEqual([{ type: 'play', text: 'hi billing' }, { type: 'hangup' }]);
  });

  it('answers like the hono route: 202 without wait, form bodies, wait=1, an empty body', async () => {
    expect(
      (await bothWays(triggerPath, '{"topic":"x"}', { 'content-type': 'application/json' })).status,
    ).toBe(202);
    const form = await bothWays(`${triggerPath}?wait=1`, 'topic=sales&from=%2B1999', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.body.variables['$flow.key.topic']).toBe('sales');
    expect(form.body.variables['$flow.syskey.from']).toBe('+1999');
    expect((await bothWays(`${triggerPath}?wait=true`, '')).status).toBe(200);
  });

  it('refuses bad bodies, unknown tokens and other paths with the same envelopes', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await bothWays(triggerPath, '{not json', json)).body.error.code).toBe(
      'INVALID_REQUEST',
    );
    expect((await bothWays(triggerPath, '[1,2]', json)).body.error.code).toBe('INVALID_REQUEST');
    const deep = `{"topic":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const tooDeep = await bothWays(triggerPath, deep, json);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.message).toContain('nests deeper than 32');
    expect((await bothWays('/t/guessed-token', '{}', json)).status).toBe(404);
    expect((await bothWays('/t/a%2Fb', '{}', json)).status).toBe(404);
    expect((await bothWays(`${triggerPath}/deeper`, '{}', json)).status).toBe(404);
    const get = await overSocket(triggerPath, '', {}, { method: 'GET' });
    expect(comparable(get)).toEqual(comparable(await inProcess(triggerPath, '', {}, 'GET')));
  });

  it('refuses bodies over 1 MiB, declared or streamed, with 413 and starts nothing', async () => {
    const before = (await h.call('GET', '/v1/executions?limit=100')).body.items.length as number;
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    const declared = await overSocket(triggerPath, big, { 'content-type': 'application/json' });
    const general = await inProcess(triggerPath, big.toString(), {
      'content-type': 'application/json',
    });
    expect(comparable(declared)).toEqual(comparable(general));
    expect(declared.status).toBe(413);
    const streamed = await overSocket(
      triggerPath,
      big,
      { 'content-type': 'application/json' },
      { chunked: true },
    );
    expect(streamed).toEqual(declared);
    expect((await h.call('GET', '/v1/executions?limit=100')).body.items).toHaveLength(before);
  });
});

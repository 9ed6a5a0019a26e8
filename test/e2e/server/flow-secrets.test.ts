import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence, webhook } from '../support/flows.js';
import { headerOf, type Received } from '../support/receiver.js';
import { installationContents, scaleOutProject } from '../support/scale-out-env.js';
import { killAll } from '../support/serve-process.js';
import { createFlow, ok, startExecution, startStack, type Stack } from './helpers.js';

const BASIC = 'pw-Fl71-basic';
const BEARER = 'tok-Fl72-bearer';
const API_KEY = 'key-Fl73-apikey';
const HMAC = `whsec_${Buffer.from('hmac-Fl74-secret-bytes').toString('base64')}`;
const USERINFO = 'pw-Fl75-userinfo';
const HEADER_TOKEN = 'hdr-Fl76-token';
const QUERY_TOKEN = 's3cr3t-Fl77';
const URL_TOKEN = 'q-Fl78-urlquery';
/** A secret-named header of a saved webhook that a widget calls in saved mode. */
const SAVED_KEY = 'hdr-Fl79-saved-webhook';
const SECRETS = [
  BASIC,
  BEARER,
  API_KEY,
  HMAC,
  USERINFO,
  HEADER_TOKEN,
  QUERY_TOKEN,
  URL_TOKEN,
  SAVED_KEY,
];

let stack: Stack;
let flowId: string;
/** Every API read of the flow, as the raw JSON text. */
let reads = '';

function secretFlow(): Record<string, unknown> {
  const at = (path: string) => stack.receiver.url(path);
  return {
    ...sequence({
      basic: webhook({
        url: at('/basic'),
        auth: { type: 'basic', username: 'ada', password: BASIC },
      }),
      bearer: webhook({ url: at('/bearer'), auth: { type: 'bearer', token: BEARER } }),
      apikey: webhook({
        url: at('/apikey'),
        auth: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: API_KEY },
      }),
      hmac: webhook({
        url: at('/hmac'),
        method: 'POST',
        bodyType: 'json',
        body: '{}',
        auth: { type: 'hmac', secret: HMAC },
      }),
      userinfo: webhook({ url: at('/userinfo').replace('://', `://ada:${USERINFO}@`) }),
      named: webhook({
        url: `${at('/named')}?lang=en&access_token=${URL_TOKEN}`,
        headers: [{ key: 'X-Auth-Token', value: HEADER_TOKEN }],
        query: [{ key: 'token', value: QUERY_TOKEN }],
      }),
      saved: { type: 'webhook', config: { mode: 'saved', webhook: 'keyed' } },
    }),
    name: 'secrets',
  };
}

async function readRaw(path: string): Promise<any> {
  const answer = await stack.serve.api('GET', path);
  expect(answer.status).toBe(200);
  reads += `${JSON.stringify(answer.body)}\n`;
  return answer.body;
}

function only(path: string): Received {
  const [received] = stack.receiver.received(path);
  if (!received) throw new Error(`nothing received on ${path}`);
  return received;
}

beforeAll(async () => {
  stack = await startStack();
  await ok(
    stack.serve.api('POST', '/v1/webhooks', {
      body: {
        name: 'keyed',
        url: stack.receiver.url('/saved'),
        method: 'GET',
        bodyType: 'none',
        headers: [{ key: 'X-Api-Key', value: SAVED_KEY }],
      },
    }),
  );
  flowId = await createFlow(stack.serve, secretFlow());
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

describe('secrets in flow documents and saved webhooks (docs/server.md "Secrets")', () => {
  it('reads show "***" in their place: the flow, a version, the list', async () => {
    const flow = await readRaw(`/v1/flows/${flowId}`);
    await readRaw(`/v1/flows/${flowId}?version=1`);
    await readRaw('/v1/flows');
    expect(flow.widgets.bearer.config.request.auth).toEqual({ type: 'bearer', token: '***' });
    expect(flow.widgets.basic.config.request.auth.username).toBe('ada');
    expect(flow.widgets.userinfo.config.request.url).toContain('://ada:***@127.0.0.1');
    expect(flow.widgets.named.config.request.url).toContain('?lang=en&access_token=***');
    expect(flow.widgets.named.config.request.headers[0]).toMatchObject({ value: '***' });
    for (const secret of SECRETS) expect(reads).not.toContain(secret);
  });

  it('the store holds none of them in clear', async () => {
    if (scaleOutProject()) {
      // Scale-out mode: every row of the PostgreSQL database and every Redis value.
      const contents = await installationContents(stack.dataDir);
      expect(contents).toContain(flowId);
      for (const secret of SECRETS) expect(contents).not.toContain(secret);
      return;
    }
    // Embedded mode: the database file and its WAL.
    const bytes = ['hookline.db', 'hookline.db-wal']
      .map((name) => join(stack.dataDir, name))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file));
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of SECRETS) {
      for (const file of bytes) expect(file.includes(secret)).toBe(false);
    }
  });

  it('a save that sends "***" back keeps the secrets, and a run sends them', async () => {
    const read = await readRaw(`/v1/flows/${flowId}`);
    const saved = await ok(
      stack.serve.api('PUT', `/v1/flows/${flowId}`, { body: { ...read, name: 'renamed' } }),
    );
    expect(saved.version).toBe(2);
    const execution = await startExecution(stack.serve, flowId);
    expect(execution.status).toBe('completed');
    const basic = Buffer.from(`ada:${BASIC}`).toString('base64');
    expect(headerOf(only('/basic'), 'authorization')).toBe(`Basic ${basic}`);
    expect(headerOf(only('/bearer'), 'authorization')).toBe(`Bearer ${BEARER}`);
    expect(headerOf(only('/apikey'), 'x-api-key')).toBe(API_KEY);
    expect(headerOf(only('/hmac'), 'webhook-signature')).toMatch(/^v1,/);
    const userinfo = Buffer.from(`ada:${USERINFO}`).toString('base64');
    expect(headerOf(only('/userinfo'), 'authorization')).toBe(`Basic ${userinfo}`);
    expect(headerOf(only('/named'), 'x-auth-token')).toBe(HEADER_TOKEN);
    expect(headerOf(only('/saved'), 'x-api-key')).toBe(SAVED_KEY);
    reads += `${JSON.stringify(execution)}\n`;
    await readRaw(`/v1/executions/${execution.id as string}`);
    await readRaw(`/v1/flows/${flowId}?version=2`);
    for (const secret of SECRETS) expect(reads).not.toContain(secret);
  });

  it('"***" where no secret was stored is a 400 naming the field', async () => {
    const read = await readRaw(`/v1/flows/${flowId}`);
    read.widgets.fresh = webhook({
      url: stack.receiver.url('/x'),
      auth: { type: 'bearer', token: '***' },
    });
    const answer = await stack.serve.api('PUT', `/v1/flows/${flowId}`, { body: read });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'widgets.fresh.config.request.auth.token' }),
    );
    const created = await stack.serve.api('POST', '/v1/flows', { body: secretFlowWithMask() });
    expect(created.status).toBe(400);
  });
});

function secretFlowWithMask(): Record<string, unknown> {
  return sequence({
    only: webhook({ url: stack.receiver.url('/x'), auth: { type: 'bearer', token: '***' } }),
  });
}

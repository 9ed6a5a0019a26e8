import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerOf, inTurn, type Received, type Responder } from '../support/receiver.js';
import { killAll, type Exit } from '../support/serve-process.js';
import {
  callingFlow,
  createDefaultWebhook,
  createFlow,
  deliveryWithStatus,
  ok,
  startExecution,
  startStack,
  type Stack,
} from './helpers.js';

const PASSWORD = 'pw-Kd83-delivery-basic';
const TOKEN = 'tok-Rm52-delivery-bearer';
const WIDGET_TOKEN = 'tok-Wz17-widget-bearer';
/** Not auth: a secret-named header of the saved webhook, echoed back by the receiver. */
const HEADER_KEY = 'hdr-Ak64-saved-api-key';
const BASIC = Buffer.from(`hook:${PASSWORD}`).toString('base64');

let stack: Stack;
let forbidden: string[];
/** Every API read, as text. */
let reads = '';
/** stdout and stderr of the server, after it stopped. */
let logs = '';
let deliveries: any[] = [];
let exit: Exit | undefined;

/** Answers `status` with every request header echoed back (the response excerpt is kept). */
function echo(status: number): Responder {
  return (request: Received, response: ServerResponse) => {
    response
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify(request.headers));
  };
}

async function read(path: string): Promise<any> {
  const body = await ok(stack.serve.api('GET', path), `GET ${path}`);
  reads += `${JSON.stringify(body)}\n`;
  return body;
}

beforeAll(async () => {
  stack = await startStack();
  stack.receiver.handle('/events', inTurn(echo(500), echo(200)));
  // 410: the endpoint is disabled, which the server logs.
  stack.receiver.handle('/bearer', echo(410));
  stack.receiver.handle('/api', (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"fine": true}');
  });
  const basic = await createDefaultWebhook(stack.serve, stack.receiver.url('/events'), {
    auth: { type: 'basic', username: 'hook', password: PASSWORD },
    headers: [{ key: 'X-Api-Key', value: HEADER_KEY }],
  });
  const bearer = await ok(
    stack.serve.api('POST', '/v1/webhooks', {
      body: {
        name: 'bearer',
        url: stack.receiver.url('/bearer'),
        auth: { type: 'bearer', token: TOKEN },
      },
    }),
  );
  forbidden = [
    PASSWORD,
    HEADER_KEY,
    BASIC,
    TOKEN,
    WIDGET_TOKEN,
    stack.apiKey,
    basic.secret,
    basic.secret.slice('whsec_'.length),
    bearer.secret as string,
    (bearer.secret as string).slice('whsec_'.length),
  ];
  const check = await ok(stack.serve.api('POST', `/v1/webhooks/${bearer.id as string}/check`));
  reads += `${JSON.stringify(check)}\n`;

  const flowId = await createFlow(
    stack.serve,
    callingFlow({ url: stack.receiver.url('/api'), auth: { type: 'bearer', token: WIDGET_TOKEN } }),
  );
  const executions = [
    await startExecution(stack.serve, flowId),
    await startExecution(stack.serve, flowId),
  ];
  for (const execution of executions) {
    deliveries.push(await deliveryWithStatus(stack.serve, execution.id, 'succeeded'));
    await read(`/v1/executions/${execution.id as string}`);
  }
  await read(`/v1/webhooks/${basic.id}`);
  await read(`/v1/webhooks/${bearer.id as string}`);
  await read('/v1/webhooks');
  await read('/v1/executions?limit=200');
  deliveries = (await read('/v1/deliveries?limit=200')).items;
  for (const delivery of deliveries) await read(`/v1/deliveries/${delivery.id as string}`);
  exit = await stack.serve.kill('SIGTERM');
  logs = stack.serve.stdout() + stack.serve.stderr();
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

describe('hookline serve: secrets are never shown (docs/webhook-widget.md, docs/server.md)', () => {
  it('the credentials were really sent', () => {
    const sent = (path: string) =>
      stack.receiver.received(path).map((r) => headerOf(r, 'authorization'));
    expect(sent('/events')).toContain(`Basic ${BASIC}`);
    expect(stack.receiver.received('/events').map((r) => headerOf(r, 'x-api-key'))).toContain(
      HEADER_KEY,
    );
    expect(sent('/bearer')).toContain(`Bearer ${TOKEN}`);
    expect(sent('/api')).toContain(`Bearer ${WIDGET_TOKEN}`);
  });

  it('an echoed credential is masked in the kept response excerpt', () => {
    const attempts = deliveries.flatMap((delivery) => delivery.attempts as any[]);
    const echoed = attempts.filter((attempt) => attempt.responseExcerpt?.includes('authorization'));
    expect(echoed.length).toBeGreaterThan(0);
    for (const attempt of echoed) expect(attempt.responseExcerpt).toContain('***');
  });

  it('the reads covered webhooks, deliveries and executions', () => {
    expect(reads).toContain('"auth":{"type":"basic","username":"hook","password":"***"}');
    expect(reads).toContain('"token":"***"');
    expect(reads).toContain('flow.completed');
    expect(reads).toContain('webhook.check');
    expect(reads).toContain('"status":"completed"');
  });

  it('no secret appears in any API read', () => {
    for (const secret of forbidden) expect(reads).not.toContain(secret);
  });

  it('no secret appears in the server’s stdout or stderr', () => {
    expect(exit).toEqual({ code: 0, signal: null });
    expect(logs).toContain('hookline listening');
    expect(logs).toContain('webhook disabled');
    for (const secret of forbidden) expect(logs).not.toContain(secret);
  });
});

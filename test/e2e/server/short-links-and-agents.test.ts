/**
 * docs/internal-functions.md `shortURL` and `directDialPause` through a real `hookline serve`: the short link is
 * served at `/s/<code>` (302, clicks counted in `GET /v1/short-links`, also after a
 * restart), and pausing an agent sends a signed `agent.paused` event to the default webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDelivery, type Received } from '../support/receiver.js';
import { createAccount, killAll } from '../support/serve-process.js';
import {
  createDefaultWebhook,
  createFlow,
  ok,
  startExecution,
  startStack,
  until,
  type Stack,
} from './helpers.js';

let stack: Stack;
let secret: string;
let webhookId: string;

beforeAll(async () => {
  stack = await startStack();
  ({ id: webhookId, secret } = await createDefaultWebhook(
    stack.serve,
    stack.receiver.url('/events'),
  ));
});
afterAll(async () => {
  await stack.close();
  await killAll();
});

/** A flow whose one internal widget leaves to `done` (line 0) or `failed` (line 1). */
function internalFlow(fn: string, inputs: Record<string, string>): Record<string, unknown> {
  return {
    name: fn,
    start: 'call',
    widgets: {
      call: {
        type: 'webhook',
        config: { mode: 'internal', function: fn, inputs },
        lines: ['done', 'failed'],
      },
      done: { type: 'hangup' },
      failed: { type: 'hangup' },
    },
  };
}

/** GET without following redirects and without any API key, as a browser would. */
function visit(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' });
}

/** The account's short link with `code`, as `GET /v1/short-links` lists it. */
async function listedLink(code: string, key?: string): Promise<any> {
  const page = await ok(
    stack.serve.api('GET', '/v1/short-links?limit=200', key === undefined ? {} : { key }),
    'GET /v1/short-links',
  );
  return (page.items as any[]).find((item) => item.code === code);
}

/** The verified events of `type` received at /events so far. */
function eventsOfType(type: string): Array<{ request: Received; event: any }> {
  return stack.receiver
    .received('/events')
    .map((request) => ({ request, event: verifyDelivery(secret, request) }))
    .filter((item) => item.event.type === type);
}

describe('hookline serve: shortURL links (docs/internal-functions.md)', () => {
  it('GET /s/<code> answers 302 to the long URL and every visit is counted', async () => {
    const flowId = await createFlow(
      stack.serve,
      internalFlow('shortURL', { longUrl: 'https://example.test/offer?id=$flow.key.id&x=1' }),
    );
    const run = await startExecution(stack.serve, flowId, { body: { variables: { id: '9' } } });
    expect(run).toMatchObject({ status: 'completed', path: ['call', 'done'] });
    const shortUrl = run.variables['$flow.key.shortUrl'] as string;
    const longUrl = 'https://example.test/offer?id=9&x=1';
    const match = /^(.*)\/s\/([A-Za-z0-9_-]{12})$/.exec(shortUrl);
    expect(match?.[1]).toBe(stack.serve.url);
    const code = match![2]!;
    expect(run.variables).toMatchObject({
      '$flow.key.response_status': 'SUCCESS',
      '$flow.key.response_status_code': 200,
    });

    expect(await listedLink(code)).toMatchObject({ code, shortUrl, longUrl, clicks: 0 });
    for (let visits = 1; visits <= 3; visits++) {
      const redirect = await visit(shortUrl);
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get('location')).toBe(longUrl);
      expect(await listedLink(code)).toMatchObject({ code, clicks: visits });
    }

    // Another account does not see it; an unknown code is a 404.
    const other = await createAccount(stack.dataDir, 'other');
    expect(await listedLink(code, other.apiKey)).toBeUndefined();
    expect((await visit(`${stack.serve.url}/s/AAAAAAAAAAAA`)).status).toBe(404);

    // The link and its count are stored: a restarted server (new port) still serves them.
    expect(await stack.serve.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    await stack.restart();
    const again = await visit(`${stack.serve.url}/s/${code}`);
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe(longUrl);
    expect(await listedLink(code)).toMatchObject({
      code,
      shortUrl: `${stack.serve.url}/s/${code}`,
      longUrl,
      clicks: 4,
    });
  });
});

describe('hookline serve: directDialPause (docs/internal-functions.md)', () => {
  it('pauses an agent: signed agent.paused to the default webhook, onBreak true; unpause too', async () => {
    const agent = await ok(
      stack.serve.api('POST', '/v1/agents', { body: { name: 'Ada', extension: '201' } }),
      'POST /v1/agents',
    );
    expect(agent).toMatchObject({ name: 'Ada', extension: '201', onBreak: false });

    const pause = await createFlow(
      stack.serve,
      internalFlow('directDialPause', { agentId: agent.id as string, pause: 'true' }),
    );
    const paused = await startExecution(stack.serve, pause);
    expect(paused).toMatchObject({ status: 'completed', path: ['call', 'done'] });
    expect(paused.variables['$flow.key.cli_pause_update']).toBe('Agent Ada is now on break');
    const read = await ok(stack.serve.api('GET', `/v1/agents/${agent.id as string}`));
    expect(read).toMatchObject({ id: agent.id, onBreak: true });

    const [received] = await until('the agent.paused event', () => {
      const events = eventsOfType('agent.paused');
      return events.length > 0 ? events : undefined;
    });
    expect(received!.request.method).toBe('POST');
    expect(received!.event.data).toEqual({
      agentId: agent.id,
      name: 'Ada',
      onBreak: true,
      accountId: stack.accountId,
    });
    const delivery = await until('the agent.paused delivery to succeed', async () => {
      const page = await ok(stack.serve.api('GET', `/v1/deliveries?webhookId=${webhookId}`));
      return (page.items as any[]).find(
        (item) => item.eventType === 'agent.paused' && item.status === 'succeeded',
      );
    });
    expect(delivery.webhookMessageId).toBe(received!.request.headers['webhook-id']);

    const unpause = await createFlow(
      stack.serve,
      internalFlow('directDialPause', { agentId: agent.id as string, pause: 'false' }),
    );
    const back = await startExecution(stack.serve, unpause);
    expect(back.variables['$flow.key.cli_pause_update']).toBe('Agent Ada is back from break');
    const [unpausedEvent] = await until('the agent.unpaused event', () => {
      const events = eventsOfType('agent.unpaused');
      return events.length > 0 ? events : undefined;
    });
    expect(unpausedEvent!.event.data).toMatchObject({ agentId: agent.id, onBreak: false });
    const readBack = await ok(stack.serve.api('GET', `/v1/agents/${agent.id as string}`));
    expect(readBack.onBreak).toBe(false);
    // One event per change, nothing more.
    expect(eventsOfType('agent.paused')).toHaveLength(1);
    expect(eventsOfType('agent.unpaused')).toHaveLength(1);
  });

  it('an unknown agent takes the failure line with CLIENT_ERROR and sends nothing', async () => {
    const deliveries = async (): Promise<unknown[]> =>
      (await ok(stack.serve.api('GET', `/v1/deliveries?webhookId=${webhookId}&limit=200`)))
        .items as unknown[];
    const before = await deliveries();
    const flowId = await createFlow(
      stack.serve,
      internalFlow('directDialPause', { agentId: 'agent_nope', pause: 'true' }),
    );
    const run = await startExecution(stack.serve, flowId);
    expect(run).toMatchObject({ status: 'completed', path: ['call', 'failed'] });
    expect(run.variables['$flow.key.error_reason']).toBe('CLIENT_ERROR');
    expect(run.variables['$flow.key.cli_pause_update']).toContain('no agent');
    expect(await deliveries()).toEqual(before);
  });
});

/**
 * docs/server.md "Live executions": an execution waits at an input widget, holds no run slot
 * while it waits, goes on with one answer (a second one is a 409), takes the no-input line
 * when the widget's timeout passes, and ends `callerHangup` when the caller hangs up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, until, type ApiHarness } from './harness.js';

/** Asks for a PIN (1 s timeout), says what it got (or "nothing"); onFlowComplete stores `done`. */
const askingFlow = {
  name: 'Asks',
  start: 'greet',
  onFlowComplete: 'done',
  widgets: {
    greet: { type: 'play', config: { text: 'Hello' }, lines: ['ask'] },
    ask: {
      type: 'input',
      config: {
        prompt: 'PIN for $flow.key.name?',
        maxDigits: 4,
        timeoutSeconds: 1,
        saveIn: '$flow.key.pin',
      },
      lines: ['got', 'none'],
    },
    got: { type: 'play', config: { text: 'Got $flow.key.pin' }, lines: ['bye'] },
    none: { type: 'play', config: { text: 'Nothing' }, lines: ['bye'] },
    bye: { type: 'hangup' },
    done: {
      type: 'store',
      config: { variables: [{ key: 'done', value: 'yes' }] },
      lines: [],
    },
  },
};

const slowFlow = { ...askingFlow, widgets: { ...askingFlow.widgets } };
slowFlow.widgets.ask = {
  ...askingFlow.widgets.ask,
  config: { ...askingFlow.widgets.ask.config, timeoutSeconds: 60 },
};

let h: ApiHarness;
let askingId: string;
let slowId: string;
beforeAll(async () => {
  // One run slot: a waiting execution must not hold it.
  h = await startHarness({ HOOKLINE_EXECUTION_CONCURRENCY: '1' });
  askingId = (await h.call('POST', '/v1/flows', { body: askingFlow })).body.id as string;
  slowId = (await h.call('POST', '/v1/flows', { body: slowFlow })).body.id as string;
});
afterAll(async () => {
  await h.close();
});

async function startWaiting(flowId: string): Promise<any> {
  const started = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
    body: { variables: { name: 'Ada' } },
  });
  expect(started.status).toBe(201);
  return started.body;
}

describe('live executions API', () => {
  it('waits at input with what it asked, then goes on with the answer', async () => {
    const waiting = await startWaiting(slowId);
    expect(waiting).toMatchObject({
      status: 'waiting',
      endReason: null,
      path: ['greet'],
      waiting: { widgetId: 'ask', prompt: 'PIN for Ada?', maxDigits: 4, timeoutSeconds: 60 },
    });
    expect(Date.parse(waiting.waiting.dueAt)).toBeGreaterThan(Date.parse(waiting.startTime));
    expect(h.core.executions.inFlight).toBe(0);
    // The one run slot is free: another execution runs to its own wait meanwhile.
    expect((await startWaiting(slowId)).status).toBe('waiting');

    const answered = await h.call('POST', `/v1/executions/${waiting.id}/input?wait=true`, {
      body: { digits: '123456' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'completed',
      endReason: 'hangup',
      path: ['greet', 'ask', 'got', 'bye', 'done'],
      waiting: null,
      startTime: waiting.startTime,
    });
    expect(answered.body.variables['$flow.key.pin']).toBe('1234');
    expect(answered.body.events.map((e: any) => e.text ?? e.type)).toEqual([
      'Hello',
      'input',
      'Got 1234',
      'hangup',
    ]);
    expect(answered.body.steps).toHaveLength(5);

    const again = await h.call('POST', `/v1/executions/${waiting.id}/input`, {
      body: { digits: '1' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('applies one of two answers sent at once; the other is a 409', async () => {
    const waiting = await startWaiting(slowId);
    const answers = await Promise.all(
      ['1111', '2222'].map((digits) =>
        h.call('POST', `/v1/executions/${waiting.id}/input?wait=true`, { body: { digits } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200)!;
    const ended = (await h.call('GET', `/v1/executions/${waiting.id}`)).body;
    expect(ended.status).toBe('completed');
    // The variables are purged at the end (no flow end webhook): the events tell the answer.
    const said = (events: any[]): string[] => events.map((e) => e.text ?? e.type);
    expect(said(ended.events)).toContain(`Got ${winner.body.variables['$flow.key.pin']}`);
    expect(said(ended.events).filter((text) => text.startsWith('Got'))).toHaveLength(1);
    expect(ended.path.filter((id: string) => id === 'got')).toHaveLength(1);
  });

  it('takes the no-input line when the timeout passes', async () => {
    const waiting = await startWaiting(askingId);
    expect(waiting.status).toBe('waiting');
    const ended = await until(async () => {
      const read = (await h.call('GET', `/v1/executions/${waiting.id}`)).body;
      return read.status === 'completed' ? read : undefined;
    });
    expect(ended.path).toEqual(['greet', 'ask', 'none', 'bye', 'done']);
    expect(ended.variables['$flow.key.pin']).toBeUndefined();
  });

  it('ends callerHangup on a hangup, running onFlowComplete', async () => {
    const waiting = await startWaiting(slowId);
    const hungUp = await h.call('POST', `/v1/executions/${waiting.id}/hangup?wait=true`);
    expect(hungUp.status).toBe(200);
    expect(hungUp.body).toMatchObject({
      status: 'completed',
      endReason: 'callerHangup',
      path: ['greet', 'done'],
      startTime: waiting.startTime,
    });
    expect(hungUp.body.variables['$flow.key.done']).toBe('yes');
    expect((await h.call('POST', `/v1/executions/${waiting.id}/hangup`)).status).toBe(409);
  });

  it('a hangup sends the flow end webhook with the whole call in callDetails', async () => {
    const hook = await h.call('POST', '/v1/webhooks', {
      body: { name: 'ends', url: 'https://example.invalid/ends', isDefault: true },
    });
    expect(hook.status).toBe(201);
    const ending = { ...slowFlow, settings: { flowEndWebhook: true } };
    const flowId = (await h.call('POST', '/v1/flows', { body: ending })).body.id as string;
    const waiting = await startWaiting(flowId);
    const hungUp = await h.call('POST', `/v1/executions/${waiting.id}/hangup?wait=true`);
    expect(hungUp.body.endReason).toBe('callerHangup');
    const deliveries = await h.call('GET', `/v1/deliveries?executionId=${waiting.id}`);
    expect(deliveries.body.items).toHaveLength(1);
    const { data } = deliveries.body.items[0].payload;
    expect(data).toMatchObject({ status: 'completed', endReason: 'callerHangup' });
    const [call] = data.callDetails;
    expect(call).toMatchObject({ startTime: waiting.startTime, endTime: hungUp.body.endTime });
    expect(call.duration).toBe(
      Math.round((Date.parse(call.endTime) - Date.parse(call.startTime)) / 1000),
    );
  });

  it('keeps the contact variables a flow set before its wait', async () => {
    const remembering = {
      name: 'Remembers',
      start: 'remember',
      widgets: {
        remember: {
          type: 'store',
          config: { scope: 'user', variables: [{ key: 'language', value: 'fr' }] },
          lines: ['ask'],
        },
        ask: { ...slowFlow.widgets.ask, lines: ['bye', 'bye'] },
        bye: { type: 'hangup' },
      },
    };
    const flowId = (await h.call('POST', '/v1/flows', { body: remembering })).body.id as string;
    const started = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`, {
      body: { from: '+15550042', to: '+15550001' },
    });
    expect(started.body.status).toBe('waiting');
    const answered = await h.call('POST', `/v1/executions/${started.body.id}/input?wait=true`, {
      body: { digits: '1' },
    });
    expect(answered.body.status).toBe('completed');
    const contact = await h.call('GET', '/v1/contacts/%2B15550042/variables');
    expect(contact.body.variables).toEqual({ language: 'fr' });
  });

  it('refuses bad answers and other accounts', async () => {
    const waiting = await startWaiting(slowId);
    const path = `/v1/executions/${waiting.id}/input`;
    for (const body of [
      {},
      { digits: '12a' },
      { digits: '1', text: 'x' },
      { text: 'x'.repeat(1025) },
    ]) {
      const answer = await h.call('POST', path, { body });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_REQUEST');
    }
    expect((await h.call('POST', path, { body: { digits: '1' }, key: h.keyB })).status).toBe(404);
    expect(
      (await h.call('POST', `/v1/executions/${waiting.id}/hangup`, { key: h.keyB })).status,
    ).toBe(404);
    expect(
      (await h.call('GET', `/v1/executions?status=waiting`)).body.items.length,
    ).toBeGreaterThan(0);
    expect((await h.call('POST', path, { body: { text: 'yes' } })).status).toBe(202);
  });
});

describe('live executions while the server stops', () => {
  it('an answer during shutdown is a 503 and leaves the execution waiting', async () => {
    const own = await startHarness();
    try {
      const flowId = (await own.call('POST', '/v1/flows', { body: slowFlow })).body.id as string;
      const waiting = (await own.call('POST', `/v1/flows/${flowId}/executions?wait=true`)).body;
      expect(waiting.status).toBe('waiting');
      await own.core.executions.stop();
      const answer = await own.call('POST', `/v1/executions/${waiting.id}/input`, {
        body: { digits: '1' },
      });
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe('UNAVAILABLE');
      expect((await own.call('GET', `/v1/executions/${waiting.id}`)).body.status).toBe('waiting');
    } finally {
      await own.close();
    }
  });
});

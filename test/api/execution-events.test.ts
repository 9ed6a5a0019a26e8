/**
 * docs/server.md "Live executions": every event of an execution is stored in order with a
 * sequence number, read back in GET /v1/executions/{id}, and streamed as Server-Sent Events
 * by GET /v1/executions/{id}/events; Last-Event-ID resumes without gaps or repeats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, until, type ApiHarness } from './harness.js';

const flow = {
  name: 'Asks',
  start: 'greet',
  widgets: {
    greet: { type: 'play', config: { text: 'Hello' }, lines: ['ask'] },
    ask: {
      type: 'input',
      config: { prompt: 'PIN?', maxDigits: 4, timeoutSeconds: 60 },
      lines: ['got', 'bye'],
    },
    got: { type: 'play', config: { text: 'Got $flow.key.input' }, lines: ['bye'] },
    bye: { type: 'hangup' },
  },
};

const EXPECTED = [
  'play',
  'step',
  'input.request',
  'input.received',
  'step',
  'play',
  'step',
  'hangup',
  'step',
  'end',
];

let h: ApiHarness;
let flowId: string;
beforeAll(async () => {
  h = await startHarness();
  flowId = (await h.call('POST', '/v1/flows', { body: flow })).body.id as string;
});
afterAll(async () => {
  await h.close();
});

interface SseEvent {
  id: string;
  event: string;
  data: any;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const field = (name: string): string =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2) ?? '';
      return { id: field('id'), event: field('event'), data: JSON.parse(field('data')) };
    });
}

function openStream(id: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return h.core.api.request(`/v1/executions/${id}/events`, {
    headers: { authorization: `Bearer ${h.keyA}`, ...headers },
    ...(signal === undefined ? {} : { signal }),
  });
}

async function answeredExecution(): Promise<string> {
  const started = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`);
  expect(started.body.status).toBe('waiting');
  const answered = await h.call('POST', `/v1/executions/${started.body.id}/input?wait=true`, {
    body: { digits: '42' },
  });
  expect(answered.body.status).toBe('completed');
  return started.body.id as string;
}

describe('execution events', () => {
  it('stores every event in order, numbered, and shows them in GET /v1/executions/{id}', async () => {
    const id = await answeredExecution();
    const read = (await h.call('GET', `/v1/executions/${id}`)).body;
    expect(read.eventLog.map((e: any) => e.type)).toEqual(EXPECTED);
    expect(read.eventLog.map((e: any) => e.seq)).toEqual(EXPECTED.map((_, i) => i + 1));
    expect(read.eventLog[2]).toMatchObject({ prompt: 'PIN?', maxDigits: 4, timeoutSeconds: 60 });
    expect(read.eventLog[3]).toMatchObject({ widgetId: 'ask', digits: '42' });
    expect(read.eventLog.at(-1)).toMatchObject({ status: 'completed', endReason: 'hangup' });
  });

  it('streams them as SSE and ends after `end`; Last-Event-ID resumes with no gap or repeat', async () => {
    const id = await answeredExecution();
    const whole = await openStream(id);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toContain('text/event-stream');
    const all = parseSse(await whole.text());
    expect(all.map((e) => e.event)).toEqual(EXPECTED);
    expect(all.map((e) => e.id)).toEqual(EXPECTED.map((_, i) => String(i + 1)));

    const resumed = parseSse(await (await openStream(id, { 'last-event-id': '4' })).text());
    expect(resumed.map((e) => e.id)).toEqual(all.slice(4).map((e) => e.id));
    expect(resumed.map((e) => e.data)).toEqual(all.slice(4).map((e) => e.data));
    // After the end there is nothing more: the stream ends at once.
    expect(parseSse(await (await openStream(id, { 'last-event-id': '10' })).text())).toEqual([]);
  });

  it('follows a live execution across its wait, then ends', async () => {
    const started = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`);
    const response = await openStream(started.body.id);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: input.request')) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the stream ended early');
      text += decoder.decode(chunk.value, { stream: true });
    }
    await h.call('POST', `/v1/executions/${started.body.id}/input`, { body: { digits: '42' } });
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    expect(parseSse(text).map((e) => e.event)).toEqual(EXPECTED);
  });

  it('leaves no listener behind when the client goes away', async () => {
    const started = await h.call('POST', `/v1/flows/${flowId}/executions?wait=true`);
    const client = new AbortController();
    const response = await openStream(started.body.id, {}, client.signal);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: input.request')) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the stream ended early');
      text += decoder.decode(chunk.value, { stream: true });
    }
    // Now it waits for new events.
    await until(() => (h.core.executions.events.size === 1 ? true : undefined));
    client.abort();
    await reader.cancel().catch(() => undefined);
    await until(() => (h.core.executions.events.size === 0 ? true : undefined));
  });

  it('refuses a bad Last-Event-ID and other accounts', async () => {
    const id = await answeredExecution();
    expect((await openStream(id, { 'last-event-id': 'x' })).status).toBe(400);
    const other = await h.core.api.request(`/v1/executions/${id}/events`, {
      headers: { authorization: `Bearer ${h.keyB}` },
    });
    expect(other.status).toBe(404);
  });
});

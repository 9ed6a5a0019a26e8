import { describe, expect, it } from 'vitest';
import { event, flowCompletedEvent, type EndedExecution } from './events.js';
import { fitPayload } from './fit-payload.js';
import { newDelivery } from './new-delivery.js';
import { MAX_PAYLOAD_BYTES } from './payload.js';

const now = new Date('2026-11-29T10:00:00.000Z');
const at = now.toISOString();
const enabled = { id: 'wh_1', disabledAt: null };
const execution: EndedExecution = {
  id: 'exe_1',
  accountId: 'acc_1',
  flowId: 'flw_1',
  flowVersion: 1,
  status: 'completed',
  endReason: 'hangup',
  direction: 'api',
  from: '+15550100',
  to: '+15550199',
  variables: {},
  path: ['bye'],
  createdAt: at,
  startTime: at,
  endTime: at,
};
const ended = (variables: EndedExecution['variables']) =>
  flowCompletedEvent({ execution: { ...execution, variables }, timestamp: at });
const bytesOf = (text: string): number => Buffer.byteLength(text, 'utf8');

describe('fitPayload', () => {
  const sized = (text: string) => event('big', { text }, at);
  const overhead = JSON.stringify(sized('')).length;

  it('keeps exactly 256 KB as is and refuses one byte more, counting UTF-8 bytes', () => {
    const exact = sized('a'.repeat(MAX_PAYLOAD_BYTES - overhead));
    expect(fitPayload(exact)).toEqual({ ok: true, payload: JSON.stringify(exact), trimmed: false });
    expect(fitPayload(sized('a'.repeat(MAX_PAYLOAD_BYTES - overhead + 1)))).toEqual({
      ok: false,
      bytes: MAX_PAYLOAD_BYTES + 1,
    });
    // 'é' is one UTF-16 unit but two UTF-8 bytes.
    expect(fitPayload(sized('é'.repeat((MAX_PAYLOAD_BYTES - overhead) / 2 + 1))).ok).toBe(false);
  });

  it('trims a flow.completed: the largest string keys shortened and marked, the URL added', () => {
    // Quotes take two bytes each in JSON: `quoted` is the smaller value but the larger text.
    const quoted = '"'.repeat(140_000);
    const plain = 'x'.repeat(150_000);
    const fitted = fitPayload(
      ended({ '$flow.key.a': quoted, '$flow.key.b': plain, '$flow.key.c': 7, '$flow.key.d': 'hi' }),
      'https://hookline.example/v1/executions/exe_1',
    );
    if (!fitted.ok) throw new Error('not fitted');
    expect(fitted.trimmed).toBe(true);
    expect(bytesOf(fitted.payload)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const { data } = JSON.parse(fitted.payload);
    expect(data.executionUrl).toBe('https://hookline.example/v1/executions/exe_1');
    const [a, b, c, d] = data.keys;
    // The largest (b) emptied was not enough: a is shortened too.
    expect(b).toEqual({ name: '$flow.key.b', value: '', truncated: true, originalBytes: 150_000 });
    expect(a).toMatchObject({ name: '$flow.key.a', truncated: true, originalBytes: 140_000 });
    expect(quoted.startsWith(a.value)).toBe(true);
    expect(a.value.length).toBeGreaterThan(100_000);
    expect([c, d]).toEqual([
      { name: '$flow.key.c', value: 7 },
      { name: '$flow.key.d', value: 'hi' },
    ]);
  });

  it('cuts multi-byte text on a character boundary', () => {
    for (const text of ['é'.repeat(150_000), 'x' + 'é'.repeat(150_000)]) {
      const fitted = fitPayload(ended({ '$flow.key.a': text }), '/v1/executions/exe_1');
      if (!fitted.ok) throw new Error('not fitted');
      const [key] = JSON.parse(fitted.payload).data.keys;
      expect(text.startsWith(key.value)).toBe(true);
    }
  });

  it('leaves a flow.completed that fits untouched (no URL, no marks)', () => {
    const small = ended({ '$flow.key.a': 'x' });
    expect(fitPayload(small, 'https://x.example/v1/executions/exe_1')).toEqual({
      ok: true,
      payload: JSON.stringify(small),
      trimmed: false,
    });
  });
});

describe('newDelivery', () => {
  it('is a pending delivery due now, with its payload and webhook-id fixed', () => {
    const built = ended({ '$flow.key.a': 'x' });
    expect(
      newDelivery({
        id: 'dlv_1',
        accountId: 'acc_1',
        webhook: enabled,
        executionId: 'exe_1',
        event: built,
        now,
      }),
    ).toEqual({
      id: 'dlv_1',
      accountId: 'acc_1',
      webhookId: 'wh_1',
      executionId: 'exe_1',
      eventType: 'flow.completed',
      messageId: expect.stringMatching(/^msg_/) as unknown,
      payload: JSON.stringify(built),
      status: 'pending',
      attemptCount: 0,
      nextAttemptAt: at,
      leaseUntil: null,
      failureReason: null,
      trimmed: false,
      createdAt: at,
      updatedAt: at,
    });
  });

  it('waits for a disabled webhook: pending, not due', () => {
    const waiting = newDelivery({
      id: 'dlv_2',
      accountId: 'acc_1',
      webhook: { id: 'wh_1', disabledAt: at },
      event: event('agent.paused', {}, at),
      now,
    });
    expect(waiting).toMatchObject({ status: 'pending', nextAttemptAt: null, failureReason: null });
  });

  it('records an event with no webhook as failed NO_WEBHOOK', () => {
    const none = newDelivery({
      id: 'dlv_3',
      accountId: 'acc_1',
      webhook: null,
      event: ended({}),
      now,
    });
    expect(none).toMatchObject({
      status: 'failed',
      failureReason: 'NO_WEBHOOK',
      webhookId: '',
      nextAttemptAt: null,
    });
  });

  it('records an event that cannot fit as failed PAYLOAD_TOO_LARGE, with its size', () => {
    const big = event('agent.paused', { name: 'x'.repeat(MAX_PAYLOAD_BYTES) }, at);
    const refused = newDelivery({
      id: 'dlv_4',
      accountId: 'acc_1',
      webhook: enabled,
      event: big,
      now,
    });
    expect(refused).toMatchObject({
      status: 'failed',
      failureReason: 'PAYLOAD_TOO_LARGE',
      nextAttemptAt: null,
      trimmed: false,
    });
    expect(JSON.parse(refused.payload)).toEqual({
      type: 'agent.paused',
      timestamp: at,
      data: null,
      payloadBytes: bytesOf(JSON.stringify(big)),
    });
  });

  it('records a trimmed flow.completed as trimmed', () => {
    const trimmed = newDelivery({
      id: 'dlv_5',
      accountId: 'acc_1',
      webhook: enabled,
      event: ended({ '$flow.key.a': 'x'.repeat(MAX_PAYLOAD_BYTES) }),
      now,
      executionUrl: '/v1/executions/exe_1',
    });
    expect(trimmed).toMatchObject({ status: 'pending', trimmed: true, failureReason: null });
  });
});

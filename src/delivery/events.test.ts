import { describe, expect, it } from 'vitest';
import { event, flowCompletedEvent, webhookCheckEvent, type EndedExecution } from './events.js';
import { encodePayload, MAX_PAYLOAD_BYTES, newMessageId } from './payload.js';
import { newDelivery } from './new-delivery.js';

const execution: EndedExecution = {
  id: 'exe_1',
  accountId: 'acc_1',
  flowId: 'flw_1',
  flowVersion: 3,
  status: 'completed',
  endReason: 'hangup',
  direction: 'inbound',
  from: '+15550100',
  to: '+15550199',
  variables: {
    '$user.key.tier': 'gold',
    '$flow.syskey.channel': 'voice',
    '$flow.key.customer_name': 'Ada',
    '$user.syskey.contactNumber': '+15550100',
    '$flow.key.attempts': 2,
    '$flow.key.lookup.response_error': false,
    '$flow.key.note': null,
  },
  path: ['lookup', 'greet', 'bye'],
  createdAt: '2026-11-29T09:59:17.000Z',
  startTime: '2026-11-29T09:59:18.000Z',
  endTime: '2026-11-29T10:00:00.000Z',
};

describe('flowCompletedEvent', () => {
  it("has exactly SPEC §4's example shape", () => {
    const built = flowCompletedEvent({ execution, timestamp: '2026-11-29T10:00:00.000Z' });
    expect(built).toStrictEqual({
      type: 'flow.completed',
      timestamp: '2026-11-29T10:00:00.000Z',
      data: {
        executionId: 'exe_1',
        flowId: 'flw_1',
        flowVersion: 3,
        accountId: 'acc_1',
        status: 'completed',
        endReason: 'hangup',
        callDetails: [
          {
            from: '+15550100',
            to: '+15550199',
            direction: 'inbound',
            startTime: '2026-11-29T09:59:18.000Z',
            endTime: '2026-11-29T10:00:00.000Z',
            duration: 42,
          },
        ],
        keys: [
          { name: '$flow.key.attempts', value: 2 },
          { name: '$flow.key.customer_name', value: 'Ada' },
          { name: '$flow.key.lookup.response_error', value: false },
          { name: '$flow.key.note', value: null },
          { name: '$user.key.tier', value: 'gold' },
        ],
        path: ['lookup', 'greet', 'bye'],
        recordingUrls: [],
      },
    });
    // Same key order as the SPEC's example (the JSON text is what receivers read).
    expect(Object.keys(built.data)).toEqual([
      'executionId',
      'flowId',
      'flowVersion',
      'accountId',
      'status',
      'endReason',
      'callDetails',
      'keys',
      'path',
      'recordingUrls',
    ]);
  });

  it('rounds the duration to whole seconds and copes with a missing start or end', () => {
    const rounded = flowCompletedEvent({
      execution: { ...execution, endTime: '2026-11-29T10:00:00.600Z' },
      timestamp: '2026-11-29T10:00:01.000Z',
    });
    expect(rounded.data.callDetails[0]?.duration).toBe(43);
    const neverStarted = flowCompletedEvent({
      execution: { ...execution, status: 'failed', startTime: null, endTime: null },
      timestamp: '2026-11-29T09:59:20.000Z',
    });
    expect(neverStarted.data.callDetails[0]).toMatchObject({
      startTime: execution.createdAt,
      endTime: '2026-11-29T09:59:20.000Z',
      duration: 3,
    });
  });
});

describe('other events', () => {
  it('builds webhook.check and generic events', () => {
    expect(
      webhookCheckEvent({ webhookId: 'wh_1', name: 'crm', timestamp: '2026-01-01T00:00:00.000Z' }),
    ).toStrictEqual({
      type: 'webhook.check',
      timestamp: '2026-01-01T00:00:00.000Z',
      data: { webhookId: 'wh_1', name: 'crm' },
    });
    expect(event('agent.paused', { agentId: 'a1' }, '2026-01-01T00:00:00.000Z')).toStrictEqual({
      type: 'agent.paused',
      timestamp: '2026-01-01T00:00:00.000Z',
      data: { agentId: 'a1' },
    });
  });
});

describe('encodePayload', () => {
  const sized = (text: string) => event('big', { text }, '2026-01-01T00:00:00.000Z');
  const overhead = JSON.stringify(sized('')).length;

  it('encodes the event as JSON', () => {
    const built = sized('hi');
    expect(encodePayload(built)).toEqual({ ok: true, payload: JSON.stringify(built) });
  });

  it('accepts exactly 256 KB and refuses one byte more, counting UTF-8 bytes', () => {
    const exact = encodePayload(sized('a'.repeat(MAX_PAYLOAD_BYTES - overhead)));
    expect(exact.ok).toBe(true);
    const over = encodePayload(sized('a'.repeat(MAX_PAYLOAD_BYTES - overhead + 1)));
    expect(over).toEqual({
      ok: false,
      message: `the big payload is ${MAX_PAYLOAD_BYTES + 1} bytes; outbound payloads are limited to 262144 bytes (256 KB)`,
    });
    // 'é' is one UTF-16 unit but two UTF-8 bytes.
    const multibyte = encodePayload(sized('é'.repeat((MAX_PAYLOAD_BYTES - overhead) / 2 + 1)));
    expect(multibyte.ok).toBe(false);
  });
});

describe('newMessageId', () => {
  it('is msg_ + an unguessable URL-safe token', () => {
    const ids = new Set(Array.from({ length: 1000 }, newMessageId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
  });
});

describe('newDelivery', () => {
  const now = new Date('2026-11-29T10:00:00.000Z');

  it('is a pending delivery due now, with its payload and webhook-id fixed', () => {
    const built = flowCompletedEvent({ execution, timestamp: now.toISOString() });
    const result = newDelivery({
      id: 'dlv_1',
      accountId: 'acc_1',
      webhookId: 'wh_1',
      executionId: 'exe_1',
      event: built,
      now,
    });
    expect(result).toEqual({
      ok: true,
      delivery: {
        id: 'dlv_1',
        accountId: 'acc_1',
        webhookId: 'wh_1',
        executionId: 'exe_1',
        eventType: 'flow.completed',
        messageId: expect.stringMatching(/^msg_/) as unknown,
        payload: JSON.stringify(built),
        status: 'pending',
        attemptCount: 0,
        nextAttemptAt: now.toISOString(),
        leaseUntil: null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      },
    });
  });

  it('refuses a payload over 256 KB', () => {
    const result = newDelivery({
      id: 'dlv_2',
      accountId: 'acc_1',
      webhookId: 'wh_1',
      event: event('big', { text: 'x'.repeat(MAX_PAYLOAD_BYTES) }, now.toISOString()),
      now,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('256 KB');
  });
});

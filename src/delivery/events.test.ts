import { describe, expect, it } from 'vitest';
import { event, flowCompletedEvent, webhookCheckEvent, type EndedExecution } from './events.js';
import { newMessageId } from './payload.js';

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
  it("has exactly docs/server.md's example shape", () => {
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
    // Same key order as the documented example (the JSON text is what receivers read).
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

describe('newMessageId', () => {
  it('is msg_ + an unguessable URL-safe token', () => {
    const ids = new Set(Array.from({ length: 1000 }, newMessageId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
  });
});

/**
 * docs/internal-functions.md / docs/internal-functions.md `createOutbound` through a real `hookline serve`:
 * executions scheduled `delayMinutes` ahead are stored at once, so a SIGKILL and a restart
 * before their due time neither loses nor repeats them; a flow of another account is a
 * `CLIENT_ERROR` that schedules nothing. The two scenarios run concurrently (own data
 * directory, receiver and port): the first waits about a minute for its due time.
 */
import { afterAll, describe, it } from 'vitest';
import { createAccount, killAll } from '../support/serve-process.js';
import { createFlow, ok, startExecution, startStack, until, type Stack } from './helpers.js';

const KILLED = { code: null, signal: 'SIGKILL' };
const NUMBERS = ['+15550001', '+15550002'];

afterAll(killAll);

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** The flow createOutbound starts: greets the number it calls, then hangs up. */
const TARGET_FLOW = {
  name: 'Outbound target',
  start: 'say',
  widgets: {
    say: { type: 'play', config: { text: 'Hello $flow.syskey.to' }, lines: ['bye'] },
    bye: { type: 'hangup' },
  },
};

/** A flow whose internal createOutbound widget leaves to `scheduled` (0) or `refused` (1). */
function callerFlow(inputs: Record<string, string>): Record<string, unknown> {
  return {
    name: 'Caller',
    start: 'call',
    widgets: {
      call: {
        type: 'webhook',
        config: { mode: 'internal', function: 'createOutbound', inputs },
        lines: ['scheduled', 'refused'],
      },
      scheduled: { type: 'hangup' },
      refused: { type: 'hangup' },
    },
  };
}

/** Every execution of `flowId` the key's account sees (one page of up to 200). */
async function executionsOf(stack: Stack, flowId: string, key?: string): Promise<any[]> {
  const body = await ok(
    stack.serve.api('GET', `/v1/executions?flowId=${encodeURIComponent(flowId)}&limit=200`, {
      ...(key === undefined ? {} : { key }),
    }),
    'GET /v1/executions',
  );
  return body.items as any[];
}

describe.concurrent(
  'hookline serve: createOutbound (docs/internal-functions.md)',
  { timeout: 150_000 },
  () => {
    it('a delayed createOutbound survives a SIGKILL and a restart, and runs each execution once', async ({
      expect,
      onTestFinished,
    }) => {
      const stack = await startStack();
      onTestFinished(() => stack.close());
      const targetId = await createFlow(stack.serve, TARGET_FLOW);
      const callerId = await createFlow(
        stack.serve,
        callerFlow({ flowID: targetId, contactNumbers: NUMBERS.join(' '), delayMinutes: '1' }),
      );

      const caller = await startExecution(stack.serve, callerId);
      expect(caller).toMatchObject({
        status: 'completed',
        endReason: 'hangup',
        path: ['call', 'scheduled'],
      });
      expect(caller.variables).toMatchObject({
        '$flow.key.response_status': 'SUCCESS',
        '$flow.key.response_status_code': 200,
        '$flow.key.obdResponseCode': 200,
        '$flow.key.obdReqID': expect.stringMatching(/\S/),
      });
      const firstId = caller.variables['$flow.key.obdPhononUUID'] as string;
      expect(firstId).toEqual(expect.stringMatching(/\S/));

      // Stored at once, queued, outbound, one per number, due one minute after the widget ran.
      const queued = await executionsOf(stack, targetId);
      expect(queued).toHaveLength(2);
      expect(queued.map((item) => item.id)).toContain(firstId);
      expect(queued.map((item) => item.to).sort()).toEqual(NUMBERS);
      const dueTimes = new Set<string>();
      for (const item of queued) {
        expect(item).toMatchObject({
          flowId: targetId,
          status: 'queued',
          endReason: null,
          direction: 'outbound',
          path: [],
          startTime: null,
          endTime: null,
        });
        dueTimes.add(item.variables['$flow.syskey.startTime'] as string);
      }
      expect(dueTimes.size).toBe(1);
      const due = Date.parse([...dueTimes][0]!);
      // The widget ran between the caller's start and end: its "now" + 60 s is the due time.
      expect(due - 60_000).toBeGreaterThanOrEqual(Date.parse(caller.startTime as string));
      expect(due - 60_000).toBeLessThanOrEqual(Date.parse(caller.endTime as string));
      // Nothing ran yet, and (the loopback run took seconds) the kill comes well before `due`.
      expect(Date.now()).toBeLessThan(due - 10_000);

      expect(await stack.serve.kill('SIGKILL')).toEqual(KILLED);
      await stack.restart();

      // Still the same two, still queued: the restart neither lost nor started them early.
      const checkedAt = Date.now();
      const afterRestart = await executionsOf(stack, targetId);
      if (checkedAt < due) {
        expect(afterRestart.map((item) => [item.id, item.status]).sort()).toEqual(
          queued.map((item) => [item.id, 'queued']).sort(),
        );
      }

      // No need to ask a thousand times while nothing can happen: look again just before `due`.
      await sleep(Math.max(due - Date.now() - 2_000, 0));
      const ended = await until(
        'both scheduled executions to complete after the restart',
        async () => {
          const items = await executionsOf(stack, targetId);
          return items.length >= 2 && items.every((item) => item.status === 'completed')
            ? items
            : undefined;
        },
        Math.max(due - Date.now(), 0) + 60_000,
      );
      expect(ended.map((item) => item.id).sort()).toEqual(queued.map((item) => item.id).sort());
      for (const item of ended) {
        expect(item).toMatchObject({
          status: 'completed',
          endReason: 'hangup',
          direction: 'outbound',
          path: ['say', 'bye'],
        });
        // Started once its due time had passed, and only once (one play, one path).
        expect(Date.parse(item.startTime as string)).toBeGreaterThanOrEqual(due);
        expect(item.events).toEqual([
          { type: 'play', text: `Hello ${item.to as string}` },
          { type: 'hangup' },
        ]);
      }

      // A few seconds later: still exactly those two executions, none started again.
      await sleep(3_000);
      const later = await executionsOf(stack, targetId);
      expect(later.map((item) => [item.id, item.status, item.startTime]).sort()).toEqual(
        ended.map((item) => [item.id, item.status, item.startTime]).sort(),
      );
      // And the caller itself ran once.
      expect((await executionsOf(stack, callerId)).map((item) => item.id)).toEqual([caller.id]);
    });

    it('a flowID of another account takes the failure line with CLIENT_ERROR and creates nothing', async ({
      expect,
      onTestFinished,
    }) => {
      const stack = await startStack();
      onTestFinished(() => stack.close());
      // A second account on the same data directory, made while the server runs.
      const other = await createAccount(stack.dataDir, 'other');
      const foreignId = (
        await ok(
          stack.serve.api('POST', '/v1/flows', { body: TARGET_FLOW, key: other.apiKey }),
          'POST /v1/flows (other account)',
        )
      ).id as string;
      expect((await stack.serve.api('GET', `/v1/flows/${foreignId}`)).status).toBe(404);

      for (const flowID of [foreignId, 'flow_does_not_exist']) {
        const callerId = await createFlow(
          stack.serve,
          callerFlow({ flowID, contactNumbers: '+15550003', delayMinutes: '0' }),
        );
        const run = await startExecution(stack.serve, callerId);
        expect(run).toMatchObject({
          status: 'completed',
          endReason: 'hangup',
          path: ['call', 'refused'],
        });
        expect(run.variables).toMatchObject({
          '$flow.key.response_status': 'FAILED',
          '$flow.key.response_error': true,
          '$flow.key.response_status_code': 404,
          '$flow.key.error_reason': 'CLIENT_ERROR',
          '$flow.key.obdResponseCode': 404,
        });
        expect(run.variables['$flow.key.obdPhononUUID'] ?? '').toBe('');
      }

      // Nothing was scheduled in either account: the only executions are the two callers'.
      expect(await executionsOf(stack, foreignId, other.apiKey)).toEqual([]);
      const otherAll = await ok(stack.serve.api('GET', '/v1/executions', { key: other.apiKey }));
      expect(otherAll.items).toEqual([]);
      const mine = await ok(stack.serve.api('GET', '/v1/executions?limit=200'));
      expect(mine.items).toHaveLength(2);
      expect(mine.items.every((item: any) => item.direction === 'api')).toBe(true);
    });
  },
);

/**
 * docs/server.md "Live executions": a run stops where a widget waits for the caller and
 * goes on from the stored state as if it had never stopped.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateFlow } from '../flow/index.js';
import { runLiveExecution } from './run-execution.js';
import { AwaitingCaller, type ResumeFrom, type SuspendedRun } from './types.js';
import { defineWidget } from './widget.js';

interface Services {
  answer: string | undefined;
}

/** Asks, then takes line 0 with the answer saved (persisted), or waits when there is none. */
const ask = defineWidget<z.ZodObject, Services>({
  title: 'Ask',
  description: 'a test widget',
  category: 'caller',
  defaults: {},
  type: 'ask',
  config: z.object({}),
  callerInteraction: true,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ emit, services }) => {
    emit({ type: 'input', prompt: 'PIN?' });
    if (services.answer === undefined) return Promise.reject(new AwaitingCaller('wait'));
    return Promise.resolve({
      line: 0,
      variables: [{ name: '$flow.key.pin', value: services.answer, persist: true }],
    });
  },
});

const widgets = new Map([[ask.type, ask]]);

function flowOf(document: unknown) {
  const { flow, problems } = validateFlow(document, widgets);
  if (!flow) throw new Error(JSON.stringify(problems));
  return flow;
}

/** ask → ask → (end): two waits. */
const twoAsks = flowOf({
  name: 'Two asks',
  start: 'a',
  widgets: { a: { type: 'ask', lines: ['b'] }, b: { type: 'ask', lines: [] } },
});

function live(answer: string | undefined, resume?: ResumeFrom, stepLimit?: number) {
  let ms = Date.parse('2026-12-01T10:00:00.000Z');
  return runLiveExecution({
    executionId: 'e1',
    flow: twoAsks,
    widgets,
    services: { answer },
    clock: { now: () => new Date((ms += 5)), monotonicMs: () => (ms += 5) },
    variables: {},
    limits: { templateBytes: 1e6, variableBytes: 1e6, executionVariablesBytes: 1e7 },
    ...(resume === undefined ? {} : { resume }),
    ...(stepLimit === undefined ? {} : { stepLimit }),
  });
}

function resumeOf(run: SuspendedRun, hangup = false): ResumeFrom {
  return { at: run.suspension, path: run.path, events: run.events, steps: run.steps, hangup };
}

describe('runLiveExecution', () => {
  it('stops at the waiting widget and goes on from there, sending nothing twice', async () => {
    const first = (await live(undefined)) as SuspendedRun;
    expect(first).toMatchObject({
      status: 'waiting',
      suspension: { widgetId: 'a', branch: 'main', count: 0 },
      path: [],
      steps: [],
      events: [{ type: 'input', prompt: 'PIN?' }],
    });
    const second = await live('12', resumeOf(first));
    // It answered `a`, then `b` asked (no answer for it in this test's services: same one).
    expect(second).toMatchObject({ status: 'completed', path: ['a', 'b'] });
    if (second.status === 'waiting') throw new Error('not ended');
    expect(second.events).toEqual([
      { type: 'input', prompt: 'PIN?' },
      { type: 'input', prompt: 'PIN?' },
    ]);
    expect(second.persisted).toEqual(['$flow.key.pin']);
    expect(second.startTime).toBe(first.suspension.startTime);
  });

  it('keeps persisted marks and the step count across a wait', async () => {
    const first = (await live(undefined)) as SuspendedRun;
    const atB = { ...first, suspension: { ...first.suspension, widgetId: 'b', count: 1 } };
    atB.suspension.persisted = ['$flow.key.earlier'];
    const limited = await live('1', resumeOf(atB), 1);
    expect(limited).toMatchObject({ status: 'failed', endReason: 'STEP_LIMIT' });
    const ended = await live('1', resumeOf(atB));
    if (ended.status === 'waiting') throw new Error('not ended');
    expect(ended.persisted.sort()).toEqual(['$flow.key.earlier', '$flow.key.pin']);
  });

  it('ends callerHangup when the caller hangs up on a wait', async () => {
    const first = (await live(undefined)) as SuspendedRun;
    const ended = await live(undefined, resumeOf(first, true));
    expect(ended).toMatchObject({ status: 'completed', endReason: 'callerHangup', path: [] });
  });
});

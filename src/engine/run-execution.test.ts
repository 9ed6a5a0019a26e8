import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateFlow, type WidgetCatalogue } from '../flow/index.js';
import { runExecution } from './run-execution.js';
import type { Clock, StepDetail } from './types.js';
import { defineWidget, type WidgetDefinition } from './widget.js';

/** A clock that moves 5 ms on every reading: durations are exact. */
function fakeClock(): Clock {
  let ms = Date.parse('2026-11-29T10:00:00.000Z');
  return {
    now: () => new Date((ms += 5)),
    monotonicMs: () => (ms += 5),
  };
}

/** Palette fields the engine never reads. */
const META = {
  title: 'Test',
  description: 'a test widget',
  category: 'logic',
  defaults: {},
} as const;

const setSchema = z.object({ name: z.string(), value: z.string() });
const set = defineWidget<typeof setSchema, undefined>({
  ...META,
  type: 'set',
  config: setSchema,
  callerInteraction: false,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ config }) =>
    Promise.resolve({
      line: 0,
      variables: [{ name: config.name, value: config.value, persist: true }],
    }),
});

const branchSchema = z.object({ variable: z.string(), equals: z.string() });
const branch = defineWidget<typeof branchSchema, undefined>({
  ...META,
  type: 'branch',
  config: branchSchema,
  callerInteraction: false,
  lineLabels: () => ['yes', 'no'],
  lines: () => ({ min: 2, max: 2 }),
  run: ({ config, lookup }) =>
    Promise.resolve({ line: lookup(config.variable) === config.equals ? 0 : 1 }),
});

const say = defineWidget<z.ZodObject<{ text: z.ZodString }>, undefined>({
  ...META,
  type: 'say',
  config: z.object({ text: z.string() }),
  callerInteraction: true,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ config, emit }) => {
    emit({ type: 'play', text: config.text });
    return Promise.resolve({ line: 0 });
  },
});

const stop = defineWidget<z.ZodObject, undefined>({
  ...META,
  type: 'stop',
  config: z.object({}),
  callerInteraction: false,
  lineLabels: () => [],
  lines: () => ({ min: 0, max: 0 }),
  run: () => Promise.resolve({ line: 0, end: { reason: 'end' } }),
});

const boom = defineWidget<z.ZodObject, undefined>({
  ...META,
  type: 'boom',
  config: z.object({}),
  callerInteraction: false,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: () => Promise.reject(new Error('kaput')),
});

let release: (detail: StepDetail) => void = () => undefined;
const later = defineWidget<z.ZodObject, undefined>({
  ...META,
  type: 'later',
  config: z.object({}),
  callerInteraction: false,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ background }) => {
    background(new Promise<StepDetail>((resolve) => (release = resolve)));
    return Promise.resolve({ line: 0 });
  },
});

const widgets = new Map(
  [set, branch, say, stop, boom, later].map((widget) => [
    widget.type,
    widget as WidgetDefinition<unknown, undefined>,
  ]),
);
const catalogue: WidgetCatalogue = widgets;

async function run(document: unknown, stepLimit?: number) {
  const { flow, problems } = validateFlow(document, catalogue);
  if (!flow) throw new Error(JSON.stringify(problems));
  return runExecution({
    executionId: 'e1',
    flow,
    widgets,
    services: undefined,
    clock: fakeClock(),
    variables: { '$flow.key.seed': 'yes' },
    limits: { templateBytes: 1e6, variableBytes: 1e6, executionVariablesBytes: 1e7 },
    ...(stepLimit === undefined ? {} : { stepLimit }),
  });
}

describe('runExecution', () => {
  it('follows lines, applies variables and records path, steps and events', async () => {
    const result = await run({
      name: 'f',
      start: 'a',
      widgets: {
        a: {
          type: 'branch',
          config: { variable: '$flow.key.seed', equals: 'yes' },
          lines: ['b', 'c'],
        },
        b: { type: 'set', config: { name: '$flow.key.x', value: '1' }, lines: ['d'] },
        c: { type: 'set', config: { name: '$flow.key.x', value: '2' }, lines: ['d'] },
        d: { type: 'say', config: { text: 'hi' }, lines: ['e'] },
        e: { type: 'stop' },
      },
    });
    expect(result.status).toBe('completed');
    expect(result.endReason).toBe('end');
    expect(result.path).toEqual(['a', 'b', 'd', 'e']);
    expect(result.variables['$flow.key.x']).toBe('1');
    expect(result.persisted).toEqual(['$flow.key.x']);
    expect(result.events).toEqual([{ type: 'play', text: 'hi' }]);
    expect(result.steps.map((step) => [step.widgetId, step.line, step.next])).toEqual([
      ['a', 0, 'b'],
      ['b', 0, 'd'],
      ['d', 0, 'e'],
      ['e', null, null],
    ]);
    expect(result.steps.every((step) => step.durationMs === 5)).toBe(true);
  });

  it('ends completed when a line leads nowhere', async () => {
    const result = await run({
      name: 'f',
      start: 'a',
      widgets: {
        a: {
          type: 'branch',
          config: { variable: '$flow.key.seed', equals: 'no' },
          lines: ['b', null],
        },
        b: { type: 'stop' },
      },
    });
    expect(result).toMatchObject({ status: 'completed', endReason: 'noNextWidget', path: ['a'] });
  });

  it('fails with STEP_LIMIT after the limit of steps', async () => {
    const document = {
      name: 'loop',
      start: 'a',
      widgets: {
        a: { type: 'set', config: { name: '$flow.key.x', value: '1' }, lines: ['b'] },
        b: { type: 'set', config: { name: '$flow.key.y', value: '1' }, lines: ['a'] },
      },
    };
    const result = await run(document);
    expect(result.status).toBe('failed');
    expect(result.endReason).toBe('STEP_LIMIT');
    expect(result.path).toHaveLength(1000);
    expect((await run(document, 3)).path).toEqual(['a', 'b', 'a']);
  });

  it('fails with INTERNAL_ERROR when a widget throws, keeping what ran', async () => {
    const result = await run({
      name: 'f',
      start: 'a',
      widgets: {
        a: { type: 'set', config: { name: '$flow.key.x', value: '1' }, lines: ['b'] },
        b: { type: 'boom', lines: ['c'] },
        c: { type: 'stop' },
      },
    });
    expect(result).toMatchObject({
      status: 'failed',
      endReason: 'INTERNAL_ERROR',
      path: ['a', 'b'],
    });
    expect(result.steps[1]?.error).toBe('kaput');
    expect(result.variables['$flow.key.x']).toBe('1');
  });

  it('runs the onFlowComplete branch after the main path', async () => {
    const result = await run({
      name: 'f',
      start: 'a',
      onFlowComplete: 'n',
      widgets: {
        a: { type: 'say', config: { text: 'bye' }, lines: ['z'] },
        z: { type: 'stop' },
        n: { type: 'set', config: { name: '$flow.key.notified', value: 'yes' } },
      },
    });
    expect(result.status).toBe('completed');
    expect(result.endReason).toBe('end');
    expect(result.path).toEqual(['a', 'z', 'n']);
    expect(result.steps.map((step) => step.branch)).toEqual(['main', 'main', 'onFlowComplete']);
    expect(result.variables['$flow.key.notified']).toBe('yes');
  });

  it('waits for background outcomes and records them on their step', async () => {
    const pending = run({
      name: 'f',
      start: 'a',
      widgets: { a: { type: 'later', lines: ['b'] }, b: { type: 'stop' } },
    });
    await new Promise((resolve) => setImmediate(resolve));
    release({ status: 200 });
    const result = await pending;
    expect(result.path).toEqual(['a', 'b']);
    expect(result.steps[0]?.background).toEqual({ status: 200 });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateFlow, type Variables } from '../flow/index.js';
import { runExecution } from './run-execution.js';
import type { Clock } from './types.js';
import type { ValueLimits } from './value-limits.js';
import { defineWidget, type WidgetDefinition } from './widget.js';

const clock: Clock = { now: () => new Date(0), monotonicMs: () => 0 };
/** Palette fields the engine never reads. */
const META = {
  title: 'Test',
  description: 'a test widget',
  category: 'logic',
  defaults: {},
} as const;

const limits: ValueLimits = {
  templateBytes: 100,
  variableBytes: 100,
  executionVariablesBytes: 300,
};

/** Appends `times` copies of `text` to a variable: `$flow.key.NAME` = old value + text. */
const appendSchema = z.object({ name: z.string(), text: z.string() });
const append = defineWidget<typeof appendSchema, undefined>({
  ...META,
  type: 'append',
  config: appendSchema,
  callerInteraction: false,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ config, lookup }) => ({
    line: 0,
    variables: [{ name: config.name, value: `${String(lookup(config.name) ?? '')}${config.text}` }],
  }),
});

/** Throws what a render past its cap throws (a `code` of VALUE_TOO_LARGE). */
const tooLong = defineWidget<z.ZodObject, undefined>({
  ...META,
  type: 'tooLong',
  config: z.object({}),
  callerInteraction: false,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: () => {
    throw Object.assign(new Error('the rendered template is larger than 100 bytes'), {
      code: 'VALUE_TOO_LARGE',
    });
  },
});

/** Reports what the engine's check says about a 150-byte value, and takes line 0. */
const checker = defineWidget<z.ZodObject, undefined>({
  ...META,
  type: 'checker',
  config: z.object({}),
  callerInteraction: false,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ checkVariables }) => ({
    line: 0,
    detail: { problem: checkVariables([{ name: '$flow.key.big', value: 'x'.repeat(150) }]) },
  }),
});

/** Plays the value of `$flow.key.k` (with a greeting) and loops. */
const say = defineWidget<z.ZodObject, undefined>({
  ...META,
  type: 'say',
  config: z.object({}),
  callerInteraction: true,
  lineLabels: () => ['next'],
  lines: () => ({ min: 0, max: 1 }),
  run: ({ lookup, emit }) => {
    emit({ type: 'play', text: `Hi ${String(lookup('$flow.key.k'))}` });
    return { line: 0 };
  },
});

const widgets = new Map(
  [append, tooLong, checker, say].map((widget) => [
    widget.type,
    widget as WidgetDefinition<unknown, undefined>,
  ]),
);

async function run(widgetsById: Record<string, unknown>, variables: Variables = {}) {
  const document = { name: 'f', start: 'a', widgets: widgetsById };
  const { flow, problems } = validateFlow(document, widgets);
  if (!flow) throw new Error(JSON.stringify(problems));
  return runExecution({
    executionId: 'e',
    flow,
    widgets,
    services: undefined,
    clock,
    variables,
    limits,
  });
}

const loop = (text: string, name = '$flow.key.k') => ({
  a: { type: 'append', config: { name, text }, lines: ['a'] },
});

describe('value limits (docs/flows.md "Limits")', () => {
  it('fails the run with VALUE_TOO_LARGE when one variable would pass its cap', async () => {
    const result = await run(loop('x'.repeat(30)));
    expect(result).toMatchObject({ status: 'failed', endReason: 'VALUE_TOO_LARGE' });
    expect(result.path).toHaveLength(4);
    expect(result.steps.at(-1)?.error).toBe(
      '$flow.key.k would hold 120 bytes, more than the 100 one variable may hold (HOOKLINE_MAX_VARIABLE_BYTES)',
    );
    // The last value that fitted is kept; the one past the cap never reaches the variables.
    expect(result.variables['$flow.key.k']).toHaveLength(90);
  });

  it('fails the run when all variables together would pass the execution cap', async () => {
    const result = await run({
      a: { type: 'append', config: { name: '$flow.key.a', text: 'x'.repeat(90) }, lines: ['b'] },
      b: { type: 'append', config: { name: '$flow.key.b', text: 'x'.repeat(90) }, lines: ['c'] },
      c: { type: 'append', config: { name: '$flow.key.c', text: 'x'.repeat(90) }, lines: ['d'] },
      d: { type: 'append', config: { name: '$flow.key.d', text: 'x'.repeat(90) } },
    });
    expect(result).toMatchObject({ status: 'failed', endReason: 'VALUE_TOO_LARGE' });
    expect(result.path).toEqual(['a', 'b', 'c']);
    expect(result.steps.at(-1)?.error).toMatch(
      /^the execution's variables would hold 3\d\d bytes, more than the 300 allowed \(HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES\)$/,
    );
  });

  it('counts a replaced value once', async () => {
    const result = await run(
      { a: { type: 'append', config: { name: '$flow.key.k', text: '' }, lines: ['a'] } },
      { '$flow.key.k': 'x'.repeat(90) },
    );
    // 1,000 rewrites of 90 bytes stay under the 300-byte total: the step limit ends it.
    expect(result.endReason).toBe('STEP_LIMIT');
  });

  it('counts UTF-8 bytes', async () => {
    const result = await run(loop('€'.repeat(20)));
    expect(result.path).toHaveLength(2);
    expect(result.endReason).toBe('VALUE_TOO_LARGE');
  });

  it('fails a run whose input already passes a cap, before any step', async () => {
    const result = await run(loop(''), { '$flow.key.k': 'x'.repeat(101) });
    expect(result).toMatchObject({ status: 'failed', endReason: 'VALUE_TOO_LARGE', path: [] });
    const many = Object.fromEntries(
      ['a', 'b', 'c', 'd'].map((name) => [`$user.key.${name}`, 'x'.repeat(90)]),
    );
    expect(await run(loop(''), many)).toMatchObject({ endReason: 'VALUE_TOO_LARGE', path: [] });
  });

  it('ends with VALUE_TOO_LARGE, not INTERNAL_ERROR, when a widget throws a too-large error', async () => {
    const result = await run({ a: { type: 'tooLong' } });
    expect(result).toMatchObject({ status: 'failed', endReason: 'VALUE_TOO_LARGE' });
    expect(result.steps[0]?.error).toBe('the rendered template is larger than 100 bytes');
  });

  it('caps the channel events one execution sends like its variables', async () => {
    const result = await run(
      { a: { type: 'say', lines: ['a'] } },
      { '$flow.key.k': 'x'.repeat(90) },
    );
    expect(result).toMatchObject({ status: 'failed', endReason: 'VALUE_TOO_LARGE' });
    expect(result.events).toHaveLength(3);
    expect(result.steps.at(-1)?.error).toBe(
      "the execution's channel events would hold more than 300 bytes (HOOKLINE_MAX_EXECUTION_VARIABLES_BYTES)",
    );
  });

  it('lets a widget ask whether its variables fit', async () => {
    const result = await run({ a: { type: 'checker' } });
    expect(result.steps[0]?.detail).toEqual({
      problem:
        '$flow.key.big would hold 150 bytes, more than the 100 one variable may hold (HOOKLINE_MAX_VARIABLE_BYTES)',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { WidgetCatalogue, WidgetSchemaEntry } from './catalogue.js';
import { error, warning } from './problem.js';
import { validateFlow } from './validate.js';

const entry = (
  type: string,
  lines: { min: number; max: number },
  callerInteraction = false,
  config: z.ZodType = z.object({}).default({}),
): WidgetSchemaEntry => ({
  type,
  config,
  callerInteraction,
  lines: () => lines,
});

const catalogue: WidgetCatalogue = new Map([
  [
    'step',
    entry(
      'step',
      { min: 0, max: 2 },
      false,
      z.object({ timeoutSeconds: z.number().max(60).default(10) }).default({ timeoutSeconds: 10 }),
    ),
  ],
  ['talk', entry('talk', { min: 0, max: 1 }, true)],
  ['stop', entry('stop', { min: 0, max: 0 })],
  [
    'picky',
    {
      ...entry('picky', { min: 0, max: 1 }),
      check: () => [error('deep.field', 'picky says no')],
    },
  ],
  [
    'lister',
    {
      ...entry(
        'lister',
        { min: 0, max: 1 },
        false,
        z.object({
          limit: z.number().max(9).default(1),
          items: z.array(z.object({ name: z.string().min(1), pattern: z.string() })),
        }),
      ),
      // Flags each "bad" pattern, and warns always (a warning a default could cause).
      check: (config: { items: Array<{ pattern: string }> }) => [
        ...config.items.flatMap((item, index) =>
          item.pattern === 'bad' ? [error(`items[${index}].pattern`, 'bad pattern')] : [],
        ),
        warning('limit', 'a warning about the default'),
      ],
    },
  ],
]);

const base = {
  name: 'f',
  start: 'a',
  widgets: { a: { type: 'step', lines: ['b'] }, b: { type: 'stop' } },
};

const paths = (input: unknown) =>
  validateFlow(input, catalogue).problems.map((problem) => `${problem.severity} ${problem.path}`);

describe('validateFlow', () => {
  it('accepts a valid flow and parses configs with defaults', () => {
    const result = validateFlow(base, catalogue);
    expect(result.problems).toEqual([]);
    expect(result.flow?.configs.get('a')).toEqual({ timeoutSeconds: 10 });
  });

  it.each([42, null, 'flow', []])('rejects a document that is not an object: %j', (input) => {
    const result = validateFlow(input, catalogue);
    expect(result.flow).toBeUndefined();
    expect(result.problems).toEqual([
      { path: '', message: expect.stringContaining('object') as unknown, severity: 'error' },
    ]);
  });

  it.each<[string, unknown, string[]]>([
    ['missing name and start', { widgets: {} }, ['error name', 'error start']],
    ['missing start widget', { ...base, start: 'nope' }, ['error start']],
    [
      'unknown widget type',
      { ...base, widgets: { ...base.widgets, b: { type: 'teleport' } } },
      ['error widgets.b.type'],
    ],
    [
      'dangling line',
      { ...base, widgets: { ...base.widgets, a: { type: 'step', lines: ['b', 'ghost'] } } },
      ['error widgets.a.lines[1]'],
    ],
    [
      'too many lines',
      { ...base, widgets: { ...base.widgets, a: { type: 'step', lines: ['b', 'b', 'b'] } } },
      ['error widgets.a.lines'],
    ],
    [
      'timeout over 60 s',
      {
        ...base,
        widgets: {
          ...base.widgets,
          a: { type: 'step', config: { timeoutSeconds: 61 }, lines: ['b'] },
        },
      },
      ['error widgets.a.config.timeoutSeconds'],
    ],
    [
      'too many lines beside a refused value a default stands in for',
      {
        ...base,
        widgets: {
          ...base.widgets,
          a: { type: 'step', config: { timeoutSeconds: 61 }, lines: ['b', 'b', 'b'] },
        },
      },
      ['error widgets.a.config.timeoutSeconds', 'error widgets.a.lines'],
    ],
    [
      'a widget check with a relative path',
      { ...base, widgets: { ...base.widgets, b: { type: 'picky' } } },
      ['error widgets.b.config.deep.field'],
    ],
    [
      'unreachable widget',
      { ...base, widgets: { ...base.widgets, lost: { type: 'stop' } } },
      ['warning widgets.lost'],
    ],
    [
      'caller widget in the onFlowComplete branch',
      { ...base, onFlowComplete: 't', widgets: { ...base.widgets, t: { type: 'talk' } } },
      ['error widgets.t'],
    ],
    ['unknown onFlowComplete widget', { ...base, onFlowComplete: 'zz' }, ['error onFlowComplete']],
    [
      'cycle without a caller widget',
      {
        ...base,
        widgets: { a: { type: 'step', lines: ['b'] }, b: { type: 'step', lines: ['a'] } },
      },
      ['warning widgets.a.lines'],
    ],
    [
      'self loop',
      { ...base, widgets: { a: { type: 'step', lines: ['a'] } } },
      ['warning widgets.a.lines'],
    ],
    [
      'bad widget id',
      { ...base, widgets: { ...base.widgets, 'x y': { type: 'stop' } }, start: 'a' },
      ['error widgets.x y', 'warning widgets.x y'],
    ],
    [
      'layout of an unknown widget',
      { ...base, layout: { ghost: { x: 0, y: 0 } } },
      ['warning layout.ghost'],
    ],
  ])('reports %s with its path', (_name, input, expected) => {
    expect(paths(input)).toEqual(expected);
  });

  it('does not warn about a cycle through a caller widget', () => {
    const flow = {
      ...base,
      widgets: { a: { type: 'step', lines: ['b'] }, b: { type: 'talk', lines: ['a'] } },
    };
    expect(paths(flow)).toEqual([]);
  });

  it('reports every problem at once', () => {
    const flow = {
      name: 'f',
      start: 'nope',
      onFlowComplete: 'b',
      widgets: {
        a: { type: 'teleport' },
        b: { type: 'step', config: { timeoutSeconds: 99 }, lines: ['ghost'] },
      },
    };
    expect(paths(flow)).toEqual([
      'error start',
      'error widgets.a.type',
      'error widgets.b.config.timeoutSeconds',
      'error widgets.b.lines[0]',
    ]);
  });

  it("runs a widget's own checks beside its schema errors, numbered as written", () => {
    const lister = {
      type: 'lister',
      config: {
        limit: 99,
        items: [
          { name: 'a', pattern: 'bad' },
          { name: '', pattern: 'bad' },
          { name: 'c', pattern: 'ok' },
          { name: 'd', pattern: 'bad' },
        ],
      },
    };
    // items[1] is refused (and taken out): its check is not reported, items[3] keeps its index.
    expect(paths({ ...base, widgets: { ...base.widgets, b: lister } })).toEqual([
      'error widgets.b.config.limit',
      'error widgets.b.config.items[1].name',
      'error widgets.b.config.items[0].pattern',
      'error widgets.b.config.items[3].pattern',
    ]);
  });

  it('checks the widgets of a document whose own fields are refused', () => {
    const flow = {
      description: 5,
      widgets: {
        a: { label: 'x'.repeat(300), lines: ['b', 'ghost'] },
        b: { type: 'step', config: { timeoutSeconds: 99 } },
      },
    };
    expect(paths(flow)).toEqual([
      'error name',
      'error description',
      'error start',
      'error widgets.a.type',
      'error widgets.a.label',
      'error widgets.a.lines[1]',
      'error widgets.b.config.timeoutSeconds',
    ]);
  });

  it('takes widget ids named like Object.prototype members as ordinary ids', () => {
    const flow = JSON.parse(`{"name": "f", "start": "__proto__", "widgets": {
      "__proto__": {"type": "step", "lines": ["constructor", "toString"], "label": "${'x'.repeat(201)}"},
      "constructor": {"type": "stop"}}}`) as unknown;
    expect(paths(flow)).toEqual([
      'error widgets.__proto__.label',
      'error widgets.__proto__.lines[1]',
    ]);
    const valid = JSON.parse(
      '{"name": "f", "start": "__proto__", "widgets": {"__proto__": {"type": "step", "lines": ["constructor"]}, "constructor": {"type": "stop"}}}',
    ) as unknown;
    const result = validateFlow(valid, catalogue);
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.flow?.document.widgets ?? {})).toEqual(['__proto__', 'constructor']);
  });

  it('keeps flows with only warnings usable', () => {
    const result = validateFlow(
      { ...base, widgets: { ...base.widgets, lost: { type: 'stop' } } },
      catalogue,
    );
    expect(result.flow).toBeDefined();
  });
});

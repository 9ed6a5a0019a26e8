/**
 * The Run panel's pure parts (docs/designer.md "Running a flow"): which widgets and lines an
 * execution lit, and what the phone shows, from its events.
 */
import { describe, expect, it } from 'vitest';
import { litEdges, litNodes, lightsOf, stepsOfEvents } from '../../designer/src/run/lights.js';
import { callState } from '../../designer/src/run/call-state.js';
import type { LogEvent } from '../../designer/src/run/run-api.js';

let seq = 0;
const event = (type: string, fields: Record<string, unknown> = {}): LogEvent => ({
  seq: (seq += 1),
  type,
  at: '2026-01-01T00:00:00.000Z',
  ...fields,
});

const LOG = [
  event('play', { text: 'Hello' }),
  event('step', { widgetId: 'hello', line: 0, next: 'ask' }),
  event('input.request', { prompt: 'Two digits', maxDigits: 2 }),
];

describe('lights of an execution', () => {
  it('lights what ran and the line taken, and rings the widget it waits at', () => {
    const lights = lightsOf(stepsOfEvents(LOG), false);
    expect([...lights.nodes]).toEqual(['hello', 'ask']);
    expect([...lights.edges]).toEqual(['hello:0']);
    expect(lights.current).toBe('ask');
    const items: { id: string; className?: string }[] = [
      { id: 'hello' },
      { id: 'ask' },
      { id: 'bye', className: 'x' },
    ];
    const nodes = litNodes(items, lights);
    expect(nodes.map((node) => node.className)).toEqual(['visited', 'visited current', 'x']);
    const arrows: { id: string; className?: string }[] = [{ id: 'hello:0' }, { id: 'ask:1' }];
    const edges = litEdges(arrows, lights);
    expect(edges.map((edge) => edge.className)).toEqual(['visited', undefined]);
  });

  it('has no current widget once ended, and a line to nowhere lights no arrow', () => {
    const lights = lightsOf(
      [
        { widgetId: 'ask', line: 1, next: null },
        { widgetId: 'bye', line: null, next: null },
      ],
      true,
    );
    expect([...lights.nodes]).toEqual(['ask', 'bye']);
    expect(lights.edges.size).toBe(0);
    expect(lights.current).toBeUndefined();
  });
});

describe('the phone of a call', () => {
  it('asks while an input waits, then shows the answer, hold music and the end', () => {
    expect(callState(LOG)).toEqual({
      transcript: [
        { kind: 'play', text: 'Hello' },
        { kind: 'prompt', text: 'Two digits' },
      ],
      holding: false,
      asking: { prompt: 'Two digits', maxDigits: 2 },
      ended: false,
    });
    const held = callState([
      ...LOG,
      event('input.received', { digits: '42' }),
      event('hold.start'),
    ]);
    expect(held.asking).toBeUndefined();
    expect(held.holding).toBe(true);
    const ended = callState([
      ...LOG,
      event('input.received', { noInput: true }),
      event('hold.start'),
      event('hold.stop'),
      event('hangup', { by: 'caller' }),
      event('end', { status: 'completed', endReason: 'callerHangup' }),
    ]);
    expect(ended.transcript.slice(2).map((line) => line.text)).toEqual([
      'No input (timed out)',
      'Hold music played',
      'You hung up',
    ]);
    expect(ended).toMatchObject({ holding: false, asking: undefined, ended: true });
  });
});

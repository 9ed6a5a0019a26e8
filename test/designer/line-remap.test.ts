import { describe, expect, it } from 'vitest';
import { toCanvas, toDocument } from '../../designer/src/flow-adapter.js';
import { alignItems, remapEdges, remapLines } from '../../designer/src/line-remap.js';
import type { FlowDocument, WidgetDocument } from '../../src/flow/index.js';

const ends = Object.fromEntries(['a', 'b', 'c', 'd'].map((id) => [id, { type: 'end' }]));

/** The widget's `lines` in the document after its config became `config` in the editor. */
function linesAfter(widget: WidgetDocument, config: unknown): unknown {
  const document: FlowDocument = { name: 'f', start: 'w', widgets: { w: widget, ...ends } };
  const canvas = toCanvas(document);
  const node = canvas.nodes.find((each) => each.id === 'w');
  if (!node) throw new Error('no widget w');
  const remap = remapLines(widget.type, widget.config, config, node.data.lineCount);
  const nodes = canvas.nodes.map((each) =>
    each === node
      ? {
          ...each,
          data: {
            widget: { ...each.data.widget, config },
            lineCount: remap ? remap.count : each.data.lineCount,
          },
        }
      : each,
  );
  const edges = remap ? remapEdges(canvas.edges, 'w', remap) : canvas.edges;
  const after = toDocument({ meta: canvas.meta, nodes, edges });
  return after.widgets['w']?.lines;
}

const condition = (value: string) => ({ variable: 'choice', operator: 'equals', value });
const decision = (values: string[], lines: (string | null)[]): WidgetDocument => ({
  type: 'decision',
  config: { conditions: values.map(condition) },
  lines,
});

describe('lines follow a decision’s conditions', () => {
  it('keeps each condition’s target and no match last when a condition is added', () => {
    const widget = decision(['1', '2'], ['a', 'b', 'c']);
    const config = { conditions: ['1', '2', '1'].map(condition) };
    expect(linesAfter(widget, config)).toEqual(['a', 'b', null, 'c']);
  });

  it('removes a removed condition’s arrow and moves the others up', () => {
    const widget = decision(['1', '2', '3'], ['a', 'b', 'd', 'c']);
    expect(linesAfter(widget, { conditions: ['2', '3'].map(condition) })).toEqual(['b', 'd', 'c']);
    expect(linesAfter(widget, { conditions: ['1', '3'].map(condition) })).toEqual(['a', 'd', 'c']);
  });

  it('moves arrows with reordered conditions', () => {
    const widget = decision(['1', '2', '3'], ['a', 'b', 'd', 'c']);
    expect(linesAfter(widget, { conditions: ['3', '1', '2'].map(condition) })).toEqual([
      'd',
      'a',
      'b',
      'c',
    ]);
  });

  it('keeps lines in place when a condition is edited', () => {
    const widget = decision(['1', '2'], ['a', 'b', 'c']);
    expect(linesAfter(widget, { conditions: ['1', '22'].map(condition) })).toEqual(['a', 'b', 'c']);
  });

  it('gives an unwired no match its null', () => {
    const widget = decision(['1'], ['a', null]);
    expect(linesAfter(widget, { conditions: ['1', '2'].map(condition) })).toEqual([
      'a',
      null,
      null,
    ]);
  });

  it('leaves lines alone when the conditions did not change, are none or are not a list', () => {
    const widget = decision(['1'], ['a', 'b']);
    expect(remapLines('decision', widget.config, { conditions: [condition('1')] }, 2)).toBe(
      undefined,
    );
    expect(remapLines('decision', widget.config, { conditions: 'x' }, 2)).toBe(undefined);
    // None is refused: the arrows stay for the conditions to come back (typing JSON, say).
    expect(remapLines('decision', widget.config, { conditions: [] }, 2)).toBe(undefined);
    expect(remapLines('decision', { conditions: [] }, widget.config, 2)).toBe(undefined);
    expect(remapLines('play', { text: 'a' }, { text: 'b' }, 1)).toBe(undefined);
  });
});

describe('alignItems', () => {
  it('matches duplicates in order and edits by position', () => {
    expect(alignItems(['x', 'x', 'y'], ['x', 'y'])).toEqual([0, null, 1]);
    expect(alignItems(['x', 'y'], ['y', 'x'])).toEqual([1, 0]);
    expect(alignItems(['x', 'y'], ['x', 'z'])).toEqual([0, 1]);
    expect(alignItems([], ['x'])).toEqual([]);
  });
});

describe('lines of a webhook’s status lines', () => {
  const webhook = (statusLines: Record<string, number>, lines: (string | null)[]) => ({
    type: 'webhook',
    config: { request: { method: 'GET', url: 'https://x.test/' }, statusLines },
    lines,
  });
  const withStatus = (statusLines: Record<string, number> | undefined) => ({
    request: { method: 'GET', url: 'https://x.test/' },
    ...(statusLines ? { statusLines } : {}),
  });

  it('keeps the lines when a status line is added (appended after the highest)', () => {
    const widget = webhook({ timeout: 2 }, ['a', 'b', 'c']);
    expect(linesAfter(widget, withStatus({ timeout: 2, '': 3 }))).toEqual(['a', 'b', 'c']);
  });

  it('removes a removed status line’s arrow and keeps the others on their numbers', () => {
    const widget = webhook({ timeout: 2, '404': 3 }, ['a', 'b', 'c', 'd']);
    expect(linesAfter(widget, withStatus({ '404': 3 }))).toEqual(['a', 'b', null, 'd']);
    expect(linesAfter(widget, withStatus({ timeout: 2 }))).toEqual(['a', 'b', 'c']);
    expect(linesAfter(widget, withStatus(undefined))).toEqual(['a', 'b']);
  });

  it('keeps a line two statuses share while one of them stays', () => {
    const widget = webhook({ '404': 2, '410': 2 }, ['a', 'b', 'c']);
    expect(linesAfter(widget, withStatus({ '410': 2 }))).toEqual(['a', 'b', 'c']);
  });

  it('moves the arrow with a status line given a new number', () => {
    const widget = webhook({ timeout: 2 }, ['a', 'b', 'c']);
    expect(linesAfter(widget, withStatus({ timeout: 4 }))).toEqual(['a', 'b', null, null, 'c']);
  });

  it('leaves lines alone when the status lines did not change (reordered rows)', () => {
    const widget = webhook({ timeout: 2 }, ['a', 'b', 'c']);
    expect(remapLines('webhook', widget.config, withStatus({ timeout: 2 }), 3)).toBe(undefined);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toCanvas, toDocument } from '../../designer/src/flow-adapter.js';
import type { FlowDocument } from '../../src/flow/index.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const examples = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'));

function read(name: string): FlowDocument {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8')) as FlowDocument;
}

describe('flow adapter (document ↔ canvas)', () => {
  it('has examples to try', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('%s survives a round trip unchanged', (name) => {
    const document = read(name);
    expect(toDocument(toCanvas(document))).toEqual(document);
  });

  it.each(examples)('%s with a layout survives a round trip, layout included', (name) => {
    const document = read(name);
    const layout = Object.fromEntries(
      Object.keys(document.widgets).map((id, index) => [id, { x: index * 40, y: index * 120 }]),
    );
    const laidOut = { ...document, layout };
    expect(toDocument(toCanvas(laidOut))).toEqual(laidOut);
  });

  it('maps line i to an edge from handle "i", keeping null lines and their count', () => {
    const document: FlowDocument = {
      name: 'F',
      start: 'a',
      widgets: {
        a: { type: 'webhook', lines: [null, 'b', null] },
        b: { type: 'hangup' },
      },
    };
    const canvas = toCanvas(document);
    expect(canvas.edges).toEqual([
      { id: 'a:1', source: 'a', sourceHandle: '1', target: 'b', targetHandle: 'in' },
    ]);
    expect(canvas.nodes.map((node) => node.id)).toEqual(['a', 'b']);
    const connected = toDocument({
      ...canvas,
      edges: [
        ...canvas.edges,
        { id: 'a:4', source: 'a', sourceHandle: '4', target: 'b', targetHandle: 'in' },
      ],
    });
    expect(connected.widgets['a']?.lines).toEqual([null, 'b', null, null, 'b']);
    expect(toDocument({ ...canvas, edges: [] }).widgets['a']?.lines).toEqual([null, null, null]);
  });
});

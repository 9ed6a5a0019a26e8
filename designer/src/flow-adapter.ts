import type { FlowDocument, WidgetDocument } from './types.js';

/**
 * The one boundary between the flow document and the canvas (docs/designer.md): a widget is
 * a node, line i of a widget is an edge from its source handle "i". Structural types that
 * React Flow's `Node` and `Edge` accept, so this module needs no browser code.
 */
export interface WidgetNodeData extends Record<string, unknown> {
  /** The widget as in the document, without `lines` (the edges hold them). */
  widget: WidgetDocument;
  /** `lines.length` in the document; undefined when the widget had no `lines`. */
  lineCount: number | undefined;
}

export interface CanvasNode {
  id: string;
  type: 'widget';
  position: { x: number; y: number };
  data: WidgetNodeData;
}

export interface CanvasEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: 'in';
}

/** Everything of the document but its widgets and layout. */
export interface FlowMeta {
  /** The document with no widgets and no layout. */
  document: FlowDocument;
  /** True when the document carries a layout (the designer saves one once it placed nodes). */
  hasLayout: boolean;
}

export interface Canvas {
  meta: FlowMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** What `toDocument` reads of React Flow's nodes and edges. */
export interface NodeLike {
  id: string;
  position: { x: number; y: number };
  data: WidgetNodeData;
}
export interface EdgeLike {
  id?: string;
  targetHandle?: string | null | undefined;
  source: string;
  sourceHandle?: string | null | undefined;
  target: string;
}

export function edgeId(source: string, line: number): string {
  return `${source}:${line}`;
}

/** Document → canvas. Widgets without a saved position start at 0,0 (auto-layout places them). */
export function toCanvas(document: FlowDocument): Canvas {
  const { widgets, layout, ...rest } = document;
  const nodes: CanvasNode[] = [];
  const edges: CanvasEdge[] = [];
  for (const [id, { lines, ...widget }] of Object.entries(widgets)) {
    nodes.push({
      id,
      type: 'widget',
      position: { ...(layout?.[id] ?? { x: 0, y: 0 }) },
      data: { widget, lineCount: lines?.length },
    });
    lines?.forEach((target, line) => {
      if (target !== null) {
        edges.push({
          id: edgeId(id, line),
          source: id,
          sourceHandle: String(line),
          target,
          targetHandle: 'in',
        });
      }
    });
  }
  return {
    meta: { document: { ...rest, widgets: {} }, hasLayout: layout !== undefined },
    nodes,
    edges,
  };
}

function linesOf(node: NodeLike, edges: readonly EdgeLike[]): (string | null)[] | undefined {
  const own = edges.filter((edge) => edge.source === node.id);
  if (own.length === 0 && node.data.lineCount === undefined) return undefined;
  const count = Math.max(
    node.data.lineCount ?? 0,
    ...own.map((e) => Number(e.sourceHandle ?? 0) + 1),
  );
  const lines: (string | null)[] = Array.from({ length: count }, () => null);
  for (const edge of own) lines[Number(edge.sourceHandle ?? 0)] = edge.target;
  return lines;
}

/** Canvas → document: the same document `toCanvas` was given, with the canvas's changes. */
export function toDocument({
  meta,
  nodes,
  edges,
}: {
  meta: FlowMeta;
  nodes: readonly NodeLike[];
  edges: readonly EdgeLike[];
}): FlowDocument {
  const widgets: Record<string, WidgetDocument> = {};
  const layout: Record<string, { x: number; y: number }> = {};
  for (const node of nodes) {
    const lines = linesOf(node, edges);
    widgets[node.id] =
      lines === undefined ? { ...node.data.widget } : { ...node.data.widget, lines };
    layout[node.id] = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
  }
  return { ...meta.document, widgets, ...(meta.hasLayout ? { layout } : {}) };
}

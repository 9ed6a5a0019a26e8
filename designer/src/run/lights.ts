import type { LogEvent, StepView } from './run-api.js';

/** What an execution lit up on the canvas: widgets and lines taken, the widget it is at. */
export interface Lights {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
  /** The widget running or waiting now (none once the execution has ended). */
  current: string | undefined;
}

type Taken = Pick<StepView, 'widgetId' | 'line' | 'next'>;

/** The lights of steps in order; `ended` leaves no current widget. */
export function lightsOf(steps: readonly Taken[], ended: boolean): Lights {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  let current: string | undefined;
  for (const step of steps) {
    nodes.add(step.widgetId);
    if (step.line !== null && step.next !== null) {
      // The same id as the canvas gives the line (flow-adapter.ts edgeId).
      edges.add(`${step.widgetId}:${step.line}`);
      nodes.add(step.next);
    }
    current = step.next ?? undefined;
  }
  return { nodes, edges, current: ended ? undefined : current };
}

/** The `step` events of a stream, as steps. */
export function stepsOfEvents(events: readonly LogEvent[]): Taken[] {
  return events
    .filter((event) => event.type === 'step')
    .map((event) => ({
      widgetId: String(event['widgetId']),
      line: typeof event['line'] === 'number' ? event['line'] : null,
      next: typeof event['next'] === 'string' ? event['next'] : null,
    }));
}

function withClass<T extends { id: string; className?: string | undefined }>(
  item: T,
  name: string,
): T {
  return { ...item, className: item.className ? `${item.className} ${name}` : name };
}

/** Nodes with `visited` / `current` classes (React Flow puts them on the node's wrapper). */
export function litNodes<T extends { id: string; className?: string | undefined }>(
  nodes: T[],
  lights: Lights | undefined,
): T[] {
  if (!lights) return nodes;
  return nodes.map((node) => {
    if (node.id === lights.current) return withClass(node, 'visited current');
    return lights.nodes.has(node.id) ? withClass(node, 'visited') : node;
  });
}

/** Edges of lines taken with the `visited` class. */
export function litEdges<T extends { id: string; className?: string | undefined }>(
  edges: T[],
  lights: Lights | undefined,
): T[] {
  if (!lights) return edges;
  return edges.map((edge) => (lights.edges.has(edge.id) ? withClass(edge, 'visited') : edge));
}

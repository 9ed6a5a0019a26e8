import type { Edge, Node } from '@xyflow/react';
import type { WidgetNodeData } from './flow-adapter.js';
import type { Validation } from './types.js';
import type { NodeExtras } from './WidgetNode.js';

/** The widgets reachable from `from` along the lines (the onFlowComplete branch). */
export function reachable(from: string | undefined, edges: readonly Edge[]): ReadonlySet<string> {
  const seen = new Set<string>();
  const queue = from === undefined ? [] : [from];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of edges) if (edge.source === id) queue.push(edge.target);
  }
  return seen;
}

/** A widget id not used yet: `<type>_<n>`. */
export function freshId(type: string, nodes: readonly Node<WidgetNodeData>[]): string {
  const taken = new Set(nodes.map((node) => node.id));
  let n = 1;
  while (taken.has(`${type}_${n}`)) n += 1;
  return `${type}_${n}`;
}

/** Problems by widget id, from their `widgets.<id>…` paths. */
export function problemsByWidget(validation: Validation | undefined): NodeExtras['problems'] {
  const byWidget: NodeExtras['problems'] = {};
  for (const problem of validation?.problems ?? []) {
    const id = /^widgets\.([^.[]+)/.exec(problem.path)?.[1];
    if (id !== undefined) (byWidget[id] ??= []).push(problem);
  }
  return byWidget;
}

import type { EdgeLike, NodeLike } from './flow-adapter.js';

/** Places nodes top-down with elkjs (loaded on first use: not in the first-load bundle). */
export async function autoLayout<N extends NodeLike>(
  nodes: readonly N[],
  edges: readonly (EdgeLike & { id: string })[],
): Promise<N[]> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const graph = await elk.layout({
    id: 'flow',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '60',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
    },
    children: nodes.map((node) => ({ id: node.id, width: 240, height: 130 })),
    edges: edges.map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  });
  const placed = new Map((graph.children ?? []).map((child) => [child.id, child]));
  return nodes.map((node) => {
    const child = placed.get(node.id);
    return child ? { ...node, position: { x: child.x ?? 0, y: child.y ?? 0 } } : node;
  });
}

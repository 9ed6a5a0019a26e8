import { useEdgesState, useNodesState, type Edge, type Node } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, documentOf } from './api.js';
import { toCanvas, type FlowMeta, type WidgetNodeData } from './flow-adapter.js';
import { useHistory } from './history.js';
import { autoLayout } from './layout.js';

export type FlowNode = Node<WidgetNodeData>;
const NO_EDGES: Edge[] = [];

/** The flow as opened: everything but its widgets and lines, and the version it is based on. */
export interface Loaded {
  meta: FlowMeta;
  version: number;
}

/**
 * The flow being edited (docs/designer.md "The canvas"): its nodes and edges, the rest of its
 * document, undo/redo over all three, the status line and loading the saved version.
 */
export function useFlowState(flowId: string) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState(NO_EDGES);
  const [status, setStatus] = useState('');
  // Set when the nodes moved as a whole (loaded, laid out): the view fits them once drawn.
  const [fitPending, setFitPending] = useState(false);
  const snapshot = useMemo(
    () => ({ nodes, edges, meta: loaded?.meta }),
    [nodes, edges, loaded?.meta],
  );
  const restore = useCallback(
    (state: typeof snapshot) => {
      setNodes(state.nodes);
      setEdges(state.edges);
      const { meta } = state;
      if (meta) setLoaded((current) => current && { ...current, meta });
    },
    [setNodes, setEdges],
  );
  const history = useHistory(snapshot, restore);

  const load = useCallback(async () => {
    const stored = await api.flow(flowId);
    const canvas = toCanvas(documentOf(stored));
    const placed = canvas.meta.hasLayout
      ? canvas.nodes
      : await autoLayout(canvas.nodes, canvas.edges);
    setNodes(placed);
    setEdges(canvas.edges);
    setLoaded({ meta: { ...canvas.meta, hasLayout: true }, version: stored.version });
    setStatus(`version ${stored.version}`);
    setFitPending(true);
  }, [flowId, setNodes, setEdges]);

  useEffect(() => {
    load().catch((caught: unknown) => {
      setStatus(caught instanceof ApiError ? caught.message : String(caught));
    });
  }, [load]);

  return {
    loaded,
    setLoaded,
    nodes,
    setNodes,
    onNodesChange,
    edges,
    setEdges,
    onEdgesChange,
    status,
    setStatus,
    fitPending,
    setFitPending,
    history,
    load,
  };
}

export type FlowState = ReturnType<typeof useFlowState>;

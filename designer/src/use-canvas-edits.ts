import { addEdge, type Connection } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { api } from './api.js';
import { freshId } from './canvas-state.js';
import { edgeId, type FlowMeta, type WidgetNodeData } from './flow-adapter.js';
import { autoLayout } from './layout.js';
import { remapEdges, remapLines } from './line-remap.js';
import type { WidgetType } from './types.js';
import type { FlowNode, FlowState } from './use-flow-state.js';

/** The widget types of `GET /v1/widgets` (palette, titles, defaults); empty until read. */
export function useCatalogue(): WidgetType[] {
  const [catalogue, setCatalogue] = useState<WidgetType[]>([]);
  useEffect(() => {
    api.widgets().then(
      (answer) => {
        setCatalogue(answer.items);
      },
      () => undefined,
    );
  }, []);
  return catalogue;
}

/**
 * Every change the editor makes to the flow (docs/designer.md "The canvas"), each one an
 * undo step (`checkpoint` first): add, connect, edit, delete a widget, the start widget, the
 * onFlowComplete branch and the flow's settings.
 */
export function useCanvasEdits(state: FlowState, catalogue: readonly WidgetType[]) {
  const { loaded, setLoaded, nodes, setNodes, setEdges } = state;
  const { checkpoint } = state.history;

  const addWidget = useCallback(
    (type: string, position: { x: number; y: number }) => {
      const defaults = catalogue.find((widget) => widget.type === type)?.defaults ?? {};
      checkpoint();
      setNodes((current) => {
        const id = freshId(type, current);
        const node: FlowNode = {
          id,
          type: 'widget',
          position,
          data: { widget: { type, config: structuredClone(defaults) }, lineCount: undefined },
        };
        return [...current, node];
      });
    },
    [catalogue, setNodes, checkpoint],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const handle = connection.sourceHandle ?? '0';
      const id = edgeId(connection.source, Number(handle));
      checkpoint();
      setEdges((current) =>
        addEdge(
          { ...connection, id, sourceHandle: handle, targetHandle: 'in' },
          current.filter((edge) => edge.id !== id),
        ),
      );
    },
    [setEdges, checkpoint],
  );

  /** A widget's new config; its arrows follow lines that move (a decision's conditions). */
  const updateWidget = (id: string, widget: WidgetNodeData['widget']) => {
    const old = nodes.find((node) => node.id === id)?.data;
    const remap =
      old?.widget.type === widget.type
        ? remapLines(widget.type, old.widget.config, widget.config, old.lineCount)
        : undefined;
    checkpoint(`widget:${id}`);
    setNodes((current) =>
      current.map((node) => {
        if (node.id !== id) return node;
        const lineCount = remap ? remap.count : node.data.lineCount;
        return { ...node, data: { ...node.data, widget, lineCount } };
      }),
    );
    if (remap) setEdges((current) => remapEdges(current, id, remap));
  };
  const removeWidget = (id: string) => {
    checkpoint();
    setNodes((current) => current.filter((node) => node.id !== id));
    setEdges((current) => current.filter((edge) => edge.source !== id && edge.target !== id));
  };

  /** A change to the document's other parts (start, onFlowComplete, settings). */
  const changeDocument = (
    change: (document: FlowMeta['document']) => FlowMeta['document'],
    key?: string,
  ) => {
    if (!loaded) return;
    checkpoint(key);
    const document = change(loaded.meta.document);
    setLoaded({ ...loaded, meta: { ...loaded.meta, document } });
  };
  const setStart = (id: string) => {
    changeDocument((document) => ({ ...document, start: id }));
  };
  const toggleOnComplete = (id: string) => {
    changeDocument((current) => {
      const document = { ...current };
      if (document.onFlowComplete === id) delete document.onFlowComplete;
      else document.onFlowComplete = id;
      return document;
    });
  };
  const updateDocument = (document: FlowMeta['document']) => {
    changeDocument(() => document, 'settings');
  };

  return {
    addWidget,
    onConnect,
    updateWidget,
    removeWidget,
    setStart,
    toggleOnComplete,
    updateDocument,
  };
}

/** Auto-layout (elkjs): moves every widget, one undo step, then fits the view. */
export function useRelayout(state: FlowState) {
  const { nodes, edges, setNodes, setStatus, setFitPending } = state;
  const { checkpoint } = state.history;
  return () => {
    checkpoint();
    setStatus('laying out…');
    void autoLayout(nodes, edges).then((placed) => {
      const positions = new Map(placed.map((node) => [node.id, node.position]));
      // Positions only: selection and edits made meanwhile stay.
      setNodes((current) =>
        current.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })),
      );
      setStatus('laid out');
      setFitPending(true);
    });
  };
}

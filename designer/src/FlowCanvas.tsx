import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, type DragEvent } from 'react';
import { PALETTE_MIME } from './Palette.js';
import type { FlowNode } from './use-flow-state.js';
import { WidgetNode } from './WidgetNode.js';

const nodeTypes = { widget: WidgetNode };

/** Fits the view to the nodes once they are drawn, when `pending` (loaded, laid out). */
export function useFitView(
  pending: boolean,
  setPending: (pending: boolean) => void,
  nodes: FlowNode[],
) {
  const flow = useReactFlow();
  useEffect(() => {
    if (!pending) return;
    setPending(false);
    void flow.fitView({ maxZoom: 1, padding: 0.15 });
  }, [pending, setPending, nodes, flow]);
}

/**
 * The React Flow canvas (docs/designer.md "The canvas"): cards and arrows, a widget dropped
 * from the palette, connect, select, delete; `checkpoint` before each change (undo).
 */
export function FlowCanvas({
  nodes,
  edges,
  onNodesChange,
  onEdgesChange,
  onConnect,
  checkpoint,
  onSelect,
  onDropWidget,
}: {
  nodes: FlowNode[];
  edges: Edge[];
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
  onConnect: (connection: Connection) => void;
  checkpoint: () => void;
  onSelect: (id: string | undefined) => void;
  onDropWidget: (type: string, position: { x: number; y: number }) => void;
}) {
  const flow = useReactFlow();
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(PALETTE_MIME);
    if (type) onDropWidget(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };
  return (
    <div
      className="canvas"
      onDragOver={(event) => {
        event.preventDefault();
      }}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={(changes) => {
          if (changes.some((change) => change.type === 'remove')) checkpoint();
          onNodesChange(changes);
        }}
        onEdgesChange={(changes) => {
          if (changes.some((change) => change.type === 'remove')) checkpoint();
          onEdgesChange(changes);
        }}
        onNodeDragStart={() => {
          checkpoint();
        }}
        onConnect={onConnect}
        onSelectionChange={({ nodes: chosen }) => {
          onSelect(chosen[0]?.id);
        }}
        deleteKeyCode={['Backspace', 'Delete']}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        fitView
      >
        <Background />
        <Controls />
        <MiniMap pannable zoomable ariaLabel="Minimap" style={{ width: 150, height: 100 }} />
      </ReactFlow>
    </div>
  );
}

import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import { FlowCanvas, useFitView } from './FlowCanvas.js';
import { Toolbar } from './Toolbar.js';
import { Palette } from './Palette.js';
import { ProblemsList } from './ProblemsList.js';
import { FlowSettings } from './FlowSettings.js';
import { FlowVersions } from './FlowVersions.js';
import { useRun } from './run/use-run.js';
import { ConflictDialog, useSave } from './SaveConflict.js';
import { SidePanel } from './SidePanel.js';
import { useCanvasEdits, useCatalogue, useRelayout } from './use-canvas-edits.js';
import { useCanvasView } from './use-canvas-view.js';
import { useFlowState } from './use-flow-state.js';
import { ExtrasContext } from './WidgetNode.js';

/** One flow's editor: toolbar, palette, canvas, side panel (or Run panel) and problems. */
function Editor({ flowId, open }: { flowId: string; open: (id: string) => void }) {
  const state = useFlowState(flowId);
  const { loaded, nodes, history } = state;
  const catalogue = useCatalogue();
  const edits = useCanvasEdits(state, catalogue);
  const relayout = useRelayout(state);
  const view = useCanvasView({ loaded, nodes, edges: state.edges, catalogue });
  const { save, conflict, setConflict } = useSave({ flowId, document: view.document, state, open });
  const [selected, setSelected] = useState<string | undefined>();
  const flow = useReactFlow();
  const run = useRun(flowId);
  useFitView(state.fitPending, state.setFitPending, nodes);

  if (!loaded) return <p className="loading">{state.status || 'Loading the flow…'}</p>;
  const { document } = loaded.meta;
  const selectedNode = nodes.find((node) => node.id === selected);
  return (
    <ExtrasContext.Provider value={view.extras}>
      <div className="editor">
        <Toolbar
          name={document.name}
          status={state.status}
          history={history}
          onLayout={relayout}
          extra={run.buttons}
          onSave={() => {
            save();
          }}
        />
        <Palette
          widgets={catalogue}
          onAdd={(type) => {
            edits.addWidget(type, flow.screenToFlowPosition({ x: 400, y: 200 }));
          }}
        />
        <FlowCanvas
          nodes={run.litNodes(nodes)}
          edges={run.litEdges(view.shownEdges)}
          onNodesChange={state.onNodesChange}
          onEdgesChange={state.onEdgesChange}
          onConnect={edits.onConnect}
          checkpoint={history.checkpoint}
          onSelect={setSelected}
          onDropWidget={edits.addWidget}
        />
        <SidePanel
          flowId={flowId}
          node={selectedNode}
          isStart={selectedNode?.id === document.start}
          onChange={edits.updateWidget}
          onSetStart={edits.setStart}
          isOnComplete={selectedNode?.id === document.onFlowComplete}
          onToggleOnComplete={edits.toggleOnComplete}
          onDelete={(id) => {
            edits.removeWidget(id);
            setSelected(undefined);
          }}
          none={<FlowSettings document={document} onChange={edits.updateDocument} />}
        />
        {run.side}
        <ProblemsList validation={view.validation} onSelect={setSelected} />
      </div>
      {conflict && (
        <ConflictDialog
          onReload={() => {
            setConflict(false);
            void state.load();
          }}
          onCopy={() => {
            save(true);
          }}
          onCancel={() => {
            setConflict(false);
          }}
        />
      )}
    </ExtrasContext.Provider>
  );
}

/** The canvas of one flow (lazy-loaded: React Flow and the editors are not in the first load). */
export default function FlowEditor(props: { flowId: string; open: (id: string) => void }) {
  return (
    <FlowVersions flowId={props.flowId}>
      <Editor {...props} />
    </FlowVersions>
  );
}

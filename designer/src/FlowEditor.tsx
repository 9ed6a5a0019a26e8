import {
  addEdge,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { api, ApiError, documentOf } from './api.js';
import { Confirm } from './Confirm.js';
import {
  edgeId,
  toCanvas,
  toDocument,
  type FlowMeta,
  type WidgetNodeData,
} from './flow-adapter.js';
import { freshId, problemsByWidget, reachable } from './canvas-state.js';
import { useHistory } from './history.js';
import { Toolbar, useRun } from './Toolbar.js';
import { autoLayout } from './layout.js';
import { Palette, PALETTE_MIME } from './Palette.js';
import { ProblemsList } from './ProblemsList.js';
import { FlowSettings } from './FlowSettings.js';
import { FlowVersions } from './FlowVersions.js';
import { SidePanel } from './SidePanel.js';
import type { Validation, WidgetType } from './types.js';
import { ExtrasContext, WidgetNode, type NodeExtras } from './WidgetNode.js';

const nodeTypes = { widget: WidgetNode };
const NO_EDGES: Edge[] = [];
type FlowNode = Node<WidgetNodeData>;

interface Loaded {
  meta: FlowMeta;
  version: number;
}

function Editor({ flowId, open }: { flowId: string; open: (id: string) => void }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState(NO_EDGES);
  const [catalogue, setCatalogue] = useState<WidgetType[]>([]);
  const [validation, setValidation] = useState<Validation | undefined>();
  const [status, setStatus] = useState('');
  const [conflict, setConflict] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();
  const [fitPending, setFitPending] = useState(false);
  const [flow, run] = [useReactFlow(), useRun(flowId)];
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
  const { checkpoint } = history;

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
    api.widgets().then(
      (answer) => {
        setCatalogue(answer.items);
      },
      () => undefined,
    );
  }, [load]);

  const document = useMemo(
    () => loaded && toDocument({ meta: loaded.meta, nodes, edges }),
    [loaded, nodes, edges],
  );

  // Validates (debounced) whenever the document changes: problems and line labels.
  useEffect(() => {
    if (!document) return undefined;
    const timer = window.setTimeout(() => {
      api.validate(document).then(setValidation, () => undefined);
    }, 250);
    return () => {
      window.clearTimeout(timer);
    };
  }, [document]);

  const completeBranch = useMemo(
    () => reachable(loaded?.meta.document.onFlowComplete, edges),
    [loaded?.meta.document.onFlowComplete, edges],
  );
  const shownEdges = useMemo(
    () =>
      edges.map((edge) =>
        completeBranch.has(edge.source)
          ? { ...edge, className: 'on-complete', animated: true }
          : edge,
      ),
    [edges, completeBranch],
  );
  const extras = useMemo<NodeExtras>(
    () => ({
      labels: Object.fromEntries(
        Object.entries(validation?.lines ?? {}).map(([id, lines]) => [id, lines.labels]),
      ),
      problems: problemsByWidget(validation),
      titles: Object.fromEntries(catalogue.map((widget) => [widget.type, widget.title])),
      start: loaded?.meta.document.start ?? '',
      completeBranch,
    }),
    [validation, catalogue, loaded, completeBranch],
  );

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

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(PALETTE_MIME);
    if (type) addWidget(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

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

  const save = useCallback(
    (asCopy = false) => {
      if (!document || !loaded) return;
      setConflict(false);
      if (asCopy) {
        api.createFlow({ ...document, name: `${document.name} (copy)` }).then(
          (created) => {
            open(created.id);
          },
          (caught: unknown) => {
            setStatus(String(caught));
          },
        );
        return;
      }
      setStatus('saving…');
      api.saveFlow(flowId, document, loaded.version).then(
        (saved) => {
          setLoaded({ ...loaded, version: saved.version });
          setStatus(`saved: version ${saved.version}`);
        },
        (caught: unknown) => {
          if (caught instanceof ApiError && caught.status === 409) setConflict(true);
          setStatus(caught instanceof ApiError ? caught.message : String(caught));
        },
      );
    },
    [document, loaded, flowId, open],
  );

  const relayout = () => {
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

  useEffect(() => {
    if (!fitPending) return;
    setFitPending(false);
    void flow.fitView({ maxZoom: 1, padding: 0.15 });
  }, [fitPending, nodes, flow]);

  const selectedNode = nodes.find((node) => node.id === selected);
  const updateWidget = (id: string, widget: WidgetNodeData['widget']) => {
    checkpoint(`widget:${id}`);
    setNodes((current) =>
      current.map((node) => (node.id === id ? { ...node, data: { ...node.data, widget } } : node)),
    );
  };
  const setStart = (id: string) => {
    if (!loaded) return;
    checkpoint();
    setLoaded({
      ...loaded,
      meta: { ...loaded.meta, document: { ...loaded.meta.document, start: id } },
    });
  };
  const toggleOnComplete = (id: string) => {
    if (!loaded) return;
    checkpoint();
    const document = { ...loaded.meta.document };
    if (document.onFlowComplete === id) delete document.onFlowComplete;
    else document.onFlowComplete = id;
    setLoaded({ ...loaded, meta: { ...loaded.meta, document } });
  };
  const updateDocument = (document: FlowMeta['document']) => {
    if (!loaded) return;
    checkpoint('settings');
    setLoaded({ ...loaded, meta: { ...loaded.meta, document } });
  };
  const removeWidget = (id: string) => {
    checkpoint();
    setNodes((current) => current.filter((node) => node.id !== id));
    setEdges((current) => current.filter((edge) => edge.source !== id && edge.target !== id));
    setSelected(undefined);
  };

  if (!loaded) return <p className="loading">{status || 'Loading the flow…'}</p>;
  return (
    <ExtrasContext.Provider value={extras}>
      <div className="editor">
        <Toolbar
          name={loaded.meta.document.name}
          status={status}
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
            addWidget(type, flow.screenToFlowPosition({ x: 400, y: 200 }));
          }}
        />
        <div
          className="canvas"
          onDragOver={(event) => {
            event.preventDefault();
          }}
          onDrop={onDrop}
        >
          <ReactFlow
            nodes={run.litNodes(nodes)}
            edges={run.litEdges(shownEdges)}
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
              setSelected(chosen[0]?.id);
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
        <SidePanel
          flowId={flowId}
          node={selectedNode}
          isStart={selectedNode?.id === loaded.meta.document.start}
          onChange={updateWidget}
          onSetStart={setStart}
          isOnComplete={selectedNode?.id === loaded.meta.document.onFlowComplete}
          onToggleOnComplete={toggleOnComplete}
          onDelete={removeWidget}
          none={<FlowSettings document={loaded.meta.document} onChange={updateDocument} />}
        />
        {run.side}
        <ProblemsList
          validation={validation}
          onSelect={(id) => {
            setSelected(id);
          }}
        />
      </div>
      {conflict && (
        <Confirm
          title="This flow changed since you opened it"
          message="Someone saved a newer version. Reload it (your changes are lost) or save yours as a copy."
          confirm="Reload"
          onConfirm={() => {
            setConflict(false);
            void load();
          }}
          onCancel={() => {
            setConflict(false);
          }}
          other={{
            label: 'Save as a copy',
            onClick: () => {
              save(true);
            },
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

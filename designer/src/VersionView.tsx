import { Background, Controls, ReactFlow, ReactFlowProvider, type Node } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, documentOf, type StoredFlow } from './api.js';
import { Confirm } from './Confirm.js';
import { toCanvas, type CanvasEdge, type WidgetNodeData } from './flow-adapter.js';
import { reachable } from './canvas-state.js';
import { autoLayout } from './layout.js';
import { pagesApi } from './pages-api.js';
import type { WidgetType } from './types.js';
import { ExtrasContext, WidgetNode, type NodeExtras } from './WidgetNode.js';

const nodeTypes = { widget: WidgetNode };

interface Shown {
  flow: StoredFlow;
  /** The latest version when it was loaded: the base of a restore. */
  latest: number;
  titles: NodeExtras['titles'];
  nodes: Node<WidgetNodeData>[];
  edges: CanvasEdge[];
  labels: NodeExtras['labels'];
}

/** Loads version `version` as canvas nodes, laid out when it was saved without positions. */
async function loadVersion(flowId: string, version: number): Promise<Shown> {
  const flow = await pagesApi.flowVersion(flowId, version);
  const document = documentOf(flow);
  const canvas = toCanvas(document);
  const [nodes, validation, versions, catalogue] = await Promise.all([
    canvas.meta.hasLayout ? canvas.nodes : autoLayout(canvas.nodes, canvas.edges),
    api.validate(document).catch(() => undefined),
    pagesApi.versions(flowId),
    api.widgets().catch(() => ({ items: [] as WidgetType[] })),
  ]);
  const labels = Object.fromEntries(
    Object.entries(validation?.lines ?? {}).map(([id, lines]) => [id, lines.labels]),
  );
  const titles = Object.fromEntries(catalogue.items.map((widget) => [widget.type, widget.title]));
  const latest = versions.items[0]?.version ?? flow.version;
  return { flow, latest, titles, nodes, edges: canvas.edges, labels };
}

/**
 * An old version of a flow on a read-only canvas (nothing can be moved, connected, edited or
 * deleted), with a banner saying so; **Restore** saves its document as the newest version,
 * on the latest one (docs/designer.md).
 */
export function VersionView({
  flowId,
  version,
  onClose,
  onRestored,
}: {
  flowId: string;
  version: number;
  onClose: () => void;
  onRestored: (version: number) => void;
}) {
  const [shown, setShown] = useState<Shown | undefined>();
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  const fail = (caught: unknown) => {
    setError(caught instanceof ApiError ? caught.message : String(caught));
  };
  useEffect(() => {
    title.current?.focus();
    loadVersion(flowId, version).then(setShown, fail);
  }, [flowId, version]);

  const extras = useMemo<NodeExtras>(
    () => ({
      labels: shown?.labels ?? {},
      problems: {},
      titles: shown?.titles ?? {},
      start: shown?.flow.start ?? '',
      completeBranch: reachable(shown?.flow.onFlowComplete, shown?.edges ?? []),
    }),
    [shown],
  );

  const restore = () => {
    setConfirming(false);
    if (!shown) return;
    api.saveFlow(flowId, documentOf(shown.flow), shown.latest).then((saved) => {
      onRestored(saved.version);
    }, fail);
  };

  return (
    <div className="version-view">
      <section className="read-only-banner" aria-label="Read-only version">
        <h2 tabIndex={-1} ref={title}>
          Viewing version {version} (read-only)
        </h2>
        {shown && (
          <span>
            saved{' '}
            <time dateTime={shown.flow.createdAt}>
              {new Date(shown.flow.createdAt).toLocaleString()}
            </time>
          </span>
        )}
        <button
          type="button"
          className="primary"
          disabled={!shown}
          onClick={() => {
            setConfirming(true);
          }}
        >
          Restore as newest version
        </button>
        <button type="button" onClick={onClose}>
          Back to the editor
        </button>
      </section>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="canvas" aria-label={`Version ${version} (read-only)`} role="region">
        {shown ? (
          <ExtrasContext.Provider value={extras}>
            <ReactFlowProvider>
              <ReactFlow
                defaultNodes={shown.nodes}
                defaultEdges={shown.edges}
                nodeTypes={nodeTypes}
                nodesDraggable={false}
                nodesConnectable={false}
                elementsSelectable={false}
                edgesFocusable={false}
                deleteKeyCode={null}
                defaultEdgeOptions={{ type: 'smoothstep' }}
                fitView
                fitViewOptions={{ maxZoom: 1, padding: 0.15 }}
              >
                <Background />
                <Controls showInteractive={false} />
              </ReactFlow>
            </ReactFlowProvider>
          </ExtrasContext.Provider>
        ) : (
          !error && <p className="loading">Loading version {version}…</p>
        )}
      </div>
      {confirming && (
        <Confirm
          title={`Restore version ${version}?`}
          message={`Its content is saved as a new version after version ${shown?.latest ?? ''}; no version is lost. The editor then shows it: changes you have not saved are dropped.`}
          confirm="Restore"
          onCancel={() => {
            setConfirming(false);
          }}
          onConfirm={restore}
        />
      )}
    </div>
  );
}

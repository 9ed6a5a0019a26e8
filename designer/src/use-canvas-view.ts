import type { Edge } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { api } from './api.js';
import { problemsByWidget, reachable } from './canvas-state.js';
import { toDocument } from './flow-adapter.js';
import type { Validation, WidgetType } from './types.js';
import type { FlowNode, Loaded } from './use-flow-state.js';
import type { NodeExtras } from './WidgetNode.js';

/**
 * What the canvas shows beyond nodes and edges (docs/designer.md "The canvas"): the document
 * they make, its problems and line labels (`POST /v1/flows/validate`, debounced), and the
 * onFlowComplete branch drawn apart.
 */
export function useCanvasView({
  loaded,
  nodes,
  edges,
  catalogue,
}: {
  loaded: Loaded | undefined;
  nodes: FlowNode[];
  edges: Edge[];
  catalogue: readonly WidgetType[];
}) {
  const [validation, setValidation] = useState<Validation | undefined>();
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
  return { document, validation, shownEdges, extras };
}

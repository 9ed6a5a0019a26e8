import type { Node } from '@xyflow/react';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { WidgetNodeData } from './flow-adapter.js';
import { variableNameOf } from './ResponseTree.js';
import { WidgetTest } from './WidgetTest.js';

// The editors and CodeMirror load when a widget is first selected (docs/designer.md).
const WidgetEditor = lazy(() => import('./editors/WidgetEditor.js'));

interface SidePanelProps {
  /** The saved flow: a test request fills its `***` secrets from it (docs/designer.md). */
  flowId: string;
  node: Node<WidgetNodeData> | undefined;
  isStart: boolean;
  onChange: (id: string, widget: WidgetNodeData['widget']) => void;
  onSetStart: (id: string) => void;
  isOnComplete: boolean;
  onToggleOnComplete: (id: string) => void;
  onDelete: (id: string) => void;
  /** What the panel shows when no widget is selected (the flow's settings). */
  none: ReactNode;
}

/** The config with one more response mapping: `path` saved in a flow variable named after it. */
function withMapping(config: unknown, path: string, type: 'json' | 'xml') {
  const current = (config ?? {}) as Record<string, unknown>;
  const response = (current.response ?? {}) as Record<string, unknown>;
  const mappings = Array.isArray(response.mappings) ? (response.mappings as unknown[]) : [];
  const mapping = { saveIn: `$flow.key.${variableNameOf(path)}`, path };
  // An XML body is read as XML only with `response.type: "xml"` (docs/webhook-widget.md).
  const typed = type === 'xml' || response.type === 'xml' ? { type } : {};
  return { ...current, response: { ...response, ...typed, mappings: [...mappings, mapping] } };
}

/** The selected widget: label, config editor, start, delete; a webhook's test request. */
export function SidePanel(props: SidePanelProps) {
  const { node, isStart, onChange, onSetStart, onDelete, isOnComplete, onToggleOnComplete } = props;
  // Bumped when the config changes from outside the editor (a picked mapping): remounts it.
  const [revision, setRevision] = useState(0);
  if (!node) {
    return (
      <aside className="side-panel" aria-label="Widget">
        {props.none}
      </aside>
    );
  }
  const { widget } = node.data;
  return (
    <aside className="side-panel" aria-label="Widget">
      <h2>
        {widget.type} <code>{node.id}</code>
      </h2>
      <label htmlFor="widget-label">Label</label>
      <input
        id="widget-label"
        value={widget.label ?? ''}
        onChange={(event) => {
          const rest = { ...widget };
          delete rest.label;
          onChange(
            node.id,
            event.target.value === '' ? rest : { ...rest, label: event.target.value },
          );
        }}
      />
      <div className="panel-actions">
        <button
          type="button"
          disabled={isStart}
          onClick={() => {
            onSetStart(node.id);
          }}
        >
          {isStart ? 'Start widget' : 'Set as start'}
        </button>
        <button
          type="button"
          aria-pressed={isOnComplete}
          onClick={() => {
            onToggleOnComplete(node.id);
          }}
        >
          Run after the flow ends
        </button>
        <button
          type="button"
          onClick={() => {
            onDelete(node.id);
          }}
        >
          Delete widget
        </button>
      </div>
      <Suspense fallback={<p>Loading the editor…</p>}>
        <WidgetEditor
          key={node.id}
          type={widget.type}
          config={widget.config}
          revision={revision}
          onChange={(config) => {
            onChange(node.id, { ...widget, config });
          }}
        />
      </Suspense>
      {widget.type === 'webhook' && (
        <WidgetTest
          key={node.id}
          config={widget.config}
          from={{ flowId: props.flowId, widgetId: node.id }}
          onPick={(path, type) => {
            onChange(node.id, { ...widget, config: withMapping(widget.config, path, type) });
            setRevision((current) => current + 1);
          }}
        />
      )}
    </aside>
  );
}

import type { Node } from '@xyflow/react';
import { lazy, Suspense } from 'react';
import type { WidgetNodeData } from './flow-adapter.js';

const ConfigEditor = lazy(() => import('./ConfigEditor.js'));

interface SidePanelProps {
  node: Node<WidgetNodeData> | undefined;
  isStart: boolean;
  onChange: (id: string, widget: WidgetNodeData['widget']) => void;
  onSetStart: (id: string) => void;
  isOnComplete: boolean;
  onToggleOnComplete: (id: string) => void;
  onDelete: (id: string) => void;
}

/** The selected widget: label, config as JSON, start, delete. */
export function SidePanel(props: SidePanelProps) {
  const { node, isStart, onChange, onSetStart, onDelete, isOnComplete, onToggleOnComplete } = props;
  if (!node) {
    return (
      <aside className="side-panel" aria-label="Widget">
        <p>Select a widget to edit it.</p>
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
      <h3>Config</h3>
      <Suspense fallback={<p>Loading the editor…</p>}>
        <ConfigEditor
          key={node.id}
          value={widget.config}
          onValid={(config) => {
            onChange(node.id, { ...widget, config });
          }}
        />
      </Suspense>
    </aside>
  );
}

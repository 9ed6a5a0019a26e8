import type { ReactNode } from 'react';
import { VersionsButton } from './FlowVersions.js';

/** The canvas toolbar: flow name, save status, undo/redo, auto-layout, save. */
export function Toolbar({
  name,
  status,
  history,
  onLayout,
  onSave,
  extra,
}: {
  name: string;
  status: string;
  history: { undo: () => void; redo: () => void; canUndo: boolean; canRedo: boolean };
  onLayout: () => void;
  onSave: () => void;
  /** More buttons, before Save. */
  extra?: ReactNode;
}) {
  return (
    <div className="toolbar">
      <h1>{name}</h1>
      <span className="status" role="status">
        {status}
      </span>
      <button type="button" onClick={history.undo} disabled={!history.canUndo}>
        Undo
      </button>
      <button type="button" onClick={history.redo} disabled={!history.canRedo}>
        Redo
      </button>
      <button type="button" onClick={onLayout}>
        Auto-layout
      </button>
      <VersionsButton />
      {extra}
      <button type="button" className="primary" onClick={onSave}>
        Save
      </button>
    </div>
  );
}

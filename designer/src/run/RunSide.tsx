import { ExecutionsView } from './ExecutionsView.js';
import type { Lights } from './lights.js';
import { RunPanel } from './RunPanel.js';
import './run.css';

export type RunMode = 'run' | 'executions';

/** The right-hand panel while running the flow or looking at its executions. */
export function RunSide({
  mode,
  flowId,
  onLights,
  onClose,
}: {
  mode: RunMode;
  flowId: string;
  onLights: (lights: Lights | undefined) => void;
  onClose: () => void;
}) {
  const title = mode === 'run' ? 'Run' : 'Executions';
  return (
    <aside className="side-panel run-side" aria-label={title}>
      <div className="run-side-head">
        <h2>{title}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {mode === 'run' ? (
        <RunPanel flowId={flowId} onLights={onLights} />
      ) : (
        <ExecutionsView flowId={flowId} onLights={onLights} />
      )}
    </aside>
  );
}

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
  follow,
  onFollow,
  onLive,
}: {
  mode: RunMode;
  /** A waiting execution the Run panel answers (opened from the Executions view). */
  follow: string | undefined;
  onFollow: (executionId: string) => void;
  flowId: string;
  onLights: (lights: Lights | undefined) => void;
  onClose: () => void;
  /** The Run panel's call in progress (undefined when none, or ended). */
  onLive: (executionId: string | undefined) => void;
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
        <RunPanel
          key={follow}
          flowId={flowId}
          onLights={onLights}
          onLive={onLive}
          initialId={follow}
        />
      ) : (
        <ExecutionsView flowId={flowId} onLights={onLights} onFollow={onFollow} />
      )}
    </aside>
  );
}

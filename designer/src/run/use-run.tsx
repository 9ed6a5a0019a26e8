import { useCallback, useState } from 'react';
import { Confirm } from '../Confirm.js';
import { litEdges, litNodes, type Lights } from './lights.js';
import { runApi } from './run-api.js';
import { RunSide, type RunMode } from './RunSide.js';

type Item = { id: string; className?: string | undefined };

/**
 * What the flow editor needs for running its flow (docs/designer.md "Run panel"): the
 * toolbar's Run and Executions buttons, the panel they open, and the canvas's nodes and
 * edges with the path an execution took lit up.
 */
export function useRun(flowId: string) {
  const [mode, setMode] = useState<RunMode | undefined>();
  const [lights, setLights] = useState<Lights | undefined>();
  const [follow, setFollow] = useState<string | undefined>();
  // The Run panel's call in progress: leaving the panel hangs it up, once confirmed.
  const [live, setLive] = useState<string | undefined>();
  const [leaving, setLeaving] = useState<{ to: RunMode | undefined } | undefined>();
  const onFollow = useCallback((executionId: string) => {
    setFollow(executionId);
    setMode('run');
  }, []);
  const change = (to: RunMode | undefined) => {
    if (mode === 'run' && live !== undefined) {
      setLeaving({ to });
      return;
    }
    setFollow(undefined);
    setMode(to);
  };
  const hangUpAndLeave = (to: RunMode | undefined) => {
    setLeaving(undefined);
    // Closed whatever the answer: a call that ended meanwhile is refused, and that is fine.
    if (live !== undefined) runApi.hangup(live).catch(() => undefined);
    setLive(undefined);
    setFollow(undefined);
    setMode(to);
  };
  const buttons = (['run', 'executions'] as const).map((name) => (
    <button
      type="button"
      key={name}
      aria-pressed={mode === name}
      onClick={() => {
        change(mode === name ? undefined : name);
      }}
    >
      {name === 'run' ? 'Run' : 'Executions'}
    </button>
  ));
  const side = (
    <>
      {mode && (
        <RunSide
          mode={mode}
          flowId={flowId}
          onLights={setLights}
          onClose={() => {
            change(undefined);
          }}
          follow={follow}
          onFollow={onFollow}
          onLive={setLive}
        />
      )}
      {leaving && (
        <Confirm
          title="Hang up the call?"
          message="The call is still going on. Leaving the Run panel hangs it up: the execution ends with callerHangup and runs its onFlowComplete branch."
          confirm="Hang up"
          onConfirm={() => {
            hangUpAndLeave(leaving.to);
          }}
          onCancel={() => {
            setLeaving(undefined);
          }}
        />
      )}
    </>
  );
  return {
    buttons,
    side,
    litNodes: <T extends Item>(nodes: T[]) => litNodes(nodes, lights),
    litEdges: <T extends Item>(edges: T[]) => litEdges(edges, lights),
  };
}

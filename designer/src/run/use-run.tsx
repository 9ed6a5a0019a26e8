import { useCallback, useState } from 'react';
import { litEdges, litNodes, type Lights } from './lights.js';
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
  const onFollow = useCallback((executionId: string) => {
    setFollow(executionId);
    setMode('run');
  }, []);
  const close = useCallback(() => {
    setMode(undefined);
  }, []);
  const buttons = (['run', 'executions'] as const).map((name) => (
    <button
      type="button"
      key={name}
      aria-pressed={mode === name}
      onClick={() => {
        setFollow(undefined);
        setMode(mode === name ? undefined : name);
      }}
    >
      {name === 'run' ? 'Run' : 'Executions'}
    </button>
  ));
  const side = mode && (
    <RunSide
      mode={mode}
      flowId={flowId}
      onLights={setLights}
      onClose={close}
      follow={follow}
      onFollow={onFollow}
    />
  );
  return {
    buttons,
    side,
    litNodes: <T extends Item>(nodes: T[]) => litNodes(nodes, lights),
    litEdges: <T extends Item>(edges: T[]) => litEdges(edges, lights),
  };
}

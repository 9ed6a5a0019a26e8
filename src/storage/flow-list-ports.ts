/**
 * The storage ports' types for the flows list and a flow's versions list (docs/server.md
 * flows). Re-exported by `ports.ts`.
 */

export type ExecutionState = 'queued' | 'running' | 'waiting' | 'completed' | 'failed';

export interface FlowSummary {
  id: string;
  name: string;
  /** The latest version. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The flow's newest execution (by creation), whatever its version; null when none is kept. */
  lastExecution: LastExecution | null;
}

export interface LastExecution {
  id: string;
  status: ExecutionState;
  endReason: string | null;
  startTime: string | null;
}

/** One saved version of a flow, as its versions list shows it. */
export interface FlowVersionSummary {
  version: number;
  name: string;
  createdAt: string;
}

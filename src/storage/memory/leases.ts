import { settle } from '../common/settle.js';
import type { ExecutionLeases } from '../lease-ports.js';
import type { ExecutionHold } from '../ports.js';
import type { ExecutionRecord } from '../ports.js';
import { compareKeys } from './paginate.js';
import { copy, type MemoryState } from './state.js';

/** Who holds each execution (its `owner` and `lease_until` columns in the SQL stores). */
const holdsByState = new WeakMap<MemoryState, Map<string, ExecutionHold>>();

export function holdsOf(state: MemoryState): Map<string, ExecutionHold> {
  let holds = holdsByState.get(state);
  if (!holds) {
    holds = new Map();
    holdsByState.set(state, holds);
  }
  return holds;
}

/** Execution owners and leases in memory (src/storage/lease-ports.ts), as the SQL stores do them. */
export function createMemoryLeases(state: MemoryState): ExecutionLeases<ExecutionRecord> {
  const holds = holdsOf(state);
  const dueQueued = (now: string) => (e: ExecutionRecord) =>
    e.status === 'queued' && (e.scheduledFor === null || e.scheduledFor <= now);
  const expired = (now: string) => (e: ExecutionRecord) => {
    const leaseUntil = holds.get(e.id)?.leaseUntil;
    return e.status === 'running' && (leaseUntil === undefined || leaseUntil < now);
  };
  const held = (owner: string): ExecutionRecord[] =>
    [...state.executions.values()].filter(
      (e) => e.status === 'running' && holds.get(e.id)?.owner === owner,
    );
  const claim = (execution: ExecutionRecord, hold: ExecutionHold, now: string) => {
    execution.status = 'running';
    execution.startTime = now;
    holds.set(execution.id, { ...hold });
    return copy(execution);
  };
  return {
    claimQueuedExecutions: (hold, now, limit) =>
      settle(() =>
        [...state.executions.values()]
          .filter(dueQueued(now))
          .sort(compareKeys)
          .slice(0, Math.max(0, limit))
          .map((execution) => claim(execution, hold, now)),
      ),

    claimQueuedExecution: (executionId, hold, now) =>
      settle(() => {
        const execution = state.executions.get(executionId);
        return execution && dueQueued(now)(execution) ? claim(execution, hold, now) : undefined;
      }),

    renewExecutionLeases: (owner, executionIds, leaseUntil) =>
      settle(() => {
        const mine = held(owner).filter(({ id }) => executionIds.includes(id));
        for (const { id } of mine) holds.set(id, { owner, leaseUntil });
        return mine.length;
      }),

    listExpiredExecutions: (now, limit) =>
      settle(() =>
        copy(
          [...state.executions.values()]
            .filter(expired(now))
            .sort(compareKeys)
            .slice(0, Math.max(0, limit)),
        ),
      ),

    takeOverExecution: (executionId, hold, now) =>
      settle(() => {
        const execution = state.executions.get(executionId);
        if (!execution || !expired(now)(execution)) return false;
        holds.set(executionId, { ...hold });
        return true;
      }),

    releaseExecutionLeases: (owner, now) =>
      settle(() => {
        const mine = held(owner);
        for (const { id } of mine) holds.set(id, { owner, leaseUntil: now });
        return mine.length;
      }),
  };
}

import { settle } from '../common/settle.js';
import type { ExecutionCallStore, ExecutionRecord } from '../ports.js';
import type { MemoryState } from './state.js';

/** Voice calls and hangup requests of executions, as the SQL adapters keep them. */
export function memoryExecutionCalls(state: MemoryState): ExecutionCallStore {
  // Kept apart from the records; an execution removed (retention) takes its entry with it.
  const execution = (id: string): ExecutionRecord | undefined => {
    const found = state.executions.get(id);
    if (found === undefined) state.executionCalls.delete(id);
    return found;
  };
  return {
    linkCall: (accountId, callSid, executionId) =>
      settle(() => {
        if (execution(executionId)?.accountId !== accountId) return;
        state.executionCalls.set(executionId, {
          ...state.executionCalls.get(executionId),
          callSid,
        });
      }),

    findCallExecution: (accountId, callSid) =>
      settle(() => {
        let latest: ExecutionRecord | undefined;
        for (const [id, entry] of state.executionCalls) {
          const found = entry.callSid === callSid ? execution(id) : undefined;
          if (found?.accountId !== accountId) continue;
          if (latest === undefined || later(found, latest)) latest = found;
        }
        return latest?.id;
      }),

    requestHangup: (executionId, at) =>
      settle(() => {
        if (execution(executionId)?.status !== 'running') return false;
        state.executionCalls.set(executionId, {
          ...state.executionCalls.get(executionId),
          hangupRequestedAt: at,
        });
        return true;
      }),

    listHangupRequests: (executionIds) =>
      settle(() =>
        executionIds.filter(
          (id) =>
            ['running', 'waiting'].includes(execution(id)?.status ?? '') &&
            state.executionCalls.get(id)?.hangupRequestedAt !== undefined,
        ),
      ),
  };
}

function later(a: ExecutionRecord, b: ExecutionRecord): boolean {
  return a.createdAt === b.createdAt ? a.id > b.id : a.createdAt > b.createdAt;
}

import { keepPersistedVariables } from '../common/purge-variables.js';
import { settle } from '../common/settle.js';
import type { ExecutionStore } from '../ports.js';
import { compareKeys, paginate } from './paginate.js';
import { checkNewDeliveries, insertDeliveries } from './delivery-rows.js';
import { conflict, copy, type MemoryState } from './state.js';

/** Executions, in memory. */
export function createMemoryExecutions(state: MemoryState): ExecutionStore {
  return {
    createExecution: (execution) =>
      settle(() => {
        if (state.executions.has(execution.id)) throw conflict(`execution ${execution.id}`);
        state.executions.set(execution.id, copy(execution));
      }),

    getExecution: (accountId, executionId) =>
      settle(() => {
        const execution = state.executions.get(executionId);
        return execution?.accountId === accountId ? copy(execution) : undefined;
      }),

    listExecutions: (accountId, filter, page) =>
      settle(() => {
        const matching = [...state.executions.values()].filter(
          (e) =>
            e.accountId === accountId &&
            (filter.flowId === undefined || e.flowId === filter.flowId) &&
            (filter.status === undefined || e.status === filter.status),
        );
        return copy(paginate(matching, page, 'desc'));
      }),

    markExecutionRunning: (executionId, startTime) =>
      settle(() => {
        const execution = state.executions.get(executionId);
        if (execution?.status !== 'queued') return false;
        execution.status = 'running';
        execution.startTime = startTime;
        return true;
      }),

    finishExecution: (execution, deliveries) =>
      settle(() => {
        // Check everything before writing anything: the outbox is all-or-nothing (SPEC §4).
        const existing = state.executions.get(execution.id);
        if (existing && existing.accountId !== execution.accountId) {
          throw conflict(`execution ${execution.id}`);
        }
        checkNewDeliveries(state, deliveries);
        state.executions.set(execution.id, copy(execution));
        insertDeliveries(state, deliveries);
      }),

    listUnfinishedExecutions: (limit) =>
      settle(() => {
        const unfinished = [...state.executions.values()]
          .filter((e) => e.status === 'queued' || e.status === 'running')
          .sort(compareKeys);
        return copy(unfinished.slice(0, Math.max(0, limit)));
      }),

    purgeExecutionVariables: (executionId) =>
      settle(() => {
        const execution = state.executions.get(executionId);
        if (!execution) return;
        execution.variables = keepPersistedVariables(execution.variables, execution.persisted);
        execution.variablesPurged = true;
      }),
  };
}

import { settle } from '../common/settle.js';
import type { ExecutionRecord, ExecutionStore } from '../ports.js';
import { compareKeys, paginate } from './paginate.js';
import { checkNewDeliveries, insertDeliveries } from './delivery-rows.js';
import { conflict, copy, type MemoryState } from './state.js';
import { createMemoryLeases, holdsOf } from './leases.js';
import { memoryExecutionCalls } from './calls.js';

/** Executions, in memory. */
export function createMemoryExecutions(state: MemoryState): ExecutionStore {
  const queued = (): ExecutionRecord[] =>
    [...state.executions.values()].filter((e) => e.status === 'queued');

  return {
    createExecution: (execution, hold) =>
      settle(() => {
        insertExecutions(state, [execution]);
        if (hold) holdsOf(state).set(execution.id, { ...hold });
      }),

    createExecutions: (executions) =>
      settle(() => {
        insertExecutions(state, executions);
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
        // Too early: it stays queued for the scheduler (docs/internal-functions.md createOutbound delayMinutes).
        if (execution.scheduledFor !== null && execution.scheduledFor > startTime) return false;
        execution.status = 'running';
        execution.startTime = startTime;
        return true;
      }),

    finishExecution: (execution, deliveries) =>
      settle(() => {
        // Check everything before writing anything: the outbox is all-or-nothing (docs/server.md).
        const existing = state.executions.get(execution.id);
        if (existing && existing.accountId !== execution.accountId) {
          throw conflict(`execution ${execution.id}`);
        }
        // An ended execution is never ended again (docs/server.md "Executions across processes").
        if (existing && (existing.status === 'completed' || existing.status === 'failed')) {
          throw conflict(`execution ${execution.id} has already ended`);
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

    listDueScheduledExecutions: (now, limit) =>
      settle(() => {
        const due = queued()
          .filter((e) => e.scheduledFor !== null && e.scheduledFor <= now)
          .sort(byScheduledFor);
        return copy(due.slice(0, Math.max(0, limit)));
      }),

    nextScheduledTime: () =>
      settle(() => {
        let earliest: string | undefined;
        for (const { scheduledFor } of queued()) {
          if (scheduledFor !== null && (earliest === undefined || scheduledFor < earliest)) {
            earliest = scheduledFor;
          }
        }
        return earliest;
      }),

    ...memoryWaits(state),
    ...createMemoryLeases(state),
    ...memoryExecutionCalls(state),
  };
}

/** Waits for the caller (docs/server.md "Live executions"), as the SQL adapters do them. */
function memoryWaits(
  state: MemoryState,
): Pick<
  ExecutionStore,
  | 'waitExecution'
  | 'resumeExecution'
  | 'listDueWaits'
  | 'nextWaitDue'
  | 'appendExecutionEvents'
  | 'listExecutionEvents'
> {
  const waiting = (): ExecutionRecord[] =>
    [...state.executions.values()].filter((e) => e.status === 'waiting');
  const dueAt = (e: ExecutionRecord): string => e.waiting?.dueAt ?? '';
  return {
    waitExecution: (execution) =>
      settle(() => {
        const existing = state.executions.get(execution.id);
        if (existing?.status !== 'running' || existing.accountId !== execution.accountId) {
          return false;
        }
        state.executions.set(execution.id, copy({ ...execution, status: 'waiting' }));
        return true;
      }),

    resumeExecution: (executionId, sequence, hold) =>
      settle(() => {
        const execution = state.executions.get(executionId);
        if (execution?.status !== 'waiting' || execution.waiting?.sequence !== sequence) {
          return false;
        }
        execution.status = 'running';
        delete execution.waiting;
        if (hold) holdsOf(state).set(executionId, { ...hold });
        else holdsOf(state).delete(executionId);
        return true;
      }),

    listDueWaits: (now, limit) =>
      settle(() => {
        const due = waiting()
          .filter((e) => dueAt(e) <= now)
          .sort((a, b) =>
            dueAt(a) === dueAt(b) ? compareIds(a, b) : dueAt(a) < dueAt(b) ? -1 : 1,
          );
        return copy(due.slice(0, Math.max(0, limit)));
      }),

    nextWaitDue: () =>
      settle(() => {
        const times = waiting().map(dueAt).sort();
        return times[0];
      }),

    appendExecutionEvents: (executionId, events) =>
      settle(() => {
        const log = state.executionEvents.get(executionId) ?? [];
        const numbered = events.map((event, index) => ({ ...event, seq: log.length + index + 1 }));
        state.executionEvents.set(executionId, [...log, ...copy(numbered)]);
        return numbered;
      }),

    listExecutionEvents: (executionId, afterSeq, limit) =>
      settle(() => {
        const log = state.executionEvents.get(executionId) ?? [];
        return copy(log.filter((event) => event.seq > afterSeq).slice(0, Math.max(0, limit)));
      }),
  };
}

function compareIds(a: ExecutionRecord, b: ExecutionRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Checks the whole batch before writing any of it: all or none, like one SQL transaction. */
function insertExecutions(state: MemoryState, executions: readonly ExecutionRecord[]): void {
  const ids = new Set<string>();
  for (const { id } of executions) {
    if (state.executions.has(id) || ids.has(id)) throw conflict(`execution ${id}`);
    ids.add(id);
  }
  for (const execution of executions) state.executions.set(execution.id, copy(execution));
}

/** scheduledFor, then id: the order of `listDueScheduledExecutions` in every adapter. */
function byScheduledFor(a: ExecutionRecord, b: ExecutionRecord): number {
  const x = a.scheduledFor ?? '';
  const y = b.scheduledFor ?? '';
  if (x !== y) return x < y ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

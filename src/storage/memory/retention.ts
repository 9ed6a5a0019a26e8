import { settle } from '../common/settle.js';
import type { ExecutionRecord, PruneRequest, PruneResult, RetentionStore } from '../ports.js';
import { compareKeys } from './paginate.js';
import type { MemoryState } from './state.js';

/** Retention (`RetentionStore.pruneExpired`), in memory: the maps keep insertion order. */
export function createMemoryRetention(state: MemoryState): RetentionStore {
  return {
    pruneExpired: (request) => settle(() => prune(state, request)),
  };
}

function prune(state: MemoryState, request: PruneRequest): PruneResult {
  const result: PruneResult = { executions: 0, deliveries: 0, attempts: 0, more: false };
  for (const execution of expiredExecutions(state, request)) {
    for (const delivery of [...state.deliveries.values()]) {
      if (delivery.executionId === execution.id) removeDelivery(state, delivery.id, result);
    }
    state.executions.delete(execution.id);
    state.executionEvents.delete(execution.id);
    state.executionCalls.delete(execution.id);
    result.executions += 1;
  }
  let room = request.limit - result.executions;
  if (request.olderThan !== undefined && room > 0) {
    const { olderThan } = request;
    const expired = [...state.deliveries.values()]
      .filter((d) => d.executionId === null && d.status !== 'pending' && d.createdAt < olderThan)
      .sort(compareKeys)
      .slice(0, room);
    for (const delivery of expired) removeDelivery(state, delivery.id, result);
    room -= expired.length;
  }
  result.more = room <= 0;
  return result;
}

/** Up to `limit` prunable executions: beyond `keepLatest` first (oldest stored), then by age. */
function expiredExecutions(state: MemoryState, request: PruneRequest): ExecutionRecord[] {
  const stored = [...state.executions.values()];
  const beyond =
    request.keepLatest === undefined
      ? []
      : stored.slice(0, Math.max(0, stored.length - request.keepLatest));
  const { olderThan } = request;
  const old =
    olderThan === undefined ? [] : stored.filter((e) => e.createdAt < olderThan).sort(compareKeys);
  const chosen = new Set<ExecutionRecord>();
  for (const execution of [...beyond, ...old]) {
    if (chosen.size >= request.limit) break;
    if (isPrunable(state, execution)) chosen.add(execution);
  }
  return [...chosen];
}

function isPrunable(state: MemoryState, execution: ExecutionRecord): boolean {
  if (execution.status !== 'completed' && execution.status !== 'failed') return false;
  for (const delivery of state.deliveries.values()) {
    if (delivery.executionId === execution.id && delivery.status === 'pending') return false;
  }
  return true;
}

function removeDelivery(state: MemoryState, deliveryId: string, result: PruneResult): void {
  result.attempts += state.attempts.get(deliveryId)?.length ?? 0;
  state.attempts.delete(deliveryId);
  state.deliveries.delete(deliveryId);
  result.deliveries += 1;
}

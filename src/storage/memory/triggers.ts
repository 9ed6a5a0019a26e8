import { settle } from '../common/settle.js';
import type { TriggerStore } from '../ports.js';
import { conflict, copy, type MemoryState } from './state.js';

/** Trigger URL tokens (by hash), in memory. */
export function createMemoryTriggers(state: MemoryState): TriggerStore {
  return {
    saveTrigger: (trigger) =>
      settle(() => {
        if (state.triggers.has(trigger.tokenHash)) throw conflict('trigger token');
        state.triggers.set(trigger.tokenHash, copy(trigger));
      }),

    findTrigger: (tokenHash) =>
      settle(() => {
        const trigger = state.triggers.get(tokenHash);
        return trigger?.revokedAt === null ? copy(trigger) : undefined;
      }),

    revokeTriggers: (accountId, flowId, revokedAt) =>
      settle(() => {
        let count = 0;
        for (const trigger of state.triggers.values()) {
          if (
            trigger.accountId === accountId &&
            trigger.flowId === flowId &&
            trigger.revokedAt === null
          ) {
            trigger.revokedAt = revokedAt;
            count += 1;
          }
        }
        return count;
      }),
  };
}

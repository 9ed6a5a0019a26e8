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

    resolveTrigger: (tokenHash) =>
      settle(() => {
        const trigger = state.triggers.get(tokenHash);
        if (trigger?.revokedAt !== null) return undefined;
        const account = state.accounts.get(trigger.accountId);
        const flow = state.flows.get(trigger.flowId);
        if (!account || !flow || flow.accountId !== trigger.accountId || flow.deletedAt !== null) {
          return undefined;
        }
        return {
          trigger: copy(trigger),
          account: copy(account),
          flowVersion: flow.versions.length,
        };
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

import { settle } from '../common/settle.js';
import type { AgentRecord, AgentStore } from '../ports.js';
import { checkNewDeliveries, insertDeliveries } from './delivery-rows.js';
import { paginate } from './paginate.js';
import { conflict, copy, type MemoryState } from './state.js';

/** Direct-dial agents (docs/internal-functions.md `directDialPause`), in memory. */
export function createMemoryAgents(state: MemoryState): AgentStore {
  const owned = (accountId: string, agentId: string): AgentRecord | undefined => {
    const agent = state.agents.get(agentId);
    return agent?.accountId === accountId ? agent : undefined;
  };

  return {
    createAgent: (agent) =>
      settle(() => {
        if (state.agents.has(agent.id)) throw conflict(`agent ${agent.id}`);
        state.agents.set(agent.id, copy(agent));
      }),

    getAgent: (accountId, agentId) => settle(() => copy(owned(accountId, agentId))),

    listAgents: (accountId, page) =>
      settle(() => {
        const agents = [...state.agents.values()].filter((a) => a.accountId === accountId);
        return copy(paginate(agents, page, 'asc'));
      }),

    setAgentBreak: (accountId, agentId, onBreak, at, deliveries) =>
      settle(() => {
        const agent = owned(accountId, agentId);
        if (!agent) return undefined;
        // Check everything before writing anything: the outbox is all-or-nothing (docs/server.md).
        checkNewDeliveries(state, deliveries);
        Object.assign(agent, { onBreak, breakChangedAt: at, updatedAt: at });
        insertDeliveries(state, deliveries);
        return copy(agent);
      }),
  };
}

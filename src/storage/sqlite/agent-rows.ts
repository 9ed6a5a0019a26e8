import type { AgentRecord } from '../ports.js';

/** `agents` as stored. */
export interface AgentRow {
  id: string;
  account_id: string;
  name: string;
  extension: string | null;
  on_break: number;
  break_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The bound values of the agent insert. */
export function agentParams(agent: AgentRecord): Record<string, unknown> {
  return { ...agent, onBreak: agent.onBreak ? 1 : 0 };
}

export function toAgent(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    extension: row.extension,
    onBreak: row.on_break === 1,
    breakChangedAt: row.break_changed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

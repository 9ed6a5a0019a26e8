import { toPage } from '../common/cursor.js';
import type { AgentStore } from '../ports.js';
import { agentParams, toAgent, type AgentRow } from '../sqlite/agent-rows.js';
import { keysetParams, keysetQuery } from '../sqlite/keyset.js';
import type { Db, Query } from './db.js';
import { insertDeliveries } from './delivery-writes.js';

const INSERT_AGENT = `INSERT INTO agents (id, account_id, name, extension, on_break,
  break_changed_at, created_at, updated_at)
  VALUES (@id, @accountId, @name, @extension, @onBreak, @breakChangedAt, @createdAt,
  @updatedAt)`;
const SELECT_OWNED: Query<AgentRow> = {
  sql: 'SELECT * FROM agents WHERE id = $1 AND account_id = $2',
};
const SELECT_AGENTS: Query<AgentRow> = { sql: 'SELECT * FROM agents' };
// The account in the WHERE: another account's agent is "not found" and stays untouched.
const SET_BREAK: Query<AgentRow> = {
  sql: `UPDATE agents SET on_break = @onBreak, break_changed_at = @at, updated_at = @at
    WHERE id = @agentId AND account_id = @accountId RETURNING *`,
};

/** Direct-dial agents (`directDialPause`, docs/internal-functions.md) in PostgreSQL. */
export function createPostgresAgents(db: Db): AgentStore {
  return {
    createAgent: async (agent) => {
      await db.run(INSERT_AGENT, agentParams(agent));
    },

    getAgent: async (accountId, agentId) => {
      const row = await db.get(SELECT_OWNED, [agentId, accountId]);
      return row && toAgent(row);
    },

    listAgents: async (accountId, page) => {
      const { size, params } = keysetParams(page);
      const query = keysetQuery(SELECT_AGENTS, ['account_id = @accountId'], 'asc', page);
      return toPage((await db.all(query, { ...params, accountId })).map(toAgent), size);
    },

    setAgentBreak: (accountId, agentId, onBreak, at, deliveries) =>
      // Transactional outbox (docs/architecture.md): a delivery that cannot be stored rolls
      // back the status change too, so no event is ever lost or sent for a change never made.
      db.transaction(async (tx) => {
        const params = { accountId, agentId, onBreak: onBreak ? 1 : 0, at };
        const row = await tx.get(SET_BREAK, params);
        if (!row) return undefined;
        await insertDeliveries(tx, deliveries);
        return toAgent(row);
      }),
  };
}

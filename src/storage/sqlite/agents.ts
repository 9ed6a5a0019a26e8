import { toPage } from '../common/cursor.js';
import type { AgentStore } from '../ports.js';
import { agentParams, toAgent, type AgentRow } from './agent-rows.js';
import type { Query, SqliteConnection } from './connection.js';
import { insertDeliveries } from './delivery-writes.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { settleSql } from './settle-sql.js';

const INSERT_AGENT = `INSERT INTO agents (id, account_id, name, extension, on_break,
  break_changed_at, created_at, updated_at)
  VALUES (@id, @accountId, @name, @extension, @onBreak, @breakChangedAt, @createdAt,
  @updatedAt)`;
const SELECT_OWNED: Query<AgentRow> = {
  sql: 'SELECT * FROM agents WHERE id = ? AND account_id = ?',
};
const SELECT_AGENTS: Query<AgentRow> = { sql: 'SELECT * FROM agents' };
// The account in the WHERE: another account's agent is "not found" and stays untouched.
const SET_BREAK = `UPDATE agents SET on_break = @onBreak, break_changed_at = @at,
  updated_at = @at WHERE id = @agentId AND account_id = @accountId`;

/** Direct-dial agents (docs/internal-functions.md `directDialPause`) in SQLite. */
export function createSqliteAgents(sql: SqliteConnection): AgentStore {
  const read = (accountId: string, agentId: string) => {
    const row = sql.get(SELECT_OWNED, agentId, accountId);
    return row && toAgent(row);
  };

  return {
    createAgent: (agent) =>
      settleSql(() => {
        sql.run(INSERT_AGENT, agentParams(agent));
      }),

    getAgent: (accountId, agentId) => settleSql(() => read(accountId, agentId)),

    listAgents: (accountId, page) =>
      settleSql(() => {
        const { size, params } = keysetParams(page);
        const query = keysetQuery(SELECT_AGENTS, ['account_id = @accountId'], 'asc', page);
        return toPage(sql.all(query, { ...params, accountId }).map(toAgent), size);
      }),

    setAgentBreak: (accountId, agentId, onBreak, at, deliveries) =>
      settleSql(() =>
        // Transactional outbox (docs/server.md): a delivery that cannot be stored rolls back the
        // status change too, so no event is ever lost or sent for a change never made.
        sql.write(() => {
          const params = { accountId, agentId, onBreak: onBreak ? 1 : 0, at };
          if (sql.run(SET_BREAK, params) === 0) return undefined;
          insertDeliveries(sql, deliveries);
          return read(accountId, agentId);
        }),
      ),
  };
}

import type { ExecutionCallStore } from '../ports.js';
import { FIND_CALL, LINK_CALL, REQUEST_HANGUP } from '../sqlite/call-sql.js';
import { positional, type Db, type Query } from './db.js';

// The statements are shared with SQLite (migration 0004 here).
const LINK = positional({ sql: LINK_CALL }).sql;
const FIND = positional(FIND_CALL);
const REQUEST = positional({ sql: REQUEST_HANGUP }).sql;
const HANGUP_REQUESTS: Query<{ id: string }> = {
  sql: `SELECT id FROM executions WHERE id = ANY($1::text[])
    AND status IN ('running', 'waiting') AND hangup_requested_at IS NOT NULL`,
};

/** Voice calls and hangup requests of executions in PostgreSQL (docs/voice.md, docs/server.md). */
export function postgresExecutionCalls(db: Db): ExecutionCallStore {
  return {
    linkCall: async (accountId, callSid, executionId) => {
      await db.run(LINK, [callSid, executionId, accountId]);
    },

    findCallExecution: async (accountId, callSid) => (await db.get(FIND, [accountId, callSid]))?.id,

    requestHangup: async (executionId, at) => (await db.run(REQUEST, [at, executionId])) > 0,

    listHangupRequests: async (executionIds) =>
      executionIds.length === 0
        ? []
        : (await db.all(HANGUP_REQUESTS, [executionIds])).map((row) => row.id),
  };
}

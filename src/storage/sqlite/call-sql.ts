import type { ExecutionCallStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { settleBatchedSql, settleSql } from './settle-sql.js';

/*
 * Voice calls and hangup requests of executions (migration 0011; docs/voice.md "Status
 * callback", docs/server.md "Live executions"): plain SQL shared with PostgreSQL (which turns
 * `?` into `$n`), but for the list of ids.
 */

export const LINK_CALL = 'UPDATE executions SET call_sid = ? WHERE id = ? AND account_id = ?';
export const FIND_CALL: Query<{ id: string }> = {
  sql: `SELECT id FROM executions WHERE account_id = ? AND call_sid = ?
    ORDER BY created_at DESC, id DESC LIMIT 1`,
};
/** Only a running execution: one waiting is hung up at once, one ended stays ended. */
export const REQUEST_HANGUP = `UPDATE executions SET hangup_requested_at = ?
  WHERE id = ? AND status = 'running'`;
/** The ids are one JSON array. */
const HANGUP_REQUESTS: Query<{ id: string }> = {
  sql: `SELECT id FROM executions WHERE id IN (SELECT value FROM json_each(?))
    AND status IN ('running', 'waiting') AND hangup_requested_at IS NOT NULL`,
};

export function sqliteExecutionCalls(sql: SqliteConnection): ExecutionCallStore {
  return {
    linkCall: (accountId, callSid, executionId) =>
      settleBatchedSql(sql, () => {
        sql.run(LINK_CALL, callSid, executionId, accountId);
      }),

    findCallExecution: (accountId, callSid) =>
      settleSql(() => sql.get(FIND_CALL, accountId, callSid)?.id),

    requestHangup: (executionId, at) =>
      settleBatchedSql(sql, () => sql.run(REQUEST_HANGUP, at, executionId) > 0),

    listHangupRequests: (executionIds) =>
      settleSql(() =>
        executionIds.length === 0
          ? []
          : sql.all(HANGUP_REQUESTS, JSON.stringify(executionIds)).map((row) => row.id),
      ),
  };
}

import { toPage } from '../common/cursor.js';
import { staleVersion, type FlowStore, type FlowVersion } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import {
  toFlowSummary,
  toFlowVersion,
  type FlowSummaryRow,
  type FlowVersionRow,
} from './flow-rows.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { settleSql } from './settle-sql.js';
import type { TriggerCache } from './trigger-cache.js';

const INSERT_FLOW = `INSERT INTO flows (id, account_id, name, latest_version, created_at, updated_at)
  VALUES (@id, @accountId, @name, @version, @createdAt, @createdAt)`;
const INSERT_VERSION = `INSERT INTO flow_versions
  (flow_id, version, account_id, name, document, created_at)
  VALUES (@id, @version, @accountId, @name, @document, @createdAt)`;
const SELECT_LIVE_LATEST: Query<{ latest_version: number }> = {
  sql: `SELECT latest_version FROM flows
    WHERE id = ? AND account_id = ? AND deleted_at IS NULL`,
};
const UPDATE_LATEST = `UPDATE flows SET latest_version = @version, name = @name,
  updated_at = @createdAt WHERE id = @id`;
const SELECT_LIVE_VERSION: Query<FlowVersionRow> = {
  sql: `SELECT v.* FROM flow_versions v JOIN flows f ON f.id = v.flow_id
    WHERE f.id = @flowId AND f.account_id = @accountId AND f.deleted_at IS NULL
      AND v.version = COALESCE(@version, f.latest_version)`,
};
const SELECT_ANY_VERSION: Query<FlowVersionRow> = {
  sql: 'SELECT * FROM flow_versions WHERE flow_id = ? AND version = ?',
};
const SELECT_SUMMARIES: Query<FlowSummaryRow> = {
  sql: 'SELECT id, name, latest_version, created_at, updated_at FROM flows',
};
const LIVE_IN_ACCOUNT = ['account_id = @accountId', 'deleted_at IS NULL'];
const DELETE_FLOW = `UPDATE flows SET deleted_at = ?
  WHERE id = ? AND account_id = ? AND deleted_at IS NULL`;

/** Versioned flows in SQLite; deleting keeps the versions for running executions. */
/** `resolved`: cached trigger resolutions, which hold flows' latest versions. */
export function createSqliteFlows(
  sql: SqliteConnection,
  resolved: Pick<TriggerCache, 'clear'>,
): FlowStore {
  const insertVersion = (flow: FlowVersion) =>
    sql.run(INSERT_VERSION, { ...flow, document: JSON.stringify(flow.document) });

  return {
    createFlow: (flow) =>
      settleSql(() => {
        sql.write(() => {
          sql.run(INSERT_FLOW, flow);
          insertVersion(flow);
        });
      }),

    addFlowVersion: (accountId, flowId, document, createdAt, baseVersion) =>
      settleSql(() =>
        // Read and bump the version under the write lock: two saves never share a number.
        sql.write(() => {
          const flow = sql.get(SELECT_LIVE_LATEST, flowId, accountId);
          if (!flow) return undefined;
          if (baseVersion !== undefined && baseVersion !== flow.latest_version) {
            throw staleVersion(flowId, flow.latest_version, baseVersion);
          }
          const version: FlowVersion = {
            id: flowId,
            accountId,
            version: flow.latest_version + 1,
            name: document.name,
            document,
            createdAt,
          };
          insertVersion(version);
          sql.run(UPDATE_LATEST, version);
          resolved.clear();
          return structuredClone(version);
        }),
      ),

    getFlow: (accountId, flowId, version) =>
      settleSql(() => {
        const row = sql.get(SELECT_LIVE_VERSION, { accountId, flowId, version: version ?? null });
        return row && toFlowVersion(row);
      }),

    getFlowVersionForExecution: (flowId, version) =>
      settleSql(() => {
        const row = sql.get(SELECT_ANY_VERSION, flowId, version);
        return row && toFlowVersion(row);
      }),

    listFlows: (accountId, page) =>
      settleSql(() => {
        const { size, params } = keysetParams(page);
        const query = keysetQuery(SELECT_SUMMARIES, LIVE_IN_ACCOUNT, 'asc', page);
        return toPage(sql.all(query, { ...params, accountId }).map(toFlowSummary), size);
      }),

    deleteFlow: (accountId, flowId, deletedAt) =>
      settleSql(() => {
        resolved.clear();
        return sql.run(DELETE_FLOW, deletedAt, flowId, accountId) > 0;
      }),
  };
}

import { toPage } from '../common/cursor.js';
import { toVersionPage, versionPageStart } from '../common/version-page.js';
import type { FlowDocument } from '../../flow/index.js';
import {
  staleVersion,
  type FlowStore,
  type FlowVersion,
  type PageRequest,
  type SealedDocument,
} from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import {
  toFlowSummary,
  toFlowVersion,
  toFlowVersionSummary,
  withLastExecution,
  type FlowSummaryRow,
  type FlowVersionRow,
  type FlowVersionSummaryRow,
} from './flow-rows.js';
import { keysetParams, keysetQuery } from './keyset.js';
import { settleSql } from './settle-sql.js';
import type { TriggerCache } from './trigger-cache.js';

const INSERT_FLOW = `INSERT INTO flows (id, account_id, name, latest_version, created_at, updated_at)
  VALUES (@id, @accountId, @name, @version, @createdAt, @createdAt)`;
const INSERT_VERSION = `INSERT INTO flow_versions
  (flow_id, version, account_id, name, document, secrets, created_at)
  VALUES (@id, @version, @accountId, @name, @document, @secrets, @createdAt)`;
const SELECT_CLEAR_VERSIONS: Query<FlowVersionRow> = {
  sql: 'SELECT * FROM flow_versions WHERE secrets IS NULL',
};
const ANY_CLEAR_VERSION: Query<{ found: 1 }> = {
  sql: 'SELECT 1 AS found FROM flow_versions WHERE secrets IS NULL LIMIT 1',
};
const UPDATE_SEALED = `UPDATE flow_versions SET document = @document, secrets = @secrets
  WHERE flow_id = @id AND version = @version`;
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
const SELECT_VERSIONS: Query<FlowVersionSummaryRow> = {
  sql: `SELECT v.version, v.name, v.created_at FROM flow_versions v JOIN flows f ON f.id = v.flow_id
    WHERE f.id = @flowId AND f.account_id = @accountId AND f.deleted_at IS NULL
      AND (@before IS NULL OR v.version < @before)
    ORDER BY v.version DESC LIMIT @limit`,
};
const LIVE_IN_ACCOUNT = ['account_id = @accountId', 'deleted_at IS NULL'];
const DELETE_FLOW = `UPDATE flows SET deleted_at = ?
  WHERE id = ? AND account_id = ? AND deleted_at IS NULL`;

/** A page of the account's live flows with their last executions (one statement). */
export function listFlowsQuery(page: PageRequest): Query<FlowSummaryRow> {
  return withLastExecution(keysetQuery(SELECT_SUMMARIES, LIVE_IN_ACCOUNT, 'asc', page));
}

/**
 * Versioned flows in SQLite; deleting keeps the versions for running executions.
 * `resolved`: cached trigger resolutions, which hold flows' latest versions.
 */
export function createSqliteFlows(
  sql: SqliteConnection,
  resolved: Pick<TriggerCache, 'clear'>,
): FlowStore {
  const insertVersion = (flow: FlowVersion) =>
    sql.run(INSERT_VERSION, { ...flow, ...storedContent(flow) });

  return {
    createFlow: (flow) =>
      settleSql(() => {
        sql.write(() => {
          sql.run(INSERT_FLOW, flow);
          insertVersion(flow);
        });
      }),

    addFlowVersion: ({ baseVersion, ...next }) =>
      settleSql(() =>
        // Read and bump the version under the write lock: two saves never share a number.
        sql.write(() => {
          const flow = sql.get(SELECT_LIVE_LATEST, next.id, next.accountId);
          if (!flow) return undefined;
          if (baseVersion !== undefined && baseVersion !== flow.latest_version) {
            throw staleVersion(next.id, flow.latest_version, baseVersion);
          }
          const version: FlowVersion = {
            ...next,
            version: flow.latest_version + 1,
            name: next.document.name,
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
        const query = listFlowsQuery(page);
        return toPage(sql.all(query, { ...params, accountId }).map(toFlowSummary), size);
      }),

    listFlowVersions: (accountId, flowId, page) =>
      settleSql(() => {
        const { size, before } = versionPageStart(page);
        const rows = sql.all(SELECT_VERSIONS, { accountId, flowId, before, limit: size + 1 });
        if (rows.length === 0 && !sql.get(SELECT_LIVE_LATEST, flowId, accountId)) return undefined;
        return toVersionPage(rows.map(toFlowVersionSummary), size);
      }),

    deleteFlow: (accountId, flowId, deletedAt) =>
      settleSql(() => {
        resolved.clear();
        return sql.run(DELETE_FLOW, deletedAt, flowId, accountId) > 0;
      }),

    sealClearFlowVersions: (seal) => settleSql(() => sealClearVersions(sql, seal)),
  };
}

function storedContent(flow: Pick<FlowVersion, 'document' | 'secrets'>) {
  return {
    document: JSON.stringify(flow.document),
    secrets: flow.secrets === undefined ? null : JSON.stringify(flow.secrets),
  };
}

/**
 * Rewrites the versions saved in clear with their secrets sealed. `secure_delete` zeroes the
 * replaced bytes in the file, and the checkpoint after empties the WAL of them.
 */
function sealClearVersions(
  sql: SqliteConnection,
  seal: (document: FlowDocument) => SealedDocument,
): number {
  if (!sql.get(ANY_CLEAR_VERSION)) return 0;
  sql.db.pragma('secure_delete = ON');
  try {
    const sealed = sql.write(() => {
      const rows = sql.all(SELECT_CLEAR_VERSIONS).map(toFlowVersion);
      for (const row of rows)
        sql.run(UPDATE_SEALED, { ...row, ...storedContent(seal(row.document)) });
      return rows.length;
    });
    sql.db.pragma('wal_checkpoint(TRUNCATE)');
    return sealed;
  } finally {
    sql.db.pragma('secure_delete = OFF');
  }
}

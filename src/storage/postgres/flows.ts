import { toPage } from '../common/cursor.js';
import { toVersionPage, versionPageStart } from '../common/version-page.js';
import type { FlowDocument } from '../../flow/index.js';
import { staleVersion, type FlowStore, type FlowVersion, type SealedDocument } from '../ports.js';
import {
  toFlowSummary,
  toFlowVersion,
  toFlowVersionSummary,
  withLastExecution,
  type FlowSummaryRow,
  type FlowVersionRow,
  type FlowVersionSummaryRow,
} from '../sqlite/flow-rows.js';
import { keysetParams, keysetQuery } from '../sqlite/keyset.js';
import type { Db, Query, Sql } from './db.js';

const INSERT_FLOW = `INSERT INTO flows (id, account_id, name, latest_version, created_at, updated_at)
  VALUES (@id, @accountId, @name, @version, @createdAt, @createdAt)`;
const INSERT_VERSION = `INSERT INTO flow_versions
  (flow_id, version, account_id, name, document, secrets, created_at)
  VALUES (@id, @version, @accountId, @name, @document, @secrets, @createdAt)`;
// Locks the versions it rewrites: a second process sealing at once waits, then finds none.
const SELECT_CLEAR_VERSIONS: Query<FlowVersionRow> = {
  sql: 'SELECT * FROM flow_versions WHERE secrets IS NULL FOR UPDATE',
};
const UPDATE_SEALED = `UPDATE flow_versions SET document = @document, secrets = @secrets
  WHERE flow_id = @id AND version = @version AND secrets IS NULL`;
// Locks the flow row: two saves of one flow (from any process) never share a number.
const SELECT_LIVE_LATEST: Query<{ latest_version: number }> = {
  sql: `SELECT latest_version FROM flows
    WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL FOR UPDATE`,
};
const SELECT_LIVE: Query<{ latest_version: number }> = {
  sql: `SELECT latest_version FROM flows
    WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL`,
};
const UPDATE_LATEST = `UPDATE flows SET latest_version = @version, name = @name,
  updated_at = @createdAt WHERE id = @id`;
const SELECT_LIVE_VERSION: Query<FlowVersionRow> = {
  sql: `SELECT v.* FROM flow_versions v JOIN flows f ON f.id = v.flow_id
    WHERE f.id = @flowId AND f.account_id = @accountId AND f.deleted_at IS NULL
      AND v.version = COALESCE(@version::integer, f.latest_version)`,
};
const SELECT_ANY_VERSION: Query<FlowVersionRow> = {
  sql: 'SELECT * FROM flow_versions WHERE flow_id = $1 AND version = $2',
};
const SELECT_SUMMARIES: Query<FlowSummaryRow> = {
  sql: 'SELECT id, name, latest_version, created_at, updated_at FROM flows',
};
const SELECT_VERSIONS: Query<FlowVersionSummaryRow> = {
  sql: `SELECT v.version, v.name, v.created_at FROM flow_versions v JOIN flows f ON f.id = v.flow_id
    WHERE f.id = @flowId AND f.account_id = @accountId AND f.deleted_at IS NULL
      AND (@before::integer IS NULL OR v.version < @before::integer)
    ORDER BY v.version DESC LIMIT @limit`,
};
const LIVE_IN_ACCOUNT = ['account_id = @accountId', 'deleted_at IS NULL'];
const DELETE_FLOW = `UPDATE flows SET deleted_at = $1
  WHERE id = $2 AND account_id = $3 AND deleted_at IS NULL`;

function storedContent(flow: Pick<FlowVersion, 'document' | 'secrets'>) {
  return {
    document: JSON.stringify(flow.document),
    secrets: flow.secrets === undefined ? null : JSON.stringify(flow.secrets),
  };
}

const insertVersion = (tx: Sql, flow: FlowVersion) =>
  tx.run(INSERT_VERSION, { ...flow, ...storedContent(flow) });

/** Versioned flows in PostgreSQL; deleting keeps the versions for running executions. */
export function createPostgresFlows(db: Db): FlowStore {
  return {
    createFlow: (flow) =>
      db.transaction(async (tx) => {
        await tx.run(INSERT_FLOW, flow);
        await insertVersion(tx, flow);
      }),

    addFlowVersion: ({ baseVersion, ...next }) =>
      db.transaction(async (tx) => {
        // The row lock (FOR UPDATE) makes the check and the save one step across processes.
        const flow = await tx.get(SELECT_LIVE_LATEST, [next.id, next.accountId]);
        if (!flow) return undefined;
        if (baseVersion !== undefined && baseVersion !== flow.latest_version) {
          throw staleVersion(next.id, flow.latest_version, baseVersion);
        }
        const version: FlowVersion = {
          ...next,
          version: flow.latest_version + 1,
          name: next.document.name,
        };
        await insertVersion(tx, version);
        await tx.run(UPDATE_LATEST, version);
        return structuredClone(version);
      }),

    getFlow: async (accountId, flowId, version) => {
      const row = await db.get(SELECT_LIVE_VERSION, { accountId, flowId, version });
      return row && toFlowVersion(row);
    },

    getFlowVersionForExecution: async (flowId, version) => {
      const row = await db.get(SELECT_ANY_VERSION, [flowId, version]);
      return row && toFlowVersion(row);
    },

    listFlows: async (accountId, page) => {
      const { size, params } = keysetParams(page);
      const query = withLastExecution(keysetQuery(SELECT_SUMMARIES, LIVE_IN_ACCOUNT, 'asc', page));
      return toPage((await db.all(query, { ...params, accountId })).map(toFlowSummary), size);
    },

    listFlowVersions: async (accountId, flowId, page) => {
      const { size, before } = versionPageStart(page);
      const rows = await db.all(SELECT_VERSIONS, { accountId, flowId, before, limit: size + 1 });
      if (rows.length === 0 && !(await db.get(SELECT_LIVE, [flowId, accountId]))) return undefined;
      return toVersionPage(rows.map(toFlowVersionSummary), size);
    },

    deleteFlow: async (accountId, flowId, deletedAt) =>
      (await db.run(DELETE_FLOW, [deletedAt, flowId, accountId])) > 0,

    sealClearFlowVersions: (seal) => db.transaction((tx) => sealClearVersions(tx, seal)),
  };
}

/**
 * Rewrites the versions saved in clear with their secrets sealed. The replaced row versions
 * stay in the table's files until VACUUM reclaims them (docs/architecture.md).
 */
async function sealClearVersions(
  tx: Sql,
  seal: (document: FlowDocument) => SealedDocument,
): Promise<number> {
  const rows = (await tx.all(SELECT_CLEAR_VERSIONS)).map(toFlowVersion);
  for (const row of rows) {
    await tx.run(UPDATE_SEALED, { ...row, ...storedContent(seal(row.document)) });
  }
  return rows.length;
}

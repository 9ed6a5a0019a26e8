import type { FlowDocument } from '../../flow/index.js';
import type {
  ExecutionState,
  FlowSecrets,
  FlowSummary,
  FlowVersion,
  FlowVersionSummary,
} from '../ports.js';
import type { Query } from './connection.js';

/** `flow_versions` as stored. */
export interface FlowVersionRow {
  flow_id: string;
  version: number;
  account_id: string;
  name: string;
  document: string;
  /** JSON of the sealed secrets; NULL for a version saved before they were sealed. */
  secrets: string | null;
  created_at: string;
}

/** `flows` as listed, with the flow's newest execution (all null when it has none). */
export interface FlowSummaryRow {
  id: string;
  name: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
  last_execution_id: string | null;
  last_execution_status: ExecutionState | null;
  last_execution_end_reason: string | null;
  last_execution_start_time: string | null;
}

/** A version as the versions list shows it. */
export interface FlowVersionSummaryRow {
  version: number;
  name: string;
  created_at: string;
}

/**
 * A page of flows (`page`, a keyset query over `flows` for `@accountId`) joined with each
 * one's newest execution: one statement, each flow's execution found by a seek on the
 * (account_id, flow_id, created_at, id) index, never a query per flow. Same text for SQLite
 * and PostgreSQL.
 */
export function withLastExecution(page: Query<unknown>): Query<FlowSummaryRow> {
  return {
    sql: `SELECT p.id, p.name, p.latest_version, p.created_at, p.updated_at,
        e.id AS last_execution_id, e.status AS last_execution_status,
        e.end_reason AS last_execution_end_reason, e.start_time AS last_execution_start_time
      FROM (${page.sql}) p
      LEFT JOIN executions e ON e.id = (
        SELECT x.id FROM executions x WHERE x.account_id = @accountId AND x.flow_id = p.id
        ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
      ORDER BY p.created_at ASC, p.id ASC`,
  };
}

export function toFlowVersion(row: FlowVersionRow): FlowVersion {
  return {
    id: row.flow_id,
    accountId: row.account_id,
    version: row.version,
    name: row.name,
    document: JSON.parse(row.document) as FlowDocument,
    ...(row.secrets === null ? {} : { secrets: JSON.parse(row.secrets) as FlowSecrets }),
    createdAt: row.created_at,
  };
}

export function toFlowSummary(row: FlowSummaryRow): FlowSummary {
  return {
    id: row.id,
    name: row.name,
    version: row.latest_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastExecution:
      row.last_execution_id === null || row.last_execution_status === null
        ? null
        : {
            id: row.last_execution_id,
            status: row.last_execution_status,
            endReason: row.last_execution_end_reason,
            startTime: row.last_execution_start_time,
          },
  };
}

export function toFlowVersionSummary(row: FlowVersionSummaryRow): FlowVersionSummary {
  return { version: row.version, name: row.name, createdAt: row.created_at };
}

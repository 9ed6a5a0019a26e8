import type { FlowDocument } from '../../flow/index.js';
import type { FlowSecrets, FlowSummary, FlowVersion } from '../ports.js';

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

/** `flows` as listed. */
export interface FlowSummaryRow {
  id: string;
  name: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
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
  };
}

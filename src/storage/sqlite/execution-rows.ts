import type { Variables } from '../../flow/index.js';
import type { Direction, ExecutionRecord, ExecutionState, WaitingInput } from '../ports.js';

/** `executions` as stored. */
export interface ExecutionRow {
  id: string;
  account_id: string;
  flow_id: string;
  flow_version: number;
  status: ExecutionState;
  end_reason: string | null;
  direction: Direction;
  from_address: string;
  to_address: string;
  variables: string;
  persisted: string;
  path: string;
  events: string;
  steps: string;
  created_at: string;
  start_time: string | null;
  end_time: string | null;
  variables_purged: number;
  scheduled_for: string | null;
  /** JSON of `waiting` while the execution waits for the caller (migration 0009). */
  waiting: string | null;
}

/** Every column, in `@name` form for the insert and upsert statements. */
const EXECUTION_COLUMNS = `(id, account_id, flow_id, flow_version, status, end_reason,
  direction, from_address, to_address, variables, persisted, path, events, steps, created_at,
  start_time, end_time, variables_purged, scheduled_for, owner, lease_until)`;
const EXECUTION_VALUES = `(@id, @accountId, @flowId, @flowVersion, @status, @endReason,
  @direction, @from, @to, @variables, @persisted, @path, @events, @steps, @createdAt,
  @startTime, @endTime, @variablesPurged, @scheduledFor, @owner, @leaseUntil)`;

/** The bound values of `EXECUTION_VALUES`. */
export function executionParams(execution: ExecutionRecord): Record<string, unknown> {
  return {
    ...execution,
    variables: JSON.stringify(execution.variables),
    persisted: JSON.stringify(execution.persisted),
    path: JSON.stringify(execution.path),
    events: JSON.stringify(execution.events),
    steps: JSON.stringify(execution.steps),
    variablesPurged: execution.variablesPurged ? 1 : 0,
    // Who holds it while it runs (src/storage/lease-ports.ts): given apart from the record.
    owner: null,
    leaseUntil: null,
  };
}

export function toExecution(row: ExecutionRow): ExecutionRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    flowId: row.flow_id,
    flowVersion: row.flow_version,
    status: row.status,
    endReason: row.end_reason,
    direction: row.direction,
    from: row.from_address,
    to: row.to_address,
    variables: JSON.parse(row.variables) as Variables,
    persisted: JSON.parse(row.persisted) as string[],
    path: JSON.parse(row.path) as string[],
    events: JSON.parse(row.events) as unknown[],
    steps: JSON.parse(row.steps) as unknown[],
    createdAt: row.created_at,
    startTime: row.start_time,
    endTime: row.end_time,
    variablesPurged: row.variables_purged === 1,
    scheduledFor: row.scheduled_for,
    ...(row.waiting === null ? {} : { waiting: JSON.parse(row.waiting) as WaitingInput }),
  };
}

/** SQLite and PostgreSQL alike (named parameters). */
export const INSERT_EXECUTION = `INSERT INTO executions ${EXECUTION_COLUMNS} VALUES ${EXECUTION_VALUES}`;
// The end changes only these columns (and so only the indexes over `status`). An ended row is
// never ended again (a stalled process after a take-over, docs/server.md "Executions across
// processes"): no row matches, the insert that follows fails as a duplicate, nothing changes.
export const FINISH_EXECUTION = `UPDATE executions SET status = @status, end_reason = @endReason,
    variables = @variables, persisted = @persisted, path = @path, events = @events,
    steps = @steps, start_time = @startTime, end_time = @endTime,
    variables_purged = @variablesPurged, purged_variables = @purgedVariables,
    waiting = NULL, wait_due_at = NULL
  WHERE id = @id AND account_id = @accountId AND status NOT IN ('completed', 'failed')`;

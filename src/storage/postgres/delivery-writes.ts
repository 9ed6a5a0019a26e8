import pg from 'pg';
import { keepPersistedVariables, type Variables } from '../../flow/index.js';
import type { AttemptResult, DeliveryRecord, RecordedAttempt } from '../ports.js';
import type { Query, Sql } from './db.js';

// A delivery row's columns, and the DeliveryRecord field each is written from, in one order.
const DELIVERY_COLUMNS = `id, account_id, webhook_id, execution_id, event_type, message_id,
  payload, status, attempt_count, next_attempt_at, lease_until, failure_reason, trimmed,
  created_at, updated_at`;
const DELIVERY_FIELDS = [
  'id',
  'accountId',
  'webhookId',
  'executionId',
  'eventType',
  'messageId',
  'payload',
  'status',
  'attemptCount',
  'nextAttemptAt',
  'leaseUntil',
  'failureReason',
  'trimmed',
  'createdAt',
  'updatedAt',
] as const;
/** The fields as named parameters, `@<prefix><field>`, in the columns' order. */
const deliveryValues = (prefix: string): string =>
  DELIVERY_FIELDS.map((field) => `@${prefix}${field}`).join(', ');

const INSERT_DELIVERY = `INSERT INTO deliveries (${DELIVERY_COLUMNS})
  VALUES (${deliveryValues('')})`;

/** A delivery's parameters for INSERT_DELIVERY, each name prefixed with `prefix`. */
function deliveryRow(delivery: DeliveryRecord, prefix = ''): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of DELIVERY_FIELDS) {
    row[`${prefix}${field}`] = field === 'trimmed' ? (delivery.trimmed ? 1 : 0) : delivery[field];
  }
  return row;
}

/**
 * An execution's end and its one delivery in one statement (`finishExecution`'s usual case):
 * `FINISH_END` is the end's UPDATE, with `RETURNING`; the delivery's parameters are
 * `@d_<name>`. The delivery is inserted only when the end was; `ended` is 0 when it was not.
 */
export function finishWithDelivery(finishEnd: string): string {
  return `WITH ended AS (${finishEnd} RETURNING 1),
  added AS (INSERT INTO deliveries (${DELIVERY_COLUMNS})
    SELECT ${deliveryValues('d_')}
    WHERE EXISTS (SELECT 1 FROM ended) RETURNING 1)
  SELECT (SELECT COUNT(*) FROM ended)::integer AS ended,
    (SELECT COUNT(*) FROM added)::integer AS added`;
}

/** A delivery's `@d_<name>` parameters for `finishWithDelivery`. */
export const deliveryParams = (delivery: DeliveryRecord): Record<string, unknown> =>
  deliveryRow(delivery, 'd_');

/**
 * Inserts a batch inside the caller's transaction (`finishExecution`, `enqueueDeliveries`):
 * a duplicate id throws, and the caller's rollback keeps the batch all-or-nothing.
 */
export async function insertDeliveries(
  tx: Sql,
  deliveries: readonly DeliveryRecord[],
): Promise<void> {
  for (const delivery of deliveries) {
    await tx.run(INSERT_DELIVERY, deliveryRow(delivery));
  }
}

// The attempt and the delivery's new state in one statement. The attempt's insert is refused
// (foreign key) when the delivery does not exist: then nothing is written.
const RECORD_ATTEMPT: Query<{ webhook_id: string; execution_id: string | null }> = {
  sql: `WITH attempt AS (INSERT INTO delivery_attempts (delivery_id, attempt, started_at,
    status, latency_ms, error, remote_address, response_excerpt)
    VALUES (@deliveryId, @attempt, @startedAt, @httpStatus, @latencyMs, @error,
    @remoteAddress, @responseExcerpt))
  UPDATE deliveries SET status = @status,
    attempt_count = GREATEST(attempt_count, @attempt), next_attempt_at = @nextAttemptAt,
    lease_until = NULL, updated_at = @startedAt WHERE id = @deliveryId
    RETURNING webhook_id, execution_id`,
};
// Conditional, so an endpoint that keeps succeeding (or keeps failing) is not rewritten.
const ENDPOINT_SUCCEEDED = `UPDATE webhooks SET failing_since = NULL
  WHERE id = $1 AND failing_since IS NOT NULL`;
const ENDPOINT_FAILED = `UPDATE webhooks SET failing_since = $1
  WHERE id = $2 AND failing_since IS NULL`;
const ENDPOINT_STATE: Query<{ failing_since: string | null; disabled_at: string | null }> = {
  sql: 'SELECT failing_since, disabled_at FROM webhooks WHERE id = $1',
};

/** An attempt's parameters, shared by RECORD_ATTEMPT and RECORD_AT_ONCE. */
function attemptParams({ attempt, status, nextAttemptAt }: AttemptResult): Record<string, unknown> {
  return { ...attempt, httpStatus: attempt.status, status, nextAttemptAt };
}

const RECORD_AT_ONCE: Query<{ failing_since: string; disabled_at: string | null }> = {
  sql: `SELECT failing_since, disabled_at FROM hookline_record_attempt(@deliveryId, @attempt,
    @startedAt, @httpStatus, @latencyMs, @error, @remoteAddress, @responseExcerpt, @status,
    @nextAttemptAt, @endpointSucceeded, @endpointAt)`,
};
/** Raised by `hookline_record_attempt` when the purge needs `purgeWhenSettled`'s computation. */
const PURGE_BY_CALLER = 'HLPRG';

/**
 * `writeAttempt` in one round trip (docs/adr/0011-fewer-postgresql-round-trips.md): the
 * database function of migration 0006 takes the same steps in one statement. Undefined
 * when it handed the attempt back (an execution to purge whose kept variables were not
 * stored with its end): nothing was written, and the caller's transaction records it.
 */
export async function recordAttemptAtOnce(
  db: Sql,
  result: AttemptResult,
): Promise<RecordedAttempt | undefined> {
  const { endpoint } = result;
  let row;
  try {
    row = await db.get(RECORD_AT_ONCE, {
      ...attemptParams(result),
      endpointSucceeded: endpoint?.succeeded ?? null,
      endpointAt: endpoint?.at ?? null,
    });
  } catch (error) {
    if (error instanceof pg.DatabaseError && error.code === PURGE_BY_CALLER) return undefined;
    throw error;
  }
  if (row === undefined) return {};
  return { failingEndpoint: { failingSince: row.failing_since, disabledAt: row.disabled_at } };
}

/**
 * Stores one attempt inside the caller's transaction: the attempt, the delivery's new state
 * (lease released), the endpoint's run of failures, and the execution's privacy purge once
 * nothing of it is left to deliver (`DeliveryStore.recordAttempt`).
 */
export async function writeAttempt(tx: Sql, result: AttemptResult): Promise<RecordedAttempt> {
  const { attempt, status, endpoint } = result;
  const row = await tx.get(RECORD_ATTEMPT, attemptParams(result));
  if (row === undefined) throw new Error(`no delivery ${attempt.deliveryId}`);
  if (status !== 'pending' && row.execution_id !== null) {
    await purgeWhenSettled(tx, row.execution_id);
  }
  if (endpoint === undefined) return {};
  if (endpoint.succeeded) {
    await tx.run(ENDPOINT_SUCCEEDED, [row.webhook_id]);
    return {};
  }
  await tx.run(ENDPOINT_FAILED, [endpoint.at, row.webhook_id]);
  const webhook = await tx.get(ENDPOINT_STATE, [row.webhook_id]);
  if (webhook?.failing_since == null) return {};
  return {
    failingEndpoint: { failingSince: webhook.failing_since, disabledAt: webhook.disabled_at },
  };
}

const FAIL_PENDING: Query<{ execution_id: string | null }> = {
  sql: `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, lease_until = NULL,
    updated_at = $1 WHERE webhook_id = $2 AND status = 'pending' RETURNING execution_id`,
};

/** Fails a disabled webhook's pending deliveries and purges what that settles; the count. */
export async function failPendingDeliveries(
  tx: Sql,
  webhookId: string,
  at: string,
): Promise<number> {
  const rows = await tx.all(FAIL_PENDING, [at, webhookId]);
  const executions = new Set<string>();
  for (const { execution_id: id } of rows) if (id !== null) executions.add(id);
  // In id order: two transactions purging the same executions lock them in the same order.
  for (const executionId of [...executions].sort()) await purgeWhenSettled(tx, executionId);
  return rows.length;
}

/**
 * Locks the execution row first: two processes settling its last two deliveries at once
 * take turns, and the second sees the first's delivery settled (READ COMMITTED reads what
 * was committed before each statement), so one of them always purges.
 */
const LOCK_UNPURGED: Query<{ variables: string; persisted: string; kept: string | null }> = {
  sql: `SELECT variables, persisted, purged_variables AS kept FROM executions
    WHERE id = $1 AND variables_purged = 0 FOR UPDATE`,
};
const ANY_PENDING: Query<{ found: number }> = {
  sql: `SELECT 1 AS found FROM deliveries WHERE execution_id = $1 AND status = 'pending' LIMIT 1`,
};
const WRITE_PURGED = `UPDATE executions SET variables = $1, purged_variables = NULL,
  variables_purged = 1 WHERE id = $2`;

/**
 * Privacy by default (docs/server.md): once no delivery of the execution is pending any more
 * (its flow end webhook delivered or failed for good), only the persisted flow variables
 * stay. The variables to keep were stored with the end, or (ended without them) are computed.
 */
async function purgeWhenSettled(tx: Sql, executionId: string): Promise<void> {
  const row = await tx.get(LOCK_UNPURGED, [executionId]);
  if (row === undefined || (await tx.get(ANY_PENDING, [executionId]))) return;
  const kept =
    row.kept ??
    JSON.stringify(
      keepPersistedVariables(
        JSON.parse(row.variables) as Variables,
        JSON.parse(row.persisted) as string[],
      ),
    );
  await tx.run(WRITE_PURGED, [kept, executionId]);
}

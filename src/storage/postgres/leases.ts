import type { ExecutionHold, ExecutionLeases } from '../lease-ports.js';
import type { ExecutionRecord } from '../ports.js';
import { toExecution, type ExecutionRow } from '../sqlite/execution-rows.js';
import {
  CLAIM_ONE,
  CLAIM_QUEUED_LOCKED,
  oldestFirst,
  RELEASE,
  RENEW_ANY,
  SELECT_EXPIRED,
  TAKE_OVER,
} from '../sqlite/lease-sql.js';
import type { Db, Query } from './db.js';
import { callsPerTurn, type Waiter } from '../../per-turn/index.js';

/**
 * The one-execution claims of one event-loop turn in one statement (docs/adr/
 * 0011-fewer-postgresql-round-trips.md "Group inserts"): each row with its own time and hold,
 * and CLAIM_ONE's condition. The rows are locked in id order first, so two processes
 * claiming overlapping ids wait for each other instead of deadlocking.
 */
const CLAIM_EACH: Query<ExecutionRow> = {
  sql: `WITH c AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
      AS c(id, now, owner, lease_until)
  ), locked AS (
    SELECT e.id FROM executions e JOIN c ON c.id = e.id
    WHERE e.status = 'queued' AND (e.scheduled_for IS NULL OR e.scheduled_for <= c.now)
    ORDER BY e.id FOR UPDATE OF e
  )
  UPDATE executions e SET status = 'running', start_time = c.now, owner = c.owner,
    lease_until = c.lease_until
  FROM c JOIN locked ON locked.id = c.id
  WHERE e.id = c.id AND e.status = 'queued'
  RETURNING e.*`,
};

type Claim = Waiter<
  { executionId: string; hold: ExecutionHold; now: string },
  ExecutionRecord | undefined
>;

function claimOne(db: Db, { input, resolve, reject }: Claim): Promise<void> {
  return db.get(CLAIM_ONE, { ...input.hold, ...input }).then((row) => {
    resolve(row && toExecution(row));
  }, reject);
}

async function claimEach(db: Db, batch: Claim[]): Promise<void> {
  // One claim per id in a statement; a second claim of one execution goes after the first,
  // as it would have alone.
  const first = new Map<string, Claim>();
  const after: Claim[] = [];
  for (const claim of batch) {
    if (first.has(claim.input.executionId)) after.push(claim);
    else first.set(claim.input.executionId, claim);
  }
  const claims = [...first.values()];
  const [only] = claims;
  if (claims.length === 1 && only !== undefined) await claimOne(db, only);
  else {
    try {
      const rows = await db.all(CLAIM_EACH, [
        claims.map(({ input }) => input.executionId),
        claims.map(({ input }) => input.now),
        claims.map(({ input }) => input.hold.owner),
        claims.map(({ input }) => input.hold.leaseUntil),
      ]);
      const claimed = new Map(rows.map((row) => [row.id, row]));
      for (const { input, resolve } of claims) {
        const row = claimed.get(input.executionId);
        resolve(row && toExecution(row));
      }
    } catch {
      // As the other grouped statements: each goes again alone, its failure its own.
      await Promise.all(claims.map((claim) => claimOne(db, claim)));
    }
  }
  if (after.length > 0) await claimEach(db, after);
}

/** Execution owners and leases in PostgreSQL (src/storage/lease-ports.ts). */
export function postgresLeases(db: Db): ExecutionLeases<ExecutionRecord> {
  const claim = callsPerTurn<Claim['input'], ExecutionRecord | undefined>((batch) => {
    void claimEach(db, batch);
  });
  return {
    claimQueuedExecutions: async (hold, now, limit) =>
      oldestFirst(
        await db.all(CLAIM_QUEUED_LOCKED, { ...hold, now, limit: Math.max(0, limit) }),
      ).map(toExecution),

    claimQueuedExecution: (executionId, hold, now) => claim({ executionId, hold, now }),

    renewExecutionLeases: (owner, executionIds, leaseUntil) =>
      db.run(RENEW_ANY, { owner, leaseUntil, ids: [...executionIds] }),

    listExpiredExecutions: async (now, limit) =>
      (await db.all(SELECT_EXPIRED, { now, limit: Math.max(0, limit) })).map(toExecution),

    takeOverExecution: async (executionId, hold, now) =>
      (await db.run(TAKE_OVER, { ...hold, now, executionId })) > 0,

    releaseExecutionLeases: (owner, now) => db.run(RELEASE, { owner, now }),
  };
}

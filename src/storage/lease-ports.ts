/**
 * Execution owners and leases (docs/server.md "Executions across processes"): the part of
 * the execution store that lets several processes share one store. A running execution is
 * held by one process (`owner`, its instance id) until `leaseUntil`; the owner renews its
 * leases while it runs them, and a running execution whose lease ended is taken over by
 * another process (which ends it INTERRUPTED). Times are ISO 8601 UTC strings, compared as text.
 * Generic in the execution record so this module needs nothing from `ports.ts`, which
 * re-exports it for `ExecutionRecord`.
 */

/** Who holds a running execution, and until when. */
export interface ExecutionHold {
  owner: string;
  leaseUntil: string;
}

export interface ExecutionLeaseStore<ExecutionRecord> {
  /** Stores a new execution; with `hold`, one stored already running, held by this process. */
  createExecution(execution: ExecutionRecord, hold?: ExecutionHold): Promise<void>;
  /**
   * waiting → running, only when it waits on wait `sequence`: of two answers (or an answer
   * and the timeout) only one gets true. The stored `waiting` is cleared; `hold` holds it
   * (without one, it counts as expired: src/storage/lease-ports.ts).
   */
  resumeExecution(executionId: string, sequence: number, hold?: ExecutionHold): Promise<boolean>;
  /**
   * How a worker takes work: up to `limit` queued executions due at `now` (no
   * `scheduledFor`, or one at or before `now`), oldest first (created, then id), become
   * `running` with `startTime` `now`, held by `hold`. Two callers never get the same one
   * (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: one conditional update).
   */
  claimQueuedExecutions(
    hold: ExecutionHold,
    now: string,
    limit: number,
  ): Promise<ExecutionRecord[]>;
  /**
   * The same for one execution (a queue job names it): the running record, or undefined
   * when it is not queued (taken by another, ended, unknown) or not due yet.
   */
  claimQueuedExecution(
    executionId: string,
    hold: ExecutionHold,
    now: string,
  ): Promise<ExecutionRecord | undefined>;
  /**
   * The heartbeat: the running executions among `executionIds` that `owner` holds are
   * leased until `leaseUntil` (one statement). Only those it still runs: one whose run
   * failed without storing an end is left to expire, and be taken over.
   */
  renewExecutionLeases(
    owner: string,
    executionIds: readonly string[],
    leaseUntil: string,
  ): Promise<number>;
  /**
   * Running executions whose lease ended before `now` (or that have none: rows from before
   * leases), oldest first (created, then id), up to `limit`.
   */
  listExpiredExecutions(now: string, limit: number): Promise<ExecutionRecord[]>;
  /**
   * Takes a running execution whose lease ended before `now` for `hold` (one conditional
   * update): true for exactly one of several callers; false when it was renewed, taken or
   * ended meanwhile.
   */
  takeOverExecution(executionId: string, hold: ExecutionHold, now: string): Promise<boolean>;
  /** Lets go of `owner`'s running executions (their leases end at `now`): others take them over. */
  releaseExecutionLeases(owner: string, now: string): Promise<number>;
}

/** What each adapter's lease module adds to its execution store. */
export type ExecutionLeases<ExecutionRecord> = Omit<
  ExecutionLeaseStore<ExecutionRecord>,
  'createExecution' | 'resumeExecution'
>;

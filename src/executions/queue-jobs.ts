import type { Clock } from '../engine/index.js';
import type { ExecutionStore } from '../storage/ports.js';
import type { ExecutionService } from './execution-service.js';

/** What a queue job names (src/queue/ports.ts Job): the row, never its contents. */
export interface NamedExecution {
  id: string;
  accountId: string;
  /** The wait a timeout job is for. */
  sequence?: number;
}

/**
 * The consumers of execution jobs (docs/adr/0009-queue-and-signals.md). Each takes the row
 * the job names with the store's conditional update, so a job for a row already taken, not
 * yet due, or gone does nothing, and duplicates are harmless; each resolves when the run it
 * began stops (a consumer's concurrency is so bound by the run slots).
 *
 * - `start` (execution and scheduled jobs): claims that queued row with a lease
 *   (`claimQueuedExecution`) once a run slot is free, and runs it.
 * - `timeout`: reads the row and takes it waiting → running on that wait.
 */
export function executionJobs(
  executions: ExecutionService,
  store: Pick<ExecutionStore, 'getExecution'>,
  clock: Clock,
): {
  start(job: NamedExecution): Promise<void>;
  timeout(job: NamedExecution): Promise<void>;
} {
  const notYet = (at: string): boolean => Date.parse(at) > clock.now().getTime();
  return {
    start: (job) => executions.runQueuedJob(job),
    async timeout(job) {
      const record = await store.getExecution(job.accountId, job.id);
      const waiting = record?.waiting;
      if (record?.status !== 'waiting' || waiting === undefined) return;
      if (waiting.sequence !== job.sequence) return;
      if (notYet(waiting.dueAt)) return;
      const going = await executions.answer(record);
      await going?.ended;
    },
  };
}

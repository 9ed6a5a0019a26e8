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
 * The consumer of input timeout jobs (docs/adr/0009-queue-and-signals.md): it reads the row
 * the job names and takes it with the store's conditional update (waiting → running on that
 * wait): a job for a wait already answered, not yet due, or gone does nothing, so duplicates
 * are harmless. It resolves when the run it began stops. (Execution and scheduled jobs wake
 * the claim loop, which claims queued rows with a lease: src/executions/claim-loop.ts.)
 */
export function executionJobs(
  executions: ExecutionService,
  store: Pick<ExecutionStore, 'getExecution'>,
  clock: Clock,
): { timeout(job: NamedExecution): Promise<void> } {
  const notYet = (at: string): boolean => Date.parse(at) > clock.now().getTime();
  return {
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

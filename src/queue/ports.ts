/**
 * The queue port (docs/adr/0009-queue-and-signals.md): it carries jobs that only NAME a row;
 * the database stays the truth. A consumer claims the named row with a conditional update in
 * the store, and a job whose claim fails does nothing, so a duplicate is harmless. A job's id
 * is derived from its row's id: enqueueing the same row again while its job is waiting,
 * delayed or running is ignored.
 */

/** What a job names: an execution to start, a delivery to attempt, a scheduled start, a wait's timeout. */
export type JobKind = 'execution' | 'delivery' | 'scheduled' | 'timeout';

export const JOB_KINDS: readonly JobKind[] = ['execution', 'delivery', 'scheduled', 'timeout'];

export interface Job {
  kind: JobKind;
  /** The row's id (execution id, delivery id). */
  id: string;
  /** The row's account (a consumer reads the row through it). */
  accountId: string;
  /** Which wait of the execution (timeouts only): each wait has a job of its own. */
  sequence?: number;
  /** When it is due (epoch ms); absent or past: now. */
  runAt?: number;
}

export type JobHandler = (job: Job) => Promise<void>;

/** One kind's backlog, for `/metrics`. */
export interface QueueStats {
  kind: JobKind;
  /** Jobs waiting to run now (not delayed ones). */
  waiting: number;
  /** Jobs delayed until their due time. */
  delayed: number;
  /** Age of the oldest job waiting to run, in ms since it became due (0 when none). */
  lagMs: number;
}

export interface JobQueue {
  /** True when other processes share it (a job may run anywhere): scale-out mode. */
  readonly shared: boolean;
  /** Adds jobs; one whose id is already waiting, delayed or running is ignored. */
  enqueue(jobs: readonly Job[]): Promise<void>;
  /** Runs this kind's jobs in this process, at most `concurrency` at once, due ones in order. */
  consume(kind: JobKind, concurrency: number, handler: JobHandler): void;
  stats(): Promise<QueueStats[]>;
  /** Stops consuming (waits for running handlers) and lets go of connections. */
  close(): Promise<void>;
}

/** The job id derived from the row id (BullMQ ids may not contain `:`). */
export function jobIdOf(job: Pick<Job, 'id' | 'sequence'>): string {
  return job.sequence === undefined ? job.id : `${job.id}.${job.sequence}`;
}

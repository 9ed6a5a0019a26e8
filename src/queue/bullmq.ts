import { Queue, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  JOB_KINDS,
  jobIdOf,
  type Job,
  type JobHandler,
  type JobKind,
  type JobQueue,
  type QueueStats,
} from './ports.js';

/** The BullMQ queue of each kind (its keys are `<prefix>:<name>:…`). */
const QUEUE_NAMES: Record<JobKind, string> = {
  execution: 'executions',
  delivery: 'deliveries',
  scheduled: 'scheduled',
  timeout: 'timeouts',
};

/** The approximate length each queue's event stream is trimmed to (BullMQ's default: 10,000). */
const EVENTS = { events: { maxLen: 100 } };

export interface BullQueueOptions {
  /** An ioredis connection with `maxRetriesPerRequest: null` (the caller closes it). */
  connection: Redis;
  /** Key prefix of every queue (HOOKLINE_REDIS_PREFIX, default `hookline`). */
  prefix: string;
  now?: () => number;
  /** A handler that threw, or a Redis error of a worker (the sweeper finds the row again). */
  onError?: (error: unknown, job?: Job) => void;
}

/**
 * The scale-out queue on BullMQ (docs/adr/0009-queue-and-signals.md): jobs in Redis, run by
 * whichever process consumes their kind. Jobs are removed once run or failed: a job only
 * names a row, and the row says what happened. A failed job is not retried by BullMQ; the
 * sweeper enqueues its row again while the row is still due.
 */
export function createBullQueue(options: BullQueueOptions): JobQueue {
  const { connection, prefix } = options;
  const now = options.now ?? Date.now;
  const queues = new Map<JobKind, Queue>(
    JOB_KINDS.map((kind) => {
      // Nothing reads BullMQ's event stream (no QueueEvents): it is kept short.
      const queue = new Queue(QUEUE_NAMES[kind], { connection, prefix, streams: EVENTS });
      queue.on('error', (error) => options.onError?.(error));
      return [kind, queue];
    }),
  );
  const workers: Worker[] = [];
  const queueOf = (kind: JobKind): Queue => queues.get(kind) as Queue;

  return {
    shared: true,
    async enqueue(jobs) {
      const byKind = new Map<JobKind, Job[]>();
      for (const job of jobs) byKind.set(job.kind, [...(byKind.get(job.kind) ?? []), job]);
      const at = now();
      await Promise.all(
        [...byKind].map(([kind, some]) =>
          queueOf(kind).addBulk(
            some.map((job) => ({
              name: kind,
              data: job,
              opts: {
                jobId: jobIdOf(job),
                delay: Math.max(0, (job.runAt ?? at) - at),
                removeOnComplete: true,
                removeOnFail: true,
              },
            })),
          ),
        ),
      );
    },
    consume(kind, concurrency, handler: JobHandler) {
      const worker = new Worker(
        QUEUE_NAMES[kind],
        async (job: BullJob<Job>) => {
          try {
            await handler(job.data);
          } catch (error) {
            options.onError?.(error, job.data);
          }
        },
        { connection, prefix, concurrency },
      );
      // Without a listener an 'error' event would throw.
      worker.on('error', (error) => options.onError?.(error));
      workers.push(worker);
    },
    async stats() {
      const at = now();
      return Promise.all(
        JOB_KINDS.map(async (kind): Promise<QueueStats> => {
          const queue = queueOf(kind);
          const counts = await queue.getJobCounts('wait', 'delayed', 'prioritized');
          const [oldest] = (await queue.getJobs(['wait'], 0, 0, true)) as Array<BullJob<Job>>;
          // Due when asked for (a sweeper's job for a row due long ago), else when added.
          const dueAt =
            oldest === undefined ? at : (oldest.data.runAt ?? oldest.timestamp + oldest.delay);
          return {
            kind,
            waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
            delayed: counts.delayed ?? 0,
            lagMs: Math.max(0, at - dueAt),
          };
        }),
      );
    },
    async close() {
      // Forced: a job only wakes a loop or awaits a run, and the runs are drained by their
      // service; unforced, closing waits on Redis, which may be down.
      await Promise.all(workers.map((worker) => worker.close(true)));
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}

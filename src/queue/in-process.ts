import {
  JOB_KINDS,
  jobIdOf,
  type Job,
  type JobHandler,
  type JobKind,
  type JobQueue,
  type QueueStats,
} from './ports.js';

interface Ready {
  job: Job;
  /** When it became due (epoch ms), for the lag. */
  dueAt: number;
}

interface Lane {
  /** Ids of jobs waiting, delayed or running: the same id again is ignored. */
  present: Set<string>;
  ready: Ready[];
  delayed: Map<string, NodeJS.Timeout>;
  running: Set<Promise<void>>;
  consumer?: { concurrency: number; handler: JobHandler };
}

export interface InProcessQueueOptions {
  now?: () => number;
  /** A handler that threw (the row stays as it is; the sweeper or a restart finds it again). */
  onError?: (error: unknown, job: Job) => void;
}

/**
 * The embedded queue: jobs live in this process's memory and run here (no Redis). Lost on a
 * restart like any in-process state, which is fine: the rows they name are in the store, and
 * startup recovery finds them again.
 */
export function createInProcessQueue(options: InProcessQueueOptions = {}): JobQueue {
  const now = options.now ?? Date.now;
  const lanes = new Map<JobKind, Lane>(
    JOB_KINDS.map((kind) => [
      kind,
      { present: new Set(), ready: [], delayed: new Map(), running: new Set() },
    ]),
  );
  let closed = false;
  const laneOf = (kind: JobKind): Lane => lanes.get(kind) as Lane;

  const pump = (lane: Lane): void => {
    const consumer = lane.consumer;
    if (consumer === undefined || closed) return;
    while (lane.running.size < consumer.concurrency) {
      const next = lane.ready.shift();
      if (next === undefined) return;
      const id = jobIdOf(next.job);
      const run: Promise<void> = consumer
        .handler(next.job)
        .catch((error: unknown) => options.onError?.(error, next.job))
        .finally(() => {
          lane.running.delete(run);
          lane.present.delete(id);
          pump(lane);
        });
      lane.running.add(run);
    }
  };

  const makeReady = (lane: Lane, job: Job, dueAt: number): void => {
    lane.ready.push({ job, dueAt });
    pump(lane);
  };

  return {
    shared: false,
    enqueue(jobs) {
      for (const job of jobs) {
        const lane = laneOf(job.kind);
        const id = jobIdOf(job);
        if (closed || lane.present.has(id)) continue;
        lane.present.add(id);
        const at = now();
        const delay = job.runAt === undefined ? 0 : job.runAt - at;
        if (delay <= 0) {
          makeReady(lane, job, job.runAt ?? at);
          continue;
        }
        const timer = setTimeout(() => {
          lane.delayed.delete(id);
          makeReady(lane, job, job.runAt ?? now());
        }, delay);
        timer.unref();
        lane.delayed.set(id, timer);
      }
      return Promise.resolve();
    },
    consume(kind, concurrency, handler) {
      const lane = laneOf(kind);
      lane.consumer = { concurrency, handler };
      pump(lane);
    },
    stats() {
      const at = now();
      const stats: QueueStats[] = JOB_KINDS.map((kind) => {
        const lane = laneOf(kind);
        const oldest = lane.ready[0];
        return {
          kind,
          waiting: lane.ready.length,
          delayed: lane.delayed.size,
          lagMs: oldest === undefined ? 0 : Math.max(0, at - oldest.dueAt),
        };
      });
      return Promise.resolve(stats);
    },
    async close() {
      closed = true;
      for (const lane of lanes.values()) {
        for (const timer of lane.delayed.values()) clearTimeout(timer);
        lane.delayed.clear();
      }
      await Promise.all([...lanes.values()].flatMap((lane) => [...lane.running]));
    },
  };
}

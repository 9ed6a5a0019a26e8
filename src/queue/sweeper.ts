import type { DeliveryStore, ExecutionStore } from '../storage/ports.js';
import type { Job, JobQueue } from './ports.js';

export interface SweeperOptions {
  executions: Pick<
    ExecutionStore,
    'listUnfinishedExecutions' | 'listDueScheduledExecutions' | 'listDueWaits'
  >;
  deliveries: Pick<DeliveryStore, 'nextDueTime'>;
  queue: JobQueue;
  now: () => Date;
  /** Deliveries are due: the dispatchers claim them from the store (a wake, not a job per row). */
  wakeDispatcher: () => void;
  /** A queued execution younger than this still has its job on the way (default 5 s). */
  graceMs?: number;
  /** Time between sweeps (default 5 s). */
  everyMs?: number;
  /** Rows looked at per kind and sweep (default 500). */
  batch?: number;
  onError?: (error: unknown) => void;
}

/**
 * Enqueues again the due work whose job Redis lost (Redis restarted empty, a job dropped or
 * failed): queued executions older than `graceMs`, due scheduled executions, due waits, and
 * wakes the dispatchers for due deliveries. Job ids are row ids, so a job still in Redis is
 * not doubled, and a job run twice finds its row claimed. Losing Redis delays work by at
 * most one sweep; it never loses an execution or a delivery.
 */
export class QueueSweeper {
  readonly #options: SweeperOptions;
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(options: SweeperOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    this.#next();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  /** One sweep: returns how many jobs it enqueued (ignored ones included). */
  async sweep(): Promise<number> {
    const { executions, deliveries, queue } = this.#options;
    const batch = this.#options.batch ?? 500;
    const now = this.#options.now();
    const at = now.toISOString();
    const before = new Date(now.getTime() - (this.#options.graceMs ?? 5000)).toISOString();
    const unfinished = await executions.listUnfinishedExecutions(batch);
    const jobs: Job[] = unfinished
      .filter((row) => row.status === 'queued' && row.scheduledFor === null)
      .filter((row) => row.createdAt <= before)
      .map((row) => ({ kind: 'execution', id: row.id, accountId: row.accountId }));
    for (const row of await executions.listDueScheduledExecutions(at, batch)) {
      jobs.push({ kind: 'scheduled', id: row.id, accountId: row.accountId });
    }
    for (const row of await executions.listDueWaits(at, batch)) {
      if (row.waiting === undefined) continue;
      const { sequence } = row.waiting;
      jobs.push({ kind: 'timeout', id: row.id, accountId: row.accountId, sequence });
    }
    if (jobs.length > 0) await queue.enqueue(jobs);
    const due = await deliveries.nextDueTime();
    if (due !== undefined && due <= at) this.#options.wakeDispatcher();
    return jobs.length;
  }

  #next(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.sweep()
        .catch((error: unknown) => this.#options.onError?.(error))
        .finally(() => {
          this.#next();
        });
    }, this.#options.everyMs ?? 5000);
    this.#timer.unref();
  }
}

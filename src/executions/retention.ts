import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../engine/index.js';
import type { PruneRequest, RetentionStore } from '../storage/ports.js';

/** Rows removed, by table (the `hookline_retention_pruned_rows_total` labels). */
export interface PrunedRows {
  executions: number;
  deliveries: number;
  delivery_attempts: number;
}

export interface RetentionOptions {
  store: RetentionStore;
  clock: Clock;
  /** Ended executions older than this go; undefined: no age limit. */
  maxAgeMs: number | undefined;
  /** Ended executions beyond this many stored go; undefined: no count limit. */
  maxExecutions: number | undefined;
  /** Executions per transaction (default 500): the write lock is held for one batch only. */
  batchSize?: number;
  /** Time between sweeps (default 60 s); the first one runs at start. */
  intervalMs?: number;
  /** After each batch, for each table it removed rows from. */
  onPruned?(table: keyof PrunedRows, count: number): void;
  onError?(error: unknown): void;
}

const TABLES = ['executions', 'deliveries', 'delivery_attempts'] as const;
const DEFAULT_BATCH_SIZE = 500;
const DEFAULT_INTERVAL_MS = 60_000;

/**
 * Removes expired history in the background (docs/server.md "Retention"): each sweep prunes
 * batch after batch, yielding to the event loop between them, until a batch is not full.
 */
export class RetentionSweeper {
  readonly #options: RetentionOptions;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #sweeping: Promise<void> | undefined;

  constructor(options: RetentionOptions) {
    this.#options = options;
  }

  /** True when a limit is set (otherwise `start` does nothing). */
  get enabled(): boolean {
    return this.#options.maxAgeMs !== undefined || this.#options.maxExecutions !== undefined;
  }

  start(): void {
    if (!this.enabled || this.#running) return;
    this.#running = true;
    this.#plan(0);
  }

  /** Stops sweeping; resolves once a batch under way has committed. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#sweeping;
  }

  /** One sweep: batches until one is not full (or the sweeper stops); returns the rows removed. */
  async sweep(): Promise<PrunedRows> {
    const total: PrunedRows = { executions: 0, deliveries: 0, delivery_attempts: 0 };
    for (;;) {
      const result = await this.#options.store.pruneExpired(this.#request());
      const rows = {
        executions: result.executions,
        deliveries: result.deliveries,
        delivery_attempts: result.attempts,
      };
      for (const table of TABLES) {
        if (rows[table] > 0) this.#options.onPruned?.(table, rows[table]);
        total[table] += rows[table];
      }
      if (!result.more || !this.#isRunning()) return total;
      // Requests and executions run between batches.
      await nextTurn();
    }
  }

  #isRunning(): boolean {
    return this.#running || this.#sweeping === undefined;
  }

  #request(): PruneRequest {
    const { maxAgeMs, maxExecutions } = this.#options;
    const now = this.#options.clock.now().getTime();
    return {
      limit: this.#options.batchSize ?? DEFAULT_BATCH_SIZE,
      ...(maxAgeMs === undefined
        ? {}
        : { olderThan: new Date(Math.max(0, now - maxAgeMs)).toISOString() }),
      ...(maxExecutions === undefined ? {} : { keepLatest: maxExecutions }),
    };
  }

  #plan(delayMs: number): void {
    this.#timer = setTimeout(() => {
      this.#sweeping = this.sweep()
        .then(
          () => undefined,
          (error: unknown) => this.#options.onError?.(error),
        )
        .finally(() => {
          this.#sweeping = undefined;
          if (this.#running) this.#plan(this.#options.intervalMs ?? DEFAULT_INTERVAL_MS);
        });
    }, delayMs);
    this.#timer.unref();
  }
}

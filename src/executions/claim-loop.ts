import type { Clock } from '../engine/index.js';
import type { ExecutionHold, ExecutionLeaseStore } from '../storage/ports.js';
import type { ExecutionRecord } from '../storage/ports.js';

export interface ClaimLoopOptions {
  store: Pick<ExecutionLeaseStore, 'claimQueuedExecutions'>;
  /** The run slots free in this process, and where a claimed execution runs. */
  runner: { readonly freeSlots: number; runClaimed(record: ExecutionRecord): void };
  hold(): ExecutionHold;
  clock: Clock;
  /** How long the loop sleeps when there was nothing to claim (woken earlier by `wake`). */
  idlePollMs: number;
  onError(error: unknown): void;
}

/** Most executions claimed in one statement. */
const MOST = 100;

/**
 * How a process takes queued executions (docs/server.md "Executions across processes"):
 * it claims as many as it has free run slots, oldest first, from the store; when there was
 * nothing to claim it polls again after `idlePollMs`, or sooner when woken (an execution
 * was queued here, or a run slot freed). With a shared queue (scale-out mode) nothing wakes
 * it: each execution job claims its own row (docs/adr/0009-queue-and-signals.md), and the
 * loop only polls, for queued rows whose job was lost.
 */
export class ClaimLoop {
  readonly #options: ClaimLoopOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #woken = false;
  #stopped = true;

  constructor(options: ClaimLoopOptions) {
    this.#options = options;
  }

  start(): void {
    this.#stopped = false;
    this.wake();
  }

  /**
   * Claims soon (or right after the claim under way). Deferred: a run that ends wakes the
   * loop before its run slot is free.
   */
  wake(): void {
    if (this.#stopped || this.#woken) return;
    this.#woken = true;
    setImmediate(() => {
      this.#woken = false;
      this.#run();
    });
  }

  #run(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#claim().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.#run();
      } else this.#sleep();
    });
  }

  /** Claims no more; an execution already claimed still runs. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #sleep(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#run();
    }, this.#options.idlePollMs);
    this.#timer.unref();
  }

  async #claim(): Promise<void> {
    const { store, runner, clock } = this.#options;
    try {
      while (!this.#stopped) {
        const free = Math.min(runner.freeSlots, MOST);
        if (free === 0) return;
        const now = clock.now().toISOString();
        const claimed = await store.claimQueuedExecutions(this.#options.hold(), now, free);
        for (const record of claimed) runner.runClaimed(record);
        if (claimed.length < free) return;
      }
    } catch (error) {
      this.#options.onError(error);
    }
  }
}

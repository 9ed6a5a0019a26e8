import type { Clock } from '../engine/index.js';
import type { ExecutionRecord, ExecutionStore } from '../storage/ports.js';

export interface SchedulerOptions {
  executions: Pick<ExecutionStore, 'listDueScheduledExecutions' | 'nextScheduledTime'>;
  clock: Clock;
  /** Hands a due execution to the runner (which starts it once: markExecutionRunning). */
  run: (record: ExecutionRecord) => void;
  /** Longest sleep between looks at the store (other processes schedule too). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

const BATCH = 100;

/** Starts scheduled executions (createOutbound's) when they are due, across restarts. */
export class ExecutionScheduler {
  readonly #options: SchedulerOptions;
  /** Due executions handed over and not yet started (they stay "due" until they run). */
  #handed = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #looking = false;

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running = true;
    this.wake();
  }

  /** Looks now (after new executions were scheduled). */
  wake(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#look(), 0);
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
  }

  #isRunning(): boolean {
    return this.#running;
  }

  async #look(): Promise<void> {
    if (this.#looking || !this.#running) return;
    this.#looking = true;
    const pollMs = this.#options.pollMs ?? 1000;
    let sleepMs = pollMs;
    try {
      const now = this.#options.clock.now();
      const due = await this.#options.executions.listDueScheduledExecutions(
        now.toISOString(),
        BATCH,
      );
      const stillDue = new Set(due.map((record) => record.id));
      this.#handed = new Set([...this.#handed].filter((id) => stillDue.has(id)));
      for (const record of due) {
        if (this.#handed.has(record.id)) continue;
        this.#handed.add(record.id);
        this.#options.run(record);
      }
      const next = await this.#options.executions.nextScheduledTime();
      const untilNext = next === undefined ? pollMs : Date.parse(next) - now.getTime();
      // Past due ones are already handed over: look again soon, not in a busy loop.
      sleepMs = due.length === BATCH ? 0 : Math.min(pollMs, Math.max(untilNext, 50));
    } catch (error) {
      this.#options.onError?.(error);
    } finally {
      this.#looking = false;
    }
    // stop() may have run while this look awaited the store.
    if (this.#isRunning()) this.#timer = setTimeout(() => void this.#look(), sleepMs);
  }
}

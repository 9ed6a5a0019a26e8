import type { Clock, ExecutionObserver } from '../engine/index.js';
import type { NewExecutionEvent } from '../storage/ports.js';
import { segmentObserver } from './event-log.js';

/**
 * One run's events, stored as they happen (docs/server.md "Live executions"): an event is
 * written at once when no write is in flight; those that come meanwhile go together in the
 * next write (one per step or fewer). So `GET /v1/executions/{id}/events` streams them, from
 * any process, while the run goes on, and nothing is streamed before it is stored.
 */
export class RunLog {
  readonly observer: ExecutionObserver;
  readonly #write: (events: readonly NewExecutionEvent[]) => Promise<void>;
  #pending: NewExecutionEvent[];
  #writing: Promise<void> | undefined;
  #scheduled = false;
  /** A write failed: the rest waits for `close`, which tries once more (or throws). */
  #failed = false;
  #closed = false;

  constructor(
    clock: Clock,
    opening: readonly NewExecutionEvent[],
    write: (events: readonly NewExecutionEvent[]) => Promise<void>,
  ) {
    this.#write = write;
    this.#pending = [...opening];
    this.observer = segmentObserver(clock, (event) => {
      this.add(event);
    });
    if (this.#pending.length > 0) this.#kick();
  }

  /** An event of the run (also one from outside it, such as a hangup). */
  add(event: NewExecutionEvent): void {
    if (this.#closed) return;
    this.#pending.push(event);
    this.#kick();
  }

  /** Stores what is not stored yet, then `last`; nothing is added after. Throws if it fails. */
  async close(last: readonly NewExecutionEvent[] = []): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    this.#closed = true;
    const rest = [...this.#pending, ...last];
    this.#pending = [];
    if (rest.length > 0) await this.#write(rest);
  }

  // Events of one synchronous stretch (a widget's events and its step) share a write.
  #kick(): void {
    if (this.#scheduled || this.#writing !== undefined) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#writing !== undefined || this.#closed || this.#failed) return;
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#writing = this.#write(batch)
      .catch(() => {
        // One append is one transaction: none of the batch is stored; close writes it again.
        this.#failed = true;
        this.#pending = [...batch, ...this.#pending];
      })
      .finally(() => {
        this.#writing = undefined;
        this.#flush();
      });
  }
}

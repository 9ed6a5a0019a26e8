import type { Signals, Watch } from './ports.js';

interface Held {
  watch: Watch;
  holders: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Watches kept for `lingerMs` after their last holder let go (docs/adr/0009-queue-and-signals.md):
 * an event stream waits again right after each read, so it is subscribed once for its whole
 * life, not once per wait.
 */
export class LingeringWatches {
  readonly #signals: Pick<Signals, 'watch'>;
  readonly #lingerMs: number;
  readonly #held = new Map<string, Held>();

  constructor(signals: Pick<Signals, 'watch'>, lingerMs: number) {
    this.#signals = signals;
    this.#lingerMs = lingerMs;
  }

  /**
   * Watches the execution, or keeps watching it; returns the let-go. `onReady` runs once a
   * new watch is in place (what was signalled before it is for the store to tell).
   */
  hold(executionId: string, onReady?: () => void): () => void {
    let held = this.#held.get(executionId);
    if (held === undefined) {
      const watch = this.#signals.watch(executionId);
      const entry: Held = { watch, holders: 0, timer: undefined };
      held = entry;
      this.#held.set(executionId, entry);
      if (onReady !== undefined) {
        void watch.ready.then(() => {
          if (this.#held.get(executionId) === entry) onReady();
        });
      }
    }
    const entry = held;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.holders += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.holders -= 1;
      if (entry.holders > 0) return;
      entry.timer = setTimeout(() => {
        if (this.#held.get(executionId) !== entry) return;
        this.#held.delete(executionId);
        entry.watch.end();
      }, this.#lingerMs);
      entry.timer.unref();
    };
  }

  /** Executions watched now (a test sees that none is left behind). */
  get size(): number {
    return this.#held.size;
  }

  /** Lets go of every watch at once. */
  stop(): void {
    for (const entry of this.#held.values()) {
      clearTimeout(entry.timer);
      entry.watch.end();
    }
    this.#held.clear();
  }
}

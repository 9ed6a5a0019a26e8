import type { ExecutionRecord } from '../storage/ports.js';

export type ReadExecution = (
  accountId: string,
  executionId: string,
) => Promise<ExecutionRecord | undefined>;

/** A process's interest in one execution's signals (the Signals port's `watch`, src/signals/ports.ts). */
export interface Watch {
  /** Resolves once the signals published from now on reach this process; never rejects. */
  readonly ready: Promise<void>;
  end(): void;
}

export interface StoppedElsewhereOptions {
  /** How often each waiter also reads the store, in case a signal was lost (1 s). */
  recheckMs?: number;
  /** Subscribes this process to an execution's signals while someone here waits for it. */
  watch?: (executionId: string) => Watch;
}

interface Awaited {
  done: Set<(record: ExecutionRecord | undefined) => void>;
  watch: Watch | undefined;
}

/**
 * Scale-out (docs/adr/0009-queue-and-signals.md): the `ended` of executions this process
 * handed to the shared queue. Another process runs them and signals when one stops; this one
 * then reads the stopped record from the store. While someone waits for an execution here,
 * this process watches its signals (subscribed once for all its waiters). Signals may be lost
 * (Redis down), so each waiter also reads the store every `recheckMs`. A waiter whose
 * execution does not stop is given up after `maxMs` (the caller answers with it as it is), so
 * none is left behind.
 */
export class StoppedElsewhere {
  readonly #read: ReadExecution;
  readonly #maxMs: number;
  readonly #recheckMs: number;
  readonly #watch: StoppedElsewhereOptions['watch'];
  readonly #waiters = new Map<string, Awaited>();

  constructor(read: ReadExecution, maxMs: number, options: StoppedElsewhereOptions = {}) {
    this.#read = read;
    this.#maxMs = maxMs;
    this.#recheckMs = options.recheckMs ?? 1000;
    this.#watch = options.watch;
  }

  /**
   * The record once it stops (ended, or waiting for input); undefined after `maxMs`. The
   * store is read once the waiter is in place and this process watches the execution's
   * signals: a stop signalled before is not missed.
   */
  wait(record: Pick<ExecutionRecord, 'id' | 'accountId'>): Promise<ExecutionRecord | undefined> {
    let awaited = this.#waiters.get(record.id);
    if (awaited === undefined) {
      awaited = { done: new Set(), watch: this.#watch?.(record.id) };
      this.#waiters.set(record.id, awaited);
    }
    const entry = awaited;
    const stopped = new Promise<ExecutionRecord | undefined>((resolve) => {
      const done = (stopped: ExecutionRecord | undefined): void => {
        clearTimeout(timer);
        clearInterval(recheck);
        entry.done.delete(done);
        if (entry.done.size === 0 && this.#waiters.get(record.id) === entry) {
          this.#waiters.delete(record.id);
          entry.watch?.end();
        }
        resolve(stopped);
      };
      const timer = setTimeout(done, this.#maxMs, undefined);
      timer.unref();
      const recheck = setInterval(() => {
        this.stopped(record.accountId, record.id).catch(() => undefined);
      }, this.#recheckMs);
      recheck.unref();
      entry.done.add(done);
    });
    const read = (): void => {
      this.stopped(record.accountId, record.id).catch(() => undefined);
    };
    if (entry.watch === undefined) read();
    else void entry.watch.ready.then(read);
    return stopped;
  }

  /** Another process stopped it: those waiting here get the stored record. */
  async stopped(accountId: string, executionId: string): Promise<void> {
    if (!this.#waiters.has(executionId)) return;
    const record = await this.#read(accountId, executionId);
    if (record === undefined || record.status === 'queued' || record.status === 'running') return;
    for (const done of [...(this.#waiters.get(executionId)?.done ?? [])]) done(record);
  }

  /** Executions awaited (a test sees that none is left behind). */
  get size(): number {
    return this.#waiters.size;
  }
}

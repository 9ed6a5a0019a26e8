import type { ExecutionRecord } from '../storage/ports.js';

export type ReadExecution = (
  accountId: string,
  executionId: string,
) => Promise<ExecutionRecord | undefined>;

/**
 * Scale-out (docs/adr/0009-queue-and-signals.md): the `ended` of executions this process
 * handed to the shared queue. Another process runs them and signals when one stops; this one
 * then reads the stopped record from the store. Signals may be lost (Redis down), so each
 * waiter also reads the store every `recheckMs`. A waiter whose execution does not stop is
 * given up after `maxMs` (the caller answers with it as it is), so none is left behind.
 */
export class StoppedElsewhere {
  readonly #read: ReadExecution;
  readonly #maxMs: number;
  readonly #recheckMs: number;
  readonly #waiters = new Map<string, Set<(record: ExecutionRecord | undefined) => void>>();

  constructor(read: ReadExecution, maxMs: number, recheckMs = 1000) {
    this.#read = read;
    this.#maxMs = maxMs;
    this.#recheckMs = recheckMs;
  }

  /**
   * The record once it stops (ended, or waiting for input); undefined after `maxMs`. The
   * store is read once after the waiter is in place: a stop signalled before is not missed.
   */
  wait(record: Pick<ExecutionRecord, 'id' | 'accountId'>): Promise<ExecutionRecord | undefined> {
    const stopped = new Promise<ExecutionRecord | undefined>((resolve) => {
      const waiters = this.#waiters.get(record.id) ?? new Set();
      this.#waiters.set(record.id, waiters);
      const done = (stopped: ExecutionRecord | undefined): void => {
        clearTimeout(timer);
        clearInterval(recheck);
        waiters.delete(done);
        if (waiters.size === 0) this.#waiters.delete(record.id);
        resolve(stopped);
      };
      const timer = setTimeout(done, this.#maxMs, undefined);
      timer.unref();
      const recheck = setInterval(() => {
        this.stopped(record.accountId, record.id).catch(() => undefined);
      }, this.#recheckMs);
      recheck.unref();
      waiters.add(done);
    });
    void this.stopped(record.accountId, record.id).catch(() => undefined);
    return stopped;
  }

  /** Another process stopped it: those waiting here get the stored record. */
  async stopped(accountId: string, executionId: string): Promise<void> {
    if (!this.#waiters.has(executionId)) return;
    const record = await this.#read(accountId, executionId);
    if (record === undefined || record.status === 'queued' || record.status === 'running') return;
    for (const done of [...(this.#waiters.get(executionId) ?? [])]) done(record);
  }

  /** Executions awaited (a test sees that none is left behind). */
  get size(): number {
    return this.#waiters.size;
  }
}

import { randomBytes } from 'node:crypto';
import type { Clock } from '../engine/index.js';
import type { ExecutionHold, ExecutionLeaseStore } from '../storage/ports.js';
import type { ExecutionRecord } from '../storage/ports.js';

/** A process's instance id: the `owner` of the executions it runs (one per process start). */
export function newInstanceId(): string {
  return `proc_${randomBytes(9).toString('base64url')}`;
}

export interface LeaseKeeperOptions {
  store: Pick<
    ExecutionLeaseStore,
    | 'renewExecutionLeases'
    | 'listExpiredExecutions'
    | 'takeOverExecution'
    | 'releaseExecutionLeases'
  >;
  owner: string;
  /** The executions this process runs now (their leases are renewed). */
  running(): readonly string[];
  clock: Clock;
  /** How long a hold lasts unrenewed (HOOKLINE_EXECUTION_LEASE_SECONDS). */
  leaseMs: number;
  /** How often the leases are renewed and expired ones looked for (HOOKLINE_EXECUTION_HEARTBEAT_SECONDS). */
  heartbeatMs: number;
  /** Ends a taken-over execution INTERRUPTED, with its flow end deliveries. */
  interrupt(record: ExecutionRecord): Promise<void>;
  onTakenOver?(count: number): void;
  onError(error: unknown, what: string): void;
}

/** Rows read per batch when looking for expired leases. */
const BATCH = 100;

/**
 * docs/server.md "Executions across processes": renews the leases of the executions this
 * process runs (one statement per heartbeat for all of them), and takes over running
 * executions whose owner's lease expired (a crashed or killed process): each is claimed with
 * a conditional update, so of two processes only one ends it, INTERRUPTED.
 */
export class LeaseKeeper {
  readonly #options: LeaseKeeperOptions;
  #timer: NodeJS.Timeout | undefined;
  #beat: Promise<void> = Promise.resolve();
  #stopped = false;
  /** Taken over, but their end failed (the store was unreachable): each heartbeat retries. */
  readonly #unended = new Map<string, ExecutionRecord>();

  constructor(options: LeaseKeeperOptions) {
    this.#options = options;
  }

  get owner(): string {
    return this.#options.owner;
  }

  /** The hold on an execution this process starts running now. */
  hold(): ExecutionHold {
    const { clock, leaseMs, owner } = this.#options;
    return { owner, leaseUntil: new Date(clock.now().getTime() + leaseMs).toISOString() };
  }

  /** Starts the heartbeat. */
  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /**
   * Ends every running execution whose lease ended before `expiredBefore` (default: now),
   * batch after batch until none is left; answers how many this process ended.
   */
  async takeOverExpired(expiredBefore?: string): Promise<number> {
    const { store, clock } = this.#options;
    const before = expiredBefore ?? clock.now().toISOString();
    const seen = new Set<string>();
    let ended = 0;
    for (;;) {
      const batch = await store.listExpiredExecutions(before, BATCH);
      const fresh = batch.filter((record) => !seen.has(record.id));
      for (const record of fresh) {
        seen.add(record.id);
        if (await this.#takeOver(record, before)) ended += 1;
      }
      if (batch.length < BATCH || fresh.length === 0) break;
    }
    if (ended > 0) this.#options.onTakenOver?.(ended);
    return ended;
  }

  async #takeOver(record: ExecutionRecord, before: string): Promise<boolean> {
    if (!(await this.#options.store.takeOverExecution(record.id, this.hold(), before))) {
      return false;
    }
    return this.#interrupt(record);
  }

  async #interrupt(record: ExecutionRecord): Promise<boolean> {
    try {
      await this.#options.interrupt(record);
      this.#unended.delete(record.id);
      return true;
    } catch (error) {
      // Held here (the heartbeat renews it): the next heartbeat tries again.
      this.#unended.set(record.id, record);
      this.#options.onError(error, `ending execution ${record.id} (taken over)`);
      return false;
    }
  }

  /** Stops the heartbeat and lets go of what this process still holds (after draining). */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#beat;
    const { store, owner, clock } = this.#options;
    await store.releaseExecutionLeases(owner, clock.now().toISOString());
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#beat = this.#heartbeat().finally(() => {
        this.#schedule();
      });
    }, this.#options.heartbeatMs);
    this.#timer.unref();
  }

  async #heartbeat(): Promise<void> {
    const { store, owner } = this.#options;
    try {
      const held = [...this.#options.running(), ...this.#unended.keys()];
      await store.renewExecutionLeases(owner, held, this.hold().leaseUntil);
      for (const record of [...this.#unended.values()]) await this.#interrupt(record);
      if (!this.#stopped) await this.takeOverExpired();
    } catch (error) {
      this.#options.onError(error, 'execution leases');
    }
  }
}

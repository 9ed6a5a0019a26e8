import type { Clock, ExecutionObserver } from '../engine/index.js';
import type { ExecutionRecord, ExecutionStore, NewExecutionEvent } from '../storage/ports.js';
import { EventNotifier, goOnEvent } from './event-log.js';
import { RunLog } from './run-log.js';

/** How often a process looks for hangups requested of its runs by other processes. */
const HANGUP_POLL_MS = 500;

/** One run while it runs in this process. */
export interface LiveRun {
  observer: ExecutionObserver;
  /** Aborted when the caller hangs up (here, or asked from another process). */
  callerGone: AbortSignal;
  /** The run returned (or threw): a hangup no longer reaches it. */
  release(): void;
  /** Stores its events not stored yet, then `last` (throws when that fails). */
  close(last?: readonly NewExecutionEvent[]): Promise<void>;
}

type LiveStore = Pick<
  ExecutionStore,
  'appendExecutionEvents' | 'requestHangup' | 'listHangupRequests'
>;

/**
 * The live side of the executions running in this process (docs/server.md "Live executions"):
 * their events stored as they happen (and streams woken), the hangup of a run here, and
 * hangups that other processes stored for runs here (polled while any run is live).
 */
export class LiveRuns {
  /** Wakes event streams (GET /v1/executions/{id}/events) when events are stored here. */
  readonly events = new EventNotifier();
  readonly #store: LiveStore;
  readonly #clock: Clock;
  readonly #onError: (error: unknown, executionId: string) => void;
  readonly #pollMs: number;
  /** Hangs up on each run live here. */
  readonly #hangups = new Map<string, () => void>();
  /** Executions to run hung up from their start (a queued one the caller left). */
  readonly #goneAtStart = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    store: LiveStore,
    clock: Clock,
    onError: (error: unknown, executionId: string) => void,
    pollMs = HANGUP_POLL_MS,
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#onError = onError;
    this.#pollMs = pollMs;
  }

  /** Stores events of an execution and wakes its streams. */
  async append(executionId: string, events: readonly NewExecutionEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.#store.appendExecutionEvents(executionId, events);
    this.events.notify(executionId);
  }

  /** A run starts here; `opening` is its first event (what made a waiting one go on). */
  open(executionId: string, opening: readonly NewExecutionEvent[]): LiveRun {
    const log = new RunLog(this.#clock, opening, (events) => this.append(executionId, events));
    const gone = new AbortController();
    const hangup = (): void => {
      this.#hangups.delete(executionId);
      log.add(goOnEvent(this.#clock, '', undefined, true));
      gone.abort();
    };
    if (this.#goneAtStart.delete(executionId)) hangup();
    else {
      this.#hangups.set(executionId, hangup);
      this.#watch();
    }
    return {
      observer: log.observer,
      callerGone: gone.signal,
      release: () => {
        if (this.#hangups.get(executionId) === hangup) this.#hangups.delete(executionId);
      },
      close: (last) => log.close(last),
    };
  }

  /** The hangup of the run of this execution live here; undefined when none is. */
  hangupHere(executionId: string): (() => void) | undefined {
    return this.#hangups.get(executionId);
  }

  /** The next run of this execution starts hung up (its main path ends callerHangup at once). */
  goneAtStart(executionId: string): void {
    this.#goneAtStart.add(executionId);
  }

  /** Stores a hangup for the process running it (false: it is not running; read it again). */
  requestHangup(executionId: string): Promise<boolean> {
    return this.#store.requestHangup(executionId, this.#clock.now().toISOString());
  }

  /**
   * A run stopped to wait: a hangup requested while it ran, too late for the poll, is applied
   * to the wait now (in the background).
   */
  afterWait(waiting: ExecutionRecord, hangup: (record: ExecutionRecord) => Promise<unknown>): void {
    this.#store
      .listHangupRequests([waiting.id])
      .then(async (requested) => {
        if (requested.length > 0) await hangup(waiting);
      })
      .catch((error: unknown) => {
        this.#onError(error, waiting.id);
      });
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #watch(): void {
    if (this.#timer !== undefined || this.#stopped) return;
    this.#timer = setTimeout(() => void this.#poll(), this.#pollMs);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    try {
      const live = [...this.#hangups.keys()];
      const requested = live.length === 0 ? [] : await this.#store.listHangupRequests(live);
      for (const executionId of requested) this.#hangups.get(executionId)?.();
    } catch (error) {
      this.#onError(error, 'hangup requests');
    } finally {
      this.#timer = undefined;
      if (this.#hangups.size > 0) this.#watch();
    }
  }
}

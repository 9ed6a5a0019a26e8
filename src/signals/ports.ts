/**
 * The signals port (docs/adr/0009-queue-and-signals.md): a process tells the OTHER processes
 * that something changed in the store, so they act at once instead of at their next poll.
 * A signal carries ids only, never variables or secrets: the receiver reads the store.
 * Signals may be lost (a process starting, Redis restarting); every receiver still polls,
 * so a lost signal delays, never loses.
 */
export type Signal =
  /** An execution stopped (ended, or waits for input): `?wait=true` callers read it. */
  | { type: 'execution.stopped'; id: string; accountId: string }
  /** Events of an execution were stored (event streams read them). */
  | { type: 'execution.events'; id: string }
  /** Deliveries became due (the dispatcher claims), outbound executions were scheduled, a wait began. */
  | { type: 'wake'; what: 'dispatcher' | 'scheduler' | 'timeouts' }
  /**
   * An account (settings, API keys, saved webhooks) or, with `flowId`, one of its flows
   * (versions, triggers) changed: the other processes drop their cached rows of it
   * (docs/adr/0009-queue-and-signals.md "Caches").
   */
  | { type: 'cache.stale'; accountId: string; flowId?: string }
  /**
   * Never sent: a process's own adapter tells its listeners that signals may have been missed
   * (its subscriber connection was lost and is back), so cached rows go (the polls catch up
   * on the rest).
   */
  | { type: 'signals.missed' };

/**
 * The execution a signal is about: such a signal reaches only the processes watching that
 * execution (`Signals.watch`); any other reaches every process.
 */
export function executionOf(signal: Signal): string | undefined {
  return signal.type === 'execution.stopped' || signal.type === 'execution.events'
    ? signal.id
    : undefined;
}

export type SignalListener = (signal: Signal) => void;

/** This process's interest in one execution's signals (`Signals.watch`). */
export interface Watch {
  /**
   * Resolves once the watch is in place: a signal published after that reaches this process,
   * so the store read after it misses no change signalled before. Never rejects.
   */
  readonly ready: Promise<void>;
  /** Done watching (again is a no-op). */
  end(): void;
}

export interface Signals {
  /**
   * Tells the other processes (never this one's own listeners: it acted already). A signal
   * about an execution (`executionOf`) reaches only the processes watching it.
   */
  publish(signal: Signal): void;
  /** Listens to the other processes' signals; returns the unsubscribe. */
  subscribe(listener: SignalListener): () => void;
  /**
   * Receives the signals about one execution until `end()` (a `?wait=true` caller or an
   * event stream of it is here). Watches of one execution share one subscription.
   */
  watch(executionId: string): Watch;
  close(): Promise<void>;
}

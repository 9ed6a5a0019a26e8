import type { ChannelEvent, Clock, ExecutionObserver, Step } from '../engine/index.js';
import type { NewExecutionEvent } from '../storage/ports.js';

/** How a wait was answered (docs/server.md "Live executions"). */
export interface GivenInput {
  digits?: string;
  text?: string;
}

/**
 * The events one run of an execution makes, in the order they happen, for its stored log:
 * channel events (the input widget's `input` is logged as `input.request`) and one `step`
 * per widget run, each given to `add` as it happens.
 */
export function segmentObserver(
  clock: Clock,
  add: (event: NewExecutionEvent) => void,
): ExecutionObserver {
  const at = (): string => clock.now().toISOString();
  return {
    onEvent: (event: ChannelEvent) => {
      add({ ...event, type: event.type === 'input' ? 'input.request' : event.type, at: at() });
    },
    onStep: (step: Step) => {
      add({
        type: 'step',
        at: at(),
        widgetId: step.widgetId,
        widgetType: step.type,
        branch: step.branch,
        line: step.line,
        next: step.next,
        ...(step.error === undefined ? {} : { error: step.error }),
      });
    },
  };
}

/** The first event of a run that goes on from a wait. */
export function goOnEvent(
  clock: Clock,
  widgetId: string,
  given: GivenInput | undefined,
  hangup: boolean,
): NewExecutionEvent {
  const at = clock.now().toISOString();
  if (hangup) return { type: 'hangup', at, by: 'caller' };
  if (given === undefined) return { type: 'input.received', at, widgetId, noInput: true };
  return { type: 'input.received', at, widgetId, ...given };
}

/** Wakes those streaming an execution's events when new ones are stored (in this process). */
export class EventNotifier {
  readonly #listeners = new Map<string, Set<() => void>>();
  readonly #unwatch = new Map<string, () => void>();

  /** Called on every `notify` (scale-out: tells the other processes). */
  relay: ((executionId: string) => void) | undefined;

  /**
   * Scale-out: called when someone here starts waiting for an execution's events; what it
   * returns is called once nobody here waits any more (meanwhile this process receives the
   * execution's signals: docs/adr/0009-queue-and-signals.md).
   */
  watch: ((executionId: string) => () => void) | undefined;

  notify(executionId: string): void {
    this.notifyHere(executionId);
    this.relay?.(executionId);
  }

  /** Wakes this process's streams only (another process stored the events). */
  notifyHere(executionId: string): void {
    for (const listener of this.#listeners.get(executionId) ?? []) listener();
  }

  /** Resolves on the next notify, after `ms`, or on abort; leaves no listener behind. */
  next(executionId: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      let listeners = this.#listeners.get(executionId);
      if (listeners === undefined) {
        listeners = new Set<() => void>();
        this.#listeners.set(executionId, listeners);
        const unwatch = this.watch?.(executionId);
        if (unwatch !== undefined) this.#unwatch.set(executionId, unwatch);
      }
      const waiting = listeners;
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        waiting.delete(done);
        if (waiting.size === 0 && this.#listeners.get(executionId) === waiting) {
          this.#listeners.delete(executionId);
          this.#unwatch.get(executionId)?.();
          this.#unwatch.delete(executionId);
        }
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      waiting.add(done);
      if (signal.aborted) done();
    });
  }

  /** Executions someone is waiting on (a test sees that none is left behind). */
  get size(): number {
    return this.#listeners.size;
  }
}

import type { Signal, SignalListener, Signals } from './ports.js';

/**
 * Signals between server cores in one process (embedded mode has one: its publishes reach
 * nobody, and cost a loop over no peers). Tests run two cores on one hub.
 */
export class InProcessSignalHub {
  readonly #members = new Set<Set<SignalListener>>();

  /** A member: what it publishes reaches the other members' listeners, synchronously. */
  connect(): Signals {
    const own = new Set<SignalListener>();
    this.#members.add(own);
    return {
      publish: (signal: Signal) => {
        for (const member of this.#members) {
          if (member === own) continue;
          for (const listener of member) listener(signal);
        }
      },
      subscribe: (listener) => {
        own.add(listener);
        return () => own.delete(listener);
      },
      close: () => {
        this.#members.delete(own);
        return Promise.resolve();
      },
    };
  }
}

/** Embedded mode's signals: no other process to tell. */
export function createInProcessSignals(): Signals {
  return new InProcessSignalHub().connect();
}

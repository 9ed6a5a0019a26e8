import { executionOf, type Signal, type SignalListener, type Signals } from './ports.js';

interface Member {
  listeners: Set<SignalListener>;
  /** Executions watched, with how many watches each. */
  watching: Map<string, number>;
}

/**
 * Signals between server cores in one process (embedded mode has one: its publishes reach
 * nobody, and cost a loop over no peers). Tests run two cores on one hub. As over Redis, a
 * signal about an execution reaches only the members watching it.
 */
export class InProcessSignalHub {
  readonly #members = new Set<Member>();

  /** A member: what it publishes reaches the other members' listeners, synchronously. */
  connect(): Signals {
    const own: Member = { listeners: new Set(), watching: new Map() };
    this.#members.add(own);
    return {
      publish: (signal: Signal) => {
        const execution = executionOf(signal);
        for (const member of this.#members) {
          if (member === own) continue;
          if (execution !== undefined && !member.watching.has(execution)) continue;
          for (const listener of member.listeners) listener(signal);
        }
      },
      subscribe: (listener) => {
        own.listeners.add(listener);
        return () => own.listeners.delete(listener);
      },
      watch: (executionId) => {
        own.watching.set(executionId, (own.watching.get(executionId) ?? 0) + 1);
        let ended = false;
        return {
          ready: Promise.resolve(),
          end: () => {
            if (ended) return;
            ended = true;
            const left = (own.watching.get(executionId) ?? 1) - 1;
            if (left > 0) own.watching.set(executionId, left);
            else own.watching.delete(executionId);
          },
        };
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

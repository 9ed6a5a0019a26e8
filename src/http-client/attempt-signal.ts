import { EventEmitter } from 'node:events';

/**
 * Aborts one attempt's requests: on its timer, or when the caller's signal fires. It is the
 * EventEmitter form of signal that undici's `signal` option accepts (`AbortSignal |
 * EventEmitter`), because an AbortController + AbortSignal pair per attempt, and a closure to
 * listen to the caller's signal, showed up in CPU profiles of the hot path.
 */
export class AttemptSignal extends EventEmitter {
  /** Read by undici before it listens. */
  aborted = false;
  /** Whether it was the attempt's timer that fired (SPEC §3 TIMEOUT). */
  timedOut = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }

  /** EventListener form: the attempt listens to the caller's AbortSignal with this object. */
  handleEvent(): void {
    this.abort();
  }
}

/** The attempt's timer callback (module level: no closure per attempt). */
export function timeOut(signal: AttemptSignal): void {
  signal.timedOut = true;
  signal.abort();
}

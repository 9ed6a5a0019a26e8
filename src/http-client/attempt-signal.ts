import { errors } from 'undici';

/** What an attempt aborts: the hop in flight. */
export interface Abortable {
  abort(reason: Error): void;
}

/**
 * Aborts one attempt's requests: on its timer, or when the caller's signal fires. A plain
 * object rather than an AbortController or EventEmitter handed to undici: the hop in flight
 * registers itself ({@link follow}) and is aborted directly, so nothing is allocated or
 * listened to per request for an abort that almost never happens.
 */
export class AttemptSignal {
  /** Whether the attempt was aborted (by its timer or the caller). */
  aborted = false;
  /** Whether it was the attempt's timer that fired (docs/webhook-widget.md TIMEOUT). */
  timedOut = false;
  #target: Abortable | undefined;

  /** Makes `target` the hop to abort; it is aborted at once if the attempt already is. */
  follow(target: Abortable): void {
    this.#target = target;
    if (this.aborted) target.abort(new errors.RequestAbortedError());
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.#target?.abort(new errors.RequestAbortedError());
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

/** A sleep that `wake()` cuts short, and that never misses a wake sent before it began. */
export interface WakeSignal {
  /** Ends the current sleep, or the next one at once if none is under way. */
  wake(): void;
  /** Forgets wakes sent so far (the caller is about to look at the store anyway). */
  clear(): void;
  /** Resolves after `ms`, or as soon as `wake()` is called. */
  sleep(ms: number): Promise<void>;
}

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let interrupt: (() => void) | undefined;
  return {
    wake() {
      pending = true;
      interrupt?.();
    },
    clear() {
      pending = false;
    },
    async sleep(ms) {
      if (!pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done(): void {
            clearTimeout(timer);
            interrupt = undefined;
            resolve();
          }
          interrupt = done;
        });
      }
      pending = false;
    },
  };
}

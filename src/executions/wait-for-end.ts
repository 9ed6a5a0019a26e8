import type { StartedExecution } from './execution-types.js';
import type { ExecutionRecord } from '../storage/ports.js';

/**
 * The ended execution, or undefined when it has not ended within `timeoutMs` (`?wait=true`).
 * The timer goes as soon as the answer is known: left to run out, it held the ended record
 * (variables, steps) in memory for the whole wait limit after every call.
 */
export async function endedWithin(
  started: StartedExecution,
  timeoutMs: number,
): Promise<ExecutionRecord | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, undefined);
    timer.unref();
  });
  try {
    return await Promise.race([started.ended, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** `?wait=true` / `?wait=1`. */
export function wantsWait(value: string | undefined): boolean {
  return value === 'true' || value === '1';
}

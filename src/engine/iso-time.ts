/** The last millisecond formatted, and its text: steps that start in the same ms share it. */
let lastMs = Number.NaN;
let lastText = '';

/**
 * `date.toISOString()`, remembered for the last millisecond seen. An execution records a
 * timestamp per step plus two of its own, and at thousands of executions per second most of
 * them fall in a millisecond already formatted. The text is a pure function of the time, so
 * one module-level slot is shared by every execution.
 */
export function isoTime(date: Date): string {
  const ms = date.getTime();
  if (ms !== lastMs) {
    lastText = date.toISOString();
    lastMs = ms;
  }
  return lastText;
}

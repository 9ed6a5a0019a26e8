/**
 * `work`'s outcome, or a rejection with `message` once `ms` passed first (the timer is cleared
 * either way). For waits on a server that may not answer (Redis, PostgreSQL).
 */
export function within<T>(work: Promise<T>, ms: number, message = 'timed out'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(message));
    }, ms);
  });
  return Promise.race([work, late]).finally(() => {
    clearTimeout(timer);
  });
}

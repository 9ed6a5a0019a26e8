/**
 * Runs synchronous store work behind the async port signatures: a throw becomes a rejected
 * promise (never a synchronous throw the caller's `.catch` would miss). The memory and
 * SQLite adapters are synchronous; the ports stay async for PostgreSQL.
 */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

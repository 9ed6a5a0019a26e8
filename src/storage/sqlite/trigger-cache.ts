import type { ResolvedTrigger } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';

const DATA_VERSION: Query<{ data_version: number }> = { sql: 'PRAGMA data_version' };
const MAX_ENTRIES = 10_000;
/** How stale a change made by another process may be seen (this process's are at once). */
export const OTHER_PROCESS_DELAY_MS = 250;

/**
 * Resolved triggers by token hash: every trigger call reads its trigger, account and latest
 * flow version, and these change rarely. An entry is good until something it is made of may
 * have changed: this connection's writers of triggers, account settings and flows call
 * `clear()`, and `PRAGMA data_version` tells when another connection (another process on the
 * same file) has committed anything. That check starts a read transaction, which costs about
 * as much as the read it saves, so it runs at most every `OTHER_PROCESS_DELAY_MS`: a trigger
 * revoked by another process stops working within that time, one revoked through this
 * process at once. Unknown tokens are not kept (guesses would fill it).
 */
export class TriggerCache {
  readonly #sql: SqliteConnection;
  readonly #entries = new Map<string, ResolvedTrigger>();
  #dataVersion = -1;
  #checkedAt = -Infinity;

  constructor(sql: SqliteConnection) {
    this.#sql = sql;
  }

  get(tokenHash: string, load: () => ResolvedTrigger | undefined): ResolvedTrigger | undefined {
    const now = performance.now();
    if (now - this.#checkedAt >= OTHER_PROCESS_DELAY_MS) {
      this.#checkedAt = now;
      const dataVersion = this.#sql.get(DATA_VERSION)?.data_version ?? -1;
      if (dataVersion !== this.#dataVersion) {
        this.#entries.clear();
        this.#dataVersion = dataVersion;
      }
    }
    const cached = this.#entries.get(tokenHash);
    if (cached) return cached;
    const loaded = load();
    if (!loaded) return undefined;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    const frozen = deepFreeze(loaded);
    this.#entries.set(tokenHash, frozen);
    return frozen;
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** Shared between callers, so nobody may change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

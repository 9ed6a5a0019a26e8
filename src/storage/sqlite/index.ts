import type { Storage } from '../ports.js';
import { createSqliteAccounts } from './accounts.js';
import { createSqliteAgents } from './agents.js';
import { startBackgroundCheckpoints } from './checkpointer.js';
import { openConnection } from './connection.js';
import { createSqliteContacts } from './contacts.js';
import { createSqliteDeliveries } from './deliveries.js';
import { createSqliteExecutions } from './executions.js';
import { createSqliteFlows } from './flows.js';
import { applyMigrations } from './migrate.js';
import { createSqliteRetention } from './retention.js';
import { createSqliteShortLinks } from './short-links.js';
import { TriggerCache } from './trigger-cache.js';
import { createSqliteTriggers } from './triggers.js';
import { createSqliteWebhooks } from './webhooks.js';

export { migrateSqlite } from './migrate.js';

/** Where the embedded store lives. */
export interface SqliteStorageOptions {
  /** The database file (created if missing; `-wal` and `-shm` files sit beside it). */
  file: string;
  /**
   * Checkpoint the WAL on a worker thread, not in commits (`hookline serve`; see
   * `checkpointer.ts`). Short-lived commands leave it off.
   */
  backgroundCheckpoints?: boolean;
}

/**
 * The embedded store (`hookline serve`) on one SQLite file: migrated on open, WAL mode, so
 * any number of processes on one machine may share the file (claims are exclusive). The
 * adapter is synchronous underneath; the async ports are kept for PostgreSQL.
 */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  const sql = openConnection(options.file);
  try {
    applyMigrations(sql);
  } catch (error) {
    sql.close();
    throw error;
  }
  const triggerCache = new TriggerCache(sql);
  const checkpoints = options.backgroundCheckpoints
    ? startBackgroundCheckpoints(sql, options.file)
    : undefined;
  return {
    accounts: createSqliteAccounts(sql, triggerCache),
    flows: createSqliteFlows(sql, triggerCache),
    executions: createSqliteExecutions(sql),
    webhooks: createSqliteWebhooks(sql),
    deliveries: createSqliteDeliveries(sql),
    contacts: createSqliteContacts(sql),
    triggers: createSqliteTriggers(sql, triggerCache),
    shortLinks: createSqliteShortLinks(sql),
    agents: createSqliteAgents(sql),
    retention: createSqliteRetention(sql),
    close: async () => {
      // The worker's connection first: the last one to close removes the WAL.
      await checkpoints?.stop();
      sql.close();
    },
  };
}

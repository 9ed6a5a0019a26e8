import pg from 'pg';
import type { Storage } from '../ports.js';
import { createPostgresAccounts } from './accounts.js';
import { createPostgresAgents } from './agents.js';
import { createPostgresContacts } from './contacts.js';
import { createDb } from './db.js';
import { createPostgresDeliveries } from './deliveries.js';
import { createPostgresExecutions } from './executions.js';
import { createPostgresFlows } from './flows.js';
import { applyMigrations } from './migrate.js';
import { createPostgresRetention } from './retention.js';
import { createPostgresShortLinks } from './short-links.js';
import { createPostgresTriggers } from './triggers.js';
import { createPostgresWebhooks } from './webhooks.js';

/** Where the shared store lives. */
export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database` (libpq URL; `?sslmode=…` accepted). */
  connectionString: string;
  /**
   * The schema holding Hookline's tables (created if missing); the connection's default
   * (`public`) when absent. Lower-case letters, digits and `_` only.
   */
  schema?: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function openPool(options: PostgresStorageOptions): pg.Pool {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(
      `invalid PostgreSQL schema name "${schema}": lower-case letters, digits and _ only`,
    );
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    // An unreachable server is an error after this long, not a wait without end.
    connectionTimeoutMillis: 10_000,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection the server closed (restart, failover) is dropped from the pool and
  // replaced on next use; unhandled, the pool's 'error' event would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Brings a database up to the current schema (`hookline migrate`, and on open); idempotent
 * and safe when several processes migrate at once: `applied` lists only what this call ran.
 */
export async function migratePostgres(
  options: PostgresStorageOptions,
): Promise<{ applied: string[] }> {
  const pool = openPool(options);
  try {
    return { applied: await applyMigrations(pool, options.schema) };
  } finally {
    await pool.end();
  }
}

/**
 * The shared store on PostgreSQL (docs/architecture.md): a `pg` connection pool, migrated on
 * open. Any number of processes may use one database: claims lease rows with
 * `FOR UPDATE SKIP LOCKED` and the per-webhook in-flight cap holds across all of them.
 */
export async function createPostgresStorage(options: PostgresStorageOptions): Promise<Storage> {
  const pool = openPool(options);
  try {
    await applyMigrations(pool, options.schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = createDb(pool);
  let closed: Promise<void> | undefined;
  return {
    accounts: createPostgresAccounts(db),
    flows: createPostgresFlows(db),
    executions: createPostgresExecutions(db),
    webhooks: createPostgresWebhooks(db),
    deliveries: createPostgresDeliveries(db),
    contacts: createPostgresContacts(db),
    triggers: createPostgresTriggers(db),
    shortLinks: createPostgresShortLinks(db),
    agents: createPostgresAgents(db),
    retention: createPostgresRetention(db),
    // Waits for the statements in flight, then closes every connection; again is a no-op.
    close: () => (closed ??= pool.end()),
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { LOCKS } from './locks.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** `0001_init.sql`: the number orders them; names never change once released. */
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT COLLATE "C" PRIMARY KEY,
  applied_at TEXT NOT NULL
)`;

/** The migration files, in order. */
export function listMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();
}

/**
 * Applies the migrations not yet recorded, each in its own transaction together with its
 * `schema_migrations` row (PostgreSQL's DDL is transactional: a migration is applied whole
 * or not at all). Each transaction first takes the migration lock, so two processes
 * starting at once apply each migration once: the second waits, then finds it recorded.
 */
export async function applyMigrations(pool: pg.Pool, schema?: string): Promise<string[]> {
  const applied: string[] = [];
  const client = await pool.connect();
  try {
    for (const name of listMigrations()) {
      const sql = readFileSync(`${MIGRATIONS_DIR}${name}`, 'utf8');
      if (await applyOne(client, name, sql, schema)) applied.push(name);
    }
  } finally {
    client.release();
  }
  return applied;
}

async function applyOne(
  client: pg.PoolClient,
  name: string,
  sql: string,
  schema: string | undefined,
): Promise<boolean> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCKS.migrations, 0]);
    // The connections' search_path names it (index.ts); a checked name, quoted.
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(CREATE_LEDGER);
    const done = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
    if (done.rowCount) {
      await client.query('COMMIT');
      return false;
    }
    await client.query(sql);
    await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
      name,
      new Date().toISOString(),
    ]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openConnection, type Query, type SqliteConnection } from './connection.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** `0001_init.sql`: the number orders them; names never change once released. */
const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name TEXT PRIMARY KEY,
  applied_at TEXT NOT NULL
) STRICT`;
const IS_APPLIED: Query<{ name: string }> = {
  sql: 'SELECT name FROM schema_migrations WHERE name = ?',
};
const RECORD_APPLIED = 'INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)';

/** The migration files, in order. */
export function listMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();
}

/**
 * Applies the migrations not yet recorded, each in its own IMMEDIATE transaction together
 * with its `schema_migrations` row: a migration is applied whole or not at all, and two
 * processes starting at once apply it once (the second re-checks under the write lock).
 */
export function applyMigrations(connection: SqliteConnection): string[] {
  connection.db.exec(CREATE_LEDGER);
  const applied: string[] = [];
  for (const name of listMigrations()) {
    const sql = readFileSync(`${MIGRATIONS_DIR}${name}`, 'utf8');
    const ran = connection.write(() => {
      if (connection.get(IS_APPLIED, name)) return false;
      connection.db.exec(sql);
      connection.run(RECORD_APPLIED, name, new Date().toISOString());
      return true;
    });
    if (ran) applied.push(name);
  }
  // Statistics for the planner: 0x10002 analyzes every table never analyzed or grown or
  // shrunk a lot since (bounded by a sample limit, so cheap on a large file). The hot
  // delivery queries name their index anyway; this keeps the rest from guessing blind.
  connection.db.pragma('optimize = 0x10002');
  return applied;
}

/**
 * Brings a database file up to the current schema (`hookline migrate`, and on start);
 * idempotent: `applied` lists only what this call ran.
 */
export function migrateSqlite(file: string): { applied: string[] } {
  const connection = openConnection(file);
  try {
    return { applied: applyMigrations(connection) };
  } finally {
    connection.close();
  }
}

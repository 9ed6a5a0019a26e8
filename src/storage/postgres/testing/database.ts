/**
 * A fresh PostgreSQL database for one test file: created through the maintenance database
 * named by HOOKLINE_TEST_DATABASE_URL (default: the local server's `postgres` database),
 * dropped at the end even when connections are still open. Tests that need PostgreSQL fail
 * with a clear message when it is not reachable (CI starts one; see docs/architecture.md).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env.HOOKLINE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** The connection string of the new database. */
  url: string;
  drop(): Promise<void>;
}

/** The URL without its password, for messages. */
function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function maintenance<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${shown(TEST_DATABASE_URL)} (${reason}): start it, or set ` +
        'HOOKLINE_TEST_DATABASE_URL to a database the tests may create databases through',
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hookline_test_${randomBytes(6).toString('hex')}`;
  await maintenance((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await maintenance((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

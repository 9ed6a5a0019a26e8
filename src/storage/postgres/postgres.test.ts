import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { describeStorageContract } from '../contract/index.js';
import type { Storage } from '../ports.js';
import { createPostgresStorage, migratePostgres } from './index.js';
import { createTestDatabase, type TestDatabase } from './testing/database.js';

// One fresh database for the file, migrated once; each test starts from emptied tables
// (creating the schema per test would cost most of the suite's time).
let database: TestDatabase | undefined;
let admin: pg.Pool | undefined;

// DELETE, not TRUNCATE: the tables hold a few rows, and TRUNCATE rewrites every file.
// Referencing tables first.
const TABLES = ['sessions', 'delivery_attempts', 'deliveries', 'api_keys', 'accounts'].concat([
  'flow_versions',
  'flows',
  'executions',
  'execution_events',
  'webhooks',
  'contacts',
  'triggers',
  'short_links',
  'agents',
]);
const EMPTY_TABLES = TABLES.map((table) => `DELETE FROM ${table};`).join('\n');

beforeAll(async () => {
  database = await createTestDatabase();
  await migratePostgres({ connectionString: database.url });
  admin = new pg.Pool({ connectionString: database.url, max: 1 });
  const { rows } = await admin.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`,
  );
  const missing = rows.map((row) => row.name).filter((name) => !TABLES.includes(name));
  if (missing.join() !== 'schema_migrations') {
    throw new Error(`tables not emptied between tests: ${missing.join(', ')} (add to TABLES)`);
  }
});
afterAll(async () => {
  await admin?.end();
  await database?.drop();
});

describeStorageContract('postgres', async () => {
  if (!database || !admin) throw new Error('the test database was not created (see above)');
  await admin.query(EMPTY_TABLES);
  const options = { connectionString: database.url, poolSize: 4 };
  const opened: Storage[] = [await createPostgresStorage(options)];
  return {
    storage: opened[0]!,
    reopen: async () => {
      const storage = await createPostgresStorage(options);
      opened.push(storage);
      return storage;
    },
    cleanup: async () => {
      for (const storage of opened) await storage.close();
    },
  };
});

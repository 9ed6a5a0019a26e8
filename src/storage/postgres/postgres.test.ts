import { afterAll, beforeAll } from 'vitest';
import { describeStorageContract } from '../contract/index.js';
import type { Storage } from '../ports.js';
import { createPostgresStorage } from './index.js';
import { createTestDatabase, type TestDatabase } from './testing/database.js';

// One database for the file; each test gets a fresh, empty schema in it.
let database: TestDatabase | undefined;
let schemas = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describeStorageContract('postgres', async () => {
  if (!database) throw new Error('the test database was not created (see the error above)');
  schemas += 1;
  const options = { connectionString: database.url, schema: `test_${schemas}`, poolSize: 4 };
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

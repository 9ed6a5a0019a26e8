import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '../ports.js';
import { describeStorageContract } from '../contract/index.js';
import { createSqliteStorage } from './index.js';

describeStorageContract('sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-sqlite-'));
  const file = join(dir, 'hookline.db');
  const opened: Storage[] = [createSqliteStorage({ file })];
  return Promise.resolve({
    storage: opened[0]!,
    reopen: () => {
      const storage = createSqliteStorage({ file });
      opened.push(storage);
      return Promise.resolve(storage);
    },
    cleanup: async () => {
      for (const storage of opened) await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

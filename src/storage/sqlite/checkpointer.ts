import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteConnection } from './connection.js';

/** How often the worker copies committed WAL frames into the database file. */
const CHECKPOINT_INTERVAL_MS = 100;

// Plain CommonJS so it runs as an eval worker under tsx, plain node and a bundle alike.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next tick tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpoints {
  /** Runs a last checkpoint and ends the worker (before the main connection closes). */
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit
 * that pushes the WAL past 1,000 pages, and with `synchronous = NORMAL` a checkpoint is where
 * the fsyncs happen: the committing thread, here the server's only one, waits for the disk.
 * A worker thread with its own connection instead runs a PASSIVE checkpoint (it never waits
 * for or blocks a reader or writer) every 100 ms. Durability is unchanged: commits are in
 * the WAL either way. Should the worker die, the connection checkpoints for itself again.
 */
export function startBackgroundCheckpoints(
  sql: SqliteConnection,
  file: string,
): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  sql.db.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      if (!stopping && sql.db.open) sql.db.pragma('wal_autocheckpoint = 1000');
      resolve();
    });
  });
  // A failed worker exits; the handler above takes over. The error itself is not fatal.
  worker.on('error', () => undefined);
  worker.unref();
  return {
    stop: async () => {
      stopping = true;
      worker.postMessage('stop');
      await exited;
    },
  };
}

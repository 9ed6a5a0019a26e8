import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckpointWorkerData } from './checkpoint-worker.js';
import type { SqliteConnection } from './connection.js';

/** How often the worker copies committed WAL frames into the database file. */
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * Starts `checkpoint-worker`, the module beside this one: `.js` once built (dist/). Run from
 * source (tsx, vitest) only the `.ts` exists, and a thread does not inherit the loader, so
 * the thread imports it through tsx's API (a development dependency, never reached in dist/).
 */
function startWorker(workerData: CheckpointWorkerData): Worker {
  const built = new URL('./checkpoint-worker.js', import.meta.url);
  if (existsSync(built)) return new Worker(built, { workerData });
  const source = new URL('./checkpoint-worker.ts', import.meta.url);
  if (!existsSync(source))
    throw new Error(`no checkpoint-worker.js in ${fileURLToPath(new URL('./', built))}`);
  const tsx = import.meta.resolve('tsx/esm/api');
  const loader = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(source.href)}, ${JSON.stringify(tsx)}));`;
  return new Worker(loader, { eval: true, workerData });
}

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
  const worker = startWorker({ file, intervalMs: CHECKPOINT_INTERVAL_MS });
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

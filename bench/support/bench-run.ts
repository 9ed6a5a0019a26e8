import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopAllChildren } from './children.js';
import { startLoopbackServer, type LoopbackServer } from './server-process.js';
import { stopActiveLoads } from './trigger-load.js';

/**
 * Runs a benchmark in a fresh temporary folder with the loopback customer API the benchmark
 * flow calls, and cleans up once, whether it ends, throws or is interrupted (SIGINT, SIGTERM):
 * load first (a server shutting down gracefully waits for its busy connections), then every
 * child process and the customer API, then the folder.
 */
export async function runBench(
  name: string,
  body: (root: string, customerApi: LoopbackServer) => Promise<void>,
): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), `hookline-bench-${name}-`));
  let customerApi: LoopbackServer | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      stopActiveLoads();
      await Promise.all([stopAllChildren(), customerApi?.stop()]);
      await rm(root, { recursive: true, force: true });
    })());
  const onSignal = (): void => {
    console.error('\ninterrupted: stopping every child process');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    customerApi = await startLoopbackServer();
    await body(root, customerApi);
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

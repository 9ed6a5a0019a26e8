/**
 * Setup file of the `e2e-scale-out` project (vitest.config.ts): when a test file ends, its
 * processes are stopped and the PostgreSQL databases and Redis keys its installations used are
 * removed (test/e2e/support/scale-out-env.ts); the single tests listed in scale-out-skipped.ts
 * are skipped.
 */
import { afterAll, beforeEach } from 'vitest';
import { skippedTest } from './scale-out-skipped.js';
import { dropInstallations } from '../e2e/support/scale-out-env.js';
import { killAll } from '../e2e/support/serve-process.js';
import { killAllWorkers } from '../e2e/support/worker-process.js';

beforeEach((context) => {
  const reason = skippedTest(context.task.file.filepath, context.task.name);
  if (reason !== undefined) context.skip(`embedded mode only: ${reason}`);
});

afterAll(async () => {
  await killAllWorkers();
  await killAll();
  await dropInstallations();
}, 60_000);

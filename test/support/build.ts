/**
 * Vitest global setup: builds src/ to dist/ (incremental, `scripts/build.mjs`) before any
 * test runs, because the end-to-end tests start `bin/hookline.js`, the compiled CLI as it
 * ships. A source change is then always what the tests run, whichever files are selected.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function build(): void {
  const script = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('the build failed (node scripts/build.mjs): see above');
}

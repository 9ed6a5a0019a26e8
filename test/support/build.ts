/**
 * Vitest global setup: builds src/ to dist/ (incremental, `scripts/build.mjs`) and, when its
 * sources changed since, the designer (`npm run build:designer`), before any test runs: the
 * end-to-end tests start `bin/hookline.js`, the compiled CLI as it ships, and the browser
 * tests load dist/designer. A source change is then always what the tests run, whichever
 * files are selected.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The newest modification time of the files under `directory`. */
function newestMs(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildDesigner(): void {
  const built = join(ROOT, 'dist', 'designer', 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMs(join(ROOT, 'designer'))) return;
  const run = spawnSync('npm', ['run', '--silent', 'build:designer'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0)
    throw new Error('the designer build failed (npm run build:designer): see above');
}

export default function build(): void {
  const script = join(ROOT, 'scripts', 'build.mjs');
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('the build failed (node scripts/build.mjs): see above');
  buildDesigner();
}

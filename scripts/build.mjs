// Builds src/ to dist/: `tsc -p tsconfig.build.json` (JavaScript and declarations, no tests),
// then the files the code reads at run time (the SQLite and PostgreSQL migrations). Incremental: a build with
// nothing changed takes about a second; outputs whose source is gone are removed, so dist/
// (and the packed tarball) holds only what src/ builds. `--clean` starts from an empty dist/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Read at run time from beside the compiled adapters. */
const MIGRATIONS = ['storage/sqlite/migrations', 'storage/postgres/migrations'];
const root = fileURLToPath(new URL('../', import.meta.url));
const at = (path) => `${root}${path}`;

if (process.argv.includes('--clean')) rmSync(at('dist'), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', at('tsconfig.build.json')], {
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  console.error('build failed: tsc -p tsconfig.build.json');
  process.exit(1);
}
// `x.js` and `x.d.ts` come from `src/x.ts`; anything else in dist/ is left over, but for
// dist/designer, which `npm run build:designer` writes (docs/designer.md).
for (const entry of readdirSync(at('dist'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name === '.tsbuildinfo') continue;
  const output = join(entry.parentPath, entry.name);
  if (output.startsWith(at('dist/designer/'))) continue;
  const source = output.replace(at('dist'), at('src')).replace(/(\.d\.ts|\.js)$/, '.ts');
  if (source.endsWith('.ts') && existsSync(source)) continue;
  if (!MIGRATIONS.some((dir) => output.startsWith(at(`dist/${dir}`)))) rmSync(output);
}
for (const migrations of MIGRATIONS) {
  rmSync(at(`dist/${migrations}`), { recursive: true, force: true });
  cpSync(at(`src/${migrations}`), at(`dist/${migrations}`), {
    recursive: true,
    filter: (source) => !source.endsWith('.test.ts'),
  });
}

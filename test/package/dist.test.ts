/**
 * The compiled package in dist/ (built by the test run's global setup, test/support/build.ts),
 * the files `npm pack` ships: the SQLite migrations and the checkpoint worker must work from
 * there, with plain node and no TypeScript loader.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACCOUNT_A, execution } from '../../src/storage/contract/fixtures.js';
import { REPO_ROOT, runCli } from '../e2e/support/run-cli.js';

type SqliteModule = typeof import('../../src/storage/sqlite/index.js');

/** A dist/ module, imported by path (dist/ is not part of the type-checked sources). */
async function fromDist<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href)) as T;
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookline-dist-'));
  file = join(dir, 'hookline.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('`hookline --version` prints the version in package.json', async () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
});

/** Loader hooks that print every module URL node loads to stderr, one a line. */
const HOOKS = `export async function load(url, context, next) {
  process.stderr.write('loaded ' + url + '\\n');
  return next(url, context);
}`;
const TRACE = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** The npm packages a `hookline ...args` process loads. */
async function packagesLoaded(args: readonly string[]): Promise<string[]> {
  const { stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(TRACE)}`, 'bin/hookline.js', ...args],
    { cwd: REPO_ROOT },
  );
  const names = [...stderr.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

it('`--version` and `validate` load neither the server, SQLite nor the HTTP client', async () => {
  expect(await packagesLoaded(['--version'])).toEqual(['commander']);
  const validate = await packagesLoaded(['validate', 'examples/hello.json']);
  expect(validate).toContain('zod');
  expect(validate.filter((name) => /undici|sqlite|hono|pino/.test(name))).toEqual([]);
});

it('dist/ holds the JavaScript worker and the migrations beside the modules that load them', () => {
  const sqlite = join(REPO_ROOT, 'dist', 'storage', 'sqlite');
  expect(existsSync(join(sqlite, 'checkpoint-worker.js'))).toBe(true);
  expect(existsSync(join(sqlite, 'migrations', '0001_init.sql'))).toBe(true);
  const postgres = join(REPO_ROOT, 'dist', 'storage', 'postgres');
  expect(existsSync(join(postgres, 'migrations', '0001_init.sql'))).toBe(true);
});

it('the built store migrates from dist/ and its checkpoint thread moves the WAL into the file', async () => {
  const { createSqliteStorage } = await fromDist<SqliteModule>('storage/sqlite/index.js');
  const storage = createSqliteStorage({ file, backgroundCheckpoints: true });
  const before = statSync(file).size;
  const variables = { '$flow.key.note': 'x'.repeat(500) };
  await Promise.all(
    Array.from({ length: 400 }, (_, index) =>
      storage.executions.createExecution(execution(`ex_${index}`, ACCOUNT_A, { variables })),
    ),
  );
  // The main connection never checkpoints while the thread runs (wal_autocheckpoint = 0):
  // only the thread makes the database file grow.
  const deadline = Date.now() + 10_000;
  while (statSync(file).size === before && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(statSync(file).size).toBeGreaterThan(before);
  await storage.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
});

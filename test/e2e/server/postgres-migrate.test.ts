import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../src/storage/postgres/testing/database.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

let database: TestDatabase | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const withDatabase = () => {
  if (!database) throw new Error('the test database was not created (see the error above)');
  return { HOOKLINE_DATABASE_URL: database.url };
};

describe('hookline migrate with HOOKLINE_DATABASE_URL', () => {
  it('migrates PostgreSQL, then says it is up to date; no data directory is made', async () => {
    const dataDir = 'not-made-by-postgres-migrate';
    const first = await runCli(['migrate', '--data', dataDir], { env: withDatabase() });
    expect(first).toMatchObject({
      code: 0,
      stdout:
        'applied 0001_init.sql, 0002_sessions.sql, 0003_live_executions.sql, 0004_execution_calls.sql, 0005_execution_leases.sql, 0006_record_attempt.sql\n',
      stderr: '',
    });
    const second = await runCli(['migrate'], { env: withDatabase() });
    expect(second).toMatchObject({ code: 0, stdout: 'store is up to date\n', stderr: '' });
    expect(existsSync(join(REPO_ROOT, dataDir))).toBe(false);

    const client = new pg.Client({ connectionString: withDatabase().HOOKLINE_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT name FROM schema_migrations ORDER BY name');
      expect(rows).toEqual([
        { name: '0001_init.sql' },
        { name: '0002_sessions.sql' },
        { name: '0003_live_executions.sql' },
        { name: '0004_execution_calls.sql' },
        { name: '0005_execution_leases.sql' },
        { name: '0006_record_attempt.sql' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('an unreachable server is one line and exit 2, without the URL (it may hold a password)', async () => {
    const url = 'postgres://hookline:s3cret@127.0.0.1:1/hookline';
    const result = await runCli(['migrate'], { env: { HOOKLINE_DATABASE_URL: url } });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(
      /^hookline: cannot migrate the PostgreSQL store \(HOOKLINE_DATABASE_URL\): .*ECONNREFUSED.*\n$/,
    );
    expect(result.stderr).not.toContain('s3cret');
  });

  it('a URL that is not postgres:// is refused before anything runs', async () => {
    const env = { HOOKLINE_DATABASE_URL: 'mysql://127.0.0.1/hookline' };
    const result = await runCli(['migrate'], { env });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hookline: HOOKLINE_DATABASE_URL must be a postgres:// URL\n',
    });
  });
});

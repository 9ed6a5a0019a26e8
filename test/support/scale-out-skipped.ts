/**
 * What the `e2e-scale-out` project (vitest.config.ts) does not run again in scale-out mode,
 * each with its reason (the same list is in test/README.md): tests about the embedded SQLite
 * store itself (its data directory, file bytes, key file, older releases' files), tests that
 * already run on PostgreSQL and Redis, and one behaviour that differs by design.
 */
export interface Skipped {
  file: string;
  /** One test of the file (a part of its name); the whole file when absent. */
  test?: string;
  reason: string;
}

export const SCALE_OUT_SKIPPED: readonly Skipped[] = [
  {
    file: 'test/e2e/server/scale-out.test.ts',
    reason: 'already scale-out mode (its own database, workers and settings)',
  },
  {
    file: 'test/e2e/server/postgres-migrate.test.ts',
    reason: 'already PostgreSQL (migrations of a database it creates itself)',
  },
  {
    file: 'test/e2e/server/accounts-cli.test.ts',
    reason: 'the data directory accounts commands create and announce on stderr, or never make',
  },
  {
    file: 'test/e2e/server/data-dir-modes.test.ts',
    reason: 'file modes of the data directory and its SQLite files',
  },
  {
    file: 'test/e2e/server/flow-secrets-legacy.test.ts',
    reason: 'a SQLite database written by an older release',
  },
  {
    file: 'test/e2e/server/operator-errors.test.ts',
    reason: '--data naming a file or no store, the data directory’s secret.key and its check value',
  },
  {
    file: 'test/e2e/server/crash-recovery.test.ts',
    test: 'e. executions cut off mid-run end INTERRUPTED',
    reason:
      'by design: a restarted process is a new owner, so it ends the killed one’s running ' +
      'executions only after their lease (docs/deploy.md); test/e2e/scale/ covers that',
  },
];

/** Whole files skipped (the project's `exclude`). */
export const SKIPPED_FILES = SCALE_OUT_SKIPPED.filter((s) => s.test === undefined).map(
  (s) => s.file,
);

/** Why the test `name` of `file` is skipped, if it is one of the single tests listed. */
export function skippedTest(file: string, name: string): string | undefined {
  return SCALE_OUT_SKIPPED.find(
    (s) => s.test !== undefined && file.endsWith(s.file) && name.includes(s.test),
  )?.reason;
}

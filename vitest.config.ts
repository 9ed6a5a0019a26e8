import { defineConfig } from 'vitest/config';
import { SKIPPED_FILES } from './test/support/scale-out-skipped.js';

export default defineConfig({
  test: {
    // Builds dist/ first: the end-to-end tests run the compiled CLI (docs/architecture.md).
    globalSetup: ['test/support/build.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'default', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
      },
      {
        // The server's end-to-end suite once more in scale-out mode (docs/deploy.md): every
        // spawned `hookline serve` and `--data` command gets a PostgreSQL database and a Redis
        // prefix of its own (test/e2e/support/scale-out-env.ts). Skipped files: test/README.md.
        extends: true,
        test: {
          name: 'e2e-scale-out',
          include: ['test/e2e/server/**/*.test.ts'],
          exclude: SKIPPED_FILES,
          env: { HOOKLINE_TEST_SCALE_OUT: '1' },
          setupFiles: ['test/support/scale-out-setup.ts'],
        },
      },
    ],
  },
});

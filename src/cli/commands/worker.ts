import type { Command } from 'commander';
import { UsageError } from '../usage-error.js';

function parseCount(text: string): number {
  if (!/^[1-9]\d*$/.test(text))
    throw new UsageError(`--concurrency expects a whole number >= 1, got "${text}"`);
  return Number(text);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(`--port expects 0-65535, got "${text}"`);
  return port;
}

/** `hookline worker`: runs executions and deliveries in scale-out mode (docs/deploy.md). */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'scale-out mode: run executions, deliveries, schedules and retention (no public API)',
    )
    .option(
      '--concurrency <n>',
      'executions run at once (default HOOKLINE_EXECUTION_CONCURRENCY)',
      parseCount,
    )
    .option('--port <port>', 'serve GET /healthz on this port (0: any free port)', parsePort)
    .option('--host <host>', 'address of the health port', '127.0.0.1')
    .action(async (options: { concurrency?: number; port?: number; host: string }) => {
      const { startWorker } = await import('../../app/worker.js');
      const worker = await startWorker({
        ...options,
        environment: process.env,
      });
      process.stdout.write(
        `Hookline worker running${worker.healthUrl ? ` (health: ${worker.healthUrl}/healthz)` : ''}\n`,
      );
      let stopping = false;
      const shutdown = (): void => {
        if (stopping) return;
        stopping = true;
        process.stdout.write('Hookline worker stopping: finishing running work\n');
        void worker.close().then(() => process.exit(0));
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
    });
}

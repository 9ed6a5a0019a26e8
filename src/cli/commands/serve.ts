import type { Command } from 'commander';
import { DEFAULT_DATA_DIR } from '../../app/data-dir.js';
import { UsageError } from '../usage-error.js';

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(`--port expects 0-65535, got "${text}"`);
  return port;
}

/** `hookline serve`: the API, the designer and the delivery worker in one process (docs/server.md). */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the API, the executions and the delivery worker (embedded SQLite, or scale-out mode)',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', parsePort, 8080)
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', '127.0.0.1')
    .option('--data <dir>', 'data directory (SQLite file, secret key)', DEFAULT_DATA_DIR)
    .option(
      '--no-worker',
      'run no executions and no deliveries here: store executions queued for hookline worker',
    )
    .action(async (options: { port: number; host: string; data: string; worker: boolean }) => {
      // Loaded on use: `hookline run` never pays for the server's modules.
      const { startServe } = await import('../../app/serve.js');
      const server = await startServe({
        port: options.port,
        host: options.host,
        dataDir: options.data,
        worker: options.worker,
        environment: process.env,
      });
      process.stdout.write(`Hookline listening on ${server.url} (data: ${options.data})\n`);
      let stopping = false;
      const shutdown = (): void => {
        if (stopping) return;
        stopping = true;
        process.stdout.write('Hookline stopping: finishing running work\n');
        void server.close().then(() => process.exit(0));
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
    });
}

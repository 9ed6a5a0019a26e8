import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../config/index.js';
import { createSealer, loadSecretKey } from '../secrets/index.js';
import { createSqliteStorage } from '../storage/sqlite/index.js';
import { databaseFile } from './data-dir.js';
import { createLogger } from './logger.js';
import { createServerCore } from './server-core.js';
import { systemClock } from './system-clock.js';

export interface ServeOptions {
  port: number;
  host: string;
  dataDir: string;
  worker: boolean;
  environment: Readonly<Record<string, string | undefined>>;
}

export interface RunningServer {
  /** The address actually bound (`http://0.0.0.0:8080` when listening on every interface). */
  url: string;
  /** Graceful shutdown: stop listening, finish work, close the store. */
  close(): Promise<void>;
}

function listen(server: Server): Promise<AddressInfo> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      resolvePromise(server.address() as AddressInfo);
    });
  });
}

const wildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';
const httpUrl = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** `hookline serve`: API, delivery worker and executions in one process on the embedded store. */
export async function startServe(options: ServeOptions): Promise<RunningServer> {
  const settings = loadSettings(options.environment);
  const log = createLogger();
  const storage = createSqliteStorage({
    file: databaseFile(options.dataDir),
    backgroundCheckpoints: true,
  });
  const sealer = createSealer(
    loadSecretKey(options.dataDir, options.environment['HOOKLINE_SECRET_KEY']),
  );
  let publicUrl = settings.publicUrl ?? '';
  const core = createServerCore({
    storage,
    settings,
    sealer,
    clock: systemClock,
    log,
    publicUrl: () => publicUrl,
    dispatcher: options.worker,
  });
  // Requests wait for the restart's recovery: one started meanwhile would be taken for an
  // execution cut off by the crash (ended INTERRUPTED while it runs) or be run twice.
  let markStarted = (): void => undefined;
  const started = new Promise<void>((resolveStarted) => {
    markStarted = resolveStarted;
  });
  const fetchListener = getRequestListener(
    async (request, env) => {
      await started;
      return core.api.fetch(request, env);
    },
    { hostname: options.host },
  );
  // Trigger calls, the hot path, skip the fetch adapter (see src/server/trigger.ts).
  const trigger = core.triggerListener(started);
  const server = createServer((request, response) => {
    if (!trigger(request, response)) void fetchListener(request, response);
  });
  server.listen(options.port, options.host);
  const address = await listen(server);
  const url = httpUrl(address.address, address.port);
  // Links the server makes must be reachable: a wildcard bind is reached on loopback.
  if (publicUrl === '')
    publicUrl = httpUrl(wildcard(address.address) ? '127.0.0.1' : address.address, address.port);
  await core.start();
  markStarted();
  log.info({ url, dataDir: options.dataDir }, 'hookline listening');
  return {
    url,
    close: async () => {
      await new Promise<void>((resolveClose) => {
        server.close(() => {
          resolveClose();
        });
      });
      await core.stop();
      await storage.close();
    },
  };
}

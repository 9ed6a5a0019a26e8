import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../config/index.js';
import { createSealer, loadSecretKey } from '../secrets/index.js';
import { sealFlowSecrets } from '../webhooks/flow-secrets.js';
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
  // docs/server.md "Secrets": versions saved before flow secrets were sealed are sealed now.
  const sealedVersions = await storage.flows.sealClearFlowVersions((document) =>
    sealFlowSecrets(document, sealer),
  );
  if (sealedVersions > 0) log.info({ versions: sealedVersions }, 'flow secrets sealed at rest');
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
  const shownHost =
    options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
  if (publicUrl === '') publicUrl = url;
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

import { getRequestListener } from '@hono/node-server';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadSettings } from '../config/index.js';
import { createSealer, loadSecretKey, type Sealer } from '../secrets/index.js';
import { sealFlowSecrets } from '../webhooks/flow-secrets.js';
import { createSqliteStorage } from '../storage/sqlite/index.js';
import type { Storage } from '../storage/ports.js';
import { databaseFile, ensureDataDir, openingStore } from './data-dir.js';
import { createLogger } from './logger.js';
import { openScaleOut, scaleOutMode, type ScaleOutConnections } from './scale-out.js';
import { checkSecretKey } from './secret-check.js';
import { createServerCore, type ServerCore } from './server-core.js';
import { StartupError } from './startup-error.js';
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

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'the address is in use (another process listens there)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'this machine has no such address',
  ENOTFOUND: 'no such host',
};

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = LISTEN_PROBLEMS[error.code ?? ''] ?? error.code ?? error.message;
      reject(new StartupError(`cannot listen on ${host}:${port}: ${why}`));
    });
    server.once('listening', () => {
      resolvePromise(server.address() as AddressInfo);
    });
    server.listen(port, host);
  });
}

const wildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';
const httpUrl = (host: string, port: number): string =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

/** The store under `--data`; a file that is no SQLite store is a StartupError. */
function openStorage(dataDir: string): Storage {
  const file = databaseFile(dataDir);
  return openingStore(file, () => createSqliteStorage({ file, backgroundCheckpoints: true }));
}

/** A signing secret sealed in the store, if any webhook has one (read on a short-lived connection). */
async function sealedSample(dataDir: string): Promise<string | undefined> {
  const file = databaseFile(dataDir);
  const storage = openingStore(file, () => createSqliteStorage({ file }));
  try {
    for (const account of await storage.accounts.listAccounts()) {
      const page = await storage.webhooks.listWebhooks(account.id, { limit: 1 });
      const sealed = page.items[0]?.signingSecrets[0]?.sealed;
      if (sealed !== undefined) return sealed;
    }
    return undefined;
  } finally {
    await storage.close();
  }
}

/** The sealer for secrets at rest, checked against the key that sealed the data directory. */
async function openSealer(dataDir: string, fromEnvironment: string | undefined): Promise<Sealer> {
  let key: Buffer;
  try {
    key = loadSecretKey(dataDir, fromEnvironment);
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code;
    if (code === undefined) throw caught;
    throw new StartupError(`cannot read or write ${join(dataDir, 'secret.key')} (${code})`);
  }
  const sealer = createSealer(key);
  const origin =
    fromEnvironment !== undefined && fromEnvironment.trim() !== ''
      ? 'HOOKLINE_SECRET_KEY'
      : join(dataDir, 'secret.key');
  await checkSecretKey(dataDir, sealer, origin, () => sealedSample(dataDir));
  return sealer;
}

/**
 * Routes requests to the core: trigger calls, the hot path, skip the fetch adapter (see
 * src/server/trigger.ts); every request waits for `started` (the restart's recovery: one
 * started meanwhile would be taken for an execution cut off by the crash, or run twice).
 */
function requestHandler(core: ServerCore, host: string, started: Promise<void>): RequestListener {
  const fetchListener = getRequestListener(
    async (request, env) => {
      await started;
      return core.api.fetch(request, env);
    },
    { hostname: host },
  );
  const trigger = core.triggerListener(started);
  return (request, response) => {
    if (!trigger(request, response)) void fetchListener(request, response);
  };
}

type Stores = Pick<ScaleOutConnections, 'storage' | 'sealer' | 'close'> &
  Partial<ScaleOutConnections>;

/** The embedded store under `--data`, in the shape of the scale-out connections. */
function openEmbedded(dataDir: string, sealer: Sealer): Stores {
  const storage = openStorage(dataDir);
  return { storage, sealer, close: () => storage.close() };
}

/**
 * `hookline serve`: API, delivery worker and executions in one process, on the embedded
 * store, or in scale-out mode on PostgreSQL and Redis (docs/deploy.md).
 */
export async function startServe(options: ServeOptions): Promise<RunningServer> {
  const settings = loadSettings(options.environment);
  const scaleOut = scaleOutMode(settings);
  const dataDir = scaleOut ? options.dataDir : ensureDataDir(options.dataDir);
  const embeddedSealer = scaleOut
    ? undefined
    : await openSealer(dataDir, options.environment['HOOKLINE_SECRET_KEY']);
  // Listening comes first: a port in use is reported before anything is opened.
  let handle: RequestListener = (_request, response) => {
    response.writeHead(503).end();
  };
  const server = createServer((request, response) => {
    handle(request, response);
  });
  const address = await listen(server, options.port, options.host);
  let stores: Stores;
  try {
    stores = scaleOut
      ? await openScaleOut(scaleOut, options.environment)
      : openEmbedded(dataDir, embeddedSealer as Sealer);
  } catch (caught) {
    server.close();
    throw caught;
  }
  const { storage, sealer } = stores;
  const url = httpUrl(address.address, address.port);
  // Links the server makes must be reachable: a wildcard bind is reached on loopback.
  const publicUrl =
    settings.publicUrl ??
    httpUrl(wildcard(address.address) ? '127.0.0.1' : address.address, address.port);
  const log = createLogger({ level: settings.logLevel });
  // docs/server.md "Secrets": versions saved before flow secrets were sealed are sealed now.
  const sealedVersions = await storage.flows.sealClearFlowVersions((document) =>
    sealFlowSecrets(document, sealer),
  );
  if (sealedVersions > 0) log.info({ versions: sealedVersions }, 'flow secrets sealed at rest');
  // Loaded on use: the embedded `serve` never loads BullMQ (docs/adr/0009-queue-and-signals.md).
  const shared =
    scaleOut &&
    (await (
      await import('./redis-scale-out.js')
    ).openQueueAndSignals(scaleOut.redisUrl, options.environment, log));
  const core = createServerCore({
    storage,
    settings,
    sealer,
    clock: systemClock,
    log,
    publicUrl: () => publicUrl,
    dispatcher: options.worker,
    scaleOut: scaleOut !== undefined,
    ...(stores.health === undefined ? {} : { health: stores.health }),
    ...(shared && { queue: shared.queue, signals: shared.signals }),
  });
  let markStarted = (): void => undefined;
  const started = new Promise<void>((resolveStarted) => {
    markStarted = resolveStarted;
  });
  handle = requestHandler(core, options.host, started);
  await core.start();
  markStarted();
  log.info(
    scaleOut ? { url, mode: 'scale-out' } : { url, dataDir: options.dataDir },
    'hookline listening',
  );
  return {
    url,
    close: async () => {
      await new Promise<void>((resolveClose) => {
        server.close(() => {
          resolveClose();
        });
      });
      await core.stop();
      await shared?.close();
      await stores.close();
    },
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../config/index.js';
import { sealFlowSecrets } from '../webhooks/flow-secrets.js';
import { createLogger } from './logger.js';
import { openScaleOut, scaleOutMode, type Health, type ScaleOutConnections } from './scale-out.js';
import { createServerCore } from './server-core.js';
import { StartupError } from './startup-error.js';
import { systemClock } from './system-clock.js';

export interface WorkerOptions {
  /** Executions run at once (HOOKLINE_EXECUTION_CONCURRENCY when absent). */
  concurrency?: number;
  /** A health port (`GET /healthz` only); none when absent. */
  port?: number;
  host: string;
  environment: Readonly<Record<string, string | undefined>>;
}

export interface RunningWorker {
  /** The health address, when `port` was given. */
  healthUrl: string | undefined;
  /** Graceful: claim no more, finish running executions, let go of their leases. */
  close(): Promise<void>;
}

/** `/healthz` and nothing else: a worker has no public API. */
function healthServer(health: () => Promise<Health>): Server {
  return createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/healthz') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"code":"NOT_FOUND","message":"a worker answers /healthz only"}}');
      return;
    }
    void health().then(({ ok, body }) => {
      response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new StartupError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`));
    });
    server.listen(port, host, () => {
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * `hookline worker` (docs/deploy.md): runs executions (claims queued ones), the delivery
 * dispatcher, the schedulers of scheduled executions and input timeouts, and retention, on
 * the shared PostgreSQL store. Scale-out mode only.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const loaded = loadSettings(options.environment);
  const mode = scaleOutMode(loaded);
  if (mode === undefined) {
    throw new StartupError(
      'hookline worker runs only in scale-out mode: set HOOKLINE_DATABASE_URL and HOOKLINE_REDIS_URL (docs/deploy.md)',
    );
  }
  const settings = Object.freeze({
    ...loaded,
    executionConcurrency: options.concurrency ?? loaded.executionConcurrency,
  });
  const opened: { stores?: ScaleOutConnections } = {};
  const starting: Health = {
    ok: false,
    body: { status: 'unavailable', database: 'unreachable', redis: 'unreachable' },
  };
  // Listening comes first: a port in use is reported before anything is opened.
  const health =
    options.port === undefined
      ? undefined
      : healthServer(() => opened.stores?.health() ?? Promise.resolve(starting));
  const address = health && (await listen(health, options.port ?? 0, options.host));
  const stores = await openScaleOut(mode, options.environment).catch((caught: unknown) => {
    health?.close();
    throw caught;
  });
  opened.stores = stores;
  const log = createLogger({ level: settings.logLevel });
  await stores.storage.flows.sealClearFlowVersions((document) =>
    sealFlowSecrets(document, stores.sealer),
  );
  // Links a flow makes (short links) name the API's address, not the worker's.
  const publicUrl = settings.publicUrl ?? 'http://127.0.0.1:8080';
  const shared = await (
    await import('./redis-scale-out.js')
  ).openQueueAndSignals(mode.redisUrl, options.environment, log);
  const core = createServerCore({
    storage: stores.storage,
    settings,
    sealer: stores.sealer,
    clock: systemClock,
    log,
    publicUrl: () => publicUrl,
    scaleOut: true,
    health: () => stores.health(),
    queue: shared.queue,
    signals: shared.signals,
  });
  await core.start();
  log.info({ concurrency: settings.executionConcurrency }, 'hookline worker running');
  return {
    healthUrl: address && `http://${address.address}:${address.port}`,
    close: async () => {
      if (health) await new Promise((resolve) => health.close(resolve));
      await core.stop();
      await shared.close();
      await stores.close();
    },
  };
}

import type { Redis } from 'ioredis';
import type { Settings } from '../config/index.js';
import { createSealer, loadSecretKey, type Sealer } from '../secrets/index.js';
import type { Storage } from '../storage/ports.js';
import { StartupError } from './startup-error.js';
import { within } from './within.js';

/** Scale-out mode (docs/deploy.md): PostgreSQL the source of truth, Redis for dispatch and signals. */
export interface ScaleOutMode {
  databaseUrl: string;
  redisUrl: string;
}

/**
 * Both HOOKLINE_DATABASE_URL and HOOKLINE_REDIS_URL: scale-out mode; neither: the embedded
 * SQLite store (undefined); only one is an operator error (docs/server.md).
 */
export function scaleOutMode(settings: Settings): ScaleOutMode | undefined {
  const { databaseUrl, redisUrl } = settings;
  if (databaseUrl !== undefined && redisUrl !== undefined) return { databaseUrl, redisUrl };
  if (databaseUrl === undefined && redisUrl === undefined) return undefined;
  const [set, unset] =
    databaseUrl === undefined
      ? ['HOOKLINE_REDIS_URL', 'HOOKLINE_DATABASE_URL']
      : ['HOOKLINE_DATABASE_URL', 'HOOKLINE_REDIS_URL'];
  throw new StartupError(
    `${set} is set but ${unset} is not: scale-out mode needs both (docs/deploy.md); unset ${set} for the embedded SQLite store`,
  );
}

/** What `/healthz` answers in scale-out mode: 200 when both answer, 503 naming the one that did not. */
export interface Health {
  ok: boolean;
  body: {
    status: 'ok' | 'unavailable';
    database: 'ok' | 'unreachable';
    redis: 'ok' | 'unreachable';
  };
}

/** The shared store, the Redis connection and their health, for `serve` and `worker`. */
export interface ScaleOutConnections {
  storage: Storage;
  /** One connection (ioredis); queues and signals make their own from `redisUrl`. */
  redis: Redis;
  sealer: Sealer;
  health(): Promise<Health>;
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 2_000;

/** The first line of an error, for one-line operator messages (never the URL: it may hold a password). */
const firstLine = (caught: unknown): string =>
  caught instanceof Error ? (caught.message.split('\n')[0] ?? '') : String(caught);

const answers = async (check: () => Promise<unknown>): Promise<'ok' | 'unreachable'> => {
  try {
    await within(check(), HEALTH_TIMEOUT_MS);
    return 'ok';
  } catch {
    return 'unreachable';
  }
};

/** PING once the connection is ready (it may be still connecting, or reconnecting). */
async function ping(redis: Redis): Promise<unknown> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS - 100;
  while (redis.status !== 'ready' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return redis.ping();
}

/** Scale-out processes share one key: HOOKLINE_SECRET_KEY is required (docs/deploy.md). */
function openSealer(environment: Readonly<Record<string, string | undefined>>): Sealer {
  const key = environment['HOOKLINE_SECRET_KEY'];
  if (key === undefined || key.trim() === '') {
    throw new StartupError(
      'scale-out mode needs HOOKLINE_SECRET_KEY (every process seals and opens secrets with the same key; docs/deploy.md)',
    );
  }
  return createSealer(loadSecretKey('', key));
}

/** A sealed secret in the store, if any, opens with the key (a wrong key is refused at start). */
async function checkKey(storage: Storage, sealer: Sealer): Promise<void> {
  for (const account of await storage.accounts.listAccounts()) {
    const page = await storage.webhooks.listWebhooks(account.id, { limit: 1 });
    const sealed = page.items[0]?.signingSecrets[0]?.sealed;
    if (sealed === undefined) continue;
    try {
      sealer.open(sealed);
      return;
    } catch {
      throw new StartupError(
        'HOOKLINE_SECRET_KEY is not the key that sealed the secrets in the PostgreSQL store; start with that key',
      );
    }
  }
}

/** Opens the PostgreSQL store (migrated) and Redis; Redis may be down: /healthz says so. */
export async function openScaleOut(
  mode: ScaleOutMode,
  environment: Readonly<Record<string, string | undefined>>,
): Promise<ScaleOutConnections> {
  const sealer = openSealer(environment);
  // Loaded on use: the embedded `serve` never loads PostgreSQL's or Redis's client.
  const [{ createPostgresStorage }, { Redis }, { default: pg }] = await Promise.all([
    import('../storage/postgres/index.js'),
    import('ioredis'),
    import('pg'),
  ]);
  let storage: Storage;
  try {
    storage = await createPostgresStorage({ connectionString: mode.databaseUrl });
  } catch (caught) {
    throw new StartupError(
      `cannot open the PostgreSQL store (HOOKLINE_DATABASE_URL): ${firstLine(caught)}`,
    );
  }
  try {
    await checkKey(storage, sealer);
  } catch (caught) {
    await storage.close();
    throw caught;
  }
  const redis = new Redis(mode.redisUrl, {
    lazyConnect: false,
    // Commands fail at once while disconnected (health answers, nothing piles up), and the
    // connection is retried in the background.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // Connection errors are retried; unhandled, the 'error' event would end the process.
  redis.on('error', () => undefined);
  const probe = new pg.Pool({
    connectionString: mode.databaseUrl,
    max: 1,
    connectionTimeoutMillis: HEALTH_TIMEOUT_MS,
  });
  probe.on('error', () => undefined);
  return {
    storage,
    redis,
    sealer,
    async health() {
      const [database, redisState] = await Promise.all([
        answers(() => probe.query('SELECT 1')),
        answers(() => ping(redis)),
      ]);
      const ok = database === 'ok' && redisState === 'ok';
      return { ok, body: { status: ok ? 'ok' : 'unavailable', database, redis: redisState } };
    },
    async close() {
      redis.disconnect();
      await probe.end();
      await storage.close();
    },
  };
}

import { Redis } from 'ioredis';
import { createBullQueue } from '../queue/bullmq.js';
import type { JobQueue } from '../queue/index.js';
import type { Signals } from '../signals/index.js';
import { createRedisSignals } from '../signals/redis.js';
import type { Logger } from './logger.js';
import { StartupError } from './startup-error.js';
import { within } from './within.js';

/** HOOKLINE_REDIS_PREFIX's default (docs/server.md "Scale-out mode"). */
export const DEFAULT_REDIS_PREFIX = 'hookline';

const PREFIX = /^[A-Za-z0-9_.:-]{1,64}$/;

/** HOOKLINE_REDIS_PREFIX, checked: 1–64 letters, digits, `_`, `.`, `:` or `-`. */
export function redisPrefixFrom(env: Record<string, string | undefined>): string {
  const value = env.HOOKLINE_REDIS_PREFIX;
  if (value === undefined || value === '') return DEFAULT_REDIS_PREFIX;
  if (!PREFIX.test(value)) {
    throw new Error('HOOKLINE_REDIS_PREFIX must be 1-64 letters, digits, "_", ".", ":" or "-"');
  }
  return value;
}

export interface RedisScaleOutOptions {
  /** HOOKLINE_REDIS_URL. */
  url: string;
  /** HOOKLINE_REDIS_PREFIX: every key and the signal channel start with it. */
  prefix?: string;
  log: Logger;
  /** How long to wait for Redis's first answer (default 10 s). */
  connectTimeoutMs?: number;
  /** false: start even while Redis is down (serve and worker: /healthz says so). */
  waitForRedis?: boolean;
}

/** The shared queue and signals of scale-out mode, for ServerCoreOptions. */
export interface RedisScaleOut {
  queue: JobQueue;
  signals: Signals;
  /** Resolves when Redis answers (a health check); rejects otherwise. */
  ping(): Promise<void>;
  /** Lets go of the connections (after the server core stopped). */
  close(): Promise<void>;
}

/**
 * Connects to Redis for `hookline serve` and `hookline worker` in scale-out mode
 * (docs/adr/0009-queue-and-signals.md): one connection for the queue and publishing (BullMQ
 * opens its own blocking ones for consumers), one for subscribing to signals. ioredis
 * reconnects by itself; while Redis is away, enqueueing fails (logged) and the sweeper
 * enqueues again once it is back.
 */
export async function createRedisScaleOut(options: RedisScaleOutOptions): Promise<RedisScaleOut> {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const { log } = options;
  const onError = (error: unknown): void => {
    log.warn({ err: messageOf(error) }, 'Redis error');
  };
  const connection = new Redis(options.url, { maxRetriesPerRequest: null });
  const subscriber = connection.duplicate();
  connection.on('error', onError);
  subscriber.on('error', onError);
  try {
    const waitForRedis = options.waitForRedis !== false;
    if (waitForRedis) {
      await pingWithin(connection, options.url, options.connectTimeoutMs ?? CONNECT_MS);
    }
    const signals = await createRedisSignals({
      publisher: connection,
      subscriber,
      prefix,
      onError,
      awaitSubscribed: waitForRedis,
    });
    const queue = createBullQueue({
      connection,
      prefix,
      onError: (error, job) => {
        log.warn(
          { err: messageOf(error), job: job && { kind: job.kind, id: job.id } },
          'job failed',
        );
      },
    });
    return {
      queue,
      signals,
      async ping() {
        await pingWithin(connection, options.url, PING_MS);
      },
      async close() {
        await queue.close();
        await signals.close();
        // QUIT waits for an answer: only when Redis is there to give one.
        if (connection.status === 'ready') await connection.quit().catch(() => undefined);
        else connection.disconnect();
      },
    };
  } catch (error) {
    connection.disconnect();
    subscriber.disconnect();
    throw error;
  }
}

const CONNECT_MS = 10_000;
const PING_MS = 2000;

/**
 * Resolves when Redis answers a PING within `ms`; else rejects with a one-line message naming
 * the host and port only (the URL may hold a password). Commands wait for a connection
 * without end (`maxRetriesPerRequest: null`, as BullMQ needs), so the wait is bounded here.
 */
async function pingWithin(connection: Redis, url: string, ms: number): Promise<void> {
  await within(
    connection.ping(),
    ms,
    `Redis at ${hostOf(url)} did not answer within ${ms / 1000} s`,
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'HOOKLINE_REDIS_URL';
  }
}

/** Error messages only: an ioredis error object may carry the command's arguments. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The queue and signals of `hookline serve` and `hookline worker` in scale-out mode
 * (HOOKLINE_REDIS_URL, HOOKLINE_REDIS_PREFIX); Redis may be down at start (/healthz says so,
 * the sweeper catches up once it is back).
 */
export function openQueueAndSignals(
  redisUrl: string,
  environment: Readonly<Record<string, string | undefined>>,
  log: Logger,
): Promise<RedisScaleOut> {
  let prefix: string;
  try {
    prefix = redisPrefixFrom(environment);
  } catch (caught) {
    throw new StartupError(messageOf(caught));
  }
  return createRedisScaleOut({ url: redisUrl, prefix, log, waitForRedis: false });
}

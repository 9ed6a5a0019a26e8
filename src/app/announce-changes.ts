/**
 * Tells the running scale-out processes about changes the CLI made to accounts
 * (`hookline accounts …` with HOOKLINE_DATABASE_URL and HOOKLINE_REDIS_URL): the same
 * `cache.stale` signal a server publishes, so a key revoked from the CLI stops working at once
 * (docs/adr/0009-queue-and-signals.md "Caches"). Best effort: with Redis unreachable, the
 * processes see the change once their cached rows expire (5 s).
 */
import type { StoreChange } from '../storage/cache/cached-storage.js';
import { within } from './within.js';

const WAIT_MS = 2_000;

/** Publishes each change; false when Redis could not be reached within 2 s. */
export async function announceStoreChanges(
  url: string,
  env: Record<string, string | undefined>,
  changes: readonly StoreChange[],
): Promise<boolean> {
  if (changes.length === 0) return true;
  // Loaded on use: the CLI's other commands never load Redis's client.
  const [{ Redis }, { createRedisSignals }, { redisPrefixFrom }] = await Promise.all([
    import('ioredis'),
    import('../signals/redis.js'),
    import('./redis-scale-out.js'),
  ]);
  const options = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  publisher.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  try {
    await within(publisher.connect(), WAIT_MS, 'Redis did not answer');
    const signals = await createRedisSignals({
      publisher,
      subscriber,
      prefix: redisPrefixFrom(env),
      awaitSubscribed: false,
    });
    for (const change of changes) signals.publish({ type: 'cache.stale', ...change });
    // Answered after the publishes before it: they have reached Redis.
    await within(publisher.ping(), WAIT_MS, 'Redis did not answer');
    await signals.close();
    return true;
  } catch {
    return false;
  } finally {
    publisher.disconnect();
    subscriber.disconnect();
  }
}

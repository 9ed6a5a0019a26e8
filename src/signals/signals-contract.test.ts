import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../queue/testing/redis.js';
import { InProcessSignalHub } from './in-process.js';
import type { Signal, Signals } from './ports.js';
import { createRedisSignals } from './redis.js';

/** One process's Redis signals: its own publisher and subscriber connections unless given. */
function redisSignals(
  redis: TestRedis,
  connections: { publisher?: Redis; subscriber?: Redis } = {},
): Promise<Signals> {
  return createRedisSignals({
    publisher: connections.publisher ?? redis.connect(),
    subscriber: connections.subscriber ?? new Redis(redis.url),
    prefix: redis.prefix,
  });
}

interface Pair {
  a: Signals;
  b: Signals;
  done: () => Promise<void>;
}

const adapters: Array<[string, () => Promise<Pair>]> = [
  [
    'in-process',
    () => {
      const hub = new InProcessSignalHub();
      const a = hub.connect();
      const b = hub.connect();
      return Promise.resolve({
        a,
        b,
        done: async () => {
          await Promise.all([a.close(), b.close()]);
        },
      });
    },
  ],
  [
    'Redis pub/sub',
    async () => {
      const redis = createTestRedis();
      // Two "processes": each its own publisher and subscriber connection.
      const a = await redisSignals(redis);
      const b = await redisSignals(redis);
      return {
        a,
        b,
        done: async () => {
          await Promise.all([a.close(), b.close()]);
          await redis.cleanUp();
        },
      };
    },
  ],
];

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each(adapters)('%s signals', (_name, make) => {
  let pair: Pair | undefined;
  afterEach(async () => {
    await pair?.done();
    pair = undefined;
  });

  it('reach the other process, in order, and not the publisher itself', async () => {
    pair = await make();
    const atA: Signal[] = [];
    const atB: Signal[] = [];
    pair.a.subscribe((signal) => atA.push(signal));
    pair.b.subscribe((signal) => atB.push(signal));
    // A's own watch: it still does not hear itself.
    await Promise.all([pair.b.watch('exec_1').ready, pair.a.watch('exec_1').ready]);
    const sent: Signal[] = [
      { type: 'execution.stopped', id: 'exec_1', accountId: 'acc_1' },
      { type: 'execution.events', id: 'exec_1' },
      { type: 'wake', what: 'dispatcher' },
      { type: 'wake', what: 'timeouts' },
    ];
    for (const signal of sent) pair.a.publish(signal);
    pair.b.publish({ type: 'wake', what: 'scheduler' });
    await until(() => atB.length === sent.length && atA.length === 1);
    expect(atB).toEqual(sent);
    expect(atA).toEqual([{ type: 'wake', what: 'scheduler' }]);
  });

  it('about an execution reach only the processes watching it, while they watch', async () => {
    pair = await make();
    const seen: Signal[] = [];
    pair.b.subscribe((signal) => seen.push(signal));
    const first = pair.b.watch('exec_w');
    const second = pair.b.watch('exec_w');
    await first.ready;
    await second.ready;
    pair.a.publish({ type: 'execution.events', id: 'exec_other' });
    pair.a.publish({ type: 'execution.stopped', id: 'exec_w', accountId: 'acc_1' });
    // One watch of two ended: still watched.
    first.end();
    first.end();
    pair.a.publish({ type: 'execution.events', id: 'exec_w' });
    pair.a.publish({ type: 'wake', what: 'scheduler' });
    await until(() => seen.length === 3);
    expect(seen).toEqual([
      { type: 'execution.stopped', id: 'exec_w', accountId: 'acc_1' },
      { type: 'execution.events', id: 'exec_w' },
      { type: 'wake', what: 'scheduler' },
    ]);
    second.end();
    pair.a.publish({ type: 'execution.events', id: 'exec_w' });
    // Watched again once ready: what is published after reaches it.
    const again = pair.b.watch('exec_again');
    await again.ready;
    pair.a.publish({ type: 'execution.stopped', id: 'exec_again', accountId: 'acc_1' });
    pair.a.publish({ type: 'wake', what: 'timeouts' });
    await until(() => seen.length === 5);
    expect(seen.slice(3)).toEqual([
      { type: 'execution.stopped', id: 'exec_again', accountId: 'acc_1' },
      { type: 'wake', what: 'timeouts' },
    ]);
    again.end();
  });

  it('stop reaching a listener once it unsubscribes', async () => {
    pair = await make();
    const seen: Signal[] = [];
    const unsubscribe = pair.b.subscribe((signal) => seen.push(signal));
    pair.a.publish({ type: 'wake', what: 'timeouts' });
    await until(() => seen.length === 1);
    unsubscribe();
    const marker: Signal[] = [];
    pair.b.subscribe((signal) => marker.push(signal));
    pair.a.publish({ type: 'wake', what: 'timeouts' });
    pair.a.publish({ type: 'wake', what: 'dispatcher' });
    await until(() => marker.length === 2);
    expect(seen).toHaveLength(1);
  });
});

describe('Redis pub/sub signals on a connection still in its handshake', () => {
  // ioredis wrote the SUBSCRIBE at once during the handshake (status `connect`); the ready
  // check (INFO) then failed in subscriber mode, ioredis reconnected and never subscribed
  // again: the process heard no signal at all though its subscribe had resolved.
  it('subscribe once the connection is ready, and hear what is published after', async () => {
    const redis = createTestRedis();
    const subscriber = new Redis(redis.url, { maxRetriesPerRequest: null });
    subscriber.on('error', () => undefined);
    const made: Signals[] = [];
    try {
      const late = await new Promise<Signals>((resolve, reject) => {
        subscriber.once('connect', () => {
          expect(subscriber.status).toBe('connect');
          redisSignals(redis, { subscriber }).then(resolve, reject);
        });
      });
      made.push(late);
      // A watch made in the handshake of a reconnection gets the same care.
      const watch = late.watch('exec_h');
      await watch.ready;
      const other = await redisSignals(redis);
      made.push(other);
      const seen: Signal[] = [];
      late.subscribe((signal) => seen.push(signal));
      other.publish({ type: 'wake', what: 'dispatcher' });
      other.publish({ type: 'execution.stopped', id: 'exec_h', accountId: 'acc_1' });
      await until(() => seen.length === 2);
      expect(seen.map((signal) => signal.type)).toEqual(['wake', 'execution.stopped']);
    } finally {
      await Promise.all(made.map((signals) => signals.close()));
      subscriber.disconnect();
      await redis.cleanUp();
    }
  });
});

describe('Redis pub/sub signals when a process stops', () => {
  it('send what was published in the last turn before the publisher connection closes', async () => {
    const redis = createTestRedis();
    const publisher = redis.connect();
    const stopping = await redisSignals(redis, { publisher });
    const other = await redisSignals(redis);
    try {
      const seen: Signal[] = [];
      other.subscribe((signal) => seen.push(signal));
      stopping.publish({ type: 'cache.stale', accountId: 'acc_1' });
      stopping.publish({ type: 'wake', what: 'dispatcher' });
      // As scale-out mode stops (src/app/redis-scale-out.ts): the signals, then the connection.
      await stopping.close();
      await publisher.quit();
      await until(() => seen.length === 2);
      expect(seen).toEqual([
        { type: 'cache.stale', accountId: 'acc_1' },
        { type: 'wake', what: 'dispatcher' },
      ]);
    } finally {
      await other.close();
      await redis.cleanUp();
    }
  });
});

describe('Redis pub/sub signals when the subscriber connection comes back', () => {
  it('tell their own listeners that signals may have been missed, then hear again', async () => {
    const redis = createTestRedis();
    const subscriber = new Redis(redis.url);
    const here = await redisSignals(redis, { subscriber });
    const other = await redisSignals(redis);
    try {
      const seen: Signal[] = [];
      here.subscribe((signal) => seen.push(signal));
      // The first ready is no news; losing the connection and getting it back is.
      expect(seen).toEqual([]);
      subscriber.disconnect(true);
      await until(() => seen.length === 1);
      expect(seen).toEqual([{ type: 'signals.missed' }]);
      // ioredis subscribes again as it gets ready: sent until heard.
      await until(() => {
        other.publish({ type: 'wake', what: 'scheduler' });
        return seen.length >= 2;
      });
      expect(seen[1]).toEqual({ type: 'wake', what: 'scheduler' });
    } finally {
      await Promise.all([here.close(), other.close()]);
      await redis.cleanUp();
    }
  });
});

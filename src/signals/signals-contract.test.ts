import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestRedis } from '../queue/testing/redis.js';
import { InProcessSignalHub } from './in-process.js';
import type { Signal, Signals } from './ports.js';
import { createRedisSignals } from './redis.js';

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
      const a = await createRedisSignals({
        publisher: redis.connect(),
        subscriber: new Redis(redis.url),
        prefix: redis.prefix,
      });
      const b = await createRedisSignals({
        publisher: redis.connect(),
        subscriber: new Redis(redis.url),
        prefix: redis.prefix,
      });
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

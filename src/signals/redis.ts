import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Signal, SignalListener, Signals } from './ports.js';

export interface RedisSignalsOptions {
  /** The connection publishes go through (the caller closes it). */
  publisher: Redis;
  /** A connection of its own: in subscriber mode it can do nothing else (closed here). */
  subscriber: Redis;
  /** Key prefix (HOOKLINE_REDIS_PREFIX): the channel is `<prefix>:signals`. */
  prefix: string;
  onError?: (error: unknown) => void;
  /** false: do not wait for the subscription (Redis may be down; it subscribes once up). */
  awaitSubscribed?: boolean;
}

interface Wire {
  /** The publishing process: it does not hear itself. */
  from: string;
  signal: Signal;
}

/**
 * Signals over Redis pub/sub, one channel for all (each process filters by id): fire and
 * forget, at most once. A process that was not subscribed when a signal went out misses it
 * and finds the change at its next poll of the store.
 */
export async function createRedisSignals(options: RedisSignalsOptions): Promise<Signals> {
  const { publisher, subscriber } = options;
  const channel = `${options.prefix}:signals`;
  const self = randomUUID();
  const listeners = new Set<SignalListener>();
  // ioredis writes a SUBSCRIBE at once while a new connection is still in its handshake
  // (status `connect`); its ready check (INFO) then fails in subscriber mode, ioredis
  // reconnects and, the connection never having been ready, does not subscribe again: the
  // process heard no signal at all, though its subscribe had resolved. So the SUBSCRIBE waits
  // for a ready connection (after a reconnect, ioredis subscribes again to what it was
  // subscribed to when the connection was last ready).
  const whenReady = (): Promise<void> =>
    subscriber.status === 'ready'
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          subscriber.once('ready', () => {
            resolve();
          });
        });
  subscriber.on('message', (from: string, text: string) => {
    if (from !== channel) return;
    let wire: Wire;
    try {
      wire = JSON.parse(text) as Wire;
    } catch (error) {
      options.onError?.(error);
      return;
    }
    if (wire.from === self) return;
    for (const listener of listeners) listener(wire.signal);
  });
  const subscribed = whenReady().then(() => subscriber.subscribe(channel));
  if (options.awaitSubscribed === false)
    subscribed.catch((error: unknown) => options.onError?.(error));
  else await subscribed;
  return {
    publish(signal) {
      const wire: Wire = { from: self, signal };
      publisher.publish(channel, JSON.stringify(wire)).catch((error: unknown) => {
        options.onError?.(error);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      // QUIT would wait for a Redis that may be down.
      subscriber.disconnect();
      await Promise.resolve();
    },
  };
}

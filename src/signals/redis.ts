import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { perTurn } from '../per-turn/index.js';
import { executionOf, type Signal, type SignalListener, type Signals } from './ports.js';

export interface RedisSignalsOptions {
  /** The connection publishes go through (the caller closes it). */
  publisher: Redis;
  /** A connection of its own: in subscriber mode it can do nothing else (closed here). */
  subscriber: Redis;
  /**
   * Key prefix (HOOKLINE_REDIS_PREFIX): the signals for every process go on
   * `<prefix>:signals`, those about one execution on `<prefix>:x:<execution id>`.
   */
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

interface Watched {
  count: number;
  ready: Promise<void>;
}

/**
 * Signals over Redis pub/sub, fire and forget, at most once (docs/adr/0009-queue-and-signals.md).
 * Wake-ups go on one channel every process subscribes to. The signals about an execution go
 * on a channel of its own, which only the processes watching it subscribe to (Redis drops a
 * message nobody listens to): a process is no longer woken by every event and stop of every
 * other process's executions. A process that was not subscribed when a signal went out misses
 * it and finds the change in the store (a watcher reads it once subscribed, and polls).
 */
export async function createRedisSignals(options: RedisSignalsOptions): Promise<Signals> {
  const { publisher, subscriber } = options;
  const broadcast = `${options.prefix}:signals`;
  const channelOf = (executionId: string): string => `${options.prefix}:x:${executionId}`;
  const self = randomUUID();
  const listeners = new Set<SignalListener>();
  const watched = new Map<string, Watched>();
  const onError = (error: unknown): void => {
    options.onError?.(error);
  };
  // ioredis writes a SUBSCRIBE at once while a new connection is still in its handshake
  // (status `connect`); its ready check (INFO) then fails in subscriber mode, ioredis
  // reconnects and, the connection never having been ready, does not subscribe again: the
  // process heard no signal at all, though its subscribe had resolved. So every SUBSCRIBE and
  // UNSUBSCRIBE here waits for a ready connection (after a reconnect, ioredis subscribes
  // again to what it was subscribed to when the connection was last ready).
  let ready: Promise<void> | undefined;
  const whenReady = (): Promise<void> => {
    if (subscriber.status === 'ready') return Promise.resolve();
    // A connection made with `lazyConnect` connects on its first command, as it did before.
    if (subscriber.status === 'wait') subscriber.connect().catch(onError);
    ready ??= new Promise<void>((resolve) => {
      subscriber.once('ready', () => {
        ready = undefined;
        resolve();
      });
    });
    return ready;
  };
  const subscribe = async (channel: string): Promise<void> => {
    await whenReady();
    await subscriber.subscribe(channel);
  };
  // Ready again after being ready: whatever was published meanwhile was missed.
  let wasReady = subscriber.status === 'ready';
  subscriber.on('ready', () => {
    if (wasReady) for (const listener of listeners) listener({ type: 'signals.missed' });
    wasReady = true;
  });
  subscriber.on('message', (channel: string, text: string) => {
    if (channel !== broadcast && !watched.has(channel)) return;
    let wire: Wire;
    try {
      wire = JSON.parse(text) as Wire;
    } catch (error) {
      onError(error);
      return;
    }
    if (wire.from === self) return;
    for (const listener of listeners) listener(wire.signal);
  });
  const subscribed = subscribe(broadcast);
  if (options.awaitSubscribed === false) subscribed.catch(onError);
  else await subscribed;
  const outbox = publishPerTurn(publisher, onError);
  return {
    publish(signal) {
      const execution = executionOf(signal);
      const wire: Wire = { from: self, signal };
      const channel = execution === undefined ? broadcast : channelOf(execution);
      outbox.add([channel, JSON.stringify(wire)]);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watch(executionId) {
      const channel = channelOf(executionId);
      let entry = watched.get(channel);
      if (entry === undefined) {
        // Commands on one connection run in order: an UNSUBSCRIBE of an earlier watch still
        // under way comes first, and this SUBSCRIBE's answer means subscribed.
        entry = { count: 0, ready: subscribe(channel).catch(onError) };
        watched.set(channel, entry);
      }
      const watch = entry;
      watch.count += 1;
      let ended = false;
      return {
        ready: watch.ready,
        end() {
          if (ended) return;
          ended = true;
          watch.count -= 1;
          if (watch.count > 0 || watched.get(channel) !== watch) return;
          watched.delete(channel);
          whenReady()
            .then(async () => {
              // Watched again meanwhile: its SUBSCRIBE is on its way, or done.
              if (!watched.has(channel)) await subscriber.unsubscribe(channel);
            })
            .catch(onError);
        },
      };
    },
    async close() {
      // Signals of this last turn still go (the publisher is closed after this).
      await outbox.flush();
      listeners.clear();
      watched.clear();
      // QUIT would wait for a Redis that may be down.
      subscriber.disconnect();
      await Promise.resolve();
    },
  };
}

/** The publishes of one event-loop turn leave in one write (a pipeline), in order. */
function publishPerTurn(publisher: Redis, onError: (error: unknown) => void) {
  return perTurn<[channel: string, text: string]>((batch) => {
    const [only] = batch;
    if (only === undefined) return Promise.resolve();
    if (batch.length === 1) return publisher.publish(...only).then(() => undefined, onError);
    const pipeline = publisher.pipeline();
    for (const [channel, text] of batch) pipeline.publish(channel, text);
    return pipeline.exec().then((results) => {
      for (const [error] of results ?? []) if (error) onError(error);
    }, onError);
  });
}

/**
 * How a server core uses the queue and signals ports (docs/adr/0009-queue-and-signals.md):
 * executions handed to the shared queue and consumed by workers, `?wait=true` answered from
 * another process's signal, wake-ups of dispatchers, schedulers, input timeouts and event
 * streams in the other processes, and the sweeper. Embedded mode does not use it.
 */
import type { Dispatcher, DispatcherOptions } from '../delivery/index.js';
import type { Clock } from '../engine/index.js';
import type { ExecutionService } from '../executions/execution-service.js';
import { executionJobs } from '../executions/queue-jobs.js';
import type { ExecutionServiceOptions } from '../executions/execution-types.js';
import type { ExecutionScheduler } from '../executions/scheduler.js';
import { StoppedElsewhere } from '../executions/stopped-elsewhere.js';
import type { Settings } from '../config/index.js';
import { createInProcessQueue, QueueSweeper, type Job, type JobQueue } from '../queue/index.js';
import {
  createInProcessSignals,
  LingeringWatches,
  type Signal,
  type Signals,
} from '../signals/index.js';
import { perTurn, type TurnBatch } from '../per-turn/index.js';
import type { StoreCaches } from '../storage/cache/cached-storage.js';
import type { DeliveryRecord, ExecutionRecord, Storage } from '../storage/ports.js';
import type { Logger } from './logger.js';

export interface ScaleOutWiringOptions {
  queue: JobQueue;
  signals: Signals;
  storage: Pick<Storage, 'executions' | 'deliveries'>;
  clock: Clock;
  log: Logger;
  /** `?wait=true` limit: a handed-off execution's `ended` gives up a little after it. */
  maxWaitMs: number;
  /** Consume jobs in this process (run executions, input timeouts, delivery wake-ups). */
  consume: boolean;
  concurrency: number;
  sweepMs?: number;
  sweepGraceMs?: number;
  /**
   * The store's row caches (src/storage/cache/cached-storage.ts): `cache.stale` drops what
   * it names, `signals.missed` everything.
   */
  caches?: Pick<StoreCaches, 'drop' | 'dropAll'> | undefined;
}

export interface CoreParts {
  executions: ExecutionService;
  dispatcher: Dispatcher | undefined;
  scheduler: ExecutionScheduler;
  /** The loop claiming queued executions from the store (src/executions/claim-loop.ts). */
  claims: { wake(): void } | undefined;
}

export interface ScaleOutWiring {
  /** `?wait=true` for an execution another process runs: set only with a shared queue. */
  awaitEnd: ((record: ExecutionRecord) => Promise<ExecutionRecord | undefined>) | undefined;
  /** A queued execution was stored: its job (any worker's claim loop claims it). */
  onStarted(record: ExecutionRecord): void;
  onStopped(record: ExecutionRecord): void;
  /**
   * Deliveries were stored (with an execution's end, or a retry after a failed attempt): jobs
   * for those the dispatcher here does not take at once, or a wake-up of the others'.
   */
  onDeliveries(deliveries: readonly DeliveryRecord[]): void;
  /** Something this process did is for the other processes' dispatcher or scheduler too. */
  wakeOthers(what: 'dispatcher' | 'scheduler'): void;
  start(parts: CoreParts): void;
  /** Stops consuming (running jobs end first) and listening. */
  stop(): Promise<void>;
}

const startJob = (record: ExecutionRecord): Job =>
  record.scheduledFor === null
    ? { kind: 'execution', id: record.id, accountId: record.accountId }
    : {
        kind: 'scheduled',
        id: record.id,
        accountId: record.accountId,
        runAt: Date.parse(record.scheduledFor),
      };

/** Consumes every kind of job here, and sweeps for rows whose job was lost. */
function consume(options: ScaleOutWiringOptions, parts: CoreParts): QueueSweeper {
  const { queue, signals, storage, log } = options;
  const jobs = executionJobs(parts.executions, storage.executions, options.clock);
  // An execution or scheduled job claims its own row with a lease once a run slot is free,
  // and runs it (a job for a row already taken does nothing); the claim loop only polls, for
  // queued rows whose job was lost.
  queue.consume('execution', options.concurrency, (job) => jobs.start(job));
  queue.consume('scheduled', options.concurrency, (job) => jobs.start(job));
  queue.consume('timeout', options.concurrency, (job) => jobs.timeout(job));
  const { dispatcher } = parts;
  // A delivery job wakes the dispatcher, which claims due rows with a lease (per-webhook
  // caps and the order are the store's).
  if (dispatcher !== undefined) {
    queue.consume('delivery', 1, () => {
      dispatcher.wake();
      return Promise.resolve();
    });
  }
  const sweeper = new QueueSweeper({
    executions: storage.executions,
    deliveries: storage.deliveries,
    queue,
    now: () => options.clock.now(),
    wakeDispatcher: () => {
      dispatcher?.wake();
      signals.publish({ type: 'wake', what: 'dispatcher' });
    },
    ...(options.sweepMs === undefined ? {} : { everyMs: options.sweepMs }),
    ...(options.sweepGraceMs === undefined ? {} : { graceMs: options.sweepGraceMs }),
    onError: (error) => {
      log.warn({ err: error }, 'the queue sweeper failed; it sweeps again');
    },
  });
  sweeper.start();
  return sweeper;
}

/**
 * How long this process stays subscribed to an execution's signals after its last event
 * stream here stopped waiting: a stream waits again right after each read.
 */
const EVENTS_LINGER_MS = 2000;

/**
 * The jobs of one event loop turn go in one call (one Redis round trip for them all); their
 * rows are stored already, so a job held back a turn loses nothing (the sweeper finds rows).
 */
function batchedEnqueue(queue: JobQueue, log: Logger): TurnBatch<Job> {
  return perTurn((jobs) =>
    queue.enqueue(jobs).catch((error: unknown) => {
      log.warn({ err: error }, 'enqueueing failed; the sweeper enqueues the rows again');
    }),
  );
}

export function createScaleOutWiring(options: ScaleOutWiringOptions): ScaleOutWiring {
  const { queue, signals, storage, log } = options;
  const shared = queue.shared;
  // docs/adr/0009-queue-and-signals.md: an execution's signals reach only the processes
  // watching it, those with a `?wait=true` caller or an event stream of it.
  const elsewhere = new StoppedElsewhere(
    (accountId, id) => storage.executions.getExecution(accountId, id),
    options.maxWaitMs + 1000,
    { watch: (executionId) => signals.watch(executionId) },
  );
  const streamed = new LingeringWatches(signals, EVENTS_LINGER_MS);
  const stoppedHere = (record: { id: string; accountId: string }): void => {
    elsewhere.stopped(record.accountId, record.id).catch((error: unknown) => {
      log.warn({ err: error, executionId: record.id }, 'reading a stopped execution failed');
    });
  };
  const enqueued = batchedEnqueue(queue, log);
  let unsubscribe: (() => void) | undefined;
  let sweeper: QueueSweeper | undefined;

  const listen = (parts: CoreParts) => (signal: Signal) => {
    if (signal.type === 'execution.stopped') stoppedHere(signal);
    else if (signal.type === 'execution.events') parts.executions.events.notifyHere(signal.id);
    else if (signal.type === 'cache.stale') options.caches?.drop(signal);
    else if (signal.type === 'signals.missed') options.caches?.dropAll();
    else if (signal.what === 'dispatcher') parts.dispatcher?.wake();
    else if (signal.what === 'scheduler') parts.scheduler.wake();
    else parts.executions.wakeTimeouts();
  };

  return {
    awaitEnd: shared ? (record) => elsewhere.wait(record) : undefined,
    onStarted(record) {
      if (shared && record.status === 'queued') enqueued.add(startJob(record));
    },
    onStopped(record) {
      signals.publish({ type: 'execution.stopped', id: record.id, accountId: record.accountId });
      // A `?wait=true` caller here for an execution this process claimed and ran itself: a
      // publish never reaches its own process.
      stoppedHere(record);
      const { waiting } = record;
      if (record.status !== 'waiting' || waiting === undefined) return;
      if (shared) {
        const { id, accountId } = record;
        const runAt = Date.parse(waiting.dueAt);
        enqueued.add({ kind: 'timeout', id, accountId, sequence: waiting.sequence, runAt });
        // The job reaches one consumer: no wake-up of every other process.
        return;
      }
      signals.publish({ type: 'wake', what: 'timeouts' });
    },
    onDeliveries(deliveries) {
      // Pending and due at a time (null: waiting for its disabled webhook to be re-enabled).
      const pending = deliveries.filter(
        (delivery) => delivery.status === 'pending' && delivery.nextAttemptAt !== null,
      );
      if (pending.length === 0) return;
      const now = options.clock.now().toISOString();
      const later = pending.filter((delivery) => (delivery.nextAttemptAt ?? '') > now);
      if (shared) {
        // Due now, with a dispatcher here: it was woken already and claims them (a crash
        // leaves them to the store, their leases and the sweeper). Due later (a retry), or no
        // dispatcher here (`serve --no-worker`): a job, delayed until due, for one consumer.
        // Its id is the delivery's and attempt count's, so enqueueing one state twice adds
        // nothing (bench/README.md "Scale-out").
        const jobs = options.consume ? later : pending;
        if (jobs.length === 0) return;
        enqueued.add(
          ...jobs.map((delivery): Job => ({
            kind: 'delivery',
            id: delivery.id,
            accountId: delivery.accountId,
            sequence: delivery.attemptCount,
            runAt: Date.parse(delivery.nextAttemptAt ?? now),
          })),
        );
        return;
      }
      // No shared queue: the other processes' dispatchers poll for what is due later.
      if (later.length < pending.length) signals.publish({ type: 'wake', what: 'dispatcher' });
    },
    wakeOthers(what) {
      signals.publish({ type: 'wake', what });
    },
    start(parts) {
      const { events } = parts.executions;
      // One signal per execution per turn of the event loop, however many batches it stored.
      const stored = perTurn<string>((ids) => {
        for (const id of new Set(ids)) signals.publish({ type: 'execution.events', id });
      });
      events.relay = (id) => {
        stored.add(id);
      };
      // Once subscribed, the streams read the store again: events stored before are not missed.
      events.watch = (id) =>
        streamed.hold(id, () => {
          events.notifyHere(id);
        });
      unsubscribe = signals.subscribe(listen(parts));
      if (shared && options.consume) sweeper = consume(options, parts);
    },
    async stop() {
      sweeper?.stop();
      await enqueued.flush();
      await queue.close();
      unsubscribe?.();
      streamed.stop();
    },
  };
}

/** The wiring of a core given a queue or signals (ServerCoreOptions); none in embedded mode. */
export function scaleOutWiring(
  options: {
    queue?: JobQueue;
    signals?: Signals;
    /** false (`serve --no-worker`): this process consumes no job. */
    dispatcher?: boolean;
    sweep?: { everyMs: number; graceMs: number };
    storage: ScaleOutWiringOptions['storage'];
    caches?: ScaleOutWiringOptions['caches'];
    clock: Clock;
    log: Logger;
  },
  settings: Pick<Settings, 'maxWaitMs' | 'executionConcurrency'>,
): ScaleOutWiring | undefined {
  if (options.queue === undefined && options.signals === undefined) return undefined;
  return createScaleOutWiring({
    queue: options.queue ?? createInProcessQueue(),
    signals: options.signals ?? createInProcessSignals(),
    storage: options.storage,
    clock: options.clock,
    log: options.log,
    maxWaitMs: settings.maxWaitMs,
    consume: options.dispatcher !== false,
    concurrency: settings.executionConcurrency,
    ...(options.sweep && { sweepMs: options.sweep.everyMs, sweepGraceMs: options.sweep.graceMs }),
    caches: options.caches,
  });
}

/** What the wiring adds to ExecutionServiceOptions: stop signals, and `?wait=true` by signal. */
export function scaleOutExecutionOptions(
  scaleOut: ScaleOutWiring | undefined,
  claims: ExecutionServiceOptions['claims'],
): Pick<ExecutionServiceOptions, 'onStopped' | 'claims'> {
  if (scaleOut === undefined) return {};
  const { awaitEnd } = scaleOut;
  return {
    onStopped: (execution) => {
      scaleOut.onStopped(execution);
    },
    ...(awaitEnd && claims && { claims: { ...claims, awaitEnd } }),
  };
}

/** What the wiring adds to DispatcherOptions: a retry after a failed attempt gets its job. */
export function scaleOutDispatcherOptions(
  scaleOut: ScaleOutWiring | undefined,
): Pick<DispatcherOptions, 'onRetry'> {
  if (scaleOut === undefined) return {};
  return {
    onRetry: (delivery) => {
      scaleOut.onDeliveries([delivery]);
    },
  };
}

/** Wakes this process's `here` and, in scale-out mode, the other processes' `what`. */
export function wakeEverywhere(
  here: () => void,
  scaleOut: ScaleOutWiring | undefined,
  what: 'dispatcher' | 'scheduler',
): () => void {
  return () => {
    here();
    scaleOut?.wakeOthers(what);
  };
}

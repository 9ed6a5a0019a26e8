import type { Settings } from '../config/index.js';
import {
  createDispatcher,
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  type Dispatcher,
} from '../delivery/index.js';
import type { Clock } from '../engine/index.js';
import { createHooklineMetrics, recordExecutionEnd } from '../metrics/index.js';
import { ExecutionService } from '../executions/execution-service.js';
import { FlowCache } from '../executions/flow-cache.js';
import { runWidgetTest } from '../executions/widget-test.js';
import { ExecutionScheduler } from '../executions/scheduler.js';
import { RetentionSweeper } from '../executions/retention.js';
import { createInternalServices } from './internal-services.js';
import { createExecutionLeases } from './execution-leases.js';
import { newId, newTimeOrderedId } from '../accounts/index.js';
import {
  createDestinationPolicy,
  createHttpClient,
  type HttpClient,
} from '../http-client/index.js';
import type { Sealer } from '../secrets/index.js';
import { createApi } from '../server/app.js';
import type { ApiApp, ApiDependencies } from '../server/context.js';
import { createTriggerListener } from '../server/trigger.js';
import type { Account, Storage } from '../storage/ports.js';
import { flowEndDeliveries } from '../webhooks/flow-end-deliveries.js';
import { openFlowSecrets } from '../webhooks/flow-secrets.js';
import { WebhookService } from '../webhooks/webhook-service.js';
import { widgetCatalogue, type WidgetServices } from '../widgets/index.js';
import type { Logger } from './logger.js';
import type { JobQueue } from '../queue/index.js';
import type { Signals } from '../signals/index.js';
import {
  scaleOutDispatcherOptions,
  scaleOutExecutionOptions,
  scaleOutWiring,
  wakeEverywhere,
} from './scale-out-wiring.js';
import { createStoreCaches, type StoreCaches } from '../storage/cache/cached-storage.js';

export interface ServerCoreOptions {
  storage: Storage;
  settings: Settings;
  sealer: Sealer;
  clock: Clock;
  log: Logger;
  /** Base URL for trigger URLs and short links. */
  publicUrl: () => string;
  /**
   * Run executions, the delivery dispatcher, the schedulers and retention in this process
   * (default true); false: `serve --no-worker`, executions are stored queued for workers.
   */
  dispatcher?: boolean;
  /** The store is shared by several processes (docs/deploy.md); default false (embedded). */
  scaleOut?: boolean;
  /** `/healthz` in scale-out mode: the database and Redis. */
  health?: ApiDependencies['health'];
  /** Delivery attempt timeout (docs/server.md: 15 s); tests shorten it. */
  deliveryTimeoutMs?: number;
  dispatcherIdlePollMs?: number;
  /**
   * Scale-out (docs/adr/0009-queue-and-signals.md): the queue and signals shared with other
   * processes (createRedisScaleOut). Neither given: everything in-process, as embedded.
   */
  queue?: JobQueue;
  signals?: Signals;
  /** How often the sweeper looks for rows whose job was lost (default every 5 s, 5 s old). */
  sweep?: { everyMs: number; graceMs: number };
  /**
   * Scale-out mode's row caches (docs/adr/0009-queue-and-signals.md "Caches"): how long a
   * cached row is used at most (default 5 s); tests shorten it.
   */
  cacheTtlMs?: number;
}

/** Everything `hookline serve` runs, without the listening socket (tests use it in-process). */
export interface ServerCore {
  api: ApiApp;
  /**
   * `POST /t/<token>` straight from `node:http` (false for any other request, which goes to
   * `api`); it takes work once `ready` resolves.
   */
  triggerListener(ready: Promise<void>): ReturnType<typeof createTriggerListener>;
  executions: ExecutionService;
  dispatcher: Dispatcher | undefined;
  /** The store as this core uses it: in scale-out mode, with its row caches (`withCaches`). */
  storage: Storage;
  start(): Promise<void>;
  /** Graceful: stop taking work, finish running executions, let in-flight deliveries end. */
  stop(): Promise<void>;
}

const NO_INPUT = { next: () => Promise.resolve(undefined) };

/**
 * Scale-out mode: the store with what every request reads cached, and changes made here
 * signalled to the other processes (docs/adr/0009-queue-and-signals.md "Caches"); embedded
 * mode: the store as it is.
 */
function withCaches(options: ServerCoreOptions): { storage: Storage; caches?: StoreCaches } {
  const { signals } = options;
  if (options.scaleOut !== true) return { storage: options.storage };
  const caches = createStoreCaches(options.storage, {
    ...(options.cacheTtlMs === undefined ? {} : { ttlMs: options.cacheTtlMs }),
    onChange: (change) => {
      signals?.publish({ type: 'cache.stale', ...change });
    },
  });
  return { storage: caches.storage, caches };
}

/** The composition root of the server: picks the adapters and wires them together. */
export function createServerCore(options: ServerCoreOptions): ServerCore {
  const { settings, sealer, clock, log } = options;
  const { storage, caches } = withCaches(options);
  // Declared in dependency order; the one cycle (executions run widgets that start and
  // schedule executions) closes through `widgetServices`, called only once work runs.
  const policy = createDestinationPolicy(settings.allowDestinations, 'HOOKLINE_ALLOW_DESTINATIONS');
  const widgetHttp: HttpClient = createHttpClient({
    policy,
    maxResponseBytes: settings.maxResponseBytes,
  });
  // docs/server.md "Flow end webhook and deliveries": deliveries never follow redirects.
  const deliveryHttp: HttpClient = createHttpClient({
    policy,
    maxRedirects: 0,
    maxResponseBytes: settings.maxResponseBytes,
  });
  const schedule = settings.retryScheduleSeconds ?? DEFAULT_RETRY_SCHEDULE_SECONDS;
  const pending = (): Promise<number> => storage.deliveries.countPendingDeliveries();
  const metrics = createHooklineMetrics(pending, options.queue?.stats.bind(options.queue));
  const scaleOut = scaleOutWiring({ ...options, caches }, settings);

  const dispatcher =
    options.dispatcher === false
      ? undefined
      : createDispatcher({
          deliveries: storage.deliveries,
          webhooks: storage.webhooks,
          http: deliveryHttp,
          allowsPlainHttp: async (accountId) =>
            (await storage.accounts.getAccount(accountId))?.settings.allowPlainHttp === true,
          openSecret: (sealed) => sealer.open(sealed),
          now: () => clock.now(),
          random: Math.random,
          schedule,
          leaseMs: settings.deliveryLeaseMs,
          ...(options.deliveryTimeoutMs !== undefined && { timeoutMs: options.deliveryTimeoutMs }),
          ...(options.dispatcherIdlePollMs === undefined
            ? {}
            : { idlePollMs: options.dispatcherIdlePollMs }),
          log,
          // The privacy purge once the flow end webhook is done commits with the attempt's
          // record (DeliveryStore.recordAttempt, failPendingDeliveries).
          onAttempt: (info) => {
            metrics.deliveryAttempts.inc({ outcome: info.outcome });
          },
          ...scaleOutDispatcherOptions(scaleOut),
        });
  const wakeDispatcher = wakeEverywhere(() => dispatcher?.wake(), scaleOut, 'dispatcher');
  const runs = options.dispatcher !== false;
  const leases = createExecutionLeases({
    storage,
    settings,
    clock,
    log,
    scaleOut: options.scaleOut === true,
    runs,
    executions: () => executions,
  });

  const webhooks = new WebhookService({
    storage,
    sealer,
    policy,
    now: () => clock.now(),
    onEnqueued: wakeDispatcher,
  });

  const widgetServices = (account: Account): WidgetServices => ({
    http: widgetHttp,
    input: NO_INPUT,
    newId: () => newId('msg'),
    nowMs: () => clock.now().getTime(),
    allowPlainHttp: account.settings.allowPlainHttp,
    publicUrl: options.publicUrl(),
    server: {
      savedWebhook: (name) => webhooks.target(account.id, name),
      internal: createInternalServices(account, {
        storage,
        webhooks,
        executions,
        clock,
        publicUrl: options.publicUrl,
        onScheduled: () => {
          scheduler.wake();
        },
        onEnqueued: wakeDispatcher,
      }),
    },
  });

  const executions = new ExecutionService({
    storage,
    flowCache: new FlowCache(storage.flows, (version) => openFlowSecrets(version, sealer)),
    widgetServices,
    clock,
    newId: () => newTimeOrderedId('exec', clock.now().getTime()),
    concurrency: settings.executionConcurrency,
    valueLimits: settings.valueLimits,
    endDeliveries: flowEndDeliveries({
      webhooks,
      schedule,
      now: () => clock.now(),
      publicUrl: options.publicUrl,
      onNotSendable: ({ executionId, id: deliveryId, failureReason }) => {
        log.warn({ executionId, deliveryId, failureReason }, 'flow.completed not sendable');
      },
    }),
    onStarted: (execution) => {
      metrics.executionsStarted.inc();
      scaleOut?.onStarted(execution);
    },
    onEnded: (execution, deliveries) => {
      if (deliveries.length > 0) dispatcher?.wake();
      scaleOut?.onDeliveries(deliveries);
      recordExecutionEnd(metrics, execution, (step) =>
        step.detail === undefined
          ? undefined
          : widgetCatalogue.get(step.type)?.requestOutcome?.(step.detail),
      );
    },
    onError: (error, executionId) => {
      log.error({ err: error, executionId }, 'execution failed unexpectedly');
    },
    ...leases.serviceOptions,
    ...scaleOutExecutionOptions(scaleOut, leases.serviceOptions.claims),
  });

  const scheduler = new ExecutionScheduler({
    executions: storage.executions,
    clock,
    run: (record) => {
      executions.runQueued(record);
    },
    onError: (error) => {
      log.error({ err: error }, 'scheduler failed to look for due executions');
    },
  });

  const retention = new RetentionSweeper({
    store: storage.retention,
    clock,
    maxAgeMs: settings.retentionMaxAgeMs,
    maxExecutions: settings.retentionMaxExecutions,
    onPruned: (table, count) => {
      metrics.retentionPrunedRows.inc({ table }, count);
    },
    onError: (error) => {
      log.error({ err: error }, 'retention failed to prune expired history');
    },
  });

  const apiDependencies: ApiDependencies = {
    storage,
    executions,
    webhooks,
    sealer,
    clock,
    publicUrl: options.publicUrl,
    maxWaitMs: settings.maxWaitMs,
    sessionMs: settings.sessionMs,
    ...(options.health === undefined ? {} : { health: options.health }),
    renderMetrics: () => metrics.render(),
    testWidget: (account, config, variables) =>
      runWidgetTest({
        config,
        variables,
        services: widgetServices(account),
        clock,
        executionId: newId('test'),
        limits: settings.valueLimits,
      }),
  };
  const onUnexpectedError = (error: unknown): void => {
    log.error({ err: error }, 'unexpected API error');
  };
  const onClientGone = (): void => {
    log.debug('the client closed the connection before sending the whole body');
  };
  const api = createApi(apiDependencies, {
    onUnexpectedError,
    onClientGone,
    metricsToken: settings.metricsToken,
  });

  return {
    api,
    triggerListener: (ready) =>
      createTriggerListener(apiDependencies, { ready, onUnexpectedError, onClientGone }),
    executions,
    dispatcher,
    storage,
    async start() {
      await leases.start();
      scaleOut?.start({ executions, dispatcher, scheduler, claims: leases.serviceOptions.claims });
      if (!runs) return;
      scheduler.start();
      executions.startTimeouts();
      dispatcher?.start();
      retention.start();
    },
    async stop() {
      await scaleOut?.stop();
      await leases.stopClaiming();
      scheduler.stop();
      await retention.stop();
      await executions.stop();
      await dispatcher?.stop();
      await leases.release();
      await widgetHttp.close();
      await deliveryHttp.close();
    },
  };
}

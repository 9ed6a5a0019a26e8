import type { Settings } from '../config/index.js';
import {
  createDispatcher,
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  flowCompletedEvent,
  type Dispatcher,
} from '../delivery/index.js';
import type { Clock, Step } from '../engine/index.js';
import { createHooklineMetrics, type HooklineMetrics } from '../metrics/index.js';
import { ExecutionService } from '../executions/execution-service.js';
import { FlowCache } from '../executions/flow-cache.js';
import { runWidgetTest } from '../executions/widget-test.js';
import { ExecutionScheduler } from '../executions/scheduler.js';
import { RetentionSweeper } from '../executions/retention.js';
import { createInternalServices } from './internal-services.js';
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
import type {
  Account,
  DeliveryAttempt,
  DeliveryRecord,
  ExecutionRecord,
  Storage,
} from '../storage/ports.js';
import { openFlowSecrets } from '../webhooks/flow-secrets.js';
import { WebhookService } from '../webhooks/webhook-service.js';
import type { FlowDocument } from '../flow/index.js';
import type { WidgetServices } from '../widgets/index.js';
import type { Logger } from './logger.js';

export interface ServerCoreOptions {
  storage: Storage;
  settings: Settings;
  sealer: Sealer;
  clock: Clock;
  log: Logger;
  /** Base URL for trigger URLs and short links. */
  publicUrl: () => string;
  /** Run the delivery dispatcher in this process (default true). */
  dispatcher?: boolean;
  executionConcurrency?: number;
  /** Delivery attempt timeout (SPEC §4: 15 s); tests shorten it. */
  deliveryTimeoutMs?: number;
  dispatcherIdlePollMs?: number;
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
  start(): Promise<void>;
  /** Graceful: stop taking work, finish running executions, let in-flight deliveries end. */
  stop(): Promise<void>;
}

const NO_INPUT = { next: () => Promise.resolve(undefined) };
const ATTEMPT_POLL_MS = 20;

/** Counts an ended execution and its webhook widgets' request durations. */
function recordExecutionMetrics(metrics: HooklineMetrics, execution: ExecutionRecord): void {
  metrics.executionsEnded.inc({ status: execution.status });
  for (const step of execution.steps as Step[]) {
    if (step.type !== 'webhook' || typeof step.detail?.['status'] !== 'number') continue;
    const outcome = step.detail['errorReason'] === undefined ? 'success' : 'failure';
    metrics.widgetRequestSeconds.observe(step.durationMs / 1000, { outcome });
  }
}

/** Waits for a delivery's first attempt by reading the store (works whichever process sends it). */
async function firstAttempt(
  storage: Storage,
  deliveryId: string,
  timeoutMs: number,
): Promise<DeliveryAttempt | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [attempt] = await storage.deliveries.listAttempts(deliveryId);
    if (attempt || Date.now() >= deadline) return attempt;
    await new Promise((resolve) => setTimeout(resolve, ATTEMPT_POLL_MS));
  }
}

/** The composition root of the server: picks the adapters and wires them together. */
export function createServerCore(options: ServerCoreOptions): ServerCore {
  const { storage, settings, sealer, clock, log } = options;
  const policy = createDestinationPolicy(settings.allowDestinations, 'HOOKLINE_ALLOW_DESTINATIONS');
  const widgetHttp: HttpClient = createHttpClient({
    policy,
    maxResponseBytes: settings.maxResponseBytes,
  });
  // SPEC §4: deliveries never follow redirects.
  const deliveryHttp: HttpClient = createHttpClient({
    policy,
    maxRedirects: 0,
    maxResponseBytes: settings.maxResponseBytes,
  });
  let dispatcher: Dispatcher | undefined;
  const schedule = settings.retryScheduleSeconds ?? DEFAULT_RETRY_SCHEDULE_SECONDS;
  const metrics = createHooklineMetrics(() => storage.deliveries.countPendingDeliveries());

  const webhooks = new WebhookService({
    storage,
    sealer,
    policy,
    now: () => clock.now(),
    onEnqueued: () => dispatcher?.wake(),
  });

  // docs/server.md "Flow end webhook and deliveries": every end of such a flow is recorded.
  const endDeliveries = async (
    execution: ExecutionRecord,
    document: FlowDocument,
  ): Promise<DeliveryRecord[]> => {
    const to = document.settings?.flowEndWebhook;
    if (to === undefined || to === false) return [];
    const event = flowCompletedEvent({
      execution,
      timestamp: execution.endTime ?? clock.now().toISOString(),
    });
    const delivery = await webhooks.deliveryOf(execution.accountId, event, {
      to,
      executionId: execution.id,
      // Entry i of the schedule is the wait before attempt i + 1 (the default's first is 0).
      delaySeconds: schedule[0] ?? 0,
      executionUrl: `${options.publicUrl()}/v1/executions/${execution.id}`,
    });
    if (delivery === undefined) return [];
    if (delivery.failureReason !== null) {
      const { id: deliveryId, failureReason } = delivery;
      log.warn(
        { executionId: execution.id, deliveryId, failureReason },
        'flow.completed not sendable',
      );
    }
    return [delivery];
  };

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
        onEnqueued: () => dispatcher?.wake(),
      }),
    },
  });

  const executions = new ExecutionService({
    storage,
    flowCache: new FlowCache(storage.flows, (version) => openFlowSecrets(version, sealer)),
    widgetServices,
    clock,
    newId: () => newTimeOrderedId('exec', clock.now().getTime()),
    concurrency: options.executionConcurrency ?? 64,
    valueLimits: settings.valueLimits,
    endDeliveries,
    onStarted: () => {
      metrics.executionsStarted.inc();
    },
    onEnded: (execution, deliveries) => {
      if (deliveries.length > 0) dispatcher?.wake();
      recordExecutionMetrics(metrics, execution);
    },
    onError: (error, executionId) => {
      log.error({ err: error, executionId }, 'execution failed unexpectedly');
    },
  });

  if (options.dispatcher !== false) {
    dispatcher = createDispatcher({
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
      ...(options.deliveryTimeoutMs === undefined ? {} : { timeoutMs: options.deliveryTimeoutMs }),
      ...(options.dispatcherIdlePollMs === undefined
        ? {}
        : { idlePollMs: options.dispatcherIdlePollMs }),
      log,
      // SPEC §3's purge once the flow end webhook is done commits with the attempt's record
      // (DeliveryStore.recordAttempt, failPendingDeliveries).
      onAttempt: (info) => {
        metrics.deliveryAttempts.inc({ outcome: info.outcome });
      },
    });
  }

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
    maxWaitMs: 120_000,
    firstAttempt: (deliveryId, timeoutMs) => firstAttempt(storage, deliveryId, timeoutMs),
    wakeDispatcher: () => dispatcher?.wake(),
    renderMetrics: () => metrics.registry.render(),
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
    async start() {
      const recovered = await executions.recover();
      if (recovered > 0) log.info({ recovered }, 'recovered unfinished executions');
      scheduler.start();
      executions.startTimeouts();
      dispatcher?.start();
      retention.start();
    },
    async stop() {
      scheduler.stop();
      await retention.stop();
      await executions.stop();
      await dispatcher?.stop();
      await widgetHttp.close();
      await deliveryHttp.close();
    },
  };
}

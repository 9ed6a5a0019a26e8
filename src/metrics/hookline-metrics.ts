import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Step } from '../engine/index.js';
import type { ExecutionRecord } from '../storage/ports.js';
import { addQueueMetrics, type QueueStats } from './queue-metrics.js';

/**
 * The server's metrics (docs/server.md "Operations") on prom-client, in a registry of their
 * own per server core, with Node's process and event-loop metrics under the same
 * `hookline_` prefix (ADR 0006).
 */
export interface HooklineMetrics {
  executionsStarted: Counter;
  executionsEnded: Counter<'status'>;
  widgetRequestSeconds: Histogram<'outcome'>;
  deliveryAttempts: Counter<'outcome'>;
  retentionPrunedRows: Counter<'table'>;
  /** The Prometheus text of every metric (`GET /metrics`). */
  render(): Promise<string>;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createHooklineMetrics(
  pendingDeliveries: () => Promise<number>,
  queueStats?: () => Promise<readonly QueueStats[]>,
): HooklineMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'hookline_' });
  if (queueStats) addQueueMetrics(registry, queueStats);
  new Gauge({
    name: 'hookline_delivery_queue_depth',
    help: 'Deliveries waiting to be sent (pending).',
    registers,
    async collect() {
      this.set(await pendingDeliveries());
    },
  });
  return {
    executionsStarted: new Counter({
      name: 'hookline_executions_started_total',
      help: 'Executions started.',
      registers,
    }),
    executionsEnded: new Counter({
      name: 'hookline_executions_ended_total',
      help: 'Executions ended, by status (completed, failed).',
      labelNames: ['status'],
      registers,
    }),
    widgetRequestSeconds: new Histogram({
      name: 'hookline_widget_request_duration_seconds',
      help: 'Webhook widget request durations, by outcome (success, failure).',
      labelNames: ['outcome'],
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    deliveryAttempts: new Counter({
      name: 'hookline_delivery_attempts_total',
      help: 'Delivery attempts, by outcome (succeeded, retrying, failed).',
      labelNames: ['outcome'],
      registers,
    }),
    retentionPrunedRows: new Counter({
      name: 'hookline_retention_pruned_rows_total',
      help: 'Rows removed by retention, by table (executions, deliveries, delivery_attempts).',
      labelNames: ['table'],
      registers,
    }),
    render: () => registry.metrics(),
  };
}

/**
 * What a step's outbound request came to (`success`/`failure`), or undefined for a step that
 * made none: the widget that ran it says (docs/architecture.md "The engine and widgets").
 */
export type RequestOutcomeOf = (step: Step) => string | undefined;

/** Counts an ended execution and the durations of the requests its steps made. */
export function recordExecutionEnd(
  metrics: HooklineMetrics,
  execution: ExecutionRecord,
  requestOutcome: RequestOutcomeOf,
): void {
  metrics.executionsEnded.inc({ status: execution.status });
  for (const step of execution.steps as Step[]) {
    const outcome = requestOutcome(step);
    if (outcome !== undefined) {
      metrics.widgetRequestSeconds.observe({ outcome }, step.durationMs / 1000);
    }
  }
}

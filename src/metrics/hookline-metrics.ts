import type { Step } from '../engine/index.js';
import type { ExecutionRecord } from '../storage/ports.js';
import { Counter, Gauge, Histogram, Registry } from './registry.js';

/** The server's metrics (issue: executions, widget request durations, deliveries, queue depth). */
export interface HooklineMetrics {
  registry: Registry;
  executionsStarted: Counter;
  executionsEnded: Counter;
  widgetRequestSeconds: Histogram;
  deliveryAttempts: Counter;
  retentionPrunedRows: Counter;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createHooklineMetrics(pendingDeliveries: () => Promise<number>): HooklineMetrics {
  const registry = new Registry();
  registry.add(
    new Gauge(
      'hookline_delivery_queue_depth',
      'Deliveries waiting to be sent (pending).',
      pendingDeliveries,
    ),
  );
  return {
    registry,
    executionsStarted: registry.add(
      new Counter('hookline_executions_started_total', 'Executions started.'),
    ),
    executionsEnded: registry.add(
      new Counter(
        'hookline_executions_ended_total',
        'Executions ended, by status (completed, failed).',
      ),
    ),
    widgetRequestSeconds: registry.add(
      new Histogram(
        'hookline_widget_request_duration_seconds',
        'Webhook widget request durations, by outcome (success, failure).',
        SECONDS_BUCKETS,
      ),
    ),
    deliveryAttempts: registry.add(
      new Counter(
        'hookline_delivery_attempts_total',
        'Delivery attempts, by outcome (succeeded, retrying, failed).',
      ),
    ),
    retentionPrunedRows: registry.add(
      new Counter(
        'hookline_retention_pruned_rows_total',
        'Rows removed by retention, by table (executions, deliveries, delivery_attempts).',
      ),
    ),
  };
}

/** Counts an ended execution and its webhook widgets' request durations. */
export function recordExecutionEnd(metrics: HooklineMetrics, execution: ExecutionRecord): void {
  metrics.executionsEnded.inc({ status: execution.status });
  for (const step of execution.steps as Step[]) {
    if (step.type !== 'webhook' || typeof step.detail?.['status'] !== 'number') continue;
    const outcome = step.detail['errorReason'] === undefined ? 'success' : 'failure';
    metrics.widgetRequestSeconds.observe(step.durationMs / 1000, { outcome });
  }
}

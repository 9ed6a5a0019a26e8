import { describe, expect, it } from 'vitest';
import { createHooklineMetrics, recordExecutionEnd } from './hookline-metrics.js';
import type { Step } from '../engine/index.js';
import type { ExecutionRecord } from '../storage/ports.js';

const ended = (status: string, steps: unknown[]) =>
  ({ status, steps }) as unknown as ExecutionRecord;

/** As the webhook widget answers: an outcome for a step whose request got a status. */
const requestOutcome = (step: Step): string | undefined =>
  typeof step.detail?.['status'] === 'number'
    ? step.detail['errorReason'] === undefined
      ? 'success'
      : 'failure'
    : undefined;

describe('Hookline metrics', () => {
  it('render every metric with its name and labels in the Prometheus text format', async () => {
    const metrics = createHooklineMetrics(() => Promise.resolve(7));
    metrics.executionsStarted.inc();
    recordExecutionEnd(
      metrics,
      ended('completed', [
        { type: 'webhook', durationMs: 50, detail: { status: 200 } },
        { type: 'webhook', durationMs: 2000, detail: { status: 500, errorReason: 'HTTP_500' } },
        { type: 'store', durationMs: 1 },
      ]),
      requestOutcome,
    );
    recordExecutionEnd(metrics, ended('fa"iled', []), requestOutcome);
    metrics.deliveryAttempts.inc({ outcome: 'succeeded' });
    metrics.retentionPrunedRows.inc({ table: 'executions' }, 3);
    const text = await metrics.render();
    const lines = text.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '# TYPE hookline_delivery_queue_depth gauge',
        'hookline_delivery_queue_depth 7',
        '# TYPE hookline_executions_started_total counter',
        'hookline_executions_started_total 1',
        'hookline_executions_ended_total{status="completed"} 1',
        'hookline_executions_ended_total{status="fa\\"iled"} 1',
        '# TYPE hookline_widget_request_duration_seconds histogram',
        'hookline_widget_request_duration_seconds_bucket{le="0.05",outcome="success"} 1',
        'hookline_widget_request_duration_seconds_bucket{le="1",outcome="failure"} 0',
        'hookline_widget_request_duration_seconds_bucket{le="2.5",outcome="failure"} 1',
        'hookline_widget_request_duration_seconds_bucket{le="+Inf",outcome="failure"} 1',
        'hookline_widget_request_duration_seconds_sum{outcome="failure"} 2',
        'hookline_widget_request_duration_seconds_count{outcome="success"} 1',
        'hookline_delivery_attempts_total{outcome="succeeded"} 1',
        'hookline_retention_pruned_rows_total{table="executions"} 3',
      ]),
    );
  });

  it('keep each server core apart (two cores in one process count separately)', async () => {
    const first = createHooklineMetrics(() => Promise.resolve(0));
    const second = createHooklineMetrics(() => Promise.resolve(0));
    first.executionsStarted.inc();
    expect(await second.render()).toContain('hookline_executions_started_total 0');
  });
});

describe('queue metrics (scale-out mode)', () => {
  it('renders depth by queue and state and the lag in seconds', async () => {
    const metrics = createHooklineMetrics(
      () => Promise.resolve(0),
      () =>
        Promise.resolve([
          { kind: 'execution', waiting: 3, delayed: 1, lagMs: 1500 },
          { kind: 'delivery', waiting: 0, delayed: 7, lagMs: 0 },
        ]),
    );
    const text = await metrics.render();
    expect(text).toContain('hookline_queue_depth{queue="execution",state="waiting"} 3');
    expect(text).toContain('hookline_queue_depth{queue="delivery",state="delayed"} 7');
    expect(text).toContain('hookline_queue_lag_seconds{queue="execution"} 1.5');
  });

  it('leaves the queue gauges out while Redis does not answer; the rest renders', async () => {
    const metrics = createHooklineMetrics(
      () => Promise.resolve(4),
      () => Promise.reject(new Error('Connection is closed.')),
    );
    const text = await metrics.render();
    expect(text).toContain('hookline_delivery_queue_depth 4');
    expect(text).not.toMatch(/hookline_queue_depth\{/);
  });

  it('has no queue gauges in embedded mode', async () => {
    const text = await createHooklineMetrics(() => Promise.resolve(0)).render();
    expect(text).not.toContain('hookline_queue_');
  });
});

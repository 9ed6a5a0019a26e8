import { Gauge, type Registry } from 'prom-client';

/** One job kind's backlog (src/queue/ports.ts QueueStats). */
export interface QueueStats {
  kind: string;
  waiting: number;
  delayed: number;
  lagMs: number;
}

/**
 * The shared queue's depth and lag (scale-out mode, docs/server.md "Operations"), read from
 * Redis once per scrape: both gauges come from the same read.
 */
export function addQueueMetrics(
  registry: Registry,
  queueStats: () => Promise<readonly QueueStats[]>,
): void {
  const registers = [registry];
  let latest: Promise<readonly QueueStats[]> | undefined;
  // The first gauge collected reads; the second uses the same answer.
  // Redis unreachable: the gauges are left out of this scrape (the rest still answers).
  const read = (): Promise<readonly QueueStats[]> => {
    latest ??= queueStats()
      .catch(() => [])
      .finally(() => {
        setImmediate(() => (latest = undefined));
      });
    return latest;
  };
  new Gauge({
    name: 'hookline_queue_lag_seconds',
    help: 'Age of the oldest job waiting to run, by queue (0 when none waits).',
    labelNames: ['queue'],
    registers,
    async collect() {
      this.reset();
      for (const stats of await read()) this.set({ queue: stats.kind }, stats.lagMs / 1000);
    },
  });
  new Gauge({
    name: 'hookline_queue_depth',
    help: 'Jobs in the shared queue, by queue and state (waiting to run, delayed until due).',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const stats of await read()) {
        this.set({ queue: stats.kind, state: 'waiting' }, stats.waiting);
        this.set({ queue: stats.kind, state: 'delayed' }, stats.delayed);
      }
    },
  });
}

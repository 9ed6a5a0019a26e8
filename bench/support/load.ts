import { performance } from 'node:perf_hooks';

/** One execution: resolves with the flow's outcome label (e.g. the end widget reached). */
export type Execution = (index: number) => Promise<string>;

/** What one round of N executions at concurrency C measured. */
export interface RoundResult {
  executions: number;
  elapsedMs: number;
  executionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** process.cpuUsage (user + system) per execution: this process only, not the server. */
  cpuMicrosPerExecution: number;
  rssMb: number;
  /** How many executions ended with each outcome label. */
  outcomes: Map<string, number>;
}

/** The value at quantile `q` (0-1) of an ascending array, nearest rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * Runs `total` executions with `concurrency` in flight: C loops that each take the next
 * index until none is left, so a slow execution never stalls the others.
 */
export async function runRound(
  execute: Execution,
  total: number,
  concurrency: number,
): Promise<RoundResult> {
  const latencies = new Float64Array(total);
  const outcomes = new Map<string, number>();
  let next = 0;
  const loop = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const started = performance.now();
      const outcome = await execute(index);
      latencies[index] = performance.now() - started;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, loop));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort();
  return {
    executions: total,
    elapsedMs,
    executionsPerSecond: (total / elapsedMs) * 1000,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    cpuMicrosPerExecution: (cpu.user + cpu.system) / total,
    rssMb: process.memoryUsage.rss() / (1024 * 1024),
    outcomes,
  };
}

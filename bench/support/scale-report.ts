/**
 * bench/scale.ts's results: one row per measured mode, then the two goals of issue 12 worked
 * out in the output (bench/README.md, "bench:scale").
 */

export interface Measured {
  label: string;
  /** 0 for the embedded mode. */
  workers: number;
  /** Starts in flight (the offered load). */
  inFlight: number;
  executions: number;
  executionsPerSecond: number;
  deliveriesPerSecond: number;
  /** CPU ms per execution of `hookline serve` (the whole embedded process, or the API one). */
  apiCpuMs: number;
  /** CPU ms per execution of every `hookline worker` together. */
  workerCpuMs: number;
  /** CPU ms per execution of the PostgreSQL and Redis servers (machine-wide). */
  serviceCpuMs: number;
  duplicates: number;
}

const GOALS = { cpuRatio: 2, scaling: 1.7 } as const;

const f = (value: number, digits = 2): string => value.toFixed(digits);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The median of `pick` over the rows with `workers` and, when given, `inFlight` starts in
 * flight (by default the least measured with that many workers).
 */
function of(
  results: readonly Measured[],
  workers: number,
  pick: (m: Measured) => number,
  inFlight?: number,
): number {
  const rows = results.filter((m) => m.workers === workers);
  const load = inFlight ?? Math.min(...rows.map((m) => m.inFlight));
  return median(rows.filter((m) => m.inFlight === load).map(pick));
}

export function printResults(results: readonly Measured[]): void {
  console.log(
    '\n| mode | executions/s | deliveries/s | API (serve) CPU ms/exec | worker CPU ms/exec | ' +
      'Hookline CPU ms/exec | PostgreSQL + Redis CPU ms/exec | repeated deliveries |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const m of results) {
    const cells = [
      m.label,
      f(m.executionsPerSecond, 0),
      f(m.deliveriesPerSecond, 0),
      f(m.apiCpuMs),
      m.workers === 0 ? '—' : f(m.workerCpuMs),
      f(m.apiCpuMs + m.workerCpuMs),
      f(m.serviceCpuMs),
      String(m.duplicates),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }

  const hookline = (m: Measured): number => m.apiCpuMs + m.workerCpuMs;
  const embedded = of(results, 0, hookline);
  const oneWorker = of(results, 1, hookline);
  const withServices = of(results, 1, (m) => hookline(m) + m.serviceCpuMs);
  const cpuRatio = oneWorker / embedded;
  console.log('\nGoal 1: CPU per execution, scale-out (API + 1 worker) ÷ embedded ≤ 2');
  console.log(
    `  Hookline processes: ${f(oneWorker)} ÷ ${f(embedded)} = ${f(cpuRatio)} ` +
      `(${cpuRatio <= GOALS.cpuRatio ? 'met' : 'NOT met'}); with the PostgreSQL and Redis ` +
      `servers' CPU (SQLite runs inside the embedded process): ${f(withServices)} ÷ ` +
      `${f(embedded)} = ${f(withServices / embedded)}`,
  );

  // A worker busy on a core of its own runs 1000 / c executions a second, c its CPU ms per
  // execution; k workers run k × 1000 / c_k. The API process and the database must keep up.
  // Each worker offered what one worker was: twice the starts in flight.
  const load1 = Math.min(...results.filter((m) => m.workers === 1).map((m) => m.inFlight));
  const c1 = of(results, 1, (m) => m.workerCpuMs);
  const c2 = of(results, 2, (m) => m.workerCpuMs, 2 * load1);
  const c2Same = of(results, 2, (m) => m.workerCpuMs, load1);
  const scaling = (2 * c1) / c2;
  const api2 = of(results, 2, (m) => m.apiCpuMs, 2 * load1);
  console.log('\nGoal 2: 2 workers ≥ 1.7 × the executions/s of 1, with cores to spare');
  console.log(
    `  worker CPU per execution: 1 worker c1 = ${f(c1)} ms (${load1} in flight), ` +
      `2 workers together c2 = ${f(c2)} ms (${2 * load1} in flight: each offered what one ` +
      `worker was); ` +
      `each worker on its own core: 1 worker 1000 / c1 = ${f(1000 / c1, 0)} executions/s, ` +
      `2 workers 2 × 1000 / c2 = ${f(2000 / c2, 0)} executions/s; ` +
      `ratio 2 × c1 / c2 = ${f(scaling)} (${scaling >= GOALS.scaling ? 'met' : 'NOT met'})`,
  );
  const c1Double = of(results, 1, (m) => m.workerCpuMs, 2 * load1);
  console.log(
    `  at the same total load instead (each of two workers half as busy as one): ` +
      `${load1} in flight: 2 × ${f(c1)} / ${f(c2Same)} = ${f((2 * c1) / c2Same)}; ` +
      `${2 * load1} in flight: 2 × ${f(c1Double)} / ${f(c2)} = ${f((2 * c1Double) / c2)}`,
  );
  console.log(
    `  the API process (${f(api2)} ms per execution) keeps up to ${f(1000 / api2, 0)} ` +
      `executions/s on one core; measured on this machine (every process on the same cores): ` +
      `${f(of(results, 2, (m) => m.executionsPerSecond, 2 * load1) / of(results, 1, (m) => m.executionsPerSecond))}×`,
  );
}

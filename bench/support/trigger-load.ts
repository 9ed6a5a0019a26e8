/**
 * Trigger load with autocannon's programmatic API: C keep-alive connections POST
 * `?wait=true` triggers, each with the next customer id, for a duration or an amount. Every
 * answer is checked (server-flow.ts `wrongAnswer`), and every latency autocannon measures is
 * kept (its `response` event gives it in ms with sub-ms precision; its own histogram keeps
 * whole ms only).
 */
import autocannon from 'autocannon';
import { triggerBody, wrongAnswer } from './server-flow.js';

export interface LoadOptions {
  /** The trigger URL, `?wait=true` included. */
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationSeconds?: number;
  amount?: number;
  /** First customer id (ids go up by one per request). */
  firstId: number;
}

export interface LoadResult {
  /** Answers received (all statuses). */
  completed: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency of every answer, ms, ascending. */
  latencies: Float64Array;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 2xx answers that were not the right execution outcome. */
  wrong: number;
  firstWrong: string | undefined;
  /** Next unused customer id. */
  nextId: number;
}

/** Load runs under way, so an interrupted benchmark can stop them before its servers. */
const active = new Set<autocannon.Instance>();

/** Stops every load run under way (each then resolves with what it measured so far). */
export function stopActiveLoads(): void {
  for (const instance of active) instance.stop();
}

export async function runTriggerLoad(options: LoadOptions): Promise<LoadResult> {
  let nextId = options.firstId;
  let wrong = 0;
  let firstWrong: string | undefined;
  const latencies: number[] = [];
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount === undefined
      ? { duration: options.durationSeconds ?? 10 }
      : { amount: options.amount }),
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request, context) => {
          const id = nextId++;
          context['id'] = id;
          return { ...request, body: triggerBody(id) };
        },
        onResponse: (status, body, context) => {
          const problem = wrongAnswer(Number(context['id']), status, body);
          if (problem === undefined) return;
          wrong += 1;
          firstWrong ??= `${problem}: ${body.slice(0, 300)}`;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  active.add(instance);
  const result = await instance.then(
    (value) => {
      active.delete(instance);
      return value;
    },
    (error: unknown) => {
      active.delete(instance);
      throw error;
    },
  );
  const sorted = Float64Array.from(latencies).sort();
  return {
    completed: sorted.length,
    seconds: result.duration,
    requestsPerSecond: sorted.length / result.duration,
    latencies: sorted,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    wrong,
    firstWrong,
    nextId,
  };
}

/** The value at quantile `q` (0-1) of an ascending array, nearest rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Throws unless every request got a correct 2xx answer. */
export function assertClean(side: string, result: LoadResult): void {
  const problems = [
    result.errors > 0 ? `${result.errors} errors` : '',
    result.timeouts > 0 ? `${result.timeouts} timeouts` : '',
    result.non2xx > 0 ? `${result.non2xx} non-2xx` : '',
    result.wrong > 0 ? `${result.wrong} wrong answers (first: ${result.firstWrong ?? ''})` : '',
    result.completed === 0 ? 'no answer at all' : '',
  ].filter((problem) => problem !== '');
  if (problems.length > 0) throw new Error(`${side}: ${problems.join(', ')}`);
}

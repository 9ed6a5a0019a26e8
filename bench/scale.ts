/**
 * Scale-out benchmark (`npm run bench:scale`): the same work in the embedded mode (one
 * `hookline serve` on SQLite) and in scale-out mode (docs/deploy.md: `hookline serve
 * --no-worker` with 1, then 2 `hookline worker` processes on PostgreSQL and Redis), in one
 * run. See bench/README.md.
 *
 * Each mode: N executions started through `POST /v1/flows/{id}/executions` (C requests in
 * flight) of the benchmark flow (a webhook widget calling the loopback customer API, then a
 * flow end webhook to the loopback receiver), after a warm-up. Measured: executions/s (to the
 * last execution's end, from its event's timestamp), deliveries/s (to the last arrival), the
 * CPU each Hookline child used per execution (/proc/<pid>/stat utime + stime), and the
 * PostgreSQL and Redis servers' CPU (every such process on the machine). Every delivery is
 * verified with `standardwebhooks`.
 *
 * Scale-out is measured twice per mode: with C starts in flight, as embedded is, and with 2 × C
 * (goal 2 compares two workers at 2 × C with one at C: each worker offered the same).
 *
 * Flags: --executions N (2000) --warmup N (200) --in-flight C (32) --concurrency per process
 * (64) --rounds (1: each mode once; more repeat embedded, 1 worker, 2 workers in turn)
 * --profile DIR (CPU profiles of each `serve` and `worker` process, written when it stops).
 */
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { firstMessage, forkChild, TSX_EXEC_ARGV, type ManagedChild } from './support/children.js';
import { callApi, prepareRunner, REPO_ROOT, type Runner } from './support/hookline-process.js';
import { cpuMs } from './support/process-cpu.js';
import { runBench } from './support/bench-run.js';
import { whole } from './support/options.js';
import { startEmbedded, startScaleOut, type Stack } from './support/scale-stack.js';
import { benchFlowDocument, noteFor } from './support/server-flow.js';
import { printResults, type Measured } from './support/scale-report.js';

interface Options {
  executions: number;
  warmup: number;
  inFlight: number;
  concurrency: number;
  rounds: number;
  profile: string | undefined;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      executions: { type: 'string' },
      warmup: { type: 'string' },
      'in-flight': { type: 'string' },
      concurrency: { type: 'string' },
      rounds: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  return {
    executions: whole('executions', values.executions, 2000, 1),
    warmup: whole('warmup', values.warmup, 200, 0),
    inFlight: whole('in-flight', values['in-flight'], 32, 1),
    concurrency: whole('concurrency', values.concurrency, 64, 1),
    rounds: whole('rounds', values.rounds, 1, 1),
    profile: values.profile,
  };
}

interface Bench {
  options: Options;
  runner: Runner;
  root: string;
  customerPort: number;
  receiver: ManagedChild;
  receiverPort: number;
  nextId: number;
}

/** CPU ms of every PostgreSQL and Redis server process on the machine, by pid. */
async function serviceCpu(): Promise<Map<number, number>> {
  const byPid = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = (await readFile(`/proc/${entry}/comm`, 'utf8')).trim();
      if (comm !== 'postgres' && comm !== 'redis-server') continue;
      byPid.set(Number(entry), await cpuMs(Number(entry)));
    } catch {
      // The process ended meanwhile.
    }
  }
  return byPid;
}

function serviceCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Starts `count` executions, `inFlight` requests at a time. */
async function startExecutions(
  bench: Bench,
  stack: Stack,
  flowId: string,
  count: number,
  inFlight: number,
) {
  let started = 0;
  const loop = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      const id = bench.nextId++;
      await callApi(stack.api.url, stack.apiKey, 'POST', `/v1/flows/${flowId}/executions`, {
        variables: { customer_id: String(id), note: noteFor(id) },
      });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
}

interface ReceiverStats {
  count: number;
  lastMs: number | null;
}

/** Polls the receiver until it has `count` deliveries; fails when progress stops for 30 s. */
async function waitForDeliveries(bench: Bench, count: number): Promise<ReceiverStats> {
  let stats = await bench.receiver.call<ReceiverStats>('stats');
  let seen = stats.count;
  let lastProgress = Date.now();
  while (stats.count < count) {
    if (Date.now() - lastProgress > 30_000) {
      throw new Error(`the receiver got ${stats.count} of ${count} deliveries (stalled for 30 s)`);
    }
    await sleep(50);
    stats = await bench.receiver.call<ReceiverStats>('stats');
    if (stats.count > seen) [seen, lastProgress] = [stats.count, Date.now()];
  }
  return stats;
}

async function measure(bench: Bench, stack: Stack, inFlight: number): Promise<Measured> {
  const { executions, warmup } = bench.options;
  const { secret } = await callApi<{ secret: string }>(
    stack.api.url,
    stack.apiKey,
    'POST',
    '/v1/webhooks',
    {
      name: `bench-${inFlight}`,
      url: `http://127.0.0.1:${bench.receiverPort}/hookline`,
      isDefault: true,
    },
  );
  const flow = await callApi<{ id: string }>(
    stack.api.url,
    stack.apiKey,
    'POST',
    '/v1/flows',
    benchFlowDocument(bench.customerPort, true),
  );
  await bench.receiver.call('reset');
  await startExecutions(bench, stack, flow.id, warmup, inFlight);
  await waitForDeliveries(bench, warmup);
  await sleep(500);
  await bench.receiver.call('reset');

  const pids = [stack.api.child, ...stack.workers].map((child) => child.process.pid);
  const before = await Promise.all(pids.map(cpuMs));
  const servicesBefore = await serviceCpu();
  const startMs = Date.now();
  await startExecutions(bench, stack, flow.id, executions, inFlight);
  const stats = await waitForDeliveries(bench, executions);
  const { lastEventMs } = await bench.receiver.call<{ lastEventMs: number }>('lastEventAt');
  // The last attempts' results are stored just after their arrival.
  await sleep(300);
  const after = await Promise.all(pids.map(cpuMs));
  const servicesMs = serviceCpuSince(servicesBefore, await serviceCpu());
  const check = await bench.receiver.call<{ verified: number; failed: number; duplicates: number }>(
    'verify',
    { secret },
  );
  if (check.failed > 0) throw new Error(`${stack.label}: ${check.failed} deliveries do not verify`);
  const used = after.map((ms, index) => ms - (before[index] ?? 0));
  return {
    label:
      inFlight === bench.options.inFlight ? stack.label : `${stack.label}, ${inFlight} in flight`,
    workers: stack.workers.length,
    inFlight,
    executions,
    executionsPerSecond: executions / ((lastEventMs - startMs) / 1000),
    deliveriesPerSecond: executions / (((stats.lastMs ?? startMs) - startMs) / 1000),
    apiCpuMs: (used[0] ?? Number.NaN) / executions,
    workerCpuMs: used.slice(1).reduce((sum, ms) => sum + ms, 0) / executions,
    serviceCpuMs: servicesMs / executions,
    duplicates: check.duplicates,
  };
}

async function startReceiver(): Promise<{ receiver: ManagedChild; port: number }> {
  const receiver = forkChild({
    name: 'receiver',
    script: new URL('./support/receiver.ts', import.meta.url).pathname,
    execArgv: TSX_EXEC_ARGV,
  });
  const { port } = await firstMessage<{ type: 'listening'; port: number }>(receiver, 'listening');
  return { receiver, port };
}

async function main(): Promise<void> {
  const options = readOptions();
  await runBench('scale', async (root, customerApi) => {
    const [one, five] = loadavg();
    console.log(
      `node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'}), ` +
        `load average ${(one ?? 0).toFixed(2)} / ${(five ?? 0).toFixed(2)}; ` +
        `${options.executions} executions per mode after ${options.warmup} warm-up, ` +
        `${options.inFlight} starts in flight, concurrency ${options.concurrency} per process`,
    );
    const runner = await prepareRunner('compiled', REPO_ROOT);
    const { receiver, port } = await startReceiver();
    const bench: Bench = {
      options,
      runner,
      root: `${root}/`,
      customerPort: customerApi.port,
      receiver,
      receiverPort: port,
      nextId: 0,
    };
    const results: Measured[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const dir = `${root}/r${round}`;
      // One directory per server inside (`embedded`, `api-1`, `api-2`).
      const profile = options.profile === undefined ? undefined : `${options.profile}/r${round}`;
      const starts = [
        () => startEmbedded(runner, dir, options.concurrency, profile),
        () => startScaleOut(runner, dir, 1, options.concurrency, profile),
        () => startScaleOut(runner, dir, 2, options.concurrency, profile),
      ];
      for (const start of starts) {
        const stack = await start();
        try {
          // Scale-out at C and 2 × C starts in flight: goal 2 compares two workers offered
          // 2 × C with one offered C, each worker offered the same (bench/README.md
          // "Scale-out"); the other two show how CPU per execution moves with the load.
          const loads = [options.inFlight];
          if (stack.workers.length > 0) loads.push(options.inFlight * 2);
          for (const inFlight of loads) {
            const result = await measure(bench, stack, inFlight);
            results.push(result);
            console.log(
              `${result.label}: ${result.executionsPerSecond.toFixed(0)} executions/s, ` +
                `${result.deliveriesPerSecond.toFixed(0)} deliveries/s`,
            );
          }
        } finally {
          await stack.close();
        }
      }
    }
    printResults(results);
  });
}

await main();

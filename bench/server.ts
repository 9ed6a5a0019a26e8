/**
 * Server benchmark (`npm run bench:server`): a real `hookline serve` child process on
 * loopback, measured three ways with one load generator (autocannon, programmatic API).
 * See bench/README.md.
 *
 * 1. Trigger throughput: `POST <trigger URL>?wait=true` for a one-webhook flow, Hookline vs
 *    a handwritten node:http + undici server doing the same request, mapping and answer, and
 *    vs the same handwritten server keeping a durable SQLite record of each execution.
 *    Same autocannon settings, warm-up, then interleaved rounds (A B C C B A ...).
 * 2. Deliveries per second: N executions of a flow with `settings.flowEndWebhook` on a
 *    server started `--no-worker` (their deliveries stay pending), then a restart WITH the
 *    worker; the receiver's arrival times give the drain rate. Every delivery's signature
 *    is then verified with `standardwebhooks`.
 * 3. End -> first attempt: executions started one at a time (spaced) on the worker-on
 *    server; from each execution's `endTime` (API) to its flow.completed's arrival.
 *
 * Flags: --connections (32) --duration s (10) --warmup s (3) --rounds per side (2)
 * --deliveries N (5000) --drain-warmup N (1000) --latency-count N (300) --spacing ms (20) --server compiled|bin (compiled)
 * --repo DIR (the checkout whose hookline runs; default this one) --profile DIR (CPU
 * profiles of every `hookline serve` child, written when each stops) --only
 * trigger,deliveries,latency (a subset).
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { firstMessage, forkChild, TSX_EXEC_ARGV, type ManagedChild } from './support/children.js';
import {
  callApi,
  createAccount,
  prepareRunner,
  REPO_ROOT,
  startHookline,
  type HooklineServer,
  type Runner,
  type RunnerMode,
} from './support/hookline-process.js';
import { cpuMs } from './support/process-cpu.js';
import { benchFlowDocument, triggerBody, wrongAnswer } from './support/server-flow.js';
import { runBench } from './support/bench-run.js';
import type { LoopbackServer } from './support/server-process.js';
import { assertClean, quantile, runTriggerLoad, type LoadResult } from './support/trigger-load.js';
import { serverMode, whole } from './support/options.js';

type Measure = 'trigger' | 'deliveries' | 'latency';
const MEASURES: readonly Measure[] = ['trigger', 'deliveries', 'latency'];

interface Options {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  deliveries: number;
  /** Deliveries drained first, before the measured ones (the restarted process warms up). */
  drainWarmup: number;
  latencyCount: number;
  spacingMs: number;
  server: RunnerMode;
  /** The checkout whose `hookline` is measured (trailing slash). */
  repoRoot: string;
  profileDir: string | undefined;
  only: ReadonlySet<Measure>;
}

const GOALS = { ratio: 0.8, deliveriesPerSecond: 2000, p99EndToAttemptMs: 100 } as const;

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      deliveries: { type: 'string' },
      'drain-warmup': { type: 'string' },
      'latency-count': { type: 'string' },
      spacing: { type: 'string' },
      server: { type: 'string' },
      repo: { type: 'string' },
      profile: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const server = serverMode(values.server);
  const only = (values.only ?? MEASURES.join(',')).split(',').map((name) => name.trim());
  for (const name of only) {
    if (!MEASURES.includes(name as Measure)) throw new Error(`--only: unknown measure "${name}"`);
  }
  return {
    connections: whole('connections', values.connections, 32, 1),
    durationSeconds: whole('duration', values.duration, 10, 1),
    warmupSeconds: whole('warmup', values.warmup, 3, 0),
    rounds: whole('rounds', values.rounds, 2, 1),
    deliveries: whole('deliveries', values.deliveries, 5000, 2),
    drainWarmup: whole('drain-warmup', values['drain-warmup'], 1000, 0),
    latencyCount: whole('latency-count', values['latency-count'], 300, 1),
    spacingMs: whole('spacing', values.spacing, 20, 0),
    server,
    repoRoot: values.repo === undefined ? REPO_ROOT : `${resolve(values.repo)}/`,
    profileDir: values.profile === undefined ? undefined : resolve(values.profile),
    only: new Set(only as Measure[]),
  };
}

/** Everything the three measures share. */
interface Bench {
  options: Options;
  runner: Runner;
  root: string;
  customerApi: LoopbackServer;
  receiver: ManagedChild;
  receiverPort: number;
  /** Next customer id: every trigger of the run gets its own. */
  nextId: number;
}

interface SummaryRow {
  measure: string;
  result: string;
  goal: string;
  met: boolean;
}

const fixed = (value: number, digits = 0): string => value.toFixed(digits);

// ---------------------------------------------------------------------------------------
// 1. Trigger throughput

interface Side {
  name: 'hookline' | 'handwritten' | 'handwritten+sqlite';
  url: string;
  pid: number | undefined;
}

interface Round {
  load: LoadResult;
  /** Server-under-test CPU (user + system) during the round, ms. */
  serverCpuMs: number;
  /** The load generator's (this process) CPU during the round, ms. */
  loadCpuMs: number;
}

async function measureRound(bench: Bench, side: Side, seconds: number): Promise<Round> {
  const serverBefore = await cpuMs(side.pid);
  const loadBefore = process.cpuUsage();
  const load = await runTriggerLoad({
    url: side.url,
    connections: bench.options.connections,
    durationSeconds: seconds,
    firstId: bench.nextId,
  });
  const loadCpu = process.cpuUsage(loadBefore);
  const serverCpuMs = (await cpuMs(side.pid)) - serverBefore;
  bench.nextId = load.nextId;
  assertClean(side.name, load);
  return { load, serverCpuMs, loadCpuMs: (loadCpu.user + loadCpu.system) / 1000 };
}

const ROUND_HEADER =
  '| side | req/s | p50 ms | p99 ms | requests | errors | non-2xx | server CPU % | server CPU ms/req | autocannon CPU % |';
const ROUND_RULE = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';

function roundRow(name: string, rounds: readonly Round[]): string {
  const completed = rounds.reduce((sum, round) => sum + round.load.completed, 0);
  const seconds = rounds.reduce((sum, round) => sum + round.load.seconds, 0);
  const serverCpu = rounds.reduce((sum, round) => sum + round.serverCpuMs, 0);
  const loadCpu = rounds.reduce((sum, round) => sum + round.loadCpuMs, 0);
  const latencies = Float64Array.from(rounds.flatMap((round) => [...round.load.latencies])).sort();
  const errors = rounds.reduce((sum, round) => sum + round.load.errors + round.load.timeouts, 0);
  const non2xx = rounds.reduce((sum, round) => sum + round.load.non2xx, 0);
  const cells = [
    name,
    fixed(completed / seconds),
    fixed(quantile(latencies, 0.5), 2),
    fixed(quantile(latencies, 0.99), 2),
    String(completed),
    String(errors),
    String(non2xx),
    fixed(serverCpu / (seconds * 10)),
    fixed(serverCpu / completed, 3),
    fixed(loadCpu / (seconds * 10)),
  ];
  return `| ${cells.join(' | ')} |`;
}

async function measureThroughput(bench: Bench): Promise<{ ratio: number; rows: SummaryRow[] }> {
  const { options, runner } = bench;
  const dataDir = join(bench.root, 'trigger');
  await mkdir(dataDir);
  const account = await createAccount(runner, dataDir);
  const hookline = await startHookline({
    runner,
    dataDir,
    worker: true,
    profileDir: options.profileDir,
    label: 'hookline-trigger',
  });
  const forkHandwritten = (name: string, args: string[]) =>
    forkChild({
      name,
      script: runner.handwrittenScript,
      execArgv: runner.handwrittenExecArgv,
      args: [String(bench.customerApi.port), ...args],
    });
  const handwritten = forkHandwritten('handwritten server', []);
  const storing = forkHandwritten('handwritten + SQLite server', [join(dataDir, 'handwritten.db')]);
  try {
    const flow = await callApi<{ id: string }>(
      hookline.url,
      account.apiKey,
      'POST',
      '/v1/flows',
      benchFlowDocument(bench.customerApi.port, false),
    );
    const trigger = await callApi<{ url: string }>(
      hookline.url,
      account.apiKey,
      'POST',
      `/v1/flows/${flow.id}/trigger-url`,
    );
    const listening = (child: typeof handwritten) =>
      firstMessage<{ type: 'listening'; port: number }>(child, 'listening');
    const { port } = await listening(handwritten);
    const { port: storingPort } = await listening(storing);
    const sides: Side[] = [
      { name: 'hookline', url: `${trigger.url}?wait=true`, pid: hookline.child.process.pid },
      {
        name: 'handwritten',
        url: `http://127.0.0.1:${port}/t/handwritten?wait=true`,
        pid: handwritten.process.pid,
      },
      {
        name: 'handwritten+sqlite',
        url: `http://127.0.0.1:${storingPort}/t/handwritten?wait=true`,
        pid: storing.process.pid,
      },
    ];
    console.log(
      `\n## 1. Trigger throughput: POST /t/<token>?wait=true, ` +
        `${options.connections} connections, ${options.durationSeconds} s rounds, ` +
        `${options.warmupSeconds} s warm-up per side`,
    );
    if (options.warmupSeconds > 0) {
      for (const side of sides) await measureRound(bench, side, options.warmupSeconds);
    }
    const rounds = new Map<string, Round[]>(sides.map((side) => [side.name, []]));
    console.log(`\nrounds (ABCCBA order):\n${ROUND_HEADER}\n${ROUND_RULE}`);
    for (let index = 0; index < options.rounds * sides.length; index += 1) {
      // A B C C B A A B C ...: every side equally often early and late in a pair of passes.
      const pass = Math.floor(index / sides.length);
      const position = index % sides.length;
      const side = sides[pass % 2 === 0 ? position : sides.length - 1 - position];
      if (!side) continue;
      const round = await measureRound(bench, side, options.durationSeconds);
      rounds.get(side.name)?.push(round);
      console.log(roundRow(`${side.name} #${rounds.get(side.name)?.length ?? 0}`, [round]));
    }
    console.log(`\nall rounds of each side pooled:\n${ROUND_HEADER}\n${ROUND_RULE}`);
    for (const side of sides) console.log(roundRow(side.name, rounds.get(side.name) ?? []));
    const rate = (name: string): number => {
      const list = rounds.get(name) ?? [];
      const completed = list.reduce((sum, round) => sum + round.load.completed, 0);
      return completed / list.reduce((sum, round) => sum + round.load.seconds, 0);
    };
    const ratio = rate('hookline') / rate('handwritten');
    // Steadier than req/s on a busy machine: the server's own CPU per answered request.
    const cpuPerRequest = (name: string): number => {
      const list = rounds.get(name) ?? [];
      const cpu = list.reduce((sum, round) => sum + round.serverCpuMs, 0);
      return cpu / list.reduce((sum, round) => sum + round.load.completed, 0);
    };
    for (const baseline of ['handwritten', 'handwritten+sqlite']) {
      const cpuRatio = cpuPerRequest('hookline') / cpuPerRequest(baseline);
      console.log(`server CPU per request, Hookline ÷ ${baseline}: ${cpuRatio.toFixed(1)}x`);
    }
    const storingRatio = rate('hookline') / rate('handwritten+sqlite');
    return {
      ratio,
      rows: [
        {
          measure: 'trigger ?wait=true throughput, Hookline ÷ handwritten',
          result: `${ratio.toFixed(2)} (${fixed(rate('hookline'))} vs ${fixed(rate('handwritten'))} req/s)`,
          goal: `≥ ${GOALS.ratio}`,
          met: ratio >= GOALS.ratio,
        },
        {
          measure: 'the same, Hookline ÷ handwritten + SQLite (durable record per execution)',
          result: `${storingRatio.toFixed(2)} (${fixed(rate('hookline'))} vs ${fixed(rate('handwritten+sqlite'))} req/s)`,
          goal: `≥ ${GOALS.ratio}`,
          met: storingRatio >= GOALS.ratio,
        },
      ],
    };
  } finally {
    await storing.stop();
    await handwritten.stop();
    await hookline.stop();
  }
}

// ---------------------------------------------------------------------------------------
// 2. and 3. Deliveries

interface DeliveryStack {
  dataDir: string;
  apiKey: string;
  secret: string;
  /** `/t/<token>`: the server's port changes on every restart. */
  triggerPath: string;
  server: HooklineServer;
}

const triggerUrl = (stack: DeliveryStack): string =>
  `${stack.server.url}${stack.triggerPath}?wait=true`;

async function startDeliveryStack(bench: Bench, worker: boolean): Promise<DeliveryStack> {
  const dataDir = join(bench.root, 'deliveries');
  await mkdir(dataDir);
  const { apiKey } = await createAccount(bench.runner, dataDir);
  const server = await startHookline({
    runner: bench.runner,
    dataDir,
    worker,
    profileDir: bench.options.profileDir,
    label: worker ? 'hookline-deliveries' : 'hookline-no-worker',
  });
  try {
    const webhook = await callApi<{ secret: string }>(server.url, apiKey, 'POST', '/v1/webhooks', {
      name: 'bench receiver',
      url: `http://127.0.0.1:${bench.receiverPort}/hookline`,
      isDefault: true,
    });
    const flow = await callApi<{ id: string }>(
      server.url,
      apiKey,
      'POST',
      '/v1/flows',
      benchFlowDocument(bench.customerApi.port, true),
    );
    const trigger = await callApi<{ url: string }>(
      server.url,
      apiKey,
      'POST',
      `/v1/flows/${flow.id}/trigger-url`,
    );
    return {
      dataDir,
      apiKey,
      secret: webhook.secret,
      triggerPath: new URL(trigger.url).pathname,
      server,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** `hookline_delivery_queue_depth` from GET /metrics. */
async function queueDepth(stack: DeliveryStack): Promise<number> {
  const response = await fetch(`${stack.server.url}/metrics`, {
    signal: AbortSignal.timeout(30_000),
    headers: { authorization: `Bearer ${stack.apiKey}` },
  });
  const text = await response.text();
  const match = /^hookline_delivery_queue_depth(?:\{[^}]*\})? (\d+)/m.exec(text);
  if (!response.ok || !match?.[1]) throw new Error(`GET /metrics: no queue depth\n${text}`);
  return Number(match[1]);
}

interface ReceiverStats {
  count: number;
  firstMs: number | null;
  lastMs: number | null;
}

/** Polls the receiver until it has `count` deliveries; fails when progress stops for 20 s. */
async function waitForDeliveries(bench: Bench, count: number): Promise<ReceiverStats> {
  const stallMs = 20_000;
  let stats = await bench.receiver.call<ReceiverStats>('stats');
  let lastProgress = Date.now();
  let seen = stats.count;
  // Bounded: at most one stall period per delivery, polling every 50 ms.
  for (let poll = 0; poll < (count * stallMs) / 50 && stats.count < count; poll += 1) {
    await sleep(50);
    stats = await bench.receiver.call<ReceiverStats>('stats');
    if (stats.count > seen) {
      seen = stats.count;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > stallMs) {
      break;
    }
  }
  if (stats.count < count) {
    throw new Error(`the receiver got ${stats.count} of ${count} deliveries (stalled for 20 s)`);
  }
  return stats;
}

async function waitForEmptyQueue(stack: DeliveryStack): Promise<void> {
  for (let poll = 0; poll < 200; poll += 1) {
    if ((await queueDepth(stack)) === 0) return;
    await sleep(50);
  }
  throw new Error(`deliveries still pending 10 s after the receiver got them all`);
}

async function measureDrain(bench: Bench): Promise<{ row: SummaryRow; stack: DeliveryStack }> {
  const { options } = bench;
  const n = options.deliveries;
  const warmup = options.drainWarmup;
  const total = n + warmup;
  let stack = await startDeliveryStack(bench, false);
  try {
    console.log(
      `\n## 2. Deliveries per second: ${total} executions with flowEndWebhook on a --no-worker ` +
        `server, then a restart with the worker; the rate is measured over the last ${n} ` +
        `(the first ${warmup} warm the restarted process up)`,
    );
    await bench.receiver.call('reset');
    const created = await runTriggerLoad({
      url: triggerUrl(stack),
      connections: options.connections,
      amount: total,
      firstId: bench.nextId,
    });
    bench.nextId = created.nextId;
    assertClean('executions for the drain', created);
    if (created.completed !== total) {
      throw new Error(`${created.completed} of ${total} executions ran`);
    }
    const pending = await queueDepth(stack);
    const early = await bench.receiver.call<ReceiverStats>('stats');
    if (pending !== total || early.count !== 0) {
      throw new Error(
        `expected ${total} pending deliveries and none received; got ${pending}, ${early.count}`,
      );
    }
    console.log(
      `${total} executions ended in ${created.seconds.toFixed(1)} s ` +
        `(${fixed(created.requestsPerSecond)}/s, ${options.connections} connections, no worker); ` +
        `${pending} deliveries pending`,
    );
    await stack.server.stop();
    const server = await startHookline({
      runner: bench.runner,
      dataDir: stack.dataDir,
      worker: true,
      profileDir: options.profileDir,
      label: 'hookline-drain',
    });
    stack = { ...stack, server };
    const stats = await waitForDeliveries(bench, total);
    const firstMs = stats.firstMs ?? Number.NaN;
    const lastMs = stats.lastMs ?? Number.NaN;
    const arrivalAt = async (index: number): Promise<number> =>
      (await bench.receiver.call<{ arrivalMs: number }>('arrivalAt', { index })).arrivalMs;
    // Measured: the n deliveries after the warm-up ones.
    const measuredStart = warmup === 0 ? firstMs : await arrivalAt(warmup);
    const rate = ((n - 1) * 1000) / (lastMs - measuredStart);
    // Cold: every delivery, from the restarted process's first one.
    const coldRate = ((stats.count - 1) * 1000) / (lastMs - firstMs);
    const fromListening = (stats.count * 1000) / (lastMs - server.listeningAtMs);
    // The rate over the last tenth shows a short queue.
    const tail = Math.max(2, Math.floor(n / 10));
    const tailRate = ((tail - 1) * 1000) / (lastMs - (await arrivalAt(stats.count - tail)));
    const { buckets } = await bench.receiver.call<{ buckets: number[] }>('timeline', {
      bucketMs: 1000,
    });
    await waitForEmptyQueue(stack);
    const check = await bench.receiver.call<{
      verified: number;
      failed: number;
      firstError: string | null;
      duplicates: number;
    }>('verify', { secret: stack.secret });
    if (check.failed > 0 || check.verified !== stats.count) {
      throw new Error(
        `${check.failed} deliveries failed signature verification: ${check.firstError ?? ''}`,
      );
    }
    console.log(
      `drained ${stats.count} deliveries: first arrival ${fixed(firstMs - server.listeningAtMs)} ms ` +
        `after "listening", last ${fixed(lastMs - firstMs)} ms after the first → ` +
        `${fixed(rate)} deliveries/s over the last ${n} (all ${stats.count} from the first ` +
        `arrival: ${fixed(coldRate)}/s; from "listening": ${fixed(fromListening)}/s; ` +
        `${fixed(tailRate)}/s over the last ${tail}, with a short queue)`,
    );
    console.log(`arrivals per second: ${buckets.join(', ')}`);
    console.log(
      `signatures: ${check.verified}/${stats.count} verified with standardwebhooks; ` +
        `${check.duplicates} repeated webhook-id(s)`,
    );
    return {
      stack,
      row: {
        measure: `deliveries/s (drain of ${total} pending after a restart; the last ${n} measured)`,
        result:
          `${fixed(rate)}/s (all ${stats.count} from the first: ${fixed(coldRate)}/s; ` +
          `last ${tail}: ${fixed(tailRate)}/s); ${check.verified} signed, verified`,
        goal: `≥ ${GOALS.deliveriesPerSecond}/s`,
        met: rate >= GOALS.deliveriesPerSecond,
      },
    };
  } catch (error) {
    await stack.server.stop();
    throw error;
  }
}

async function measureEndToAttempt(bench: Bench, stack: DeliveryStack): Promise<SummaryRow> {
  const { options } = bench;
  const count = options.latencyCount;
  console.log(
    `\n## 3. End → first attempt: ${count} executions one at a time, ${options.spacingMs} ms apart`,
  );
  await bench.receiver.call('reset');
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const executionIds: string[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      const id = bench.nextId++;
      const response = await request(triggerUrl(stack), {
        dispatcher: agent,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: triggerBody(id),
      });
      const text = await response.body.text();
      const problem = wrongAnswer(id, response.statusCode, text);
      if (problem !== undefined) throw new Error(`trigger ${id}: ${problem}`);
      executionIds.push((JSON.parse(text) as { id: string }).id);
      if (options.spacingMs > 0) await sleep(options.spacingMs);
    }
    await waitForDeliveries(bench, count);
    const { arrivals } = await bench.receiver.call<{ arrivals: [string, number][] }>('arrivals');
    const arrivedAt = new Map(arrivals);
    const latencies = new Float64Array(count);
    // Eight reads at a time: the API's `endTime` of each execution.
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < executionIds.length) {
        const index = next++;
        const executionId = executionIds[index] ?? '';
        const execution = await callApi<{ endTime: string | null }>(
          stack.server.url,
          stack.apiKey,
          'GET',
          `/v1/executions/${executionId}`,
        );
        const arrival = arrivedAt.get(executionId);
        if (execution.endTime === null || arrival === undefined) {
          throw new Error(`${executionId}: no endTime or no delivery received`);
        }
        latencies[index] = arrival - Date.parse(execution.endTime);
      }
    };
    await Promise.all(Array.from({ length: 8 }, reader));
    latencies.sort();
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);
    const max = latencies[latencies.length - 1] ?? Number.NaN;
    console.log(
      `endTime → arrival: p50 ${fixed(p50, 1)} ms, p99 ${fixed(p99, 1)} ms, ` +
        `max ${fixed(max, 1)} ms, min ${fixed(latencies[0] ?? Number.NaN, 1)} ms (${count} executions)`,
    );
    return {
      measure: `end → first attempt arrival, p99 (p50), ${count} spaced executions`,
      result: `${fixed(p99, 1)} ms (${fixed(p50, 1)} ms)`,
      goal: `< ${GOALS.p99EndToAttemptMs} ms`,
      met: p99 < GOALS.p99EndToAttemptMs,
    };
  } finally {
    await agent.close();
  }
}

// ---------------------------------------------------------------------------------------

async function startReceiver(): Promise<{ receiver: ManagedChild; port: number }> {
  const receiver = forkChild({
    name: 'receiver',
    script: new URL('./support/receiver.ts', import.meta.url).pathname,
    execArgv: TSX_EXEC_ARGV,
  });
  const { port } = await firstMessage<{ type: 'listening'; port: number }>(receiver, 'listening');
  return { receiver, port };
}

function describeMachine(options: Options): string {
  const [one, five] = loadavg();
  return (
    `node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'}), ` +
    `load average ${fixed(one ?? 0, 2)} / ${fixed(five ?? 0, 2)}; hookline serve: ` +
    (options.server === 'bin'
      ? 'node bin/hookline.js'
      : 'dist/cli/main.js (or an esbuild bundle of src/cli/main.ts before dist/), plain node') +
    ` from ${options.repoRoot}`
  );
}

async function main(): Promise<void> {
  const options = readOptions();
  await runBench('server', async (root, customerApi) => {
    console.log(describeMachine(options));
    if (options.profileDir !== undefined) await mkdir(options.profileDir, { recursive: true });
    const runner = await prepareRunner(options.server, options.repoRoot);
    const { receiver, port } = await startReceiver();
    const bench: Bench = {
      options,
      runner,
      root,
      customerApi,
      receiver,
      receiverPort: port,
      nextId: 0,
    };
    const rows: SummaryRow[] = [];
    let ratio: number | undefined;
    if (options.only.has('trigger')) {
      const throughput = await measureThroughput(bench);
      ratio = throughput.ratio;
      rows.push(...throughput.rows);
    }
    if (options.only.has('deliveries') || options.only.has('latency')) {
      let stack: DeliveryStack | undefined;
      try {
        if (options.only.has('deliveries')) {
          const drain = await measureDrain(bench);
          stack = drain.stack;
          rows.push(drain.row);
        } else {
          stack = await startDeliveryStack(bench, true);
        }
        if (options.only.has('latency')) rows.push(await measureEndToAttempt(bench, stack));
      } finally {
        await stack?.server.stop();
      }
    }
    if (options.profileDir !== undefined) {
      console.log(`\nCPU profiles of the hookline serve children: ${options.profileDir}`);
    }
    console.log('\n## Summary\n\n| measure | result | goal | met |\n| --- | --- | --- | --- |');
    for (const row of rows) {
      console.log(`| ${row.measure} | ${row.result} | ${row.goal} | ${row.met ? 'yes' : 'NO'} |`);
    }
    if (ratio !== undefined) console.log(`\nserver/handwritten ratio: ${ratio.toFixed(2)}`);
  });
}

await main();

/**
 * Soak benchmark (`npm run bench:soak`): trigger load at full rate against a real
 * `hookline serve` child for minutes, sampling its memory (RSS) and the size of its data
 * directory every few seconds, then a quiet period. Memory should reach a plateau (nothing
 * kept per request once answered), and with a retention cap the database file too. The
 * bytes stored per execution are measured before the first prune. See bench/README.md.
 *
 * Flags: --duration s (180) --idle s (20, no load after it) --sample s (5) --connections
 * (32) --keep N (HOOKLINE_RETENTION_MAX_EXECUTIONS for the run, 200000; 0: no cap)
 * --server compiled|bin (compiled) --repo DIR (the checkout whose hookline runs; default this
 * one, e.g. an older commit to compare with).
 */
import { mkdir, stat } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import {
  callApi,
  createAccount,
  prepareRunner,
  REPO_ROOT,
  startHookline,
  type HooklineServer,
  type RunnerMode,
} from './support/hookline-process.js';
import { rssBytes } from './support/process-memory.js';
import { benchFlowDocument } from './support/server-flow.js';
import { runBench } from './support/bench-run.js';
import type { LoopbackServer } from './support/server-process.js';
import { assertClean, runTriggerLoad } from './support/trigger-load.js';
import { serverMode, whole } from './support/options.js';

interface Options {
  durationSeconds: number;
  idleSeconds: number;
  sampleSeconds: number;
  connections: number;
  keep: number;
  server: RunnerMode;
  repoRoot: string;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      idle: { type: 'string' },
      sample: { type: 'string' },
      connections: { type: 'string' },
      keep: { type: 'string' },
      server: { type: 'string' },
      repo: { type: 'string' },
    },
  });
  const server = serverMode(values.server);
  return {
    durationSeconds: whole('duration', values.duration, 180, 1),
    idleSeconds: whole('idle', values.idle, 20, 0),
    sampleSeconds: whole('sample', values.sample, 5, 1),
    connections: whole('connections', values.connections, 32, 1),
    keep: whole('keep', values.keep, 200_000, 0),
    server,
    repoRoot: values.repo === undefined ? REPO_ROOT : `${resolve(values.repo)}/`,
  };
}

interface Sample {
  seconds: number;
  loaded: boolean;
  ended: number;
  pruned: number;
  rssBytes: number;
  dbBytes: number;
  walBytes: number;
}

/** The sum of every series of a counter in GET /metrics text. */
function counter(text: string, name: string, labels = ''): number {
  let sum = 0;
  const pattern = new RegExp(`^${name}(\\{[^}]*\\})? (\\d+)$`, 'gm');
  for (const match of text.matchAll(pattern)) {
    if ((match[1] ?? '').includes(labels)) sum += Number(match[2]);
  }
  return sum;
}

const fileSize = async (path: string): Promise<number> => {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
};

async function takeSample(
  server: HooklineServer,
  apiKey: string,
  dataDir: string,
  at: { startMs: number; loaded: boolean },
): Promise<Sample> {
  const response = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${apiKey}` },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return {
    seconds: (Date.now() - at.startMs) / 1000,
    loaded: at.loaded,
    ended: counter(text, 'hookline_executions_ended_total'),
    pruned: counter(text, 'hookline_retention_pruned_rows_total', 'table="executions"'),
    rssBytes: await rssBytes(server.child.process.pid),
    dbBytes: await fileSize(join(dataDir, 'hookline.db')),
    walBytes: await fileSize(join(dataDir, 'hookline.db-wal')),
  };
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

function printTable(samples: readonly Sample[]): void {
  console.log(
    '\n| t (s) | load | executions ended | executions/s | RSS MB | db MB | WAL MB | pruned |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  let previous: Sample | undefined;
  for (const sample of samples) {
    const rate = previous
      ? (sample.ended - previous.ended) / (sample.seconds - previous.seconds)
      : Number.NaN;
    const cells = [
      sample.seconds.toFixed(0),
      sample.loaded ? 'on' : 'off',
      String(sample.ended),
      Number.isNaN(rate) ? '' : rate.toFixed(0),
      mb(sample.rssBytes),
      mb(sample.dbBytes),
      mb(sample.walBytes),
      String(sample.pruned),
    ];
    console.log(`| ${cells.join(' | ')} |`);
    previous = sample;
  }
}

/**
 * The stopped server's database (its WAL checkpointed away): pages in use (not on the free
 * list that pruning fills) per execution stored, with its indexes and its share of the rest.
 */
function bytesPerExecution(dataDir: string): string {
  const db = new Database(join(dataDir, 'hookline.db'), { readonly: true });
  try {
    const pragma = (name: string): number => Number(db.pragma(name, { simple: true }));
    const used = (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
    const { count } = db.prepare('SELECT COUNT(*) AS count FROM executions').get() as {
      count: number;
    };
    const file = pragma('page_count') * pragma('page_size');
    return (
      `${(used / count).toFixed(0)} bytes per stored execution (${mb(used)} MB in use for ` +
      `${count} executions; file ${mb(file)} MB, the rest free pages that new rows reuse)`
    );
  } finally {
    db.close();
  }
}

async function soak(options: Options, root: string, customerApi: LoopbackServer): Promise<void> {
  const runner = await prepareRunner(options.server, options.repoRoot);
  const dataDir = join(root, 'soak');
  await mkdir(dataDir);
  const { apiKey } = await createAccount(runner, dataDir);
  const server = await startHookline({
    runner,
    dataDir,
    worker: true,
    profileDir: undefined,
    label: 'hookline-soak',
    env: { HOOKLINE_RETENTION_MAX_EXECUTIONS: String(options.keep) },
  });
  try {
    const flow = await callApi<{ id: string }>(
      server.url,
      apiKey,
      'POST',
      '/v1/flows',
      benchFlowDocument(customerApi.port, false),
    );
    const trigger = await callApi<{ url: string }>(
      server.url,
      apiKey,
      'POST',
      `/v1/flows/${flow.id}/trigger-url`,
    );
    const at = { startMs: Date.now(), loaded: true };
    const samples: Sample[] = [await takeSample(server, apiKey, dataDir, at)];
    const load = runTriggerLoad({
      url: `${trigger.url}?wait=true`,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      firstId: 0,
    });
    let loading = true;
    void load.finally(() => (loading = false)).catch(() => undefined);
    const endMs = at.startMs + (options.durationSeconds + options.idleSeconds) * 1000;
    while (Date.now() < endMs) {
      await sleep(options.sampleSeconds * 1000);
      at.loaded = loading;
      samples.push(await takeSample(server, apiKey, dataDir, at));
      const last = samples.at(-1);
      if (last)
        process.stdout.write(
          `t=${last.seconds.toFixed(0)}s ended=${last.ended} rss=${mb(last.rssBytes)}MB\n`,
        );
    }
    const result = await load;
    assertClean('soak', result);
    console.log(
      `\n${result.completed} trigger calls (?wait=true) in ${result.seconds} s, ` +
        `${result.requestsPerSecond.toFixed(0)}/s, ${options.connections} connections; ` +
        `retention: HOOKLINE_RETENTION_MAX_EXECUTIONS=${options.keep}`,
    );
    printTable(samples);
  } finally {
    await server.stop();
  }
  console.log(`\nsizing: ${bytesPerExecution(dataDir)}`);
}

async function main(): Promise<void> {
  const options = readOptions();
  const [one, five] = loadavg();
  console.log(
    `node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'}), ` +
      `load average ${(one ?? 0).toFixed(2)} / ${(five ?? 0).toFixed(2)}; ` +
      `${options.durationSeconds} s of load, then ${options.idleSeconds} s without, ` +
      `sampled every ${options.sampleSeconds} s`,
  );
  await runBench('soak', (root, customerApi) => soak(options, root, customerApi));
}

await main();

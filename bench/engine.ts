/**
 * Engine benchmark (`npm run bench:engine`): a one-webhook flow run in-process by the engine
 * versus the same work done by hand with undici, against a loopback server in a child
 * process. Rounds of the two sides are interleaved (ABBA order) and the median round of each
 * side is reported. See bench/README.md.
 *
 * Flags: --n executions per round (20000), --c concurrency (32), --warmup executions per side
 * before measuring (4000), --rounds measured rounds per side (3), --only engine|raw (one side,
 * e.g. under --cpu-prof).
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { runRound, type RoundResult } from './support/load.js';
import { startLoopbackServer, type LoopbackServer } from './support/server-process.js';
import { createEngineSide, createRawSide, GOLD, OTHER, type Side } from './support/sides.js';

interface Options {
  executions: number;
  concurrency: number;
  warmup: number;
  rounds: number;
  only: 'engine' | 'raw' | undefined;
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number`);
  return value;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      n: { type: 'string' },
      c: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const only = values.only;
  if (only !== undefined && only !== 'engine' && only !== 'raw') {
    throw new Error('--only must be "engine" or "raw"');
  }
  return {
    executions: Math.max(1, positive('n', values.n, 20_000)),
    concurrency: Math.max(1, positive('c', values.c, 32)),
    warmup: positive('warmup', values.warmup, 4_000),
    rounds: Math.max(1, positive('rounds', values.rounds, 3)),
    only,
  };
}

interface Measured extends RoundResult {
  /** TCP connections the server accepted during the round. */
  connections: number;
}

/** Every execution must have reached the end its customer's tier calls for, and nothing else. */
function checkOutcomes(side: Side, result: RoundResult): void {
  const gold = Math.ceil(result.executions / 2);
  const expected = new Map([
    [GOLD, gold],
    [OTHER, result.executions - gold],
  ]);
  const wrong = [...new Set([...expected.keys(), ...result.outcomes.keys()])].filter(
    (label) => (expected.get(label) ?? 0) !== (result.outcomes.get(label) ?? 0),
  );
  if (wrong.length > 0) {
    const seen = JSON.stringify(Object.fromEntries(result.outcomes));
    throw new Error(`${side.name}: unexpected outcomes ${seen}`);
  }
}

async function measure(
  side: Side,
  server: LoopbackServer,
  executions: number,
  concurrency: number,
): Promise<Measured> {
  const before = await server.stats();
  const result = await runRound(side.execute, executions, concurrency);
  const after = await server.stats();
  checkOutcomes(side, result);
  return { ...result, connections: after.connections - before.connections };
}

function median(rounds: readonly Measured[]): Measured {
  const sorted = [...rounds].sort((a, b) => a.executionsPerSecond - b.executionsPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error('no round was measured');
  return middle;
}

const HEADER = '| side | exec/s | p50 ms | p99 ms | CPU µs/exec | RSS MB | new conns |';
const RULE = '| --- | ---: | ---: | ---: | ---: | ---: | ---: |';

function row(name: string, result: Measured): string {
  const cells = [
    name,
    result.executionsPerSecond.toFixed(0),
    result.p50Ms.toFixed(2),
    result.p99Ms.toFixed(2),
    result.cpuMicrosPerExecution.toFixed(0),
    result.rssMb.toFixed(0),
    String(result.connections),
  ];
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const options = readOptions();
  const server = await startLoopbackServer();
  const all = [createEngineSide(server.port), createRawSide(server.port)];
  const sides =
    options.only === undefined
      ? all
      : all.filter((side) => side.name.startsWith(options.only ?? ''));
  const rounds = new Map<Side, Measured[]>(sides.map((side) => [side, []]));
  console.log(
    `node ${process.version}, ${availableParallelism()} CPUs; N=${options.executions} C=${options.concurrency} ` +
      `warmup=${options.warmup} rounds=${options.rounds}; server: child process on 127.0.0.1:${server.port}`,
  );
  try {
    if (options.warmup > 0) {
      for (const side of sides) await measure(side, server, options.warmup, options.concurrency);
    }
    console.log('\nrounds (ABBA order):');
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const result = await measure(side, server, options.executions, options.concurrency);
        rounds.get(side)?.push(result);
        console.log(row(`${side.name} #${round + 1}`, result));
      }
    }
    console.log(`\nmedian round of ${options.rounds} (by exec/s):\n${HEADER}\n${RULE}`);
    const medians = new Map(sides.map((side) => [side.name, median(rounds.get(side) ?? [])]));
    for (const [name, result] of medians) console.log(row(name, result));
    const engine = medians.get('engine');
    const raw = medians.get('raw-undici');
    if (engine && raw) {
      const cpu = engine.cpuMicrosPerExecution / raw.cpuMicrosPerExecution;
      console.log(`\nCPU per execution, engine ÷ raw: ${cpu.toFixed(2)}x`);
      const ratio = engine.executionsPerSecond / raw.executionsPerSecond;
      console.log(`engine/raw-undici ratio: ${ratio.toFixed(2)}`);
    }
  } finally {
    await Promise.all(all.map((side) => side.close()));
    await server.stop();
  }
}

await main();

/**
 * Runs a benchmark the way the product ships: compiled JavaScript under plain `node`, not tsx.
 *
 *   tsx bench/run-compiled.ts <name> [--cpu-prof <dir>] [benchmark flags...]
 *   tsx bench/run-compiled.ts <name> --build-only     # bundle, print the entry's path
 *
 * `bench/<name>.ts` and the loopback server (`bench/support/loopback-server.ts`) are bundled
 * with esbuild (packages stay external, no source maps, no keepNames), then the bundle runs
 * in a child `node` with the remaining flags. tsx would add a `__name(...)` call per named
 * closure and source-map every stack trace that is read (Node streams read `.stack` when they
 * destroy), costs the shipped build does not have. `--cpu-prof <dir>` profiles the benchmark
 * process only (the server child gets its own, empty, execArgv). See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './support/node-bundle.js';

/**
 * Inside the repository (not the OS temp dir) so that the bundle's external imports (`undici`,
 * `zod`...) resolve from `node_modules/` by Node's ordinary upward search.
 */
const OUT_DIR = fileURLToPath(new URL('../node_modules/.cache/hookline-bench/', import.meta.url));

interface RunnerArgs {
  name: string;
  buildOnly: boolean;
  nodeFlags: string[];
  benchFlags: string[];
}

function readArgs(argv: readonly string[]): RunnerArgs {
  const [name, ...rest] = argv;
  if (name === undefined || !/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new Error(
      'usage: tsx bench/run-compiled.ts <name> [--build-only] [--cpu-prof <dir>] [flags...]',
    );
  }
  const nodeFlags: string[] = [];
  const benchFlags: string[] = [];
  let buildOnly = false;
  for (let index = 0; index < rest.length; index += 1) {
    const arg = rest[index] ?? '';
    if (arg === '--build-only') {
      buildOnly = true;
      continue;
    }
    if (arg !== '--cpu-prof') {
      benchFlags.push(arg);
      continue;
    }
    const dir = rest[index + 1];
    if (dir === undefined) throw new Error('--cpu-prof needs a directory');
    // 100 µs samples: an execution costs about that much, so the default 1 ms is too coarse.
    nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100');
    index += 1;
  }
  return { name, buildOnly, nodeFlags, benchFlags };
}

/** Bundles the benchmark and its server; returns the benchmark's entry file. */
async function bundle(name: string): Promise<string> {
  await bundleForNode(
    {
      [name]: fileURLToPath(new URL(`./${name}.ts`, import.meta.url)),
      // Beside the entry: server-process.ts forks `./loopback-server.mjs` when it runs compiled.
      'loopback-server': fileURLToPath(new URL('./support/loopback-server.ts', import.meta.url)),
    },
    OUT_DIR,
  );
  return `${OUT_DIR}${name}.mjs`;
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const entry = await bundle(args.name);
  if (args.buildOnly) {
    console.log(entry);
    return;
  }
  const child = spawn(process.execPath, [...args.nodeFlags, entry, ...args.benchFlags], {
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  process.exitCode = code ?? 1;
}

await main();

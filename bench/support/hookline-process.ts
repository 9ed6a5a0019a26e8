/**
 * Real `hookline serve` processes for the server benchmark, and the handwritten baseline's
 * script, run one of two ways:
 *
 * - `compiled` (default; as it ships): `dist/cli/main.js` after `scripts/build.mjs` (tsc),
 *   with plain `node`. A checkout from before dist/ existed (no scripts/build.mjs) gets
 *   src/cli/main.ts bundled with esbuild instead, its SQLite migrations copied beside the
 *   bundle. The baseline is always bundled (packages external, no source maps, no keepNames).
 * - `bin`: `node bin/hookline.js` (dist/ here; older checkouts registered tsx and loaded
 *   src/cli/main.ts); the baseline then runs from source with the tsx loader.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { forkChild, TSX_EXEC_ARGV, type ManagedChild } from './children.js';
import { bundleForNode } from './node-bundle.js';

export type RunnerMode = 'bin' | 'compiled';

/** How to run `hookline` and the handwritten server. */
export interface Runner {
  mode: RunnerMode;
  /** The checkout `hookline` runs from (its cwd). */
  repoRoot: string;
  hooklineScript: string;
  hooklineExecArgv: readonly string[];
  handwrittenScript: string;
  handwrittenExecArgv: readonly string[];
}

/** This checkout (the default `--repo`). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HANDWRITTEN_TS = fileURLToPath(new URL('./handwritten-server.ts', import.meta.url));
/** Inside the repository so the bundles' external imports resolve from node_modules/. */
const OUT_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/hookline-bench-server/', import.meta.url),
);

/**
 * `repoRoot` (with a trailing slash) is the checkout whose `hookline` is measured: this one,
 * or e.g. a `git archive` of a commit with `node_modules` linked in.
 */
export async function prepareRunner(mode: RunnerMode, repoRoot: string): Promise<Runner> {
  if (mode === 'bin') {
    return {
      mode,
      repoRoot,
      hooklineScript: `${repoRoot}bin/hookline.js`,
      hooklineExecArgv: [],
      handwrittenScript: HANDWRITTEN_TS,
      handwrittenExecArgv: TSX_EXEC_ARGV,
    };
  }
  const built = existsSync(`${repoRoot}scripts/build.mjs`);
  if (built) {
    await promisify(execFile)(process.execPath, [`${repoRoot}scripts/build.mjs`]);
    await bundleForNode({ 'handwritten-server': HANDWRITTEN_TS }, OUT_DIR);
  } else {
    await bundleForNode(
      { hookline: `${repoRoot}src/cli/main.ts`, 'handwritten-server': HANDWRITTEN_TS },
      OUT_DIR,
    );
    await rm(`${OUT_DIR}migrations/`, { recursive: true, force: true });
    await cp(`${repoRoot}src/storage/sqlite/migrations/`, `${OUT_DIR}migrations/`, {
      recursive: true,
    });
  }
  return {
    mode,
    repoRoot,
    hooklineScript: built ? `${repoRoot}dist/cli/main.js` : `${OUT_DIR}hookline.mjs`,
    hooklineExecArgv: [],
    handwrittenScript: `${OUT_DIR}handwritten-server.mjs`,
    handwrittenExecArgv: [],
  };
}

/**
 * The environment of every Hookline child: the parent's without any `HOOKLINE_*` or
 * `NODE_OPTIONS`, plus loopback allowed as a destination (webhook widget and deliveries).
 */
export function hooklineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('HOOKLINE_') && key !== 'NODE_OPTIONS') env[key] = value;
  }
  env['HOOKLINE_ALLOW_DESTINATIONS'] = '127.0.0.1';
  return env;
}

/** `hookline accounts create bench --data DIR --json`. */
export async function createAccount(
  runner: Runner,
  dataDir: string,
): Promise<{ accountId: string; apiKey: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      ...runner.hooklineExecArgv,
      runner.hooklineScript,
      'accounts',
      'create',
      'bench',
      '--data',
      dataDir,
      '--json',
    ],
    { cwd: runner.repoRoot, env: hooklineEnv(), timeout: 60_000 },
  );
  return JSON.parse(stdout) as { accountId: string; apiKey: string };
}

export interface HooklineServer {
  url: string;
  child: ManagedChild;
  /** Wall-clock time (ms) the "listening" line was read. */
  listeningAtMs: number;
  /** Graceful stop (SIGTERM; SIGKILL after 30 s): a CPU profile is written on the way out. */
  stop(): Promise<void>;
}

export interface StartOptions {
  runner: Runner;
  dataDir: string;
  worker: boolean;
  /** Write CPU profiles into `<profileDir>/<label>/` when the server stops. */
  profileDir: string | undefined;
  label: string;
  /** `HOOKLINE_*` settings for this server (e.g. retention limits). */
  env?: Readonly<Record<string, string>>;
}

const LISTENING = /Hookline listening on (http:\/\/\S+) \(data: /;

/** `hookline serve --port 0 --host 127.0.0.1 --data DIR [--no-worker]`, as a child. */
export async function startHookline(options: StartOptions): Promise<HooklineServer> {
  const profile =
    options.profileDir === undefined
      ? []
      : [
          '--cpu-prof',
          // One directory per server: with tsx, the module loader's worker thread writes a
          // profile too (named by pid and thread id), beside the main thread's.
          `--cpu-prof-dir=${options.profileDir}/${options.label}`,
          '--cpu-prof-interval=250',
        ];
  let stdout = '';
  let announce: ((url: string) => void) | undefined;
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const child = forkChild({
    name: `hookline serve (${options.label})`,
    script: options.runner.hooklineScript,
    args: [
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data',
      options.dataDir,
      ...(options.worker ? [] : ['--no-worker']),
    ],
    execArgv: [...options.runner.hooklineExecArgv, ...profile],
    env: { ...hooklineEnv(), ...options.env },
    cwd: options.runner.repoRoot,
    onStdout: (text) => {
      stdout += text;
      const match = LISTENING.exec(stdout);
      if (match?.[1]) announce?.(match[1]);
    },
  });
  const exited = new Promise<never>((_resolve, reject) => {
    child.process.once('exit', (code) => {
      reject(
        new Error(`${child.name} exited (${String(code)}) before listening\n${child.stderrTail()}`),
      );
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${child.name} did not start in 60 s`));
    }, 60_000);
  });
  try {
    const url = await Promise.race([announced, exited, timeout]);
    return { url, child, listeningAtMs: Date.now(), stop: () => child.stop(30_000) };
  } catch (error) {
    await child.stop(1_000);
    throw error;
  } finally {
    clearTimeout(timer);
    exited.catch(() => undefined);
  }
}

/** Calls the API as `apiKey`; any status but 2xx throws with the answer. */
export async function callApi<T>(
  baseUrl: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    signal: AbortSignal.timeout(30_000),
    headers: {
      authorization: `Bearer ${apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

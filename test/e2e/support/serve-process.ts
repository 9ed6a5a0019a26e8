import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from './run-cli.js';
import { installationEnv } from './scale-out-env.js';

/** How a `hookline serve` process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** An API answer: the status and the parsed JSON body (the text when it is not JSON). */
export interface ApiAnswer {
  status: number;
  body: any;
}

export interface ApiCallOptions {
  body?: unknown;
  /** Bearer key; default the process's `apiKey`; null sends no Authorization header. */
  key?: string | null;
}

/** A real `node bin/hookline.js serve` child process, listening on 127.0.0.1. */
export interface ServeProcess {
  /** The printed address, `http://127.0.0.1:<port>` by default. */
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited, however it ended. */
  exited: Promise<Exit>;
  /** Sends `signal` (default SIGKILL) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** Calls the HTTP API as `apiKey` (or `options.key`). */
  api(method: string, path: string, options?: ApiCallOptions): Promise<ApiAnswer>;
}

export interface ServeOptions {
  dataDir: string;
  /** The account key `api()` uses by default. */
  apiKey?: string;
  /** Extra environment; every inherited `HOOKLINE_*` variable is dropped first. */
  env?: Record<string, string>;
  /** `--host` (default 127.0.0.1); null passes none (the command's default). */
  host?: string | null;
  /** Extra `serve` arguments (e.g. `--no-worker`). */
  args?: readonly string[];
  /** Upper bound for the "listening" line; default 30 s. */
  startTimeoutMs?: number;
  /** The `hookline` script to run; default this checkout's `bin/hookline.js` (compiled dist/). */
  bin?: string;
}

/** Loopback only: deliveries and webhook widgets may call the tests' receivers. */
export const LOOPBACK_ENV = { HOOKLINE_ALLOW_DESTINATIONS: '127.0.0.1' } as const;

const LISTENING = /Hookline listening on (http:\/\/\S+) \(data: /;

/** Every process started and not yet seen to exit: `killAll` ends them. */
const live = new Set<ServeProcess>();

function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('HOOKLINE_')) env[key] = value;
  }
  return { ...env, ...LOOPBACK_ENV, ...extra };
}

async function callApi(
  baseUrl: string,
  defaultKey: string | undefined,
  method: string,
  path: string,
  options: ApiCallOptions = {},
): Promise<ApiAnswer> {
  const key = options.key === undefined ? defaultKey : options.key;
  const headers: Record<string, string> = {};
  if (key !== null && key !== undefined) headers['authorization'] = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body };
}

/**
 * Starts `hookline serve --port 0 [--host HOST] --data DIR` from the repository root and
 * resolves once it printed its "listening" line; rejects with its output if it exits first.
 */
export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const scaleOut = await installationEnv(options.dataDir, options.env);
  const started = await spawnHookline({
    ...(options.bin === undefined ? {} : { bin: options.bin }),
    args: [
      'serve',
      '--port',
      '0',
      ...(options.host === null ? [] : ['--host', options.host ?? '127.0.0.1']),
      '--data',
      options.dataDir,
      ...(options.args ?? []),
    ],
    env: { ...scaleOut, ...options.env },
    ready: LISTENING,
    ...(options.startTimeoutMs === undefined ? {} : { timeoutMs: options.startTimeoutMs }),
  });
  const url = started.match[1] ?? '';
  const serve: ServeProcess = {
    ...started,
    url,
    dataDir: options.dataDir,
    api: (method, path, callOptions) => callApi(url, options.apiKey, method, path, callOptions),
  };
  live.add(serve);
  void started.exited.then(() => live.delete(serve));
  return serve;
}

/** A started `hookline` child process: its output so far, its exit, and the line it printed. */
export interface StartedHookline {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Sends `signal` (default SIGKILL) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** `ready` matched on its standard output. */
  match: RegExpExecArray;
}

/**
 * Runs `node BIN ARGS` (default this checkout's `bin/hookline.js`) from the repository root
 * with `env` over the loopback defaults (inherited `HOOKLINE_*` dropped); resolves once its
 * standard output matches `ready`; rejects with its output if it exits first or takes longer
 * than `timeoutMs` (30 s).
 */
export async function spawnHookline(options: {
  bin?: string;
  args: readonly string[];
  env?: Record<string, string> | undefined;
  ready: RegExp;
  timeoutMs?: number;
}): Promise<StartedHookline> {
  const { args, ready, timeoutMs = 30_000 } = options;
  const child = spawn(process.execPath, [options.bin ?? 'bin/hookline.js', ...args], {
    cwd: REPO_ROOT,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const command = `hookline ${args[0] ?? ''}`;
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => {
    // `close`, not `exit`: stdout and stderr are complete by then.
    child.on('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not start in time\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', () => {
      const found = ready.exec(stdout);
      if (!found) return;
      clearTimeout(timer);
      resolve(found);
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${command} exited (${String(exit.code ?? exit.signal)}) before it was ready\n${stdout}\n${stderr}`,
        ),
      );
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    match,
  };
}

/** SIGKILLs every `hookline serve` still running and waits for them (afterEach / afterAll). */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((serve) => serve.kill('SIGKILL')));
}

/** A new empty data directory under the system temp dir. */
export function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'hookline-serve-'));
}

/** Removes data directories made by `makeDataDir`. */
export async function removeDataDirs(dirs: readonly string[]): Promise<void> {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/** `hookline accounts create NAME --data DIR --json`: the new account's id and API key. */
export async function createAccount(
  dataDir: string,
  name = 'e2e',
): Promise<{ accountId: string; apiKey: string }> {
  const result = await runCli(['accounts', 'create', name, '--data', dataDir, '--json']);
  if (result.code !== 0) {
    throw new Error(`accounts create failed (${String(result.code)}): ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as { accountId: string; apiKey: string };
}

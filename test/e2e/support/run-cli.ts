import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirArgument, installationEnv } from './scale-out-env.js';

/** The repository root: the CLI runs from there, as `npx hookline` would. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A flow variable value as `--json` prints it. */
export type Value = string | number | boolean | null;

/** One step of `hookline run --json` (docs/server.md). */
export interface RunStep {
  widgetId: string;
  type: string;
  branch: string;
  line: number | null;
  next: string | null;
  durationMs: number;
  detail?: Record<string, unknown>;
  background?: Record<string, unknown>;
  error?: string;
}

/** A channel event (`{"type": "play", "text": ...}`). */
export interface ChannelEvent {
  type: string;
  [field: string]: unknown;
}

/** The one JSON object `hookline run --json` prints (docs/server.md). */
export interface RunOutput {
  status: string;
  endReason: string;
  variables: Record<string, Value>;
  path: string[];
  events: ChannelEvent[];
  steps: RunStep[];
}

export interface CliResult {
  /** Exit code; null when the process was killed (it overran the test's upper bound). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed, when it is one JSON object. */
  json?: RunOutput;
}

export interface CliOptions {
  /** Extra environment (every inherited `HOOKLINE_*` variable is dropped first). */
  env?: Record<string, string>;
  /** A flow document, written to a temp file whose path goes right after the subcommand. */
  flow?: unknown;
  /** Raw flow file text (e.g. garbage), placed like `flow`. */
  flowText?: string;
  /** Upper bound before the process is killed; default 25 s. */
  timeoutMs?: number;
  /** The `hookline` script to run; default this checkout's `bin/hookline.js` (compiled dist/). */
  bin?: string;
}

/** A CLI process in flight: its output so far, and a way to wait for a line to appear. */
export interface RunningCli {
  result: Promise<CliResult>;
  stdout(): string;
  /** Resolves once stdout contains `text`. */
  waitForStdout(text: string): Promise<void>;
}

function childEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('HOOKLINE_')) env[key] = value;
  }
  return { ...env, ...extra };
}

function parseJson(stdout: string): RunOutput | undefined {
  const text = stdout.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as RunOutput;
  } catch {
    return undefined;
  }
}

/** Starts `node bin/hookline.js ...args` (or `options.bin`) from the repository root. */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  let stdout = '';
  const watchers: Array<{ text: string; resolve: () => void }> = [];
  const notify = (): void => {
    for (const watcher of [...watchers]) {
      if (!stdout.includes(watcher.text)) continue;
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  };

  const result = (async (): Promise<CliResult> => {
    const hasFile = options.flow !== undefined || options.flowText !== undefined;
    const dir = hasFile ? await mkdtemp(join(tmpdir(), 'hookline-e2e-')) : undefined;
    try {
      let argv = [...args];
      if (dir !== undefined) {
        const file = join(dir, 'flow.json');
        await writeFile(file, options.flowText ?? JSON.stringify(options.flow, null, 2));
        argv = [...args.slice(0, 1), file, ...args.slice(1)];
      }
      const scaleOut = await installationEnv(dataDirArgument(args), options.env);
      const child = spawn(process.execPath, [options.bin ?? 'bin/hookline.js', ...argv], {
        cwd: REPO_ROOT,
        env: childEnv({ ...scaleOut, ...options.env }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        notify();
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 25_000);
      const code = await new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (exitCode) => {
          resolve(exitCode);
        });
      });
      clearTimeout(timer);
      const json = parseJson(stdout);
      return json === undefined ? { code, stdout, stderr } : { code, stdout, stderr, json };
    } finally {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }
  })();

  return {
    result,
    stdout: () => stdout,
    waitForStdout: (text) =>
      new Promise<void>((resolve) => {
        watchers.push({ text, resolve });
        notify();
      }),
  };
}

/** Runs `hookline ...args` to the end. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/**
 * `hookline run FLOW.json --json ...args`; fails the test with the CLI's own output when
 * stdout is not the one JSON object docs/server.md promises.
 */
export async function runFlow(
  flow: unknown,
  args: readonly string[] = [],
  options: Omit<CliOptions, 'flow' | 'flowText'> = {},
): Promise<CliResult & { json: RunOutput }> {
  const result = await runCli(['run', '--json', ...args], { ...options, flow });
  if (result.json === undefined) {
    throw new Error(
      `hookline run printed no JSON (exit ${String(result.code)})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
  return { ...result, json: result.json };
}

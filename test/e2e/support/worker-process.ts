import { spawn, type ChildProcess } from 'node:child_process';
import { LOOPBACK_ENV, type Exit } from './serve-process.js';
import { REPO_ROOT } from './run-cli.js';

/** A real `node bin/hookline.js worker` child process (scale-out mode, docs/deploy.md). */
export interface WorkerProcess {
  child: ChildProcess;
  /** The health address it printed, when started with `--port`. */
  healthUrl: string | undefined;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

const RUNNING = /Hookline worker running(?: \(health: (http:\/\/\S+)\/healthz\))?/;

const live = new Set<WorkerProcess>();

/** Starts `hookline worker ARGS`; resolves once it printed its "running" line. */
export async function startWorker(
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<WorkerProcess> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('HOOKLINE_')),
  );
  const child = spawn(process.execPath, ['bin/hookline.js', 'worker', ...args], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...LOOPBACK_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal });
    });
  });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hookline worker did not start in time\n${stdout}\n${stderr}`));
    }, 30_000);
    child.stdout.on('data', () => {
      const found = RUNNING.exec(stdout);
      if (!found) return;
      clearTimeout(timer);
      resolve(found);
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`hookline worker exited (${String(exit.code ?? exit.signal)})\n${stderr}`));
    });
  });
  const worker: WorkerProcess = {
    child,
    healthUrl: match[1],
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  live.add(worker);
  void exited.then(() => live.delete(worker));
  return worker;
}

/** SIGKILLs every worker still running. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...live].map((worker) => worker.kill('SIGKILL')));
}

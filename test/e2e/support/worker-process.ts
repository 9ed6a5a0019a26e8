import { spawnHookline, type StartedHookline } from './serve-process.js';

/** A real `node bin/hookline.js worker` child process (scale-out mode, docs/deploy.md). */
export interface WorkerProcess extends StartedHookline {
  /** The health address it printed, when started with `--port`. */
  healthUrl: string | undefined;
}

const RUNNING = /Hookline worker running(?: \(health: (http:\/\/\S+)\/healthz\))?/;

const live = new Set<WorkerProcess>();

/** Starts `hookline worker ARGS`; resolves once it printed its "running" line. */
export async function startWorker(
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<WorkerProcess> {
  const started = await spawnHookline({ args: ['worker', ...args], env, ready: RUNNING });
  const worker: WorkerProcess = { ...started, healthUrl: started.match[1] };
  live.add(worker);
  void started.exited.then(() => live.delete(worker));
  return worker;
}

/** SIGKILLs every worker still running. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...live].map((worker) => worker.kill('SIGKILL')));
}

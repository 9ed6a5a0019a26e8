/**
 * Child processes of the server benchmark, seen from the parent: every child is registered
 * so `stopAllChildren()` can end them whatever happened (a failed check, an exception,
 * Ctrl-C). Children forked here have an IPC channel; the benchmark's own children answer
 * `{id, type, ...}` requests with `{id, ...}` replies (see child-side.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';

/** The tsx loader, for children that run a `.ts` file from source. */
export const TSX_EXEC_ARGV: readonly string[] = ['--import', import.meta.resolve('tsx')];

/**
 * Preloaded into every forked child: when the parent goes away (even by a crash) the IPC
 * channel closes and the child gets SIGTERM, which `hookline serve` handles as a graceful
 * shutdown. A data: URL, so it needs no file and no loader.
 */
const EXIT_WITH_PARENT =
  'data:text/javascript,process.on("disconnect",()=>{process.kill(process.pid,"SIGTERM")})';

const live = new Set<ManagedChild>();

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** The last 16 KB the child wrote to stderr (when it was piped). */
  stderrTail(): string;
  /** Sends a request and waits for the reply with the same id (bounded by `timeoutMs`). */
  call<T>(type: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface ForkOptions {
  name: string;
  script: string;
  args?: readonly string[];
  /** Node flags for the child (the parent's are never inherited). */
  execArgv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Pipe stdout (to read it with `onStdout`); otherwise it is dropped. */
  onStdout?: (text: string) => void;
}

const TAIL = 16 * 1024;

let nextRequestId = 1;

export function forkChild(options: ForkOptions): ManagedChild {
  const child = fork(options.script, [...(options.args ?? [])], {
    execArgv: ['--import', EXIT_WITH_PARENT, ...(options.execArgv ?? [])],
    stdio: ['ignore', options.onStdout ? 'pipe' : 'ignore', 'pipe', 'ipc'],
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let tail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-TAIL);
  });
  if (options.onStdout) {
    const onStdout = options.onStdout;
    child.stdout?.setEncoding('utf8').on('data', onStdout);
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });
  const managed: ManagedChild = {
    name: options.name,
    process: child,
    stderrTail: () => tail,
    call: <T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 60_000) =>
      new Promise<T>((resolve, reject) => {
        const id = nextRequestId++;
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${options.name}: no answer to "${type}" in ${timeoutMs} ms`));
        }, timeoutMs);
        const onMessage = (message: { id?: number; error?: string }): void => {
          if (message.id !== id) return;
          cleanup();
          if (message.error !== undefined) reject(new Error(`${options.name}: ${message.error}`));
          else resolve(message as T);
        };
        const onExit = (): void => {
          cleanup();
          reject(new Error(`${options.name} exited while answering "${type}"\n${tail}`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send({ id, type, ...payload });
      }),
    stop: async (graceMs = 30_000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      live.delete(managed);
    },
  };
  live.add(managed);
  void exited.then(() => live.delete(managed));
  return managed;
}

/** Waits for a child's first message of `type` (e.g. `listening`), or its exit. */
export async function firstMessage<T extends { type: string }>(
  child: ManagedChild,
  type: T['type'],
  timeoutMs = 30_000,
): Promise<T> {
  const waiting = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${child.name}: no "${type}" message in ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: T): void => {
      if (message.type !== type) return;
      done();
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      done();
      reject(new Error(`${child.name} exited (code ${String(code)}) first\n${child.stderrTail()}`));
    };
    const done = (): void => {
      clearTimeout(timer);
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
    };
    child.process.on('message', onMessage);
    child.process.once('exit', onExit);
  });
  return waiting;
}

/** Ends every child still running (SIGTERM, SIGKILL after `graceMs`). */
export async function stopAllChildren(graceMs = 10_000): Promise<void> {
  await Promise.all([...live].map((child) => child.stop(graceMs)));
}

import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ServerMessage } from './loopback-server.js';

/** The loopback server child, seen from the benchmark. */
export interface LoopbackServer {
  port: number;
  /** Connections accepted and requests answered since the server started. */
  stats(): Promise<{ connections: number; requests: number }>;
  stop(): Promise<void>;
}

/**
 * Run from source (tsx) the server is the sibling `.ts` file, loaded with tsx; run from the
 * bundle (bench/run-compiled.ts) it is `loopback-server.mjs`, bundled beside the benchmark.
 */
const COMPILED = !import.meta.url.endsWith('.ts');
const SCRIPT = fileURLToPath(
  new URL(COMPILED ? './loopback-server.mjs' : './loopback-server.ts', import.meta.url),
);

function nextMessage(child: ChildProcess, type: ServerMessage['type']): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`the loopback server exited (code ${String(code)})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts the loopback server in its own process. Its execArgv is set explicitly (the tsx
 * loader from source, nothing when compiled) so flags like `--cpu-prof` given to the
 * benchmark do not profile the server too.
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const child = fork(SCRIPT, [], {
    execArgv: COMPILED ? [] : ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listening = await nextMessage(child, 'listening');
  if (listening.type !== 'listening') throw new Error('unexpected server message');
  return {
    port: listening.port,
    stats: async () => {
      const reply = nextMessage(child, 'stats');
      child.send({ type: 'stats' });
      const message = await reply;
      if (message.type !== 'stats') throw new Error('unexpected server message');
      return { connections: message.connections, requests: message.requests };
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

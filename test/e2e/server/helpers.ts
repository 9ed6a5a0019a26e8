import { startReceiver, type Receiver } from '../support/receiver.js';
import {
  createAccount,
  makeDataDir,
  removeDataDirs,
  startServe,
  type ServeOptions,
  type ServeProcess,
} from '../support/serve-process.js';

/** Three quick attempts (no wait, then 0.3 s ±20% twice): retries without slowing the suite. */
export const QUICK_RETRIES = { HOOKLINE_RETRY_SCHEDULE: '0,0.3,0.3' } as const;

/** The shortest lease the server accepts: a killed process's claims free up after 16 s. */
export const SHORT_LEASE = { HOOKLINE_DELIVERY_LEASE_SECONDS: '16' } as const;

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Polls `read` until it returns something other than undefined and returns that. No timed
 * assertion: `timeoutMs` is a generous upper bound that only turns a hang into a clear error.
 */
export async function until<T>(
  what: string,
  read: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 50_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** One account on its own data directory, a receiver, and a running `hookline serve`. */
export interface Stack {
  dataDir: string;
  accountId: string;
  apiKey: string;
  receiver: Receiver;
  /** The current server process (replaced by `restart`). */
  serve: ServeProcess;
  /** Starts a new server on the same data directory (the previous one must have exited). */
  restart(options?: Pick<ServeOptions, 'args' | 'env'>): Promise<ServeProcess>;
  /** Kills the server, closes the receiver, removes the data directory. */
  close(): Promise<void>;
}

/** `hookline accounts create` on a new data directory, then `hookline serve` on it. */
export async function startStack(options: Pick<ServeOptions, 'args' | 'env'> = {}): Promise<Stack> {
  const dataDir = await makeDataDir();
  const [account, receiver] = await Promise.all([createAccount(dataDir), startReceiver()]);
  const env = { ...QUICK_RETRIES, ...options.env };
  const launch = (args: ServeOptions['args'], extra: ServeOptions['env']) =>
    startServe({ dataDir, apiKey: account.apiKey, env: { ...env, ...extra }, args: args ?? [] });
  const stack: Stack = {
    dataDir,
    ...account,
    receiver,
    serve: await launch(options.args, {}),
    async restart(restartOptions = {}) {
      stack.serve = await launch(restartOptions.args, restartOptions.env);
      return stack.serve;
    },
    async close() {
      await stack.serve.kill('SIGKILL');
      await receiver.close();
      await removeDataDirs([dataDir]);
    },
  };
  return stack;
}

/** Asserts a 2xx answer and returns its body. */
export async function ok(
  answer: Promise<{ status: number; body: any }>,
  what = 'API call',
): Promise<any> {
  const { status, body } = await answer;
  if (status < 200 || status > 299) {
    throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
  return body;
}

/** Saves the account's default webhook pointing at `url`; returns its id and whsec_ secret. */
export async function createDefaultWebhook(
  serve: ServeProcess,
  url: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; secret: string }> {
  const body = await ok(
    serve.api('POST', '/v1/webhooks', {
      body: { name: `hook-${url}`, url, isDefault: true, ...extra },
    }),
    'POST /v1/webhooks',
  );
  return { id: body.id as string, secret: body.secret as string };
}

/** A flow (flow end webhook on) that stores `customer_name` = Ada, then hangs up. */
export function storingFlow(): Record<string, unknown> {
  return {
    name: 'Ends',
    start: 'save',
    settings: { flowEndWebhook: true },
    widgets: {
      save: {
        type: 'store',
        config: { scope: 'flow', variables: [{ key: 'customer_name', value: 'Ada' }] },
        lines: ['bye'],
      },
      bye: { type: 'hangup' },
    },
  };
}

/** A flow (flow end webhook on) whose webhook widget calls `request.url`, then hangs up. */
export function callingFlow(request: Record<string, unknown>): Record<string, unknown> {
  return {
    name: 'Calls',
    start: 'call',
    settings: { flowEndWebhook: true },
    widgets: {
      call: {
        type: 'webhook',
        config: {
          mode: 'custom',
          request: { method: 'POST', bodyType: 'json', body: '{"n": 1}', ...request },
          response: { type: 'json', mappings: [] },
          timeoutSeconds: 60,
        },
        lines: ['bye', 'bye'],
      },
      bye: { type: 'hangup' },
    },
  };
}

/** Saves a flow; returns its id. */
export async function createFlow(
  serve: ServeProcess,
  flow: Record<string, unknown>,
): Promise<string> {
  const body = await ok(serve.api('POST', '/v1/flows', { body: flow }), 'POST /v1/flows');
  return body.id as string;
}

/** Starts an execution and, with `wait`, answers once it has ended. */
export async function startExecution(
  serve: ServeProcess,
  flowId: string,
  options: { wait?: boolean; body?: Record<string, unknown> } = {},
): Promise<any> {
  const query = options.wait === false ? '' : '?wait=true';
  return ok(
    serve.api('POST', `/v1/flows/${flowId}/executions${query}`, { body: options.body ?? {} }),
    'POST executions',
  );
}

/** The deliveries of one execution (with their attempts), newest first. */
export async function deliveriesOf(serve: ServeProcess, executionId: string): Promise<any[]> {
  const body = await ok(
    serve.api('GET', `/v1/deliveries?executionId=${encodeURIComponent(executionId)}`),
    'GET /v1/deliveries',
  );
  return body.items as any[];
}

/** Waits until the execution's one delivery has `status`; returns it. */
export function deliveryWithStatus(
  serve: ServeProcess,
  executionId: string,
  status: 'pending' | 'succeeded' | 'failed',
  timeoutMs?: number,
): Promise<any> {
  return until(
    `the delivery of ${executionId} to be ${status}`,
    async () => {
      const [delivery] = await deliveriesOf(serve, executionId);
      return delivery?.status === status ? delivery : undefined;
    },
    timeoutMs,
  );
}

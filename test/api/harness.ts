import { createAccount } from '../../src/accounts/index.js';
import { createServerCore, type ServerCore } from '../../src/app/server-core.js';
import { systemClock } from '../../src/app/system-clock.js';
import { loadSettings } from '../../src/config/index.js';
import { createSealer } from '../../src/secrets/index.js';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import type { Storage } from '../../src/storage/ports.js';
import { silentLog } from '../../src/app/testing/silent-log.js';

export interface ApiHarness {
  core: ServerCore;
  storage: Storage;
  /** Calls the API in-process as the given key (default: account A's). */
  call(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      raw?: string;
      key?: string | null;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; body: any }>;
  keyA: string;
  keyB: string;
  accountA: string;
  accountB: string;
  close(): Promise<void>;
}

/**
 * A started server core on `storage`: the harness's, or a second one on the same store (another
 * process of a scale-out, docs/server.md), sharing nothing else.
 */
export async function startCore(
  storage: Storage,
  env: Record<string, string> = {},
): Promise<ServerCore> {
  const core = createServerCore({
    storage,
    settings: loadSettings(env),
    sealer: createSealer(Buffer.alloc(32, 3)),
    clock: systemClock,
    log: silentLog,
    publicUrl: () => 'http://hookline.test',
    dispatcherIdlePollMs: 20,
  });
  await core.start();
  return core;
}

/** A server core on the memory store with two accounts, A and B. */
export async function startHarness(env: Record<string, string> = {}): Promise<ApiHarness> {
  const storage = createMemoryStorage();
  const core = await startCore(storage, env);
  const a = await createAccount(storage.accounts, 'A', new Date());
  const b = await createAccount(storage.accounts, 'B', new Date());
  const call: ApiHarness['call'] = async (method, path, options = {}) => {
    const key = options.key === undefined ? a.apiKey : options.key;
    const headers: Record<string, string> = { ...options.headers };
    if (key !== null) headers['authorization'] = `Bearer ${key}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    const response = await core.api.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed };
  };
  return {
    core,
    storage,
    call,
    keyA: a.apiKey,
    keyB: b.apiKey,
    accountA: a.account.id,
    accountB: b.account.id,
    close: async () => {
      await core.stop();
      await storage.close();
    },
  };
}

/** Polls `read` until it gives a value (every 20 ms, at most 5 s). */
export async function until<T>(read: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let i = 0; i < 250; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached in 5 s');
}

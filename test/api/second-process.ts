/**
 * A second server core on the same store: another process of a scale-out (docs/server.md),
 * with its own executions, event notifier and voice routes, sharing nothing but the store.
 */
import { createServerCore, type ServerCore } from '../../src/app/server-core.js';
import { systemClock } from '../../src/app/system-clock.js';
import { loadSettings } from '../../src/config/index.js';
import { createSealer } from '../../src/secrets/index.js';
import type { Storage } from '../../src/storage/ports.js';

const silentLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A started core on `storage` (the harness's sealer key and public URL). */
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

/** Calls `core`'s API with an API key. */
export async function callCore(
  core: ServerCore,
  key: string,
  method: string,
  path: string,
): Promise<{ status: number; body: any }> {
  const response = await core.api.request(path, {
    method,
    headers: { authorization: `Bearer ${key}` },
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

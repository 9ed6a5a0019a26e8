/**
 * Calls to a second server core on the same store (started with the harness's `startCore`):
 * another process of a scale-out (docs/server.md), sharing nothing but the store.
 */
import type { ServerCore } from '../../src/app/server-core.js';

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

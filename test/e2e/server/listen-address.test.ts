import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, makeDataDir, removeDataDirs, startServe } from '../support/serve-process.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await makeDataDir();
});
afterAll(async () => {
  await killAll();
  await removeDataDirs([dataDir]);
});

/** The IPv4 address a TCP socket listens on at `port`, as the kernel shows it (Linux). */
function listeningOn(url: string): string | undefined {
  const port = Number(new URL(url).port).toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state !== '0A' || !local?.endsWith(`:${port}`)) continue;
    const hex = local.slice(0, 8);
    return [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16)).join('.');
  }
  return undefined;
}

describe('hookline serve: the listening address', () => {
  it('listens on 127.0.0.1 by default and prints that address', async () => {
    const serve = await startServe({ dataDir, host: null });
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(listeningOn(serve.url)).toBe('127.0.0.1');
    expect((await serve.api('GET', '/healthz')).status).toBe(200);
    await serve.kill('SIGTERM');
  });

  it('prints the real bind address when --host opens it', async () => {
    const serve = await startServe({ dataDir, host: '0.0.0.0' });
    expect(serve.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(listeningOn(serve.url)).toBe('0.0.0.0');
    const port = new URL(serve.url).port;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    await serve.kill('SIGTERM');
  });
});

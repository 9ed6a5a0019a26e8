/**
 * A client that drops the connection before its body is read is no server error: `hookline
 * serve` logs it at debug (shown with HOOKLINE_LOG_LEVEL=debug), never as an unexpected error.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAccount,
  killAll,
  makeDataDir,
  removeDataDirs,
  startServe,
  type ServeProcess,
} from '../support/serve-process.js';
import { until } from './helpers.js';

let dataDir: string;
let serve: ServeProcess;
let triggerPath: string;
let apiKey: string;

beforeAll(async () => {
  dataDir = await makeDataDir();
  ({ apiKey } = await createAccount(dataDir));
  serve = await startServe({ dataDir, apiKey, env: { HOOKLINE_LOG_LEVEL: 'debug' } });
  const flow = { name: 'f', start: 'e', widgets: { e: { type: 'end' } } };
  const flowId = (await serve.api('POST', '/v1/flows', { body: flow })).body.id as string;
  const made = await serve.api('POST', `/v1/flows/${flowId}/trigger-url`);
  triggerPath = new URL(made.body.url as string).pathname;
});
afterAll(async () => {
  await killAll();
  await removeDataDirs([dataDir]);
});

/** Sends the headers and half of a declared 1,000-byte body, then drops the connection. */
async function dropMidBody(path: string): Promise<void> {
  const { port } = new URL(serve.url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${apiKey}\r\n` +
      `content-type: application/json\r\n` +
      `content-length: 1000\r\n\r\n{"variables": {"x": "${'a'.repeat(400)}`,
  );
  await new Promise<void>((resolve) => socket.end(resolve));
  socket.destroy();
}

const logLines = (): Array<Record<string, unknown>> =>
  serve
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('a client that drops the connection mid-body', () => {
  it.each([
    ['an API route', () => '/v1/flows'],
    ['a trigger URL', () => triggerPath],
  ])('on %s is logged at debug, not as an unexpected error', async (_kind, path) => {
    const before = logLines().length;
    await dropMidBody(path());
    const line = await until(
      'the debug line',
      () =>
        logLines()
          .slice(before)
          .find(
            (entry) =>
              entry['msg'] === 'the client closed the connection before sending the whole body',
          ),
      10_000,
    );
    expect(line['level']).toBe(20);
    expect(serve.stderr()).not.toContain('unexpected API error');
    expect((await serve.api('GET', '/healthz')).status).toBe(200);
  });
});

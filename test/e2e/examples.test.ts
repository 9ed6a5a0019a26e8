import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, runFlow } from './support/run-cli.js';

const EXAMPLE_PORT = '127.0.0.1:4010';

/** A free loopback port (listen on 0, close): order-api.mjs only takes a fixed PORT. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) =>
    probe.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.concurrent('examples', () => {
  describe('examples/hello.json', () => {
    it.each<[string, string[], string[], string]>([
      [
        '--input 1',
        ['--input', '1'],
        ['ask', 'route', 'sales', 'connect', 'bye'],
        'Connecting you to sales',
      ],
      [
        '--input 2',
        ['--input', '2'],
        ['ask', 'route', 'support', 'connect', 'bye'],
        'Connecting you to support',
      ],
      [
        '--input 9',
        ['--input', '9'],
        ['ask', 'route', 'nothing', 'bye'],
        'Sorry, I did not get that',
      ],
      ['no input', [], ['ask', 'nothing', 'bye'], 'Sorry, I did not get that'],
    ])('%s', async (_name, args, path, text) => {
      const { code, stdout, stderr } = await runCli([
        'run',
        'examples/hello.json',
        '--json',
        ...args,
      ]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const json = JSON.parse(stdout) as { path: string[]; events: unknown[]; endReason: string };
      expect(json.path).toEqual(path);
      expect(json.endReason).toBe('hangup');
      expect(json.events).toEqual([
        {
          type: 'input',
          prompt: 'Press 1 for sales, 2 for support',
          maxDigits: 1,
          timeoutSeconds: 5,
        },
        { type: 'play', text },
        { type: 'hangup' },
      ]);
    });
  });

  describe('examples/order-status.json against examples/order-api.mjs', () => {
    let api: ChildProcess;
    let port: number;
    let flow: unknown;

    beforeAll(async () => {
      port = await freePort();
      api = spawn(process.execPath, ['examples/order-api.mjs'], {
        cwd: REPO_ROOT,
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        let output = '';
        api.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          if (output.includes(`http://127.0.0.1:${port}`)) resolve();
        });
        api.on('exit', (exitCode) => {
          reject(new Error(`order-api.mjs exited ${String(exitCode)}`));
        });
      });
      // The example as shipped, pointed at this API's port instead of 4010.
      const text = await readFile(join(REPO_ROOT, 'examples/order-status.json'), 'utf8');
      expect(text.split(EXAMPLE_PORT)).toHaveLength(2);
      flow = JSON.parse(text.replace(EXAMPLE_PORT, `127.0.0.1:${port}`));
    });
    afterAll(() => {
      api.kill();
    });

    it.each<[string, string[], string, Record<string, string>]>([
      [
        '42',
        ['lookup', 'shipped', 'on_the_way', 'bye'],
        'Your order is on its way and arrives tomorrow',
        { order_status: 'shipped', eta: 'tomorrow' },
      ],
      [
        '7',
        ['lookup', 'shipped', 'status', 'bye'],
        'Your order is packing',
        { order_status: 'packing', eta: 'soon' },
      ],
      [
        '99',
        ['lookup', 'sorry', 'bye'],
        'We could not find order 99 (CLIENT_ERROR)',
        { error_reason: 'CLIENT_ERROR' },
      ],
    ])('order %s', async (orderId, path, text, variables) => {
      const { code, json } = await runFlow(flow, [
        '--var',
        `order_id=${orderId}`,
        '--allow',
        `127.0.0.1:${port}`,
      ]);
      expect(code).toBe(0);
      expect(json.path).toEqual(path);
      expect(json.events).toEqual([
        { type: 'hold.start', audio: 'default' },
        { type: 'hold.stop' },
        { type: 'play', text },
        { type: 'hangup' },
      ]);
      for (const [name, value] of Object.entries(variables)) {
        expect(json.variables[`$flow.key.${name}`]).toBe(value);
      }
    });
  });
});

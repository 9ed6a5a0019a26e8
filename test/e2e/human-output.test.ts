import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowOf } from './support/flows.js';
import { startCli } from './support/run-cli.js';
import { gate, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  server.route('/ok', { json: { ok: true } });
  server.route('/missing', { status: 404 });
});
afterAll(() => server.close());

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('human output (no --json)', () => {
  it('prints one line per step as it goes: id, request and status, line taken, duration', async () => {
    const arrived = gate();
    const answer = gate();
    server.route('/held', async () => {
      arrived.open();
      await answer.promise;
      return { json: {} };
    });
    const flow = flowOf({
      first: {
        type: 'webhook',
        config: { request: { url: server.url('/ok') } },
        lines: ['second', null],
      },
      second: {
        type: 'webhook',
        config: { request: { method: 'POST', url: server.url('/missing') } },
        lines: ['held', 'held'],
      },
      held: {
        type: 'webhook',
        config: { request: { url: server.url('/held') } },
        lines: ['route', null],
      },
      route: {
        type: 'decision',
        config: {
          conditions: [
            { variable: '$flow.key.first.response_status', operator: 'equals', value: 'SUCCESS' },
          ],
        },
        lines: ['bye', null],
      },
      bye: { type: 'hangup' },
    });
    const cli = startCli(['run', '--allow', server.hostPort], { flow });
    // The first steps are printed while the third request is still waiting for its answer.
    await Promise.race([
      Promise.all([cli.waitForStdout('second (webhook)'), arrived.promise]),
      cli.result,
    ]);
    const inFlight = cli.stdout();
    answer.open();
    const { code, stdout } = await cli.result;
    expect(inFlight).toMatch(/^ {2}first \(webhook\) /m);
    expect(inFlight).toMatch(/^ {2}second \(webhook\) /m);
    expect(inFlight).not.toContain('held (webhook)');
    expect(code).toBe(0);

    const url = (path: string) => escape(server.url(path));
    const expected = [
      new RegExp(`^ {2}first \\(webhook\\) GET ${url('/ok')} → 200 · line 0 → second · \\d+ ms$`),
      new RegExp(
        `^ {2}second \\(webhook\\) POST ${url('/missing')} → 404 CLIENT_ERROR · line 1 → held · \\d+ ms$`,
      ),
      new RegExp(`^ {2}held \\(webhook\\) GET ${url('/held')} → 200 · line 0 → route · \\d+ ms$`),
      /^ {2}route \(decision\) · line 0 → bye · \d+ ms$/,
      /^ {2}bye \(hangup\) · ended · \d+ ms$/,
    ];
    const stepLines = stdout.split('\n').filter((line) => /^ {2}\S+ \(/.test(line));
    expect(stepLines).toHaveLength(expected.length);
    stepLines.forEach((line, index) => {
      expect(line).toMatch(expected[index]!);
    });
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^completed · hangup · 5 steps · /);
  });
});

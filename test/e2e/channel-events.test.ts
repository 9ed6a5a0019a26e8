import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowOf, stepOf } from './support/flows.js';
import { runFlow, startCli } from './support/run-cli.js';
import { gate, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  server.route('/ok', { json: { ok: true } });
  server.route('/missing', { status: 404 });
});
afterAll(() => server.close());

describe.concurrent('channel events', () => {
  /** lookup (with hold music) → ok / sorry → bye. */
  function holdFlow(path: string): Record<string, unknown> {
    return flowOf({
      lookup: {
        type: 'webhook',
        config: { request: { url: server.url(path) }, holdMusic: { enabled: true, audio: 'jazz' } },
        lines: ['ok', 'sorry'],
      },
      ok: { type: 'play', config: { text: 'found it' }, lines: ['bye'] },
      sorry: { type: 'play', config: { text: 'sorry' }, lines: ['bye'] },
      bye: { type: 'hangup' },
    });
  }

  describe('hold music', () => {
    it.each([
      ['/ok', 'found it'],
      ['/missing', 'sorry'],
    ])('%s: hold.start, hold.stop, then the next widget', async (path, text) => {
      const { code, json } = await runFlow(holdFlow(path), ['--allow', server.hostPort]);
      expect(code).toBe(0);
      expect(json.events).toEqual([
        { type: 'hold.start', audio: 'jazz' },
        { type: 'hold.stop' },
        { type: 'play', text },
        { type: 'hangup' },
      ]);
      expect(json.path).toEqual(['lookup', text === 'sorry' ? 'sorry' : 'ok', 'bye']);
    });

    it('hold.start reaches the channel while the request is in flight, hold.stop once answered', async () => {
      const arrived = gate();
      const answer = gate();
      server.route('/held', async () => {
        arrived.open();
        await answer.promise;
        return { json: {} };
      });
      const cli = startCli(['run', '--allow', server.hostPort], { flow: holdFlow('/held') });
      await Promise.race([
        Promise.all([cli.waitForStdout('~ hold.start'), arrived.promise]),
        cli.result,
      ]);
      // What was seen while the server still held its answer (asserted once the run is over).
      const inFlight = { requests: server.requests('/held').length, stdout: cli.stdout() };
      answer.open();
      const { code, stdout } = await cli.result;
      expect(inFlight.requests).toBe(1);
      expect(inFlight.stdout).toContain('~ hold.start audio="jazz"');
      expect(inFlight.stdout).not.toContain('hold.stop');
      expect(code).toBe(0);
      const start = stdout.indexOf('~ hold.start');
      const stop = stdout.indexOf('~ hold.stop');
      const play = stdout.indexOf('~ play text="found it"');
      expect(start).toBeGreaterThanOrEqual(0);
      expect(stop).toBeGreaterThan(start);
      expect(play).toBeGreaterThan(stop);
    });
  });

  describe('fire-and-forget (waitForResponse: false)', () => {
    it('leaves on line 0 with SENT at once and records the outcome on the step', async () => {
      // /slow answers only once /release is called, and only a LATER widget calls /release:
      // the flow must move on without waiting (else /slow gives up after 10 s with a 503).
      const released = gate();
      server.route('/slow', async () => {
        const late = new Promise<string>((resolve) => {
          setTimeout(resolve, 10_000, 'late').unref();
        });
        const outcome = await Promise.race([released.promise.then(() => 'released'), late]);
        return outcome === 'released' ? { status: 202, json: { queued: true } } : { status: 503 };
      });
      server.route('/release', () => {
        released.open();
        return { json: {} };
      });
      const flow = flowOf({
        fire: {
          type: 'webhook',
          config: {
            request: { method: 'POST', url: server.url('/slow'), bodyType: 'json', body: '{}' },
            waitForResponse: false,
          },
          lines: ['fire_fail', 'failed'],
        },
        fire_fail: {
          type: 'webhook',
          config: { request: { url: server.url('/missing') }, waitForResponse: false },
          lines: ['next', 'failed'],
        },
        next: {
          type: 'play',
          config: { text: 'moved on: $flow.key.fire.response_status' },
          lines: ['release'],
        },
        failed: { type: 'play', config: { text: 'failure line' }, lines: ['bye'] },
        release: {
          type: 'webhook',
          config: { request: { url: server.url('/release') } },
          lines: ['bye', 'bye'],
        },
        bye: { type: 'hangup' },
      });
      const { code, json } = await runFlow(flow, ['--allow', server.hostPort]);
      expect(code).toBe(0);
      expect(json.path).toEqual(['fire', 'fire_fail', 'next', 'release', 'bye']);
      expect(json.events).toEqual([{ type: 'play', text: 'moved on: SENT' }, { type: 'hangup' }]);
      expect(json.variables['$flow.key.fire.response_status']).toBe('SENT');
      expect(stepOf(json, 'fire').line).toBe(0);
      expect(stepOf(json, 'fire').background).toMatchObject({ status: 202 });
      // A failing request still leaves on line 0; its failure is recorded on the step.
      expect(stepOf(json, 'fire_fail').line).toBe(0);
      expect(stepOf(json, 'fire_fail').background).toMatchObject({
        status: 404,
        errorReason: 'CLIENT_ERROR',
      });
      expect(server.requests('/slow')).toHaveLength(1);
      expect(server.requests('/release')).toHaveLength(1);
    });
  });
});

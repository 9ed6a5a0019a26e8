/**
 * docs/flows.md "Limits": a flow that doubles a variable in a loop ends with VALUE_TOO_LARGE
 * instead of growing until the process runs out of memory; a webhook widget whose request or
 * response passes a cap takes its failure line with error_reason VALUE_TOO_LARGE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doublingFlow, flowOf } from './support/flows.js';
import { runCli } from './support/run-cli.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  server.route('/echo', (request) => ({ body: request.body }));
});
afterAll(() => server.close());

describe('value limits in hookline run', () => {
  it('ends the doubling flow with VALUE_TOO_LARGE, its variable within the cap', async () => {
    const { code, json } = await runCli(['run', '--json'], { flow: doublingFlow() });
    expect(code).toBe(1);
    expect(json).toMatchObject({ status: 'failed', endReason: 'VALUE_TOO_LARGE' });
    // 10 bytes doubled 16 times is 640 KiB; the 17th doubling would pass 1 MiB.
    expect(json?.path).toHaveLength(18);
    expect(json?.steps.at(-1)?.error).toBe(
      'the rendered template is larger than 1048576 bytes (HOOKLINE_MAX_TEMPLATE_BYTES)',
    );
    expect(String(json?.variables['$flow.key.k'])).toHaveLength(10 * 2 ** 16);
  });

  it('says so in the human output, and follows HOOKLINE_MAX_TEMPLATE_BYTES', async () => {
    const env = { HOOKLINE_MAX_TEMPLATE_BYTES: '1000' };
    const { code, stdout } = await runCli(['run'], { flow: doublingFlow(), env });
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^ {2}double \(store\) · failed: the rendered template is larger than 1000 bytes \(HOOKLINE_MAX_TEMPLATE_BYTES\) · \d+ ms$/m,
    );
    expect(stdout).toMatch(/^failed · VALUE_TOO_LARGE · 8 steps · /m);
  });

  it('gives a webhook widget error_reason VALUE_TOO_LARGE for a body past the template cap', async () => {
    const flow = flowOf({
      seed: {
        type: 'store',
        config: { variables: [{ key: 'k', value: 'x'.repeat(600) }] },
        lines: ['call'],
      },
      call: {
        type: 'webhook',
        config: {
          request: {
            method: 'POST',
            url: server.url('/echo'),
            bodyType: 'json',
            body: '{"a": "$flow.key.k", "b": "$flow.key.k"}',
          },
        },
        lines: [null, null],
      },
    });
    const env = { HOOKLINE_MAX_TEMPLATE_BYTES: '1000' };
    const { json } = await runCli(['run', '--json', '--allow', server.hostPort], { flow, env });
    expect(json).toMatchObject({ status: 'completed', endReason: 'noNextWidget' });
    expect(json?.steps[1]).toMatchObject({ line: 1, detail: { errorReason: 'VALUE_TOO_LARGE' } });
    expect(json?.variables['$flow.key.error_reason']).toBe('VALUE_TOO_LARGE');
    expect(server.requests('/echo')).toHaveLength(0);
  });

  it('gives error_reason VALUE_TOO_LARGE when response_raw or a mapped value passes the variable cap', async () => {
    const flow = flowOf({
      call: {
        type: 'webhook',
        config: {
          request: {
            method: 'POST',
            url: server.url('/echo'),
            bodyType: 'text',
            body: 'y'.repeat(2000),
          },
          response: { type: 'json', mappings: [] },
        },
        lines: [null, null],
      },
    });
    const env = { HOOKLINE_MAX_VARIABLE_BYTES: '1000' };
    const { json } = await runCli(['run', '--json', '--allow', server.hostPort], { flow, env });
    expect(json?.steps[0]).toMatchObject({ line: 1, detail: { errorReason: 'VALUE_TOO_LARGE' } });
    expect(json?.steps[0]?.detail?.['error']).toMatch(
      /^\$flow\.key\.response_raw would hold 2000 bytes, more than the 1000 one variable may hold/,
    );
    expect(json?.variables).toMatchObject({
      '$flow.key.error_reason': 'VALUE_TOO_LARGE',
      '$flow.key.response_status': 'FAILED',
      '$flow.key.response_raw': null,
    });
  });

  it('keeps the first 2,048 characters of a long URL in the step detail', async () => {
    const flow = flowOf({
      call: {
        type: 'webhook',
        config: { request: { url: `${server.url('/echo')}?q=$flow.key.k` } },
        lines: [null, null],
      },
    });
    const args = ['run', '--json', '--allow', server.hostPort, '--var', `k=${'x'.repeat(5000)}`];
    const { json } = await runCli(args, { flow });
    const url = String(json?.steps[0]?.detail?.['url']);
    const sent = `${server.url('/echo')}?q=${'x'.repeat(5000)}`;
    expect(url).toBe(`${sent.slice(0, 2048)}… (${sent.length - 2048} more characters)`);
    expect(server.requests('/echo').at(-1)?.url).toBe(`/echo?q=${'x'.repeat(5000)}`);
  });

  it('refuses a bad cap setting with one line and exit 2', async () => {
    const env = { HOOKLINE_MAX_VARIABLE_BYTES: 'lots' };
    const { code, stderr } = await runCli(['run'], { flow: doublingFlow(), env });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'hookline: HOOKLINE_MAX_VARIABLE_BYTES must be a positive whole number of bytes',
    );
  });
});

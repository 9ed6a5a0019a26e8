import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isDuration,
  responseVars,
  sequence,
  stepOf,
  unprefixedVars,
  webhook,
} from './support/flows.js';
import { runFlow, type RunOutput, type Value } from './support/run-cli.js';
import { closedPort, startTestServer, type TestServer } from './support/test-server.js';

// docs/webhook-widget.md variable table. A final 1xx (`Informational`) is not producible end to end:
// HTTP clients treat 1xx answers as interim and wait for the final response.

let server: TestServer;
let refusedPort: number;

beforeAll(async () => {
  server = await startTestServer();
  refusedPort = await closedPort();
  server.route('/ok', { json: { ok: true } });
  server.route('/empty', { status: 204 });
  server.route('/moved', { status: 303, body: 'see elsewhere' });
  server.route('/missing', { status: 404, body: 'not here' });
  server.route('/down', { status: 503, body: 'down' });
  server.route('/down-empty', { status: 500 });
});
afterAll(() => server.close());

/** The destination policy is opened through the environment here (docs/cli.md), not `--allow`. */
const env = (): Record<string, string> => ({
  HOOKLINE_ALLOW_DESTINATIONS: `${server.hostPort}, 127.0.0.1:${refusedPort}`,
});

interface Row {
  id: string;
  url: () => string;
  expected: Record<string, Value>;
}

const failed = (code: number, type: string, raw: string | null, reason: string) => ({
  response_status: 'FAILED',
  response_status_code: code,
  response_status_type: type,
  response_raw: raw,
  response_error: true,
  error_reason: reason,
});

const rows: Row[] = [
  {
    id: 'ok',
    url: () => server.url('/ok'),
    expected: {
      response_status: 'SUCCESS',
      response_status_code: 200,
      response_status_type: 'Success',
      response_raw: '{"ok":true}',
      response_error: false,
    },
  },
  {
    id: 'empty',
    url: () => server.url('/empty'),
    expected: {
      response_status: 'SUCCESS',
      response_status_code: 204,
      response_status_type: 'Success',
      response_raw: null,
      response_error: false,
    },
  },
  {
    id: 'moved',
    url: () => server.url('/moved'),
    expected: failed(303, 'Redirection', 'see elsewhere', 'REDIRECTION'),
  },
  {
    id: 'missing',
    url: () => server.url('/missing'),
    expected: failed(404, 'Client Error', 'not here', 'CLIENT_ERROR'),
  },
  {
    id: 'down',
    url: () => server.url('/down'),
    expected: failed(503, 'Server Error', 'down', 'SERVER_ERROR'),
  },
  {
    id: 'down_empty',
    url: () => server.url('/down-empty'),
    expected: failed(500, 'Server Error', null, 'SERVER_ERROR'),
  },
  {
    id: 'refused',
    url: () => `http://127.0.0.1:${refusedPort}/x`,
    expected: failed(0, 'No Response', null, 'CONNECTION_ERROR'),
  },
];

describe.concurrent('webhook variables', () => {
  describe('docs/webhook-widget.md response variables, prefixed with the widget id', () => {
    let output: RunOutput;
    let code: number | null;

    beforeAll(async () => {
      const widgets = Object.fromEntries(
        rows.map((row) => [row.id, webhook({ method: 'GET', url: row.url() })]),
      );
      const flow = sequence({
        ...widgets,
        say: {
          type: 'play',
          config: { text: '$flow.key.ok.response_status $flow.key.ok.response_status_code' },
          lineCount: 1,
        },
      });
      const result = await runFlow(flow, [], { env: env() });
      output = result.json;
      code = result.code;
    });

    it('completes with exit 0 whatever widgets failed (a failure line is a normal path)', () => {
      expect(code).toBe(0);
      expect(output.status).toBe('completed');
      expect(output.path).toEqual([...rows.map((row) => row.id), 'say']);
    });

    it.each(rows)('$id: sets exactly the table values', ({ id, expected }) => {
      const values = responseVars(output, id);
      const { response_duration: duration, ...rest } = values;
      expect(rest).toEqual(expected);
      expect(isDuration(duration)).toBe(true);
      // Seconds, not milliseconds: the request fits inside its step's duration.
      expect(Number(duration) * 1000).toBeLessThanOrEqual(stepOf(output, id).durationMs + 10);
    });

    it.each(rows)('$id: leaves on line 0 on success and line 1 on failure', ({ id, expected }) => {
      const step = output.steps.find((candidate) => candidate.widgetId === id);
      expect(step?.line).toBe(expected['response_error'] === true ? 1 : 0);
    });

    it('lets templates read the prefixed variables', () => {
      expect(output.events).toEqual([{ type: 'play', text: 'SUCCESS 200' }]);
    });

    it('sets the unprefixed variables from the last webhook', () => {
      expect(unprefixedVars(output)).toEqual(responseVars(output, 'refused'));
    });
  });

  describe('unprefixed variables: the last webhook wins', () => {
    it('a failure then a success leaves error_reason unset, the prefixed ones stay', async () => {
      const flow = sequence({
        first: webhook({ url: server.url('/ok') }),
        second: webhook({ url: server.url('/missing') }),
        snap: {
          type: 'store',
          config: {
            variables: [
              { key: 'status_after_second', value: '$flow.key.response_status' },
              { key: 'reason_after_second', value: '$flow.key.error_reason' },
            ],
          },
          lineCount: 1,
        },
        third: webhook({ url: server.url('/empty') }),
      });
      const { code, json } = await runFlow(flow, [], { env: env() });
      expect(code).toBe(0);
      const variables = json.variables;
      expect(variables['$flow.key.status_after_second']).toBe('FAILED');
      expect(variables['$flow.key.reason_after_second']).toBe('CLIENT_ERROR');
      expect(unprefixedVars(json)).toEqual({
        response_status: 'SUCCESS',
        response_status_code: 204,
        response_status_type: 'Success',
        response_duration: variables['$flow.key.third.response_duration'],
        response_raw: null,
        response_error: false,
      });
      expect('$flow.key.error_reason' in variables).toBe(false);
      expect(responseVars(json, 'second')['error_reason']).toBe('CLIENT_ERROR');
      expect(responseVars(json, 'first')['response_status']).toBe('SUCCESS');
    });
  });
});

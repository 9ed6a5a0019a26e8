import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  flowOf,
  responseVars,
  sequence,
  stepOf,
  webhook,
  type WidgetDoc,
} from './support/flows.js';
import { runFlow, type CliResult, type RunOutput } from './support/run-cli.js';
import { closedPort, startTestServer, type TestServer } from './support/test-server.js';

const MIB = 1024 * 1024;

let server: TestServer;
let refusedPort: number;

beforeAll(async () => {
  server = await startTestServer();
  refusedPort = await closedPort();
  server.route('/e/404', { status: 404, body: 'nope' });
  server.route('/e/500', { status: 500, body: 'boom' });
  for (let hop = 1; hop <= 7; hop += 1) {
    server.route(
      `/e/r${hop}`,
      hop === 7 ? { json: { done: true } } : { redirect: `/e/r${hop + 1}` },
    );
  }
  server.route('/e/text', { body: 'hello, not json', headers: { 'content-type': 'text/plain' } });
  server.route('/e/bad-xml', { body: '<order><status>x</order>' });
  server.route('/e/customer', { json: { customer: { name: 'Ada' } } });
  server.route('/e/big', { body: 'a'.repeat(5_000) });
  server.route('/e/bomb', { body: 'a'.repeat(200_000), gzip: true });
  server.route('/e/gzip-ok', { json: { v: 'unzipped' }, gzip: true });
  server.route('/e/slow', { hang: true });
  server.route('/e/drop', { destroy: true });
  for (const path of ['/e/mh', '/e/mq', '/e/body', '/e/crlf']) server.route(path, { json: {} });
});
afterAll(() => server.close());

interface Row {
  id: string;
  widget: () => ReturnType<typeof webhook>;
  reason: string | undefined;
  code: number;
  /** The path the widget targets and how many requests the server got there. */
  path: string;
  requests: number;
}

const get = (path: string, extra: Record<string, unknown> = {}) =>
  webhook({ url: server.url(path) }, extra);

const rows: Row[] = [
  {
    id: 'client',
    widget: () => get('/e/404'),
    reason: 'CLIENT_ERROR',
    code: 404,
    path: '/e/404',
    requests: 1,
  },
  {
    id: 'server',
    widget: () => get('/e/500'),
    reason: 'SERVER_ERROR',
    code: 500,
    path: '/e/500',
    requests: 1,
  },
  // Five redirects are followed; the sixth 3xx is the answer (and /e/r7 is never asked).
  {
    id: 'redirects',
    widget: () => get('/e/r1'),
    reason: 'REDIRECTION',
    code: 302,
    path: '/e/r6',
    requests: 1,
  },
  {
    id: 'refused',
    widget: () => webhook({ url: `http://127.0.0.1:${refusedPort}/` }),
    reason: 'CONNECTION_ERROR',
    code: 0,
    path: '/',
    requests: 0,
  },
  {
    // The server takes the request and closes the socket without a word.
    id: 'dropped',
    widget: () => get('/e/drop'),
    reason: 'CONNECTION_ERROR',
    code: 0,
    path: '/e/drop',
    requests: 1,
  },
  {
    id: 'not_json',
    widget: () => get('/e/text', { response: { type: 'json' } }),
    reason: 'INVALID_RESPONSE',
    code: 200,
    path: '/e/text',
    requests: 1,
  },
  {
    id: 'not_xml',
    widget: () => get('/e/bad-xml', { response: { type: 'xml' } }),
    reason: 'INVALID_RESPONSE',
    code: 200,
    path: '/e/bad-xml',
    requests: 1,
  },
  {
    id: 'unmapped',
    widget: () =>
      get('/e/customer', {
        response: {
          type: 'json',
          mappings: [
            { saveIn: '$flow.key.name', path: 'data.customer.name', mandatory: true },
            { saveIn: '$flow.key.phone', path: 'data.customer.phone', mandatory: true },
          ],
        },
      }),
    reason: 'MAPPING_MISSING',
    code: 200,
    path: '/e/customer',
    requests: 1,
  },
  {
    id: 'no_header',
    widget: () =>
      webhook({
        url: server.url('/e/mh'),
        headers: [{ key: 'X-Trace', value: '$flow.key.unset', mandatory: true }],
      }),
    reason: 'MANDATORY_MISSING',
    code: 0,
    path: '/e/mh',
    requests: 0,
  },
  {
    id: 'no_query',
    widget: () =>
      webhook({
        url: server.url('/e/mq'),
        query: [{ key: 'lang', value: '${flow.key.unset}', mandatory: true }],
      }),
    reason: 'MANDATORY_MISSING',
    code: 0,
    path: '/e/mq',
    requests: 0,
  },
  {
    // Well formed while `esc` is empty (`["\", "]`), broken once `\` meets the value (`\x`).
    id: 'bad_body',
    widget: () =>
      webhook({
        method: 'POST',
        url: server.url('/e/body'),
        bodyType: 'json',
        body: '["\\$flow.key.esc", "]',
      }),
    reason: 'INVALID_REQUEST',
    code: 0,
    path: '/e/body',
    requests: 0,
  },
  {
    id: 'crlf',
    widget: () =>
      webhook({
        url: server.url('/e/crlf'),
        headers: [{ key: 'X-Note', value: 'note $flow.key.crlf' }],
      }),
    reason: 'INVALID_REQUEST',
    code: 0,
    path: '/e/crlf',
    requests: 0,
  },
  {
    id: 'too_large',
    widget: () => get('/e/big'),
    reason: 'RESPONSE_TOO_LARGE',
    code: 200,
    path: '/e/big',
    requests: 1,
  },
  {
    id: 'gzip_bomb',
    widget: () => get('/e/bomb'),
    reason: 'RESPONSE_TOO_LARGE',
    code: 200,
    path: '/e/bomb',
    requests: 1,
  },
  {
    id: 'gzip_ok',
    widget: () =>
      get('/e/gzip-ok', {
        response: { mappings: [{ saveIn: '$flow.key.v', path: 'data.v', mandatory: true }] },
      }),
    reason: undefined,
    code: 200,
    path: '/e/gzip-ok',
    requests: 1,
  },
  {
    id: 'slow',
    widget: () => get('/e/slow', { timeoutSeconds: 1 }),
    reason: 'TIMEOUT',
    code: 0,
    path: '/e/slow',
    requests: 1,
  },
];

const statusLineCases = [
  { id: 's404', path: '/s/404', line: 2 },
  { id: 's400', path: '/s/400', line: 3 },
  { id: 's_timeout', path: '/s/slow', line: 4 },
  { id: 's500', path: '/s/500', line: 1 },
  { id: 's200', path: '/s/200', line: 0 },
] as const;

/** Each case's webhook leads on each of its 5 lines to a play saying which line it took. */
function statusLinesFlow(): Record<string, unknown> {
  const widgets: Record<string, WidgetDoc> = {};
  statusLineCases.forEach((item, index) => {
    const next = statusLineCases[index + 1]?.id ?? null;
    widgets[item.id] = {
      type: 'webhook',
      config: {
        request: { url: server.url(item.path) },
        ...(item.id === 's_timeout' ? { timeoutSeconds: 1 } : {}),
        statusLines: { '404': 2, '4xx': 3, timeout: 4 },
      },
      lines: [0, 1, 2, 3, 4].map((line) => `${item.id}_line${line}`),
    };
    for (const line of [0, 1, 2, 3, 4]) {
      widgets[`${item.id}_line${line}`] = {
        type: 'play',
        config: { text: `${item.id} took line ${line}` },
        lines: [next],
      };
    }
  });
  return flowOf(widgets, statusLineCases[0].id);
}

describe.concurrent('error reasons', () => {
  describe('every error_reason', () => {
    let result: CliResult & { json: RunOutput };
    let statusLines: CliResult & { json: RunOutput };
    let defaultCap: CliResult & { json: RunOutput };

    beforeAll(async () => {
      server.route('/s/404', { status: 404 });
      server.route('/s/400', { status: 400 });
      server.route('/s/slow', { hang: true });
      server.route('/s/500', { status: 500 });
      server.route('/s/200', { json: {} });
      const flow = sequence(Object.fromEntries(rows.map((row) => [row.id, row.widget()])));
      const args = ['--allow', server.hostPort, '--allow', `127.0.0.1:${refusedPort}`];
      server.route('/cap/exact', { body: 'a'.repeat(MIB) });
      server.route('/cap/over', { body: 'a'.repeat(MIB + 1) });
      const capFlow = sequence({
        at_cap: webhook({ url: server.url('/cap/exact') }, { response: { type: 'xml' } }),
        over_cap: webhook({ url: server.url('/cap/over') }),
      });
      [result, statusLines, defaultCap] = await Promise.all([
        runFlow(flow, [...args, '--var', 'esc=x', '--var', 'crlf=a\r\nX-Injected: yes'], {
          env: { HOOKLINE_MAX_RESPONSE_BYTES: '1000' },
        }),
        runFlow(statusLinesFlow(), args),
        runFlow(capFlow, args),
      ]);
    });

    it('runs every case and completes', () => {
      expect(result.code).toBe(0);
      expect(result.json.status).toBe('completed');
      expect(result.json.path).toEqual(rows.map((row) => row.id));
    });

    it.each(rows)('$id → $reason', ({ id, reason, code, path, requests }) => {
      const values = responseVars(result.json, id);
      expect(values['error_reason']).toBe(reason);
      expect(values['response_status']).toBe(reason === undefined ? 'SUCCESS' : 'FAILED');
      expect(values['response_status_code']).toBe(code);
      expect(stepOf(result.json, id).line).toBe(reason === undefined ? 0 : 1);
      if (id !== 'refused') expect(server.requests(path)).toHaveLength(requests);
    });

    it('TIMEOUT reports the time waited, in seconds', () => {
      const waited = responseVars(result.json, 'slow')['response_duration'];
      expect(waited).toBeGreaterThanOrEqual(0.9);
      expect(Number(waited) * 1000).toBeLessThanOrEqual(
        stepOf(result.json, 'slow').durationMs + 10,
      );
    });

    it('follows exactly 5 redirects before REDIRECTION', () => {
      expect(
        server.received.filter((request) => request.path.startsWith('/e/r')).map((r) => r.path),
      ).toEqual(['/e/r1', '/e/r2', '/e/r3', '/e/r4', '/e/r5', '/e/r6']);
    });

    it('says which mandatory mapping found nothing, and maps gzip bodies', () => {
      expect(stepOf(result.json, 'unmapped').detail?.['error']).toContain('data.customer.phone');
      expect(String(stepOf(result.json, 'unmapped').detail?.['error'])).not.toContain(
        '"data.customer.name"',
      );
      expect(result.json.variables['$flow.key.v']).toBe('unzipped');
    });

    it('never sends a CR/LF header value as an extra header', () => {
      expect(server.received.some((request) => 'x-injected' in request.headers)).toBe(false);
    });

    it('caps response bodies at 1 MiB by default', () => {
      // Exactly 1 MiB is read (and then fails to parse as XML); one byte more is too large.
      expect(responseVars(defaultCap.json, 'at_cap')['error_reason']).toBe('INVALID_RESPONSE');
      expect(responseVars(defaultCap.json, 'over_cap')['error_reason']).toBe('RESPONSE_TOO_LARGE');
    });

    it('routes failures by statusLines: exact code, then class, then timeout, else line 1', () => {
      expect(statusLines.code).toBe(0);
      expect(statusLines.json.events).toEqual(
        statusLineCases.map((item) => ({
          type: 'play',
          text: `${item.id} took line ${item.line}`,
        })),
      );
    });
  });

  describe('BLOCKED_DESTINATION: loopback without an allow entry', () => {
    let target: TestServer;
    let output: RunOutput;

    const spellings = (port: number): Record<string, string> => ({
      dotted: `http://127.0.0.1:${port}/`,
      localhost: `http://localhost:${port}/`,
      ipv6: `http://[::1]:${port}/`,
      mapped: `http://[::ffff:127.0.0.1]:${port}/`,
      decimal: `http://2130706433:${port}/`,
      hex: `http://0x7f000001:${port}/`,
      short: `http://127.1:${port}/`,
      zeros: `http://0.0.0.0:${port}/`,
    });

    beforeAll(async () => {
      target = await startTestServer();
      target.route('/', { json: { reached: true } });
      const flow = sequence(
        Object.fromEntries(
          Object.entries(spellings(target.port)).map(([id, url]) => [id, webhook({ url })]),
        ),
      );
      // Another loopback server is allowed: an allow entry for one port opens no other.
      const result = await runFlow(flow, ['--allow', server.hostPort]);
      expect(result.code).toBe(0);
      output = result.json;
    });
    afterAll(() => target.close());

    it.each(Object.keys(spellings(1)))('%s is refused before connecting', (id) => {
      expect(responseVars(output, id)).toMatchObject({
        response_status: 'FAILED',
        response_status_code: 0,
        response_status_type: 'No Response',
        response_error: true,
        error_reason: 'BLOCKED_DESTINATION',
      });
      expect(stepOf(output, id).line).toBe(1);
    });

    it('the target received nothing, not even a connection', () => {
      expect(target.received).toEqual([]);
      expect(target.connections()).toBe(0);
    });
  });
});

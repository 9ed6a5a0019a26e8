import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseVars, sequence, stepOf, webhook } from './support/flows.js';
import { runFlow, type RunOutput } from './support/run-cli.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** `a` and `c` are allowed; `b` is another loopback port that is not. */
let a: TestServer;
let b: TestServer;
let c: TestServer;
let output: RunOutput;

const bearer = { type: 'bearer', token: 'redirect-token' };
const apiKey = { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'redirect-key' };

beforeAll(async () => {
  [a, b, c] = await Promise.all([startTestServer(), startTestServer(), startTestServer()]);
  a.route('/start', { status: 302, redirect: '/final' });
  a.route('/final', { json: { v: 'mapped' } });
  a.route('/to-b', { redirect: b.url('/') });
  a.route('/to-c', { redirect: c.url('/landing') });
  a.route('/to-c-key', { redirect: c.url('/landing-key') });
  b.route('/', { json: { reached: true } });
  c.route('/landing', { json: {} });
  c.route('/landing-key', { json: {} });
  a.route('/flaky', [{ status: 500 }, { status: 500 }, { json: { ok: true } }]);
  a.route('/always-500', { status: 500, body: 'still down' });
  a.route('/gone', { status: 404 });
  a.route('/busy', [{ status: 429, headers: { 'retry-after': '0' } }, { json: { v: 2 } }]);
  a.route('/stuck', [{ hang: true }, { json: { v: 3 } }]);
  const retry = (attempts: number) => ({ retry: { attempts, on: ['5xx'] } });
  const flow = sequence({
    follow: webhook(
      { url: a.url('/start'), auth: bearer },
      { response: { mappings: [{ saveIn: '$flow.key.v', path: 'data.v', mandatory: true }] } },
    ),
    to_b: webhook({ url: a.url('/to-b') }),
    to_c: webhook({ url: a.url('/to-c'), auth: bearer }),
    to_c_key: webhook({ url: a.url('/to-c-key'), auth: apiKey }),
    retried: webhook(
      { method: 'POST', url: a.url('/flaky'), bodyType: 'json', body: '{"n": 1}' },
      retry(2),
    ),
    exhausted: webhook({ method: 'POST', url: a.url('/always-500') }, retry(1)),
    not_retried: webhook({ method: 'POST', url: a.url('/gone') }, retry(3)),
    on_429: webhook({ url: a.url('/busy') }, { retry: { attempts: 1, on: ['429'] } }),
    // Both attempts share the one 2 s timeout: the hung first one gives up in time to retry.
    on_timeout: webhook(
      { url: a.url('/stuck') },
      { timeoutSeconds: 2, retry: { attempts: 1, on: ['timeout'] } },
    ),
  });
  const result = await runFlow(flow, ['--allow', a.hostPort, '--allow', c.hostPort]);
  expect(result.code).toBe(0);
  output = result.json;
});
afterAll(() => Promise.all([a.close(), b.close(), c.close()]));

describe('redirects', () => {
  it('follows a 302 to the final 200 and maps its body', () => {
    expect(responseVars(output, 'follow')).toMatchObject({
      response_status: 'SUCCESS',
      response_status_code: 200,
      response_raw: '{"v":"mapped"}',
    });
    expect(output.variables['$flow.key.v']).toBe('mapped');
    expect(a.requests('/start')).toHaveLength(1);
    expect(a.requests('/final')).toHaveLength(1);
    // Same origin: the credentials go along.
    expect(a.requests('/final')[0]?.headers.authorization).toBe('Bearer redirect-token');
  });

  it('re-checks every hop: a redirect to a port that is not allowed is BLOCKED_DESTINATION', () => {
    // The last status seen is the redirect's.
    expect(responseVars(output, 'to_b')).toMatchObject({
      response_status: 'FAILED',
      response_status_code: 302,
      response_status_type: 'Redirection',
      error_reason: 'BLOCKED_DESTINATION',
    });
    expect(stepOf(output, 'to_b').line).toBe(1);
    expect(a.requests('/to-b')).toHaveLength(1);
    expect(b.received).toEqual([]);
    expect(b.connections()).toBe(0);
  });

  it.each([
    ['to_c', '/landing', 'authorization'],
    ['to_c_key', '/landing-key', 'x-api-key'],
  ])('%s: a cross-origin hop does not carry the credentials', (id, path, header) => {
    expect(stepOf(output, id).line).toBe(0);
    const landed = c.requests(path);
    expect(landed).toHaveLength(1);
    expect(landed[0]?.headers[header]).toBeUndefined();
  });
});

describe('retries', () => {
  it('500, 500, 200 with attempts 2 on 5xx: success after 3 POSTs with one Idempotency-Key', () => {
    expect(responseVars(output, 'retried')).toMatchObject({
      response_status: 'SUCCESS',
      response_status_code: 200,
      response_raw: '{"ok":true}',
    });
    const attempts = a.requests('/flaky');
    expect(attempts.map((request) => request.method)).toEqual(['POST', 'POST', 'POST']);
    const keys = attempts.map((request) => request.headers['idempotency-key']);
    expect(typeof keys[0] === 'string' && keys[0].length > 0).toBe(true);
    expect(new Set(keys).size).toBe(1);
    expect(attempts.map((request) => request.body.toString('utf8'))).toEqual([
      '{"n": 1}',
      '{"n": 1}',
      '{"n": 1}',
    ]);
  });

  it('gives up after the last attempt with the last failure', () => {
    expect(responseVars(output, 'exhausted')).toMatchObject({
      response_status_code: 500,
      response_raw: 'still down',
      error_reason: 'SERVER_ERROR',
    });
    expect(a.requests('/always-500')).toHaveLength(2);
  });

  it.each([
    ['on_429', '/busy', '{"v":2}'],
    ['on_timeout', '/stuck', '{"v":3}'],
  ])('%s: retried once, then success', (id, path, raw) => {
    expect(responseVars(output, id)).toMatchObject({
      response_status: 'SUCCESS',
      response_raw: raw,
    });
    expect(a.requests(path)).toHaveLength(2);
  });

  it('does not retry a failure kind that is not listed', () => {
    expect(responseVars(output, 'not_retried')['error_reason']).toBe('CLIENT_ERROR');
    expect(a.requests('/gone')).toHaveLength(1);
  });
});

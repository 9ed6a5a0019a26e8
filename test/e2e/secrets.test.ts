import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence, webhook, type SequencedWidget } from './support/flows.js';
import { runCli, type CliResult } from './support/run-cli.js';
import { closedPort, startTestServer, type TestServer } from './support/test-server.js';

const PASSWORD = 'pw-Zx81-basic';
const TOKEN = 'tok-Qv27-bearer';
const HEADER_KEY = 'key-Hd55-header';
const QUERY_KEY = 'key-Qy93 query';
const HMAC_SECRET = `whsec_${Buffer.from('hmac-Wq40-secret-bytes').toString('base64')}`;
/** Not auth: a secret-named query parameter in the URL and a secret-named header. */
const URL_TOKEN = 's3cr3t-Tk62';
const HEADER_API_KEY = 'hdr-Xk48-api-key';

const AUTHS = {
  basic: { type: 'basic', username: 'agent', password: PASSWORD },
  bearer: { type: 'bearer', token: TOKEN },
  key_header: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: HEADER_KEY },
  key_query: { type: 'apiKey', in: 'query', name: 'api_key', value: QUERY_KEY },
  hmac: { type: 'hmac', secret: HMAC_SECRET },
} as const;

/** Every form a secret could leak in: as is, percent- and form-encoded, in a Basic token. */
const FORBIDDEN = [
  PASSWORD,
  TOKEN,
  HEADER_KEY,
  QUERY_KEY,
  encodeURIComponent(QUERY_KEY),
  QUERY_KEY.replace(' ', '+'),
  'key-Qy93',
  HMAC_SECRET,
  HMAC_SECRET.slice('whsec_'.length),
  Buffer.from(`agent:${PASSWORD}`).toString('base64'),
  URL_TOKEN,
  HEADER_API_KEY,
];

let allowed: TestServer;
let blocked: TestServer;
let refusedPort: number;
let human: CliResult;
let json: CliResult;

/** Every auth kind against every outcome: success, 404, timeout, refused, blocked, bad request. */
function secretFlow(): Record<string, unknown> {
  const targets = {
    ok: allowed.url('/ok'),
    nf: allowed.url('/nf'),
    slow: allowed.url('/slow'),
    refused: `http://127.0.0.1:${refusedPort}/r`,
    blocked: blocked.url('/b'),
  };
  const widgets: Record<string, SequencedWidget> = {};
  for (const [outcome, url] of Object.entries(targets)) {
    for (const [kind, auth] of Object.entries(AUTHS)) {
      widgets[`${outcome}_${kind}`] = webhook(
        { method: 'POST', url: `${url}?lang=en`, auth, bodyType: 'json', body: '{"a": 1}' },
        outcome === 'slow' ? { timeoutSeconds: 1 } : {},
      );
    }
    widgets[`${outcome}_named`] = webhook(
      {
        url: `${url}?token=${URL_TOKEN}&lang=en`,
        headers: [{ key: 'X-Api-Key', value: HEADER_API_KEY }],
      },
      outcome === 'slow' ? { timeoutSeconds: 1 } : {},
    );
  }
  widgets['bad_request'] = webhook({
    url: allowed.url('/ok'),
    auth: AUTHS.key_query,
    headers: [{ key: 'X-Note', value: '$flow.key.crlf' }],
  });
  return sequence(widgets);
}

beforeAll(async () => {
  [allowed, blocked, refusedPort] = await Promise.all([
    startTestServer(),
    startTestServer(),
    closedPort(),
  ]);
  allowed.route('/ok', { json: { fine: true } });
  allowed.route('/nf', { status: 404, body: 'not found' });
  allowed.route('/slow', { hang: true });
  const flow = secretFlow();
  const args = [
    '--allow',
    allowed.hostPort,
    '--allow',
    `127.0.0.1:${refusedPort}`,
    '--var',
    'crlf=a\nb',
  ];
  [human, json] = await Promise.all([
    runCli(['run', ...args], { flow }),
    runCli(['run', '--json', ...args], { flow }),
  ]);
});
afterAll(() => Promise.all([allowed.close(), blocked.close()]));

describe('secrets are never printed', () => {
  it('both runs completed and really sent the credentials', () => {
    expect(human.code).toBe(0);
    expect(json.code).toBe(0);
    const sent = allowed.requests('/ok');
    expect(sent.some((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(sent.some((request) => request.url.includes(encodeURIComponent(QUERY_KEY)))).toBe(true);
    expect(sent.some((request) => request.url.includes(`?token=${URL_TOKEN}&`))).toBe(true);
    expect(sent.some((request) => request.headers['x-api-key'] === HEADER_API_KEY)).toBe(true);
  });

  it.each(FORBIDDEN)('%s appears nowhere in the human output', (secret) => {
    expect(human.stdout).not.toContain(secret);
    expect(human.stderr).not.toContain(secret);
  });

  it.each(FORBIDDEN)('%s appears nowhere in the --json output', (secret) => {
    expect(json.stdout).not.toContain(secret);
    expect(json.stderr).not.toContain(secret);
  });

  it.each(['ok', 'nf', 'slow', 'refused', 'blocked'])(
    '%s: the URL with an apiKey query is printed redacted',
    (outcome) => {
      const port =
        outcome === 'blocked' ? blocked.port : outcome === 'refused' ? refusedPort : allowed.port;
      const path = { ok: '/ok', nf: '/nf', slow: '/slow', refused: '/r', blocked: '/b' }[outcome];
      const redacted = `POST http://127.0.0.1:${String(port)}${String(path)}?lang=en&api_key=***`;
      const line = human.stdout
        .split('\n')
        .find((text) => text.startsWith(`  ${outcome}_key_query (webhook) `));
      expect(line).toContain(redacted);
      const step = json.json?.steps.find(
        (candidate) => candidate.widgetId === `${outcome}_key_query`,
      );
      expect(step?.detail?.['url']).toBe(redacted.slice('POST '.length));
    },
  );

  it('a secret-named query parameter is printed as ***', () => {
    const shown = `http://127.0.0.1:${String(allowed.port)}/ok?token=***&lang=en`;
    expect(human.stdout).toContain(`GET ${shown}`);
    const step = json.json?.steps.find((candidate) => candidate.widgetId === 'ok_named');
    expect(step?.detail?.['url']).toBe(shown);
  });

  it('the failures really were failures', () => {
    const reasons = Object.fromEntries(
      (json.json?.steps ?? []).map((step) => [step.widgetId, step.detail?.['errorReason']]),
    );
    expect(reasons).toMatchObject({
      nf_bearer: 'CLIENT_ERROR',
      slow_basic: 'TIMEOUT',
      refused_key_header: 'CONNECTION_ERROR',
      blocked_key_query: 'BLOCKED_DESTINATION',
      bad_request: 'INVALID_REQUEST',
    });
    expect(blocked.received).toEqual([]);
  });
});

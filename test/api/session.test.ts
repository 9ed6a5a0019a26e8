import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/accounts/index.js';
import { startHarness, type ApiHarness } from './harness.js';

/** In-process requests are on http://localhost: the server's own origin here. */
const OWN_ORIGIN = 'http://localhost';
const flow = { name: 'S', start: 'bye', widgets: { bye: { type: 'hangup' } } };

let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function request(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Response> {
  const json = body === undefined ? {} : { 'content-type': 'application/json' };
  return h.core.api.request(path, {
    method,
    headers: { ...json, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function signIn(apiKey: string): Promise<{ response: Response; cookie: string }> {
  const response = await request('POST', '/v1/session', { origin: OWN_ORIGIN }, { apiKey });
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { response, cookie: setCookie.split(';')[0] ?? '' };
}

describe('designer sign-in session', () => {
  it('exchanges an API key for an HttpOnly SameSite=Strict cookie that authenticates /v1', async () => {
    const { response, cookie } = await signIn(h.keyA);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      signedIn: true,
      accountId: h.accountA,
      accountName: 'A',
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^hookline_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    expect(setCookie).not.toContain(h.keyA);
    const me = await request('GET', '/v1/session', { cookie });
    expect(await me.json()).toEqual({
      signedIn: true,
      accountId: h.accountA,
      accountName: 'A',
    });
    expect(await (await request('GET', '/v1/session', {})).json()).toEqual({ signedIn: false });
    const saved = await request('POST', '/v1/flows', { cookie, origin: OWN_ORIGIN }, flow);
    expect(saved.status).toBe(201);
  });

  it('refuses a wrong key with 401 and sets no cookie', async () => {
    const { response } = await signIn('hl_not-a-key');
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(((await response.json()) as any).error.code).toBe('UNAUTHORIZED');
  });

  it('refuses a state-changing cookie request without this server’s Origin (403), reads allowed', async () => {
    const { cookie } = await signIn(h.keyA);
    const foreign = await request(
      'POST',
      '/v1/flows',
      { cookie, origin: 'https://evil.example' },
      flow,
    );
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as any).error.code).toBe('FORBIDDEN');
    const none = await request('POST', '/v1/flows', { cookie }, flow);
    expect(none.status).toBe(403);
    expect((await request('GET', '/v1/flows', { cookie })).status).toBe(200);
    const foreignSignIn = await request(
      'POST',
      '/v1/session',
      { origin: 'https://evil.example' },
      { apiKey: h.keyA },
    );
    expect(foreignSignIn.status).toBe(403);
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const { cookie } = await signIn(h.keyA);
    const out = await request('DELETE', '/v1/session', { cookie, origin: OWN_ORIGIN });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^hookline_session=; .*Max-Age=0/);
    const after = await request('GET', '/v1/flows', { cookie });
    expect(after.status).toBe(401);
    expect(await (await request('GET', '/v1/session', { cookie })).json()).toEqual({
      signedIn: false,
    });
  });

  it('answers 401 for an expired session', async () => {
    const token = 'expired-session-token';
    const [key] = await h.storage.accounts.listApiKeys(h.accountA);
    await h.storage.accounts.createSession({
      hash: hashToken(token),
      accountId: h.accountA,
      keyId: key!.id,
      createdAt: '2020-01-01T00:00:00.000Z',
      expiresAt: '2020-01-01T12:00:00.000Z',
    });
    const response = await request('GET', '/v1/flows', { cookie: `hookline_session=${token}` });
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error.message).toMatch(/sign in again/);
  });

  it('still takes a Bearer key without Origin (API clients are not browsers)', async () => {
    expect((await h.call('POST', '/v1/flows', { body: flow })).status).toBe(201);
  });
});

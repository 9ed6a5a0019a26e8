import { z } from 'zod';
import { hashToken } from '../../accounts/index.js';
import type { ApiApp } from '../context.js';
import { HooklineError } from '../errors.js';
import { json, route } from '../route.js';
import {
  checkOrigin,
  newSessionToken,
  sessionAccount,
  sessionCookie,
  sessionToken,
} from '../session.js';

const sessionViewSchema = z.object({
  signedIn: z.boolean(),
  accountId: z.string().optional(),
  accountName: z.string().optional(),
});
const signInSchema = z.object({ apiKey: z.string().min(1).max(200) });

/**
 * Sign-in, who is signed in, and sign-out for the designer (docs/designer.md): registered before the /v1 auth
 * middleware, as they need no credential but the key itself. A browser always sends
 * `Origin` on these, so one from another site is refused (no signing a victim in or out).
 */
export function registerSignInRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'post',
      path: '/v1/session',
      tags: ['session'],
      summary: 'Sign in: exchange an API key for an HttpOnly session cookie',
      public: true,
      body: signInSchema,
      responses: {
        200: { description: 'signed in; the cookie is set', schema: sessionViewSchema },
        401: { description: 'unknown or revoked API key' },
        403: { description: 'Origin of another site' },
      },
    },
    async (c, { body }) => {
      if (c.req.header('origin') !== undefined) checkOrigin(c);
      const { storage, clock, sessionMs } = c.get('deps');
      const key = await storage.accounts.findApiKeyByHash(hashToken(body.apiKey));
      const account = key && (await storage.accounts.getAccount(key.accountId));
      if (!key || !account) throw new HooklineError('UNAUTHORIZED', 'unknown or revoked API key');
      const token = newSessionToken();
      const now = clock.now();
      await storage.accounts.createSession({
        hash: hashToken(token),
        accountId: account.id,
        keyId: key.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + sessionMs).toISOString(),
      });
      c.header('set-cookie', sessionCookie(c, token, sessionMs));
      return json(c, { signedIn: true, accountId: account.id, accountName: account.name });
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/session',
      tags: ['session'],
      summary: 'Whether this browser is signed in, and as which account',
      public: true,
      responses: { 200: { description: 'signed in or not', schema: sessionViewSchema } },
    },
    async (c) => {
      const token = sessionToken(c);
      const account =
        token === undefined ? undefined : await sessionAccount(c, token).catch(() => undefined);
      return json(
        c,
        account
          ? { signedIn: true, accountId: account.id, accountName: account.name }
          : { signedIn: false },
      );
    },
  );

  route(
    app,
    {
      method: 'delete',
      path: '/v1/session',
      tags: ['session'],
      summary: 'Sign out: end the session and clear its cookie',
      public: true,
      responses: { 204: { description: 'signed out (also when there was no session)' } },
    },
    async (c) => {
      if (c.req.header('origin') !== undefined) checkOrigin(c);
      const token = sessionToken(c);
      if (token !== undefined) await c.get('deps').storage.accounts.deleteSession(hashToken(token));
      c.header('set-cookie', sessionCookie(c, '', 0));
      return c.body(null, 204);
    },
  );
}

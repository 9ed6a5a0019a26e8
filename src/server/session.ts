import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { hashToken } from '../accounts/index.js';
import type { Account } from '../storage/ports.js';
import type { ApiEnv } from './context.js';
import { HooklineError } from './errors.js';

/** The designer's session cookie (docs/designer.md, docs/adr/0007-designer-sessions.md). */
export const SESSION_COOKIE = 'hookline_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A new random session token: the cookie value; storage keeps only its hash. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The session token a request carries, if any. */
export function sessionToken(context: Context<ApiEnv>): string | undefined {
  const token = getCookie(context, SESSION_COOKIE);
  return token === undefined || token === '' ? undefined : token;
}

/** True when the browser reached us over HTTPS (directly or, per HOOKLINE_PUBLIC_URL, via a proxy). */
function secureOrigin(context: Context<ApiEnv>): boolean {
  const url = new URL(context.req.url);
  return url.protocol === 'https:' || context.get('deps').publicUrl().startsWith('https:');
}

/** `Set-Cookie` for a session: HttpOnly (no script reads it), SameSite=Strict, Path=/. */
export function sessionCookie(context: Context<ApiEnv>, token: string, maxAgeMs: number): string {
  const secure = secureOrigin(context) ? '; Secure' : '';
  const maxAge = Math.floor(maxAgeMs / 1000);
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}

/**
 * A cookie-authenticated request that changes state must come from a page of this server:
 * its `Origin` must be the server's own (as the browser reached it, or HOOKLINE_PUBLIC_URL).
 */
export function checkOrigin(context: Context<ApiEnv>): void {
  if (SAFE_METHODS.has(context.req.method)) return;
  const origin = context.req.header('origin');
  const own = [new URL(context.req.url).origin, new URL(context.get('deps').publicUrl()).origin];
  if (origin === undefined || !own.includes(origin)) {
    throw new HooklineError(
      'FORBIDDEN',
      'a signed-in browser request that changes something must carry this server’s Origin',
    );
  }
}

/** The account of a live session, or UNAUTHORIZED (unknown, expired or its key revoked). */
export async function sessionAccount(context: Context<ApiEnv>, token: string): Promise<Account> {
  const { storage, clock } = context.get('deps');
  const session = await storage.accounts.findSession(hashToken(token));
  if (!session || session.expiresAt <= clock.now().toISOString()) {
    throw new HooklineError('UNAUTHORIZED', 'the session has expired or ended: sign in again');
  }
  const account = await storage.accounts.getAccount(session.accountId);
  if (!account) throw new HooklineError('UNAUTHORIZED', 'the session has ended: sign in again');
  return account;
}

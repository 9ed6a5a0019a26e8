import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { authenticate } from '../accounts/index.js';
import { ipAllowed } from './ip-allow-list.js';
import type { ApiEnv } from './context.js';
import { HooklineError } from './errors.js';
import { checkOrigin, sessionAccount, sessionToken } from './session.js';
import type { Account } from '../storage/ports.js';

function clientAddress(context: Context<ApiEnv>): string | undefined {
  try {
    return getConnInfo(context).remote.address;
  } catch {
    // In-process requests (tests) have no socket.
    return undefined;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;

function bearer(context: Context<ApiEnv>, what: string): string {
  const match = BEARER.exec(context.req.header('authorization') ?? '');
  if (!match?.[1]) {
    throw new HooklineError('UNAUTHORIZED', `missing or malformed Authorization: Bearer <${what}>`);
  }
  return match[1];
}

async function bearerAccount(context: Context<ApiEnv>): Promise<Account> {
  const account = await authenticate(
    context.get('deps').storage.accounts,
    bearer(context, 'apiKey'),
  );
  if (!account) throw new HooklineError('UNAUTHORIZED', 'unknown or revoked API key');
  return account;
}

/**
 * Every /v1 call (docs/server.md): `Authorization: Bearer <apiKey>`, or else the designer's
 * session cookie (state-changing calls with the cookie also need this server's Origin);
 * then the account's IP allow-list.
 */
export const requireAccount: MiddlewareHandler<ApiEnv> = async (context, next) => {
  const header = context.req.header('authorization');
  const token = header === undefined ? sessionToken(context) : undefined;
  if (token !== undefined) checkOrigin(context);
  const account =
    token === undefined ? await bearerAccount(context) : await sessionAccount(context, token);
  const allowList = account.settings.apiIpAllowList;
  if (allowList.length > 0) {
    const address = clientAddress(context);
    if (address === undefined || !ipAllowed(address, allowList)) {
      throw new HooklineError('FORBIDDEN', 'this address is not on the account IP allow-list');
    }
  }
  context.set('account', account);
  await next();
};

/** `HOOKLINE_METRICS_TOKEN` as a Bearer token on `/metrics` when one is set (open otherwise). */
export function requireMetricsToken(token: string | undefined): MiddlewareHandler<ApiEnv> {
  const expected = token === undefined ? undefined : Buffer.from(token);
  return async (context, next) => {
    if (expected !== undefined) {
      const given = Buffer.from(bearer(context, 'metrics token'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new HooklineError('UNAUTHORIZED', 'wrong metrics token');
      }
    }
    await next();
  };
}

import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { authenticate } from '../accounts/index.js';
import { ipAllowed } from './ip-allow-list.js';
import type { ApiEnv } from './context.js';
import { HooklineError } from './errors.js';

function clientAddress(context: Parameters<MiddlewareHandler<ApiEnv>>[0]): string | undefined {
  try {
    return getConnInfo(context).remote.address;
  } catch {
    // In-process requests (tests) have no socket.
    return undefined;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;

function bearer(context: Parameters<MiddlewareHandler<ApiEnv>>[0], what: string): string {
  const match = BEARER.exec(context.req.header('authorization') ?? '');
  if (!match?.[1]) {
    throw new HooklineError('UNAUTHORIZED', `missing or malformed Authorization: Bearer <${what}>`);
  }
  return match[1];
}

/** `Authorization: Bearer <apiKey>` on every /v1 call (SPEC §6), then the account's IP allow-list. */
export const requireAccount: MiddlewareHandler<ApiEnv> = async (context, next) => {
  const account = await authenticate(
    context.get('deps').storage.accounts,
    bearer(context, 'apiKey'),
  );
  if (!account) throw new HooklineError('UNAUTHORIZED', 'unknown or revoked API key');
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

import type { MiddlewareHandler } from 'hono';
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

/** `Authorization: Bearer <apiKey>` on every /v1 call (SPEC §6), then the account's IP allow-list. */
export const requireAccount: MiddlewareHandler<ApiEnv> = async (context, next) => {
  const header = context.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new HooklineError('UNAUTHORIZED', 'missing or malformed Authorization: Bearer <apiKey>');
  }
  const account = await authenticate(context.get('deps').storage.accounts, match[1]);
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

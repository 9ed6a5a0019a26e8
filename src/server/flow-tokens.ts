import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { ApiEnv } from './context.js';
import { notFound } from './errors.js';

/**
 * Makes and stores an unguessable token that starts executions of one of the account's flows
 * without an API key (trigger URLs, voice URLs: docs/server.md, docs/voice.md). Only
 * `hash(token)` is stored; the token itself is returned once. A missing flow is a 404.
 */
export async function newFlowToken(
  c: Context<ApiEnv>,
  flowId: string,
  hash: (token: string) => string,
): Promise<string> {
  const { storage, clock } = c.get('deps');
  const accountId = c.get('account').id;
  if (!(await storage.flows.getFlow(accountId, flowId))) throw notFound('flow');
  const token = randomBytes(32).toString('base64url');
  await storage.triggers.saveTrigger({
    tokenHash: hash(token),
    accountId,
    flowId,
    createdAt: clock.now().toISOString(),
    revokedAt: null,
  });
  return token;
}

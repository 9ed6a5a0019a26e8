import { z } from 'zod';
import { addApiKey } from '../../accounts/index.js';
import type { Account } from '../../storage/ports.js';
import type { ApiApp } from '../context.js';
import { notFound } from '../errors.js';
import { isCidr } from '../ip-allow-list.js';
import { json, route } from '../route.js';
import { idParamSchema } from '../schemas.js';

const settingsSchema = z.object({
  allowPlainHttp: z.boolean(),
  apiIpAllowList: z
    .array(
      z
        .string()
        .refine(isCidr, { error: 'expected an IP address or a CIDR such as 203.0.113.0/24' }),
    )
    .max(100),
});
const keySchema = z.object({
  id: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  settings: settingsSchema,
  createdAt: z.string(),
});

/** The sealed voice auth token (docs/voice.md) a settings change keeps. */
const voiceOf = (account: Account) =>
  account.settings.voiceAuthToken === undefined
    ? {}
    : { voiceAuthToken: account.settings.voiceAuthToken };

/** The account as the API shows it: never the sealed voice auth token. */
function accountView(account: Account): z.infer<typeof accountSchema> {
  const { allowPlainHttp, apiIpAllowList } = account.settings;
  return { ...account, settings: { allowPlainHttp, apiIpAllowList } };
}

/** The caller's account: settings (HTTPS-only, IP allow-list) and API keys (several, revocable). */
export function registerAccountRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/account',
      tags: ['account'],
      summary: 'The account of this API key',
      responses: { 200: { description: 'the account', schema: accountSchema } },
    },
    (c) => Promise.resolve(json(c, accountView(c.get('account')))),
  );

  route(
    app,
    {
      method: 'put',
      path: '/v1/account/settings',
      tags: ['account'],
      summary: 'Replace the account settings',
      body: settingsSchema,
      responses: {
        200: { description: 'saved', schema: accountSchema },
        400: { description: 'invalid settings' },
      },
    },
    async (c, { body }) => {
      const updated = await c
        .get('deps')
        .storage.accounts.updateAccountSettings(c.get('account').id, {
          ...body,
          ...voiceOf(c.get('account')),
        });
      if (!updated) throw notFound('account');
      return json(c, accountView(updated));
    },
  );

  route(
    app,
    {
      method: 'patch',
      path: '/v1/account/settings',
      tags: ['account'],
      summary: 'Change the given account settings; the others stay as they are',
      body: settingsSchema.partial(),
      responses: {
        200: { description: 'saved', schema: accountSchema },
        400: { description: 'invalid settings' },
      },
    },
    async (c, { body }) => {
      const account = c.get('account');
      const settings = {
        allowPlainHttp: body.allowPlainHttp ?? account.settings.allowPlainHttp,
        apiIpAllowList: body.apiIpAllowList ?? account.settings.apiIpAllowList,
        ...voiceOf(account),
      };
      const updated = await c
        .get('deps')
        .storage.accounts.updateAccountSettings(account.id, settings);
      if (!updated) throw notFound('account');
      return json(c, accountView(updated));
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/v1/account/keys',
      tags: ['account'],
      summary: 'The account’s API keys (never the keys themselves)',
      responses: { 200: { description: 'keys', schema: z.object({ items: z.array(keySchema) }) } },
    },
    async (c) => {
      const keys = await c.get('deps').storage.accounts.listApiKeys(c.get('account').id);
      return json(c, {
        items: keys.map(({ id, prefix, createdAt, revokedAt }) => ({
          id,
          prefix,
          createdAt,
          revokedAt,
        })),
      });
    },
  );

  route(
    app,
    {
      method: 'post',
      path: '/v1/account/keys',
      tags: ['account'],
      summary: 'A new API key (shown once)',
      responses: {
        201: { description: 'the key', schema: keySchema.extend({ apiKey: z.string() }) },
      },
    },
    async (c) => {
      const { storage, clock } = c.get('deps');
      const { record, apiKey } = await addApiKey(
        storage.accounts,
        c.get('account').id,
        clock.now(),
      );
      return json(
        c,
        {
          id: record.id,
          prefix: record.prefix,
          createdAt: record.createdAt,
          revokedAt: null,
          apiKey,
        },
        201,
      );
    },
  );

  route(
    app,
    {
      method: 'delete',
      path: '/v1/account/keys/{id}',
      tags: ['account'],
      summary: 'Revoke an API key',
      params: idParamSchema,
      responses: { 204: { description: 'revoked' }, 404: { description: 'no such live key' } },
    },
    async (c, { params }) => {
      const { storage, clock } = c.get('deps');
      if (
        !(await storage.accounts.revokeApiKey(
          c.get('account').id,
          params.id,
          clock.now().toISOString(),
        ))
      ) {
        throw notFound('API key');
      }
      return c.body(null, 204);
    },
  );
}

import { z } from 'zod';
import type { Variables } from '../../flow/index.js';
import type { ApiApp } from '../context.js';
import { json, route } from '../route.js';
import { inputVariablesSchema } from '../schemas.js';
import { inputVariables } from '../input-variables.js';

const numberParamSchema = z.object({
  number: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[^/\s]+$/, { error: 'a contact number has no spaces or slashes' }),
});

/** `{ "variables": { "NAME": value } }` (docs/server.md: bare names). */
const putBodySchema = z.object({ variables: inputVariablesSchema.unwrap() });

const contactSchema = z.object({
  contactNumber: z.string(),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

const PREFIX = '$user.key.';

/** Bare names for the API (docs/server.md: `variables` objects use bare names). */
function bareNames(variables: Variables): Variables {
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name.slice(PREFIX.length), value]),
  );
}

/** docs/server.md: a contact's `$user.key` variables, kept across executions. */
export function registerContactRoutes(app: ApiApp): void {
  route(
    app,
    {
      method: 'get',
      path: '/v1/contacts/{number}/variables',
      tags: ['contacts'],
      summary: 'A contact’s $user.key variables (bare names)',
      params: numberParamSchema,
      responses: { 200: { description: 'the variables', schema: contactSchema } },
    },
    async (c, { params }) => {
      const variables = await c
        .get('deps')
        .storage.contacts.getContactVariables(c.get('account').id, params.number);
      return json(c, { contactNumber: params.number, variables: bareNames(variables) });
    },
  );

  route(
    app,
    {
      method: 'put',
      path: '/v1/contacts/{number}/variables',
      tags: ['contacts'],
      summary: 'Replace a contact’s $user.key variables',
      params: numberParamSchema,
      body: putBodySchema,
      responses: {
        200: { description: 'saved', schema: contactSchema },
        400: { description: 'invalid variables' },
      },
    },
    async (c, { params, body }) => {
      const variables = inputVariables(body.variables, PREFIX);
      await c
        .get('deps')
        .storage.contacts.setContactVariables(c.get('account').id, params.number, variables);
      return json(c, { contactNumber: params.number, variables: bareNames(variables) });
    },
  );
}
